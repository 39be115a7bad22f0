"""Column widths that follow a table's content, so that a printed table wastes no height.

The layout gives relative widths; a project whose 指标值确定依据 are long and whose 指标值 are short
needs other widths than one where it is the other way round. Widths move between columns while that
lowers the table's estimated height, under two rules: the page width stays the same, and a short cell
(a label, a header, a 一级/二级 name) is never broken so that a single character is left on a line
(`经济效益指/标`). Heights are estimated from the text's measured widths (CJK text wraps at any
character), which is arithmetic once every line is measured: a table is fitted in milliseconds.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable

from reportlab.pdfbase import pdfmetrics

from ..domain.layout import PlacedTable

SHORT_ROLES = ("label", "header")
SHORT_CHARS = 8  # a short cell of up to this many characters stays on one line
STEPS = (24.0, 12.0, 6.0, 3.0)
MAX_PASSES = 3
MIN_COLUMN = 36.0  # points: four characters; no column is squeezed to a sliver
SPARSE_CELLS = 4  # a span with this many one-row cells or fewer is maxed cell by cell (fit_columns.total)


@dataclass
class _Cell:
    col: int
    colspan: int
    row: int
    rowspan: int
    widths: list[float]  # measured width of each line of its text


def _by_mass(placed: PlacedTable, base: list[float], cells: list[_Cell], floor: list[float]) -> list[float]:
    """A start that gives each indicator column group width in proportion to its text, so that the
    cells of a row tend to need the same number of lines (the row's height is its tallest cell)."""
    groups = [(c.col, c.colspan) for c in placed.layout.indicator_columns if not c.merge]
    first = placed.layout.first_indicator_row
    mass = {}
    for col, span in groups:
        rows = [sum(c.widths) for c in cells if (c.col, c.colspan) == (col, span) and c.row >= first]
        mass[(col, span)] = max(sum(rows) / len(rows), 1.0) if rows else 1.0
    fixed = [c for c in range(len(base)) if not any(col <= c < col + span for col, span in groups)]
    budget = sum(base) - sum(base[c] for c in fixed)
    floors = {g: sum(floor[g[0]:g[0] + g[1]]) for g in groups}
    spare = budget - sum(floors.values())
    if spare <= 0:
        return list(base)
    total = sum(mass.values())
    widths = list(base)
    for (col, span), m in mass.items():
        extra = spare * m / total  # above the group's floors, in proportion to its text
        within = sum(base[col:col + span])
        for c in range(col, col + span):
            widths[c] = floor[c] + extra * base[c] / within
    return widths


def fit_columns(placed: PlacedTable, base: list[float], font: str, heading_font: str, *, size: float,
                leading: float, pad_x: float, pad_y: float, indent: float) -> list[float]:
    """Widths for ``placed`` summing to ``sum(base)``; ``base`` itself when nothing better is found."""
    cells, needs = [], []
    for cell in placed.cells:
        spec = placed.layout.spec_of(cell)
        short = cell.role in SHORT_ROLES or (spec is not None and spec.kind.short)
        face = heading_font if cell.role in SHORT_ROLES else font
        lines = cell.print_text.split("\n") if cell.print_text else [""]
        measured = [pdfmetrics.stringWidth(line, face, size) for line in lines]
        if short and cell.text:
            longest = max(len(line) for line in lines)
            need = max(measured) if longest <= SHORT_CHARS else max(measured) / 2 + size
            needs.append((cell.col, cell.colspan, need + 2 * pad_x + indent))
        if cell.role != "caption":
            cells.append(_Cell(cell.col, cell.colspan, cell.row, cell.rowspan, measured))
    chrome = 2 * pad_x + indent

    spans: dict[tuple[int, int], list[_Cell]] = {}
    for c in cells:
        spans.setdefault((c.col, c.colspan), []).append(c)
    nrows = placed.rows
    # per span: its columns, its cells, its merged cells, and the heights its cells take at a usable width — for
    # whole lines and for fractions of lines — each width measured once (the moves visit the same few again and again)
    def shape(members: list[_Cell]) -> tuple:
        """A span's cells as span_heights reads them: each cell's lines, (cell, row) of its one-row cells, its
        merged cells."""
        return ([c.widths for c in members], [(i, c.row) for i, c in enumerate(members) if c.rowspan == 1],
                [i for i, c in enumerate(members) if c.rowspan > 1])

    plan = [(key[0], key[0] + key[1], shape(members), [c for c in members if c.rowspan > 1], ({}, {}))
            for key, members in spans.items()]
    # the rows each span's merged cells cover, in the order of the plan's spans that have any
    merged_plan = [[(c.row, c.row + c.rowspan) for c in merged] for _, _, _, merged, _ in plan if merged]
    # the spans whose one-row cells fill many rows (the indicator columns), whose row vectors are maxed at once, and
    # the others with the rows they have cells in (a head row's cell, a caption)
    dense_spans = [i for i, (_, _, (_, single, _), _, _) in enumerate(plan) if len(single) > SPARSE_CELLS]
    sparse_spans = [(i, [row for _, row in single]) for i, (_, _, (_, single, _), _, _) in enumerate(plan)
                    if 0 < len(single) <= SPARSE_CELLS]

    ceil = math.ceil

    def span_heights(shaped: tuple, usable: float, smooth: bool) -> tuple[tuple[float, ...], list[float]]:
        """The heights a span's one-row cells give each row of the table (0 where it has none), and those of its
        merged cells. (A cell of one line — most — is its line's count itself: the sum of one number is that
        number, so the figures are the sum's.)"""
        lines, single, multi = shaped
        if smooth:
            heights = [leading * (max(1.0, ws[0] / usable) if len(ws) == 1 else sum(max(1.0, w / usable) for w in ws))
                       + pad_y for ws in lines]
        else:
            heights = [leading * (max(1, ceil(ws[0] / usable - 1e-9)) if len(ws) == 1
                                  else sum(max(1, ceil(w / usable - 1e-9)) for w in ws)) + pad_y for ws in lines]
        by_row = [0.0] * nrows
        for i, row in single:
            by_row[row] = heights[i]
        return tuple(by_row), [heights[i] for i in multi]

    heights_seen: dict[tuple, float] = {}
    # equal figures of a span are one object (whole lines stay equal over a range of widths), so that a height
    # made of the same figures is found by their identities, without taking the rows' maxima again
    interned: dict[tuple, tuple] = {}
    heights_of_parts: dict[tuple, float] = {}

    def measure(i: int, widths: list[float], smooth: bool) -> tuple:
        """Span ``i``'s figures at ``widths`` (span_heights), each usable width measured once."""
        start, stop, shaped, _, caches = plan[i]
        usable = (widths[start] if stop - start == 1 else sum(widths[start:stop])) - chrome
        if usable <= 1.0:
            usable = 1.0
        cache = caches[smooth]
        measured = cache.get(usable)
        if measured is None:
            made = span_heights(shaped, usable, smooth)
            measured = cache[usable] = interned.setdefault((made[0], tuple(made[1])), made)
        return measured

    def total(figures: list[tuple]) -> float:
        """The table's estimated height from its spans' figures. Each row is as tall as its tallest cell — the rows'
        maxima taken over the spans' row vectors at once (the search asks tens of thousands of times per long
        table)."""
        parts = tuple(map(id, figures))
        found = heights_of_parts.get(parts)
        if found is not None:
            return found
        spanning = [measured[1] for measured, (_, _, _, merged, _) in zip(figures, plan) if merged]
        dense = [figures[i][0] for i in dense_spans]
        rows = list(map(max, zip(*dense))) if dense else [0.0] * nrows
        for i, at in sparse_spans:  # a span with cells in a few rows only: those rows, not a column of zeros
            by_row = figures[i][0]
            for r in at:
                if by_row[r] > rows[r]:
                    rows[r] = by_row[r]
        for merged, heights in zip(merged_plan, spanning):
            for (first, last), h in zip(merged, heights):  # a merged cell makes its last row taller if its rows are too short
                short = h - sum(rows[first:last])
                if short > 0:
                    rows[last - 1] += short
        found = heights_of_parts[parts] = sum(rows)
        return found

    def figures(widths: list[float], smooth: bool) -> list[tuple]:
        return [measure(i, widths, smooth) for i in range(len(plan))]

    def height(widths: list[float], smooth: bool = False) -> float:
        """The table's estimated height; ``smooth`` counts fractions of lines, which shows the way
        where whole lines do not change yet (a search on whole lines stops on every plateau). Each set of widths
        is measured once."""
        memo = (*widths, smooth)
        found = heights_seen.get(memo)
        if found is None:
            found = heights_seen[memo] = total(figures(widths, smooth))
        return found

    # the spans a move between two columns changes: only those are measured again, the others' figures stay
    spans_of = [{i for i, (start, stop, *_) in enumerate(plan) if start <= col < stop} for col in range(len(base))]
    touched_by: dict[tuple[int, int], tuple[int, ...]] = {}

    def moved(before: list[tuple] | None, widths: list[float], smooth: bool, giver: int, taker: int) -> tuple:
        """The height at ``widths``, which differ from the widths of the figures ``before`` in the giver's and the
        taker's widths only, and the figures at ``widths`` — None where the height was known (the figures are then
        made only if the move is taken: figures())."""
        memo = (*widths, smooth)
        found = heights_seen.get(memo)
        if found is not None:
            return found, None
        touched = touched_by.get((giver, taker))
        if touched is None:
            touched = touched_by[(giver, taker)] = tuple(sorted(spans_of[giver] | spans_of[taker]))
        after = list(before)
        for i in touched:
            after[i] = measure(i, widths, smooth)
        found = heights_seen[memo] = total(after)
        return found, after

    estimate = _Estimate(height, figures, moved)

    # what each span of columns must be at least: its widest short cell
    widest: dict[tuple[int, int], float] = {}
    for col, span, need in needs:
        widest[(col, span)] = max(widest.get((col, span), 0.0), need)
    spans_needed = [(col, col + span, need - 1e-6) for (col, span), need in widest.items()]

    def allowed(widths: list[float]) -> bool:
        return min(widths) >= MIN_COLUMN - 1e-6 and all(sum(widths[start:stop]) >= need for start, stop, need in spans_needed)

    # what a move taking width from a column can break: that column's minimum, and the spans it is in (a column
    # given width breaks nothing)
    needed_with = [[(start, stop, need) for start, stop, need in spans_needed if start <= col < stop]
                   for col in range(len(base))]

    def still_allowed(widths: list[float], giver: int) -> bool:
        return widths[giver] >= MIN_COLUMN - 1e-6 and all(sum(widths[start:stop]) >= need
                                                          for start, stop, need in needed_with[giver])

    # the longest line of each span's cells, and the spans each column is in: a column can make the table lower
    # only if a span it is in has a line longer than that span's usable width (heights only grow as width shrinks)
    longest = [max((w for ws in lines for w in ws), default=0.0) for _, _, (lines, _, _), _, _ in plan]
    spans_with = [[(start, stop, line) for (start, stop, _, _, _), line in zip(plan, longest) if start <= col < stop]
                  for col in range(len(base))]

    def may_gain(widths: list[float]) -> list[bool]:
        """Per column: whether widening it could lower a cell (a line of one of its spans does not fit yet)."""
        return [any(line > max(sum(widths[start:stop]) - chrome, 1.0) for start, stop, line in spans)
                for spans in spans_with]

    floor = [MIN_COLUMN] * len(base)  # what each column needs for its own short cells
    for col, span, need in needs:
        if span == 1:
            floor[col] = max(floor[col], need)

    best_widths, best_height = list(base), height(base) if allowed(base) else float("inf")
    for start in (list(base), _by_mass(placed, base, cells, floor)):  # two starts: either may win
        widths = _refine(_make_room(start, needs, floor), estimate, allowed, still_allowed, may_gain)
        if allowed(widths) and height(widths) < best_height - 0.5:
            best_widths, best_height = widths, height(widths)
    return best_widths


def _make_room(widths: list[float], needs, floor) -> list[float]:
    """Widen what the short cells need, taking from the widest columns (never below their own needs)."""
    widths = list(widths)
    for col, span, need in sorted(needs, key=lambda n: -n[2]):
        lack = need - sum(widths[col:col + span])
        donors = sorted((c for c in range(len(widths)) if not col <= c < col + span), key=lambda c: -widths[c])
        for donor in donors:
            if lack <= 0:
                break
            give = min(lack, widths[donor] - floor[donor])
            if give > 0:
                widths[donor] -= give
                widths[col + span - 1] += give
                lack -= give
    return widths


@dataclass
class _Estimate:
    """fit_columns' height estimates, as _refine asks for them."""
    height: Callable[..., float]  # (widths, smooth=False) → the table's height
    figures: Callable[[list[float], bool], list]  # (widths, smooth) → each span's figures there
    moved: Callable[..., tuple]  # (figures, widths, smooth, giver, taker) → (height, figures) after one move


def _refine(widths: list[float], estimate: _Estimate, allowed, still_allowed, may_gain) -> list[float]:
    """Move width between columns, in smaller and smaller steps, while the table gets lower (from allowed widths
    only to allowed ones: a move is checked for what its giver loses). A move to a column that cannot gain is not
    measured: no cell gets lower and none of the giver's gets lower either, so it would not be taken (the same
    widths, found with fewer height estimates). A move measures again only the spans of its two columns."""
    if not allowed(widths):
        return widths
    height, figures, moved = estimate.height, estimate.figures, estimate.moved

    def give(widths: list[float], giver: int, step: float) -> tuple[list[float] | None, bool]:
        """``widths`` with ``step`` taken from the giver (None if that leaves it too narrow for any move), and
        whether that is allowed whatever column takes it: a span's sum only grows if the taker is in it, so what
        the loss alone allows is allowed; what it does not may still be, if the taker is in the span it breaks."""
        given = list(widths)
        given[giver] -= step
        if given[giver] < MIN_COLUMN - 1e-6:
            return None, False
        return given, still_allowed(given, giver)

    best = (height(widths), height(widths, True))
    current: list[list | None] = [None, None]  # the figures at widths, made when a move first needs them
    gains = may_gain(widths)
    columns = range(len(widths))
    for step in STEPS:
        improved, passes = True, 0
        while improved and passes < MAX_PASSES:  # each pass tries every move once; a few find nearly all
            improved, passes = False, passes + 1
            for giver in columns:
                given, any_taker = give(widths, giver, step)
                if given is None:
                    continue
                for taker in columns:
                    if giver == taker or not gains[taker]:
                        continue
                    trial = list(given)
                    trial[taker] += step
                    if not any_taker and not still_allowed(trial, giver):
                        continue
                    if current[0] is None:
                        current[0] = figures(widths, False)
                    whole, whole_figures = moved(current[0], trial, False, giver, taker)
                    if whole >= best[0] + 0.5:
                        continue  # higher by a line's fraction or more: the smooth height cannot save it
                    if current[1] is None:
                        current[1] = figures(widths, True)
                    smooth, smooth_figures = moved(current[1], trial, True, giver, taker)
                    if whole < best[0] - 0.5 or smooth < best[1] - 0.5:
                        widths, best, improved = trial, (whole, smooth), True
                        current = [whole_figures, smooth_figures]  # None where the height was known
                        gains = may_gain(widths)
                        given, any_taker = give(widths, giver, step)  # the next takers start from here
                        if given is None:
                            break
    return widths
