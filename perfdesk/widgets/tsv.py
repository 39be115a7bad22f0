"""Tab-separated clipboard text as Excel and WPS write and read it (quoted cells may hold tabs and newlines)."""

from __future__ import annotations

import csv
import io


def parse_tsv(text: str) -> list[list[str]]:
    """Rows of cells; the one trailing line end Excel adds is not an extra row."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.endswith("\n"):
        text = text[:-1]
    if not text:
        return []
    rows = list(csv.reader(io.StringIO(text), dialect="excel-tab"))
    width = max(len(r) for r in rows)
    return [r + [""] * (width - len(r)) for r in rows]


def format_tsv(rows: list[list[str]]) -> str:
    """What Excel puts on the clipboard: CRLF row ends, a cell quoted only if it must be."""
    out = io.StringIO()
    writer = csv.writer(out, dialect="excel-tab", lineterminator="\r\n")
    writer.writerows(rows)
    return out.getvalue()
