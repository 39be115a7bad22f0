"""The Hebei 项目申报表（绩效部分） (FORMS.md §3): its 长期 and 年度 tables stacked one under the other, each indicator
naming the goal it serves (目标名称) — read from workbooks as the system prints them, written, printed and read back,
and edited on screen with real key events."""

from __future__ import annotations

import copy

import pdfplumber
import pytest
from openpyxl import Workbook, load_workbook

from conftest import run_cli
from gui_helpers import focus_cell, on_disk, open_project, placed_cell, type_into, window_on
from perfdesk.domain.fields import goals_text, parse_goals
from perfdesk.domain.model import MID, YEAR, Department, Document, Indicator, Project
from perfdesk.domain.rules import check_document
from perfdesk.exchange.errors import ExchangeError
from perfdesk.exchange.pdf_writer import write_pdf
from perfdesk.exchange.xlsx_reader import read_workbook
from perfdesk.exchange.xlsx_writer import write_workbook
from perfdesk.storage import DocumentFile

GOAL = "完成全县农村公路日常养护，路况优良率稳步提高，保障群众安全便捷出行。"
LONG_TERM = [("产出指标", "数量指标", "养护里程", "≥900公里", "计划标准"),
             ("效益指标", "社会效益指标", "群众出行条件", "明显改善", "其他标准")]
YEARLY = [("产出指标", "数量指标", "养护里程", "≥300公里", "计划标准"),
          ("满意度指标", "服务对象满意度指标", "沿线群众满意度", "≥90%", "历史标准")]


def _hebei_application(ws, name: str = "农村公路养护工程", *, year_caption: str = "年度绩效目标表",
                       year_header: str = "一级指标", long_caption: str = "长 期 绩 效 目 标 表") -> None:
    """项目申报表（绩效部分） as the Hebei system prints it: 项目绩效总目标, then the 长期 and the 年度 tables stacked,
    each 目标名称 | 一级 | 二级 | 三级 | 指标值 | 指标值确定依据, the goal's name merged over its indicators; the captions
    spread with spaces, a required header with its ``*``."""
    ws.append(["项目申报表（绩效部分）"])
    ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=6)
    ws.append(["项目名称", name])
    ws.merge_cells(start_row=ws.max_row, start_column=2, end_row=ws.max_row, end_column=6)
    ws.append(["项目绩效总目标", GOAL])
    ws.merge_cells(start_row=ws.max_row, start_column=2, end_row=ws.max_row, end_column=6)
    for caption, header, rows in ((long_caption, "一级指标", LONG_TERM), (year_caption, year_header, YEARLY)):
        ws.append([caption])
        ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=6)
        ws.append(["*目标名称", header, "二级指标", "*三级指标", "*指标值", "指标值确定依据"])
        first = ws.max_row + 1
        for row in rows:
            ws.append(["目标1：道路养护" if ws.max_row + 1 == first else None, *row])
        ws.merge_cells(start_row=first, start_column=1, end_row=ws.max_row, end_column=1)


def _workbook(path, fill=_hebei_application, **options) -> None:
    wb = Workbook()
    fill(wb.active, **options)
    wb.active.title = "项目申报表"
    wb.save(path)


def _set(indicators, phase):
    return [(i.level1, i.level2, i.name, i.value, i.basis, i.goal_name) for i in indicators if i.phase == phase]


def test_the_system_workbook_reads_field_by_field(tmp_path):
    path = tmp_path / "申报表.xlsx"
    _workbook(path)
    report: list[str] = []
    document = read_workbook(path, report=report)
    assert document.form == "hebei-application"
    [project] = document.departments[0].projects
    assert project.name == "农村公路养护工程" and project.code == ""
    assert goals_text(project.goals) == GOAL
    # the goal's name merged over its indicators belongs to each of them
    assert _set(project.indicators, MID) == [(*row, "目标1：道路养护") for row in LONG_TERM]
    assert _set(project.indicators, YEAR) == [(*row, "目标1：道路养护") for row in YEARLY]
    assert "工作表「项目申报表」：项目「农村公路养护工程」（河北项目申报表（绩效部分）），指标 4 条" in report


def test_captions_with_the_period_they_cover(tmp_path):
    path = tmp_path / "申报表.xlsx"
    _workbook(path, long_caption="长期绩效目标表（2024—2026年）", year_caption="年度绩效目标表(2025年度)")
    project = read_workbook(path).departments[0].projects[0]
    assert len(_set(project.indicators, MID)) == len(_set(project.indicators, YEAR)) == 2


def test_a_money_unit_after_a_label_is_no_period(tmp_path):
    """Only a year is read past: 部门总体资金情况（万元） is not the form's （元） label, and is said so."""
    from test_department_table import _hebei_department

    path = tmp_path / "万元.xlsx"

    def in_wan_yuan(ws):
        _hebei_department(ws)
        ws["A3"] = "部门总体资金情况（万元）"

    _workbook(path, in_wan_yuan)
    with pytest.raises(ExchangeError, match="第3行A列.*找不到「部门总体资金情况（元）」"):
        read_workbook(path)


