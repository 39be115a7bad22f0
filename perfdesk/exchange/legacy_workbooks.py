"""Old workbooks read into openpyxl workbooks, so that one reader serves every kind: real BIFF ``.xls``
(Excel 97–2003, what older vendor systems and WPS save) through xlrd, and SpreadsheetML 2003 — the XML
that vendor exports often save under an ``.xls`` name — through defusedxml.

Values, number formats (the decimals a clerk typed), bold (how the 部门整体绩效目标 sheet marks its
headings) and merged ranges are carried over; the rest of a sheet's formatting does not matter to reading. Both are refused beyond the sizes an .xlsx is refused at.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

BOLD = Font(bold=True)

from .errors import ExchangeError

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
SPREADSHEETML = "urn:schemas-microsoft-com:office:spreadsheet"
MAX_BYTES = 200 * 2**20


def kind_of(head: bytes) -> str | None:
    """'biff' or 'spreadsheetml' for the first bytes of an old workbook, else None."""
    if head.startswith(OLE_MAGIC):
        return "biff"
    text = head.lstrip(b"\xef\xbb\xbf").lstrip()
    if text.startswith(b"<?xml") or text.startswith(b"<Workbook"):
        return "spreadsheetml" if SPREADSHEETML.encode() in head or b"<Workbook" in head else None
    return None


def _new_workbook() -> Workbook:
    wb = Workbook()
    wb.remove(wb.active)
    return wb


def _check_size(ws_title: str, rows: int, cols: int, max_rows: int, max_cols: int) -> None:
    if rows > max_rows or cols > max_cols:
        raise ExchangeError(f"工作表「{ws_title}」过大（超过 {max_rows} 行或 {max_cols} 列），不像是绩效目标表，未导入。")


# -- BIFF (.xls) ----------------------------------------------------------------------------------

def read_biff(path: Path, max_rows: int, max_cols: int) -> Workbook:
    import xlrd
    from xlrd.biffh import XL_CELL_BOOLEAN, XL_CELL_NUMBER, XL_CELL_TEXT
    from xlrd.compdoc import CompDocError

    if path.stat().st_size > MAX_BYTES:
        raise ExchangeError("工作簿过大，不像是正常的表格，未导入。", path=str(path))
    try:
        book = xlrd.open_workbook(str(path), formatting_info=True, on_demand=True)
    except Exception as exc:  # noqa: BLE001 - xlrd raises many kinds (XLRDError, CompDocError…) for such files
        if isinstance(exc, (xlrd.XLRDError, CompDocError)) and _encrypted(path):
            raise ExchangeError("这是设置了打开密码的工作簿。请在 Excel/WPS 中取消密码后再导入。", path=str(path)) from None
        raise ExchangeError("无法读取这个 .xls 工作簿：它已损坏，或设置了打开密码。请在 Excel/WPS 中打开（取消密码）"
                            "并另存为 .xlsx 后再导入。", path=str(path)) from None
    wb = _new_workbook()
    try:
        for index in range(book.nsheets):
            sheet = book.sheet_by_index(index)
            ws = wb.create_sheet(sheet.name[:31] or f"Sheet{index + 1}")
            _check_size(ws.title, sheet.nrows, sheet.ncols, max_rows, max_cols)
            for r in range(sheet.nrows):
                for c in range(sheet.ncols):
                    cell = sheet.cell(r, c)
                    xf = book.xf_list[cell.xf_index]
                    if cell.ctype == XL_CELL_TEXT and cell.value != "":
                        target = ws.cell(r + 1, c + 1, cell.value)
                        font = book.font_list[xf.font_index]
                        if font.bold or font.weight >= 700:  # LibreOffice writes the weight only
                            target.font = BOLD
                    elif cell.ctype in (XL_CELL_NUMBER, XL_CELL_BOOLEAN):  # an error value is no value
                        target = ws.cell(r + 1, c + 1, cell.value)
                        fmt = book.format_map.get(xf.format_key)
                        if fmt is not None:
                            target.number_format = fmt.format_str
            for rlo, rhi, clo, chi in sheet.merged_cells:
                if rhi - rlo > 1 or chi - clo > 1:
                    ws.merge_cells(start_row=rlo + 1, start_column=clo + 1, end_row=rhi, end_column=chi)
            book.unload_sheet(index)
    finally:
        book.release_resources()
    return wb


def _encrypted(path: Path) -> bool:
    """An Office file with an open password is a compound document holding an EncryptedPackage stream (its
    directory names are UTF-16)."""
    return "EncryptedPackage".encode("utf-16-le") in path.read_bytes()


# -- SpreadsheetML 2003 ----------------------------------------------------------------------------

def _q(name: str) -> str:
    return f"{{{SPREADSHEETML}}}{name}"


def read_spreadsheetml(path: Path, max_rows: int, max_cols: int) -> Workbook:
    """Parsed with defusedxml: a document type declaration or an entity (billion laughs, external files) is
    refused, never expanded."""
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import ParseError, parse

    if path.stat().st_size > MAX_BYTES:
        raise ExchangeError("工作簿过大，不像是正常的表格，未导入。", path=str(path))
    try:
        root = parse(str(path)).getroot()
    except DefusedXmlException:
        raise ExchangeError("XML 工作簿含有实体或文档类型声明，出于安全原因未导入。请在 Excel/WPS 中打开并另存为 .xlsx。",
                            path=str(path)) from None
    except ParseError as exc:
        raise ExchangeError(f"XML 工作簿已损坏（第{exc.position[0]}行），无法读取。请在 Excel/WPS 中打开并另存为 .xlsx 后再导入。",
                            path=str(path)) from None
    if root.tag != _q("Workbook"):
        raise ExchangeError("这不是 Excel 工作簿，无法导入。", path=str(path))
    formats, bold = {}, set()
    for style in root.iter(_q("Style")):
        number = style.find(_q("NumberFormat"))
        if number is not None and number.get(_q("Format")):
            formats[style.get(_q("ID"))] = _named_format(number.get(_q("Format")))
        font = style.find(_q("Font"))
        if font is not None and font.get(_q("Bold")) == "1":
            bold.add(style.get(_q("ID")))
    wb = _new_workbook()
    for index, sheet in enumerate(root.findall(_q("Worksheet"))):
        ws = wb.create_sheet((sheet.get(_q("Name")) or f"Sheet{index + 1}")[:31])
        table = sheet.find(_q("Table"))
        if table is None:
            continue
        covered: set[tuple[int, int]] = set()  # cells merged into a cell of an earlier row or column
        row_number = 0
        for row in table.findall(_q("Row")):
            row_number = int(row.get(_q("Index"), row_number + 1))
            col = 0
            for cell in row.findall(_q("Cell")):
                col = int(cell.get(_q("Index"), 0)) or _next_free(covered, row_number, col + 1)
                _check_size(ws.title, row_number, col, max_rows, max_cols)
                across, down = int(cell.get(_q("MergeAcross"), 0)), int(cell.get(_q("MergeDown"), 0))
                data = cell.find(_q("Data"))
                if data is not None:
                    value = _data_value(data)
                    if value is not None:
                        target = ws.cell(row_number, col, value)
                        number_format = formats.get(cell.get(_q("StyleID")))
                        if number_format and not isinstance(value, str):
                            target.number_format = number_format
                        if cell.get(_q("StyleID")) in bold:
                            target.font = BOLD
                if across or down:
                    covered |= {(r, c) for r in range(row_number, row_number + down + 1)
                                for c in range(col, col + across + 1)} - {(row_number, col)}
                    ws.merge_cells(start_row=row_number, start_column=col, end_row=row_number + down,
                                   end_column=col + across)
                col += across
    return wb


def _next_free(covered: set[tuple[int, int]], row: int, col: int) -> int:
    while (row, col) in covered:
        col += 1
    return col


def _data_value(data):
    text = "".join(data.itertext())
    kind = data.get(_q("Type"), "String")
    if kind == "Number":
        try:
            return Decimal(text.strip())  # exactly as written in the file
        except InvalidOperation:
            return text
    if kind == "Boolean":
        return text.strip() == "1"
    return text if text != "" else None


def _named_format(name: str) -> str:
    """SpreadsheetML's named number formats as the format codes they stand for."""
    return {"Fixed": "0.00", "Standard": "#,##0.00", "Percent": "0.00%", "General Number": "General",
            "Currency": "#,##0.00"}.get(name, name)
