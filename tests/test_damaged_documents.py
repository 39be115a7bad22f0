"""Damaged documents, crash leftovers and file modes: a Chinese answer naming the file, never a traceback."""

import os
import shutil
import sqlite3
import stat

import pytest

from conftest import run_cli
from perfdesk.storage import DocumentDamagedError, DocumentFile


def _damage(path, sql):
    con = sqlite3.connect(path)
    con.execute(sql)
    con.commit()
    con.close()


@pytest.mark.parametrize("sql, what", [
    ("DROP TABLE indicator", "缺少数据表 indicator"),
    ("DROP TABLE alembic_version", "缺少文档格式版本"),
    ("UPDATE project SET budget = 'abc' WHERE id = 1", "金额「abc」不是数字"),
])
def test_damaged_document_is_named_damaged_with_what_to_do(doc, sql, what):
    _damage(doc, sql)
    for command in (["show", doc], ["check", doc], ["export", doc, "--text", doc.with_suffix(".txt")]):
        result = run_cli(*command)
        assert result.returncode == 1, command
        assert "已损坏" in result.stderr and what in result.stderr and "备份" in result.stderr, result.stderr
        assert "Traceback" not in result.stderr and "sqlalche" not in result.stderr and "[SQL" not in result.stderr
    with pytest.raises(DocumentDamagedError):
        with DocumentFile.open(doc, readonly=True) as opened:
            opened.read()


def _hot_copy(source, target):
    """A copy of ``source`` as a killed writer leaves it: the file plus its hot rollback journal."""
    con = sqlite3.connect(source, isolation_level=None)
    con.execute("PRAGMA journal_mode = DELETE")
    con.execute("PRAGMA cache_size = 1")  # spill changed pages into the file before the commit
    con.execute("BEGIN IMMEDIATE")
    for _ in range(50):
        con.execute("UPDATE indicator SET basis = basis || ?", ("续" * 40,))
    shutil.copy(source, target)
    shutil.copy(f"{source}-journal", f"{target}-journal")
    con.execute("ROLLBACK")
    con.close()


def test_read_only_open_after_a_crash_recovers_instead_of_calling_the_document_damaged(tmp_path, doc, seed_doc):
    """Regression: after a kill, show/export/check called an intact document 不是 perfdesk 文档."""
    crashed = tmp_path / "崩溃后.perfdesk"
    _hot_copy(doc, crashed)
    assert os.path.getsize(f"{crashed}-journal") > 0
    result = run_cli("show", crashed)
    assert result.returncode == 0, result.stderr
    with DocumentFile.open(crashed, readonly=True) as opened:
        assert opened.read() == seed_doc  # the interrupted transaction rolled back
    assert not os.path.exists(f"{crashed}-journal") or os.path.getsize(f"{crashed}-journal") == 0


def test_new_files_get_ordinary_permissions(tmp_path, doc):
    old = os.umask(0o022)
    try:
        DocumentFile.create(tmp_path / "新.perfdesk").close()
        assert run_cli("export", doc, "--text", tmp_path / "out.txt").returncode == 0
    finally:
        os.umask(old)
    for name in ("新.perfdesk", "out.txt"):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o644, name


def test_an_escaped_error_in_the_window_is_a_chinese_message_and_a_log(qapp, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from perfdesk.storage import DocumentError
    from perfdesk.ui import crash

    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: shown.append(a[2]))
    monkeypatch.setattr(QMessageBox, "critical", lambda *a: shown.append(a[2]))
    monkeypatch.setattr(crash, "log_path", lambda: tmp_path / "log.txt")
    crash._report(DocumentError, DocumentError("「甲.perfdesk」已损坏"), None)
    try:
        raise KeyError("internal")
    except KeyError as exc:
        crash._report(KeyError, exc, exc.__traceback__)
    assert shown[0] == "「甲.perfdesk」已损坏"
    assert "程序内部出错" in shown[1] and "Traceback" not in shown[1] and "KeyError" not in shown[1]
    assert "KeyError" in (tmp_path / "log.txt").read_text(encoding="utf-8")


