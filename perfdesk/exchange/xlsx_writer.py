"""Write a document as an Excel workbook for the finance bureau and for colleagues using Excel or WPS.

Sheets: 部门整体绩效目标 (Part 1), one sheet per project in the official layout (rendered from the shared
FormLayout: merges with borders on every merged cell, wrapped text, explicit row heights, A4 portrait
fitted to the width, the indicator header repeated on each printed page, a page-number footer and a
signature block), 项目汇总 (with a real SUM), and 指标清单 (one row per 三级 indicator, for upload).

Text the clerk typed is always stored as text — never as a formula, even when it starts with ``=``.
Amounts are numbers whose number format keeps the decimals the clerk typed (``0`` stays ``0``,
``30.00`` shows ``30.00``), so that the workbook reads back to the same document.
"""

from __future__ import annotations

import math
from decimal import Decimal
from pathlib import Path
from typing import Callable

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.merge import MergedCellRange
from openpyxl.worksheet.worksheet import Worksheet

from ..domain.fields import CENTER, RIGHT
from ..domain.forms import form
from ..domain.layout import TARGETS, FormLayout, PlacedTable, place
from ..domain.model import REDACTED_TEXT, Department, Document, Project
from ..domain.monitoring import LIGHT_COLOURS
from ..domain.part1 import part1_view
from ..domain.rulesets import rule_set
from ..domain.text import clean_text
from ..domain.values import parse_value
from . import published_format as F
from .cancel import Cancelled

FONT_NAME = "宋体"
THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
LABEL_FILL = PatternFill("solid", fgColor="F2F2F2")
TOTAL_WIDTH = 96  # Excel column-width units across the table: fits A4 portrait at about 85 %
POINTS_PER_LINE = 13.5
SECRET_YES = "是"
TEMPLATE_SHEET = "项目绩效目标表"
TEMPLATE_NAME = "（项目名称）"

PART1_SHEET = "部门整体绩效目标"
SUMMARY_SHEET = "项目汇总"
FLAT_SHEET = "指标清单"
FLAT_HEADERS = ("单位编码", "单位名称", "项目编码", "项目名称", "一级指标", "二级指标", "三级指标", "绩效指标描述",
                "指标性质", "指标值", "计量单位", "指标值（原文）", "指标值确定依据", "分值", "指标方向")


def _named(name: str, *, size: int = 10, bold: bool = False, horizontal: str | None = None, wrap: bool = True,
           border: bool = True, fill: bool = False) -> NamedStyle:
    style = NamedStyle(name=name)
    style.font = Font(name=FONT_NAME, size=size, bold=bold)
    style.alignment = Alignment(horizontal=horizontal, vertical="center", wrap_text=wrap)
    if border:
        style.border = BORDER
    if fill:
        style.fill = LABEL_FILL
    return style


# Named styles, registered once per workbook: assigning a shared style by name is cheap, while giving
# each cell its own Font/Alignment/Border makes openpyxl hash every one of them (most of a large export).
STYLES = {
    "pd_title": dict(size=14, bold=True, horizontal="center", wrap=False, border=False),
    "pd_caption": dict(border=False),
    "pd_caption_center": dict(border=False, horizontal="center"),
    "pd_plain": dict(border=False, wrap=False),
    "pd_label": dict(bold=True, horizontal="center", fill=True),
    "pd_text": dict(),
    "pd_center": dict(horizontal="center"),
    "pd_right": dict(horizontal="right"),
    "pd_heading": dict(size=12, bold=True, border=False, wrap=True),  # Part 1: a heading (the reader keys on it)
    "pd_para": dict(size=11, border=False, wrap=True),  # Part 1: a paragraph
}


_ALIGN_STYLES = {"left": "pd_text", CENTER: "pd_center", RIGHT: "pd_right"}


def register_styles(wb: Workbook) -> None:
    for name, options in STYLES.items():
        if name not in wb.named_styles:
            wb.add_named_style(_named(name, **options))


# -- cells ------------------------------------------------------------------------------------

def put_text(cell, text: str) -> None:
    """Store user text as text: openpyxl would otherwise turn ``=100%`` into a formula. Control characters
    (which no workbook may hold, and openpyxl refuses with an exception) are dropped, line breaks kept."""
    text = clean_text(text)
    cell.value = text if text != "" else None
    if text:
        cell.data_type = "s"


