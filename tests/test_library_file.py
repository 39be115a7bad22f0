"""The 指标库 file (issue 14 §1, §3): created in the data folder on first use with its own schema and migrations,
learning 我的指标 from the clerk's documents (one entry per name, how often used, the last 指标值), surviving a
killed process, never taken for a document nor a document for it; its entries suggested under a 三级 cell."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from gui_helpers import commit_text, focus_cell, on_disk, open_project, placed_cell, press, window_on
from perfdesk.domain.model import Department, Document, Indicator, Project
from perfdesk.library.location import library_path
from perfdesk.library.suggest import suggestions
from perfdesk.storage import DocumentFile, NotADocumentError, migrate
from perfdesk.storage.library_file import LibraryError, LibraryFile

ROOT = Path(__file__).resolve().parents[1]


def test_created_on_first_use_with_its_own_schema(tmp_path):
    path = tmp_path / "库" / "指标库.perfdesk-library"
    with LibraryFile.open(path) as library:
        assert library.entries() == () and path.is_file()
    assert migrate.LIBRARY_REVISIONS == migrate.script_revisions(migrate.LIBRARY_MIGRATIONS_DIR)
    import sqlite3

    assert sqlite3.connect(path).execute("SELECT version_num FROM alembic_version").fetchone()[0] == "L0001"
    with pytest.raises(NotADocumentError):  # a library is not a document…
        DocumentFile.open(path)
    document = tmp_path / "d.perfdesk"
    DocumentFile.create(document, Document()).close()
    with pytest.raises(LibraryError, match="不是 perfdesk 指标库"):  # …nor a document a library
        LibraryFile.open(document)


def test_library_migrations_build_exactly_the_declared_schema(tmp_path):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from perfdesk.storage import library_schema

    with LibraryFile.open(tmp_path / "lib") as library, library.engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), library_schema.metadata) == []
        assert conn.exec_driver_sql("PRAGMA application_id").scalar() == library_schema.LIBRARY_APPLICATION_ID


def test_learning_keeps_one_entry_per_name_with_its_use_and_last_value(tmp_path):
    path = tmp_path / "lib"
    with LibraryFile.open(path) as library:
        taken = library.learn([Indicator("产出指标", "数量指标", "培训 人次", "参训人次", "≥100人次"),
                               Indicator("产出指标", "数量指标", "培训人次", "", "≥120人次"),
                               Indicator("满意度指标", "服务对象满意度指标", "参训满意度", "", "≥90%"),
                               Indicator("产出指标", "数量指标", "")], "甲.perfdesk")
        assert taken == 2
        library.learn([Indicator("产出指标", "数量指标", "培训人次", "", "≥120人次")], "甲.perfdesk")  # reopened
    with LibraryFile.open(path) as library:  # read back from the file
        library.learn([Indicator("产出指标", "数量指标", "参训满意度", "", "≥95%")] * 3, "乙.perfdesk")
        entries = {e.name: e for e in library.entries()}
    assert set(entries) == {"培训人次", "参训满意度"}
    # used: counted once per document, however often a document is opened or edited
    assert (entries["培训人次"].uses, entries["培训人次"].last_value) == (1, "≥120人次")
    assert (entries["参训满意度"].uses, entries["参训满意度"].last_value) == (2, "≥95%")
    assert [e.name for e in library.entries()] == ["参训满意度", "培训人次"]  # the most used first
    assert all(e.source == "我的指标" for e in entries.values())
    # suggested with the value the clerk used last, standing for the built-in entry of the same name
    found = suggestions("pxrc", tuple(entries.values()))
    assert (found[0][1].source, found[0][1].last_value) == ("我的指标", "≥120人次") and "≥120人次" in found[0][0]
    assert found[0][1].project_class == "会议培训类"  # what the clerk's documents do not say, from the built-in
    assert sum(1 for _, e, _ in found if e.name == "培训人次") == 1


def test_the_document_hands_the_library_the_last_indicator_of_each_name(tmp_path):
    """The database picks, of indicators with the same name, the one the library keeps (the last): the library
    learns from those few rows what it learned from every row of the document."""
    from perfdesk.storage import repository

    def project(values):
        return Project(name="p", indicators=[Indicator("产出指标", "数量指标", name, "", value) for name, value in values])

    document = Document(departments=[
        Department(code="1", name="甲", projects=[project([("培训人次", "≥100人次"), ("参训满意度", "≥90%")]),
                                                project([("培训 人次", "≥110人次"), ("", "")])]),
        Department(code="2", name="乙", projects=[project([("参训满意度", "≥95%"), ("培训人次", "≥120人次"),
                                                          ("培训 人次", "≥130人次")])])])
    DocumentFile.create(tmp_path / "d.perfdesk", document).close()
    with DocumentFile.open(tmp_path / "d.perfdesk") as opened, opened.reading() as conn:
        picked = repository.indicators_to_learn(conn)
    every = [i for d in document.departments for p in d.projects for i in p.indicators if i.name]
    assert [(i.name, i.value) for i in picked] == [("参训满意度", "≥95%"), ("培训人次", "≥120人次"), ("培训 人次", "≥130人次")]
    learned = []
    for n, indicators in enumerate((picked, every)):
        with LibraryFile.open(tmp_path / f"lib{n}") as library:
            library.learn(indicators, "d.perfdesk")
            learned.append(sorted((e.name, e.last_value, e.uses) for e in library.entries()))
    assert learned[0] == learned[1] and ("培训 人次", "≥130人次", 1) in learned[0]


def test_a_killed_process_keeps_what_was_learned_and_nothing_half_done(tmp_path):
    path = tmp_path / "lib"
    script = f"""
