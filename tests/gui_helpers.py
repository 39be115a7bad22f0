"""Driving the real window in tests: Chinese text goes in as an input-method commit (see TECH_NOTES)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication


def commit_text(widget, text: str, preedit: str = "pinyin") -> None:
    """Type ``text`` the way a Chinese input method delivers it: a composition (pre-edit) in progress,
    then the chosen characters as one commit string."""
    if preedit:
        QApplication.sendEvent(widget, QInputMethodEvent(preedit, []))
        QApplication.processEvents()
        widget = QApplication.focusWidget() or widget
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)
    QApplication.processEvents()


def editor_of(view):
    """The open in-place editor of a view (QLineEdit, QPlainTextEdit or QComboBox)."""
    return QApplication.focusWidget() if QApplication.focusWidget() is not view else None


def cell_index(page, row: int, col: int):
    return page.model.index(row, col)


def focus_cell(qtbot, page, row: int, col: int) -> None:
    view = page.view
    view.setFocus()
    index = page.model.index(row, col)
    view.setCurrentIndex(index)
    QApplication.processEvents()


def press(qtbot, widget, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(widget, key, modifier)
    QApplication.processEvents()