def amount_format(value: Decimal) -> str:
    """A number format with exactly the decimals the amount was typed with."""
    places = max(-value.as_tuple().exponent, 0) if isinstance(value.as_tuple().exponent, int) else 2
    return "#,##0" + ("." + "0" * places if places else "")


def put_amount(cell, value: Decimal | None) -> None:
    if value is None:
        cell.value = None
        cell.number_format = "#,##0.00"  # what a blank amount cell gives whoever fills it in
        return
    cell.value = value  # openpyxl writes a Decimal exactly as its text
    cell.number_format = amount_format(value)


def put_percent(cell, value: Decimal | None) -> None:
    if value is None:
        cell.value = None
        cell.number_format = "0.00%"  # typing 40 here gives 40 % in Excel and WPS
        return
    cell.value = value / 100
    places = max(-value.as_tuple().exponent, 0)
    cell.number_format = "0" + ("." + "0" * places if places else "") + "%"


def _width_units(text: str) -> float:
    """Approximate width in Excel units: CJK and full-width characters take two."""
    return sum(1.8 if ord(ch) > 0x2E80 else 1.0 for ch in text)


def lines_needed(text: str, width: float) -> int:
    usable = max(width - 1.5, 2)
    return sum(max(1, math.ceil(_width_units(part) / usable)) for part in (text or "").split("\n")) if text else 1


# -- project sheets ---------------------------------------------------------------------------

def _column_widths(layout: FormLayout) -> list[float]:
    total = sum(layout.col_widths)
    return [TOTAL_WIDTH * w / total for w in layout.col_widths]


def write_table(ws: Worksheet, table: PlacedTable, title: str, department: Department, project: Project,
                top: int = 1) -> int:
    """Title at row ``top``, the table under it, the signature block under that. Returns the last row."""
    layout = table.layout
    widths = _column_widths(layout)
    for col, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(col)].width = round(width, 2)
    ws.merge_cells(start_row=top, start_column=1, end_row=top, end_column=layout.ncols)
    put_text(ws.cell(top, 1), title)
    ws.cell(top, 1).style = "pd_title"
    ws.row_dimensions[top].height = 28
    first = top + 1
    heights = [1] * table.rows
    choices: dict[tuple[str, ...], list[str]] = {}  # a choice field's cells: a drop-down list where it is filled in
    for cell in table.cells:
        row, col = first + cell.row, 1 + cell.col
        target = ws.cell(row, col)
        spec = layout.spec_of(cell)
        if cell.role in ("label", "header"):
            style = "pd_label"
        elif cell.role == "caption":
            style = "pd_caption_center" if spec is not None and spec.kind.align == CENTER else "pd_caption"
        else:
            style = _ALIGN_STYLES[spec.kind.align if spec is not None else "left"]
        if cell.role != "caption":
            # Borders on every cell of a merge, or they vanish in print (TECH_NOTES).
            for r in range(row, row + cell.rowspan):
                for c in range(col, col + cell.colspan):
                    ws.cell(r, c).style = style
        else:
            target.style = style
        if cell.light is not None:
            target.fill = PatternFill("solid", fgColor=LIGHT_COLOURS[cell.light])
        if spec is not None and spec.choices and spec.editable and cell.role in ("field", "indicator"):
            choices.setdefault(spec.choices, []).append(target.coordinate)
        number = spec.kind.number if spec is not None and cell.role in ("field", "indicator") else None
        if number is not None and cell.value is None and cell.text:
            number = None  # a number cell showing words (涉密)
        if number == "amount":
            put_amount(target, cell.value)
        elif number == "percent":
            put_percent(target, cell.value)
        else:
            put_text(target, cell.text)
        if cell.rowspan > 1 or cell.colspan > 1:
            merge(ws, row, col, row + cell.rowspan - 1, col + cell.colspan - 1)
        if cell.rowspan == 1:
            width = sum(widths[cell.col:cell.col + cell.colspan])
            heights[cell.row] = max(heights[cell.row], lines_needed(cell.text, width))
    for options, cells in choices.items():
        listed = DataValidation(type="list", formula1='"' + ",".join(options) + '"', allow_blank=True,
                                showErrorMessage=True, errorTitle="请从列表中选择", error="可选：" + "、".join(options))
        for coordinate in cells:
            listed.add(coordinate)
        ws.add_data_validation(listed)
    for index, lines in enumerate(heights):
        ws.row_dimensions[first + index].height = round(max(lines, 1) * POINTS_PER_LINE + 6, 1)
    last = first + table.rows - 1
    row = last + 2
    for texts in layout.signature_lines(department):
        for text, col in zip(texts, layout.signature_cols):
            if text:
                put_text(ws.cell(row, 1 + col), text)
                ws.cell(row, 1 + col).style = "pd_plain"
        ws.row_dimensions[row].height = 24
        row += 1
    header = first + layout.header_row
    ws.print_title_rows = f"{header}:{header}"
    _page_setup(ws, landscape=layout.landscape)
    # A table somewhat taller than a page prints on one page, smaller, with its signature, rather
    # than spilling a row or two onto a page of its own; a long one keeps its size over several pages.
    total = sum(d.height or 15 for r, d in ws.row_dimensions.items() if top <= r < row)
    if total <= _page_capacity(widths) * 1.45:  # at most about 70 %: 10 pt prints as 7 pt
        ws.page_setup.fitToHeight = 1
    return row - 1


