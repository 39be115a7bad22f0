"""A paste is one transaction: kill the application right after the paste's first write has committed, and
the file holds the whole paste or none of it (regression: a paste was up to three transactions)."""

import os
import signal
import subprocess
import sys
import textwrap

from perfdesk.storage import DocumentFile

APP = textwrap.dedent("""
    import os, signal, sys
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from contextlib import contextmanager
    from PySide6.QtCore import QSettings
    from perfdesk.storage import DocumentFile
    from perfdesk.ui.app import create_app
    from perfdesk.ui.main_window import MainWindow

    app = create_app([])
    window = MainWindow(DocumentFile.open(sys.argv[1]), QSettings(sys.argv[2], QSettings.Format.IniFormat))
    window.show()
    dept = window.model.index(0, 0)
    window.tree.setCurrentIndex(window.model.index(0, 0, dept))
    page = window.project_page
    file = window.session.file
    real = file.transaction
    commits = []

    @contextmanager
    def transaction():
        # the moment after the first write of this action has committed, the process dies
        if commits:
            os.kill(os.getpid(), signal.SIGKILL)
        with real() as conn:
            yield conn
        commits.append(1)

    file.transaction = transaction
    # from the second-to-last indicator row down: two edited rows and two new ones
    last = 8 + len(page.model.project.indicators) - 1
    print("pasting", flush=True)
    page.model.paste_block(page.model.index(last - 1, 2), [[f"新指标{i}", f"描述{i}", f"≥{i}个", f"依据{i}"] for i in range(4)])
    print("pasted", flush=True)
    app.exec()
""")


def test_paste_is_whole_or_absent_after_a_kill(tmp_path, seed_doc):
    path = tmp_path / "killed.perfdesk"
    DocumentFile.create(path, seed_doc).close()
    before = seed_doc.departments[0].projects[0].indicators
    proc = subprocess.Popen([sys.executable, "-c", APP, str(path), str(tmp_path / "s.ini")],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        out = proc.stdout.readline() + proc.stdout.readline()
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    assert "pasting" in out
    with DocumentFile.open(path) as doc:
        indicators = doc.read().departments[0].projects[0].indicators
    names = [i.name for i in indicators]
    whole = names[:len(before) - 2] == [i.name for i in before[:-2]] and names[len(before) - 2:] == [f"新指标{i}" for i in range(4)]
    none = names == [i.name for i in before]
    assert whole or none, names
    if "pasted" in out:  # the screen reported it done: then all of it is in the file
        assert whole, names
