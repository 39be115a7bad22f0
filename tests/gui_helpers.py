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


def make_window(qtbot, folder, document):
    """A shown MainWindow on an open DocumentFile, with a settings file in ``folder``."""
    from PySide6.QtCore import QSettings

    from perfdesk.ui.main_window import MainWindow

    win = MainWindow(document, QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(win)
    win.resize(1400, 900)
    win.show()
    qtbot.waitExposed(win)
    return win


def window_on(qtbot, folder, document, name: str = "文档.perfdesk"):
    """A window on a new file made of ``document`` in ``folder``; yields it and closes the file after (a fixture's
    body: ``yield from window_on(…)``)."""
    from perfdesk.storage import DocumentFile

    path = folder / name
    DocumentFile.create(path, document).close()
    win = make_window(qtbot, folder, DocumentFile.open(path))
    yield win
    win.session.close()


def answer_when_open(window, attribute: str, respond, tries: int = 500) -> None:
    """Answer a modal dialog the window opens next (kept as ``window.<attribute>`` while open): ``respond(dialog)``
    runs inside its event loop. Gives up after ``tries`` × 10 ms."""
    from PySide6.QtCore import QTimer

    def check(left: int) -> None:
        dialog = getattr(window, attribute, None)
        if dialog is not None and dialog.isVisible():
            respond(dialog)
        elif left:
            QTimer.singleShot(10, lambda: check(left - 1))

    QTimer.singleShot(0, lambda: check(tries))


def on_disk(window):
    """The document as another program would read it from the file now."""
    from perfdesk.storage import DocumentFile

    with DocumentFile.open(window.session.file.path, readonly=True) as doc:
        return doc.read()


def open_project(window, number: int):
    """Select the number-th project of the first department in the tree; its page."""
    dept = window.model.index(0, 0)
    window.tree.setCurrentIndex(window.model.index(number - 1, 0, dept))
    QApplication.processEvents()
    return window.project_page


def placed_cell(page, **wanted):
    """The first placed cell of a project page with these attributes (role, field, text, indicator…)."""
    return next(c for c in page.model.anchors.values() if all(getattr(c, k) == v for k, v in wanted.items()))


def type_into(qtbot, page, cell, text):
    """Type ``text`` into a placed cell through the input method and press Enter."""
    focus_cell(qtbot, page, cell.row, cell.col)
    commit_text(page.view, text)
    press(qtbot, QApplication.focusWidget(), Qt.Key.Key_Return)
