"""Excel: what a reader of the exported workbook sees, and reading workbooks back (all or nothing)."""

import zipfile
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from conftest import comparable_lines, run_cli
from perfdesk.domain.fields import goals_text
from perfdesk.domain.forms import HEBEI
from perfdesk.domain.layout import place as _place
from perfdesk.domain.model import Department, Document, Indicator, Project
from perfdesk.example import example_document
from perfdesk.exchange.errors import ExchangeError
from perfdesk.exchange.text_reader import read_text
from perfdesk.exchange.text_writer import document_text
from perfdesk.exchange.xlsx_reader import read_workbook
from perfdesk.exchange.xlsx_writer import FLAT_HEADERS, write_template, write_workbook


def fit_pages(ws) -> tuple[int, int]:
    """(pages wide, pages tall) a sheet is fitted to; an attribute a workbook leaves out has the OOXML default, 1."""
    setup = ws.page_setup
    return (1 if setup.fitToWidth is None else int(setup.fitToWidth),
            1 if setup.fitToHeight is None else int(setup.fitToHeight))


def place(department, project, **kw):
    from perfdesk.domain.forms import HEBEI

    return _place(department, project, layout=HEBEI, **kw)


@pytest.fixture
def seed_xlsx(tmp_path, seed_doc):
    path = tmp_path / "seed.xlsx"
    write_workbook(seed_doc, path)
    return path


def test_sheets(seed_xlsx):
    wb = load_workbook(seed_xlsx)
    assert wb.sheetnames[0] == "部门整体绩效目标" and wb.sheetnames[1] == "1.综治工作经费"
    assert wb.sheetnames[-2:] == ["项目汇总", "指标清单"] and len(wb.sheetnames) == 12


def test_project_sheet_layout_merges_borders_and_print_setup(seed_xlsx, seed_doc):
    ws = load_workbook(seed_xlsx)["1.综治工作经费"]
    d = seed_doc.departments[0]
    table = place(d, d.projects[0])
    from openpyxl.utils import get_column_letter

    expected = {f"{get_column_letter(1 + c.col)}{2 + c.row}:{get_column_letter(c.col + c.colspan)}{1 + c.row + c.rowspan}"
                for c in table.cells if c.rowspan > 1 or c.colspan > 1} | {"A1:I1"}
    assert {str(r) for r in ws.merged_cells.ranges} == expected
    assert "A10:A13" in expected  # 产出指标 over its four rows
    for merged in ws.merged_cells.ranges:
        if merged.min_row < 3:  # the title and the unit caption carry no grid lines
            continue
        for row in range(merged.min_row, merged.max_row + 1):
            for col in range(merged.min_col, merged.max_col + 1):
                border = ws.cell(row, col).border  # every cell carries the range's outer edges
                outer = [(border.left, col == merged.min_col), (border.right, col == merged.max_col),
                         (border.top, row == merged.min_row), (border.bottom, row == merged.max_row)]
                assert all(side.style == "thin" for side, edge in outer if edge), (str(merged), row, col)
    assert ws["A1"].value == "1.综治工作经费绩效目标表" and ws["A2"].value == "210001中国共产党昌黎县委员会政法委员会本级"
    assert ws["B5"].alignment.wrap_text
    assert int(ws.page_setup.paperSize) == 9 and ws.page_setup.orientation == "portrait"
    assert fit_pages(ws)[0] == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == "$9:$9" and ws["A9"].value == "一级指标"
    assert ws.oddFooter.center.text == "第 &P 页，共 &N 页"
    assert all(ws.row_dimensions[r].height for r in range(1, 2 + table.rows))  # explicit heights
    assert ws.row_dimensions[5].height > ws.row_dimensions[3].height  # the 资金用途 paragraph is taller
    assert all(ws.column_dimensions[c].width > 5 for c in "ABCDEFGHI")
    signature = [ws.cell(r, c).value for r in range(19, 24) for c in (1, 4, 7) if ws.cell(r, c).value]
    assert signature[:2] == ["项目负责人（签字）：", "单位（盖章）："] and "联系电话：" in signature
    assert any(str(v).startswith("填报日期") for v in signature) and any(str(v).startswith("填报人") for v in signature)


