"""Tables of other forms in the published text form: a Word or web table of another province dumped as
tab-prefixed cells (the seed's text form), recognised by its labels.

Each table is laid into an in-memory workbook at the columns its form places its cells — a dumped row lists
a row's cells in order, a cell merged down from the row above as an empty one — and read by the workbook
reader, so a form is read one way whatever file it comes in. Lines before a table may carry its caption
lines (项目编码：…, （2025年度）). Errors name the text's line.
"""

from __future__ import annotations

import re

from openpyxl import Workbook

from ..domain.forms import DEPARTMENT_FORM, FORMS, form
from ..domain.layout import FormLayout, place
from ..domain.model import DEFAULT_FORM, Department, Document, Indicator, Project
from . import published_format as F
from .errors import ExchangeError
from .form_sheets import closes_table
from .text_reader import Paragraph, Row, blocks

_YEAR_LINE = re.compile(r"^[（(]\s*\d{4}\s*年度?\s*[）)]$")


def _tables(text: str) -> list[tuple[list[Paragraph], list[Row]]]:
    """Runs of table rows, each with the paragraphs just above it (its title and caption lines)."""
    out: list[tuple[list[Paragraph], list[Row]]] = []
    above: list[Paragraph] = []
    for block in blocks(text):
        if isinstance(block, Paragraph):
            above.append(block)
        else:
            if above or not out:
                out.append((above, []))
                above = []
            out[-1][1].append(block)
    return out


def _template(layout: FormLayout):
    """The form placed with one indicator of each set: its rows, as a dump lists them."""
    indicators = [Indicator("一", "二", phase=phase) for phase in layout.phases]
    return place(Department(), Project(indicators=indicators), layout=layout)


def _labels_fit(layout: FormLayout, row: Row, cells) -> bool:
    """Whether a dumped row has the template row's cells, its labels (and headers) as the form writes them."""
    return len(row.cells) == len(cells) and all(
        layout.accepts(spec.text, cell.text) for cell, spec in zip(row.cells, cells)
        if spec.role == "header" or spec.role == "label" and spec.field is None)


class _Laid:
    """A text's tables laid into one workbook in one form, with the line of every cell."""

    def __init__(self) -> None:
        self.workbook = Workbook()
        self.workbook.remove(self.workbook.active)
        self.lines: dict[tuple[str, int, int | None], int] = {}

    def lay(self, layout: FormLayout, above: list[Paragraph], rows: list[Row], number: int) -> bool:
        """The table laid into a sheet of its own in ``layout``; False (nothing laid) when its labels are not
        that form's."""
        template = _template(layout)
        grid = [c for c in template.cells if c.role != "caption"]
        first = min(c.row for c in grid)
        indicator_row = template.row_cells(layout.first_indicator_row)
        head = [template.row_cells(r) for r in range(first, layout.first_indicator_row)]
        # rows with labels among and under the indicators: a stacked form's next table's caption and header, a
        # closing row (联系人 | … | 联系电话 | …)
        inner = [cells for cells in map(template.row_cells, range(layout.first_indicator_row, template.rows))
                 if any(c.role in ("label", "header") for c in cells)]
        if len(rows) < len(head) or not all(_labels_fit(layout, row, cells) for row, cells in zip(rows, head)):
            return False  # the labels say whether this is the form
        title = f"表{number}"
        ws = self.workbook.create_sheet(title)
        start = rows[0].line
        if above:
            ws.cell(1, 1, above[-1].text)
            self.lines[(title, 1, None)] = above[-1].line
        for spec in (c for c in template.cells if c.role == "caption" and c.field):
            found = next((p for p in above if (spec.prefix and p.text.startswith(spec.prefix))
                          or (spec.field == "year_line" and _YEAR_LINE.match(p.text.strip()))), None)
            if found is not None:
                ws.cell(2 + spec.row, 1 + spec.col, found.text)
                self.lines[(title, 2 + spec.row, 1 + spec.col)] = found.line
        for k, row in enumerate(rows):
            grid_row = first + k
            if k >= len(head) and row.cells and closes_table(row.cells[0].text):
                ws.cell(2 + grid_row, 1, row.cells[0].text)  # the reader ends the table there and says so
                self.lines[(title, 2 + grid_row, None)] = row.line
                break
            cells = head[k] if k < len(head) else next((t for t in inner if _labels_fit(layout, row, t)), indicator_row)
            if len(row.cells) != len(cells):
                names = "、".join(c.text or "（合并）" for c in cells if c.role != "covered") or "指标"
                raise ExchangeError(f"此行应有{len(cells)}个单元格（{names}），实际有{len(row.cells)}个。", line=row.line)
            for cell, spec in zip(row.cells, cells):
                if cell.text:
                    ws.cell(2 + grid_row, 1 + spec.col, cell.text)
                self.lines[(title, 2 + grid_row, 1 + spec.col)] = cell.line
            self.lines[(title, 2 + grid_row, None)] = row.line
        self.lines[(title, 0, None)] = start
        return True

    def line_of(self, sheet: str, row: int, col: int | None) -> int | None:
        return self.lines.get((sheet, row, col)) or self.lines.get((sheet, row, None)) or self.lines.get((sheet, 0, None))


_SHEET_ROW = re.compile(r"工作表「(表\d+)」第(\d+)行")


def read_table_text(text: str, report: list[str] | None = None) -> Document | None:
    """A document from a text whose tables are all in one form perfdesk knows other than the published
    Hebei table (which text_reader reads with its Part 1); None when no such form fits the first table."""
    from .xlsx_reader import read_opened_workbook

    tables = [(above, rows) for above, rows in _tables(text) if rows]
    if not tables:
        return None
    for layout in FORMS.values():
        if layout.key == F.TEXT_FORM or layout.monthly:  # a 监控表 comes back filled in Excel, never as a text dump
            continue
        laid, projects, fits = _Laid(), 0, True
        for number, (above, rows) in enumerate(tables, 1):
            if laid.lay(DEPARTMENT_FORM, above, rows, number):  # a unit's own table, beside any form's
                continue
            if laid.lay(layout, above, rows, number):
                projects += 1
            elif projects:
                raise ExchangeError(f"这里的表格不是{layout.name}（与前面的表格表式不同），请分别导入。", line=rows[0].line)
            else:
                fits = False  # the first project's table is not in this form
                break
        if not fits:
            continue
        if not projects:  # only units' own tables: the document takes the form a new one does
            layout = form(DEFAULT_FORM)
        said: list[str] = []
        try:
            document = read_opened_workbook(laid.workbook, (layout,), said, None)
            if report is not None:  # the laid sheets' rows said as the text's lines
                report.extend(_SHEET_ROW.sub(lambda m: f"第{laid.line_of(m.group(1), int(m.group(2)), None)}行", line)
                              for line in said)
            return document
        except ExchangeError as exc:
            cell = getattr(exc, "cell", None)
            if cell is None:
                raise
            name = f"（{exc.field_name}）" if exc.field_name else ""
            raise ExchangeError(f"{name}{exc.detail}" if name else exc.detail, line=laid.line_of(*cell)) from None
    return None
