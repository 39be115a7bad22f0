"""Text fields that say when their text should be kept: on Enter/focus-out, or after a pause in typing."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit


class CommitLineEdit(QLineEdit):
    """Emits ``committed`` on Enter or focus-out when the text differs from what was last loaded."""

    committed = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._loaded = ""
        self.editingFinished.connect(self._maybe_commit)

    def load(self, text: str) -> None:
        self._loaded = text
        if self.text() != text:  # leave the cursor alone when the text is already there
            self.blockSignals(True)
            self.setText(text)
            self.blockSignals(False)

    def _maybe_commit(self) -> None:
        if self.text() != self._loaded:
            self._loaded = self.text()
            self.committed.emit(self.text())


class CommitPlainTextEdit(QPlainTextEdit):
    """Emits ``committed`` on focus-out and after a pause in typing, so nothing typed waits for a save."""

    committed = Signal(str)
    PAUSE_MS = 800

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._loaded = ""
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(self.PAUSE_MS)
        self._timer.timeout.connect(self.flush)
        self.textChanged.connect(self._timer.start)

    def load(self, text: str) -> None:
        self._loaded = text
        if self.toPlainText() != text:  # a reload after our own commit must not move the cursor
            self._timer.stop()
            self.blockSignals(True)
            self.setPlainText(text)
            self.blockSignals(False)

    def flush(self) -> None:
        self._timer.stop()
        if self.toPlainText() != self._loaded:
            self._loaded = self.toPlainText()
            self.committed.emit(self._loaded)

    def focusOutEvent(self, event) -> None:
        self.flush()
        super().focusOutEvent(event)
