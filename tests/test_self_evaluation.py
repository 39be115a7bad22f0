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

import pdfplumber
import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from gui_helpers import commit_text, focus_cell, make_window, on_disk, open_project, press
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
    path = tmp_path / "自评.perfdesk"
    DocumentFile.create(path, worked_document()).close()
    win = make_window(qtbot, tmp_path, DocumentFile.open(path))
    yield win
    win.session.close()


def _cell(page, **wanted):
    return next(c for c in page.model.anchors.values() if all(getattr(c, k) == v for k, v in wanted.items()))


def _type(qtbot, page, cell, text):
    focus_cell(qtbot, page, cell.row, cell.col)
    commit_text(page.view, text)
    press(qtbot, QApplication.focusWidget(), Qt.Key.Key_Return)


def _score_of(page, name: str) -> str:
    named = _cell(page, role="indicator", field="name", text=name)
    return _cell(page, role="indicator", field="score", indicator=named.indicator).text


def test_ctrl_2_shows_the_self_evaluation_and_typing_recomputes(qtbot, window):
    page = open_project(window, 1)
    press(qtbot, window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
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
