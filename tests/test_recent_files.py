"""最近打开 across separate program starts sharing one settings file (regression: from the second start on,
a single remembered path came back from QSettings as a string and was listed character by character)."""

import subprocess
import sys
import textwrap

from perfdesk.storage import DocumentFile

APP = textwrap.dedent("""
    import os, sys
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import QSettings
    from perfdesk.storage import DocumentFile
    from perfdesk.ui.app import create_app
    from perfdesk.ui.main_window import MainWindow

    app = create_app([])
    window = MainWindow(DocumentFile.open(sys.argv[1]), QSettings(sys.argv[2], QSettings.Format.IniFormat))
    print("\\n".join(a.text() for a in window.recent_menu.actions()), flush=True)
    window.close()
""")


def start(document, settings) -> list[str]:
    run = subprocess.run([sys.executable, "-c", APP, str(document), str(settings)], capture_output=True,
                         text=True, timeout=60, env={"PYTHONIOENCODING": "utf-8", **__import__("os").environ})
    assert run.returncode == 0, run.stderr
    return [line for line in run.stdout.splitlines() if line]


def test_recent_documents_survive_separate_program_starts(tmp_path, seed_doc):
    first, second = tmp_path / "甲.perfdesk", tmp_path / "乙.perfdesk"
    for path in (first, second):
        DocumentFile.create(path, seed_doc).close()
    settings = tmp_path / "settings.ini"
    assert start(first, settings) == [str(first.resolve())]
    assert start(first, settings) == [str(first.resolve())]  # the second start read back a single path
    assert start(second, settings) == [str(second.resolve()), str(first.resolve())]
    assert start(first, settings) == [str(first.resolve()), str(second.resolve())]
