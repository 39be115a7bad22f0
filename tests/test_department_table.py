"""A unit's own 部门整体绩效目标表（申报） (FORMS.md §3) — its money in 元, 部门职能概述, 年度总体目标, indicators and
contact — read from the system's workbook, kept as the unit's table (Department.whole, not one of its projects),
written, printed for signature, read back, and started and edited in the window."""

from __future__ import annotations

import copy
import sqlite3
from decimal import Decimal

import pdfplumber
import pytest
from openpyxl import Workbook, load_workbook

from conftest import old_schema_file, run_cli
from gui_helpers import on_disk, placed_cell, type_into, window_on
from perfdesk.domain.model import Indicator, Project
from perfdesk.domain.rules import Checker, check_document
from perfdesk.exchange.errors import ExchangeError
from perfdesk.exchange.pdf_writer import write_pdf
from perfdesk.exchange.xlsx_reader import read_workbook
from perfdesk.exchange.xlsx_writer import write_workbook
from perfdesk.storage import DocumentFile
from perfdesk.storage import repository as repo
from perfdesk.ui.tree_model import KIND_ROLE

UNIT = "中国共产党昌黎县委员会政法委员会本级"  # the seed's unit


def _hebei_department(ws, funds=(2530000, 1200000, 300000, 30000, 1000000)) -> None:
    """部门整体绩效目标表（申报）: 部门（单位）及代码, 部门总体资金情况（元） over five amounts, 部门职能概述, 年度总体目标,
    indicators 一级 | 二级 | 三级 | 指标值 | 备注 | 指标值说明, 联系人 / 联系电话 — the funds' label merged over two rows,
    a 二级 merged over its indicators."""
    ws.append(["部门整体绩效目标表（申报）"])
    ws.append(["部门（单位）及代码", f"[210001]{UNIT}"])
    ws.append(["部门总体资金情况（元）", "资金总额", "人员类项目", "运转类公用经费项目", "其他运转类项目", "特定目标类项目"])
    ws.append([None, *funds])
    ws.merge_cells("A3:A4")
    ws.append(["部 门 职 能 概 述", "负责全县政法综治工作的统筹协调。"])
    ws.append(["年度总体目标", "保障社会大局稳定，提升群众安全感。"])
    ws.append(["一级指标", "二级指标", "三级指标", "指标值", "备注（指标解释等）", "指标值说明"])
    ws.append(["产出指标", "数量指标", "政法干警培训人次", "≥2000人次", "全年培训人次", "计划标准"])
    ws.append([None, None, "案件办理数", "≥300件", None, None])
    ws.merge_cells("A8:A9")
    ws.merge_cells("B8:B9")
    ws.append(["满意度指标", "服务对象满意度指标", "群众安全感满意度", "≥95%", None, "历史标准"])
    ws.append(["联系人", "张某", "联系电话", "0335-1234567"])


def _workbook(path, *fills) -> None:
    wb = Workbook()
    wb.remove(wb.active)
    for title, fill in fills:
        fill(wb.create_sheet(title))
    wb.save(path)


def test_the_system_workbook_reads_field_by_field(tmp_path):
    path = tmp_path / "部门整体.xlsx"
    _workbook(path, ("部门整体", _hebei_department))
    report: list[str] = []
    document = read_workbook(path, report=report)
    [d] = document.departments
    assert (d.code, d.name, d.functions, d.overall_goal) == ("210001", UNIT, "负责全县政法综治工作的统筹协调。",
                                                              "保障社会大局稳定，提升群众安全感。")
    assert (d.preparer, d.phone) == ("张某", "0335-1234567")
    assert d.projects == []  # the unit's table is not one of its projects
    whole = d.whole
    assert (whole.funds_total, whole.funds_personnel, whole.funds_operation, whole.funds_other_operation,
            whole.funds_specific) == (Decimal(2530000), Decimal(1200000), Decimal(300000), Decimal(30000),
                                      Decimal(1000000))
    assert [(i.level1, i.level2, i.name, i.value, i.description, i.basis) for i in whole.indicators] == [
        ("产出指标", "数量指标", "政法干警培训人次", "≥2000人次", "全年培训人次", "计划标准"),
        ("产出指标", "数量指标", "案件办理数", "≥300件", "", ""),
        ("满意度指标", "服务对象满意度指标", "群众安全感满意度", "≥95%", "", "历史标准")]
    assert "工作表「部门整体」：河北部门整体绩效目标表（申报），指标 3 条" in report


