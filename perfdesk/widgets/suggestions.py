"""A list of suggestions under an in-place editor while the user types (the 指标库's names under a 三级 cell).

The list never takes the focus: typing goes on in the editor. A suggestion the caller calls a strong match
(the name or its initials start with what was typed) is highlighted, as Excel's AutoComplete proposes; ↓/↑
move through the list, ↑ past the first leaves nothing highlighted; Enter (or a click) takes the highlighted
suggestion, with nothing highlighted Enter commits what was typed; Esc leaves the cell, list and all. What a suggestion is, and what taking it does, is the caller's: the list knows
only texts and payloads.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QListWidgetItem, QPlainTextEdit, QWidget

MAX_SHOWN = 8


class SuggestionList(QListWidget):
    def __init__(self, editor: QWidget, provider: Callable[[str], list[tuple[str, object, bool]]],
                 accepted: Callable[[object], None]) -> None:
        super().__init__(editor.parentWidget())
        self.editor, self.provider, self.accepted = editor, provider, accepted
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setStyleSheet("QListWidget { border: 1px solid #7a8ba0; background: #ffffff; }")
        self.itemClicked.connect(lambda item: self._take(item))
        self.hide()
        # watched after the view's own filter on the editor is installed (the last installed sees keys first): Enter
        # on a highlighted suggestion must reach the list before a line editor's Enter commits the cell
        self._alive = True
        QTimer.singleShot(0, self, self._start)
        editor.textChanged.connect(self.refresh)
        editor.destroyed.connect(self._editor_gone)

    def _editor_gone(self) -> None:
        self._alive = False
        self.deleteLater()

    def _start(self) -> None:
        if self._alive:
            self.editor.installEventFilter(self)
            self.refresh()  # what an empty cell offers as it opens (a 指标值's earlier values)

    def _text(self) -> str:
        return self.editor.toPlainText() if isinstance(self.editor, QPlainTextEdit) else self.editor.text()

    def refresh(self, *_args) -> None:
        """The suggestions for what is typed now."""
        if not self._alive or not self.editor.isVisible():
            return
        found = self.provider(self._text().strip())
        self.clear()
        for label, payload, _strong in found[:MAX_SHOWN]:
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, payload)
            self.addItem(item)
        if not found:
            self.hide()
            return
        self.setCurrentRow(0 if found[0][2] else -1)
        self._place()
        self.show()
        self.raise_()

    def _place(self) -> None:
        area = self.parentWidget().rect()
        rect = self.editor.geometry()
        height = self.sizeHintForRow(0) * min(self.count(), MAX_SHOWN) + 2 * self.frameWidth() + 2
        width = max(rect.width(), min(480, area.width()))
        top = rect.bottom() + 1 if rect.bottom() + height <= area.bottom() else max(0, rect.top() - height)
        self.setGeometry(min(rect.left(), max(0, area.right() - width)), top, width, height)

    def _take(self, item: QListWidgetItem) -> None:
        self.hide()
        self.accepted(item.data(Qt.ItemDataRole.UserRole))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is not self.editor or event.type() != QEvent.Type.KeyPress or not self.isVisible():
            return False
        key = event.key()
        if key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            row = self.currentRow() + (1 if key == Qt.Key.Key_Down else -1)
            self.setCurrentRow(max(-1, min(self.count() - 1, row)))
            return True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentRow() >= 0 \
                and not event.modifiers() & (Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ControlModifier):
            self._take(self.currentItem())
            return True
        return False
