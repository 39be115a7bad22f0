"""Workbook and text imports never drop a project or an amount silently (reliability issue, items 3–5, 8, 14, 21)."""

import zipfile
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from conftest import run_cli
from perfdesk.domain.amounts import AmountError, parse_amount
from perfdesk.domain.model import Department, Document, Project
from perfdesk.exchange.errors import ExchangeError
from perfdesk.exchange.text_reader import read_text
from perfdesk.exchange.xlsx_reader import read_workbook
from perfdesk.exchange.xlsx_writer import write_workbook
from perfdesk.storage import DocumentFile


@pytest.fixture
def seed_xlsx(tmp_path, seed_doc):
    path = tmp_path / "seed.xlsx"
    write_workbook(seed_doc, path)
    return path


def _edit(path, out, change):
    wb = load_workbook(path)
    change(wb)
    wb.save(out)
    return out


def _error(path) -> str:
    with pytest.raises(ExchangeError) as info:
        read_workbook(path)
    return str(info.value)


def _budget_cell(ws):
    for row in ws.iter_rows(max_row=12):
        for cell in row:
            if cell.value == "预算数":
                return ws.cell(cell.row, cell.column + 1)
    raise AssertionError("no 预算数")


def test_merged_label_column_is_an_error_naming_the_sheet_not_a_skip(tmp_path, seed_xlsx):
    def merge(wb):
        ws = wb["1.综治工作经费"]
        for rng in list(ws.merged_cells.ranges):
            if rng.min_col == 1 and 3 <= rng.min_row and rng.max_row <= 9:
                ws.unmerge_cells(rng.coord)
        ws.merge_cells("A3:A9")

    broken = _edit(seed_xlsx, tmp_path / "merged.xlsx", merge)
    message = _error(broken)
    assert "工作表「1.综治工作经费」" in message and "A3:A9" in message
    result = run_cli("import", broken, "-o", tmp_path / "x.perfdesk")
    assert result.returncode == 1 and not (tmp_path / "x.perfdesk").exists()


def test_import_summary_lists_every_sheet(tmp_path, seed_xlsx):
    report: list[str] = []
    read_workbook(seed_xlsx, report=report)
    titles = load_workbook(seed_xlsx, read_only=True).sheetnames
    assert [line.split("」")[0].removeprefix("工作表「") for line in report] == titles
    result = run_cli("import", seed_xlsx, "-o", tmp_path / "s.perfdesk")
    assert result.returncode == 0 and "工作表「项目汇总」" in result.stdout and "工作表「9.政法网光纤租赁费」" in result.stdout


def test_formula_without_a_cached_value_is_an_error_naming_the_cell(tmp_path, seed_xlsx):
    """Regression: the amount read as empty and the total fell from 253.00 to 223.00 without a word."""
    def formula(wb):
        cell = _budget_cell(wb["1.综治工作经费"])
        cell.value = "=10+20"  # openpyxl writes a formula without its result, as other generators do

    broken = _edit(seed_xlsx, tmp_path / "formula.xlsx", formula)
    message = _error(broken)
    assert "工作表「1.综治工作经费」" in message and "公式没有计算结果" in message and "第4行C列" in message


def _raw_number(path, out, sheet_xml: str, coord: str, raw: str):
    """Put a number into a cell's XML as a spreadsheet might (openpyxl itself cannot write 1e400)."""
    import re

    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == sheet_xml:
                text, count = re.subn(rf'<c r="{coord}"[^>]*?(/>|>.*?</c>)', f'<c r="{coord}" t="n"><v>{raw}</v></c>',
                                      data.decode(), count=1)
                assert count == 1, coord
                data = text.encode()
            dst.writestr(item, data)
    return out


@pytest.mark.parametrize("coord", ["C4", "B7"])  # 预算数, 3月底 plan share
def test_infinite_amounts_in_a_workbook_are_refused(tmp_path, seed_xlsx, coord):
    """Regression: 1e400 got in as Infinity, then exported as an empty cell or crashed the export."""
    assert load_workbook(seed_xlsx).worksheets[1].title == "1.综治工作经费"
    broken = _raw_number(seed_xlsx, tmp_path / "inf.xlsx", "xl/worksheets/sheet2.xml", coord, "1e400")
    message = _error(broken)
    assert "工作表「1.综治工作经费」" in message and f"第{coord[1:]}行{coord[0]}列" in message and "不是有效的数字" in message


def test_amount_paths_admit_only_sane_decimals(tmp_path):
    for text in ("1e400", "Infinity", "NaN", "٣٠", "1" * 33, "0.1234567"):
        with pytest.raises(AmountError):
            parse_amount(text, what="预算数")
    assert parse_amount("999999999999.5") == Decimal("999999999999.5")
    bad = Document(departments=[Department("1", "单位", projects=[Project(name="甲", budget=Decimal("Infinity"))])])
    with pytest.raises(AmountError):
        DocumentFile.create(tmp_path / "inf.perfdesk", bad)
    assert not (tmp_path / "inf.perfdesk").exists()


def test_text_with_an_absurd_amount_names_the_line(seed_text):
    broken = seed_text.replace("\t30.00\n", "\t1" + "0" * 32 + "\n", 1)
    with pytest.raises(ExchangeError) as info:
        read_text(broken)
    assert info.value.line is not None and "过大" in info.value.message


def test_33_digit_yuan_amount_in_a_flat_list_is_a_chinese_error(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["项目名称", "预算数（元）", "一级指标", "二级指标", "三级指标"])
    ws.append(["甲", "1" * 33, "产出指标", "数量指标", "x"])
    wb.save(tmp_path / "big.xlsx")
    message = _error(tmp_path / "big.xlsx")
    assert "第2行B列" in message and "过大" in message and "InvalidOperation" not in message


def test_zip_bomb_is_refused_before_opening(tmp_path):
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/worksheets/sheet1.xml", "<a>" + " " * (60 * 2**20) + "</a>")
    assert "解压后过大" in _error(path)


def test_openpyxl_is_left_as_it_was_after_a_read_that_skips_merged_borders(tmp_path, seed_xlsx, monkeypatch):
    """Reading replaces, while it loads, the openpyxl method that draws a merged range's borders into its cells (a
    workbook of many tables loads several times faster); openpyxl is itself again afterwards, also after a read that
    fails, and the read gives the same document as openpyxl's own loading."""
    from contextlib import nullcontext

    from openpyxl.worksheet.worksheet import Worksheet

    from perfdesk.exchange import workbook_open

    original = Worksheet._clean_merge_range
    document = read_workbook(seed_xlsx)
    assert Worksheet._clean_merge_range is original
    broken = tmp_path / "坏.xlsx"
    broken.write_bytes(seed_xlsx.read_bytes()[:-200])
    with pytest.raises(ExchangeError):
        read_workbook(broken)
    assert Worksheet._clean_merge_range is original
    monkeypatch.setattr(workbook_open, "_merged_borders_skipped", nullcontext)
    assert read_workbook(seed_xlsx) == document
