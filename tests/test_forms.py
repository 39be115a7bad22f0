"""Forms as data: every form placed, written to xlsx and PDF from its description, and read back."""

from __future__ import annotations

import copy
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from national_fixture import every_form_key, national_document
from perfdesk.domain.layout import TARGETS
from perfdesk.domain.rulesets import rule_set
from perfdesk.domain.forms import FORMS, HEBEI, NATIONAL, NATIONAL_YEAR, form
from perfdesk.domain.layout import place
from perfdesk.exchange.errors import ExchangeError
from perfdesk.exchange.xlsx_reader import read_workbook
from perfdesk.exchange.xlsx_writer import write_workbook
from test_layout import _grid


def _documents(seed_doc):
    """(form, document) for every form: the seed in the Hebei form, the national fixture in the others."""
    out = []
    for layout in map(form, every_form_key()):
        document = copy.deepcopy(seed_doc) if layout.key.startswith("hebei") else national_document(layout.key)
        document.form = layout.key
        out.append((layout, document))
    return out


def test_every_form_covers_its_grid_exactly_once(seed_doc):
    for layout, document in _documents(seed_doc):
        d = document.departments[0]
        for project in d.projects:
            for merge in (None, ("level1",), ()):
                table = place(d, project, layout=layout, merge=merge)
                assert set(_grid(table)) == {(r, c) for r in range(table.rows) for c in range(layout.ncols)}


def test_every_bound_field_is_described():
    for layout in map(form, every_form_key()):
        assert all(layout.field(c.field) for c in layout.field_cells())
        assert all(layout.indicator_field(c.field) for c in layout.indicator_columns)


def test_national_halves_side_by_side_with_level2_repeated():
    d = national_document().departments[0]
    project = d.projects[0]
    table = place(d, project, layout=NATIONAL)
    first = NATIONAL.first_indicator_row
    # 数量指标: three 中期 and two 年度 三级 → a group three rows tall on both halves, the 年度 half one row short
    mid = [c for c in table.cells if c.role == "indicator" and c.phase == "mid" and c.field == "level2"]
    year = [c for c in table.cells if c.role == "indicator" and c.phase == "year" and c.field == "level2"]
    assert [(c.row - first, c.rowspan, c.text) for c in mid] == [(c.row - first, c.rowspan, c.text) for c in year]
    assert (mid[0].rowspan, mid[0].text) == (3, "数量指标")
    names = {(c.row - first, c.phase): c.text for c in table.cells if c.field == "name" and c.role == "indicator"}
    assert names[(0, "mid")] == names[(0, "year")] == "渠道改造长度"
    assert names[(2, "mid")] == "配套建筑物" and names[(2, "year")] == ""
    # the 一级 column is shared, and 绩效指标 runs down the first column beside the header and every row
    block = next(c for c in table.cells if c.text == "绩效指标")
    assert (block.row, block.col, block.rowspan) == (NATIONAL.header_row, 0, table.rows - NATIONAL.header_row)


def test_one_year_variant_shows_the_year_set_only():
    document = national_document("national-year")
    d = document.departments[0]
    table = place(d, d.projects[0], layout=NATIONAL_YEAR)
    names = [c.text for c in table.cells if c.field == "name" and c.role == "indicator"]
    assert names == [i.name for i in d.projects[0].indicators if i.phase == "year"]
    assert not any("中期" in c.text for c in table.cells)


def _typed_in_hebei_info(seed_doc):
    """The seed as typed in the 信息表, which has no money, 资金用途 or plan to type."""
    document = copy.deepcopy(seed_doc)
    for project in document.projects():
        project.budget = project.fiscal = project.other = None
        project.fund_use, project.plan = "", [None] * len(project.plan)
    return document


def _cells(ws):
    return {(c.row, c.column): c.value for row in ws.iter_rows() for c in row if c.value is not None}


def _merges(ws):
    return sorted(str(r) for r in ws.merged_cells.ranges)


