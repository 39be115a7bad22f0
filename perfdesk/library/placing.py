"""指标库 entries put into a project (the 指标库 window's 插入, a class's template): as indicators of the document's
taxonomy, each where its 二级 is — after the project's last indicator of the same 一级/二级, else after the last of
its 一级, else before the first 一级 that comes after it in the taxonomy, else at the end."""

from __future__ import annotations

from ..domain.model import YEAR, Indicator
from ..domain.taxonomy import Taxonomy
from .builtin import LibraryEntry


def as_indicator(entry: LibraryEntry, taxonomy: Taxonomy) -> Indicator | None:
    """The entry as a 年度 indicator of ``taxonomy`` (None when the taxonomy has no such 二级): its name, 描述, the
    typical 指标值 (or the one used last) and 依据."""
    levels = taxonomy.level1_of(entry.level2)
    if levels is None:
        return None
    return Indicator(levels[0], levels[1], entry.name, entry.explanation, entry.typical_value, entry.standard,
                     phase=YEAR)


def insertions(existing: list[Indicator], new: list[Indicator], taxonomy: Taxonomy) -> list[tuple[int, list[Indicator]]]:
    """(position, indicators) to insert, the highest position first, so that inserting them in this order leaves
    every position right. New indicators of one place go in the taxonomy's order of their 二级 (then as given)."""
    order = {name: n for n, name in enumerate(taxonomy.level1_names())}
    level2_order = {name: n for n, name in enumerate(taxonomy.all_level2_names())}
    places: dict[int, list[Indicator]] = {}
    for indicator in new:
        shown = [(k, i) for k, i in enumerate(existing) if i.phase == indicator.phase]
        same = [k for k, i in shown if (i.level1, i.level2) == (indicator.level1, indicator.level2)]
        level = [k for k, i in shown if i.level1 == indicator.level1]
        later = [k for k, i in shown if order.get(i.level1, len(order)) > order.get(indicator.level1, len(order))]
        position = same[-1] + 1 if same else level[-1] + 1 if level else later[0] if later else len(existing)
        places.setdefault(position, []).append(indicator)
    return [(position, sorted(block, key=lambda i: level2_order.get(i.level2, len(level2_order))))
            for position, block in sorted(places.items(), reverse=True)]
