"""The window's side of the 指标库 file: opened when first needed, learning the indicators of the documents the
clerk opens, imports into and edits (我的指标; off with 指标 → 学习本文档的指标), and feeding the suggestions
under a 三级 cell."""

from __future__ import annotations

from PySide6.QtCore import QTimer

from ..storage import repository as repo

LEARN_SETTING = "library/learn"


class LibraryActions:
    _library_file = None
    _library_failed = False

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
        return self._library_file

    def own_entries(self) -> tuple:
        library = self.library()
        return library.entries() if library is not None else ()

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
            QTimer.singleShot(0, self._learn_pending)
        pending.add(project_id)

    def _learn_pending(self) -> None:
        pending, self._to_learn = self._to_learn or set(), None
        library = self.library()
        if library is None or self.session is None:
            return
        source = self.session.file.path.name
        indicators = []
        for project_id in (None,) if None in pending else sorted(pending):
            indicators += self.session.read(repo.indicators_to_learn, project_id)
        from ..storage.errors import DocumentError

        try:
            library.learn(indicators, source)
        except (DocumentError, OSError) as exc:  # the library is a help, never in the way of the document
            self.statusBar().showMessage(self.tr("指标库未能更新：") + str(exc), 15000)

    def open_library_dialog(self) -> None:
        """指标 → 指标库…: a window beside the document (not modal: the clerk goes on editing)."""
        from ..library.suggest import all_entries
        from .library_dialog import LibraryDialog

        dialog = getattr(self, "library_dialog", None)
        if dialog is None:
            dialog = self.library_dialog = LibraryDialog(self, lambda: all_entries(self.own_entries()),
                                                         self.insert_library_entries)
        dialog.refresh()
        dialog.show()
        dialog.raise_()

    def insert_library_entries(self, entries: list) -> None:
        """Entries into the project shown, each under its 二级: one undo step."""
        from ..library.placing import as_indicator, insertions
        from . import commands

        project_id = self._current_project()
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
        self.statusBar().showMessage(self.tr("已纳入指标库（我的指标）%1 条。").replace("%1", str(taken)), 8000)

    def close_library(self) -> None:
        if self._library_file is not None:
            self._library_file.close()
            self._library_file = None