import os, sys
sys.path.insert(0, {str(ROOT)!r})
from sqlalchemy import insert
from perfdesk.domain.model import Indicator
from perfdesk.storage.library_file import LibraryFile
from perfdesk.storage.library_schema import entry
library = LibraryFile.open({str(path)!r})
library.learn([Indicator("产出指标", "数量指标", "培训人次", "", "≥100人次")], "甲")
with library._transaction() as conn:  # killed inside a second change: it must leave no trace
    conn.execute(insert(entry).values(key="半途", origin="mine", name="半途"))
    os._exit(9)
"""
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert result.returncode == 9, result.stderr
    with LibraryFile.open(path) as library:
        assert [e.name for e in library.entries()] == ["培训人次"]


def _document() -> Document:
    project = Project(code="130322001", name="干部培训经费", goals=["完成年度培训任务"], indicators=[
        Indicator("产出指标", "数量指标"),
        Indicator("产出指标", "数量指标", "干部轮训人数", "年度轮训的干部人数", "≥350人", "年度培训计划")])
    return Document(departments=[Department(code="101001", name="某县委组织部", projects=[project])])


@pytest.fixture
def window(qtbot, tmp_path):
    yield from window_on(qtbot, tmp_path, _document(), "培训.perfdesk")


def test_the_window_learns_the_documents_indicators_and_suggests_them(qtbot, window):
    qtbot.waitUntil(lambda: window.library() is not None and window.library().count() == 1, timeout=5000)
    assert library_path().is_file() and window.library().entries()[0].source == "我的指标"
    # the suggestions take it up once a worker thread has re-read the library and built their index
    qtbot.waitUntil(lambda: [e.name for e in window.own_entries()] == ["干部轮训人数"], timeout=5000)
    page = open_project(window, 1)
    name = placed_cell(page, role="indicator", field="name", indicator=0)
    focus_cell(qtbot, page, name.row, name.col)
    press(qtbot, page.view, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    commit_text(editor, "gblx")  # 干部轮训: a name of the clerk's own, by its initials
    press(qtbot, editor, Qt.Key.Key_Return)
    kept = on_disk(window).departments[0].projects[0].indicators[0]
    assert (kept.name, kept.description, kept.value) == ("干部轮训人数", "年度轮训的干部人数", "≥350人")
    # an edit is learned too: the value typed last is what the library offers next
    value = placed_cell(page, role="indicator", field="value", indicator=1)
    focus_cell(qtbot, page, value.row, value.col)
    commit_text(page.view, "≥400人")
    press(qtbot, QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.library().entries()[0].last_value == "≥400人", timeout=5000)
    assert window.library().entries()[0].uses == 1  # one document, however often edited


def test_learning_is_off_with_one_setting(qtbot, tmp_path):
    from PySide6.QtCore import QSettings

    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue("library/learn", False)
    settings.sync()
    path = tmp_path / "d.perfdesk"
    DocumentFile.create(path, _document()).close()
    from perfdesk.ui.main_window import MainWindow

    win = MainWindow(DocumentFile.open(path), QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(win)
    try:
        assert not win.learn_action.isChecked()
        qtbot.wait(200)
        assert not library_path().exists() or LibraryFile.open(library_path()).count() == 0
        win.learn_action.trigger()  # on again: from the next change
        assert win.learning()
    finally:
        win.session.close()
    assert os.environ["PERFDESK_LIBRARY"].startswith(str(tmp_path))  # each test its own library (conftest)


# -- a bureau's library in a workbook (issue 14 §6) -------------------------------------------------

NINE = ["编码", "资金用途", "一级指标", "二级指标", "三级指标", "指标性质", "计量单位", "指标解释", "省份"]


def _nine_column(path) -> Path:
    """The common exchange form, as a bureau might fill it (written for this test, not a real library)."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "共性指标"
    ws.append(["某市财政局共性指标库"])
    ws.append(NINE)
    ws.append(["001", "会议培训类", "产出指标", "数量指标", "举办培训班次", "≥", "期", "年度内举办的培训班期数", "河北"])
    ws.append(["002", "会议培训类", "产出指标", "质量指标", "培训合格率", ">=", "%", "考核合格人数占比", "河北"])
    ws.append(["003", "设备购置类", "效益指标", "社会效益指标", "设备使用效果", "定性", "", "设备投入使用情况", "河北"])
    ws.append([])
    wb.save(path)
    return path


