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
import re
from pathlib import Path
from typing import Callable

from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell

from .. import collector
from ..domain.fields import CENTER, RIGHT
from ..domain.forms import DEPARTMENT_FORM, form
from ..domain.layout import TARGETS, FormLayout, PlacedTable, place
from ..domain.model import REDACTED_TEXT, Department, Document, Project
from ..domain.monitoring import LIGHT_COLOURS
from ..domain.part1 import part1_view
from ..domain.rulesets import rule_set
from ..domain.values import parse_value
from . import published_format as F
from .cancel import Cancelled
from .xlsx_book import Book, Sheet, TextTooLongError

TOTAL_WIDTH = 96  # Excel column-width units across the table: fits A4 portrait at about 85 %
POINTS_PER_LINE = 13.5
SECRET_YES = "是"
TEMPLATE_SHEET = "项目绩效目标表"
TEMPLATE_NAME = "（项目名称）"

PART1_SHEET = "部门整体绩效目标"
WHOLE_SHEET = "部门整体绩效目标表"  # a unit's 部门整体 table in its form (Department.whole)
SUMMARY_SHEET = "项目汇总"
FLAT_SHEET = "指标清单"
FLAT_HEADERS = ("单位编码", "单位名称", "项目编码", "项目名称", "一级指标", "二级指标", "三级指标", "绩效指标描述",
                "指标性质", "指标值", "计量单位", "指标值（原文）", "指标值确定依据", "分值", "指标方向")

_ALIGN_STYLES = {"left": "pd_text", CENTER: "pd_center", RIGHT: "pd_right"}


_WIDE = re.compile("[\u2e81-\U0010ffff]")


def _width_units(text: str) -> float:
    """Approximate width in Excel units: CJK and full-width characters take two (counted by a regular expression:
    a Python loop over the characters was a fifth of a large export)."""
    return len(text) + 0.8 * len(_WIDE.findall(text))


def lines_needed(text: str, width: float) -> int:
    """How many lines ``text`` wraps to in a cell ``width`` units wide."""
    usable = max(width - 1.5, 2)
    if not text or (len(text) * 1.8 <= usable and "\n" not in text):
        return 1  # most cells: short enough whatever its characters
    return sum(max(1, math.ceil(_width_units(part) / usable)) for part in text.split("\n"))


# -- project sheets ---------------------------------------------------------------------------

def _column_widths(layout: FormLayout) -> list[float]:
    total = sum(layout.col_widths)
    return [TOTAL_WIDTH * w / total for w in layout.col_widths]


def _cell_style(layout: FormLayout, cell, spec) -> str:
    if cell.role in ("label", "header"):
        return "pd_label"
    if cell.role == "caption":
        return "pd_caption_center" if spec is not None and spec.kind.align == CENTER else "pd_caption"
    return _ALIGN_STYLES[spec.kind.align if spec is not None else "left"]


