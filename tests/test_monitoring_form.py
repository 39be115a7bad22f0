"""The mid-year 执行监控表 (FORMS.md §4) as a form over the same indicators, one round per month M: its values
stored beside each indicator (m7_done…), the lights and 执行率 computed, on screen, in the workbook and in the
PDF; a filled copy taken back; the 15 % rule in the 审核.

The worked round (national rules, months 1–7, so the pace is 7/12 = 58.33 % of the year), by hand:
  开展培训场次  ≥120场   1-7月 70场     70 ÷ (120 × 7/12 = 70)     = 100 %   → 绿
  养护成本      ≤50万元  1-7月 30万元   反向, within the target              → 绿
  群众出行条件  有效提升 1-7月 部分达成 定性, the clerk's judgement          → 黄
  群众满意度    ≥90%     1-7月 40%      40 ÷ (90 × 7/12 = 52.5)    = 76.2 %  → 黄
  预算          120.00   1-7月执行 30   执行率 25.00 %; 25 ÷ 58.33 = 42.9 %  → 红
全年预计完成值 100场 is 16.7 % off 120场 (> 15 %: 偏差原因 required); 102场 is exactly 15 % (not required).
"""

from __future__ import annotations

from decimal import Decimal

import pdfplumber
import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from conftest import run_cli
from gui_helpers import answer_when_open, focus_cell, on_disk, open_project, placed_cell, press, type_into, window_on
from perfdesk.domain.forms import form
from perfdesk.domain.model import Department, Document, Indicator, IndicatorRound, Project, ProjectRound
from perfdesk.domain.rules import check_document
from perfdesk.exchange.pdf_writer import write_pdf
from perfdesk.storage import DocumentFile

GREEN, YELLOW, RED = "FFC6EFCE", "FFFFEB9C", "FFFFC7CE"  # the fills as openpyxl reads them back (ARGB, opaque)


def worked_document(year: int = 2025) -> Document:
    project = Project(
        code="130322001", name="农村道路养护", budget=Decimal("120.00"), fiscal=Decimal("120.00"),
        goals=["养护农村道路"],
        indicators=[
            Indicator("产出指标", "数量指标", "开展培训场次", value="≥120场"),
            Indicator("产出指标", "成本指标", "养护成本", value="≤50万元"),
            Indicator("效益指标", "社会效益指标", "群众出行条件", value="有效提升"),
            Indicator("满意度指标", "服务对象满意度指标", "群众满意度", value="≥90%"),
        ])
    department = Department(code="101001", name="某县交通运输局", year=year, projects=[project])
    return Document(departments=[department], form="national", rule_set="national")


def _rows(ws) -> list[list]:
    return [[c.value for c in row] for row in ws.iter_rows()]


def _export(tmp_path, document=None, month: str = "7", name: str = "监控") -> tuple:
    doc = tmp_path / f"{name}.perfdesk"
    if not doc.exists():
        DocumentFile.create(doc, document or worked_document()).close()
    out = tmp_path / f"{name}{month}.xlsx"
    result = run_cli("export", doc, "--xlsx", out, "--form", "监控", "--month", month, "--force")
    assert result.returncode == 0, result.stderr
    return doc, out


def _read(doc) -> Document:
    with DocumentFile.open(doc, readonly=True) as f:
        return f.read()


