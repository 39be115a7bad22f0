"""查找: the search box filters the tree; Enter or ↓ goes to the first match (its project opened and the
matching cell selected), F3 to the next; clearing the search brings back the expansion and selection the
clerk had before searching. A mixin of MainWindow."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, Qt

from ..domain.text import label_key
from ..storage import reads
from .tree_model import DEPARTMENT, PROJECT


class _SearchKeys(QObject):
    """↓ in the search box goes to the first match, like Enter (the box has no list of its own)."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Down:
            self.window.search_first()
            return True
        return False


class SearchActions:
    def _init_search(self) -> None:
        self._before_search = None  # (selection, expanded, grid cell) to bring back when the search is cleared
        self._matches: list[tuple[int, int | None]] = []
        self._match = -1
        self.search.returnPressed.connect(self.search_first)
        self._search_keys = _SearchKeys(self)
        self.search.installEventFilter(self._search_keys)

    def _apply_search(self) -> None:
        if self.session is None or self.session.file.closed:
            return  # typed just before the document closed
        text = self.search.text().strip()
        if text and self._before_search is None:
            grid = self.project_page.view.currentIndex()
            self._before_search = (self._current(), self._expanded(), (grid.row(), grid.column()))
        self.model.set_search(text)
        self._matches, self._match = [], -1
        if text:
            self.tree.expandToDepth(0)
        elif self._before_search is not None:
            self._restore_before_search()

    def _restore_before_search(self) -> None:
        (kind, id_), expanded, (row, col) = self._before_search
        self._before_search = None
        for k, i in expanded:
            index = self.model.index_of(k, i)
            if index.isValid():
                self.tree.expand(index)
        if kind is not None:
            self.select(kind, id_)
            if kind != DEPARTMENT and row >= 0:
                index = self.project_page.model.index(row, col)
                self.project_page.view.selectionModel().setCurrentIndex(
                    index, QItemSelectionModel.SelectionFlag.ClearAndSelect)

    def _find_matches(self) -> list[tuple[int, int | None]]:
        """(project id, indicator id or None for the project's own code/name) in the tree's order."""
        text = self.search.text().strip()
        if not text:
            return []
        hits = self.session.read(reads.search, text)
        out: list[tuple[int, int | None]] = []
        for department in self.session.read(reads.read_tree):
            for project in department.projects:
                if project.id in hits.projects:
                    out.append((project.id, None))
                wanted = hits.indicators.get(project.id)
                if wanted:
                    entries = self.session.read(reads.read_indicator_entries, project.id)
                    out += [(project.id, e.id) for e in entries if e.id in wanted]
        return out

    def search_first(self) -> None:
        self._matches = self._find_matches()
        self._match = -1
        self.search_next()

    def search_next(self) -> None:
        if not self._matches:
            self._matches = self._find_matches()
        if not self._matches:
            self.statusBar().showMessage(self.tr("没有找到「%1」。").replace("%1", self.search.text().strip()), 5000)
            return
        self._match = (self._match + 1) % len(self._matches)
        project_id, indicator_id = self._matches[self._match]
        self.select(PROJECT, project_id)
        self._select_matching_cell(indicator_id)
        self.statusBar().showMessage(self.tr("第 %1 处，共 %2 处（F3 查找下一个）")
                                     .replace("%1", str(self._match + 1)).replace("%2", str(len(self._matches))), 5000)

    def _select_matching_cell(self, indicator_id: int | None) -> None:
        page = self.project_page
        model = page.model
        key = label_key(self.search.text().strip()).lower()
        position = None
        if indicator_id is not None:
            position = next((n for n, i in enumerate(model.project.indicators) if i.id == indicator_id), None)
        target = None
        for cell in model.table.cells:
            if cell.field is None or cell.role not in ("field", "indicator"):
                continue
            if (position is None) == (cell.role == "field") and (position is None or cell.indicator == position) \
                    and key in label_key(cell.text).lower():
                target = model.index(cell.row, cell.col)
                break
        if target is None and position is not None:
            target = model.indicator_index(position)
        if target is not None:
            page.view.setFocus()
            page.view.selectionModel().setCurrentIndex(target, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            page.view.scrollTo(target)