def write_table(sheet: Sheet, table: PlacedTable, title: str, department: Department, project: Project,
                top: int = 0) -> int:
    """Title at row ``top`` (from 0), the table under it, the signature block under that. Returns the row
    after the last one written. Rows are written in order, each with its height first (the workbook is
    written row by row: see xlsx_book)."""
    layout = table.layout
    widths = _column_widths(layout)
    sheet.widths(widths)
    lines = [1] * table.rows
    for cell in table.cells:
        if cell.rowspan == 1:
            width = sum(widths[cell.col:cell.col + cell.colspan])
            lines[cell.row] = max(lines[cell.row], lines_needed(cell.text, width))
    points = [round(max(n, 1) * POINTS_PER_LINE + 6, 1) for n in lines]
    sheet.height(top, 28)
    sheet.merge(top, 0, top, layout.ncols - 1, "pd_title")
    sheet.text(top, 0, title, "pd_title")
    first = top + 1
    choices: dict[tuple[str, ...], list[str]] = {}  # a choice field's cells: a drop-down list where it is filled in
    cells = sorted(table.cells, key=lambda c: (c.row, c.col))
    at = 0
    for index, height in enumerate(points):
        row = first + index
        sheet.height(row, height)
        sheet.covered(row)  # cells of ranges merged from the rows above
        while at < len(cells) and cells[at].row == index:
            cell = cells[at]
            at += 1
            col = cell.col
            spec = layout.spec_of(cell)
            style = _cell_style(layout, cell, spec)
            fill = "#" + LIGHT_COLOURS[cell.light] if cell.light is not None else None
            if cell.rowspan > 1 or cell.colspan > 1:
                sheet.merge(row, col, row + cell.rowspan - 1, col + cell.colspan - 1, style, fill)
            if spec is not None and spec.choices and spec.editable and cell.role in ("field", "indicator"):
                choices.setdefault(spec.choices, []).append(xl_rowcol_to_cell(row, col))
            number = spec.kind.number if spec is not None and cell.role in ("field", "indicator") else None
            if number is not None and cell.value is None and cell.text:
                number = None  # a number cell showing words (涉密)
            if number == "amount":
                sheet.amount(row, col, cell.value, style, fill)
            elif number == "percent":
                sheet.percent(row, col, cell.value, style, fill)
            else:
                try:
                    sheet.text(row, col, cell.text, style, fill)
                except TextTooLongError as exc:
                    raise exc.named(_label(layout, cell)) from None
    for options, where in choices.items():
        # one list per choice field, over all its cells (xlsxwriter's multi_range: one rule, many cells)
        sheet.ws.data_validation(where[0], {
            "validate": "list", "source": list(options), "ignore_blank": True, "multi_range": " ".join(where),
            "error_title": "请从列表中选择", "error_message": "可选：" + "、".join(options)})
    row = first + table.rows + 1
    signature_rows = 0
    for texts in layout.signature_lines(department):
        sheet.height(row, 24)
        for text, col in zip(texts, layout.signature_cols):
            if text:
                sheet.text(row, col, text, "pd_plain")
        row += 1
        signature_rows += 1
    header = first + layout.header_row
    sheet.ws.repeat_rows(header)
    # A table somewhat taller than a page prints on one page, smaller, with its signature, rather
    # than spilling a row or two onto a page of its own; a long one keeps its size over several pages.
    total = 28 + sum(points) + 24 * signature_rows  # title, table, signature
    one_page = total <= _page_capacity(widths) * 1.45  # at most about 70 %: 10 pt prints as 7 pt
    sheet.page_setup(landscape=layout.landscape, fit_height=1 if one_page else 0)
    return row


def _label(layout: FormLayout, cell) -> str:
    """What a table cell holds, as the form names it."""
    if cell.field is None:
        return ""
    if cell.role == "indicator":
        return f"第{cell.indicator + 1}条指标的{layout.indicator_header(cell.field)}"
    return layout.field(cell.field).label


A4_PRINTABLE = (595 - 2 * 0.5 * 72, 842 - 2 * (0.75 + 0.3) * 72)  # points inside the margins and header/footer


def _page_capacity(widths: list[float]) -> float:
    """How many points of rows fit on one A4 page once the sheet is scaled to the page width (Excel's
    column unit is about 7 pixels of 0.75 pt, plus 5 pixels of padding)."""
    sheet_width = sum((w * 7 + 5) * 0.75 for w in widths)
    scale = min(1.0, A4_PRINTABLE[0] / sheet_width)
    return A4_PRINTABLE[1] / scale


def project_title(layout: FormLayout, index: int, project: Project, public: bool) -> str:
    marked = project.secret and not public and any(ind.has_content() for ind in project.indicators)
    return layout.title_for(index, project) + (F.SECRET_MARK if marked else "")


# -- other sheets -----------------------------------------------------------------------------

SHEET_NAME_MAX = 31  # UTF-16 units, as Excel counts: a character beyond the BMP (CJK Extension B: 𠮷) takes two


