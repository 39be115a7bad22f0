"""一级 names tables use outside the taxonomy, placed by their 二级 and reported (FORMS.md §2, issue 12)."""

from __future__ import annotations

import pytest
from openpyxl import Workbook, load_workbook

from perfdesk.domain.taxonomy import CLASSIC, drift_mapping
from perfdesk.exchange.errors import ExchangeError
from perfdesk.exchange.xlsx_reader import read_workbook
from perfdesk.exchange.xlsx_writer import write_workbook


@pytest.mark.parametrize("pair, expected", [
    (("服务对象满意度指标", ""), ("满意度指标", "服务对象满意度指标")),
    (("社会公众或服务对象满意度指标", "社会公众或服务对象满意度指标"), ("满意度指标", "服务对象满意度指标")),
    (("效果指标", "满意度指标"), ("满意度指标", "服务对象满意度指标")),
    (("实施效果指标", "数量指标"), ("产出指标", "数量指标")),
    (("实施效果指标", "社会效益指标"), ("效益指标", "社会效益指标")),
    (("产出指标", "数量指标"), None),  # the taxonomy's own
    (("影响指标", "速度指标"), None),  # cannot be placed
    (("产初指标", "数量指标"), None),  # a typo is not drift: it stays an error
])
def test_drift_mapping(pair, expected):
    assert drift_mapping(CLASSIC, *pair) == expected


def _drifted_list(path, *more_rows):
    """A flat list whose 一级 are written as some provinces do (实施效果指标, 效果指标)."""
    wb = Workbook()
    ws = wb.active
    ws.append(["项目名称", "一级指标", "二级指标", "三级指标", "指标值"])
    ws.append(["送戏下乡", "实施效果指标", "数量指标", "演出场次", "≥120场"])
    ws.append(["送戏下乡", "实施效果指标", "社会效益指标", "群众文化生活", "明显改善"])
    ws.append(["送戏下乡", "效果指标", "满意度指标", "群众满意度", "≥90%"])
    for row in more_rows:
        ws.append(row)
    wb.save(path)
    return path


def test_a_flat_list_with_drifted_levels_imports_and_says_what_was_mapped(tmp_path):
    path = _drifted_list(tmp_path / "d.xlsx", ["送戏下乡", "社会公众或服务对象满意度指标", None, "观众满意度", "≥92%"])
    report: list[str] = []
    project = read_workbook(path, report=report).departments[0].projects[0]
    assert [(i.level1, i.level2) for i in project.indicators] == [
        ("产出指标", "数量指标"), ("效益指标", "社会效益指标"), ("满意度指标", "服务对象满意度指标"),
        ("满意度指标", "服务对象满意度指标")]
    assert any("「实施效果指标—数量指标」" in line and "「产出指标—数量指标」" in line and "第2行" in line
               for line in report)
    assert any("「社会公众或服务对象满意度指标」" in line and "第5行" in line for line in report)


def test_satisfaction_merged_across_both_level_columns_of_a_hebei_table(tmp_path, seed_doc):
    path = tmp_path / "s.xlsx"
    write_workbook(seed_doc, path)
    wb = load_workbook(path)
    ws = wb["1.综治工作经费"]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "满意度指标")
    ws.cell(row, 1).value, ws.cell(row, 2).value = "服务对象满意度指标", None
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)  # as some provinces print it
    wb.save(path)
    report: list[str] = []
    read = read_workbook(path, report=report)
    assert read.departments[0].projects[0].indicators == seed_doc.departments[0].projects[0].indicators
    assert any("服务对象满意度指标" in line and "已按二级指标对应" in line for line in report)


def test_levels_that_cannot_be_placed_are_still_an_error(tmp_path):
    path = tmp_path / "e.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.append(["项目名称", "一级指标", "二级指标", "三级指标"])
    ws.append(["甲", "影响指标", "速度指标", "x"])
    wb.save(path)
    with pytest.raises(ExchangeError, match="第2行B列（一级指标）.*影响指标"):
        read_workbook(path)


