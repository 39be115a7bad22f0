"""Every form's PDF read back: the table's cells with the spans of the description, and their text."""

from __future__ import annotations

import copy
import re

import pdfplumber
import pytest

from national_fixture import every_form_key, national_document
from perfdesk.domain.forms import form
from perfdesk.domain.layout import place
from perfdesk.exchange.pdf_writer import write_pdf


def _document(key, seed_doc):
    if key.startswith("hebei"):
        document = copy.deepcopy(seed_doc)
        document.departments = document.departments[:1]
        document.departments[0].projects = document.departments[0].projects[:1]  # a table that fits a page
        document.form = key
        return document
    return national_document(key)


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text or "")


def _structure(cells) -> dict[tuple, int]:
    """Cells as (row, col, rowspan, colspan) over the boundaries the cells themselves draw, each with its
    index in ``cells``: two grids are the same table when the keys agree (a column line no cell ends at is
    not drawn, so it is not counted)."""
    xs = sorted({x for c in cells for x in (c[1], c[1] + c[3])})
    ys = sorted({y for c in cells for y in (c[0], c[0] + c[2])})
    return {(ys.index(r), xs.index(c), ys.index(r + h) - ys.index(r), xs.index(c + w) - xs.index(c)): i
            for i, (r, c, h, w) in enumerate(cells)}


@pytest.mark.parametrize("key", every_form_key())
def test_pdf_table_has_the_descriptions_spans_and_text(tmp_path, seed_doc, key):
    document = _document(key, seed_doc)
    d = document.departments[0]
    project = d.projects[0]
    path = tmp_path / f"{key}.pdf"
    write_pdf(document, path, signature=True)
    placed = place(d, project, layout=form(key))
    grid = [c for c in placed.cells if c.role != "caption"]
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]  # the table fits the first page (the signature may go to the next)
        tables = page.find_tables()
        assert len(tables) == 1
        boxes = tables[0].cells
        r = lambda v: round(v, 1)  # noqa: E731
        got = [(r(top), r(x0), r(bottom) - r(top), r(x1) - r(x0)) for x0, top, x1, bottom in boxes]
        in_pdf = _structure(got)
        described = _structure([(c.row, c.col, c.rowspan, c.colspan) for c in grid])
        assert sorted(in_pdf) == sorted(described)
        # and each cell's text is in the box at its place
        for place_key, index in described.items():
            cell = grid[index]
            x0, top, x1, bottom = boxes[in_pdf[place_key]]
            # a character is where its glyph starts: a closing mark hanging at a line end has an advance box
            # that reaches past the cell's border, its ink does not
            text = "".join(ch["text"] for ch in page.chars
                           if x0 < ch["x0"] + 1 < x1 and top < (ch["top"] + ch["bottom"]) / 2 < bottom)
            assert sorted(_squash(text)) == sorted(_squash(cell.print_text)), (key, cell.text, text)
        page_text = _squash(page.extract_text())
        for caption in (c for c in placed.cells if c.role == "caption" and c.text.strip()):
            assert _squash(caption.text) in page_text
