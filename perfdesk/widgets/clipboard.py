"""Cells on the clipboard in three forms: perfdesk's own (exact), an HTML table whose cells are typed as
text (what Excel and WPS prefer, so ``=HYPERLINK(…)`` stays text rather than becoming a formula), and
tab-separated text for everything else. Reading prefers perfdesk's own form, then the text."""

from __future__ import annotations

import html
import json

from PySide6.QtCore import QMimeData

from .tsv import format_tsv, parse_tsv

CELLS_MIME = "application/x-perfdesk-cells"


def cells_mime(rows: list[list[str]]) -> QMimeData:
    data = QMimeData()
    data.setData(CELLS_MIME, json.dumps(rows, ensure_ascii=False).encode("utf-8"))
    data.setHtml(_html_table(rows))
    data.setText(format_tsv(rows))
    return data


def read_cells(data: QMimeData | None) -> list[list[str]]:
    if data is None:
        return []
    if data.hasFormat(CELLS_MIME):
        try:
            rows = json.loads(bytes(data.data(CELLS_MIME)).decode("utf-8"))
            if isinstance(rows, list) and all(isinstance(r, list) for r in rows):
                return [[str(c) for c in r] for r in rows]
        except (ValueError, UnicodeDecodeError):
            pass  # someone else's bytes under our name: fall back to the text
    return parse_tsv(data.text()) if data.hasText() else []


def _html_table(rows: list[list[str]]) -> str:
    # mso-number-format:"\@" is Excel's (and WPS's) "text" cell format; <br> keeps line breaks in a cell.
    cell = '<td style="mso-number-format:\'\\@\'">{}</td>'
    body = "".join("<tr>" + "".join(cell.format(html.escape(c).replace("\n", "<br style=\"mso-data-placement:same-cell\">"))
                                    for c in row) + "</tr>" for row in rows)
    return f"<html><body><table>{body}</table></body></html>"
