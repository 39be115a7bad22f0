"""An item delegate driven by model roles: a line editor, a multi-line editor that grows, or a choice list.

The model says which editor a cell wants (EDITOR_ROLE) and the choices (CHOICES_ROLE); the delegate knows
nothing of what the cells mean. In the multi-line editor Enter commits, as in Excel, and Alt+Enter or
Ctrl+Enter starts a new line.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, QRect, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemDelegate, QComboBox, QLineEdit, QPlainTextEdit, QStyledItemDelegate

from .suggestions import SuggestionList

EDITOR_ROLE = Qt.ItemDataRole.UserRole + 10  # "line" | "multiline" | "choice"
CHOICES_ROLE = Qt.ItemDataRole.UserRole + 11  # list[str] for "choice"
# a cell that suggests as the user types: a function from the typed text to [(label, payload)] (widgets/suggestions)
SUGGEST_ROLE = Qt.ItemDataRole.UserRole + 12


class MultiLineEditor(QPlainTextEdit):
    committed = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if event.modifiers() & (Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ControlModifier):
                self.insertPlainText("\n")
            else:
                self.committed.emit()
            return
        super().keyPressEvent(event)


class ChoiceEditor(QComboBox):
    """The choice list of a cell. Alt+↓ / Alt+↑ open the list, as everywhere in Windows, even where the
    window binds those keys to an action (moving an indicator): the editor claims them first."""

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and event.modifiers() & Qt.KeyboardModifier.AltModifier \
                and event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.AltModifier and event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            self.showPopup()
            return
        super().keyPressEvent(event)


class FormDelegate(QStyledItemDelegate):
    #: emitted with the editor's current text as the user types (for live feedback such as 指标值 parsing)
    textEdited = Signal(object, str)
    #: a suggestion taken in a cell (its index and the suggestion's payload); the typed text is not committed
    suggestionChosen = Signal(QModelIndex, object)

    def createEditor(self, parent, option, index):
        editor = self._create(parent, index)
        editor.edited_index = QPersistentModelIndex(index)  # which cell it edits, whatever is current later
        return editor

    @staticmethod
    def index_of(editor) -> QModelIndex:
        index = getattr(editor, "edited_index", None)
        return QModelIndex(index) if index is not None and index.isValid() else QModelIndex()

    def _create(self, parent, index):
        kind = index.data(EDITOR_ROLE) or "line"
        if kind == "choice":
            editor = ChoiceEditor(parent)
            editor.addItems(index.data(CHOICES_ROLE) or [])
            return editor
        if kind == "multiline":
            editor = MultiLineEditor(parent)
            editor.committed.connect(lambda: self._submit(editor))
            editor.textChanged.connect(lambda: self.textEdited.emit(index, editor.toPlainText()))
            self._suggest(editor, index)
            return editor
        editor = QLineEdit(parent)
        editor.setFrame(False)
        editor.textEdited.connect(lambda text: self.textEdited.emit(index, text))
        self._suggest(editor, index)
        return editor

    def _suggest(self, editor, index) -> None:
        provider = index.data(SUGGEST_ROLE)
        if provider is not None:
            SuggestionList(editor, provider, lambda payload: self._chosen(editor, payload))

    def _chosen(self, editor, payload) -> None:
        index = self.index_of(editor)
        self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.RevertModelCache)
        self.suggestionChosen.emit(index, payload)

    def _submit(self, editor) -> None:
        self.commitData.emit(editor)
        self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.SubmitModelCache)

    def setEditorData(self, editor, index) -> None:
        # Qt calls this again whenever the model reports the cell changed (QAbstractItemView ignores which
        # roles changed): never overwrite what the user has already typed into an open editor.
        if isinstance(editor, QLineEdit) and editor.isModified():
            return
        if isinstance(editor, QPlainTextEdit) and editor.document().isModified():
            return
        text = index.data(Qt.ItemDataRole.EditRole) or ""
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(editor.findText(text), 0))
        elif isinstance(editor, QPlainTextEdit):
            editor.setPlainText(text)
            editor.document().setModified(False)
            editor.selectAll()
        else:
            editor.setText(text)
            editor.selectAll()

    @staticmethod
    def editor_text(editor) -> str:
        if isinstance(editor, QComboBox):
            return editor.currentText()
        if isinstance(editor, QPlainTextEdit):
            return editor.toPlainText()
        return editor.text()

    @staticmethod
    def mark_invalid(editor, message: str | None) -> None:
        """Show that the text in an open editor cannot be taken (it stays there to be corrected)."""
        editor.setStyleSheet("background: #ffe0e0;" if message else "")
        editor.setToolTip(message or "")

    def setModelData(self, editor, model, index) -> None:
        model.setData(index, self.editor_text(editor), Qt.ItemDataRole.EditRole)

    def updateEditorGeometry(self, editor, option, index) -> None:
        rect = QRect(option.rect)
        if isinstance(editor, QPlainTextEdit):
            # A cell is one or two lines high; a clipped editor hides what is being typed (TECH_NOTES).
            line = editor.fontMetrics().lineSpacing()
            lines = max(4, (index.data(Qt.ItemDataRole.EditRole) or "").count("\n") + 2)
            rect.setHeight(max(rect.height(), min(line * lines + 12, 320)))
            rect.setWidth(max(rect.width(), 280))
            viewport = editor.parentWidget().rect() if editor.parentWidget() else rect
            if rect.bottom() > viewport.bottom():
                rect.moveBottom(viewport.bottom())
            if rect.right() > viewport.right():
                rect.moveRight(viewport.right())
        editor.setGeometry(rect)

    def eventFilter(self, editor, event) -> bool:
        # Let the multi-line editor see Enter itself (it commits or breaks the line).
        if isinstance(editor, QPlainTextEdit) and event.type() == QEvent.Type.KeyPress and \
                event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            return False
        return super().eventFilter(editor, event)