def sheet_name(index_prefix: str, name: str, taken: set[str]) -> str:
    """A sheet name Excel accepts, unique in the workbook (Excel compares them regardless of case). A name typed
    over several lines is joined, as in the title; control characters are dropped."""
    cleaned = "".join("_" if ch in '[]:*?/\\' else ch for ch in name.replace("\n", "") if ch >= " ")
    base = _cut(f"{index_prefix}{cleaned}", SHEET_NAME_MAX).strip("'") or "表"
    candidate, n = base, 2
    while candidate.casefold() in taken:
        suffix = f"({n})"
        candidate = _cut(base, SHEET_NAME_MAX - len(suffix)) + suffix
        n += 1
    taken.add(candidate.casefold())
    return candidate


def _cut(text: str, units: int) -> str:
    """The longest start of ``text`` within ``units`` UTF-16 units."""
    used = 0
    for i, ch in enumerate(text):
        used += 2 if ord(ch) > 0xFFFF else 1
        if used > units:
            return text[:i]
    return text


def _text_row(sheet: Sheet, row: int, values: list[str], *, bold=False) -> None:
    for col, value in enumerate(values):
        sheet.text(row, col, value, "pd_label" if bold else "pd_text")


def write_part1(sheet: Sheet, d: Department, public: bool) -> None:
    """Part 1 laid out as it is published: headings and paragraphs down the page (under a small block with
    the unit's own fields). Headings are bold, which is how the reader tells a heading from a paragraph that
    happens to read like one; a classified part is marked 【涉密】 as in the text."""
    widths = (16, 40, 30, 14)
    sheet.widths(widths)
    sheet.merge(0, 0, 0, 3, "pd_title")
    sheet.text(0, 0, F.PART1_TITLE, "pd_title")
    sheet.height(0, 28)
    rows = [("单位编码", d.code), ("单位名称", d.name), ("预算年度", "" if d.year is None else str(d.year)),
            ("填报人", d.preparer), ("联系电话", d.phone)]
    if d.supervisor_code or d.supervisor_name:  # only units filed under a 主管部门 of the national form have one
        rows += [("主管部门编码", d.supervisor_code), ("主管部门名称", d.supervisor_name)]
    if d.functions:  # stated by a unit's 部门整体 table
        rows.append(("部门职能概述", d.functions))
    r = 1
    for label, value in rows:
        sheet.text(r, 0, label, "pd_label")
        sheet.text(r, 1, value, "pd_text")
        r += 1
    r += 1
    line_width = sum(widths) * 0.9  # a paragraph's room, the merged row less its indent

    def prose(text: str, style: str) -> None:
        nonlocal r
        sheet.merge(r, 0, r, len(widths) - 1, style)
        sheet.text(r, 0, text, style)
        sheet.height(r, lines_needed(text, line_width) * (POINTS_PER_LINE + 2) + 6)
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
    sheet.page_setup()


def write_summary(sheet: Sheet, document: Document) -> None:
    headers = ("单位编码", "单位名称", "项目编码", "项目名称", "预算数（万元）", "财政资金（万元）", "其他资金（万元）")
    sheet.widths((10, 30, 26, 36, 14, 14, 14))
    _text_row(sheet, 0, list(headers), bold=True)
    row = 1
    totals = [0, 0, 0]
    for d in document.departments:
        for p in d.projects:
            _text_row(sheet, row, [d.code, d.name, p.code, p.name])
            for k, value in enumerate((p.budget, p.fiscal, p.other)):
                sheet.amount(row, 4 + k, value, "pd_right", number="#,##0.00")
                totals[k] += value or 0
            row += 1
    _text_row(sheet, row, ["合计", "", "", ""], bold=True)
    total_format = sheet.book.format("pd_label", "#,##0.00")
    for k in range(3):
        if row > 1:
            column = xl_col_to_name(4 + k)
            # the sum itself beside the formula, for readers that do not calculate (openpyxl, previews)
            sheet.ws.write_formula(row, 4 + k, f"=SUM({column}2:{column}{row})", total_format, float(totals[k]))
        else:
            sheet.ws.write_number(row, 4 + k, 0, total_format)
    sheet.ws.freeze_panes(1, 0)
    sheet.page_setup()