def _fill(path, target=None, *, executed=None, forecast=None, rows: dict[str, tuple] = (), month: int = 7):
    """A colleague filling the exported sheet in Excel: the money row, and per indicator (by its 三级 name) its
    1-M月完成值, 全年预计完成值, 偏差原因, 原因说明, 完成目标可能性."""
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    cells = {c.value: c for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    money = cells[f"1-{month}月执行数"]
    if executed is not None:
        ws.cell(money.row + 1, money.column).value = executed
    if forecast is not None:
        ws.cell(money.row + 1, cells["全年预计执行数"].column).value = forecast
    done_col = cells[f"1-{month}月完成值"].column
    for name, values in dict(rows).items():
        row = cells[name].row
        for k, value in enumerate(values):
            ws.cell(row, done_col + k).value = value
    wb.save(target or path)


def test_the_workbook_of_a_round_prints_its_month_the_rate_and_the_lights(tmp_path):
    document = worked_document()
    project = document.departments[0].projects[0]
    project.rounds[7] = ProjectRound(executed=Decimal("30"))
    for indicator, done in zip(project.indicators, ("70场", "30万元", "部分达成", "40%")):
        indicator.rounds[7] = IndicatorRound(done=done)
    doc, out = _export(tmp_path, document)
    wb = load_workbook(out)
    assert wb.sheetnames == ["1.农村道路养护"]
    ws = wb.worksheets[0]
    rows = _rows(ws)
    assert "监控时间段：2025年1月1日 至 2025年7月31日" in [r[0] for r in rows]
    header = next(r for r in rows if "1-7月完成值" in r)
    assert [v for v in header if v] == ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "1-7月完成值",
                                        "全年预计完成值", "偏差原因", "原因说明", "完成目标可能性", "备注"]
    money = next(r for r in ws.iter_rows() if r[2].value == "年度资金总额")
    assert [money[k].value for k in (4, 6, 8, 9)] == [120, 30, 0.25, None]  # 执行率 a share in a % format
    assert money[8].fill.fgColor.rgb == RED  # 42.9 % of the pace
    lights = {r[3].value: r[5].fill.fgColor.rgb for r in ws.iter_rows() if r[3].value in
              ("开展培训场次", "养护成本", "群众出行条件", "群众满意度")}
    assert lights == {"开展培训场次": GREEN, "养护成本": GREEN, "群众出行条件": YELLOW, "群众满意度": YELLOW}
    # the choices the form lists, offered as Excel drop-downs where a colleague fills them in
    lists = {v.formula1: str(v.sqref) for v in ws.data_validations.dataValidation}
    assert set(lists) == {'"经费保障,制度保障,人员保障,硬件条件保障,其他"', '"确定能,有可能,完全不可能"'}
    cause_col = header.index("偏差原因")
    assert all(ws.cell(r[0].row, cause_col + 1).coordinate in lists['"经费保障,制度保障,人员保障,硬件条件保障,其他"']
               for r in ws.iter_rows() if r[3].value == "开展培训场次")


def test_the_pdf_prints_the_round_with_its_lights(tmp_path):
    document = worked_document()
    project = document.departments[0].projects[0]
    project.rounds[7] = ProjectRound(executed=Decimal("30"), forecast=Decimal("118"))
    project.indicators[0].rounds[7] = IndicatorRound("70场", "100场", "经费保障", "资金下达晚", "有可能")
    path = tmp_path / "监控.pdf"
    result = write_pdf(document, path, layout=form("national-monitoring@7"))
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        text = page.extract_text()
        fills = {tuple(round(v, 2) for v in r["non_stroking_color"]) for r in page.rects
                 if r.get("fill") and r.get("non_stroking_color") and len(r["non_stroking_color"]) == 3}
    assert result.pages == 1
    assert text.startswith("项目支出绩效目标执行监控表\n（2025年度）")
    assert "监控时间段：2025年1月1日 至 2025年7月31日" in text
    assert "120.00 30 25.00% 118" in text
    assert "≥120场 70场 100场 资金下达晚 有可能" in text  # 开展培训场次 and 经费保障 wrap in their narrow cells
    assert (0.78, 0.94, 0.81) in fills and (1.0, 0.78, 0.81) in fills  # the green and the red light