def test_every_placed_cell_is_in_the_workbook_with_its_merge_and_borders(tmp_path, seed_doc):
    for layout, document in _documents(seed_doc):
        path = tmp_path / f"{layout.key}.xlsx"
        write_workbook(document, path)
        wb = load_workbook(path)
        d = document.departments[0]
        for index, project in enumerate(d.projects, 1):
            # a target form's sheet 0 is Part 1; a 自评表 or 监控表 workbook is its project sheets
            ws = wb.worksheets[index if layout.moment == TARGETS else index - 1]
            table = place(d, project, layout=layout, rules=rule_set(document.rule_set))
            merges = {str(r) for r in ws.merged_cells.ranges}
            for cell in table.cells:
                row, col = 2 + cell.row, 1 + cell.col  # the title is row 1
                value = ws.cell(row, col).value
                spec = layout.spec_of(cell)
                if spec is not None and spec.kind.number and not isinstance(value, str):  # a number, in the field's unit
                    expected = spec.get(d, project) if spec.derive is None else cell.value
                    scale = 100 if spec.kind.number == "percent" else 1
                    assert (None if value is None else Decimal(str(value)) * scale) == expected, (layout.key, cell, value)
                else:
                    assert (value or "") == cell.text, (layout.key, cell)
                if cell.rowspan > 1 or cell.colspan > 1:
                    ref = ws.cell(row, col).coordinate + ":" + ws.cell(row + cell.rowspan - 1, col + cell.colspan - 1).coordinate
                    assert ref in merges, (layout.key, cell)
                if cell.role != "caption":  # the whole outline of a merged cell is drawn
                    last_row, last_col = row + cell.rowspan - 1, col + cell.colspan - 1
                    for r in range(row, last_row + 1):
                        for c in range(col, last_col + 1):
                            border = ws.cell(r, c).border
                            edges = [side for side, edge in (("left", c == col), ("right", c == last_col),
                                                             ("top", r == row), ("bottom", r == last_row)) if edge]
                            assert all(getattr(border, side).style == "thin" for side in edges), (layout.key, cell, r, c)
            assert int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4) and ws.sheet_properties.pageSetUpPr.fitToPage


@pytest.mark.parametrize("form", ["national", "national-year", "national-standard", "national-mid-standard",
                                  "hebei-info"])
def test_national_workbook_reads_back_cell_identical(tmp_path, form, seed_doc):
    """A document typed in the form: xlsx → document → xlsx, every cell and merge the same."""
    document = national_document(form) if form.startswith("national") else _typed_in_hebei_info(seed_doc)
    document.form = form
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    write_workbook(document, first)
    report: list[str] = []
    read = read_workbook(first, report=report)
    assert read.form == form
    assert any(FORMS[form].name in line for line in report)
    write_workbook(read, second)
    a, b = load_workbook(first), load_workbook(second)
    assert a.sheetnames == b.sheetnames
    for ws in a.worksheets:
        assert _cells(ws) == _cells(b[ws.title]), ws.title
        assert _merges(ws) == _merges(b[ws.title]), ws.title


def test_national_document_reads_back_whole_from_its_workbook(tmp_path):
    document = national_document()
    path = tmp_path / "n.xlsx"
    write_workbook(document, path)
    read = read_workbook(path)
    assert read.departments[0].projects == document.departments[0].projects
    d, expected = read.departments[0], document.departments[0]
    assert (d.code, d.name, d.year, d.supervisor_code, d.supervisor_name) == \
        (expected.code, expected.name, expected.year, expected.supervisor_code, expected.supervisor_name)


def test_a_form_switch_keeps_what_the_new_form_does_not_show(tmp_path):
    """The 中期 half is not in the Hebei table; after a Hebei round trip of the document it is still there."""
    from perfdesk.storage import DocumentFile

    document = national_document()
    path = tmp_path / "n.perfdesk"
    DocumentFile.create(path, document).close()
    with DocumentFile.open(path) as doc:
        hebei = doc.read()
    hebei.form = "hebei"
    table = place(hebei.departments[0], hebei.departments[0].projects[0], layout=HEBEI)
    assert not any(c.text == "三年改造渠道30公里" for c in table.cells)  # not shown…
    assert hebei.departments[0].projects[0].mid_goals == ["三年改造渠道30公里", "项目区灌溉保证率提高到80%以上"]  # …kept