#: The flat list's columns after FLAT_HEADERS: the set when the form shows more than one, the goal's name when
#: the form prints one (the Hebei 申报表's 目标名称).
PHASE_HEADER = "指标期"
PHASE_NAMES = {"mid": "中期", "year": "年度"}
GOAL_HEADER = "目标名称"


def _flat_extras(layout: FormLayout) -> tuple[bool, bool]:
    return len(layout.phases) > 1, any(c.field == "goal_name" for c in layout.indicator_columns)


def flat_headers(layout: FormLayout) -> tuple[str, ...]:
    several, goals = _flat_extras(layout)
    return FLAT_HEADERS + ((PHASE_HEADER,) if several else ()) + ((GOAL_HEADER,) if goals else ())


def flat_rows(document: Document, public: bool, full: Callable[[Project], Project] | None = None):
    """One row per indicator the document's form shows (a set the form does not print stays out, as it
    stays out of the project sheets), with its set named when the form shows several. ``full``: see
    build_workbook."""
    layout = form(document.form)
    several, goals = _flat_extras(layout)
    for row in _flat_rows(document, public, layout, full or (lambda project: project)):
        yield row[:-2] + ([PHASE_NAMES[row[-2]]] if several else []) + ([row[-1]] if goals else [])


def _flat_rows(document: Document, public: bool, layout: FormLayout, full: Callable[[Project], Project]):
    for d in document.departments:
        for p in map(full, d.projects):
            for ind in (i for i in p.indicators if layout.shows(i)):
                hidden = p.secret and (public or not ind.has_content())
                if hidden:
                    yield [d.code, d.name, p.code, p.name, ind.written_level(0), ind.written_level(1)] + ["涉密"] * 2 + \
                        ["", None, "", "涉密", "涉密", ind.weight, ind.direction, ind.phase, "涉密"]
                    continue
                parsed = parse_value(ind.value)
                number = parsed.number if parsed.kind == "quantitative" else None
                yield [d.code, d.name, p.code, p.name, ind.written_level(0), ind.written_level(1), ind.name, ind.description,
                       parsed.nature, number, parsed.unit if parsed.kind == "quantitative" else "", ind.value, ind.basis,
                       ind.weight, ind.direction, ind.phase, ind.goal_name]


def write_flat(sheet: Sheet, document: Document, public: bool, full: Callable[[Project], Project] | None = None) -> None:
    headers = flat_headers(form(document.form))
    widths = (10, 28, 24, 30, 12, 16, 26, 34, 9, 10, 9, 14, 40, 7, 8, 8, 20)[:len(headers)]
    sheet.widths(widths)
    _text_row(sheet, 0, list(headers), bold=True)
    sheet.height(0, max(lines_needed(h, w) for h, w in zip(headers, widths)) * POINTS_PER_LINE + 6)
    row = 0
    for row, values in enumerate(flat_rows(document, public, full), 1):
        lines = 1
        for col, value in enumerate(values):
            if col == 13:
                sheet.amount(row, col, value, "pd_text")  # 分值 with the decimals it was given
            elif col == 9 and value is not None:
                sheet.number(row, col, value, "pd_text")  # the number itself
            else:
                sheet.text(row, col, value or "", "pd_text")  # wrapped
                lines = max(lines, lines_needed(str(value or ""), widths[col]))
        sheet.height(row, lines * POINTS_PER_LINE + 6)  # fitted to the wrapped text
    sheet.ws.freeze_panes(1, 0)
    sheet.ws.autofilter(0, 0, max(row, 0), len(headers) - 1)
    # a wide list prints landscape, every column on the page, the header on every page
    sheet.page_setup(landscape=True)
    sheet.ws.repeat_rows(0)


# -- the workbook -----------------------------------------------------------------------------

