"""A table of the PDF drawn straight onto the canvas: the cells' texts measured once, the rows' heights computed once
from them, then backgrounds, texts and rules drawn — what the PDF's tables need of reportlab's ``Table`` (spans,
backgrounds, a grid below the caption, cells centred vertically), without its general machinery, which built, measured
and styled each project's table cell by cell several times and took half of a big export's time (issue 16).

The geometry is reportlab's own, so a page looks as it did when it was a ``Table``: a row is as tall as its tallest
cell that spans no rows, an empty place counts one line of the default cell style, a cell spanning rows adds what its
rows lack to each of them equally (the largest first), a cell's content sits in the middle of its rectangle.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.platypus import Flowable

FUZZ = 1e-6  # reportlab's rl_config._FUZZ: what two positions may differ by and still be one
EMPTY_LINE = 12  # the leading of reportlab's default cell style: an empty place in a row is one such line tall


@dataclass(frozen=True)
class GridCell:
    row: int
    col: int
    rowspan: int
    colspan: int
    content: Flowable | None  # None: an empty cell (a background at most)
    background: colors.Color | None = None


@dataclass(frozen=True)
class GridStyle:
    pad_x: float
    pad_top: float
    pad_bottom: float
    rule: float  # the grid's line width
    font: str  # the canvas's font while the cells draw (a cell sets its own; no unembedded font is ever selected)


class Grid(Flowable):
    """``cells`` on a grid of ``nrows`` rows and ``widths`` columns; ruled from row ``ruled_from`` down (rows above
    it, a caption such as 单位：万元, stand outside the grid)."""

    def __init__(self, cells: list[GridCell], nrows: int, widths: list[float], ruled_from: int, style: GridStyle):
        super().__init__()
        # row by row, left to right: the order the texts are drawn in is the order a PDF reader extracts them in
        self.cells = sorted(cells, key=lambda cell: (cell.row, cell.col))
        self.nrows, self.widths, self.ruled_from, self.style = nrows, list(widths), ruled_from, style
        self.col_positions = [0.0]
        for w in self.widths:
            self.col_positions.append(self.col_positions[-1] + w)
        self.row_heights: list[float] | None = None
        self.row_positions: list[float] = []  # from the top edge (the table's height) down to 0

    def wrap(self, aw, ah):
        if self.row_heights is None:
            self._measure()
        return self.col_positions[-1], self.row_positions[0]

    def _measure(self) -> None:
        s = self.style
        pads = s.pad_top + s.pad_bottom
        heights = [0.0] * self.nrows
        spanned: dict[tuple[int, int], float] = {}  # rows (first, last) of a cell spanning rows → its height
        occupied = [[False] * len(self.widths) for _ in range(self.nrows)]
        for cell in self.cells:
            for r in range(cell.row, cell.row + cell.rowspan):
                for c in range(cell.col, cell.col + cell.colspan):
                    occupied[r][c] = True
            height = pads
            if cell.content is not None:
                height += cell.content.wrapOn(None, self._width(cell) - 2 * s.pad_x, 1e9)[1]
            if cell.rowspan > 1:
                rows = (cell.row, cell.row + cell.rowspan - 1)
                spanned[rows] = max(spanned.get(rows, height), height)
                continue
            if cell.colspan > 1:
                # the places a cell spans across are empty strings to reportlab, each a line tall
                height = max(height, EMPTY_LINE + pads)
            heights[cell.row] = max(heights[cell.row], height)
        for r, places in enumerate(occupied):
            if not all(places):
                heights[r] = max(heights[r], EMPTY_LINE + pads)
        # what a cell spanning rows needs beyond its rows' heights is shared by those rows equally, the tallest
        # such cell first
        extra: dict[int, float] = {}
        for need, (first, last) in sorted(((h, rows) for rows, h in spanned.items()), reverse=True):
            rows = range(first, last + 1)
            have = sum(heights[r] + extra.get(r, 0) for r in rows)
            if have >= need - FUZZ:
                continue
            share = (need - have) / len(rows)
            for r in rows:
                extra[r] = extra.get(r, 0) + share
        for r, share in extra.items():
            heights[r] += share
        self.row_heights = heights
        # the rows' positions summed from the bottom with the rounding error carried, as reportlab sums them
        positions, height, carry = [], 0.0, 0.0
        for r in range(self.nrows - 1, -1, -1):
            positions.append(height)
            y = heights[r] - carry
            t = height + y
            carry = (t - height) - y
            height = t
        positions.append(height)
        positions.reverse()
        self.row_positions = positions

    def _width(self, cell: GridCell) -> float:
        return self.col_positions[cell.col + cell.colspan] - self.col_positions[cell.col]

    def _rect(self, cell: GridCell) -> tuple[float, float, float, float]:
        x = self.col_positions[cell.col]
        y = self.row_positions[cell.row + cell.rowspan]
        return x, y, self._width(cell), self.row_positions[cell.row] - y

    def draw(self):
        canvas, s = self.canv, self.style
        canvas.saveState()
        for cell in self.cells:
            if cell.background is not None:
                canvas.setFillColor(cell.background)
                canvas.rect(*self._rect(cell), stroke=0, fill=1)
        canvas.setFillColor(colors.black)
        canvas.setFont(s.font, 10, 12)
        for cell in self.cells:
            if cell.content is None:
                continue
            x, y, width, height = self._rect(cell)
            h = cell.content.wrapOn(canvas, width - 2 * s.pad_x, height - s.pad_top - s.pad_bottom)[1]
            cell.content.drawOn(canvas, x + s.pad_x, y + (height + s.pad_bottom - s.pad_top + h) / 2 - h)
        self._draw_rules()
        canvas.restoreState()

    def _draw_rules(self) -> None:
        canvas, s = self.canv, self.style
        cols, rows = self.col_positions, self.row_positions
        top, bottom = rows[self.ruled_from], rows[-1]
        # where a cell spans a boundary, the rule stops at the cell's edges
        across_rows: dict[int, list[tuple[float, float]]] = {}  # row boundary → the x-ranges a cell spans across it
        across_cols: dict[int, list[tuple[float, float]]] = {}  # column boundary → the y-ranges spanned across it
        for cell in self.cells:
            for r in range(cell.row + 1, cell.row + cell.rowspan):
                across_rows.setdefault(r, []).append((cols[cell.col], cols[cell.col + cell.colspan]))
            for c in range(cell.col + 1, cell.col + cell.colspan):
                across_cols.setdefault(c, []).append((rows[cell.row + cell.rowspan], rows[cell.row]))
        canvas.saveState()
        canvas.setLineCap(1)
        canvas.setLineJoin(1)
        canvas.setStrokeColor(colors.black)
        canvas.setLineWidth(s.rule)
        for r in range(self.ruled_from, self.nrows + 1):
            y = rows[r]
            for x0, x1 in _unblocked(cols[0], cols[-1], across_rows.get(r, ())):
                canvas.line(x0, y, x1, y)
        for c in range(len(cols)):
            x = cols[c]
            for y0, y1 in _unblocked(bottom, top, across_cols.get(c, ())):
                canvas.line(x, y0, x, y1)
        canvas.restoreState()


def _unblocked(start: float, stop: float, blocks) -> list[tuple[float, float]]:
    """The parts of ``start``–``stop`` that no block covers."""
    parts = []
    for b0, b1 in sorted(blocks):
        if b1 <= start + FUZZ or b0 >= stop - FUZZ:
            continue
        if b0 > start + FUZZ:
            parts.append((start, b0))
        start = max(start, b1)
    if start < stop - FUZZ:
        parts.append((start, stop))
    return parts