def _category_style(path) -> Path:
    """A library sheet as seen in the wild: a 类别 column, units inside the name, ** for the value."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "设备购置"
    ws.append(["类别", "一级指标", "二级指标", "三级指标", "指标性质", "指标值", "指标说明"])
    ws.append(["设备购置类", "产出指标", "数量指标", "办公设备购置数量(台/件/辆/套)", "正向", "**", "年度购置的设备数量"])
    ws.append(["设备购置类", "产出指标", "成本指标", "设备购置成本（万元）", "反向", "**", "控制在预算内"])
    ws["H1"], ws["I1"] = "关键词", "适用层级"
    ws["H2"], ws["I2"] = "办公设备 采购", "县"
    wb.save(path)
    return path


def test_a_nine_column_and_a_category_style_library_import_and_export_unchanged(tmp_path):
    from conftest import run_cli

    nine, category = _nine_column(tmp_path / "九列.xlsx"), _category_style(tmp_path / "类别.xlsx")
    result = run_cli("library", "import", nine)
    assert result.returncode == 0, result.stderr
    assert "已导入「" in result.stdout and "新增 3 条" in result.stdout
    assert run_cli("library", "import", category).returncode == 0
    with LibraryFile.open(library_path()) as library:
        entries = {e.name: e for e in library.entries()}
    assert (entries["培训合格率"].operator, entries["培训合格率"].unit, entries["培训合格率"].project_class) == \
        ("≥", "%", "会议培训类")
    assert entries["设备使用效果"].operator == "定性" and entries["举办培训班次"].source == "九列.xlsx"
    device = entries["办公设备购置数量"]  # the unit taken out of the name, ** left for the clerk
    assert (device.unit, device.value, device.operator, device.project_class) == ("台/件/辆/套", "", "≥", "设备购置类")
    assert entries["设备购置成本"].unit == "万元" and entries["设备购置成本"].operator == "≤"
    assert (device.keywords, device.scope) == ("办公设备 采购", "县")
    assert "办公设备购置数量" in run_cli("library", "search", "采购").stdout  # found by a keyword
    # importing the same file again updates, never duplicates
    assert "新增 0 条，更新 3 条" in run_cli("library", "import", nine).stdout
    # search reads the file too, pinyin initials included
    assert "举办培训班次" in run_cli("library", "search", "jbpx").stdout
    # export → import into another library: the same entries
    out = tmp_path / "导出.xlsx"
    result = run_cli("library", "export", out)
    assert result.returncode == 0 and "5 条" in result.stdout, result.stderr
    os.environ["PERFDESK_LIBRARY"] = str(tmp_path / "另一个.perfdesk-library")
    assert run_cli("library", "import", out).returncode == 0
    with LibraryFile.open(library_path()) as again:
        fields = lambda e: (e.project_class, e.level1, e.level2, e.name, e.explanation, e.operator, e.value,  # noqa: E731
                            e.unit, e.standard, e.keywords, e.scope)
        assert sorted(map(fields, again.entries())) == sorted(map(fields, entries.values()))
    assert run_cli("library", "export", out).returncode == 1  # never over an existing file without --force


def test_a_bad_library_row_is_named_and_nothing_is_imported(tmp_path):
    from conftest import run_cli
    from openpyxl import load_workbook

    path = _nine_column(tmp_path / "坏.xlsx")
    wb = load_workbook(path)
    wb.active.cell(4, 6).value = "大约"  # 指标性质 of row 4
    wb.active.cell(5, 5).value = None  # and a row without its 三级指标
    wb.save(path)
    result = run_cli("library", "import", path)
    assert result.returncode == 1 and "工作表「共性指标」第4行F列（指标性质）" in result.stderr
    assert "「大约」不是指标性质" in result.stderr
    with LibraryFile.open(library_path()) as library:
        assert library.entries() == ()
    wb.active.cell(4, 6).value = "≥"
    wb.save(path)
    result = run_cli("library", "import", path)
    assert result.returncode == 1 and "第5行E列（三级指标）：三级指标不能为空" in result.stderr


def test_typing_goes_on_with_the_previous_suggestions_while_the_next_are_prepared(qtbot, window, monkeypatch):
    """The window never waits for the library: a change is prepared in a worker thread (held back here), the
    suggestions meanwhile are the previous ones, then the new ones once adopted."""
    import threading

    from perfdesk.library import suggest

    qtbot.waitUntil(lambda: len(window.own_entries()) == 1, timeout=5000)
    release = threading.Event()
    slow = suggest.prepared
    monkeypatch.setattr(suggest, "prepared", lambda own: (release.wait(10), slow(own))[1])
    window.library().learn([Indicator("产出指标", "数量指标", "新增学员人数", "", "≥50人")], "另一个.perfdesk")
    window.prepare_suggestions()
    qtbot.wait(100)
    assert [e.name for e in window.own_entries()] == ["干部轮训人数"]  # not waited for
    assert suggestions("xzxy", window.own_entries())[:1] == []
    release.set()
    qtbot.waitUntil(lambda: len(window.own_entries()) == 2, timeout=5000)
    assert suggestions("xzxy", window.own_entries())[0][1].name == "新增学员人数"