def test_a_units_supervisor_survives_a_hebei_workbook(tmp_path, seed_doc):
    """The Hebei table prints no 主管部门: the Part 1 sheet carries it, so a workbook keeps it."""
    seed_doc.departments[0].supervisor_code, seed_doc.departments[0].supervisor_name = "130322", "某县委政法委"
    path = tmp_path / "s.xlsx"
    write_workbook(seed_doc, path)
    d = read_workbook(path).departments[0]
    assert (d.supervisor_code, d.supervisor_name) == ("130322", "某县委政法委")


def test_published_text_of_a_national_document_is_refused_and_writes_nothing(tmp_path):
    from conftest import run_cli
    from perfdesk.storage import DocumentFile

    path = tmp_path / "n.perfdesk"
    DocumentFile.create(path, national_document()).close()
    out = tmp_path / "n.txt"
    result = run_cli("export", path, "--text", out)
    assert result.returncode == 1 and "全国申报表（中期+年度）" in result.stderr and "Excel 或 PDF" in result.stderr
    assert not out.exists() and "Traceback" not in result.stderr


def test_national_tables_without_a_part1_sheet_say_the_unit_is_unknown(tmp_path):
    path = tmp_path / "n.xlsx"
    write_workbook(national_document(), path)
    wb = load_workbook(path)
    del wb[wb.sheetnames[0]]  # the 部门整体绩效目标 sheet
    wb.save(path)
    report: list[str] = []
    document = read_workbook(path, report=report)
    d = document.departments[0]
    assert (d.code, d.name, d.supervisor_name) == ("", "", "某县农业农村局")
    assert d.projects[0].name == "高标准农田灌溉渠系改造"
    assert any("请在部门页填写单位编码和名称" in line for line in report)


def test_a_filled_national_template_imports_both_halves(tmp_path):
    """A colleague fills the blank national template in Excel: 一级 and 二级 typed on each row."""
    from perfdesk.exchange.xlsx_writer import write_template

    path = tmp_path / "模板.xlsx"
    write_template(path, NATIONAL)
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    ws["A3"] = "项目编码：130322250000000000777"
    ws["D4"] = "村级道路硬化"
    ws["F7"], ws["I7"] = 90, 30
    rows = [("产出指标", "数量指标", "硬化里程（中期）", "≥9公里", "数量指标", "硬化里程", "≥3公里"),
            ("产出指标", "质量指标", "验收合格率", "100%", "质量指标", "验收合格率", "100%"),
            ("满意度指标", "服务对象满意度指标", "", "", "服务对象满意度指标", "群众满意度", "≥90%")]
    for k, (l1, mid2, mid3, midv, y2, y3, yv) in enumerate(rows):
        r = 13 + k
        ws.cell(r, 2, l1), ws.cell(r, 3, mid2), ws.cell(r, 4, mid3), ws.cell(r, 6, midv)
        ws.cell(r, 7, y2), ws.cell(r, 8, y3), ws.cell(r, 10, yv)
    wb.save(path)
    document = read_workbook(path)
    project = document.departments[0].projects[0]
    assert document.form == "national" and project.code == "130322250000000000777"
    assert (str(project.mid_total), str(project.budget)) == ("90.00", "30.00")  # as the cells show them
    assert [(i.phase, i.level2, i.name, i.value) for i in project.indicators] == [
        ("mid", "数量指标", "硬化里程（中期）", "≥9公里"), ("mid", "质量指标", "验收合格率", "100%"),
        ("year", "数量指标", "硬化里程", "≥3公里"), ("year", "质量指标", "验收合格率", "100%"),
        ("year", "服务对象满意度指标", "群众满意度", "≥90%")]


def test_a_national_table_as_a_province_writes_its_labels(tmp_path):
    """Spread labels, a leading *, a line break inside a label and provincial synonyms are the same form."""
    path = tmp_path / "p.xlsx"
    write_workbook(national_document(), path)
    wb = load_workbook(path)
    ws = wb.worksheets[1]
    relabel = {"A4": "*项 目 名 称", "A5": "预算部门", "G7": "年度本级\n预算金额", "B10": "实施期绩效目标",
               "G10": "本年度绩效目标", "A6": "项目属性 "}
    for ref, text in relabel.items():
        ws[ref] = text
    wb.save(path)
    read = read_workbook(path)
    assert read.form == "national" and read.departments[0].projects == national_document().departments[0].projects