def test_beside_the_seeds_tables_it_joins_their_unit_and_round_trips(tmp_path, seed_doc):
    path = tmp_path / "合集.xlsx"
    write_workbook(seed_doc, path)
    wb = load_workbook(path)
    _hebei_department(wb.create_sheet("部门整体申报", 0))
    wb.save(path)
    document = read_workbook(path)
    [d] = document.departments
    assert d.projects == seed_doc.departments[0].projects and d.whole is not None
    assert d.functions == "负责全县政法综治工作的统筹协调。" and len(d.whole.indicators) == 3
    out = tmp_path / "导出.xlsx"
    write_workbook(document, out)
    assert load_workbook(out).sheetnames[:2] == ["部门整体绩效目标", "部门整体绩效目标表"]
    assert read_workbook(out) == document
    public = tmp_path / "公开.xlsx"
    write_workbook(document, public, public=True)  # filed with the bureau, not published
    assert "部门整体绩效目标表" not in load_workbook(public).sheetnames
    pdf = tmp_path / "签字版.pdf"
    write_pdf(document, pdf, signature=True)
    with pdfplumber.open(pdf) as opened:
        first = opened.pages[0].extract_text()
        assert "部门整体绩效目标表（申报）" in first and "2530000" in first and "单位（盖章）" in first
        assert "部门整体绩效目标表（申报）" not in "".join(p.extract_text() for p in opened.pages[1:])


def test_stored_apart_from_the_projects(tmp_path, seed_doc):
    document = copy.deepcopy(seed_doc)
    d = document.departments[0]
    d.functions = "统筹协调"
    d.whole = Project(funds_total=Decimal("2530000"), indicators=[Indicator("产出指标", "数量指标", "培训人次", value="≥20人次")])
    path = tmp_path / "文档.perfdesk"
    DocumentFile.create(path, document).close()
    with DocumentFile.open(path) as doc:
        assert doc.read() == document
        with doc.transaction() as conn:
            [entry] = repo.read_tree(conn)
            assert entry.whole.indicator_count == 1 and len(entry.projects) == len(d.projects)
            assert repo.project_place(conn, entry.projects[0].id)[1] == 0  # numbering unchanged
            assert repo.is_whole(conn, entry.whole.id) and not repo.is_whole(conn, entry.projects[0].id)
            assert entry.whole.id not in repo.search(conn, "培训人次").indicators
            # a whole-document 审核 streamed from the file checks the projects, as a check of the document does
            streamed = Checker(repo.read_document(conn, with_indicators=False), repo.project_indicators(conn))
        assert streamed.findings() == check_document(doc.read())


def test_migration_from_schema_0007_adds_the_units_table(tmp_path):
    path = old_schema_file(tmp_path, "0007")
    with DocumentFile.open(path) as doc:
        document = doc.read()
        assert document.departments[0].whole is None and document.departments[0].functions == ""
        assert [i.goal_name for i in document.departments[0].projects[0].indicators] == ["目标1"]
        with doc.transaction() as conn:
            repo.insert_whole(conn, document.departments[0].id, Project(funds_total=Decimal("100")))
        assert doc.read().departments[0].whole.funds_total == Decimal("100")
    assert sqlite3.connect(path).execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0008"


@pytest.mark.parametrize("change, where, what", [
    (lambda ws: ws.cell(4, 3, "一百二十万"), "工作表「部门整体」第4行C列", "人员类项目"),
    (lambda ws: ws.cell(7, 4, "目标值说明"), "工作表「部门整体」第7行", "指标值"),
])
def test_a_bad_cell_names_where_and_creates_nothing(tmp_path, change, where, what):
    path = tmp_path / "坏.xlsx"

    def broken(ws):
        _hebei_department(ws)
        change(ws)

    _workbook(path, ("部门整体", broken))
    with pytest.raises(ExchangeError) as info:
        read_workbook(path)
    assert where in str(info.value) and what in str(info.value)
    out = tmp_path / "坏.perfdesk"
    result = run_cli("import", path, "-o", out)
    assert result.returncode == 1 and where in result.stderr and "Traceback" not in result.stderr and not out.exists()


