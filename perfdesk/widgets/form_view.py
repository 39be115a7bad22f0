"""A table view for forms laid out with spans, keyed like Excel.

Enter moves down and Tab right; F2 or typing starts editing; Delete clears; Ctrl+C copies the selection as
TSV and Ctrl+V pastes a block from Excel or WPS. What a paste or a clear means is up to the model, which
may implement ``copy_block(indexes)``, ``paste_block(index, rows)`` and ``clear_cells(indexes)``.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import QAbstractItemDelegate, QAbstractItemView, QTableView

from .delegates import FormDelegate


class FormTableView(QTableView):
    pasteFailed = Signal(str)
    #: the clerk tried to edit a cell that cannot be edited (typed into it, double-clicked, F2)
    editRefused = Signal(QModelIndex)
    #: the open editor holds text the model refuses (the message says why) — or, with "", no longer does
    inputRejected = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.form_delegate = FormDelegate(self)
        self.setItemDelegate(self.form_delegate)
        self.setEditTriggers(QAbstractItemView.EditTrigger.AnyKeyPressed
                             | QAbstractItemView.EditTrigger.DoubleClicked
                             | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setWordWrap(True)
        self.setTabKeyNavigation(True)
        self.horizontalHeader().setVisible(False)
        self.verticalHeader().setVisible(False)
        self._rejected = None  # the editor kept open because its text was refused
        self.form_delegate.textEdited.connect(self._recheck)

    # -- spans ----------------------------------------------------------------------------------
    def apply_spans(self, spans) -> None:
        self.clearSpans()
        for row, col, rowspan, colspan in spans:
            self.setSpan(row, col, rowspan, colspan)

    # -- keys ---------------------------------------------------------------------------------
    def keyPressEvent(self, event) -> None:
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy_selection()
            return
        if event.matches(QKeySequence.StandardKey.Paste):
            self.paste()
            return
        if self.state() != QAbstractItemView.State.EditingState:
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
                self.move_down()
                return
            if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and not event.modifiers():
                self.clear_selection_cells()
                return
        super().keyPressEvent(event)

    def edit(self, index, trigger=None, event=None):
        if trigger is None:
            return super().edit(index)
        started = super().edit(index, trigger, event)
        if not started and index.isValid() and trigger in (
                QAbstractItemView.EditTrigger.AnyKeyPressed, QAbstractItemView.EditTrigger.DoubleClicked,
                QAbstractItemView.EditTrigger.EditKeyPressed) and self.state() != QAbstractItemView.State.EditingState:
            if trigger != QAbstractItemView.EditTrigger.AnyKeyPressed or (event is not None and event.text().strip()):
                self.editRefused.emit(index)
        return started

    # -- refused input stays in its editor -----------------------------------------------------------
    # A model may implement ``validate(index, text) -> message | None``. Text it refuses is not committed
    # and not thrown away: the editor stays open, marked, until the text is valid or Esc gives it up.
    def setModel(self, model) -> None:
        super().setModel(model)
        model.modelAboutToBeReset.connect(self._forget_refused)

    def _forget_refused(self) -> None:
        # a reset destroys every open editor, the refused one with it
        if self._rejected is not None:
            self._rejected = None
            self.inputRejected.emit("")

    @property
    def holds_refused_input(self) -> bool:
        return self._rejected is not None

    def _refusal(self, editor) -> str | None:
        validate = getattr(self.model(), "validate", None)
        index = self.form_delegate.index_of(editor)
        if validate is None or not index.isValid():
            return None
        return validate(index, self.form_delegate.editor_text(editor))

    def commitData(self, editor) -> None:
        message = self._refusal(editor)
        if message:
            self._rejected = editor
            self.form_delegate.mark_invalid(editor, message)
            self.inputRejected.emit(message)
            return
        self._accept(editor)
        super().commitData(editor)

    def _accept(self, editor) -> None:
        if self._rejected is not None:
            self._rejected = None
            self.form_delegate.mark_invalid(editor, None)
            self.inputRejected.emit("")

    def _recheck(self, _index, _text) -> None:
        editor = self._rejected
        if editor is not None and not self._refusal(editor):
            self._accept(editor)

    # -- which row of a merged cell the clerk means -----------------------------------------------------
    def mousePressEvent(self, event) -> None:
        self._pointer_row = self.rowAt(int(event.position().y()))
        super().mousePressEvent(event)

    def row_in_span(self, row: int, rowspan: int) -> int:
        """The row of a merged cell (rows ``row``…) the clerk pointed at or came from; else its first."""
        for candidate in (getattr(self, "_pointer_row", -1), getattr(self, "_came_from", -1)):
            if row <= candidate < row + rowspan:
                return candidate
        return row

    def currentChanged(self, current, previous) -> None:
        if previous.isValid() and current.isValid() and previous.row() != current.row():
            self._came_from = previous.row()
        super().currentChanged(current, previous)  # commits the open editor, which may refuse
        if self._rejected is not None:
            editing = self.form_delegate.index_of(self._rejected)
            if editing.isValid() and current != editing:  # stay on the cell until it is fixed or given up
                self.selectionModel().setCurrentIndex(editing, self.selectionModel().SelectionFlag.ClearAndSelect)
                self._rejected.setFocus()

    def closeEditor(self, editor, hint) -> None:
        if editor is self._rejected:
            if hint != QAbstractItemDelegate.EndEditHint.RevertModelCache:
                editor.setFocus()  # Tab, Enter or a click elsewhere: stay until corrected
                return
            self._accept(editor)  # Esc: the clerk gives the text up
        move_down = hint == QAbstractItemDelegate.EndEditHint.SubmitModelCache
        super().closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint if move_down else hint)
        if move_down:
            self.move_down()

    def moveCursor(self, action, modifiers):
        # Tab / Shift+Tab go to the next editable cell in reading order, stepping over labels and the
        # cells a span covers, as in a filled-in form (Qt would stop on every label).
        if action in (QAbstractItemView.CursorAction.MoveNext, QAbstractItemView.CursorAction.MovePrevious):
            found = self.next_editable(self.currentIndex(), action == QAbstractItemView.CursorAction.MoveNext)
            if found is not None:
                return found
        return super().moveCursor(action, modifiers)

    def next_editable(self, start: QModelIndex, forward: bool = True) -> QModelIndex | None:
        """The next (or previous) editable anchor cell after ``start`` in reading order, wrapping around."""
        model = self.model()
        rows, cols = model.rowCount(), model.columnCount()
        total = rows * cols
        if not total:
            return None
        begin = start.row() * cols + start.column() if start.isValid() else (-1 if forward else total)
        step = 1 if forward else -1
        for k in range(1, total + 1):
            position = (begin + step * k) % total
            index = model.index(position // cols, position % cols)
            if self._anchor(index) == index and index.flags() & Qt.ItemFlag.ItemIsEditable:
                return index
        return None

    def move_down(self) -> None:
        """To the next cell below that can be edited (spans and label cells are stepped over)."""
        current = self.currentIndex()
        if not current.isValid():
            return
        model = self.model()
        row = current.row() + max(self.rowSpan(current.row(), current.column()), 1)
        while row < model.rowCount():
            index = model.index(row, current.column())
            anchor = self._anchor(index)
            if anchor.flags() & Qt.ItemFlag.ItemIsEditable:
                self.setCurrentIndex(anchor)
                return
            row += max(self.rowSpan(row, current.column()), 1)

    def _anchor(self, index: QModelIndex) -> QModelIndex:
        """The top-left cell of the span that covers ``index`` (the model knows, when it can tell: Qt's
        rowSpan/columnSpan give a covered cell the whole span's size, which does not say where it starts)."""
        anchor_of = getattr(self.model(), "anchor_of", None)
        if anchor_of is not None:
            return anchor_of(index)
        row, col = index.row(), index.column()
        for r in range(row, -1, -1):
            for c in range(col, -1, -1):
                if self.rowSpan(r, c) > row - r and self.columnSpan(r, c) > col - c and \
                        (self.rowSpan(r, c) > 1 or self.columnSpan(r, c) > 1 or (r, c) == (row, col)):
                    return self.model().index(r, c)
        return index

    # -- clipboard ----------------------------------------------------------------------------
    def copy_selection(self) -> None:
        indexes = self.selectedIndexes() or [self.currentIndex()]
        model = self.model()
        if hasattr(model, "copy_block"):
            rows = model.copy_block(indexes)
        else:
            rows = _rectangle(indexes)
        from .clipboard import cells_mime  # here: json and html, which it needs, are not loaded for the first paint

        QGuiApplication.clipboard().setMimeData(cells_mime(rows))

    def paste(self) -> None:
        model = self.model()
        from .clipboard import read_cells

        rows = read_cells(QGuiApplication.clipboard().mimeData())
        if not rows or not hasattr(model, "paste_block"):
            return
        start = min(self.selectedIndexes() or [self.currentIndex()], key=lambda i: (i.row(), i.column()))
        error = model.paste_block(start, rows)
        if error:
            self.pasteFailed.emit(error)

    def clear_selection_cells(self) -> None:
        model = self.model()
        if hasattr(model, "clear_cells"):
            model.clear_cells(self.selectedIndexes() or [self.currentIndex()])


def _rectangle(indexes) -> list[list[str]]:
    if not indexes:
        return []
    rows = sorted({i.row() for i in indexes})
    cols = sorted({i.column() for i in indexes})
    by_pos = {(i.row(), i.column()): i.data() or "" for i in indexes}
    return [[by_pos.get((r, c), "") for c in cols] for r in rows]
