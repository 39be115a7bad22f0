"""Other forms' tables dumped as text (a Word or web table of another province in the seed's text form)."""

from __future__ import annotations

import pytest

from conftest import run_cli
from national_fixture import national_document
from perfdesk.domain.forms import FORMS
from perfdesk.domain.layout import place
from perfdesk.exchange.errors import ExchangeError
from perfdesk.exchange.text_reader import read_text


def _dump(form: str, *, code_line: bool = False, projects=None) -> str:
    """The tables as a province publishes them: a title and the year as paragraphs, then the table's rows
    (a cell per line after a tab, a blank line between rows, an empty cell where a merge from above runs)."""
    document = national_document(form)
    d = document.departments[0]
    lines = []
    for project in projects or d.projects:
        table = place(d, project, layout=FORMS[form])
        lines += ["项目支出绩效目标申报表", "", "（2025年度）", ""]
        if code_line:
            lines += [f"项目编码：{project.code}", ""]
        first = min(c.row for c in table.cells if c.role != "caption")
        for row in range(first, table.rows):
            for cell in table.row_cells(row):
                head, *rest = cell.text.split("\n")
                lines += ["\t" + head, *rest]
            lines.append("")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("form", ["national", "national-year", "national-standard", "national-mid-standard"])
def test_a_national_table_dumped_as_text_reads_field_by_field(form):
    report: list[str] = []
    document = read_text(_dump(form, code_line=True), report=report)
    expected = national_document(form).departments[0].projects[0]
    assert document.form == form
    project = document.departments[0].projects[0]
    for field in ("code", "name", "budget", "fiscal", "other", "mid_total", "executor", "attribute", "period",
                  "goals", "mid_goals", "indicators"):
        assert getattr(project, field) == getattr(expected, field), field
    d = document.departments[0]
    assert (d.year, d.supervisor_code, d.supervisor_name) == (2025, "130322", "某县农业农村局")
    assert any("请在部门页填写单位编码和名称" in line for line in report)


def test_two_tables_without_the_code_line(tmp_path):
    document = national_document()
    second = document.departments[0].projects[0]
    import copy

    other = copy.deepcopy(second)
    other.name = "小型水库除险加固"
    text = _dump("national", projects=[second, other])
    read = read_text(text)
    assert [p.name for p in read.departments[0].projects] == ["高标准农田灌溉渠系改造", "小型水库除险加固"]
    assert read.departments[0].projects[1].indicators == second.indicators
    path = tmp_path / "省表.txt"
    path.write_text(text, encoding="utf-8")
    result = run_cli("import", path, "-o", tmp_path / "省表.perfdesk")
    assert result.returncode == 0 and "项目 2 个" in result.stdout and "全国申报表（中期+年度）" in result.stdout


def test_a_bad_amount_in_a_dumped_table_names_its_line():
    text = _dump("national").replace("\t120.00\n", "\t一百二十\n", 1)
    line = text.split("\n").index("\t一百二十") + 1
    with pytest.raises(ExchangeError) as info:
        read_text(text)
    assert info.value.line == line and "年度资金总额" in str(info.value) and "应为数字" in str(info.value)


def test_a_text_of_no_known_form_keeps_the_published_texts_error():
    with pytest.raises(ExchangeError, match="应为「第一部分"):
        read_text("某市项目绩效目标\n\n\t项目\n\t预算\n\n\t甲\n\t1\n")


def test_an_indicator_row_with_a_cell_too_many_names_its_line():
    text = _dump("national")
    cell = "\t≥10公里\n"
    line = text.split("\n").index(cell.strip("\n")) + 1
    with pytest.raises(ExchangeError) as info:
        read_text(text.replace(cell, cell + "\t多出的单元格\n", 1))
    assert "此行应有8个单元格" in str(info.value) and info.value.line is not None and info.value.line <= line


def test_a_closing_review_row_in_a_dumped_table_is_said_not_read():
    """The 财政部门审核意见 row a province's Word table closes with (two cells: the label and the bureau's words)."""
    text = _dump("national-year").rstrip("\n") + "\n\n\t财政部门审核意见\n\t同意。\n"
    report: list[str] = []
    document = read_text(text, report=report)
    assert document.departments[0].projects[0].indicators == \
        national_document("national-year").departments[0].projects[0].indicators
    line = text.splitlines().index("\t财政部门审核意见") + 1  # said by the text's line, not the laid sheet's row
    assert f"第{line}行「财政部门审核意见」是审核部门填写的意见，不是指标，未读取。" in report, report


