"""Issue 12 §6: what was not in the source is not made up on the way out — a document without Part 1 (imported
from project tables only) exports without an empty Part 1 skeleton, in every writer, and reads back the same."""

from __future__ import annotations

import copy

import pdfplumber
from openpyxl import load_workbook

from perfdesk.domain.part1 import OVERALL
from perfdesk.exchange import published_format as F
from perfdesk.exchange.pdf_writer import write_pdf
from perfdesk.exchange.text_reader import read_text
from perfdesk.exchange.text_writer import document_text
from perfdesk.exchange.xlsx_reader import read_workbook
from perfdesk.exchange.xlsx_writer import write_workbook


def _without_part1(seed_doc):
    document = copy.deepcopy(seed_doc)
    d = document.departments[0]
    d.overall_goal, d.items, d.measures = "", [], []
    d.overall_secret = d.items_secret = d.measures_secret = False
    d.projects = d.projects[:2]
    return document


def test_text_without_part1_has_no_skeleton_and_reads_back(seed_doc):
    document = _without_part1(seed_doc)
    text = document_text(document)
    assert F.PART1 not in text and OVERALL not in text and F.PART2 not in text
    assert read_text(text).departments == document.departments
    # and a document with Part 1 keeps every heading (the published form)
    assert F.PART1 in document_text(seed_doc) and F.PART2 in document_text(seed_doc)


def test_workbook_without_part1_has_no_skeleton_and_reads_back(tmp_path, seed_doc):
    document = _without_part1(seed_doc)
    path = tmp_path / "无第一部分.xlsx"
    write_workbook(document, path)
    texts = [c.value for row in load_workbook(path).worksheets[0].iter_rows() for c in row if c.value]
    assert "单位编码" in texts and OVERALL not in texts  # the unit's own lines stay: they name the unit
    assert read_workbook(path).departments == document.departments


def test_pdf_without_part1_has_no_skeleton(tmp_path, seed_doc):
    path = tmp_path / "无第一部分.pdf"
    write_pdf(_without_part1(seed_doc), path)
    with pdfplumber.open(path) as pdf:
        first = pdf.pages[0].extract_text()
    assert F.PART1 not in first and OVERALL not in first and F.PART2 not in first
    assert first.splitlines()[0].startswith("1.")  # the first project's title opens the document
