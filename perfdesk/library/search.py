"""Finding 指标库 entries as a clerk types: by any part of the name, or by its pinyin initials (``pxrc`` →
培训人次).

Initials come from pypinyin with every reading of a character (长 is c or z, 重 z or c): a query matches a run
of characters when each letter is an initial of its character, so a 多音字 never hides an entry.
"""

from __future__ import annotations

from functools import lru_cache

from ..domain.text import label_key
from .builtin import LibraryEntry


#: How well an entry matches, best first: the name starts with the query, contains it, its initials start with
#: the query's letters, contain them, the explanation contains the query.
PREFIX, CONTAINS, INITIALS_START, INITIALS_INSIDE, EXPLANATION = 100, 80, 70, 50, 20


@lru_cache(maxsize=65536)
def initials(name: str) -> tuple[frozenset[str], ...]:
    """Each character's possible initials (a letter or digit stands for itself)."""
    from pypinyin import Style, pinyin  # imported on the first search, not at start-up

    readings = pinyin(name, style=Style.FIRST_LETTER, heteronym=True, errors=lambda s: [[c] for c in s])
    return tuple(frozenset(r.lower() for r in options) for options in readings)


MAX_SPELLINGS = 32  # initials strings kept per name: a name of six 多音字 is cut there (rare in indicator names)


def initial_strings(name: str) -> tuple[str, ...]:
    """Every string of initials the name can be read as (培训人次 → pxrc; 长效 → cx, zx), for an index to find a
    query's letters in without pypinyin (index.SearchIndex; kept in the library file)."""
    spellings = [""]
    for options in initials(label_key(name).lower()):
        spellings = [s + o for s in spellings for o in sorted(options)][:MAX_SPELLINGS]
    return tuple(spellings)


def _initials_at(query: str, letters: tuple[frozenset[str], ...]) -> int | None:
    """Where the query's letters first run along the name's characters' initials, or None."""
    for start in range(len(letters) - len(query) + 1):
        if all(query[k] in letters[start + k] for k in range(len(query))):
            return start
    return None


def score(query: str, entry: LibraryEntry) -> int | None:
    """How well an entry matches (higher is better), or None: the name starting with the query, containing it,
    its initials starting with or containing the query's letters, then the explanation containing it."""
    key = label_key(query).lower()
    if not key:
        return None
    name = label_key(entry.name).lower()
    if name.startswith(key):
        return PREFIX
    if key in name:
        return CONTAINS
    if key.isascii() and key.isalnum():
        at = _initials_at(key, initials(name))
        if at is not None:
            return INITIALS_START if at == 0 else INITIALS_INSIDE
    if key in label_key(entry.searchable_text).lower():
        return EXPLANATION
    return None


def search(query: str, entries: tuple[LibraryEntry, ...], limit: int = 20) -> list[LibraryEntry]:
    """The best matches, best first: among equal matches the one the clerk used most, then the shorter name
    (the more specific word)."""
    found = [(-s, -e.uses, len(e.name), i, e) for i, e in enumerate(entries) if (s := score(query, e)) is not None]
    return [f[-1] for f in sorted(found, key=lambda f: f[:4])[:limit]]