def test_the_hebei_application_dumped_as_text_reads_both_tables():
    """The Hebei 项目申报表（绩效部分） as a Word table dumped to text: the 年度 table's caption and header rows under
    the 长期 table's indicators are told by their labels, and each table's indicators land in their set."""
    from perfdesk.domain.model import MID, Department, Indicator, Project
    from perfdesk.domain.fields import parse_goals

    project = Project("13000025P001", "农村公路养护工程", goals=parse_goals("完成全县农村公路日常养护。"), indicators=[
        Indicator("产出指标", "数量指标", "养护里程", value="≥900公里", basis="计划标准", phase=MID, goal_name="目标1：道路养护"),
        Indicator("产出指标", "数量指标", "养护里程", value="≥300公里", basis="计划标准", goal_name="目标1：道路养护"),
        Indicator("满意度指标", "服务对象满意度指标", "沿线群众满意度", value="≥90%", goal_name="目标2：群众满意")])
    table = place(Department(), project, layout=FORMS["hebei-application"])
    lines = ["项目申报表（绩效部分）", "", f"项目编码：{project.code}", ""]
    for row in range(1, table.rows):
        lines += ["\t" + cell.text for cell in table.row_cells(row)] + [""]
    document = read_text("\n".join(lines) + "\n")
    assert document.form == "hebei-application"
    assert document.departments[0].projects == [project]


def _dumped(table, title: str) -> list[str]:
    lines = [title, ""]
    for row in range(table.rows):
        lines += ["\t" + cell.text for cell in table.row_cells(row) if cell.role != "caption"] + [""]
    return lines


def test_a_units_own_table_dumped_as_text_reads_alone_and_beside_project_tables():
    """The Hebei 部门整体绩效目标表（申报） as a Word table dumped to text — its 联系人 row under the indicators told by its
    labels — alone (a new document's form), and before national tables, whose unit it becomes."""
    from decimal import Decimal

    from perfdesk.domain.forms import DEPARTMENT_FORM
    from perfdesk.domain.model import Department, Indicator, Project

    whole = Project(funds_total=Decimal("2530000"), funds_specific=Decimal("1000000"),
                    indicators=[Indicator("产出指标", "数量指标", "政法干警培训人次", value="≥2000人次", basis="计划标准")])
    unit = Department("210001", "某县政法委", functions="统筹协调", overall_goal="保障稳定。", preparer="张某",
                      phone="0335-1234567", whole=whole)
    lines = _dumped(place(unit, whole, layout=DEPARTMENT_FORM), DEPARTMENT_FORM.title)
    alone = read_text("\n".join(lines) + "\n")
    assert alone.form == "hebei" and alone.departments[0].whole == whole
    d = alone.departments[0]
    assert (d.code, d.name, d.functions, d.overall_goal, d.preparer, d.phone) == (
        "210001", "某县政法委", "统筹协调", "保障稳定。", "张某", "0335-1234567")
    both = read_text("\n".join(lines) + "\n" + _dump("national-year", code_line=True))
    assert both.form == "national-year" and len(both.departments) == 1
    assert both.departments[0].whole == whole
    assert both.departments[0].projects[0] == national_document("national-year").departments[0].projects[0]


def test_a_bad_amount_in_a_units_table_dumped_as_text_names_its_line():
    from decimal import Decimal

    from perfdesk.domain.forms import DEPARTMENT_FORM
    from perfdesk.domain.model import Department, Indicator, Project

    whole = Project(funds_total=Decimal("2530000"), indicators=[Indicator("产出指标", "数量指标", "培训人次", value="≥20人次")])
    lines = _dumped(place(Department("210001", "某县政法委", whole=whole), whole, layout=DEPARTMENT_FORM),
                    DEPARTMENT_FORM.title)
    at = lines.index("\t2530000")
    lines[at] = "\t二百五十万"
    with pytest.raises(ExchangeError) as info:
        read_text("\n".join(lines) + "\n")
    assert info.value.line == at + 1 and "资金总额" in str(info.value)
