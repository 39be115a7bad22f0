"""Flat lists: the money unit decided from what the sheet says, else from the amounts' size — and said."""

from __future__ import annotations

from decimal import Decimal

import pytest
from openpyxl import Workbook

from conftest import run_cli
from perfdesk.exchange.errors import ExchangeError
from perfdesk.exchange.xlsx_reader import UnitUndecidedError, read_workbook

HEADERS = ["单位名称", "项目名称", "预算数", "一级指标", "二级指标", "三级指标", "指标值"]


def _list(path, rows, above=()):
    """A list as other systems export it: a title row and maybe a unit row above the header."""
    wb = Workbook()
    ws = wb.active
    ws.title = "项目绩效目标"
    for line in above:
        ws.append(line)
    ws.append(HEADERS)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


ROWS = [["某县水务局", "农村饮水安全维修", "1,234,500.00", "产出指标", "数量指标", "维修工程", "≥12处"],
        [None, None, None, "满意度指标", "服务对象满意度指标", "群众满意度", "≥90%"],
        ["某县水务局", "河道巡查", 86000, "产出指标", "数量指标", "巡查次数", "≥48次"]]


def test_a_unit_row_above_the_header_decides_yuan(tmp_path):
    path = _list(tmp_path / "a.xlsx", ROWS, above=[["2025年度项目绩效目标清单"], [None, None, "金额单位：元"]])
    report: list[str] = []
    projects = read_workbook(path, report=report).departments[0].projects
    assert [p.budget for p in projects] == [Decimal("123.45"), Decimal("8.6")]  # 万元, exactly
    assert not any("没有写明金额单位" in line for line in report)


def test_a_unit_row_saying_wan_yuan_keeps_the_amounts(tmp_path):
    rows = [[r[0], r[1], ("12.5" if r[2] else None) if i < 2 else 3, *r[3:]] for i, r in enumerate(ROWS)]
    path = _list(tmp_path / "w.xlsx", rows, above=[["单位：万元"]])
    assert [p.budget for p in read_workbook(path).departments[0].projects] == [Decimal("12.5"), Decimal("3")]


def test_no_unit_stated_large_amounts_are_yuan_and_the_clerk_is_told(tmp_path):
    """Regression: a list in 元 without a unit imported every amount 10,000 times too large."""
    path = _list(tmp_path / "n.xlsx", ROWS)
    report: list[str] = []
    projects = read_workbook(path, report=report).departments[0].projects
    assert [p.budget for p in projects] == [Decimal("123.45"), Decimal("8.6")]
    assert any("没有写明金额单位" in line and "「元」" in line and "已换算为万元" in line for line in report)
    result = run_cli("import", path, "-o", tmp_path / "n.perfdesk")
    assert result.returncode == 0 and "注意：工作表「项目绩效目标」没有写明金额单位" in result.stdout


def test_no_unit_stated_the_window_asks_instead(tmp_path):
    path = _list(tmp_path / "n.xlsx", ROWS)
    try:
        read_workbook(path, units={})
    except UnitUndecidedError as exc:
        assert (exc.sheet, exc.guess) == ("项目绩效目标", "元") and "中位数" in str(exc)
    else:
        raise AssertionError("a list without a unit must be asked about when asking is possible")
    answered = read_workbook(path, units={"项目绩效目标": "万元"})  # the clerk says 万元 after all
    assert answered.departments[0].projects[0].budget == Decimal("1234500.00")


def test_total_rows_are_skipped_with_a_note(tmp_path):
    rows = [["某县水务局", None, "1320500", None, None, None, None],  # the unit's own row: a sum
            *ROWS,
            ["合计", None, "1320500", None, None, None, None]]
    path = _list(tmp_path / "t.xlsx", rows, above=[["金额单位：元"]])
    report: list[str] = []
    document = read_workbook(path, report=report)
    assert [p.name for p in document.departments[0].projects] == ["农村饮水安全维修", "河道巡查"]
    assert any("第3、7行没有指标（合计、小计或汇总行），未读取" in line for line in report)


def test_a_project_row_before_its_indicator_rows_keeps_its_money(tmp_path):
    rows = [["某县水务局", "河道巡查", 86000, None, None, None, None],
            [None, None, None, "产出指标", "数量指标", "巡查次数", "≥48次"]]
    path = _list(tmp_path / "p.xlsx", rows, above=[["金额单位：元"]])
    project = read_workbook(path).departments[0].projects[0]
    assert (project.name, project.budget, [i.name for i in project.indicators]) == ("河道巡查", Decimal("8.6"), ["巡查次数"])


