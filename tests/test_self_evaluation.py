"""The year-end 自评表 (FORMS.md §5) as a form over the same indicators: computed 分值, 得分, 执行率, 总分 and
结论 on screen, in the workbook and in the PDF; typed into on screen with real keys, one undo step each.

The worked project's figures are computed by hand here (national rules: 预算执行 10, 产出 50, 效益 30,
满意度 10):
  产出/数量  ≥100人, 实际 80人   分值 50/2 = 25   得分 80/100 × 25           = 20.00
  产出/成本  ≤50万元, 实际 60万元 分值 25          得分 (1 − 10/50) × 25      = 20.00
  效益/社会  定性, 得分 given 24  分值 30           得分                        = 24.00
  满意度     ≥90%, 实际 95%       分值 10           得分                        = 10.00
  预算执行   全年预算 80, 执行 72  分值 10           执行率 90.00%, 得分 9.00
  Σ 分值 100; 总分 83.00 → 良 (80–90). The 中期 indicator is not scored.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pdfplumber
import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from gui_helpers import (focus_cell, make_window, on_disk, open_project, placed_cell, press, window_on,
                         type_into)
from perfdesk.domain.forms import form
from perfdesk.domain.model import MID, Department, Document, Indicator, Project
from perfdesk.exchange.pdf_writer import write_pdf
from perfdesk.exchange.xlsx_writer import write_workbook
from perfdesk.storage import DocumentFile

SELF = form("national-self-evaluation")


def worked_document() -> Document:
    project = Project(
        code="130322001", name="农村道路养护", budget=Decimal("100.00"), fiscal=Decimal("100.00"),
        adjusted_budget=Decimal("80.00"), executed=Decimal("72.00"), goals=["养护农村道路"],
        goals_actual="完成养护任务的八成。",
        indicators=[
            Indicator("产出指标", "数量指标", "培训人次", value="≥100人", actual="80人"),
            Indicator("产出指标", "成本指标", "养护成本", value="≤50万元", actual="60万元", deviation="材料涨价"),
            Indicator("效益指标", "社会效益指标", "群众出行条件", value="有效提升", actual="明显改善",
                      score=Decimal("24")),
            Indicator("满意度指标", "服务对象满意度指标", "群众满意度", value="≥90%", actual="95%"),
            Indicator("产出指标", "数量指标", "三年养护里程", value="≥300公里", phase=MID),
        ])
    department = Department(code="101001", name="某县交通运输局", year=2025, projects=[project])
    return Document(departments=[department], form="national", rule_set="national")


def _rows(ws) -> list[list]:
    return [[c.value for c in row] for row in ws.iter_rows()]


def test_the_workbook_prints_the_hand_computed_figures(tmp_path):
    path = tmp_path / "自评.xlsx"
    write_workbook(worked_document(), path, layout=SELF)
    wb = load_workbook(path)
    assert wb.sheetnames == ["1.农村道路养护"]  # the project sheets only: no Part 1, no 汇总
    rows = _rows(wb.worksheets[0])
    money = next(r for r in rows if r[2] == "年度资金总额")
    assert money[4:10] == [100, 80, 72, 10, 0.9, 9]  # numbers, not texts: 执行率 as a share in a % format
    by_name = {r[3]: r for r in rows if r[3] in ("培训人次", "养护成本", "群众出行条件", "群众满意度")}
    assert {name: (r[6], r[7], r[8]) for name, r in by_name.items()} == {
        "培训人次": ("80人", 25, 20), "养护成本": ("60万元", 25, 20), "群众出行条件": ("明显改善", 30, 24),
        "群众满意度": ("95%", 10, 10)}
    assert by_name["养护成本"][9] == "材料涨价"
    assert not any("三年养护里程" in str(v) for r in rows for v in r)  # the 中期 set is not on the 自评表
    total = next(r for r in rows if r[0] == "总分")
    assert total[7:10] == [100, 83, "良"]


def test_the_pdf_prints_the_same_figures(tmp_path):
    path = tmp_path / "自评.pdf"
    result = write_pdf(worked_document(), path, layout=SELF)
    with pdfplumber.open(path) as pdf:
        text = "\n".join(page.extract_text() for page in pdf.pages)
    assert result.pages == 1
    assert text.startswith("项目支出绩效自评表\n（2025年度）")
    assert "群众满意度 ≥90% 95% 10.00 10.00" in text
    assert "90.00%" in text and "9.00" in text
    total_line = next(line for line in text.splitlines() if line.startswith("总分"))
    assert total_line.split() == ["总分", "100.00", "83.00", "良"]
    assert "填报人" in text  # printed for signature


def test_hebei_rules_give_budget_execution_20_points(tmp_path):
    document = worked_document()
    document.rule_set = "hebei"
    path = tmp_path / "自评.xlsx"
    write_workbook(document, path, layout=SELF)
    rows = _rows(load_workbook(path).worksheets[0])
    money = next(r for r in rows if r[2] == "年度资金总额")
    assert money[7:10] == [20, 0.9, 18]  # 20 × 90 %
    # 产出 40 over two: 20 each → 16.00 and 16.00; 效益 24; 满意度 10; execution 18
    assert next(r for r in rows if r[0] == "总分")[7:10] == [100, 84, "良"]


@pytest.fixture
def window(qtbot, tmp_path):
    yield from window_on(qtbot, tmp_path, worked_document(), "自评.perfdesk")


_cell, _type = placed_cell, type_into


def _score_of(page, name: str) -> str:
    named = _cell(page, role="indicator", field="name", text=name)
    return _cell(page, role="indicator", field="score", indicator=named.indicator).text


def test_ctrl_3_shows_the_self_evaluation_and_typing_recomputes(qtbot, window):
    page = open_project(window, 1)
    press(qtbot, window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert page.model.layout.key == SELF.key and window.view_actions["self_evaluation"].isChecked()
    assert page.title.text() == "1.农村道路养护　项目支出绩效自评表"
    assert _score_of(page, "培训人次") == "20.00"
    assert _cell(page, role="field", field="total_score").text == "83.00"
    named = _cell(page, role="indicator", field="name", text="培训人次")
    _type(qtbot, page, _cell(page, role="indicator", field="actual", indicator=named.indicator), "100人")
    assert on_disk(window).departments[0].projects[0].indicators[0].actual == "100人"
    assert _score_of(page, "培训人次") == "25.00"
    assert _cell(page, role="field", field="total_score").text == "88.00"
    window.session.undo_stack.undo()
    assert _score_of(page, "培训人次") == "20.00"
    assert on_disk(window).departments[0].projects[0].indicators[0].actual == "80人"


def test_a_weight_typed_replaces_the_default_and_words_are_refused(qtbot, window):
    page = open_project(window, 1)
    window.show_moment("self_evaluation")
    named = _cell(page, role="indicator", field="name", text="培训人次")
    weight = _cell(page, role="indicator", field="weight", indicator=named.indicator)
    assert weight.text == "25.00" and page.model.index(weight.row, weight.col).data(Qt.ItemDataRole.EditRole) == ""
    _type(qtbot, page, weight, "三十")
    assert on_disk(window).departments[0].projects[0].indicators[0].weight is None
    assert "分值" in page.message.text()
    press(qtbot, QApplication.focusWidget(), Qt.Key.Key_Escape)
    _type(qtbot, page, weight, "30")
    assert on_disk(window).departments[0].projects[0].indicators[0].weight == Decimal("30.00")
    assert _score_of(page, "培训人次") == "24.00"  # 80/100 × 30
    assert _cell(page, role="field", field="total_weight").text == "105.00"  # said, not hidden: Σ 分值 ≠ 100
    window.session.undo_stack.undo()  # the official shape (30 → 30.00) is a step of its own
    window.session.undo_stack.undo()
    assert on_disk(window).departments[0].projects[0].indicators[0].weight is None


def test_the_money_block_takes_the_full_year_figures(qtbot, window):
    page = open_project(window, 1)
    window.show_moment("self_evaluation")
    _type(qtbot, page, _cell(page, role="field", field="executed"), "80")
    assert on_disk(window).departments[0].projects[0].executed == Decimal("80.00")
    assert _cell(page, role="field", field="execution_rate").text == "100.00%"
    assert _cell(page, role="field", field="execution_score").text == "10.00"
    window.show_moment("targets")
    assert page.model.layout.key == "national"


def test_cli_exports_the_self_evaluation_of_the_documents_province(tmp_path):
    from conftest import run_cli

    doc = tmp_path / "自评.perfdesk"
    DocumentFile.create(doc, worked_document()).close()
    out = tmp_path / "自评.xlsx"
    result = run_cli("export", doc, "--xlsx", out, "--pdf", tmp_path / "自评.pdf", "--form", "自评")
    assert result.returncode == 0, result.stderr
    assert "全国自评表" in result.stdout
    assert next(r for r in _rows(load_workbook(out).worksheets[0]) if r[0] == "总分")[7:10] == [100, 83, "良"]
    # a report is not a document's form: new/convert refuse it by name and say what to do instead
    result = run_cli("new", tmp_path / "x.perfdesk", "--form", "全国自评表")
    assert result.returncode == 1 and "export --form national-self-evaluation" in result.stderr
    assert not (tmp_path / "x.perfdesk").exists()
    result = run_cli("export", doc, "--text", tmp_path / "x.txt", "--form", "自评")
    assert result.returncode == 1 and "公开文本" in result.stderr and not (tmp_path / "x.txt").exists()


# -- the round trip through Excel: export, fill at a colleague's desk, import back ----------------------------

def _fill(path, values: dict[str, tuple], executed=None, score_of: dict[str, object] | None = None) -> None:
    """Fill an exported 自评表 as a colleague would in Excel: 实际完成值 (G) and 偏差原因 (J) by 三级 name,
    the 全年执行数 (G of 年度资金总额), and — where given — a typed 得分 (I)."""
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    for row in ws.iter_rows():
        name = row[3].value
        if name in values:
            row[6].value, row[9].value = values[name]
        if name in (score_of or {}):
            row[8].value = score_of[name]
        if row[2].value == "年度资金总额" and executed is not None:
            row[6].value = executed
    wb.save(path)


def _exported(tmp_path, document=None):
    from conftest import run_cli

    doc = tmp_path / "自评.perfdesk"
    DocumentFile.create(doc, document or worked_document()).close()
    out = tmp_path / "自评.xlsx"
    assert run_cli("export", doc, "--xlsx", out, "--form", "自评").returncode == 0
    return doc, out


def _read(doc):
    with DocumentFile.open(doc, readonly=True) as f:
        return f.read()


def test_a_filled_workbook_comes_back_and_scores_are_recomputed(tmp_path):
    from conftest import run_cli
    from perfdesk.domain.figures import Figures
    from perfdesk.domain.rulesets import rule_set

    doc, out = _exported(tmp_path)
    # the colleague: 100人 (full marks), 养护成本 75万元 (反向: 1.5× target), 满意度 85% with a reason, 执行 76;
    # a 得分 typed over a computed one is not taken; the 定性 one is
    _fill(out, {"培训人次": ("100人", None), "养护成本": ("75万元", "材料涨价"),
                "群众满意度": ("85%", "宣传不到位")}, executed=76,
          score_of={"培训人次": 3, "群众出行条件": 27})
    result = run_cli("import", out, "--into", doc)
    assert result.returncode == 0, result.stderr
    assert "第1条指标「培训人次」：表中得分 3.00 未采用，按评分规则计算为 25.00" in result.stdout
    project = _read(doc).departments[0].projects[0]
    assert project.executed == Decimal("76") and project.indicators[0].actual == "100人"
    assert project.indicators[2].score == Decimal("27")
    assert project.indicators[3].deviation == "宣传不到位"
    assert all(i.weight is None for i in project.indicators)  # the defaults shown in the sheet stay defaults
    # by hand: 25 + (1 − 25/50) × 25 = 12.50 + 27 + 85/90 × 10 = 9.44 + 76/80 × 10 = 9.50 → 83.44
    figures = Figures(project, rule_set("national"))
    assert [figures.score(k) for k in range(4)] == [Decimal("25"), Decimal("12.50"), Decimal("27"), Decimal("9.44")]
    assert figures.execution_score == Decimal("9.50") and figures.total_score == Decimal("83.44")
    # exported again, the workbook prints the recomputed total
    out2 = tmp_path / "again.xlsx"
    assert run_cli("export", doc, "--xlsx", out2, "--form", "自评").returncode == 0
    assert next(r for r in _rows(load_workbook(out2).worksheets[0]) if r[0] == "总分")[7:10] == [100, 83.44, "良"]


def _unchanged(doc, before) -> None:
    assert _read(doc) == before


def test_bad_filled_workbooks_name_the_place_and_change_nothing(tmp_path):
    from conftest import run_cli

    doc, out = _exported(tmp_path)
    before = _read(doc)
    # text where a number is expected: the cell is named
    wb = load_workbook(out)
    ws = wb.worksheets[0]
    row = next(r for r in ws.iter_rows() if r[3].value == "培训人次")
    row[7].value = "二十五"
    wb.save(tmp_path / "words.xlsx")
    result = run_cli("import", tmp_path / "words.xlsx", "--into", doc)
    assert result.returncode == 1
    assert f"工作表「1.农村道路养护」第{row[7].row}行H列（分值）" in result.stderr
    _unchanged(doc, before)
    # a workbook of another year
    other_year = worked_document()
    other_year.departments[0].year = 2024
    (tmp_path / "y").mkdir()
    _, older = _exported(tmp_path / "y", other_year)
    result = run_cli("import", older, "--into", doc)
    assert result.returncode == 1 and "工作簿是2024年度的全国自评表，本文档是2025年度的" in result.stderr
    _unchanged(doc, before)
    # a workbook of another project
    other = worked_document()
    other.departments[0].projects[0].code = "130322999"
    (tmp_path / "p").mkdir()
    _, foreign = _exported(tmp_path / "p", other)
    result = run_cli("import", foreign, "--into", doc)
    assert result.returncode == 1 and "项目编码 130322999" in result.stderr and "在本文档中没有" in result.stderr
    _unchanged(doc, before)
    # an indicator renamed in the sheet
    wb = load_workbook(out)
    ws = wb.worksheets[0]
    next(r for r in ws.iter_rows() if r[3].value == "养护成本")[3].value = "管护成本"
    wb.save(tmp_path / "renamed.xlsx")
    result = run_cli("import", tmp_path / "renamed.xlsx", "--into", doc)
    assert result.returncode == 1 and "第2条指标：工作簿是「成本指标—管护成本」，本文档是「成本指标—养护成本」" in result.stderr
    _unchanged(doc, before)
    # a target workbook is not a report
    target = tmp_path / "targets.xlsx"
    assert run_cli("export", doc, "--xlsx", target).returncode == 0
    result = run_cli("import", target, "--into", doc)
    assert result.returncode == 1 and "不是填好的自评表" in result.stderr
    _unchanged(doc, before)


def test_the_window_takes_a_filled_workbook_back_as_one_undo_step(qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    (tmp_path / "w").mkdir()
    doc, out = _exported(tmp_path / "w")
    _fill(out, {"培训人次": ("100人", None)}, executed=76, score_of={"培训人次": 3})
    win = make_window(qtbot, tmp_path, DocumentFile.open(doc))
    try:
        page = open_project(win, 1)
        win.show_moment("self_evaluation")
        shown: list[str] = []
        monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(out), ""))
        monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
        action = next(a for a in win.menuBar().actions()[0].menu().actions() if a.text() == "导入填好的自评表或监控表…")
        action.trigger()
        assert _score_of(page, "培训人次") == "25.00"  # recomputed on screen at once
        assert _cell(page, role="field", field="execution_score").text == "9.50"
        assert len(shown) == 1 and "表中得分 3.00 未采用" in shown[0]
        assert on_disk(win).departments[0].projects[0].executed == Decimal("76")
        assert win.session.undo_stack.count() == 1
        win.session.undo_stack.undo()
        project = on_disk(win).departments[0].projects[0]
        assert project.executed == Decimal("72.00") and project.indicators[0].actual == "80人"
        assert _score_of(page, "培训人次") == "20.00"
    finally:
        win.session.close()


def test_the_hebei_self_evaluation_round_trip_with_its_closing_rows(tmp_path):
    """A Hebei document reports on Hebei's 自评表: 预算执行 20 points, 年初目标值（A）, and two closing rows."""
    from conftest import run_cli

    document = worked_document()
    document.rule_set, document.form = "hebei", "hebei"
    doc, out = _exported(tmp_path, document)
    rows = _rows(load_workbook(out).worksheets[0])
    assert rows[0][0] == "项目支出绩效自评表" and any(r[0] == "预算执行情况（万元）（20分）" for r in rows)
    assert any(r[5] == "年初目标值（A）" for r in rows)
    # 产出 40 over two: 20 each → 80/100 × 20 = 16.00 and (1 − 10/50) × 20 = 16.00; 效益 24; 满意度 10; 执行 20 × 90 %
    assert next(r for r in rows if r[0] == "总分")[7:10] == [100, 84, "良"]
    wb = load_workbook(out)
    ws = wb.worksheets[0]
    for row in ws.iter_rows():
        if row[0].value == "偏差大或目标未完成原因分析":
            row[3].value = "材料价格上涨，养护里程未达目标。"
        if row[0].value == "改进措施及结果应用方案":
            row[3].value = "提前招标锁定价格。"
    wb.save(out)
    result = run_cli("import", out, "--into", doc)
    assert result.returncode == 0, result.stderr
    assert "河北自评表" in result.stdout
    project = _read(doc).departments[0].projects[0]
    assert (project.shortfall, project.improvement) == ("材料价格上涨，养护里程未达目标。", "提前招标锁定价格。")
    assert [i.weight for i in project.indicators] == [None] * 5  # Hebei's defaults, shown and left as defaults