def test_a_templates_placeholder_rows_are_not_indicators(tmp_path):
    """Someone else's template: a 二级 with no 三级 and no value is a placeholder row, skipped and said; an
    unfilled ≥**人次 is imported as written and is a 审核 error."""
    from perfdesk.domain.rules import check_document

    path = tmp_path / "t.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.append(["项目名称", "一级指标", "二级指标", "三级指标", "指标值"])
    ws.append(["培训项目", "产出指标", "数量指标", "培训人次", "≥**人次"])
    ws.append(["培训项目", "产出指标", "质量指标", None, None])
    ws.append(["培训项目", "满意度指标", "服务对象满意度指标", "学员满意度", "≥90%"])
    wb.save(path)
    report: list[str] = []
    document = read_workbook(path, report=report)
    project = document.departments[0].projects[0]
    assert [i.name for i in project.indicators] == ["培训人次", "学员满意度"]
    assert any("第3行只有一级、二级指标" in line for line in report)
    assert [f.field for f in check_document(document) if f.rule == "R-PLACEHOLDER"] == ["value"]


def test_perfdesks_own_blank_rows_stay_indicators(tmp_path, seed_doc):
    """perfdesk's own workbook keeps a row still to fill in (a new project's starter rows)."""
    from perfdesk.domain.model import Indicator

    seed_doc.departments[0].projects[0].indicators.insert(1, Indicator("产出指标", "数量指标"))
    path = tmp_path / "own.xlsx"
    write_workbook(seed_doc, path)
    assert read_workbook(path).departments[0].projects[0].indicators == seed_doc.departments[0].projects[0].indicators


def test_a_drift_spelling_read_in_is_written_back_as_read(tmp_path):
    """Issue 12 §6: placed in the taxonomy for the 审核, but exported as the source wrote it — in the project sheet
    and the 指标清单 — and read back the same; a 二级 chosen anew drops it."""
    path = _drifted_list(tmp_path / "d.xlsx")
    document = read_workbook(path)
    project = document.departments[0].projects[0]
    assert [i.levels_as_written for i in project.indicators] == ["实施效果指标|数量指标", "实施效果指标|社会效益指标",
                                                                "效果指标|满意度指标"]
    out = tmp_path / "out.xlsx"
    write_workbook(document, out)
    written = load_workbook(out)
    sheet = written[next(n for n in written.sheetnames if n.startswith("1."))]
    rows = [[c.value for c in r] for r in sheet.iter_rows()]
    by_name = {r[2]: r for r in rows if r[2] in ("演出场次", "群众文化生活", "群众满意度")}
    assert {name: tuple(r[:2]) for name, r in by_name.items()} == {
        "演出场次": ("实施效果指标", "数量指标"), "群众文化生活": ("实施效果指标", "社会效益指标"),
        "群众满意度": ("效果指标", "满意度指标")}
    listed = [[c.value for c in r] for r in written["指标清单"].iter_rows()]
    assert ["实施效果指标", "数量指标", "演出场次"] == [v for v in listed[1] if v in ("实施效果指标", "数量指标", "演出场次")]
    again = read_workbook(out).departments[0].projects[0]
    assert [(i.level1, i.level2, i.levels_as_written) for i in again.indicators] == \
        [(i.level1, i.level2, i.levels_as_written) for i in project.indicators]


def test_choosing_a_level2_anew_drops_the_spelling_as_written_and_undo_brings_it_back(qtbot, tmp_path):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from gui_helpers import focus_cell, on_disk, open_project, placed_cell, press, window_on
    from perfdesk.domain.model import Department, Document, Indicator, Project

    indicator = Indicator("产出指标", "数量指标", "演出场次", value="≥120场")
    indicator.levels_as_written = "实施效果指标|数量指标"
    document = Document(departments=[Department(code="1", name="文化馆", projects=[
        Project(code="P1", name="送戏下乡", goals=["送戏下乡"], indicators=[indicator])])])
    for window in window_on(qtbot, tmp_path, document, "漂移.perfdesk"):
        page = open_project(window, 1)
        assert placed_cell(page, role="indicator", field="level1").text == "实施效果指标"  # shown as it exports
        level2 = placed_cell(page, role="indicator", field="level2")
        focus_cell(qtbot, page, level2.row, level2.col)
        press(qtbot, page.view, Qt.Key.Key_F2)
        combo = QApplication.focusWidget()
        combo.setCurrentIndex(combo.findText("质量指标"))
        press(qtbot, combo, Qt.Key.Key_Return)
        kept = on_disk(window).departments[0].projects[0].indicators[0]
        assert (kept.level1, kept.level2, kept.levels_as_written) == ("产出指标", "质量指标", "")
        assert placed_cell(page, role="indicator", field="level1").text == "产出指标"
        window.session.undo_stack.undo()
        assert on_disk(window).departments[0].projects[0].indicators[0].levels_as_written == "实施效果指标|数量指标"