A4_PRINTABLE = (595 - 2 * 0.5 * 72, 842 - 2 * (0.75 + 0.3) * 72)  # points inside the margins and header/footer


def _page_capacity(widths: list[float]) -> float:
    """How many points of rows fit on one A4 page once the sheet is scaled to the page width (Excel's
    column unit is about 7 pixels of 0.75 pt, plus 5 pixels of padding)."""
    sheet_width = sum((w * 7 + 5) * 0.75 for w in widths)
    scale = min(1.0, A4_PRINTABLE[0] / sheet_width)
    return A4_PRINTABLE[1] / scale


def merge(ws: Worksheet, min_row: int, min_col: int, max_row: int, max_col: int) -> None:
    """Merge a range whose cells are already styled (each with the full border).

    ``Worksheet.merge_cells`` also re-formats the borders of every cell of the range, a few milliseconds
    a merge, which made a 1,000-project export take two minutes; the range is what Excel stores, and the
    covered cells keep the style given to them.
    """
    ref = f"{get_column_letter(min_col)}{min_row}:{get_column_letter(max_col)}{max_row}"
    ws.merged_cells.add(_StyledMerge(ws, ref))


class _StyledMerge(MergedCellRange):
    """A merged range over cells that already carry their borders: nothing to collect for format()."""

    def _get_borders(self) -> None:
        pass


def _page_setup(ws: Worksheet, *, landscape: bool = False) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE if landscape else ws.ORIENTATION_PORTRAIT
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.75
    ws.page_margins.header = ws.page_margins.footer = 0.3
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    ws.print_options.horizontalCentered = True


def project_title(layout: FormLayout, index: int, project: Project, public: bool) -> str:
    marked = project.secret and not public and any(ind.has_content() for ind in project.indicators)
    return layout.title_for(index, project) + (F.SECRET_MARK if marked else "")


# -- other sheets -----------------------------------------------------------------------------

def sheet_name(index_prefix: str, name: str, taken: set[str]) -> str:
    cleaned = "".join("_" if ch in '[]:*?/\\' else ch for ch in name)
    base = f"{index_prefix}{cleaned}"[:31]
    candidate, n = base, 2
    while candidate in taken:
        suffix = f"({n})"
        candidate = base[: 31 - len(suffix)] + suffix
        n += 1
    taken.add(candidate)
    return candidate


def _text_row(ws, row: int, values: list[str], *, bold=False) -> None:
    for col, value in enumerate(values, 1):
        cell = ws.cell(row, col)
        cell.style = "pd_label" if bold else "pd_text"
        put_text(cell, value)