def test_the_window_asks_and_imports_with_the_clerks_answer(qtbot, window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    from gui_helpers import answer_when_open, on_disk

    path = _list(tmp_path / "n.xlsx", ROWS)
    asked = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    monkeypatch.setattr(window, "_ask_unit", lambda question: asked.append(question.guess) or "元")
    before = len(on_disk(window).departments)
    said = []
    answer_when_open(window, "import_preview", lambda dialog: (said.append(dialog.details.toPlainText()), dialog.accept()))
    window.import_excel()
    assert asked == ["元"]
    assert "工作表「项目绩效目标」没有写明金额单位，按您的选择以元读取，已换算为万元。" in said[0], said  # the amounts' size is offered as the default, and the clerk decides
    added = on_disk(window).departments[before:]
    assert [p.budget for d in added for p in d.projects] == [Decimal("123.45"), Decimal("8.6")]
    monkeypatch.setattr(window, "_ask_unit", lambda question: None)  # cancelled: nothing imported
    window.import_excel()
    assert len(on_disk(window).departments) == before + len(added)


def test_weight_and_direction_are_kept_and_written_back(tmp_path):
    """权重/分值 and 指标方向性 columns are stored; a direction given as the 指标性质 is not made an operator."""
    from openpyxl import load_workbook

    from perfdesk.exchange.xlsx_writer import FLAT_SHEET, write_workbook

    path = tmp_path / "w.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.append(["项目名称", "一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "权重", "指标方向性"])
    ws.append(["送戏下乡", "产出指标", "数量指标", "演出场次", "≥", 120, "场", 20, "正向"])
    ws.append(["送戏下乡", "产出指标", "质量指标", "投诉次数", "反向", 3, "次", "10.5", None])
    wb.save(path)
    project = read_workbook(path, units={}).departments[0].projects[0]
    assert [(i.value, i.weight, i.direction) for i in project.indicators] == [
        ("≥120场", Decimal("20"), "正向"), ("3次", Decimal("10.5"), "反向")]
    # perfdesk's own workbook carries them in its list, and reads them back beside the project sheets
    document = read_workbook(path, units={})
    out = tmp_path / "out.xlsx"
    write_workbook(document, out)
    listed = load_workbook(out)[FLAT_SHEET]
    assert [listed.cell(r, 14).value for r in (2, 3)] == [20, 10.5]
    again = read_workbook(out).departments[0].projects[0]
    assert [(i.weight, i.direction) for i in again.indicators] == [(Decimal("20"), "正向"), (Decimal("10.5"), "反向")]


def test_a_bad_weight_names_its_cell_and_imports_nothing(tmp_path):
    path = tmp_path / "w.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.title = "清单"
    ws.append(["项目名称", "一级指标", "二级指标", "三级指标", "指标值", "分值"])
    ws.append(["送戏下乡", "产出指标", "数量指标", "演出场次", "≥120场", "二十"])
    wb.save(path)
    with pytest.raises(ExchangeError, match="工作表「清单」第2行F列（分值）"):
        read_workbook(path, units={})
    result = run_cli("import", path, "-o", tmp_path / "w.perfdesk")
    assert result.returncode == 1 and not (tmp_path / "w.perfdesk").exists()


@pytest.mark.parametrize("form", ["national-mid-standard", "hebei-application"])
def test_perfdesks_own_list_read_alone_keeps_each_indicators_set_and_goal(tmp_path, form):
    """The 指标清单 of a form with 中期 (长期) and 年度 sets, read without its project sheets (a colleague kept only
    the list): each indicator stays in its set — before, every 中期 indicator came back as a 年度 one — and the
    Hebei 申报表's 目标名称 comes back too."""
    from openpyxl import load_workbook

    from national_fixture import national_document
    from perfdesk.exchange.xlsx_writer import write_workbook

    document = national_document("national-mid-standard")
    document.form = form
    for k, indicator in enumerate(document.departments[0].projects[0].indicators):
        indicator.goal_name = f"目标{k % 2 + 1}"
    path = tmp_path / "全部.xlsx"
    write_workbook(document, path)
    wb = load_workbook(path)
    for name in wb.sheetnames:
        if name != "指标清单":
            del wb[name]
    wb.save(path)
    listed = read_workbook(path).departments[0].projects[0].indicators
    expected = document.departments[0].projects[0].indicators
    assert [(i.phase, i.name) for i in listed] == [(i.phase, i.name) for i in expected]
    goals = [i.goal_name for i in listed]
    assert goals == ([i.goal_name for i in expected] if form == "hebei-application" else [""] * len(expected))


def test_a_set_the_list_names_wrongly_names_its_cell(tmp_path):
    path = _list(tmp_path / "a.xlsx", [["某县水务局", "河道巡查", 8.6, "产出指标", "数量指标", "巡查次数", "≥48次", "下年"]])
    wb = __import__("openpyxl").load_workbook(path)
    wb.active.cell(1, 8, "指标期")
    wb.save(path)
    with pytest.raises(ExchangeError, match="第2行H列.*指标期.*「下年」"):
        read_workbook(path)
