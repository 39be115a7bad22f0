"""A workbook being written, with perfdesk's cell looks and its rules for what goes into a cell.

Written with xlsxwriter (chosen over tuning openpyxl: measured in bench/bench_export_xlsx.py): each distinct
look — font, alignment, border, fill, number format — is one ``Format``, made once per workbook and shared by
every cell that has it, which is what Excel stores anyway.

Row by row (xlsxwriter's constant_memory): a row goes to the sheet's file when the next one begins, so the
memory an export takes follows one row, not the workbook (a 120,000-indicator workbook held 0.6 GB of cells
until it was saved). The price is order: a sheet's rows are written top to bottom, each row's height before the
next row begins, and a range merged over several rows has its lower cells written when their rows come
(:meth:`Sheet.covered`).

What goes into a cell: text the clerk typed is always a string — never a formula, a number or a link, even
when it starts with ``=`` or reads ``http://`` — with the control characters no workbook may hold dropped
(line breaks kept); an amount is a number whose number format keeps the decimals it was typed with (``0``
stays ``0``, ``30.00`` shows ``30.00``), so that the workbook reads back to the same document.
"""

from __future__ import annotations

import tempfile
from decimal import Decimal
from pathlib import Path

import xlsxwriter
from xlsxwriter.exceptions import DuplicateWorksheetName, FileCreateError
from xlsxwriter.utility import xl_rowcol_to_cell
from xlsxwriter.worksheet import Worksheet

from ..domain.text import clean_text
from .errors import ExchangeError

FONT_NAME = "宋体"
LABEL_FILL = "#F2F2F2"
#: Written into every workbook's properties: how the reader tells perfdesk's own workbooks (whose blank rows
#: inside a merged 二级 are indicators still to fill) from a province's template (where they are placeholders).
CREATOR = "perfdesk"

#: The looks of perfdesk's cells by name.
STYLES = {
    "pd_title": dict(size=14, bold=True, horizontal="center", wrap=False, border=False),
    "pd_caption": dict(border=False),
    "pd_caption_center": dict(border=False, horizontal="center"),
    "pd_plain": dict(border=False, wrap=False),
    "pd_label": dict(bold=True, horizontal="center", fill=True),
    "pd_text": dict(),
    "pd_center": dict(horizontal="center"),
    "pd_right": dict(horizontal="right"),
    "pd_heading": dict(size=12, bold=True, border=False),  # Part 1: a heading (the reader keys on its bold)
    "pd_para": dict(size=11, border=False, vertical="top", indent=2),  # Part 1: a paragraph
}

EXCEL_TEXT_MAX = 32767  # characters (UTF-16 units) a cell holds, in Excel and in WPS
AMOUNT_BLANK = "#,##0.00"  # what a blank amount cell gives whoever fills it in
PERCENT_BLANK = "0.00%"  # typing 40 here gives 40 % in Excel and WPS


def amount_format(value: Decimal) -> str:
    """A number format with exactly the decimals the amount was typed with."""
    exponent = value.as_tuple().exponent
    places = max(-exponent, 0) if isinstance(exponent, int) else 2
    return "#,##0" + ("." + "0" * places if places else "")


def percent_format(value: Decimal) -> str:
    places = max(-value.as_tuple().exponent, 0)
    return "0" + ("." + "0" * places if places else "") + "%"


class TextTooLongError(ExchangeError):
    """A text longer than a cell can hold: nothing is written rather than a workbook that lost its end."""

    def __init__(self, sheet: str, cell: str, length: int, label: str = "") -> None:
        self.sheet, self.cell, self.length = sheet, cell, length
        what = f"（{label}）" if label else ""
        super().__init__(f"「{sheet}」工作表的 {cell} 单元格{what}有 {length} 个字符，超过 Excel 一个单元格最多能存的 "
                         f"{EXCEL_TEXT_MAX} 个字符，导出会丢掉后面的内容，所以没有导出。请把这段内容改短或分成几段"
                         "（PDF 和文本导出不受此限）。")

    def named(self, label: str) -> TextTooLongError:
        """The same error saying what the cell holds."""
        return TextTooLongError(self.sheet, self.cell, self.length, label)