def write_part1(ws: Worksheet, d: Department, public: bool) -> None:
    """Part 1 laid out as it is published: headings and paragraphs down the page (under a small block with
    the unit's own fields). Headings carry the pd_heading style, which is how the reader tells a heading
    from a paragraph that happens to read like one; a classified part is marked 【涉密】 as in the text."""
    widths = (16, 40, 30, 14)
    for col, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.merge_cells("A1:D1")
    put_text(ws["A1"], F.PART1_TITLE)
    ws["A1"].style = "pd_title"
    ws.row_dimensions[1].height = 28
    rows = [("单位编码", d.code), ("单位名称", d.name), ("预算年度", "" if d.year is None else str(d.year)),
            ("填报人", d.preparer), ("联系电话", d.phone)]
    if d.supervisor_code or d.supervisor_name:  # only units filed under a 主管部门 of the national form have one
        rows += [("主管部门编码", d.supervisor_code), ("主管部门名称", d.supervisor_name)]
    r = 2
    for label, value in rows:
        _text_row(ws, r, [label, value])
        ws.cell(r, 1).style = "pd_label"
        r += 1
    r += 1
    line_width = sum(widths) * 0.9  # a paragraph's room, the merged row less its indent

    def prose(text: str, style: str) -> None:
        nonlocal r
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=len(widths))
        put_text(ws.cell(r, 1), text)
        ws.cell(r, 1).style = style
        if style == "pd_para":
            ws.cell(r, 1).alignment = Alignment(wrap_text=True, vertical="top", indent=2)
        ws.row_dimensions[r].height = lines_needed(text, line_width) * (POINTS_PER_LINE + 2) + 6
        r += 1

    for section in part1_view(d, public):
        prose(section.heading + (F.SECRET_MARK if section.marked else ""), "pd_heading")
        for paragraph in section.paragraphs:
            prose(paragraph, "pd_para")
        for item in section.items:
            prose(item.heading + (F.SECRET_MARK if item.marked else ""), "pd_heading")
            if item.redacted:
                prose(REDACTED_TEXT, "pd_para")
                continue
            for prefix, text in ((F.GOAL_PREFIX, item.goal), (F.INDICATOR_PREFIX, item.indicator)):
                if text:
                    first, *rest = text.split("\n")
                    prose(prefix + first, "pd_para")
                    for line in rest:
                        prose(line, "pd_para")
    _page_setup(ws)


def write_summary(ws: Worksheet, document: Document) -> None:
    headers = ("单位编码", "单位名称", "项目编码", "项目名称", "预算数（万元）", "财政资金（万元）", "其他资金（万元）")
    for col, width in enumerate((10, 30, 26, 36, 14, 14, 14), 1):
        ws.column_dimensions[get_column_letter(col)].width = width
    _text_row(ws, 1, list(headers), bold=True)
    row = 2
    for d in document.departments:
        for p in d.projects:
            _text_row(ws, row, [d.code, d.name, p.code, p.name])
            for col, value in zip((5, 6, 7), (p.budget, p.fiscal, p.other)):
                ws.cell(row, col).style = "pd_right"
                put_amount(ws.cell(row, col), value)
                if value is not None:
                    ws.cell(row, col).number_format = "#,##0.00"
            row += 1
    _text_row(ws, row, ["合计", "", "", ""], bold=True)
    for col in (5, 6, 7):
        letter = get_column_letter(col)
        cell = ws.cell(row, col)
        cell.style = "pd_label"
        cell.value = f"=SUM({letter}2:{letter}{row - 1})" if row > 2 else 0
        cell.number_format = "#,##0.00"
    ws.freeze_panes = "A2"
    _page_setup(ws)


#: The flat list's last column when the form shows more than one set of indicators.
PHASE_HEADER = "指标期"
PHASE_NAMES = {"mid": "中期", "year": "年度"}


def flat_rows(document: Document, public: bool):
    """One row per indicator the document's form shows (a set the form does not print stays out, as it
    stays out of the project sheets), with its set named when the form shows several."""
    layout = form(document.form)
    several = len(layout.phases) > 1
    for row in _flat_rows(document, public, layout):
        yield row[:-1] + ([PHASE_NAMES[row[-1]]] if several else [])


def _flat_rows(document: Document, public: bool, layout: FormLayout):
    for d in document.departments:
        for p in d.projects:
            for ind in (i for i in p.indicators if layout.shows(i)):
                hidden = p.secret and (public or not ind.has_content())
                if hidden:
                    yield [d.code, d.name, p.code, p.name, ind.written_level(0), ind.written_level(1)] + ["涉密"] * 2 + \
                        ["", None, "", "涉密", "涉密", ind.weight, ind.direction, ind.phase]
                    continue
                parsed = parse_value(ind.value)
                number = parsed.number if parsed.kind == "quantitative" else None
                yield [d.code, d.name, p.code, p.name, ind.written_level(0), ind.written_level(1), ind.name, ind.description,
                       parsed.nature, number, parsed.unit if parsed.kind == "quantitative" else "", ind.value, ind.basis,
                       ind.weight, ind.direction, ind.phase]


