"""Importing a module whose long regular expressions are compiled when first used, not when it is imported.

reportlab.platypus.paragraph compiles, on import, a URI pattern with Unicode-wide character classes that takes
Python's ``re`` 23 ms to compile — a tenth of a whole ``perfdesk export --pdf`` of the seed — and that is used only
to hyphenate URIs, which perfdesk's paragraphs never do (issue 16: the seed's PDF against LibreOffice).
"""

from __future__ import annotations

import re
import threading
from contextlib import contextmanager

_compile = re.compile  # the real one, whatever the with block below puts in its place
LONG = 300  # characters: reportlab's URI pattern is over 400; the patterns its wrapping uses are far shorter


class _CompiledWhenUsed:
    """Stands for ``re.compile(pattern, flags)`` and compiles it the first time anything of it is asked for."""

    __slots__ = ("_pattern", "_flags", "_compiled", "_lock")

    def __init__(self, pattern, flags) -> None:
        self._pattern, self._flags, self._compiled, self._lock = pattern, flags, None, threading.Lock()

    def __getattr__(self, name):
        with self._lock:
            if self._compiled is None:
                self._compiled = _compile(self._pattern, self._flags)
        return getattr(self._compiled, name)


@contextmanager
def long_patterns_compiled_when_used():
    """While the ``with`` block imports, a long pattern is compiled when first used. (A pattern as long compiled by
    another thread meanwhile is too: it behaves the same, compiled a moment later.)"""
    def compile_later(pattern, flags=0):
        if isinstance(pattern, str) and len(pattern) > LONG:
            return _CompiledWhenUsed(pattern, flags)
        return _compile(pattern, flags)

    re.compile = compile_later
    try:
        yield
    finally:
        re.compile = _compile
