"""The 审核 panel: what the finance bureau would send back, kept current while the clerk edits.

Findings are kept per project (domain.rules.Checker): an edit re-reads and re-checks only its project, after
a short pause, so typing never waits for a check of the whole document.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt, QThread, QTimer, Signal, Slot
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from .. import collector
from ..domain.rules import WHOLE_TABLE, Checker, Finding
from .session import DocumentSession

ERROR_BRUSH = QBrush(QColor("#b00020"))
HINT_BRUSH = QBrush(QColor("#8a5a00"))
FINDING_ROLE = Qt.ItemDataRole.UserRole + 30


class _FullCheck(QObject):
    """Reads the document through its own read-only connection and checks it, off the GUI thread, so that
    opening a 120,000-indicator document does not freeze the window for the first 审核."""

    done = Signal(object)

    def __init__(self, path) -> None:
        super().__init__()
        self.path = path

    def run(self) -> None:
        from ..storage import DocumentFile

        # The read and the check make a million short-lived objects: made without the collector's full collections,
        # which stop the whole process (the window's timers came up to 78 ms late)
        with collector.paused():
            try:
                with DocumentFile.open(self.path, readonly=True) as doc:
                    checker = doc.check()
            except Exception:  # noqa: BLE001 - the GUI thread will check synchronously instead
                checker = None
        self.done.emit(checker)


class CheckRunner(QObject):
    """Owns the Checker for a session and re-checks after edits (debounced).

    A whole-document check (on opening, after a project or department is added, removed or moved) runs in
    a background thread; an edit inside one project re-checks that project on the GUI thread (milliseconds).
    """

    changed = Signal()

    def __init__(self, session: DocumentSession, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.checker: Checker | None = None
        self.positions: dict[int, tuple[int, int]] = {}  # project id → (department index, project index)
        self.wholes: dict[int, int] = {}  # a unit's own table's id → the unit's index
        self._dirty_projects: set[int] = set()
        self._full = True
        self._thread: QThread | None = None
        self._worker: _FullCheck | None = None
        self._timer = QTimer(self, singleShot=True, interval=300)
        self._timer.timeout.connect(self.run)
        session.projectChanged.connect(self._project_changed)
        session.treeChanged.connect(self.schedule_full)
        session.formChanged.connect(self.schedule_full)  # another rule set or taxonomy
        session.departmentChanged.connect(lambda _id: self.schedule_full())

    def schedule_full(self) -> None:
        self._full = True
        self._timer.start()

    def stop(self) -> None:
        """Wait for a background check before the document closes."""
        self._timer.stop()
        if self._thread is not None:
            self._thread.quit()
            self._thread.wait()

    def _project_changed(self, project_id: int) -> None:
        self._dirty_projects.add(project_id)
        self._timer.start()

    @property
    def busy(self) -> bool:
        return self._thread is not None

    def run(self, sync: bool = False) -> None:
        """Bring the findings up to date; ``sync`` waits for them (exports ask before going on)."""
        if self._thread is not None:
            if not sync:
                return  # the background check will pick up what changed meanwhile
            self._thread.quit()
            self._thread.wait()
        if self._full or self.checker is None:
            if sync:
                self._adopt(self.session.file.check())
                return
            self._full = False
            self._thread = QThread(self)
            self._worker = _FullCheck(self.session.file.path)
            self._worker.moveToThread(self._thread)
            self._thread.started.connect(self._worker.run)
            # Queued explicitly: the slot must run on the GUI thread, never in the worker that emits.
            self._worker.done.connect(self._background_done, Qt.ConnectionType.QueuedConnection)
            self._thread.start()
            return
        self._recheck_dirty()
        self.changed.emit()

    @Slot(object)
    def _background_done(self, checker) -> None:
        if self._thread is not None:
            self._thread.quit()
            self._thread.wait()
        self._thread = self._worker = None
        if checker is None:
            checker = self.session.file.check()
        self._adopt(checker)

    def _adopt(self, checker: Checker) -> None:
        self.checker = checker
        document = checker.document
        self.positions = {p.id: (dn, pn) for dn, d in enumerate(document.departments) for pn, p in enumerate(d.projects)}
        self.wholes = {d.whole.id: dn for dn, d in enumerate(document.departments) if d.whole is not None}
        self._recheck_dirty()  # edits made while the background check ran
        self.changed.emit()
        if self._full:  # the structure changed meanwhile: once more
            self._timer.start()

    def _recheck_dirty(self) -> None:
        for project_id in self._dirty_projects:
            if project_id in self.positions:
                dn, pn = self.positions[project_id]
                self.checker.replace_project(dn, pn, self.session.project(project_id))
            elif project_id in self.wholes:
                self.checker.replace_whole(self.wholes[project_id], self.session.project(project_id))
        self._dirty_projects.clear()

    def findings(self) -> list[Finding]:
        return self.checker.findings() if self.checker else []

    def errors(self) -> int:
        return sum(f.is_error for f in self.findings())

    def for_project(self, project_id: int) -> list[Finding]:
        """A project's findings, or a unit's own table's."""
        if self.checker is None:
            return []
        if project_id in self.wholes:
            return list(self.checker.per_whole[self.wholes[project_id]])
        if project_id not in self.positions:
            return []
        dn, pn = self.positions[project_id]
        return [f for f in self.findings() if f.department == dn and f.project == pn]

    def projects_with_errors(self) -> set[int]:
        return {f.project_id for f in self.findings() if f.is_error and f.project_id is not None}


