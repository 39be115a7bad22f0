"""Opening a workbook for reading: .xlsx with openpyxl (refusing zip bombs, noting formulas without a value),
old .xls of both kinds through legacy_workbooks."""

from __future__ import annotations

import zipfile
from contextlib import contextmanager
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.cell.cell import MergedCell
from openpyxl.worksheet.worksheet import Worksheet

from . import legacy_workbooks
from .errors import ExchangeError
from .sheet_cells import MAX_COLUMNS, MAX_ROWS

def open_workbook(path: Path):
    try:
        with path.open("rb") as f:
            head = f.read(1024)
    except FileNotFoundError:
        raise ExchangeError("找不到文件。", path=str(path)) from None
    except OSError as exc:
        raise ExchangeError(f"无法读取文件：{exc.strerror}", path=str(path)) from None
    legacy = legacy_workbooks.kind_of(head)
    if legacy is not None:  # .xls: BIFF, or SpreadsheetML 2003 XML under an .xls name
        read = legacy_workbooks.read_biff if legacy == "biff" else legacy_workbooks.read_spreadsheetml
        try:
            wb = read(path, MAX_ROWS, MAX_COLUMNS)
        except ExchangeError as exc:
            exc.path = exc.path or str(path)
            raise
        for ws in wb.worksheets:
            ws.uncomputed = set()  # both kinds store each formula's last value
        return wb
    if not zipfile.is_zipfile(path):
        raise ExchangeError("这不是 Excel 工作簿（.xlsx），无法导入。", path=str(path))
    _refuse_zip_bomb(path)
    try:
        formulas = _formula_cells(path)
        with _merged_borders_skipped():
            wb = load_workbook(path, data_only=True)
        for ws in wb.worksheets:
            ws.uncomputed = {cell for cell in formulas.get(ws.title, ()) if ws.cell(*cell).value is None}
        return wb
    except ExchangeError:
        raise
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a broken file
        raise ExchangeError(f"工作簿已损坏或格式不受支持（{type(exc).__name__}），请在 Excel/WPS 中打开并另存为 .xlsx 后再导入。",
                            path=str(path)) from None


@contextmanager
def _merged_borders_skipped():
    """Load without giving each cell of a merged range the borders of the range's edges: openpyxl does that for
    every merge as it loads a sheet (MergedCellRange.format), three quarters of the time a workbook of 1,000 tables
    took to load (26 of 35 s for 200), and reading asks only which cells are merged. The covered cells still become
    MergedCell, as openpyxl's own Worksheet._clean_merge_range makes them (openpyxl is kept below 3.2 for this)."""
    original = Worksheet._clean_merge_range

    def clean(ws, merged) -> None:
        cells = merged.cells
        next(cells)  # the top-left cell keeps its value
        for row, col in cells:
            ws._cells[row, col] = MergedCell(ws, row, col)

    Worksheet._clean_merge_range = clean
    try:
        yield
    finally:
        Worksheet._clean_merge_range = original


MAX_UNPACKED = 400 * 2**20  # what a workbook of MAX_ROWS real rows unpacks to is far below this
MAX_RATIO = 200  # XML compresses about 10–30×; hundreds of times is a bomb, not a table


def _refuse_zip_bomb(path: Path) -> None:
    """Refuse, before opening, a workbook whose parts would unpack to an absurd size (a zip bomb took
    35 s and 3 GB before the row limit was reached)."""
    try:
        with zipfile.ZipFile(path) as z:
            parts = z.infolist()
    except (zipfile.BadZipFile, OSError):
        raise ExchangeError("工作簿已损坏，无法导入。请在 Excel/WPS 中打开并另存为 .xlsx 后再导入。", path=str(path)) from None
    unpacked = sum(p.file_size for p in parts)
    packed = sum(p.compress_size for p in parts) or 1
    if unpacked > MAX_UNPACKED or (unpacked > 20 * 2**20 and unpacked / packed > MAX_RATIO):
        raise ExchangeError(f"工作簿解压后过大（{unpacked // 2**20} MB，压缩比 {unpacked // packed}:1），"
                            "不像是正常的表格，未导入。", path=str(path))


def _formula_cells(path: Path) -> dict[str, set[tuple[int, int]]]:
    """(row, column) of every formula, per sheet, read by streaming (the size is counted here too, rather
    than trusting the optional <dimension> tag). A formula whose cached value is missing — what openpyxl
    and other generators write — reads as an empty cell; the reader must not take that for a blank."""
    probe = load_workbook(path, read_only=True)
    try:
        found: dict[str, set[tuple[int, int]]] = {}
        for ws in probe.worksheets:
            cells = found.setdefault(ws.title, set())
            rows = 0
            for row in ws.iter_rows():
                rows += 1
                if rows > MAX_ROWS or len(row) > MAX_COLUMNS:
                    raise ExchangeError(f"工作表「{ws.title}」过大（超过 {MAX_ROWS} 行或 {MAX_COLUMNS} 列），"
                                        "请删去多余内容后再导入。", path=str(path))
                for cell in row:
                    if getattr(cell, "data_type", None) == "f":
                        cells.add((cell.row, cell.column))
        return found
    finally:
        probe.close()