def test_two_tables_of_one_unit_are_refused(tmp_path):
    path = tmp_path / "两张.xlsx"
    _workbook(path, ("部门整体", _hebei_department), ("部门整体（二）", _hebei_department))
    with pytest.raises(ExchangeError, match="工作表「部门整体（二）」：单位「中国共产党昌黎县委员会政法委员会本级」已有一张"):
        read_workbook(path)


def test_a_goal_that_differs_from_part_one_is_asked_about(tmp_path, seed_doc):
    document = copy.deepcopy(seed_doc)
    document.departments[0].overall_goal, document.departments[0].overall_secret = "另一个总体目标。", False
    path = tmp_path / "合集.xlsx"
    write_workbook(document, path)
    wb = load_workbook(path)
    _hebei_department(wb.create_sheet("部门整体申报"))
    wb.save(path)
    with pytest.raises(ExchangeError, match="年度总体目标"):
        read_workbook(path)


@pytest.fixture
def seed_window(qtbot, tmp_path, seed_doc):
    yield from window_on(qtbot, tmp_path, copy.deepcopy(seed_doc), "种子.perfdesk")


def test_started_from_the_department_menu_and_edited_with_undo(qtbot, seed_window):
    window = seed_window
    window.tree.setCurrentIndex(window.model.index(0, 0))
    window.open_whole()
    page = window.project_page
    assert window.pages.currentWidget() is page and page.title.text().endswith("部门整体绩效目标表（申报）")
    stored = on_disk(window).departments[0]
    assert stored.whole is not None and [i.level2 for i in stored.whole.indicators][:2] == ["数量指标", "质量指标"]
    assert len(stored.projects) == 9
    total = placed_cell(page, role="field", field="funds_total")
    type_into(qtbot, page, total, "2530000")
    assert on_disk(window).departments[0].whole.funds_total == Decimal("2530000.00")  # the form's shape
    # the tree's current item is the table (or one of its indicators): never moved or deleted as a project
    assert window.tree.currentIndex().data(KIND_ROLE) in ("project", "indicator") and window._current_project() is None
    window.delete_project()
    window.move_project(1)
    assert on_disk(window).departments[0].whole.funds_total == Decimal("2530000.00")
    stack = window.session.undo_stack
    assert [stack.text(k) for k in range(stack.count())] == ["添加部门整体绩效目标表", "修改资金总额", "自动更正为官方格式"]
    stack.undo()
    assert on_disk(window).departments[0].whole.funds_total == Decimal("2530000")  # as typed
    stack.undo()
    assert on_disk(window).departments[0].whole.funds_total is None
    stack.undo()
    assert on_disk(window).departments[0].whole is None
    assert window.model.rowCount(window.model.index(0, 0)) == 9


def test_next_year_carries_the_units_table(tmp_path, seed_doc):
    document = copy.deepcopy(seed_doc)
    document.departments[0].whole = Project(funds_total=Decimal("2530000"), indicators=[
        Indicator("产出指标", "数量指标", "培训人次", value="≥20人次", actual="22人次")])
    path = tmp_path / "本年.perfdesk"
    DocumentFile.create(path, document).close()
    nxt = tmp_path / "下年.perfdesk"
    assert run_cli("next-year", path, "-o", nxt).returncode == 0
    with DocumentFile.open(nxt, readonly=True) as doc:
        [indicator] = doc.read().departments[0].whole.indicators
    assert (indicator.value, indicator.previous_value, indicator.previous_actual, indicator.actual) == (
        "≥20人次", "≥20人次", "22人次", "")


