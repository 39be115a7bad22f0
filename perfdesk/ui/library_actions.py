"""The window's side of the 指标库 file: opened when first needed, learning the indicators of the documents the
clerk opens, imports into and edits (我的指标; off with 指标 → 学习本机文档的指标), and feeding the suggestions
under a 三级 cell.

The suggestions never wait for the library: after it changes, a worker thread re-reads it on a connection of its
own and builds the next index (seconds on a 100,000-entry library); typing goes on with the previous ones until
the new ones are ready.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, QTimer, Signal

from ..storage import reads

LEARN_SETTING = "library/learn"


#: How long learning waits after the change (or the opening) that asked for it. The 指标库 is a help, never
#: urgent: at 0 it ran before the window's first paint (a timer of 0 fires before the paint events of a window
#: just shown) and took the start-up of a large document from 0.7 s to 1.5 s.
LEARN_DELAY_MS = 1000

class _Prepared(QObject):
    """Hands the worker's result to the GUI thread (a queued signal)."""

    ready = Signal(object, object)  # own entries, their index


class LibraryActions:
    _library_file = None
    _library_failed = False
    _own: tuple = ()  # the library's entries the suggestions use now
    _preparing = False  # a worker is re-reading the library
    _prepare_again = False  # the library changed while it was

    def library(self):
        """The 指标库 file, opened on first use; None when it cannot be (said once; the built-in entries still
        suggest)."""
        if self._library_file is None and not self._library_failed:
            from ..library.location import library_path
            from ..storage.library_file import LibraryFile
            from ..storage.errors import DocumentError

            try:
                self._library_file = LibraryFile.open(library_path())
            except (DocumentError, OSError) as exc:
                self._library_failed = True
                self.statusBar().showMessage(self.tr("指标库不可用：") + str(exc), 15000)
            else:
                self.prepare_suggestions()
        return self._library_file

    def own_entries(self) -> tuple:
        """The library's entries as the suggestions know them now (possibly a moment behind a change)."""
        return self._own

    def prepare_suggestions(self) -> None:
        """Re-read the library and build the suggestions' index in a worker thread; adopted when ready."""
        if self._library_file is None:
            return
        if self._preparing:
            self._prepare_again = True
            return
        self._preparing, self._prepare_again = True, False
        bridge = getattr(self, "_prepared_bridge", None)
        if bridge is None:
            bridge = self._prepared_bridge = _Prepared(self)
            bridge.ready.connect(self._adopt)
        path = self._library_file.path

        def work() -> None:
            from ..library.suggest import prepared
            from ..storage.errors import DocumentError
            from ..storage.library_file import read_entries

            try:
                own = read_entries(path)
                result = (own, prepared(own))
            except DocumentError:  # the next change tries again; the previous suggestions stay
                result = (None, None)
            try:
                bridge.ready.emit(*result)
            except RuntimeError:  # the window closed meanwhile and its bridge went with it: nobody to tell
                pass

        threading.Thread(target=work, name="perfdesk-library", daemon=True).start()

    def _adopt(self, own, index) -> None:
        from ..library.suggest import adopt

        self._preparing = False
        if own is not None:
            self._own = own
            adopt(own, index)
            dialog = getattr(self, "library_dialog", None)
            if dialog is not None and dialog.isVisible():
                dialog.refresh()  # the window shows what the library holds now
        if self._prepare_again:
            self.prepare_suggestions()

    def learning(self) -> bool:
        return self.settings.value(LEARN_SETTING, True, type=bool)

    def set_learning(self, on: bool) -> None:
        self.settings.setValue(LEARN_SETTING, bool(on))

    def learn_later(self, project_id: int | None = None) -> None:
        """Offer the document's indicators (or one project's, after an edit) to 我的指标, once the window is idle:
        opening and typing never wait for the library."""
        if not self.learning() or self.session is None:
            return
        pending = getattr(self, "_to_learn", None)
        if pending is None:
            pending = self._to_learn = set()
            QTimer.singleShot(LEARN_DELAY_MS, self._learn_pending)
        pending.add(project_id)

    def _learn_pending(self) -> None:
        pending, self._to_learn = self._to_learn or set(), None
        library = self.library()
        if library is None or self.session is None or self.session.file.closed:
            return
        source = self.session.file.path.name
        indicators = []
        for project_id in (None,) if None in pending else sorted(pending):
            indicators += self.session.read(reads.indicators_to_learn, project_id)
        from ..storage.errors import DocumentError

        try:
            library.learn(indicators, source)
        except (DocumentError, OSError) as exc:  # the library is a help, never in the way of the document
            self.statusBar().showMessage(self.tr("指标库未能更新：") + str(exc), 15000)
            return
        self.prepare_suggestions()

    def open_library_dialog(self) -> None:
        """指标 → 指标库…: a window beside the document (not modal: the clerk goes on editing)."""
        from ..library.suggest import index_for
        from .library_dialog import LibraryDialog

        dialog = getattr(self, "library_dialog", None)
        if dialog is None:
            dialog = self.library_dialog = LibraryDialog(self, lambda: index_for(self.own_entries()),
                                                         self.insert_library_entries)
        dialog.refresh()
        dialog.show()
        dialog.raise_()

    def insert_library_entries(self, entries: list) -> None:
        """Entries into the project shown, each under its 二级: one undo step."""
        from ..library.placing import as_indicator, insertions
        from . import commands

        project_id = self._current_table()  # a project's, or the unit's own table
        if project_id is None or not entries:
            self.statusBar().showMessage(self.tr("请先在左侧选择要插入指标的项目。"), 8000)
            return
        taxonomy = self.session.taxonomy
        new = [i for i in (as_indicator(e, taxonomy) for e in entries) if i is not None]
        skipped = len(entries) - len(new)
        existing = self.session.project(project_id).indicators
        text = self.tr("从指标库插入 %1 条指标").replace("%1", str(len(new)))
        parts = [commands.InsertIndicators(self.session, project_id, position, block, text)
                 for position, block in insertions(existing, new, taxonomy)]
        if parts:
            self.session.push(commands.Compound(self.session, parts, text))
        message = text + self.tr("（可撤销）。")
        if skipped:
            message += self.tr("另有 %1 条的二级指标不在本文档的指标体系中，未插入。").replace("%1", str(skipped))
        self.statusBar().showMessage(message, 10000)

    def take_into_library(self) -> None:
        """Right-click → 纳入指标库: the selected indicators of the page into 我的指标, whether or not learning is on."""
        page = self.project_page
        positions = sorted({c.indicator for c in map(page.model.cell, page.view.selectedIndexes())
                            if c is not None and c.indicator is not None})
        indicators = [page.model.project.indicators[k] for k in positions] if page.model.project else []
        library = self.library()
        if library is None or not indicators:
            return
        from ..storage.errors import DocumentError

        try:
            taken = library.learn(indicators, self.session.file.path.name)
        except (DocumentError, OSError) as exc:
            self._error(self.tr("纳入指标库失败：") + str(exc))
            return
        self.prepare_suggestions()
        self.statusBar().showMessage(self.tr("已纳入指标库（我的指标）%1 条。").replace("%1", str(taken)), 8000)

    def close_library(self) -> None:
        if self._library_file is not None:
            self._library_file.close()
            self._library_file = None
