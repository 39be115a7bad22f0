"""The 指标库 under a 三级 cell: what is suggested for the typed text, and what taking a suggestion fills in.

The suggestions come from the clerk's own library (我的指标, learned from their documents: storage/library_file)
and the built-in starter set; an own entry of the same name stands for the built-in one (it carries the value
the clerk used last).
"""

from __future__ import annotations

import dataclasses

from ..domain.model import Indicator
from ..domain.text import label_key
from .builtin import LibraryEntry, builtin_entries
from .index import SearchIndex
from .search import INITIALS_START, PREFIX

SHOWN = 8


def label(entry: LibraryEntry) -> str:
    """A suggestion as listed: the name, its typical 指标值 (or operator and unit), its 二级 and class."""
    value = entry.typical_value or f"{entry.operator}…{entry.unit}"  # the number is the clerk's to give
    where = "·".join(part for part in (entry.level2, entry.project_class or entry.source) if part)
    return f"{entry.name}　{value}　〔{where}〕"


def suggestions(text: str, own: tuple[LibraryEntry, ...] = ()) -> list[tuple[str, LibraryEntry, bool]]:
    """The best entries for the typed text (a part of the name, or pinyin initials: pxrc → 培训人次), each with
    whether it is a strong match — the name, or its initials, start with what was typed — which Enter takes."""
    return [(label(entry), entry, score in (PREFIX, INITIALS_START))
            for entry, score in index_for(own).search(text, SHOWN)]


_built: list = [None, None]  # (the own entries an index was built for, the index): one per library state


def prepared(own: tuple[LibraryEntry, ...]) -> SearchIndex:
    """The index over ``own`` and the built-in entries (an own entry stands for the built-in one of its name).
    Pure: a worker thread may build it (ui/library_actions), then adopt() it."""
    return SearchIndex(all_entries(own))


def adopt(own: tuple[LibraryEntry, ...], index: SearchIndex) -> None:
    """Use ``index`` for ``own`` from now on (on the thread that asks for suggestions)."""
    _built[:] = [own, index]


def index_for(own: tuple[LibraryEntry, ...]) -> SearchIndex:
    """The index over ``own`` and the built-in entries for this state of the library: built here when nobody
    prepared it (the command line), else the one adopted."""
    if _built[0] is not own:
        adopt(own, prepared(own))
    return _built[1]


def all_entries(own: tuple[LibraryEntry, ...]) -> tuple[LibraryEntry, ...]:
    """The library file's entries and the built-in ones. An own entry stands for the built-in one of its name,
    taking from it what the clerk's documents do not say (its class, explanation, typical value, operator, unit, 依据)."""
    builtin = {label_key(e.name): e for e in builtin_entries()}
    merged = tuple(_completed(e, builtin.get(label_key(e.name))) for e in own)
    names = {label_key(e.name) for e in own}
    return merged + tuple(e for key, e in builtin.items() if key not in names)


def _completed(own: LibraryEntry, builtin: LibraryEntry | None) -> LibraryEntry:
    if builtin is None:
        return own
    return dataclasses.replace(own, **{f: getattr(builtin, f) for f in _FROM_BUILTIN if not getattr(own, f)})


_FROM_BUILTIN = ("project_class", "explanation", "operator", "value", "unit", "standard")


def value_suggestions(indicator: Indicator, text: str, own: tuple[LibraryEntry, ...] = ()) -> list[tuple[str, str, bool]]:
    """The values this indicator had before — its 上年值, the one the clerk's documents used last, the library's
    typical one — that start with what is typed (all of them while nothing is), each once. One starting with
    typed text is a strong match."""
    found: dict[str, str] = {}
    if indicator.previous_value:
        found.setdefault(indicator.previous_value, "上年值")
    for entry in index_for(own).named(indicator.name) if indicator.name.strip() else ():
        if entry.last_value:
            found.setdefault(entry.last_value, "上次用过")
        if entry.value:
            found.setdefault(entry.typical_value, "指标库参考值")
    typed = label_key(text)
    if not typed:
        return [(f"{value}　〔{why}〕", value, False) for value, why in found.items()]
    return [(f"{value}　〔{why}〕", value, True) for value, why in found.items()
            if label_key(value).startswith(typed) and label_key(value) != typed]  # equal: nothing to add


def filled_from(entry: LibraryEntry, indicator: Indicator) -> dict[str, str]:
    """What taking ``entry`` for ``indicator`` sets: the name, and the row's empty cells — 二级, 描述, 指标值 (the
    typical one, when the entry has it), 依据 (its 标准类型) — never what the clerk already wrote."""
    fields = {"name": entry.name}
    for key, value in (("level2", entry.level2), ("description", entry.explanation), ("value", entry.typical_value),
                       ("basis", entry.standard)):
        if value and not getattr(indicator, key).strip():
            fields[key] = value
    return fields