def test_a_province_table_without_perfdesks_code_line_reads_no_code_from_its_year_line(tmp_path):
    path = tmp_path / "p.xlsx"
    write_workbook(national_document(), path)
    wb = load_workbook(path)
    source = wb.worksheets[1]
    ws = wb.create_sheet("省表", 1)  # the official form: title, year line, then 项目名称 — no 项目编码 line
    for row in source.iter_rows():
        for cell in row:
            if cell.row != 3 and cell.value is not None:
                ws.cell(cell.row - (cell.row > 3), cell.column, cell.value)
    for merged in source.merged_cells.ranges:
        if merged.min_row > 3:
            ws.merge_cells(start_row=merged.min_row - 1, start_column=merged.min_col,
                           end_row=merged.max_row - 1, end_column=merged.max_col)
    wb.remove(source)
    wb.save(path)
    project = read_workbook(path).departments[0].projects[0]
    assert project.code == "" and project.name == "高标准农田灌溉渠系改造"
    assert project.indicators == national_document().departments[0].projects[0].indicators


def _stack(wb, sheets, *, signatures: bool):
    """One sheet holding ``sheets``' tables one under another, as some units keep them (merges moved too)."""
    stacked = wb.create_sheet("全部项目")
    offset = 0
    for ws in sheets:
        last = ws.max_row
        if not signatures:  # cut the lines under each table
            while last > 1 and (ws.cell(last, 1).value is None or
                                str(ws.cell(last, 1).value).startswith(("项目负责人", "填报人"))):
                last -= 1
        for row in ws.iter_rows(max_row=last):
            for cell in row:
                if cell.value is not None:
                    target = stacked.cell(offset + cell.row, cell.column, cell.value)
                    target.number_format = cell.number_format
        for merged in ws.merged_cells.ranges:
            if merged.max_row <= last:
                stacked.merge_cells(start_row=offset + merged.min_row, start_column=merged.min_col,
                                    end_row=offset + merged.max_row, end_column=merged.max_col)
        offset += last + 2
    for ws in sheets:
        wb.remove(ws)
    return stacked


@pytest.mark.parametrize("signatures", [True, False])
def test_tables_stacked_in_one_sheet(tmp_path, seed_doc, signatures):
    path = tmp_path / "s.xlsx"
    write_workbook(seed_doc, path)
    wb = load_workbook(path)
    project_sheets = wb.worksheets[1:1 + len(seed_doc.departments[0].projects)]
    _stack(wb, project_sheets, signatures=signatures)
    wb.save(path)
    report: list[str] = []
    read = read_workbook(path, report=report)
    assert read.departments[0].projects == seed_doc.departments[0].projects
    assert any(line.startswith("工作表「全部项目」：项目「") and line.count("项目「") == len(project_sheets)
               for line in report)


def test_hebei_info_prints_the_value_in_three_columns_and_reads_it_back(tmp_path, seed_doc):
    from perfdesk.domain.forms import HEBEI_INFO

    seed_doc.form = "hebei-info"
    d = seed_doc.departments[0]
    table = place(d, d.projects[0], layout=HEBEI_INFO)
    first = HEBEI_INFO.first_indicator_row
    row = {c.part: c.text for c in table.cells if c.row == first + 1 and c.part}
    assert row == {"operator": "≥", "number": "95", "unit": "%"} and d.projects[0].indicators[1].value == "≥95%"
    qualitative = {c.part: c.text for c in table.cells if c.row == first + 4 and c.part}
    assert qualitative["operator"] == "定性" and qualitative["unit"] == ""
    path = tmp_path / "info.xlsx"
    write_workbook(seed_doc, path)
    read = read_workbook(path)
    assert read.form == "hebei-info"
    assert [i.value for p in read.departments[0].projects for i in p.indicators] == \
        [i.value.strip() for p in d.projects for i in p.indicators]


def test_national_sheets_naming_no_unit_belong_to_one_unit(tmp_path):
    """Regression: each national table of a workbook without a Part 1 sheet became a unit of its own."""
    document = national_document()
    second = copy.deepcopy(document.departments[0].projects[0])
    second.name = "小型水库除险加固"
    document.departments[0].projects.append(second)
    path = tmp_path / "two.xlsx"
    write_workbook(document, path)
    wb = load_workbook(path)
    del wb[wb.sheetnames[0]]
    wb.save(path)
    read = read_workbook(path)
    assert [[p.name for p in d.projects] for d in read.departments] == [["高标准农田灌溉渠系改造", "小型水库除险加固"]]