def test_a_filled_round_comes_back_into_its_month(tmp_path):
    from perfdesk.domain import monitoring as m

    doc, out = _export(tmp_path)
    _fill(out, executed=30, forecast=110, rows={
        "开展培训场次": ("70场", "100场", "经费保障", "资金下达晚", "有可能"),
        "养护成本": ("30万元",), "群众出行条件": ("部分达成",), "群众满意度": ("40%", "", "", "", "", "问卷未完成")})
    result = run_cli("import", out, "--into", doc)
    assert result.returncode == 0, result.stderr
    assert "全国监控表" in result.stdout and "项目 1 个、指标 4 条有新值" in result.stdout
    project = _read(doc).departments[0].projects[0]
    assert project.rounds == {7: ProjectRound(Decimal("30"), Decimal("110"))}
    assert project.indicators[0].rounds == {7: IndicatorRound("70场", "100场", "经费保障", "资金下达晚", "有可能")}
    assert project.indicators[3].rounds[7].note == "问卷未完成"
    assert [m.round_light(i, 7) for i in project.indicators] == [m.GREEN, m.GREEN, m.YELLOW, m.YELLOW]
    assert (m.execution_rate(project, 7), m.project_light(project, 7)) == (Decimal("25.00"), m.RED)
    shown = run_cli("show", doc).stdout
    assert "监控「农村道路养护」1-7月：执行率 25.00%（红灯）；指标已填完成值 4/4 条（黄灯 2 条、绿灯 2 条）" in shown
    # a round of another month is its own: the 1–6月 sheet goes to month 6 and leaves month 7 alone
    _, june = _export(tmp_path, month="6")
    _fill(june, month=6, executed=20, rows={"开展培训场次": ("55场",)})
    assert run_cli("import", june, "--into", doc).returncode == 0
    project = _read(doc).departments[0].projects[0]
    assert project.rounds[6].executed == Decimal("20") and project.rounds[7].executed == Decimal("30")
    assert project.indicators[0].rounds[6].done == "55场" and project.indicators[0].rounds[7].done == "70场"


def test_bad_filled_rounds_name_the_place_and_change_nothing(tmp_path):
    doc, out = _export(tmp_path)
    before = _read(doc)
    _fill(out, tmp_path / "words.xlsx", executed="三十")
    result = run_cli("import", tmp_path / "words.xlsx", "--into", doc)
    money_row = next(r for r in load_workbook(out).worksheets[0].iter_rows() if r[2].value == "年度资金总额")[0].row
    assert result.returncode == 1 and f"工作表「1.农村道路养护」第{money_row}行G列（1-7月执行数）" in result.stderr
    assert _read(doc) == before
    _fill(out, tmp_path / "cause.xlsx", rows={"开展培训场次": ("70场", "100场", "天气原因")})
    result = run_cli("import", tmp_path / "cause.xlsx", "--into", doc)
    assert result.returncode == 1 and "H列（偏差原因）" in result.stderr
    assert "请从 经费保障、制度保障、人员保障、硬件条件保障、其他 中选择" in result.stderr
    assert _read(doc) == before
    (tmp_path / "y").mkdir()
    _, older = _export(tmp_path / "y", worked_document(2024))
    result = run_cli("import", older, "--into", doc)
    assert result.returncode == 1 and "工作簿是2024年度的全国监控表，本文档是2025年度的" in result.stderr
    assert _read(doc) == before


def test_the_command_line_asks_for_the_month_of_a_round(tmp_path):
    doc = tmp_path / "监控.perfdesk"
    DocumentFile.create(doc, worked_document()).close()
    result = run_cli("export", doc, "--xlsx", tmp_path / "a.xlsx", "--form", "监控")
    assert result.returncode == 1 and "全国监控表按月份填报：请用 --month 指定监控截至的月份" in result.stderr
    result = run_cli("export", doc, "--xlsx", tmp_path / "a.xlsx", "--month", "7")
    assert result.returncode == 1 and "--month 只用于执行监控表" in result.stderr
    result = run_cli("export", doc, "--xlsx", tmp_path / "a.xlsx", "--form", "监控", "--month", "七")
    assert result.returncode == 2 and "监控月份应为 1–12 之间的整数，不是「七」" in result.stderr
    assert not (tmp_path / "a.xlsx").exists()


