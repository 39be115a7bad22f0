"""Issue 12 §6: what was not in the source is not made up on the way out — a document without Part 1 (imported
from project tables only) exports without an empty Part 1 skeleton, in every writer, and reads back the same."""

from __future__ import annotations

import copy

import pdfplumber
import pytest
from openpyxl import load_workbook

from perfdesk.domain.fields import goals_text, parse_goals
from perfdesk.domain.part1 import OVERALL
from perfdesk.exchange import published_format as F
from perfdesk.exchange.errors import ExchangeError
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


def test_several_units_without_part1_read_back_as_several_units(seed_doc):
    """Found by the text round-trip property test: a unit's tables after another's, with no 第一部分 between them
    to say so, were read as one unit (refused: 项目表序号应为3，这里是1). Its tables numbered from 1 again and its
    own unit line start it."""
    document = _without_part1(seed_doc)
    second = copy.deepcopy(document.departments[0])
    second.code, second.name = "210002", "昌黎县见义勇为基金会"
    second.projects = second.projects[:1]
    document.departments.append(second)
    text = document_text(document)
    assert F.PART1 not in text
    assert read_text(text).departments == document.departments


def test_tables_numbered_from_1_again_in_the_same_unit_are_refused_by_line(seed_doc):
    document = _without_part1(seed_doc)
    text = document_text(document).replace("2." + document.departments[0].projects[1].name, "1." +
                                           document.departments[0].projects[1].name)
    line = next(n for n, t in enumerate(text.split("\n"), 1) if t.startswith("1." + document.departments[0].projects[1].name))
    with pytest.raises(ExchangeError, match=f"第{line}行：项目表序号应为2，这里是1"):
        read_text(text)


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


def test_goals_written_without_numbers_are_not_numbered_on_the_way_out(tmp_path):
    """Issue 12 §6: 绩效目标 as a province writes them — 目标1：…, or plain lines — come back as written, not as
    1.目标1：…; goals numbered 1., 2. keep being numbered (and typed on screen, the same rule holds)."""
    from national_fixture import national_document

    document = national_document("national-year")
    project = document.departments[0].projects[0]
    project.goals = parse_goals("目标1：完成渠道改造10公里\n目标2：灌溉保证率达到75%")
    assert goals_text(project.goals) == "目标1：完成渠道改造10公里\n目标2：灌溉保证率达到75%"
    path = tmp_path / "目标.xlsx"
    write_workbook(document, path)
    texts = [c.value for row in load_workbook(path).worksheets[1].iter_rows() for c in row if c.value]
    assert "目标1：完成渠道改造10公里\n目标2：灌溉保证率达到75%" in texts
    read = read_workbook(path).departments[0].projects[0]
    assert read.goals == project.goals and goals_text(read.goals) == goals_text(project.goals)
    # numbered goals stay numbered, and a list that starts at 2 is not renumbered from 1
    assert goals_text(parse_goals("1、甲\n2、乙")) == "1.甲\n2.乙"
    assert goals_text(parse_goals("2.乙\n3.丙")) == "2.乙\n3.丙"
    assert parse_goals("甲") != parse_goals("1.甲") and parse_goals("1.甲") == ["甲"]


def test_unnumbered_goals_survive_the_document_file(tmp_path):
    from perfdesk.domain.model import Department, Document, Project
    from perfdesk.storage import DocumentFile

    project = Project(code="1", name="甲", goals=parse_goals("完成任务\n群众满意"),
                      mid_goals=parse_goals("1.三年完成"))
    path = tmp_path / "d.perfdesk"
    DocumentFile.create(path, Document(departments=[Department(code="1", name="单位", projects=[project])])).close()
    with DocumentFile.open(path, readonly=True) as doc:
        kept = doc.read().departments[0].projects[0]
    assert goals_text(kept.goals) == "完成任务\n群众满意" and goals_text(kept.mid_goals) == "1.三年完成"
    assert kept.goals == project.goals and kept.mid_goals == project.mid_goals