def test_an_index_out_of_step_with_its_table_is_found_on_demand(tmp_path):
    """Opening runs SQLite's quick check; the full check (indexes against their tables) runs on demand."""
    import sqlite3

    from conftest import run_cli
    from perfdesk.example import example_document
    from perfdesk.storage import DocumentFile

    path = tmp_path / "索引.perfdesk"
    DocumentFile.create(path, example_document()).close()
    assert run_cli("check", path, "--integrity").stdout.strip().endswith("完整性检查通过。")
    con = sqlite3.connect(path)
    con.execute("PRAGMA writable_schema=ON")  # the index's declared order no longer matches what it holds
    con.execute("UPDATE sqlite_master SET sql = replace(sql, 'position)', 'position DESC)') "
                "WHERE name = 'ix_indicator_project'")
    con.commit()
    con.close()
    result = run_cli("check", path, "--integrity")
    assert result.returncode == 1 and "索引与数据不一致：ix_indicator_project" in result.stdout
    assert "missing" not in result.stdout  # SQLite's own English stays out
    with DocumentFile.open(path, readonly=True) as doc:
        assert not doc.integrity_ok()


def _damage_pages_of(path, table: str) -> bytes:
    """Overwrite the cell pointers of ``table``'s first page: the file's header, schema and other tables read as
    before; SQLite's quick_check (and any read of that table) find the damage. Returns the damaged file's bytes."""
    con = sqlite3.connect(path)
    page_size = con.execute("PRAGMA page_size").fetchone()[0]
    root = con.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
    con.close()
    with open(path, "r+b") as f:
        f.seek((root - 1) * page_size + 8)
        f.write(b"\xff" * 40)
    return path.read_bytes()


def test_page_checks_run_beside_the_start_up_and_nothing_is_written_before_they_pass(doc):
    """Issue 16: the window's open leaves SQLite's page checks to a thread of their own (they read the whole file);
    what they find is said when asked (the window asks once it has painted) and refuses every write."""
    from perfdesk.storage import reads

    damaged = _damage_pages_of(doc, "project_goal")
    with pytest.raises(DocumentDamagedError, match="已损坏"):
        DocumentFile.open(doc)  # an ordinary open checks first, as before
    opened = DocumentFile.open(doc, verify_later=True)
    try:
        with opened.reading() as conn:
            assert len(reads.read_tree(conn)[0].projects) == 9  # what the first paint reads is readable
        with pytest.raises(DocumentDamagedError, match="已损坏.*备份"):
            opened.verified()
        with pytest.raises(DocumentDamagedError, match="已损坏"), opened.transaction() as conn:
            conn.exec_driver_sql("UPDATE department SET preparer = '王五'")
        with pytest.raises(DocumentDamagedError):
            opened.verified()  # asked again, said again
    finally:
        opened.close()
    assert doc.read_bytes() == damaged


@pytest.mark.parametrize("table, shown", [("project_goal", "the example"), ("project", "nothing")])
def test_a_damaged_document_found_while_the_window_starts_is_said_and_left_untouched(doc, tmp_path, table, shown):
    """Found by the page checks after the first paint (a table the first page does not read): said, and the
    window shows the example instead; met while the window is built (the tree's table): said, and the start-up
    ends. Either way the file is not written."""
    import subprocess
    import sys
    import textwrap

    damaged = _damage_pages_of(doc, table)
    code = textwrap.dedent("""
        import sys
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication, QMessageBox
        QMessageBox.critical = staticmethod(lambda parent, title, text, *rest: print("said:", text, flush=True))
        from perfdesk.ui import app as gui, main_window

        def report(window):
            print("shows:", window.session.file.path.name, flush=True)
            window.close()
            QApplication.quit()
        show = main_window.MainWindow.show
        def show_then_report(window):
            show(window)
            QTimer.singleShot(1500, lambda: report(window))
        main_window.MainWindow.show = show_then_report
        print("exit:", gui.run_gui([sys.argv[1]]), flush=True)
    """)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path),
               LOCALAPPDATA=str(tmp_path), APPDATA=str(tmp_path))
    out = subprocess.run([sys.executable, "-c", code, str(doc)], capture_output=True, text=True, timeout=60, env=env)
    lines = out.stdout.splitlines()
    assert lines[0].startswith(f"said: 「{doc.name}」已损坏") and "备份" in lines[0], out.stdout + out.stderr
    if shown == "the example":
        assert lines[1].startswith("shows: ") and doc.name not in lines[1] and lines[2] == "exit: 0", lines
    else:
        assert lines[1:] == ["exit: 1"], lines
    assert "Traceback" not in out.stderr
    assert doc.read_bytes() == damaged