def test_amounts_are_numbers_with_the_typed_decimals(seed_xlsx):
    ws = load_workbook(seed_xlsx)["1.综治工作经费"]
    assert (ws["C4"].value, ws["C4"].data_type, ws["C4"].number_format) == (30, "n", "#,##0.00")
    assert (ws["H4"].value, ws["H4"].number_format) == (0, "#,##0")  # 其他资金 typed as 0
    assert ws["D7"].value == 0.5 and ws["D7"].number_format == "0.00%" and ws["B7"].value is None
    summary = load_workbook(seed_xlsx)["项目汇总"]
    assert summary["E2"].data_type == "n" and summary["E2"].number_format == "#,##0.00"
    assert summary["E11"].value == "=SUM(E2:E10)" and summary["A11"].value == "合计"


def test_summary_total_computes_in_a_spreadsheet(seed_xlsx):
    values = load_workbook(seed_xlsx)["项目汇总"]
    total = sum(Decimal(str(values.cell(r, 5).value)) for r in range(2, 11))
    assert total == Decimal("253")


def test_no_formula_anywhere_but_the_total_even_for_formula_like_text(tmp_path):
    document = Document(departments=[Department(code="1", name="=单位", overall_goal="+目标", projects=[
        Project(code="@A1", name="=SUM(A1:A2)", fund_use="-用途", goals=["=1+1"], indicators=[
            Indicator("产出指标", "数量指标", "=HYPERLINK(\"x\")", "+描述", "=100%", "-3"),
            Indicator("效益指标", "社会效益指标", "@x", "", "+5", "=依据")])])])
    path = tmp_path / "f.xlsx"
    write_workbook(document, path)
    wb = load_workbook(path)
    formulas = [(ws.title, c.coordinate) for ws in wb for row in ws.iter_rows() for c in row if c.data_type == "f"]
    assert formulas == [("项目汇总", "E3"), ("项目汇总", "F3"), ("项目汇总", "G3")]
    ws = wb.worksheets[1]
    texts = {c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    assert {"=SUM(A1:A2)", "=HYPERLINK(\"x\")", "=100%", "+5", "-3", "@x", "=依据", "1.=1+1"} <= texts
    back = read_workbook(path)
    assert back == document
    flat = wb["指标清单"]
    assert flat["L2"].value == "=100%" and flat["L2"].data_type == "s" and flat["J2"].value == 100


def test_flat_list_columns_and_values(seed_xlsx):
    ws = load_workbook(seed_xlsx)["指标清单"]
    assert tuple(c.value for c in ws[1]) == FLAT_HEADERS
    assert ws.max_row == 1 + 81
    row = [c.value for c in ws[3]]
    assert row[:8] == ["210001", "中国共产党昌黎县委员会政法委员会本级", "1303222158GWYR2IGDLIP", "综治工作经费",
                       "产出指标", "质量指标", "平安建设各项重点指标完成率", "平安建设各项重点工作完成指标值/平安建设各项重点工作总分值"]
    assert row[8:12] == ["≥", 95, "%", "≥95%"]
    assert [c.value for c in ws[9]][8:12] == ["定性", None, None, "长期"]
    assert ws.cell(2, 10).data_type == "n"


def test_seed_round_trips_through_a_workbook(seed_xlsx, seed_text):
    document = read_workbook(seed_xlsx)
    assert comparable_lines(document_text(document)) == comparable_lines(seed_text)


def test_export_import_export_gives_the_same_data(tmp_path):
    document = example_document()
    first, second = tmp_path / "1.xlsx", tmp_path / "2.xlsx"
    write_workbook(document, first)
    back = read_workbook(first)
    assert back == document
    write_workbook(back, second)
    a, b = load_workbook(first), load_workbook(second)
    assert a.sheetnames == b.sheetnames
    for ws in a:
        assert [[c.value for c in r] for r in ws.iter_rows()] == [[c.value for c in r] for r in b[ws.title].iter_rows()]


def test_public_version_redacts(tmp_path):
    path = tmp_path / "public.xlsx"
    write_workbook(example_document(), path, public=True)
    wb = load_workbook(path)
    secret = wb["4.应急指挥通信保障经费"]
    cells = [secret.cell(r, c).value for r in range(10, 16) for c in (3, 5, 7, 8)]
    assert set(cells) == {"涉密"} and secret["A1"].value == "4.应急指挥通信保障经费绩效目标表"
    part1 = wb["部门整体绩效目标"]
    texts = [c.value for row in part1.iter_rows() for c in row]
    assert "内容涉密，按照规定不予公开。" in texts and "专网可用率不低于99.5%。" not in texts
    flat = [c.value for row in wb["指标清单"].iter_rows() for c in row]
    assert "维护通信节点数" not in flat
    full = tmp_path / "full.xlsx"
    write_workbook(example_document(), full)
    assert load_workbook(full)["4.应急指挥通信保障经费"]["A1"].value.endswith("【涉密】")


def test_blank_template_filled_in_imports(tmp_path):
    path = tmp_path / "template.xlsx"
    write_template(path, HEBEI)
    wb = load_workbook(path)
    assert wb.sheetnames == ["项目绩效目标表", "指标清单"]
    assert tuple(c.value for c in wb["指标清单"][1]) == FLAT_HEADERS
    ws = wb["项目绩效目标表"]
    assert ws["A3"].value == "项目编码" and ws["A9"].value == "一级指标" and ws["A10"].value is None
    ws["A2"] = "305001某县农业农村局本级"
    ws["B3"], ws["F3"] = "13052426NYJ0000000001", "农田水利设施管护经费"
    ws["C4"], ws["F4"], ws["H4"] = 15, "12.5", 2.5
    ws["B5"] = "用于灌溉渠道清淤和泵站维护。"
    assert ws["D7"].number_format == "0.00%"  # pre-formatted: what Excel stores when 40 is typed there
    ws["D7"], ws["F7"], ws["H7"] = 0.4, "80%", 1
    ws["B8"] = "1.完成渠道清淤30公里\n2.泵站完好率≥95%"
    rows = [("产出指标", "数量指标", "清淤长度", "渠道清淤", "≥30公里", "年度计划"),
            ("", "", "泵站维护数量", "", "12座", "年度计划"),
            ("", "质量指标", "泵站完好率", "", "≥95%", ""),
            ("满意度指标", "服务对象满意度", "农户满意度", "", "≥90%", "问卷")]
    for offset, (l1, l2, name, desc, value, basis) in enumerate(rows):
        r = 10 + offset
        ws.cell(r, 1).value, ws.cell(r, 2).value, ws.cell(r, 3).value = l1 or None, l2 or None, name
        ws.cell(r, 5).value, ws.cell(r, 7).value, ws.cell(r, 8).value = desc or None, value, basis or None
    wb.save(path)
    document = read_workbook(path)
    d = document.departments[0]
    p = d.projects[0]
    assert (d.code, d.name, p.name, p.code) == ("305001", "某县农业农村局本级", "农田水利设施管护经费", "13052426NYJ0000000001")
    assert (p.budget, p.fiscal, p.other) == (Decimal("15"), Decimal("12.5"), Decimal("2.5"))
    assert p.plan == [None, Decimal("40.00"), Decimal("80"), Decimal("100.00")]
    assert p.goals == ["完成渠道清淤30公里", "泵站完好率≥95%"]
    assert [(i.level1, i.level2, i.name) for i in p.indicators] == [
        ("产出指标", "数量指标", "清淤长度"), ("产出指标", "数量指标", "泵站维护数量"),
        ("产出指标", "质量指标", "泵站完好率"), ("满意度指标", "服务对象满意度指标", "农户满意度")]


def _flat_workbook(path, headers, rows, title="绩效指标"):
    wb = Workbook()
    ws = wb.active
    ws.title = title
    ws.append(headers)
    for row in rows:
        ws.append(row)
    wb.save(path)


def test_flat_list_from_another_system(tmp_path):
    path = tmp_path / "flat.xlsx"
    headers = ["单位名称", "项目名称", "预算数（元）", "年度目标", "一级绩效指标", "二级指标", "指标名称", "计算符号",
               "指标值", "度量单位", "指标值确定依据"]
    rows = [
        ["某县卫健局", "家庭医生签约服务经费", "1,234,500.00", "签约率达到目标", "产出指标", "数量指标", "签约人数", ">=", 12000, "人", "上级文件"],
        [None, None, None, None, None, None, "重点人群签约率", "≥", 80, "%", "上级文件"],
        [None, None, None, None, "产出", "时效", "签约完成时间", "≤", 10, "月底", ""],
        [None, None, None, None, "满意度", "服务对象满意度", "群众满意度", "≥", 90, "%", "问卷"],
        ["某县卫健局", "基本公共卫生服务经费", 5000000, "", "效益指标", "社会效益指标", "居民健康水平", "定性", "逐步提高", "", ""],
    ]
    _flat_workbook(path, headers, rows)
    document = read_workbook(path)
    d = document.departments[0]
    assert d.name == "某县卫健局" and [p.name for p in d.projects] == ["家庭医生签约服务经费", "基本公共卫生服务经费"]
    first, second = d.projects
    assert first.budget == Decimal("123.45") and second.budget == Decimal("500")  # 元 → 万元, exactly
    assert goals_text(first.goals) == "签约率达到目标"  # written without a number: not numbered on the way out
    assert [i.value for i in first.indicators] == [">=12000人", "≥80%", "≤10月底", "≥90%"]
    assert [(i.level1, i.level2) for i in first.indicators][2:] == [("产出指标", "时效指标"), ("满意度指标", "服务对象满意度指标")]
    assert first.indicators[1].level2 == "数量指标"  # merged cells carried down
    assert second.indicators[0].value == "逐步提高"


def test_flat_list_in_wan_yuan_with_other_spellings(tmp_path):
    path = tmp_path / "flat2.xlsx"
    _flat_workbook(path, ["项目编码", "项目名称", "项目资金（万元）", "一级指标", "二级绩效指标", "三级指标名称", "指标性质",
                          "指标值", "计量单位"],
                   [["A01", "甲项目", "1,234.50", "产出指标", "成本指标", "成本", "≤", 1234.5, "万元"]])
    p = read_workbook(path).departments[0].projects[0]
    assert (p.code, p.budget, p.indicators[0].value) == ("A01", Decimal("1234.50"), "≤1234.5万元")


# -- bad workbooks ----------------------------------------------------------------------------

def _error(path) -> str:
    with pytest.raises(ExchangeError) as info:
        read_workbook(path)
    return str(info.value)


def test_not_a_workbook(tmp_path):
    path = tmp_path / "x.xlsx"
    path.write_text("项目名称,预算数\n", encoding="utf-8")
    assert "不是 Excel 工作簿" in _error(path) and "x.xlsx" in _error(path)


def test_password_protected_or_old_xls(tmp_path):
    path = tmp_path / "locked.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    assert "打开密码" in _error(path)


def test_damaged_workbook(tmp_path, seed_xlsx):
    broken = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(seed_xlsx) as src, zipfile.ZipFile(broken, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename.endswith("sheet2.xml"):
                data = data[: len(data) // 2]
            dst.writestr(item, data)
    assert "已损坏" in _error(broken)


def test_missing_columns(tmp_path):
    path = tmp_path / "m.xlsx"
    _flat_workbook(path, ["项目名称", "一级指标", "三级指标", "指标值"], [["甲", "产出指标", "x", "1个"]], title="清单")
    message = _error(path)
    assert "工作表「清单」第1行" in message and "缺少「二级指标」列" in message


def test_text_where_an_amount_belongs(tmp_path, seed_xlsx):
    wb = load_workbook(seed_xlsx)
    wb["2.政法干警人身意外伤害保险"]["C4"] = "二十三万"
    wb.save(seed_xlsx)
    message = _error(seed_xlsx)
    assert "工作表「2.政法干警人身意外伤害保险」第4行C列（预算数）" in message and "应为数字" in message


def test_text_where_an_amount_belongs_in_a_flat_list(tmp_path):
    path = tmp_path / "a.xlsx"
    _flat_workbook(path, ["项目名称", "预算数", "一级指标", "二级指标", "三级指标"],
                   [["甲", "12万元", "产出指标", "数量指标", "x"]])
    assert "工作表「绩效指标」第2行B列（预算数）" in _error(path)


def test_unknown_levels(tmp_path, seed_xlsx):
    wb = load_workbook(seed_xlsx)
    wb["5.铁路护路联防经费"]["B12"] = "速度指标"
    wb.save(seed_xlsx)
    message = _error(seed_xlsx)
    assert "工作表「5.铁路护路联防经费」第12行B列（二级指标）" in message and "速度指标" in message
    path = tmp_path / "u.xlsx"
    _flat_workbook(path, ["项目名称", "一级指标", "二级指标", "三级指标"], [["甲", "影响指标", "数量指标", "x"]])
    assert "第2行B列（一级指标）" in _error(path) and "不是已知的一级指标" in _error(path)


def test_absurdly_large_sheet(tmp_path):
    path = tmp_path / "big.xlsx"
    wb = Workbook()
    wb.active.title = "巨大"
    wb.active.cell(250_000, 1).value = "x"
    wb.save(path)
    assert "工作表「巨大」过大" in _error(path)


def test_cli_import_of_a_bad_workbook_creates_nothing(tmp_path):
    src = tmp_path / "bad.xlsx"
    _flat_workbook(src, ["项目名称", "一级指标", "三级指标"], [["甲", "产出指标", "x"]])
    result = run_cli("import", src, "-o", tmp_path / "out.perfdesk")
    assert result.returncode == 1 and "缺少「二级指标」列" in result.stderr
    assert not (tmp_path / "out.perfdesk").exists()


def test_cli_export_xlsx_template_and_import(tmp_path, seed_path, seed_text):
    doc = tmp_path / "seed.perfdesk"
    assert run_cli("import", seed_path, "-o", doc).returncode == 0
    assert run_cli("export", doc, "--xlsx", tmp_path / "seed.xlsx").returncode == 0
    assert run_cli("export", doc, "--xlsx", tmp_path / "public.xlsx", "--public").returncode == 0
    assert run_cli("template", tmp_path / "blank.xlsx").returncode == 0
    assert load_workbook(tmp_path / "blank.xlsx").sheetnames == ["项目绩效目标表", "指标清单"]
    back = tmp_path / "back.perfdesk"
    assert run_cli("import", tmp_path / "seed.xlsx", "-o", back).returncode == 0
    assert run_cli("export", back, "--text", tmp_path / "back.txt").returncode == 0
    assert comparable_lines((tmp_path / "back.txt").read_text(encoding="utf-8")) == comparable_lines(seed_text)
    assert run_cli("export", doc).returncode == 1


def test_typed_document_round_trips(tmp_path):
    from test_published_text import _typed_document

    document = _typed_document()
    path = tmp_path / "typed.xlsx"
    write_workbook(document, path)
    assert read_workbook(path) == document
    assert read_text(document_text(read_workbook(path))) == document


def test_print_setup_fits_tables_and_the_list(seed_xlsx):
    """Regression: projects spilled a row or two onto pages of their own; the list printed portrait, cut off."""
    wb = load_workbook(seed_xlsx)
    first = wb["1.综治工作经费"]
    assert fit_pages(first) == (1, 1)  # one page, with its signature
    flat = wb["指标清单"]
    assert flat.page_setup.orientation == "landscape" and fit_pages(flat)[0] == 1
    assert flat.print_title_rows == "$1:$1" and flat.sheet_properties.pageSetUpPr.fitToPage
    assert all(flat.row_dimensions[r].height for r in range(2, flat.max_row + 1))  # fitted, not default
    assert flat["N2"].alignment.wrap_text or flat["M2"].alignment.wrap_text


def test_a_long_table_keeps_its_size_over_several_pages(tmp_path, seed_doc):
    import copy

    document = copy.deepcopy(seed_doc)
    project = document.departments[0].projects[0]
    project.indicators = project.indicators * 6  # far more than a page
    write_workbook(document, tmp_path / "long.xlsx")
    ws = load_workbook(tmp_path / "long.xlsx")["1.综治工作经费"]
    assert fit_pages(ws)[1] == 0 and ws.print_title_rows  # pages of normal size, header repeated


def test_part1_sheet_reads_like_the_published_part1_and_round_trips(tmp_path):
    """Regression: the 部门整体绩效目标 sheet was a data table (部分 | 内容 | 绩效指标 | 涉密)."""
    from perfdesk.domain.model import GoalItem

    document = example_document()
    d = document.departments[0]
    d.overall_goal = "第一段。\n二、分项绩效目标"  # a paragraph that reads like a heading stays a paragraph
    d.items.append(GoalItem("新分项", "目标第一行\n目标第二行", "指标", secret=True))
    path = tmp_path / "p1.xlsx"
    write_workbook(document, path)
    ws = load_workbook(path)["部门整体绩效目标"]
    column_a = [(ws.cell(r, 1).value, bool(ws.cell(r, 1).font.b)) for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value]
    assert ("一、总体绩效目标", True) in column_a and ("第一段。", False) in column_a
    assert ("二、分项绩效目标", False) in column_a  # the paragraph, not bold
    assert ("绩效目标：目标第一行", False) in column_a and ("目标第二行", False) in column_a
    assert not any(value == "部分" for value, _ in column_a)
    assert any(str(value).endswith("【涉密】") and bold for value, bold in column_a)
    back = read_workbook(path).departments[0]
    assert (back.overall_goal, back.items, back.measures) == (d.overall_goal, d.items, d.measures)
    assert (back.overall_secret, back.items_secret, back.measures_secret) == \
           (d.overall_secret, d.items_secret, d.measures_secret)


def test_part1_sheet_of_an_older_perfdesk_still_imports(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.title = "部门整体绩效目标"
    rows = [["部门整体绩效目标"], ["单位编码", "210001"], ["单位名称", "某局"], ["预算年度", "2026"], [],
            ["部分", "内容", "绩效指标", "涉密"], ["一、总体绩效目标", "总体目标。", "", ""],
            ["二、分项绩效目标", "", "", ""], ["（一）分项甲", "目标甲", "指标甲", "是"],
            ["三、工作保障措施", "", "", ""], ["", "措施一。", "", ""]]
    for row in rows:
        ws.append(row)
    wb.save(tmp_path / "old.xlsx")
    d = read_workbook(tmp_path / "old.xlsx").departments[0]
    assert (d.code, d.name, d.year, d.overall_goal, d.measures) == ("210001", "某局", 2026, "总体目标。", ["措施一。"])
    assert [(i.title, i.goal, i.indicator, i.secret) for i in d.items] == [("分项甲", "目标甲", "指标甲", True)]


def test_a_damaged_part1_sheet_is_an_error_naming_the_row_and_imports_nothing(tmp_path):
    from openpyxl.styles import Font

    for case in ("unknown heading", "paragraph first", "item without prefix"):
        wb = Workbook()
        ws = wb.active
        ws.title = "部门整体绩效目标"
        ws.append(["部门整体绩效目标"])
        ws.append(["单位编码", "210001"])
        ws.append([])
        rows = {"unknown heading": [("四、其他", True)],
                "paragraph first": [("一段没有标题的文字。", False)],
                "item without prefix": [("二、分项绩效目标", True), ("（一）分项甲", True), ("没有前缀的一段。", False)]}[case]
        for text, bold in rows:
            ws.append([text])
            ws.cell(ws.max_row, 1).font = Font(bold=bold)
        bad_row = ws.max_row
        path = tmp_path / f"{case}.xlsx"
        wb.save(path)
        with pytest.raises(ExchangeError) as info:
            read_workbook(path)
        assert "工作表「部门整体绩效目标」" in str(info.value), case
        assert f"第{bad_row}行A列" in str(info.value), case
        result = run_cli("import", path, "-o", tmp_path / f"{case}.perfdesk")
        assert result.returncode == 1 and not (tmp_path / f"{case}.perfdesk").exists()


def test_an_export_leaves_nothing_in_the_temporary_folder_written_or_cancelled(tmp_path, seed_doc, monkeypatch):
    """The workbook is written row by row through files of its own in the system's temporary folder: removed when
    it is written, and when the export is cancelled half way (the target not created either)."""
    import tempfile

    from perfdesk.exchange.cancel import Cancelled

    scratch = tmp_path / "temp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    write_workbook(seed_doc, tmp_path / "done.xlsx")
    assert load_workbook(tmp_path / "done.xlsx").sheetnames and list(scratch.iterdir()) == []
    asked = []

    def cancelled():
        asked.append(1)
        return len(asked) > 3  # 取消 pressed while the fourth project is written

    with pytest.raises(Cancelled):
        write_workbook(seed_doc, tmp_path / "cancelled.xlsx", cancelled=cancelled)
    assert list(scratch.iterdir()) == [] and not (tmp_path / "cancelled.xlsx").exists()


@pytest.mark.parametrize("where", ["fund_use", "basis"])
def test_a_text_longer_than_a_cell_holds_is_a_clear_error_not_a_cut_workbook(tmp_path, where):
    """Regression: xlsxwriter cut a text of over 32,767 characters to that length without a word — the workbook
    lost the end of the clerk's text. Now nothing is written and the error says where and what to do."""
    long_text = "依据" * 20000
    indicator = Indicator("产出指标", "数量指标", "指标", "描述", "1项", long_text if where == "basis" else "依据")
    project = Project(name="长文本项目", indicators=[indicator], fund_use=long_text if where == "fund_use" else "用途")
    target = tmp_path / "out.xlsx"
    with pytest.raises(ExchangeError) as raised:
        write_workbook(Document(departments=[Department(code="1", name="单位", projects=[project])]), target)
    message = str(raised.value)
    assert "「1.长文本项目」工作表" in message and "40000 个字符" in message and "32767" in message
    assert ("资金用途" if where == "fund_use" else "第1条指标的指标值确定依据") in message
    assert not target.exists() and list(tmp_path.iterdir()) == []


def test_names_beyond_the_bmp_and_over_several_lines_make_valid_sheet_names(tmp_path):
    """Regression: a project name with a character beyond the BMP (CJK Extension B, 𠮷 — two UTF-16 units, as Excel
    counts) made a sheet name over Excel's 31 and the export stopped with xlsxwriter's English error; a name typed
    over two lines went into the sheet name with its line break."""
    names = ["𠮷" * 40, "𠮷" * 40, "两行的\n项目名称"]
    projects = [Project(name=name, indicators=[Indicator("产出指标", "数量指标", f"指标{i}", "描述", "1项", "依据")])
                for i, name in enumerate(names)]
    target = tmp_path / "out.xlsx"
    write_workbook(Document(departments=[Department(code="1", name="单位", projects=projects)]), target)
    titles = load_workbook(target).sheetnames
    assert all(len(title.encode("utf-16-le")) // 2 <= 31 for title in titles)
    assert len({title.casefold() for title in titles}) == len(titles)
    assert "3.两行的项目名称" in titles
    back = read_workbook(target)
    assert [p.name for p in back.departments[0].projects] == names  # the names themselves kept whole


def test_the_workbooks_sheet_names_are_still_checked(tmp_path):
    """perfdesk's workbook checks a new sheet's name against the earlier ones in a set (xlsxwriter's own loop made an
    export of thousands of projects quadratic); a name used twice, regardless of case, or one Excel refuses, is still
    refused, and the sheets are all there."""
    from xlsxwriter.exceptions import DuplicateWorksheetName, InvalidWorksheetName

    from perfdesk.exchange.xlsx_book import Book

    with Book(tmp_path / "out.xlsx") as book:
        book.sheet("项目A")
        book.sheet("Sheet b")
        with pytest.raises(DuplicateWorksheetName):
            book.sheet("SHEET B")
        with pytest.raises(InvalidWorksheetName):
            book.sheet("a/b")
        with pytest.raises(InvalidWorksheetName):
            book.sheet("x" * 32)
        assert [ws.name for ws in book.workbook.worksheets()] == ["项目A", "Sheet b"]
        book.close()
    assert load_workbook(tmp_path / "out.xlsx").sheetnames == ["项目A", "Sheet b"]
