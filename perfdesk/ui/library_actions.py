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

    def close_library(self) -> None:
        if self._library_file is not None:
            self._library_file.close()
            self._library_file = None
