"""Kill the running application right after an edit: the edit is in the file."""

import os
import signal
import subprocess
import sys
import textwrap

from perfdesk.storage import DocumentFile

APP = textwrap.dedent("""
    import os, sys
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import QSettings, Qt
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QLineEdit
    from perfdesk.storage import DocumentFile
    from perfdesk.ui.app import create_app
    from perfdesk.ui.main_window import MainWindow

    app = create_app([])
    window = MainWindow(DocumentFile.open(sys.argv[1]), QSettings(sys.argv[2], QSettings.Format.IniFormat))
    window.show()
    QTest.qWaitForWindowExposed(window)
    QTest.qWait(300)  # let activation settle, as it has long before a person starts typing
    dept = window.model.index(0, 0)
    window.tree.setCurrentIndex(window.model.index(0, 0, dept))
    view = window.project_page.view
    view.setFocus()
    view.setCurrentIndex(window.project_page.model.index(8, 6))  # first indicator's 指标值
    QTest.keyClick(view, Qt.Key.Key_F2)
    # the in-place editor (found directly: a background process's window may not get keyboard focus)
    editor = next(w for w in view.viewport().findChildren(QLineEdit) if w.isVisible())
    assert editor.text() == "56万人", editor.text()
    editor.selectAll()
    QTest.keyClicks(editor, ">=60")
    event = QInputMethodEvent("", [])
    event.setCommitString("万人")
    QApplication.sendEvent(editor, event)
    QTest.keyClick(editor, Qt.Key.Key_Return)
    QTest.qWait(100)  # the delegate commits, and the page redraws, on the next turns of the event loop
    print("edited", view.model().index(8, 6).data(), flush=True)
    app.exec()  # keeps running until killed
""")


def test_edit_survives_killing_the_application(tmp_path, seed_doc):
    path = tmp_path / "killed.perfdesk"
    DocumentFile.create(path, seed_doc).close()
    proc = subprocess.Popen([sys.executable, "-c", APP, str(path), str(tmp_path / "s.ini")],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        line = proc.stdout.readline()
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    assert line.strip() == "edited ≥60万人"  # the screen showed it, in the official shape
    with DocumentFile.open(path) as doc:  # and the file has it, after a SIGKILL
        assert doc.integrity_ok()
        assert doc.read().departments[0].projects[0].indicators[0].value == "≥60万人"