def test_the_tree_marks_a_project_whose_self_evaluation_is_incomplete(qtbot, window):
    page = open_project(window, 1)
    project = window.model.index(0, 0, window.model.index(0, 0))
    assert project.data() == "130322001 农村道路养护"
    window.show_moment("self_evaluation")
    assert project.data() == "130322001 农村道路养护"  # every 实际完成值, the 定性 得分 and the 执行数 are there
    named = _cell(page, role="indicator", field="name", text="培训人次")
    focus_cell(qtbot, page, *(lambda c: (c.row, c.col))(_cell(page, role="indicator", field="actual",
                                                              indicator=named.indicator)))
    press(qtbot, page.view, Qt.Key.Key_Delete)
    assert project.data() == "130322001 农村道路养护（自评缺1项）"
    named = _cell(page, role="indicator", field="name", text="群众出行条件")
    score = _cell(page, role="indicator", field="score", indicator=named.indicator)
    focus_cell(qtbot, page, score.row, score.col)
    press(qtbot, page.view, Qt.Key.Key_Delete)  # a 定性 indicator's 得分 is the clerk's to give
    assert project.data() == "130322001 农村道路养护（自评缺2项）"
    window.show_moment("targets")
    assert project.data() == "130322001 农村道路养护"


def test_exporting_the_shown_self_evaluation_suggests_its_own_file_name(qtbot, window, monkeypatch, tmp_path):
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)  # 审核 errors: go on
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda parent, title, suggested, *a: (asked.append(suggested), ("", ""))[1])
    open_project(window, 1)
    window.export_excel(public=False)
    window.show_moment("self_evaluation")
    window.export_excel(public=False)
    assert [Path(a).name for a in asked] == ["自评.xlsx", "自评（绩效自评表）.xlsx"]