def test_written_printed_and_read_back_the_same(tmp_path):
    path = tmp_path / "申报表.xlsx"
    _workbook(path)
    document = read_workbook(path)
    project = document.departments[0].projects[0]
    project.code = "13000025P001"
    project.indicators[3].goal_name = "目标2：群众满意"  # names differ within a table
    out = tmp_path / "导出.xlsx"
    write_workbook(document, out)
    sheet = load_workbook(out)["1.农村公路养护工程"]
    rows = [[c for c in row if c is not None] for row in sheet.iter_rows(values_only=True)]
    long_term, yearly = rows.index(["长期绩效目标表"]), rows.index(["年度绩效目标表"])
    assert rows[long_term + 1] == rows[yearly + 1] == ["目标名称", "一级指标", "二级指标", "三级指标", "指标值", "指标值确定依据"]
    assert rows[yearly + 3] == ["目标2：群众满意", "满意度指标", "服务对象满意度指标", "沿线群众满意度", "≥90%", "历史标准"]
    again = read_workbook(out)
    assert again.form == "hebei-application" and again.departments[0].projects == document.departments[0].projects
    pdf = tmp_path / "导出.pdf"
    write_pdf(document, pdf, signature=True)
    with pdfplumber.open(pdf) as opened:
        text = "".join(page.extract_text() for page in opened.pages)
    assert text.index("长期绩效目标表") < text.index("≥900公里") < text.index("年度绩效目标表") < text.index("≥300公里")
    assert "目标2：群众满意" in text and "项目编码：13000025P001" in text


def test_two_projects_stacked_in_one_sheet(tmp_path):
    path = tmp_path / "两个项目.xlsx"

    def two(ws):
        _hebei_application(ws)
        ws.append([])
        _hebei_application(ws, "乡村道路安全生命防护工程")

    _workbook(path, two)
    projects = read_workbook(path).departments[0].projects
    assert [p.name for p in projects] == ["农村公路养护工程", "乡村道路安全生命防护工程"]
    assert [len(p.indicators) for p in projects] == [4, 4]
    assert _set(projects[1].indicators, YEAR) == [(*row, "目标1：道路养护") for row in YEARLY]


@pytest.mark.parametrize("options, where, what", [
    ({"year_header": "二级指标"}, "第9行B列", "此处应为「一级指标」，而不是「二级指标」"),
    ({"year_caption": "年度目标"}, "第8行A列", "此处应为「年度绩效目标表」，而不是「年度目标」"),
])
def test_a_broken_second_table_names_the_cell_and_creates_nothing(tmp_path, options, where, what):
    path = tmp_path / "坏.xlsx"
    _workbook(path, **options)
    with pytest.raises(ExchangeError) as info:
        read_workbook(path)
    assert f"工作表「项目申报表」{where}" in str(info.value) and what in str(info.value)
    out = tmp_path / "坏.perfdesk"
    result = run_cli("import", path, "-o", out)
    assert result.returncode == 1 and where in result.stderr and "Traceback" not in result.stderr
    assert not out.exists()


def test_the_goal_name_survives_the_file_and_a_form_change(tmp_path):
    path = tmp_path / "申报表.xlsx"
    _workbook(path)
    doc_path = tmp_path / "文档.perfdesk"
    assert run_cli("import", path, "-o", doc_path).returncode == 0
    assert run_cli("convert", doc_path, "--form", "national-mid-standard").returncode == 0
    assert run_cli("convert", doc_path, "--form", "hebei-application").returncode == 0
    with DocumentFile.open(doc_path, readonly=True) as doc:
        project = doc.read().departments[0].projects[0]
    assert {i.goal_name for i in project.indicators} == {"目标1：道路养护"}


def test_no_budget_is_asked_of_a_form_without_money():
    """The form has no place for the 预算数: the 审核 does not ask for one the clerk could not type there."""
    project = Project("13000025P001", "农村公路养护工程", goals=parse_goals(GOAL),
                      indicators=[Indicator("产出指标", "数量指标", "养护里程", value="≥300公里")])
    document = Document(departments=[Department("101001", "某县交通运输局", 2025, projects=[project])],
                        form="hebei-application", rule_set="hebei")
    assert "R-BUDGET-EMPTY" not in {f.rule for f in check_document(document)}
    document.form = "hebei"
    assert "R-BUDGET-EMPTY" in {f.rule for f in check_document(document)}


@pytest.fixture
def application_window(qtbot, tmp_path):
    project = Project("13000025P001", "农村公路养护工程", goals=parse_goals(GOAL), indicators=[
        Indicator(*LONG_TERM[0][:3], value=LONG_TERM[0][3], phase=MID, goal_name="目标1：道路养护"),
        Indicator(*YEARLY[0][:3], value=YEARLY[0][3], goal_name="目标1：道路养护")])
    document = Document(departments=[Department("101001", "某县交通运输局", 2025, projects=[project])],
                        form="hebei-application", rule_set="hebei")
    yield from window_on(qtbot, tmp_path, copy.deepcopy(document), "申报表.perfdesk")


