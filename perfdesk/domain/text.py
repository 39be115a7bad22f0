"""Character-level helpers shared by parsers: full-width to half-width folding and comparison keys."""

from __future__ import annotations

import re
from functools import lru_cache

_FULLWIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_FULLWIDTH[0x3000] = 0x20  # ideographic space
_HAS_FULLWIDTH = re.compile("[\uFF01-\uFF5E\u3000]")


def to_halfwidth(text: str) -> str:
    """Fold full-width ASCII forms (３０, ＞, ％, ：) to their ASCII twins, one character for one.

    Lengths are preserved on purpose, so a match found in the folded text indexes the original.
    """
    # str.translate is slow on CJK text; most text has nothing to fold, which a regex sees at C speed
    return text.translate(_FULLWIDTH) if _HAS_FULLWIDTH.search(text) else text


@lru_cache(maxsize=65536)
def label_key(text: str) -> str:
    """A key for comparing labels typed by hand: no white space, half-width punctuation."""
    return "".join(to_halfwidth(text).split())
