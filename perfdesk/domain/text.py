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
    """A key for comparing labels typed by hand: no white space (labels spread for alignment, 绩 效 目 标, or
    broken over lines), half-width punctuation, and no leading ``*`` (templates mark required columns so)."""
    return "".join(to_halfwidth(text).split()).lstrip("*")


# C0 control characters other than tab and line feed, DEL, and the C1 range: what Word leaves in cells
# (\x07 cell marks, \x0b manual line breaks, NUL) and what no spreadsheet may hold.
_CONTROL = re.compile("[\x00-\x08\x0c\x0e-\x1f\x7f-\x9f]")


def clean_text(text: str) -> str:
    """Text as perfdesk stores it: line breaks stay line breaks (``\\x0b``, CR and CRLF become ``\\n``),
    other control characters are dropped."""
    if not text:
        return text
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x0b", "\n")
    return _CONTROL.sub("", text)


_LINE_ENDS = " \u3000\t"


def cell_text(text: str) -> str:
    """A table cell's text as perfdesk keeps it, on every way in (typing, pasting, importing): control
    characters dropped, a tab becomes a space, spaces at either end of a line and blank lines go.

    The published text form (one line per cell, a tab starting each cell, a blank line ending each row)
    has no room for more, and what it cannot show would not survive an export; none of it is visible on
    paper either."""
    if not text:
        return text
    text = clean_text(text).replace("\t", " ")
    return "\n".join(line.strip(_LINE_ENDS) for line in text.split("\n") if line.strip(_LINE_ENDS))
