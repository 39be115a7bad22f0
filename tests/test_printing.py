"""Printing and preview print the PDF's own pages, in the range chosen."""

import io

import pytest
from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrinter

from perfdesk.example import example_document
from perfdesk.exchange.pdf_writer import build_pdf


@pytest.fixture
def pages(qapp):
    from perfdesk.ui.printing import PdfPages

    out = io.BytesIO()
    build_pdf(example_document(), out)
    return PdfPages(out.getvalue())


def _printer_to(path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def test_print_a_page_range(tmp_path, pages):
    assert len(pages) == 4
    printer = _printer_to(tmp_path / "printed.pdf")
    printer.setFromTo(2, 3)
    assert pages.print_to(printer) == 2
    assert len(PdfReader(tmp_path / "printed.pdf").pages) == 2


def test_print_all_pages_and_the_page_is_not_blank(tmp_path, pages):
    printer = _printer_to(tmp_path / "all.pdf")
    assert pages.print_to(printer) == 4
    image = pages.image(2, 50)
    dark = sum(1 for x in range(0, image.width(), 4) for y in range(0, image.height(), 4)
               if image.pixelColor(x, y).lightness() < 128)
    assert dark > 100  # table lines and text were drawn


def test_window_export_pdf_and_preview(qtbot, tmp_path, monkeypatch):
    from PySide6.QtCore import QSettings
    from PySide6.QtPrintSupport import QPrintPreviewDialog
    from PySide6.QtWidgets import QFileDialog

    from perfdesk.storage import DocumentFile
    from perfdesk.ui.main_window import MainWindow
    from perfdesk.ui.printing import PrintOptions

    path = tmp_path / "例.perfdesk"
    DocumentFile.create(path, example_document()).close()
    window = MainWindow(DocumentFile.open(path), QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.tree.setCurrentIndex(window.model.index(1, 0, window.model.index(0, 0)))
    monkeypatch.setattr(MainWindow, "_print_options", lambda self, title: PrintOptions(True, True, False))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "项目"), ""))
    window.export_pdf()
    qtbot.waitUntil(lambda: not window.task.running, timeout=20000)
    text = "".join(p.extract_text() for p in PdfReader(tmp_path / "项目.pdf").pages)
    assert "森林防灭火物资储备经费" in text and "安全生产监管执法经费" not in text and "项目负责人（签字）" in text

    previewed = []

    def fake_exec(dialog):  # what the preview widget does when shown: asks for the pages to be painted
        printer = _printer_to(tmp_path / "preview.pdf")
        dialog.paintRequested.emit(printer)
        previewed.append(len(PdfReader(tmp_path / "preview.pdf").pages))
        return 0

    monkeypatch.setattr(QPrintPreviewDialog, "exec", fake_exec)
    monkeypatch.setattr(MainWindow, "_print_options", lambda self, title: PrintOptions(False, False, True))
    window.print_preview()
    qtbot.waitUntil(lambda: bool(previewed), timeout=20000)
    assert previewed == [4]
    window.session.close()
