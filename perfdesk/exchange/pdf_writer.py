"""PDFs of a document: the published document and the signature copy, A4 portrait, fonts embedded.

Tables render from the shared FormLayout and are drawn by pdf_grid (each text wrapped once, row heights computed
once). A project's table is a flowable that splits itself at page breaks from those heights: each continuation
repeats the indicator header row, and an 一级/二级 group that crosses the break repeats its label on the new page.
Pages are numbered "第 X 页 共 Y 页": Y is a form every page draws, written once after the last page.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen import canvas as rl_canvas
from .lazy_patterns import long_patterns_compiled_when_used

with long_patterns_compiled_when_used():  # reportlab's URI pattern, unused here, is a tenth of a small export
    from reportlab.platypus import Flowable, KeepTogether, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, \
        TableStyle
from reportlab.platypus.doctemplate import LayoutError

from ..domain.fields import CENTER, RIGHT
from ..domain.forms import DEPARTMENT_FORM, form
from ..domain.layout import MOMENTS, TARGETS, FormLayout, PlacedTable, clip, place
from ..domain.model import REDACTED_TEXT, Department, Document, Project
from ..domain.monitoring import LIGHT_COLOURS
from ..domain.part1 import has_part1, part1_view
from ..domain.rulesets import RuleSet, rule_set
from . import published_format as F
from .pdf_columns import fit_columns
from .pdf_fonts import PdfFonts, choose_fonts
from .pdf_grid import Grid, GridCell, GridStyle
from .cancel import Cancelled
from .errors import ExchangeError

PAGE = A4
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 16 * mm, 18 * mm, 18 * mm
LABEL_BG = colors.Color(0.93, 0.93, 0.93)
FULL = 1e9  # "as tall as it needs": tables are always measured whole
PAD_X, PAD_TOP, PAD_BOTTOM = 3, 2, 3  # cell padding, in points
FRAME_HEIGHT = PAGE[1] - MARGIN_TOP - MARGIN_BOTTOM - 12  # SimpleDocTemplate's frame pads 6 pt top and bottom
#: A cell taller than this cannot share a page with its table's head: its full text is printed after the
#: table as a continuation (a table row cannot be split across pages with its spans intact).
LONG_CELL = FRAME_HEIGHT * 0.6
CONTINUED = "（内容较长，全文见本表后的续页）"
#: What a table's head, indicator header and first indicator may take together: a page less its title.
HEAD_ROOM = FRAME_HEIGHT - 40
CELLS_KEPT = 20000  # wrapped cell texts kept from table to table (about 20 MB at most)


@dataclass
class PdfResult:
    pages: int
    missing: set[str]  # characters no available font can draw (shown blank): report them to the user


class _Styles:
    def __init__(self, fonts: PdfFonts) -> None:
        text, heading = fonts.text.names[0], fonts.heading.names[0]
        # rightIndent: room for a closing mark that hangs at a line end (it may not start the next line),
        # so that its ink stays inside the cell
        base = dict(fontName=text, fontSize=9, leading=12, wordWrap="CJK", rightIndent=4.5)
        self.cell = ParagraphStyle("cell", **base)
        self.cell_center = ParagraphStyle("cell_center", alignment=TA_CENTER, **base)
        self.cell_right = ParagraphStyle("cell_right", alignment=TA_RIGHT, **base)
        self.label = ParagraphStyle("label", alignment=TA_CENTER, **{**base, "fontName": heading})
        self.title = ParagraphStyle("title", fontName=heading, fontSize=14, leading=20, alignment=TA_CENTER,
                                    spaceBefore=6, spaceAfter=6, wordWrap="CJK")
        self.part = ParagraphStyle("part", fontName=heading, fontSize=16, leading=24, alignment=TA_CENTER,
                                   spaceBefore=10, spaceAfter=8, wordWrap="CJK")
        self.section = ParagraphStyle("section", fontName=heading, fontSize=12, leading=18, spaceBefore=8,
                                      spaceAfter=4, wordWrap="CJK")
        self.body = ParagraphStyle("body", fontName=text, fontSize=10.5, leading=17, firstLineIndent=21,
                                   spaceAfter=4, alignment=TA_LEFT, wordWrap="CJK")
        self.sign = ParagraphStyle("sign", fontName=text, fontSize=10.5, leading=16, wordWrap="CJK")


class _Builder:
    def __init__(self, fonts: PdfFonts, layout: FormLayout, public: bool, rules: RuleSet | None = None) -> None:
        self.fonts, self.layout, self.public, self.rules = fonts, layout, public, rules
        self.styles = _Styles(fonts)
        self.width = PAGE[0] - 2 * MARGIN_X
        total = sum(layout.col_widths)
        self.col_widths = [self.width * w / total for w in layout.col_widths]
        self._cells: dict[tuple, Flowable] = {}
        self._placed: tuple[Department, Project, PlacedTable] | None = None  # the last project's table
        self.unfit: str | None = None  # the name of a project whose table could not be laid out on a page
        self.grid_style = GridStyle(PAD_X, PAD_TOP, PAD_BOTTOM, rule=0.6, font=fonts.text.names[0])

    def place(self, department: Department, project: Project, window: tuple[int, int] | None = None) -> PlacedTable:
        """A project's table as this PDF prints it (its form, public or not, the document's rule set); ``window``:
        a page's part of it (layout.place). The last project's whole table is kept: its columns are fitted to it,
        then it is measured and cut into pages — placed once, not for each of those steps."""
        if self._placed is None or self._placed[0] is not department or self._placed[1] is not project:
            if len(self._cells) > CELLS_KEPT:
                # texts recur from table to table (一级/二级, 指标值 such as ≥95%, the labels): kept, they are not
                # wrapped again — up to a bound, or an export's memory would grow with the document
                self._cells.clear()
            whole = place(department, project, layout=self.layout, public=self.public, rules=self.rules)
            self._placed = (department, project, whole)
        whole = self._placed[2]
        return whole if window is None else clip(whole, *window)

    def para(self, text: str, style: ParagraphStyle, heading: bool = False) -> Paragraph:
        chain = self.fonts.heading if heading else self.fonts.text
        return Paragraph(chain.markup(text), style)

    def cell_para(self, text: str, style: ParagraphStyle, heading: bool, width: float) -> Flowable:
        """Table cells are placed again for every page-sized part of a table; wrap each text once."""
        key = (text, style.name, heading, round(width, 2))
        cell = self._cells.get(key)
        if cell is None:
            cell = self._cells[key] = _Cell(self, text, style, heading)
        return cell

    # -- tables ----------------------------------------------------------------------------------
    def cell_style(self, cell) -> tuple[ParagraphStyle, bool]:
        s = self.styles
        if cell.role in ("label", "header"):
            return s.label, True
        spec = self.layout.spec_of(cell)
        if cell.role == "caption" and spec is None:
            return s.cell_right, False  # 单位：万元 at the right edge
        align = spec.kind.align if spec is not None else None
        return {CENTER: s.cell_center, RIGHT: s.cell_right}.get(align, s.cell), False

    def widths_for(self, placed: PlacedTable) -> list[float]:
        """Column widths fitted to this table's content (see pdf_columns)."""
        return fit_columns(placed, self.col_widths, self.fonts.text.names[0], self.fonts.heading.names[0],
                           size=self.styles.cell.fontSize, leading=self.styles.cell.leading, pad_x=PAD_X,
                           pad_y=PAD_TOP + PAD_BOTTOM, indent=self.styles.cell.rightIndent)

    def table(self, placed: PlacedTable, first_row: int, widths: list[float] | None = None) -> Grid:
        """Grid rows ``first_row``… of a placed table, with the same spans."""
        cells, caption_rows = [], set()
        widths = widths or self.col_widths
        for cell in placed.cells:
            if cell.row < first_row:
                continue
            style, heading = self.cell_style(cell)
            width = sum(widths[cell.col:cell.col + cell.colspan])
            if cell.role in ("label", "header"):
                background = LABEL_BG
            elif cell.light is not None:
                background = colors.HexColor("#" + LIGHT_COLOURS[cell.light])
            else:
                background = None
            cells.append(GridCell(cell.row - first_row, cell.col, cell.rowspan, cell.colspan,
                                  self.cell_para(cell.print_text, style, heading, width), background))
            if cell.role == "caption":
                caption_rows.add(cell.row - first_row)
        ruled_from = max(caption_rows) + 1 if caption_rows else 0
        return Grid(cells, placed.rows - first_row, widths, ruled_from, self.grid_style)

    # -- parts -----------------------------------------------------------------------------------
    def part1(self, d: Department) -> list[Flowable]:
        s = self.styles
        out: list[Flowable] = [self.para(F.PART1, s.part, True), self.para(F.PART1_TITLE, s.part, True)]
        for section in part1_view(d, self.public):
            out.append(self.para(section.heading, s.section, True))
            out += [self.para(p, s.body) for p in section.paragraphs]
            for item in section.items:
                out.append(self.para(item.heading, s.section, True))
                if item.redacted:
                    out.append(self.para(REDACTED_TEXT, s.body))
                    continue
                for prefix, text in ((F.GOAL_PREFIX, item.goal), (F.INDICATOR_PREFIX, item.indicator)):
                    if text:
                        out += [self.para(prefix + line if i == 0 else line, s.body)
                                for i, line in enumerate(text.split("\n"))]
        return out

    def without_long_cells(self, department: Department, project: Project, placed: PlacedTable,
                           widths: list[float]) -> tuple[Project, list[Flowable]]:
        """The project with every cell too tall for a page (at the widths its table is drawn with) replaced
        by a pointer, and the continuation that prints those cells in full after the table (ordinary
        paragraphs, which split across pages)."""
        # a text has at most a line a character (and one more after a line break): one too short to fill a page
        # even so is not measured — the length alone is not enough, a list typed one item a line is tall
        most = int((LONG_CELL - PAD_TOP - PAD_BOTTOM) / self.styles.cell.leading) - 1
        long = [cell for cell in placed.cells if cell.field is not None and cell.role in ("field", "indicator")
                and len(cell.text) > most and self._height(cell, widths) > LONG_CELL]
        long += self._head_overflow(department, project, placed, widths, long)
        if not long:
            return project, []
        return self._shortened(department, project, long), self._continuation(project, long)

    def _height(self, cell, widths: list[float]) -> float:
        """A placed cell's height with its padding, at ``widths`` (its text wrapped once: the table reuses it)."""
        style, heading = self.cell_style(cell)
        width = sum(widths[cell.col:cell.col + cell.colspan])
        return self.cell_para(cell.print_text, style, heading, width).wrap(width - 2 * PAD_X, FULL)[1] \
            + PAD_TOP + PAD_BOTTOM

    def _head_overflow(self, department: Department, project: Project, placed: PlacedTable, widths: list[float],
                       long: list) -> list:
        """The head's cells to print after the table too (tallest first) when, each short enough alone, together
        with the indicator header and the first indicator they would not fit on a page (资金用途 and 绩效目标 both
        long): the table could not be laid out at all."""
        last = min(self.layout.first_indicator_row, placed.rows - 1)
        floor = self.styles.cell.leading + PAD_TOP + PAD_BOTTOM
        # upper bounds first — most heads are far below a page: by arithmetic (no character is wider than 1.2 em),
        # then from the cells' wrapped heights (wrapped once, for the table too); only then the head laid out
        size, leading = self.styles.cell.fontSize, self.styles.cell.leading

        def rough(cell) -> float:
            usable = max(sum(widths[cell.col:cell.col + cell.colspan]) - 2 * PAD_X - self.styles.cell.rightIndent, 1.0)
            text = cell.print_text
            return (len(text) * size * 1.2 / usable + text.count("\n") + 1) * leading + PAD_TOP + PAD_BOTTOM

        for height in (rough, lambda cell: self._height(cell, widths)):
            tallest: dict[int, float] = {}
            spanning = 0.0
            for cell in placed.cells:
                if cell.row > last or cell in long:
                    continue
                if cell.rowspan > 1:
                    spanning += height(cell)
                else:
                    tallest[cell.row] = max(tallest.get(cell.row, 0.0), height(cell))
            if sum(max(tallest.get(r, 0.0), floor) for r in range(last + 1)) + spanning <= HEAD_ROOM:
                return []
        one_line = floor + 1
        movable = [cell for cell in placed.cells if cell.row < self.layout.header_row and cell.role == "field"
                   and cell not in long and self.layout.field(cell.field).put is not None
                   and self._height(cell, widths) > one_line]  # a pointer is a line: moving a line gains nothing
        movable.sort(key=lambda cell: -self._height(cell, widths))
        extra = []
        for cell in movable:
            shown = self._shortened(department, project, long + extra)
            grid = self.table(place(department, shown, layout=self.layout, public=self.public, rules=self.rules), 0,
                              widths)
            grid.wrap(self.width, FULL)
            if sum(grid.row_heights[:last + 1]) <= HEAD_ROOM:
                break
            extra.append(cell)
        return extra

    def _shortened(self, department: Department, project: Project, long: list) -> Project:
        """A copy of the project with each of the ``long`` cells' texts replaced by a pointer to the continuation."""
        short = copy.deepcopy(project)
        for cell in long:
            if cell.role == "indicator":
                setattr(short.indicators[cell.indicator], cell.field, CONTINUED)
            else:
                spec = self.layout.field(cell.field)
                if spec.put is not None:  # (a line of the department's, never this long in practice, stays)
                    spec.put(department, short, spec.parse(CONTINUED))
        return short

    def _continuation(self, project: Project, long: list) -> list[Flowable]:
        """What follows the table: the ``long`` cells' texts in full, each named."""
        s = self.styles
        out: list[Flowable] = [Spacer(1, 4 * mm), self.para(f"{project.name}（续页）", s.section, True)]
        for cell in long:
            if cell.role == "indicator":
                indicator = project.indicators[cell.indicator]
                named = f"「{indicator.name[:20]}」" if cell.field != "name" and indicator.name else ""
                where = f"第{cell.indicator + 1}条指标{named}的{self.layout.indicator_header(cell.field)}"
            else:
                spec = self.layout.field(cell.field)
                if spec.put is None:
                    continue  # a line of the department's (never this long in practice): printed as it is
                where = spec.label
            out.append(self.para(f"{where}：", s.section, True))
            out += [self.para(line, s.body) for line in cell.text.split("\n") if line.strip()]
        return out

    def signature(self, d: Department) -> Flowable:
        rows = [[self.para(text, self.styles.sign) for text in texts] for texts in self.layout.signature_lines(d)]
        table = Table(rows, colWidths=[self.width * 0.34, self.width * 0.30, self.width * 0.36])
        table.setStyle(TableStyle([("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                                   ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
        return KeepTogether([Spacer(1, 3 * mm), table])


class _Cell(Flowable):
    """A table cell's text. A text that fits on one line in one font is drawn as a plain string; anything
    else is a CJK-wrapping Paragraph. Either way the wrap is remembered: while a table is fitted to pages
    the same cell is measured again and again, always at the same width."""

    def __init__(self, builder: _Builder, text: str, style: ParagraphStyle, heading: bool) -> None:
        super().__init__()
        self.builder, self.text, self.style, self.heading = builder, text, style, heading
        self.para: Paragraph | None = None
        self._last: tuple | None = None

    def _one_line(self, aw: float) -> bool:
        if not self.text or "\n" in self.text:
            return False
        chain = self.builder.fonts.heading if self.heading else self.builder.fonts.text
        font = chain.names[0]
        if any(ch != " " and chain.font_for(ch) != font for ch in self.text):
            return False  # needs a fallback font (or has a character no font has): the Paragraph handles it
        usable = aw - self.style.leftIndent - self.style.rightIndent
        return pdfmetrics.stringWidth(self.text, font, self.style.fontSize) <= usable

    def wrap(self, aw, ah):
        if self._last is None or self._last[0] != aw:
            if self._one_line(aw):
                self.para = None
                size = (aw, self.style.leading)
            else:
                if self.para is None:
                    self.para = self.builder.para(self.text, self.style, self.heading)
                size = self.para.wrap(aw, ah)
            self._last = (aw, size)
        self.width, self.height = self._last[1]
        return self._last[1]

    def split(self, aw, ah):
        if self.para is None:
            self.para = self.builder.para(self.text, self.style, self.heading)
        return self.para.split(aw, ah)

    def drawOn(self, canvas, x, y, _sW=0):
        if self.para is not None:
            self.para.drawOn(canvas, x, y, _sW)
            return
        style = self.style
        font = (self.builder.fonts.heading if self.heading else self.builder.fonts.text).names[0]
        canvas.setFont(font, style.fontSize)
        baseline = y + self.height - style.fontSize  # where Paragraph puts its first line
        left, right = x + style.leftIndent, x + self.width - style.rightIndent
        if style.alignment == TA_CENTER:
            canvas.drawCentredString((left + right) / 2, baseline, self.text)
        elif style.alignment == TA_RIGHT:
            canvas.drawRightString(right, baseline, self.text)
        else:
            canvas.drawString(left, baseline, self.text)

    def minWidth(self):
        return 0

    def getSpaceBefore(self):
        return 0

    def getSpaceAfter(self):
        return 0


class ProjectTable(Flowable):
    """A project's table from indicator ``start`` on; splits at page breaks into self-contained tables."""

    def __init__(self, builder: _Builder, department: Department, project: Project, start: int = 0,
                 stop: int | None = None, with_head: bool = True, heights: list[float] | None = None,
                 widths: list[float] | None = None) -> None:
        super().__init__()
        self.builder, self.department, self.project = builder, department, project
        self.name = project.name  # the project's name for messages (_table sets it as typed)
        if widths is None or stop is None:  # fitted once to the whole table; every page's part uses the same columns
            whole = builder.place(department, project)
            widths = widths or builder.widths_for(whole)
            stop = whole.rows - builder.layout.first_indicator_row if stop is None else stop
        self.widths = widths
        self.start = start  # rows of the indicator block, counted from its first row
        self.stop = stop
        self.total = stop if heights is None else len(heights) - builder.layout.first_indicator_row
        self.with_head = with_head
        self._heights = heights  # every grid row's height in the whole table, measured once and shared
        self._table: Grid | None = None
        self._wrapped: tuple[float, tuple[float, float]] | None = None  # (width, size) of the last wrap
        self._labels: frozenset[int] | None = None  # see _inner_labels

    def _slice(self, stop: int) -> Grid:
        placed = self.builder.place(self.department, self.project, window=(self.start, stop))
        layout = self.builder.layout
        top = 0 if self.with_head else layout.header_row if self._repeats_header() else layout.first_indicator_row
        return self.builder.table(placed, top, self.widths)

    def _repeats_header(self) -> bool:
        """A continuation repeats the indicator header — unless it begins with a stacked form's next table, whose
        caption and header come with it."""
        return self.builder.layout.first_indicator_row + self.start not in self._inner_labels()

    def heights(self, aw) -> list[float]:
        if self._heights is None:
            whole = self._table if (self.start, self.stop, self.with_head) == (0, self.total, True) \
                and self._table is not None else None
            if whole is None:
                whole = ProjectTable(self.builder, self.department, self.project,
                                     widths=self.widths)._slice(self.total)
            whole.wrap(aw, FULL)
            self._heights = list(whole.row_heights)
        return self._heights

    def _inner_labels(self) -> frozenset[int]:
        """The grid rows of labels inside the indicator block (PlacedTable.inner_label_rows), found once per table and
        shared by its parts, like the heights."""
        if not self.builder.layout.stacked:
            return frozenset()  # (none: no placing needed)
        if self._labels is None:
            self._labels = self.builder.place(self.department, self.project).inner_label_rows
        return self._labels

    def wrap(self, aw, ah):
        if self._table is None:
            self._table = self._slice(self.stop)
        if self._wrapped is None or self._wrapped[0] != aw:  # a table's size depends on its width only
            # measured in full: reportlab stops measuring rows below the space offered, which would leave
            # the spans of a table that is later drawn on a fresh page unmeasured
            self._wrapped = (aw, self._table.wrap(aw, FULL))
        self.width, self.height = self._wrapped[1]
        return self.width, self.height

    def split(self, aw, ah):
        layout = self.builder.layout
        heights = self.heights(aw)
        first = layout.first_indicator_row
        used = sum(heights[:first]) if self.with_head else heights[layout.header_row] if self._repeats_header() else 0
        fits = 0
        for row in range(first + self.start, first + self.stop):
            if used + heights[row] > ah:
                break
            used += heights[row]
            fits += 1
        labels = self._inner_labels()

        def kept(n: int) -> int:
            """A part never ends on the caption or header of a stacked form's next table: they go with its rows."""
            while n and first + self.start + n - 1 in labels:
                n -= 1
            return n

        fits = kept(fits) if fits < self.stop - self.start else fits
        first_part, size = None, None
        while fits:  # heights were measured on the whole table: trust, but check the part itself
            first_part = self._slice(self.start + fits)
            size = first_part.wrap(aw, FULL)
            if size[1] <= ah:
                break
            fits = kept(fits - 1)
        if fits == 0:
            # start on the next page (a row taller than a whole page cannot be drawn: a cell that tall is printed
            # after its table, see _Builder.without_long_cells; if it happens all the same, build_pdf says whose)
            self.builder.unfit = self.name
            return []
        if fits == self.stop - self.start:
            return [self]
        cut = self.start + fits
        head = ProjectTable(self.builder, self.department, self.project, self.start, cut, self.with_head, heights,
                            self.widths)
        head._table, head._wrapped = first_part, (aw, size)
        rest = ProjectTable(self.builder, self.department, self.project, cut, self.stop, False, heights, self.widths)
        head._labels = rest._labels = self._labels
        head.name = rest.name = self.name
        return [head, rest]

    def draw(self):
        self._table.drawOn(self.canv, 0, 0)


class _Checkpoint(Flowable):
    """Zero-size marker after each project: progress, and a chance to cancel."""

    def __init__(self, done: int, total: int, progress, cancelled) -> None:
        super().__init__()
        self.done, self.total, self.progress, self.cancelled = done, total, progress, cancelled

    def wrap(self, aw, ah):
        if self.cancelled and self.cancelled():
            raise Cancelled
        return 0, 0

    def draw(self):
        if self.progress:
            self.progress(self.done, self.total)


def _numbered_canvas(font: str):
    class NumberedCanvas(rl_canvas.Canvas):
        """Draws 第 X 页 共 Y 页 on every page as it is finished. Y is known only after the last page: it is a form
        (a PDF XObject) that each page draws and that is written once at the end — the pages are not held back to
        be numbered (a 4,000-page PDF kept ~190 MB of page states for that). The two halves sit either side of the
        page's middle, one space apart: centred as one line when X and Y have as many digits."""

        def showPage(self):
            self.setFont(font, 9)
            gap = pdfmetrics.stringWidth(" ", font, 9)
            self.drawRightString(PAGE[0] / 2 - gap / 2, 10 * mm, f"第 {self._pageNumber} 页")
            self.saveState()
            self.translate(PAGE[0] / 2 + gap / 2, 10 * mm)
            self.doForm(_TOTAL_FORM)
            self.restoreState()
            super().showPage()

        def save(self):
            total = self._pageNumber - 1  # pages shown; the canvas stands on an empty next page
            self.beginForm(_TOTAL_FORM)
            self.setFont(font, 9)
            self.drawString(0, 0, f"共 {total} 页")
            self.endForm()
            super().save()

    return NumberedCanvas


_TOTAL_FORM = "pdTotalPages"


def build_pdf(document: Document, target, *, public: bool = False, signature: bool = False,
              fonts: PdfFonts | None = None, project_ids: set[int] | None = None, layout: FormLayout | None = None,
              progress: Callable[[int, int], None] | None = None,
              cancelled: Callable[[], bool] | None = None, full: Callable[[Project], Project] = None) -> PdfResult:
    """Write the published document (or, with ``signature``, the signature copy) to ``target``
    (a path or a binary file). ``project_ids`` limits it to those projects or units' own tables (Part 1 is then
    left out).
    ``layout``: another form than the document's — a 监控表 or 自评表 is printed like the signature copy, each
    project on its own page with its signature lines.
    ``full``: a project of ``document`` with its indicators, for a document read without them (Snapshot.streamed):
    each project is taken with its indicators when it is laid out and let go after."""
    full = full or (lambda project: project)
    fonts = fonts or choose_fonts()
    layout = layout or form(document.form)
    signature = signature or layout.moment != TARGETS
    builder = _Builder(fonts, layout, public, rule_set(document.rule_set))
    s = builder.styles
    story: list[Flowable] = []
    selected = [(d, p) for d in document.departments for p in d.projects if project_ids is None or p.id in project_ids]
    total, done = len(selected), 0
    # a unit's 部门整体 table is part of what is signed and filed — in the signature copy, or printed on its own —
    # not of what is published
    wholes = _Builder(fonts, DEPARTMENT_FORM, public, builder.rules) \
        if layout.moment == TARGETS and not public and (signature or project_ids is not None) else None
    for d in document.departments:
        if wholes is not None and d.whole is not None and (project_ids is None or d.whole.id in project_ids):
            if story:
                story.append(PageBreak())
            table, continuation = _table(wholes, d, full(d.whole))
            story += [wholes.para(DEPARTMENT_FORM.title, s.title, True), table, *continuation]
            if signature:
                story.append(wholes.signature(d))
        projects = [(i, p) for i, p in enumerate(d.projects, 1) if project_ids is None or p.id in project_ids]
        if not signature and project_ids is None and has_part1(d):
            if story:
                story.append(PageBreak())
            story += builder.part1(d)
            story += [builder.para(F.PART2, s.part, True), builder.para(F.PART2_TITLE, s.part, True)]
        elif not signature and project_ids is None and story:
            story.append(PageBreak())  # each unit's tables start a page
        for index, project in projects:
            if signature and story:
                story.append(PageBreak())
            heading = builder.para(builder.layout.title_for(index, project), s.title, True)
            if not signature and (index > 1 or project_ids is not None):
                story.append(Spacer(1, 6 * mm))  # tables one after another are not glued together
            story.append(_Deferred(lambda d=d, project=project, heading=heading: _project_flowables(
                builder, d, full(project), heading, signature)))
            if signature:
                story.append(builder.signature(d))
            done += 1
            story.append(_Checkpoint(done, total, progress, cancelled))
    if not story:
        story.append(builder.para("（没有可打印的内容）", s.body))
    doc = _Document(target, pagesize=PAGE, leftMargin=MARGIN_X, rightMargin=MARGIN_X, topMargin=MARGIN_TOP,
                            bottomMargin=MARGIN_BOTTOM, title=_doc_title(document, signature, layout),
                            author="perfdesk", creator="perfdesk",
                            initialFontName=fonts.text.names[0])  # else every page starts in unembedded Helvetica
    try:
        doc.build(story, canvasmaker=_numbered_canvas(fonts.text.names[0]))
    except LayoutError:
        unfit = builder.unfit if builder.unfit is not None else wholes.unfit if wholes is not None else None
        name = f"「{unfit or '（未命名）'}」" if unfit is not None else "有一个项目"
        raise ExchangeError(f"{name}的表格排不进一页 A4：表头连同指标表头和第一条指标比一页还高（很长的资金用途、"
                            "绩效目标等已移到表后的续页，余下的仍放不下，如很长的单位名称）。"
                            "请把其中很长的内容改短后再导出 PDF 或打印。") from None
    return PdfResult(doc.page, set(fonts.missing))


class _Deferred(Flowable):
    """A project's title, table and what follows it, made when the document reaches them (_Document): its columns
    are fitted right before it is laid out — its table placed once for both, and an export's progress and
    cancelling (after each project: _Checkpoint) cover the fitting too, which otherwise ran for every project
    before the first page."""

    def __init__(self, make: Callable[[], list[Flowable]]) -> None:
        super().__init__()
        self.make = make

    def wrap(self, aw, ah):
        raise RuntimeError("a deferred project was laid out before it was made")


class _Document(SimpleDocTemplate):
    def filterFlowables(self, flowables):  # noqa: N802 - reportlab's hook: what is next may be changed here
        while flowables and isinstance(flowables[0], _Deferred):
            flowables[0:1] = flowables[0].make()


def _project_flowables(builder: _Builder, d: Department, project: Project, heading: Flowable,
                       signature: bool) -> list[Flowable]:
    table, continuation = _table(builder, d, project)
    if signature:  # each project starts a page: nothing to keep together
        return [heading, table, *continuation]
    return [KeepTogether([heading, table]), *continuation]  # the title never ends a page on its own


def _table(builder: _Builder, d: Department, project: Project) -> tuple[ProjectTable, list[Flowable]]:
    """A table and what follows it: columns fitted once to the whole table; a cell too tall for a page at those
    widths is printed after the table, and the table is drawn at the very widths it was judged with."""
    placed = builder.place(d, project)
    widths = builder.widths_for(placed)
    shown, continuation = builder.without_long_cells(d, project, placed, widths)
    if continuation:  # fitted again without the long texts, unless that makes another cell too tall
        placed_shown = builder.place(d, shown)
        refit = builder.widths_for(placed_shown)
        if not builder.without_long_cells(d, shown, placed_shown, refit)[1]:
            widths = refit
    table = ProjectTable(builder, d, shown, widths=widths)
    table.name = project.name  # as typed (the table may show a pointer in place of a long name), for messages
    return table, continuation


def _doc_title(document: Document, signature: bool, layout: FormLayout) -> str:
    names = "、".join(d.name for d in document.departments if d.name) or "预算绩效目标"
    if layout.moment != TARGETS:
        return f"{names}{MOMENTS[layout.moment]}"
    return f"{names}{'绩效目标表（签字版）' if signature else '预算绩效目标'}"


def write_pdf(document: Document, path: str | Path, **options) -> PdfResult:
    """Build into a temporary file beside ``path`` and rename it into place when complete."""
    from .atomic import atomic_save

    result: list[PdfResult] = []
    atomic_save(Path(path), lambda tmp: result.append(build_pdf(document, tmp, **options)))
    return result[0]
