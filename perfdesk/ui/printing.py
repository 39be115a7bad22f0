"""Print preview and printing of the PDF itself: the pages printed are exactly the pages of the PDF.

Pages are rasterised with PDFium (pypdfium2) at the printer's resolution (capped), so there is one
layout — reportlab's — and no second drawing of the tables with Qt.
"""

from __future__ import annotations

from dataclasses import dataclass

import pypdfium2 as pdfium
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QButtonGroup, QCheckBox, QDialog, QDialogButtonBox, QGroupBox, QRadioButton, QVBoxLayout

MAX_DPI = 300


class PdfPages:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pdf = pdfium.PdfDocument(data)

    def __len__(self) -> int:
        return len(self.pdf)

    def image(self, index: int, dpi: float) -> QImage:
        bitmap = self.pdf[index].render(scale=dpi / 72, rev_byteorder=True)
        return QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride, QImage.Format.Format_RGB888).copy()

    def page_range(self, printer: QPrinter) -> range:
        """The pages chosen in the print dialog (1-based there), or all of them."""
        first, last = printer.fromPage(), printer.toPage()
        if first <= 0:
            return range(len(self))
        return range(first - 1, min(last or len(self), len(self)))

    def print_to(self, printer: QPrinter) -> int:
        """Draw the chosen pages, each scaled to the printable page; returns how many were printed."""
        pages = list(self.page_range(printer))
        painter = QPainter()
        if not painter.begin(printer):
            return 0
        try:
            dpi = min(printer.resolution(), MAX_DPI)
            for n, index in enumerate(pages):
                if n:
                    printer.newPage()
                image = self.image(index, dpi)
                target = painter.viewport()
                size = image.size().scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
                rect = QRect(target.x() + (target.width() - size.width()) // 2, target.y(), size.width(), size.height())
                painter.setViewport(rect)
                painter.setWindow(image.rect())
                painter.drawImage(0, 0, image)
                painter.setViewport(target)
                painter.setWindow(target)
        finally:
            painter.end()
        return len(pages)


@dataclass
class PrintOptions:
    current_project_only: bool
    signature: bool
    public: bool


class PrintOptionsDialog(QDialog):
    """What to print: the whole document or the current project; the published layout or the signature copy."""

    def __init__(self, parent=None, *, has_project: bool, title: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        scope = QGroupBox(self.tr("范围"))
        self.whole = QRadioButton(self.tr("整个文档"))
        self.project = QRadioButton(self.tr("当前项目"))
        self.project.setEnabled(has_project)
        (self.project if has_project else self.whole).setChecked(True)
        group = QButtonGroup(self)
        for button in (self.whole, self.project):
            group.addButton(button)
        layout = QVBoxLayout(scope)
        layout.addWidget(self.whole)
        layout.addWidget(self.project)
        kind = QGroupBox(self.tr("版式"))
        self.published = QRadioButton(self.tr("公开文档（第一部分＋各项目绩效目标表）"))
        self.signature = QRadioButton(self.tr("签字版（每个项目单独成页，附签字栏）"))
        self.signature.setChecked(True)
        kinds = QButtonGroup(self)
        for button in (self.published, self.signature):
            kinds.addButton(button)
        layout = QVBoxLayout(kind)
        layout.addWidget(self.published)
        layout.addWidget(self.signature)
        self.public = QCheckBox(self.tr("公开版（涉密内容按规定不予公开）"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        main = QVBoxLayout(self)
        for widget in (scope, kind, self.public, buttons):
            main.addWidget(widget)

    def options(self) -> PrintOptions:
        return PrintOptions(self.project.isChecked(), self.signature.isChecked(), self.public.isChecked())