def test_on_screen_each_table_edits_its_own_set(qtbot, application_window):
    page = open_project(application_window, 1)
    captions = [c for c in page.model.anchors.values() if c.role == "label" and c.text.endswith("绩效目标表")]
    assert [c.text for c in sorted(captions, key=lambda c: c.row)] == ["长期绩效目标表", "年度绩效目标表"]
    yearly = placed_cell(page, role="indicator", field="goal_name", phase=YEAR)
    type_into(qtbot, page, yearly, "目标2：路况提升")
    stored = on_disk(application_window).departments[0].projects[0].indicators
    assert [(i.phase, i.goal_name) for i in stored] == [(MID, "目标1：道路养护"), (YEAR, "目标2：路况提升")]
    # a row added with the cursor in the 长期 table's header belongs to the 长期 set
    header = next(c for c in page.model.anchors.values() if c.role == "header" and c.phase == MID and c.field == "name")
    focus_cell(qtbot, page, header.row, header.col)
    page.add_indicator()
    stored = on_disk(application_window).departments[0].projects[0].indicators
    assert [i.phase for i in stored] == [MID, YEAR, MID]
    # the tree names the set as the form does
    tree = application_window.model
    project_node = tree.index(0, 0, tree.index(0, 0))
    tree.fetchMore(project_node)
    labels = [tree.index(k, 0, project_node).data() for k in range(tree.rowCount(project_node))]
    assert labels[0] == "〔长期〕养护里程" and labels[1] == "养护里程"
    application_window.session.undo_stack.undo()
    application_window.session.undo_stack.undo()
    stored = on_disk(application_window).departments[0].projects[0].indicators
    assert [(i.phase, i.goal_name) for i in stored] == [(MID, "目标1：道路养护"), (YEAR, "目标1：道路养护")]


def test_a_paste_over_the_next_tables_caption_is_refused(qtbot, application_window):
    page = open_project(application_window, 1)
    last = placed_cell(page, role="indicator", field="name", phase=MID)
    before = on_disk(application_window)
    error = page.model.paste_block(page.model.index(last.row, last.col), [["养护里程"], ["桥梁养护座数"]])
    assert error is not None and "长期" not in error and "年度绩效目标表" in error
    assert on_disk(application_window) == before


def test_a_header_repeated_inside_a_table_is_said_not_read_as_an_indicator(tmp_path):
    """A one-set form printed over two pages by the system repeats its indicator header: that row is no indicator,
    and no reason to refuse the workbook (before: 「一级指标」不是已知的一级指标)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "信息表"
    header = ["一级指标", "二级指标", "*三级指标", "*符号", "*值", "计量单位", "备注（指标解释等）", "指标值说明（评分标准等）"]
    for row in (["[101001]某县交通运输局"], ["项目名称", "农村公路养护工程", None, None, "项目编码", "13000025P001"],
                ["绩效目标", GOAL], header, ["产出指标", "数量指标", "养护里程", "≥", "300", "公里"], header,
                ["产出指标", "质量指标", "路况优良率", "≥", "80", "%"]):
        ws.append(row)
    path = tmp_path / "信息表.xlsx"
    wb.save(path)
    report: list[str] = []
    document = read_workbook(path, report=report)
    assert document.form == "hebei-info"
    assert [(i.name, i.value) for i in document.departments[0].projects[0].indicators] == [
        ("养护里程", "≥300公里"), ("路况优良率", "≥80%")]
    assert "工作表「信息表」第6行重复了指标表头（跨页打印的表头），未作为指标读取。" in report


@pytest.mark.parametrize("long_term", [34, 35])  # (the page broke right after the 年度 header, and after its caption)
def test_a_page_never_ends_on_the_next_tables_caption_or_header(tmp_path, long_term):
    indicators = [Indicator("产出指标", "数量指标", f"长期指标{k}", value=f"≥{k}个", phase=MID, goal_name="目标1")
                  for k in range(long_term)]
    indicators += [Indicator("产出指标", "质量指标", f"年度指标{k}", value=f"≥{k}%", goal_name="目标2") for k in range(5)]
    project = Project("X1", "长项目", goals=parse_goals(GOAL), indicators=indicators)
    document = Document(departments=[Department("101001", "某县交通运输局", 2025, projects=[project])],
                        form="hebei-application", rule_set="hebei")
    pdf = tmp_path / "签字版.pdf"
    write_pdf(document, pdf, signature=True)
    with pdfplumber.open(pdf) as opened:
        pages = [[line for line in page.extract_text().splitlines() if line.strip() and "页" not in line]
                 for page in opened.pages]
    assert len(pages) == 2
    # the next table starts the page with its caption, no 长期 header repeated above it
    assert pages[0][-1].startswith("目标1") and pages[1][0] == "年度绩效目标表"
    text = "\n".join(line for page in pages for line in page)
    assert all(f"长期指标{k} " in text for k in range(long_term)) and all(f"年度指标{k} " in text for k in range(5))