def test_variants_that_differ_only_in_the_indicator_header_are_told_apart(tmp_path):
    """全国申报表（年度） and its 绩效标准 variant share every head label: the indicator header decides, so
    the 绩效标准 column is never read as part of 指标值."""
    document = national_document("national-standard")
    for project in document.projects():
        for indicator in project.indicators:
            indicator.basis = "计划标准"
    path = tmp_path / "s.xlsx"
    write_workbook(document, path)
    read = read_workbook(path)
    assert read.form == "national-standard"
    assert {(i.value, i.basis) for p in read.projects() for i in p.indicators} == \
        {(i.value, "计划标准") for p in document.projects() for i in p.indicators}


@pytest.mark.parametrize("label", ["财政部门审核意见", "主管部门审核意见", "财 政 部 门 审 核 意 见"])
def test_a_closing_review_row_ends_the_indicators_and_is_said(tmp_path, label):
    """Some provinces publish the 申报表 with a closing 财政部门审核意见 row (FORMS.md §2): the bureau's words, not
    an indicator — the table reads as it was typed, and the row is named in the report as not read."""
    document = national_document("national-year")
    path = tmp_path / "审核意见.xlsx"
    write_workbook(document, path)
    wb = load_workbook(path)
    ws = next(s for s in wb.worksheets if s.title.startswith("1."))
    signature = next(r[0].row for r in ws.iter_rows() if str(r[0].value or "").startswith("填报人"))
    last = signature - 2  # the last indicator row, a blank row above the signature line
    ws.cell(last + 1, 1).value = label
    ws.cell(last + 1, 4).value = "同意。请严格按照绩效目标组织实施。"
    wb.save(path)
    report: list[str] = []
    read = read_workbook(path, report=report)
    assert read.departments[0].projects == document.departments[0].projects
    assert any(f"第{last + 1}行「{label}」是审核部门填写的意见" in line and "未读取" in line for line in report), report


def test_a_workbook_nothing_matched_names_each_sheet_the_form_it_resembles_and_what_it_lacks(tmp_path):
    """Issue 12 §7: a national table whose 三级指标 header was renamed, beside a sheet of notes — refused, naming
    each sheet, the form the first looks like and the labels missing."""
    document = national_document("national-year")
    path = tmp_path / "改过.xlsx"
    write_workbook(document, path)
    wb = load_workbook(path)
    for title in list(wb.sheetnames):
        if not title.startswith("1."):
            del wb[title]
    ws = wb.worksheets[0]
    for row in ws.iter_rows():
        for cell in row:
            if cell.value == "三级指标":
                cell.value = "具体指标"
    wb.create_sheet("说明").cell(1, 1).value = "本表由某县农业农村局填报。"
    wb.save(path)
    header = next(c for row in ws.iter_rows() for c in row if c.value == "具体指标")
    with pytest.raises(ExchangeError) as caught:
        read_workbook(path)
    assert f"工作表「1.高标准农田灌溉渠系改造」第{header.row}行{header.column_letter}列：这张表像「全国申报表（年度）」，" \
           "但找不到「三级指标」（「三级指标」应在此处，这里是「具体指标」）" in str(caught.value), str(caught.value)
    # no table where a form has it — the labels a column to the right (one inserted), the header renamed: each
    # sheet named, with the form it resembles most
    for merged in list(ws.merged_cells.ranges):  # (openpyxl moves no merge with its cells)
        ws.unmerge_cells(str(merged))
    ws.insert_cols(1)
    wb.save(path)
    with pytest.raises(ExchangeError) as caught:
        read_workbook(path)
    message = str(caught.value)
    assert "工作表「说明」：没有认出任何表式的栏目" in message, message
    assert "工作表「1.高标准农田灌溉渠系改造」：像「全国申报表（年度）」，但找不到「三级指标」" in message, message
    for cell in (c for row in ws.iter_rows() for c in row if c.value == "具体指标"):
        cell.value = "三级指标"
    wb.save(path)
    with pytest.raises(ExchangeError) as caught:
        read_workbook(path)
    assert "：有「全国申报表（年度）」的栏目，但不在表式的位置上（是否插入或删除了行、列？）" in str(caught.value)