def test_a_pasted_block_of_year_end_values_lands_whole_or_not_at_all(qtbot, window):
    """实际完成值 | 分值 pasted from Excel (Ctrl+V): numbers land in one step; words in 分值 refuse the whole paste."""
    from PySide6.QtGui import QGuiApplication

    page = open_project(window, 1)
    window.show_moment("self_evaluation")
    named = _cell(page, role="indicator", field="name", text="培训人次")
    actual = _cell(page, role="indicator", field="actual", indicator=named.indicator)
    before = on_disk(window)
    QGuiApplication.clipboard().setText("100人\t三十\n55万元\t20\n")
    focus_cell(qtbot, page, actual.row, actual.col)
    press(qtbot, page.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert "粘贴未执行" in page.message.text() and "分值" in page.message.text()
    assert on_disk(window) == before and window.session.undo_stack.count() == 0
    QGuiApplication.clipboard().setText("100人\t30\n55万元\t20\n")
    focus_cell(qtbot, page, actual.row, actual.col)
    press(qtbot, page.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    indicators = on_disk(window).departments[0].projects[0].indicators
    assert [(i.actual, i.weight) for i in indicators[:2]] == [("100人", Decimal("30.00")), ("55万元", Decimal("20.00"))]
    assert window.session.undo_stack.count() == 1


def test_the_window_refuses_a_workbook_that_is_not_this_documents_report(qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    (tmp_path / "w").mkdir()
    doc, out = _exported(tmp_path / "w")
    wb = load_workbook(out)
    next(r for r in wb.worksheets[0].iter_rows() if r[3].value == "养护成本")[3].value = "管护成本"
    wb.save(out)
    win = make_window(qtbot, tmp_path, DocumentFile.open(doc))
    try:
        before = on_disk(win)
        shown: list[str] = []
        monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(out), ""))
        monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
        win.import_report()
        assert len(shown) == 1 and shown[0].startswith("导入失败，文档未作任何改动。")
        assert "第2条指标：工作簿是「成本指标—管护成本」" in shown[0]
        assert on_disk(win) == before and win.session.undo_stack.count() == 0
    finally:
        win.session.close()


def test_an_adjusted_target_is_what_the_year_is_scored_against():
    """培训人次 ≥100人 adjusted mid-year to ≥80人: 实际 80人 is full marks, 25.00, not 80/100 × 25 = 20.00."""
    from perfdesk.domain.figures import Figures
    from perfdesk.domain.rulesets import rule_set

    project = worked_document().departments[0].projects[0]
    assert Figures(project, rule_set("national")).score(0) == Decimal("20.00")
    project.indicators[0].adjusted_value = "≥80人"
    figures = Figures(project, rule_set("national"))
    assert figures.score(0) == Decimal("25.00") and figures.total_score == Decimal("88.00")  # 83 + 5