class _Workbook(xlsxwriter.Workbook):
    """xlsxwriter's Workbook with its check of a new sheet's name made linear: xlsxwriter compares the name with every
    earlier sheet's (quadratic: 1.4 s of a 4,000-sheet export, measured; ~9 s at 10,000); here the names given are kept
    in a set. Its other checks of a name (length, characters, apostrophes) still run. Should xlsxwriter rename its
    check, this override is simply not called: the same workbooks, the check as slow as before."""

    def __init__(self, *args, **kwargs) -> None:
        self._names: set[str] = set()
        self._checking = False
        super().__init__(*args, **kwargs)

    def _check_sheetname(self, sheetname, is_chartsheet=False):
        self._checking = True  # its loop over the earlier sheets sees none: the set below stands for it
        try:
            name = super()._check_sheetname(sheetname, is_chartsheet)
        finally:
            self._checking = False
        if name.lower() in self._names:  # as xlsxwriter compares them (Excel ignores case)
            raise DuplicateWorksheetName(f"Sheetname '{name}', with case ignored, is already in use.")
        self._names.add(name.lower())
        return name

    def worksheets(self):
        return [] if self._checking else super().worksheets()


class Book:
    """An xlsxwriter workbook at ``target`` (written on :meth:`close`), its formats made once each. Used as a
    context: the sheets' row files live in a folder of the book's own under the system's temporary folder, removed
    when the book is written or given up (an export cancelled or failed leaves nothing behind there either)."""

    def __init__(self, target: str | Path) -> None:
        self._scratch = tempfile.TemporaryDirectory(prefix="perfdesk-xlsx-", ignore_cleanup_errors=True)
        self.workbook = _Workbook(str(target), {
            "strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False,
            "constant_memory": True, "tmpdir": self._scratch.name})
        self.workbook.set_properties({"author": CREATOR})  # dc:creator
        self._formats: dict[tuple, object] = {}
        self._current: Sheet | None = None

    def sheet(self, name: str) -> Sheet:
        """A new sheet, after the ones before it: the previous sheet is done. Its rows' file is closed (xlsxwriter
        opens it again to pack it), or a workbook of 4,000 project sheets would hold 4,000 files open at once."""
        if self._current is not None:
            self._current.ws._opt_close()  # xlsxwriter's own step before packing, taken a sheet early
        self._current = Sheet(self, self.workbook.add_worksheet(name))
        return self._current

    def format(self, style: str, number: str | None = None, fill: str | None = None):
        key = (style, number, fill)
        made = self._formats.get(key)
        if made is None:
            options = STYLES[style]
            properties = {"font_name": FONT_NAME, "font_size": options.get("size", 10), "bold": options.get("bold", False),
                          "valign": {"top": "top"}.get(options.get("vertical"), "vcenter"),
                          "text_wrap": options.get("wrap", True)}
            if options.get("horizontal"):
                properties["align"] = options["horizontal"]
            if options.get("indent"):
                properties["indent"] = options["indent"]
            if options.get("border", True):
                properties["border"] = 1
            if fill or options.get("fill"):
                properties.update(pattern=1, bg_color=fill or LABEL_FILL)
            if number:
                properties["num_format"] = number
            made = self._formats[key] = self.workbook.add_format(properties)
        return made

    def __enter__(self) -> Book:
        return self

    def __exit__(self, *exc) -> None:
        self._discard()

    def close(self) -> None:
        """Write the file. A failing write is the OSError it is (a full disk, a lost share), as from any other
        writer, not xlsxwriter's own wrapper of it: callers say it in Chinese, naming the file."""
        try:
            self.workbook.close()
        except FileCreateError as exc:
            cause = exc.args[0] if exc.args and isinstance(exc.args[0], OSError) else OSError(str(exc))
            raise cause from None
        finally:
            self._discard()

    def _discard(self) -> None:
        if self._current is not None:
            self._current.ws._opt_close()  # an open file cannot be removed on Windows
        self._scratch.cleanup()