class FindingsModel(QAbstractTableModel):
    """The findings as rows of a view that draws only what is visible: refreshing 20,000 findings is a
    sort and a reset, not 20,000 widget items."""

    HEADERS = ("类别", "项目", "说明")

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.findings: list[Finding] = []
        self.names: dict[tuple[int, int | None], str] = {}

    def set_findings(self, findings: list[Finding], names: dict[tuple[int, int | None], str]) -> None:
        self.beginResetModel()
        self.findings, self.names = findings, names
        self.endResetModel()

    def finding(self, row: int) -> Finding:
        return self.findings[row]

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.findings)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.tr(self.HEADERS[section])
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        finding = self.findings[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            column = index.column()
            if column == 0:
                return finding.severity
            if column == 1:
                return WHOLE_TABLE if finding.whole else self.names.get((finding.department, finding.project), "")
            return finding.message
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 0:
            return ERROR_BRUSH if finding.is_error else HINT_BRUSH
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{finding.rule}\n{finding.message}"
        if role == FINDING_ROLE:
            return finding
        return None


class CheckPanel(QWidget):
    findingActivated = Signal(object)  # a Finding, on double-click

    def __init__(self, runner: CheckRunner, parent=None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.summary = QLabel()
        self.model = FindingsModel(self)
        # A table view, not a tree: after a refresh a QTreeView lays out every row (20,000 calls back into Python
        # per edit); a table's rows are sections of one fixed height, and only the visible ones are asked for.
        self.list = QTableView()
        self.list.setModel(self.model)
        self.list.setShowGrid(False)
        self.list.setWordWrap(False)
        self.list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        rows = self.list.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 6)
        self.list.horizontalHeader().setStretchLastSection(True)
        self.list.horizontalHeader().setHighlightSections(False)
        self.list.setColumnWidth(0, 50)
        self.list.setColumnWidth(1, 180)
        self.list.doubleClicked.connect(lambda index: self.findingActivated.emit(index.data(FINDING_ROLE)))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.summary)
        layout.addWidget(self.list)
        runner.changed.connect(self.refresh)

    def refresh(self) -> None:
        findings = sorted(self.runner.findings(), key=lambda f: (not f.is_error, f.department, f.project or 0,
                                                                 f.indicator if f.indicator is not None else -1))
        errors = sum(f.is_error for f in findings)
        rules = self.runner.checker.rules.name if self.runner.checker is not None else ""
        self.summary.setText(self.tr("审核规则：%3。错误 %1 个，提示 %2 个。双击一条可定位到表格。")
                             .replace("%1", str(errors)).replace("%2", str(len(findings) - errors))
                             .replace("%3", rules or self.tr("（审核中）")))
        names = {}
        if self.runner.checker is not None:
            for dn, d in enumerate(self.runner.checker.document.departments):
                names[(dn, None)] = d.name or d.code  # findings about the unit itself
                for pn, p in enumerate(d.projects):
                    names[(dn, pn)] = f"{pn + 1}.{p.name}"
        self.model.set_findings(findings, names)
