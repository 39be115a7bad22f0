"""A document from a file someone else made: published text or a workbook (.xlsx, .xls, SpreadsheetML), by suffix."""

from __future__ import annotations

from pathlib import Path

from ..domain.model import Document

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xml")


def read_source(source: str | Path, report: list[str] | None = None) -> Document:
    """``report`` receives what the reader has to say (each sheet's outcome, units decided, rows skipped)."""
    if Path(source).suffix.lower() in WORKBOOK_SUFFIXES:
        from .xlsx_reader import read_workbook

        return read_workbook(source, report=report)
    from .text_reader import read_text_file

    return read_text_file(source, report=report)