def test_the_units_table_is_checked_on_what_its_form_has(seed_doc):
    document = copy.deepcopy(seed_doc)
    document.departments[0].whole = Project(indicators=[
        Indicator("产出指标", "数量指标", "政法干警培训人次", value="≥2000人次"), Indicator("产出指标", "质量指标")])
    findings = [f for f in check_document(document) if f.whole]
    rules = {f.rule for f in findings}
    # no 项目编码, 预算数, 项目名称 or 绩效目标 of a project's: the form has no place for them
    assert not rules & {"R-CODE-EMPTY", "R-BUDGET-EMPTY", "R-NAME-EMPTY", "R-GOAL-EMPTY"}
    assert {"R-INDICATOR-EMPTY", "R-BENEFIT-MISSING", "R-SATISFACTION-MISSING"} <= rules
    empty = next(f for f in findings if f.rule == "R-INDICATOR-EMPTY")
    assert (empty.department, empty.project, empty.indicator) == (0, None, 1)
    assert empty.message.startswith("部门整体绩效目标表第2条指标") and empty.as_dict()["location"]["whole"] is True
    assert check_document(seed_doc) == [f for f in check_document(document) if not f.whole]  # the projects' unchanged


def test_the_panel_lists_the_units_table_and_follows_its_edits(qtbot, seed_window):
    window = seed_window
    window.tree.setCurrentIndex(window.model.index(0, 0))
    window.open_whole()
    model = window.check_panel.model

    def whole_rules():
        return [model.finding(i).rule for i in range(model.rowCount()) if model.finding(i).whole]

    qtbot.waitUntil(lambda: "R-INDICATOR-EMPTY" in whole_rules(), timeout=5000)
    row = next(i for i in range(model.rowCount()) if model.finding(i).whole)
    assert model.index(row, 1).data() == "部门整体绩效目标表"
    before = whole_rules().count("R-INDICATOR-EMPTY")
    page = window.project_page
    name = placed_cell(page, role="indicator", field="name", indicator=0)
    type_into(qtbot, page, name, "政法干警培训人次")
    qtbot.waitUntil(lambda: whole_rules().count("R-INDICATOR-EMPTY") == before - 1, timeout=5000)
    finding = next(model.finding(i) for i in range(model.rowCount()) if model.finding(i).whole
                   and model.finding(i).rule == "R-VALUE-MISSING")
    window.go_to_finding(finding)  # to the cell, on the unit's table
    assert window.pages.currentWidget() is page and page.model.whole
    value = placed_cell(page, role="indicator", field="value", indicator=0)
    assert (page.view.currentIndex().row(), page.view.currentIndex().column()) == (value.row, value.col)


def test_printed_on_its_own_and_brought_back_with_its_unit(qtbot, seed_window, monkeypatch):
    """The unit's table printed alone (打印 → 只打印当前项目) — not in the public copy — and a deleted unit comes
    back by undo with its table."""
    import io

    from PySide6.QtWidgets import QMessageBox

    from perfdesk.exchange.pdf_writer import build_pdf

    window = seed_window
    window.tree.setCurrentIndex(window.model.index(0, 0))
    window.open_whole()
    whole_id = window.project_page.project_id
    assert window._current_table() == whole_id and window._current_project() is None
    document = on_disk(window)
    out = io.BytesIO()
    assert build_pdf(document, out, project_ids={whole_id}).pages == 1
    with pdfplumber.open(io.BytesIO(out.getvalue())) as opened:
        text = opened.pages[0].extract_text()
    assert "部门整体绩效目标表（申报）" in text and "综治工作经费" not in text
    public = io.BytesIO()
    build_pdf(document, public, project_ids={whole_id}, public=True)
    with pdfplumber.open(io.BytesIO(public.getvalue())) as opened:
        assert "部门整体绩效目标表（申报）" not in opened.pages[0].extract_text()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    window.tree.setCurrentIndex(window.model.index(0, 0))
    window.delete_department()
    assert on_disk(window).departments == []
    window.session.undo_stack.undo()
    assert on_disk(window).departments[0].whole == document.departments[0].whole


def _import_into(window, path, monkeypatch) -> None:
    from PySide6.QtWidgets import QFileDialog

    from gui_helpers import answer_when_open

    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    answer_when_open(window, "import_preview", lambda dialog: dialog.accept())
    window.import_excel()