@pytest.mark.parametrize("forecast, flagged", [("100场", True), ("102场", False), ("125场", False)])
def test_a_forecast_off_by_more_than_15_percent_needs_its_cause(forecast, flagged):
    document = worked_document()
    indicator = document.departments[0].projects[0].indicators[0]
    indicator.rounds[7] = IndicatorRound(done="60场", forecast=forecast)
    found = [f for f in check_document(document) if f.rule == "R-MONITOR-CAUSE-MISSING"]
    assert bool(found) == flagged
    if flagged:
        assert found[0].field == "m7_cause" and "1-7月监控" in found[0].message and found[0].is_error
        indicator.rounds[7].cause = "经费保障"
        assert not [f for f in check_document(document) if f.rule == "R-MONITOR-CAUSE-MISSING"]


def test_the_hebei_round_keeps_its_closing_rows(tmp_path):
    document = worked_document()
    document.rule_set, document.form = "hebei", "hebei"
    doc, out = _export(tmp_path, document)
    wb = load_workbook(out)
    ws = wb.worksheets[0]
    labels = {c.value: c for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    assert "预算执行情况（万元）" in labels and "项目属性" in labels
    ws.cell(labels["偏差或不能完成目标原因分析"].row, 4).value = "资金下达较晚"
    ws.cell(labels["相关建议或举措"].row, 4).value = "加快支出进度"
    wb.save(out)
    result = run_cli("import", out, "--into", doc)
    assert result.returncode == 0 and "河北监控表" in result.stdout, result.stderr
    kept = _read(doc).departments[0].projects[0].rounds[7]
    assert (kept.analysis, kept.suggestion) == ("资金下达较晚", "加快支出进度")


def test_the_seed_with_classified_projects_goes_round_trip_as_a_report(tmp_path, seed_doc):
    """A classified project imported from the published text prints 涉密 in every indicator cell; read back from
    a 自评表 or a 监控表 it is the same project, not words in a 分值 (the 自评表 refused the seed before)."""
    doc = tmp_path / "seed.perfdesk"
    DocumentFile.create(doc, seed_doc).close()
    before = _read(doc)
    for moment, extra in (("自评", ()), ("监控", ("--month", "7"))):
        out = tmp_path / f"{moment}.xlsx"
        assert run_cli("export", doc, "--xlsx", out, "--form", moment, *extra).returncode == 0
        result = run_cli("import", out, "--into", doc)
        assert result.returncode == 0 and "值相同，没有需要写回的内容" in result.stdout, result.stderr
        assert _read(doc) == before


@pytest.fixture
def window(qtbot, tmp_path):
    yield from window_on(qtbot, tmp_path, worked_document(), "监控.perfdesk")


def _background(page, cell) -> str | None:
    brush = page.model.data(page.model.index(cell.row, cell.col), Qt.ItemDataRole.BackgroundRole)
    return brush.color().name().upper()[1:] if brush is not None else None


def test_typing_a_round_on_screen_stores_it_in_its_month_with_its_light(qtbot, window):
    page = open_project(window, 1)
    window.show_moment("monitoring", 7)
    assert page.title.text() == "1.农村道路养护　项目支出绩效目标执行监控表"
    done = placed_cell(page, role="indicator", field="m7_done", indicator=0)
    type_into(qtbot, page, done, "70场")
    assert on_disk(window).departments[0].projects[0].indicators[0].rounds[7].done == "70场"
    assert _background(page, placed_cell(page, role="indicator", field="m7_done", indicator=0)) == "C6EFCE"
    type_into(qtbot, page, placed_cell(page, role="field", field="m7_executed"), "30")
    rate = placed_cell(page, role="field", field="m7_rate")
    assert rate.text == "25.00%" and _background(page, rate) == "FFC7CE"
    # 偏差原因 is chosen from the form's list, which starts blank: opening it on an empty cell puts nothing there
    cause = placed_cell(page, role="indicator", field="m7_cause", indicator=0)
    focus_cell(qtbot, page, cause.row, cause.col)
    press(qtbot, page.view, Qt.Key.Key_F2)
    choices = QApplication.focusWidget()
    assert [choices.itemText(i) for i in range(choices.count())] == ["", "经费保障", "制度保障", "人员保障",
                                                                     "硬件条件保障", "其他"]
    press(qtbot, choices, Qt.Key.Key_Return)
    assert on_disk(window).departments[0].projects[0].indicators[0].rounds[7].cause == ""
    focus_cell(qtbot, page, cause.row, cause.col)
    press(qtbot, page.view, Qt.Key.Key_F2)
    choices = QApplication.focusWidget()
    choices.setCurrentIndex(choices.findText("其他"))
    press(qtbot, choices, Qt.Key.Key_Return)
    assert on_disk(window).departments[0].projects[0].indicators[0].rounds[7].cause == "其他"
    # words outside the list, pasted from elsewhere, are refused whole
    error = page.model.paste_block(page.model.index(cause.row, cause.col), [["天气"]])
    assert "偏差原因「天气」不是可选的值" in error
    assert on_disk(window).departments[0].projects[0].indicators[0].rounds[7].cause == "其他"
    # each edit one undo step (the amount's shape 30 → 30.00 one of its own), back to no round at all
    stack = window.session.undo_stack
    assert [stack.text(k) for k in range(stack.count())] == ["修改1-7月完成值", "修改1-7月执行数", "自动更正为官方格式",
                                                             "修改偏差原因"]
    for _ in range(4):
        window.session.undo_stack.undo()
    project = on_disk(window).departments[0].projects[0]
    assert project.rounds == {} and project.indicators[0].rounds == {}
    assert placed_cell(page, role="indicator", field="m7_done", indicator=0).text == ""


def test_ctrl_2_asks_for_the_month_and_cancel_keeps_the_page(qtbot, window):
    page = open_project(window, 1)

    def answer(month: int | None):
        def respond(dialog):
            if month is None:
                dialog.reject()
            else:
                dialog.setIntValue(month)
                dialog.accept()
        answer_when_open(window, "month_dialog", respond)

    answer(6)
    press(qtbot, window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert page.model.layout.key == "national-monitoring@6" and window.view_actions["monitoring"].isChecked()
    assert placed_cell(page, role="header", field="m6_done").text == "1-6月完成值"
    window.show_moment("targets")
    answer(None)
    press(qtbot, window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert page.model.layout.key == "national" and window.view_actions["targets"].isChecked()


def test_an_adjusted_target_is_typed_beside_the_printed_one_and_measures_the_round(qtbot, window, tmp_path):
    """调整后指标值 (FORMS.md §1): typed in a column of its own on screen, not printed (the official form has the
    年初 value only); the light is measured against it — 70场 of an adjusted ≥100场 is 70 ÷ (100 × 7/12) = 120 %."""
    page = open_project(window, 1)
    window.show_moment("monitoring", 7)
    type_into(qtbot, page, placed_cell(page, role="indicator", field="m7_done", indicator=0), "70场")
    assert page.model.data(page.model.index(placed_cell(page, field="m7_done", indicator=0).row,
                                            placed_cell(page, field="m7_done", indicator=0).col),
                           Qt.ItemDataRole.BackgroundRole).color().name().upper() == "#C6EFCE"  # 100 %: 绿
    adjusted = placed_cell(page, role="indicator", field="adjusted_value", indicator=0)
    assert adjusted.col == page.model.layout.ncols  # right of the printed grid
    type_into(qtbot, page, adjusted, ">=100场")
    indicator = on_disk(window).departments[0].projects[0].indicators[0]
    assert (indicator.value, indicator.adjusted_value) == ("≥120场", "≥100场")  # the form's shape: ≥
    assert _background(page, placed_cell(page, role="indicator", field="m7_done", indicator=0)) == "BDD7EE"  # 蓝
    # printed: the 年初 value only, and the light the adjusted target gives
    path = tmp_path / "adjusted.xlsx"
    from perfdesk.exchange.xlsx_writer import write_workbook

    write_workbook(on_disk(window), path, layout=form("national-monitoring@7"))
    ws = load_workbook(path).worksheets[0]
    row = next(r for r in ws.iter_rows() if r[3].value == "开展培训场次")
    assert row[4].value == "≥120场" and row[5].fill.fgColor.rgb == "FFBDD7EE"
    assert not any(c.value == "≥100场" for r in ws.iter_rows() for c in r)
