"""Exports read a snapshot of the document file one project at a time (issue 16): the snapshot is the document as it
was, the document's file is not held meanwhile, and what is written equals the export of the whole document."""

import io

import openpyxl
import pytest
from pypdf import PdfReader

from perfdesk.exchange.pdf_writer import build_pdf
from perfdesk.exchange.xlsx_writer import write_workbook
from perfdesk.storage import DocumentFile


@pytest.fixture
def opened(tmp_path, seed_doc):
    document = DocumentFile.create(tmp_path / "t.perfdesk", seed_doc)
    yield document
    document.close()


def test_a_snapshot_is_the_document_as_it_was_and_leaves_the_file_free(opened):
    from perfdesk.storage import repository

    before = opened.read()
    snapshot = opened.snapshot()
    try:
        with snapshot.streamed() as (document, full):
            first = document.departments[0].projects[0]
            assert first.indicators == []  # read without them
            # the window saves an edit while an export reads: the file is not held by the export
            changed = opened.read().departments[0].projects[0]
            changed.name = "改过的名称"
            with opened.transaction() as conn:
                repository.update_project(conn, changed)
            assert opened.read().departments[0].projects[0].name == "改过的名称"
            # ... and the export still reads the document as it was when it began
            assert first.name == before.departments[0].projects[0].name
            assert full(first).indicators == before.departments[0].projects[0].indicators
            assert first.indicators == []  # a project with its indicators is a copy: the document keeps none
        assert snapshot.path.exists()
    finally:
        snapshot.discard()
    assert not snapshot.path.parent.exists()


def _cells(path) -> list[list]:
    book = openpyxl.load_workbook(path)
    return [[ws.title] + [[cell.value for cell in row] for row in ws.iter_rows()] for ws in book.worksheets]


def test_streamed_exports_equal_the_whole_documents(opened, tmp_path):
    whole = opened.read()
    snapshot = opened.snapshot()
    taken = []
    try:
        with snapshot.streamed() as (document, full):
            def counted(project):
                taken.append(project.id)
                return full(project)

            write_workbook(document, tmp_path / "streamed.xlsx", full=counted)
            pdf = io.BytesIO()
            build_pdf(document, pdf, signature=True, full=counted)
            assert all(not p.indicators for p in document.projects())
    finally:
        snapshot.discard()
    write_workbook(whole, tmp_path / "whole.xlsx")
    assert _cells(tmp_path / "streamed.xlsx") == _cells(tmp_path / "whole.xlsx")
    expected = io.BytesIO()
    build_pdf(whole, expected, signature=True)
    assert [p.extract_text() for p in PdfReader(pdf).pages] == [p.extract_text() for p in PdfReader(expected).pages]
    projects = [p.id for p in whole.projects()]
    # each project taken when its sheet is written and again for its rows of the 指标清单; once for the PDF
    assert taken == projects + projects + projects


def test_cli_export_reads_a_snapshot_and_leaves_nothing_behind(opened, tmp_path, monkeypatch):
    import tempfile

    from conftest import run_cli

    scratch = tmp_path / "temp"
    scratch.mkdir()
    monkeypatch.setenv("TMPDIR", str(scratch))
    monkeypatch.setattr(tempfile, "tempdir", None)
    path = opened.path
    done = run_cli("export", str(path), "--xlsx", str(tmp_path / "out.xlsx"), "--pdf", str(tmp_path / "out.pdf"))
    assert done.returncode == 0, done.stderr
    assert "指标清单" in openpyxl.load_workbook(tmp_path / "out.xlsx").sheetnames
    assert list(scratch.iterdir()) == []  # the snapshot (and xlsxwriter's row files) removed