def test_imported_into_a_document_that_has_the_unit_it_joins_it_in_one_undo_step(qtbot, seed_window, tmp_path,
                                                                                  monkeypatch):
    """导入Excel of a unit's 部门整体 table into a document that already has the unit: the table and the unit's 部门职能概述
    join it (before, only the workbook's projects did, and the table was dropped); undo takes both back. A second
    import is refused, naming the unit, and changes nothing."""
    from PySide6.QtWidgets import QMessageBox

    window = seed_window
    path = tmp_path / "部门整体.xlsx"
    _workbook(path, ("部门整体", _hebei_department))
    before = on_disk(window)
    _import_into(window, path, monkeypatch)
    [d] = on_disk(window).departments
    assert d.whole is not None and [i.name for i in d.whole.indicators][0] == "政法干警培训人次"
    assert d.functions == "负责全县政法综治工作的统筹协调。" and d.projects == before.departments[0].projects
    assert "部门整体绩效目标表" in window.statusBar().currentMessage()
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text, *a, **k: shown.append(text))
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, _title, text, *a, **k: shown.append(text))
    again = on_disk(window)
    _import_into(window, path, monkeypatch)
    assert on_disk(window) == again and shown and "已有部门整体绩效目标表" in shown[-1]
    window.session.undo_stack.undo()
    assert on_disk(window) == before


def test_removed_from_the_department_menu_and_brought_back_by_undo(qtbot, seed_window, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    window = seed_window
    window.tree.setCurrentIndex(window.model.index(0, 0))
    window.open_whole()
    with_table = on_disk(window)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    window.remove_whole()
    assert on_disk(window).departments[0].whole is None
    assert window.model.rowCount(window.model.index(0, 0)) == 9  # the tree: its projects only
    window.session.undo_stack.undo()
    assert on_disk(window) == with_table


def test_last_years_values_come_to_the_units_table_by_the_unit(tmp_path, seed_doc, qtbot, seed_window, monkeypatch):
    """对应上年文档 / attach-previous: the unit's own table takes last year's 指标值 and 实际完成值 as 上年值 from last
    year's table of the same unit (by 单位编码: nothing to confirm) — in the CLI, and in the window in one undo step."""
    from PySide6.QtWidgets import QFileDialog

    from perfdesk.ui.previous_dialog import PreviousYearDialog

    def with_table(value, actual=""):
        document = copy.deepcopy(seed_doc)
        document.departments[0].whole = Project(indicators=[
            Indicator("产出指标", "数量指标", "政法干警培训人次", value=value, actual=actual)])
        return document

    earlier = tmp_path / "2024.perfdesk"
    DocumentFile.create(earlier, with_table("≥1800人次", "1850人次")).close()
    current = tmp_path / "2025.perfdesk"
    DocumentFile.create(current, with_table("≥2000人次")).close()
    result = run_cli("attach-previous", current, earlier)
    assert result.returncode == 0 and f"采用：「{UNIT}」的部门整体绩效目标表（同一单位）" in result.stdout
    with DocumentFile.open(current, readonly=True) as doc:
        [indicator] = doc.read().departments[0].whole.indicators
    assert (indicator.value, indicator.previous_value, indicator.previous_actual) == ("≥2000人次", "≥1800人次", "1850人次")

    window = seed_window  # the seed and a table of its unit; last year's: the seed with its table
    window.tree.setCurrentIndex(window.model.index(0, 0))
    window.open_whole()
    page = window.project_page
    type_into(qtbot, page, placed_cell(page, role="indicator", field="name", indicator=0), "政法干警培训人次")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(earlier), ""))
    monkeypatch.setattr(PreviousYearDialog, "exec", lambda dialog: 1)
    depth = window.session.undo_stack.index()
    window.attach_previous_year()
    whole = on_disk(window).departments[0].whole
    assert (whole.indicators[0].previous_value, whole.indicators[0].previous_actual) == ("≥1800人次", "1850人次")
    assert window.session.undo_stack.index() == depth + 1
    window.session.undo_stack.undo()
    assert on_disk(window).departments[0].whole.indicators[0].previous_value == ""


def test_the_department_page_opens_the_units_table(qtbot, seed_window):
    from PySide6.QtCore import Qt

    window = seed_window
    window.tree.setCurrentIndex(window.model.index(0, 0))
    assert window.pages.currentWidget() is window.department_page
    qtbot.mouseClick(window.department_page.whole_button, Qt.MouseButton.LeftButton)
    assert window.pages.currentWidget() is window.project_page and window.project_page.model.whole
    assert on_disk(window).departments[0].whole is not None