def write_flat(ws: Worksheet, document: Document, public: bool) -> None:
    headers = FLAT_HEADERS + ((PHASE_HEADER,) if len(form(document.form).phases) > 1 else ())
    widths = (10, 28, 24, 30, 12, 16, 26, 34, 9, 10, 9, 14, 40, 7, 8, 8)[:len(headers)]
    for col, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(col)].width = width
    _text_row(ws, 1, list(headers), bold=True)
    ws.row_dimensions[1].height = max(lines_needed(h, w) for h, w in zip(headers, widths)) * POINTS_PER_LINE + 6
    for row, values in enumerate(flat_rows(document, public), 2):
        lines = 1
        for col, value in enumerate(values, 1):
            cell = ws.cell(row, col)
            cell.style = "pd_text"  # wrapped
            if col == 14:
                put_amount(cell, value)  # 分值 with the decimals it was given
            elif col == 10 and value is not None:
                cell.value = value  # the number itself
            else:
                put_text(cell, value or "")
                lines = max(lines, lines_needed(str(value or ""), widths[col - 1]))
        ws.row_dimensions[row].height = lines * POINTS_PER_LINE + 6  # fitted to the wrapped text
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{max(ws.max_row, 1)}"
    # a wide list prints landscape, every column on the page, the header on every page
    _page_setup(ws, landscape=True)
    ws.print_title_rows = "1:1"


# -- the workbook -----------------------------------------------------------------------------

def build_workbook(document: Document, *, public: bool = False, layout: FormLayout | None = None,
                   progress: Callable[[int, int], None] | None = None,
                   cancelled: Callable[[], bool] | None = None) -> Workbook:
    """The document in its form (or in ``layout``: another target form, or the 监控表 / 自评表 of the same
    indicators). A target form's workbook has each unit's Part 1, the 项目汇总 and the 指标清单 besides the
    project sheets; a later moment's workbook is its project sheets, filled in and imported back."""
    layout = layout or form(document.form)
    targets = layout.moment == TARGETS
    rules = rule_set(document.rule_set)
    wb = Workbook()
    wb.remove(wb.active)
    register_styles(wb)
    taken: set[str] = set()
    total = sum(len(d.projects) for d in document.departments)
    done = 0
    several = len(document.departments) > 1
    for dn, d in enumerate(document.departments, 1):
        if targets:
            write_part1(wb.create_sheet(sheet_name("", PART1_SHEET + (str(dn) if several else ""), taken)), d, public)
        for index, project in enumerate(d.projects, 1):
            if cancelled and cancelled():
                raise Cancelled
            prefix = f"{dn}-{index}." if several else f"{index}."
            ws = wb.create_sheet(sheet_name(prefix, project.name or "未命名项目", taken))
            table = place(d, project, layout=layout, public=public, rules=rules)
            write_table(ws, table, project_title(layout, index, project, public), d, project)
            done += 1
            if progress:
                progress(done, total)
    if targets:
        write_summary(wb.create_sheet(sheet_name("", SUMMARY_SHEET, taken)), document)
        write_flat(wb.create_sheet(sheet_name("", FLAT_SHEET, taken)), document, public)
    elif not wb.worksheets:
        put_text(wb.create_sheet("说明").cell(1, 1), "文档中没有项目。")
    return wb


def write_workbook(document: Document, path: str | Path, *, public: bool = False, layout: FormLayout | None = None,
                   progress: Callable[[int, int], None] | None = None,
                   cancelled: Callable[[], bool] | None = None) -> None:
    """Build, then save to a temporary file beside the target and rename it into place."""
    from .atomic import atomic_save

    wb = build_workbook(document, public=public, layout=layout, progress=progress, cancelled=cancelled)
    atomic_save(Path(path), wb.save)


def build_template(layout: FormLayout, blank_rows: int = 12) -> Workbook:
    """One empty project sheet in the official layout (with blank indicator rows) and the flat list's headers."""
    from ..domain.model import Indicator

    wb = Workbook()
    wb.remove(wb.active)
    register_styles(wb)
    project = Project(indicators=[Indicator() for _ in range(blank_rows)])
    ws = wb.create_sheet(TEMPLATE_SHEET)
    # no merges in the blank indicator rows: a colleague fills each row's 一级 and 二级
    title = layout.title_for(1, Project(name=TEMPLATE_NAME))
    write_table(ws, place(Department(), project, layout=layout, merge=()), title, Department(), project)
    write_flat(wb.create_sheet(FLAT_SHEET), Document(form=layout.key), False)
    return wb


def write_template(path: str | Path, layout: FormLayout) -> None:
    from .atomic import atomic_save

    atomic_save(Path(path), build_template(layout).save)


