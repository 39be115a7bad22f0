"""The 指标库 searched fast enough to suggest at every keystroke on 100,000 entries (issue 14 §7).

``search.search`` says what matches and in which order; this index gives the same answer without scoring every
entry in Python. Entries are kept in rank order (most used, shorter name, original order), their names, pinyin
initials and explanations joined into one string each, and a query is found with ``str.find`` — C speed — one
match class after another (name prefix, inside the name, initials from the start, inside the initials, the
explanation): the first ``limit`` entries found are the best, so a common query stops early.

An entry's pinyin initials are every combination of its characters' readings (a 多音字 has several), computed
once (search.initial_strings) and kept in the library file, so the index builds without pypinyin.
"""

from __future__ import annotations

from bisect import bisect_right

from ..domain.text import label_key
from .builtin import LibraryEntry
from .search import CONTAINS, EXPLANATION, INITIALS_INSIDE, INITIALS_START, PREFIX, initial_strings

_SEP = "\x00"  # never in stored text (domain.text.clean_text drops control characters)


class _Joined:
    """Texts joined into one string, each preceded by the separator, and which entry each belongs to."""

    def __init__(self, texts: list[tuple[int, str]]) -> None:
        parts, starts, owners, at = [], [], [], 0
        for owner, text in texts:
            starts.append(at)
            owners.append(owner)
            parts.append(_SEP + text)
            at += len(text) + 1
        self.blob, self.starts, self.owners = "".join(parts), starts, owners

    def owners_of(self, needle: str):
        """The entries whose text contains ``needle`` (with a leading separator: starts with it), in order."""
        find, at = self.blob.find, 0
        while True:
            at = find(needle, at)
            if at < 0:
                return
            yield self.owners[bisect_right(self.starts, at) - 1]
            at += 1


class SearchIndex:
    def __init__(self, entries: tuple[LibraryEntry, ...]) -> None:
        order = sorted(range(len(entries)), key=lambda i: (-entries[i].uses, len(entries[i].name), i))
        self.entries = [entries[i] for i in order]
        keys = [label_key(e.name).lower() for e in self.entries]
        self.names = _Joined(list(enumerate(keys)))
        self._named: dict[str, list[LibraryEntry]] = {}
        for key, e in zip(keys, self.entries):
            self._named.setdefault(key, []).append(e)
        self.initials = _Joined([(n, s) for n, e in enumerate(self.entries)
                                 for s in (e.initials or initial_strings(e.name))])
        self.explanations = _Joined([(n, label_key(e.searchable_text).lower()) for n, e in enumerate(self.entries)])

    def named(self, name: str) -> list[LibraryEntry]:
        """The entries of exactly this name (as label_key tells names apart), in rank order."""
        return self._named.get(label_key(name).lower(), [])

    def search(self, query: str, limit: int = 20) -> list[tuple[LibraryEntry, int]]:
        """(entry, score) of the best matches, best first — what search.search and search.score give."""
        key = label_key(query).lower()
        if not key or _SEP in key:
            return []
        classes = [(PREFIX, self.names, _SEP + key), (CONTAINS, self.names, key)]
        if key.isascii() and key.isalnum():
            classes += [(INITIALS_START, self.initials, _SEP + key), (INITIALS_INSIDE, self.initials, key)]
        classes.append((EXPLANATION, self.explanations, key))
        found: list[tuple[LibraryEntry, int]] = []
        taken: set[int] = set()
        for score, joined, needle in classes:
            for n in joined.owners_of(needle):
                if n not in taken:
                    taken.add(n)
                    found.append((self.entries[n], score))
                    if len(found) == limit:
                        return found
        return found