class Sheet:
    """One worksheet; rows and columns count from 0, as in xlsxwriter."""

    def __init__(self, book: Book, ws: Worksheet) -> None:
        self.book, self.ws = book, ws
        self._covered: dict[int, list[tuple[int, int, object]]] = {}  # row → merged ranges' cells in it

    def text(self, row: int, col: int, text: str | None, style: str, fill: str | None = None) -> None:
        text = clean_text(text or "")
        cell_format = self.book.format(style, fill=fill)
        if len(text) > EXCEL_TEXT_MAX // 2 and len(text.encode("utf-16-le")) // 2 > EXCEL_TEXT_MAX:
            # xlsxwriter would cut it silently: the workbook would lose the end of the clerk's text
            raise TextTooLongError(self.ws.name, xl_rowcol_to_cell(row, col), len(text))
        if text:
            self.ws.write_string(row, col, text, cell_format)
        else:
            self.ws.write_blank(row, col, None, cell_format)

    def amount(self, row: int, col: int, value: Decimal | None, style: str, fill: str | None = None,
               number: str | None = None) -> None:
        """``number``: a fixed number format instead of the typed decimals (the 项目汇总's columns)."""
        if value is None:
            self.ws.write_blank(row, col, None, self.book.format(style, number or AMOUNT_BLANK, fill))
        else:
            # Excel holds doubles: an amount below 10¹² with at most 6 decimals (domain/amounts) keeps its digits
            self.ws.write_number(row, col, float(value), self.book.format(style, number or amount_format(value), fill))

    def percent(self, row: int, col: int, value: Decimal | None, style: str, fill: str | None = None) -> None:
        if value is None:
            self.ws.write_blank(row, col, None, self.book.format(style, PERCENT_BLANK, fill))
        else:
            self.ws.write_number(row, col, float(value / 100), self.book.format(style, percent_format(value), fill))

    def number(self, row: int, col: int, value: Decimal, style: str) -> None:
        self.ws.write_number(row, col, float(value), self.book.format(style))

    def merge(self, first_row: int, first_col: int, last_row: int, last_col: int, style: str,
              fill: str | None = None) -> None:
        """Merge a range, every cell of it carrying the look (borders on every cell, or they vanish in print —
        TECH_NOTES); the value is written into its first cell afterwards. Called when the range's first row is
        being written; its cells in later rows are written by :meth:`covered` when their rows come."""
        cell_format = self.book.format(style, fill=fill)
        for col in range(first_col, last_col + 1):
            self.ws.write_blank(first_row, col, None, cell_format)
        for row in range(first_row + 1, last_row + 1):
            self._covered.setdefault(row, []).append((first_col, last_col, cell_format))
        # the range itself, as merge_range records it — merge_range would write the lower rows now, out of the
        # order a row-by-row sheet needs, and keep every merged cell in a dict until the workbook is saved (the
        # overlap check; perfdesk's forms place no overlapping ranges)
        self.ws.merge.append([first_row, first_col, last_row, last_col])

    def covered(self, row: int) -> None:
        """Write the cells of ``row`` that ranges merged from rows above cover (blank, with the range's look)."""
        for first_col, last_col, cell_format in self._covered.pop(row, ()):
            for col in range(first_col, last_col + 1):
                self.ws.write_blank(row, col, None, cell_format)

    def widths(self, widths) -> None:
        for col, width in enumerate(widths):
            self.ws.set_column(col, col, round(width, 2))

    def height(self, row: int, points: float) -> None:
        self.ws.set_row(row, round(points, 1))

    def page_setup(self, *, landscape: bool = False, fit_height: int = 0) -> None:
        """A4, fitted to the page width (``fit_height`` pages tall, 0: as many as it takes), centred, numbered."""
        ws = self.ws
        ws.set_paper(9)
        ws.set_landscape() if landscape else ws.set_portrait()
        ws.fit_to_pages(1, fit_height)
        ws.set_margins(left=0.5, right=0.5, top=0.75, bottom=0.75)
        ws.set_header("", {"margin": 0.3})
        ws.set_footer("&C第 &P 页，共 &N 页", {"margin": 0.3})
        ws.center_horizontally()