def build_workbook(document: Document, target: str | Path, *, public: bool = False, layout: FormLayout | None = None,
                   progress: Callable[[int, int], None] | None = None,
                   cancelled: Callable[[], bool] | None = None, full: Callable[[Project], Project] | None = None) -> None:
    """Write the document into the workbook file ``target``, in its form (or in ``layout``: another target
    form, or the 监控表 / 自评表 of the same indicators). A target form's workbook has each unit's Part 1, the
    项目汇总 and the 指标清单 besides the project sheets; a later moment's workbook is its project sheets, filled
    in and imported back. Cancelled: nothing is written.
    ``full``: a project of ``document`` with its indicators, for a document read without them (Snapshot.streamed):
    each project is taken with its indicators when its sheet (and its rows of the 指标清单) are written."""
    # millions of cells without cycles: no collection pauses (collector)
    with collector.paused(), Book(target) as book:
        _write_sheets(book, document, public, layout or form(document.form), progress, cancelled, full or (lambda project: project))
        if cancelled and cancelled():
            raise Cancelled
        book.close()


def _write_sheets(book: Book, document: Document, public: bool, layout: FormLayout,
                  progress: Callable[[int, int], None] | None, cancelled: Callable[[], bool] | None,
                  full: Callable[[Project], Project]) -> None:
    targets = layout.moment == TARGETS
    rules = rule_set(document.rule_set)
    taken: set[str] = set()
    total = sum(len(d.projects) for d in document.departments)
    done = 0
    several = len(document.departments) > 1
    for dn, d in enumerate(document.departments, 1):
        if targets:
            write_part1(book.sheet(sheet_name("", PART1_SHEET + (str(dn) if several else ""), taken)), d, public)
            if d.whole is not None and not public:  # filed with the bureau, not published (as in the PDF)
                sheet = book.sheet(sheet_name("", WHOLE_SHEET + (str(dn) if several else ""), taken))
                whole = full(d.whole)
                write_table(sheet, place(d, whole, layout=DEPARTMENT_FORM, public=public, rules=rules),
                            DEPARTMENT_FORM.title, d, whole)
        for index, project in enumerate(d.projects, 1):
            if cancelled and cancelled():
                raise Cancelled
            prefix = f"{dn}-{index}." if several else f"{index}."
            sheet = book.sheet(sheet_name(prefix, project.name or "未命名项目", taken))
            project = full(project)
            table = place(d, project, layout=layout, public=public, rules=rules)
            write_table(sheet, table, project_title(layout, index, project, public), d, project)
            done += 1
            if progress:
                progress(done, total)
    if targets:
        write_summary(book.sheet(sheet_name("", SUMMARY_SHEET, taken)), document)
        write_flat(book.sheet(sheet_name("", FLAT_SHEET, taken)), document, public, full)
    elif not taken:
        book.sheet("说明").text(0, 0, "文档中没有项目。", "pd_plain")


def write_workbook(document: Document, path: str | Path, *, public: bool = False, layout: FormLayout | None = None,
                   progress: Callable[[int, int], None] | None = None,
                   cancelled: Callable[[], bool] | None = None, full: Callable[[Project], Project] | None = None) -> None:
    """Write to a temporary file beside the target, then rename it into place."""
    from .atomic import atomic_save

    atomic_save(Path(path), lambda tmp: build_workbook(document, tmp, public=public, layout=layout, progress=progress,
                                                       cancelled=cancelled, full=full))


def build_template(layout: FormLayout, target: str | Path, blank_rows: int = 12) -> None:
    """One empty project sheet in the official layout (with blank indicator rows) and the flat list's headers."""
    from ..domain.model import Indicator

    with Book(target) as book:
        # blank rows in each table of a stacked form; in the last set otherwise (halves side by side show both)
        sets = layout.phases if layout.stacked else layout.phases[-1:]
        project = Project(indicators=[Indicator(phase=phase) for phase in sets for _ in range(blank_rows // len(sets))])
        sheet = book.sheet(TEMPLATE_SHEET)
        # no merges in the blank indicator rows: a colleague fills each row's 一级 and 二级
        title = layout.title_for(1, Project(name=TEMPLATE_NAME))
        write_table(sheet, place(Department(), project, layout=layout, merge=()), title, Department(), project)
        write_flat(book.sheet(FLAT_SHEET), Document(form=layout.key), False)
        book.close()


def write_template(path: str | Path, layout: FormLayout) -> None:
    from .atomic import atomic_save

    atomic_save(Path(path), lambda tmp: build_template(layout, tmp))
