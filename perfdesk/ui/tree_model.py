"""The department → project → indicator tree as a lazy item model.

Departments load at once; a department's projects load when it is expanded, and a project's indicators when
it is expanded (canFetchMore/fetchMore), so a document of thousands of projects and 120,000 indicators opens
instantly (issue 16: the projects of all departments were a tenth of the start-up). A search rebuilds the tree
from a database query instead of filtering loaded rows, its departments loaded with the projects found.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from ..domain.figures import self_evaluation_gaps
from ..domain.forms import form
from ..domain.model import MID
from ..storage import reads
from .session import DocumentSession

DEPARTMENT, PROJECT, INDICATOR = "department", "project", "indicator"
KIND_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2
_ERROR_FG = QBrush(QColor("#b00020"))
_INCOMPLETE_FG = QBrush(QColor("#a05a00"))  # a 自评 with values still to enter


class _Node:
    __slots__ = ("kind", "id", "parent", "children", "label", "secret", "count", "fetched", "allowed", "whole")

    def __init__(self, kind: str, id_: int = 0, parent: _Node | None = None, label: str = "") -> None:
        self.kind, self.id, self.parent, self.label = kind, id_, parent, label
        self.children: list[_Node] = []
        self.secret = False
        self.count = 0
        self.fetched = False
        self.allowed: frozenset[int] | None = None  # indicator ids shown under a project while searching
        self.whole = False  # a unit's 部门整体 table: shown and edited as a project's, but not one of them

    def row(self) -> int:
        return self.parent.children.index(self) if self.parent else 0


class TreeModel(QAbstractItemModel):
    def __init__(self, session: DocumentSession, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.root = _Node("root")
        self.search_text = ""
        self.error_projects: set[int] = set()  # projects the 审核 finds errors in (shown in red)
        # while the 自评表 is shown: project id → how many things its 自评 still lacks (None: targets shown)
        self.gaps: dict[int, int] | None = None
        self._announcing_reset = False
        self._wholes: dict[int, reads.ProjectEntry | None] = {}  # department → its 部门整体 table, shown when expanded
        self.reload()

    # -- building -----------------------------------------------------------------------------
    def reload(self) -> None:
        hits = self.session.read(reads.search, self.search_text) if self.search_text else None
        self.beginResetModel()
        self.root = _Node("root")
        self._wholes = {}
        if hits is None:
            for dept in self.session.read(reads.read_departments):
                dnode = _Node(DEPARTMENT, dept.id, self.root, self._department_label(dept))
                dnode.count = dept.project_count + (dept.whole is not None)
                self._wholes[dept.id] = dept.whole
                self.root.children.append(dnode)
        else:  # the departments with something found, their projects loaded
            for dept in self.session.read(reads.read_tree):
                dnode = _Node(DEPARTMENT, dept.id, self.root, self._department_label(dept))
                dnode.fetched = True
                for entry in dept.projects:
                    if entry.id not in hits.projects and entry.id not in hits.indicators:
                        continue
                    pnode = self._project_node(entry, dnode)
                    if entry.id not in hits.projects:
                        pnode.allowed = hits.indicators.get(entry.id, frozenset())
                        pnode.count = len(pnode.allowed)
                    dnode.children.append(pnode)
                if dnode.children:
                    dnode.count = len(dnode.children)
                    self.root.children.append(dnode)
        if self.gaps is not None:
            self.gaps = {pid: self_evaluation_gaps(*row)
                         for pid, row in self.session.read(reads.self_evaluation_rows).items()}
        # A slot of modelReset may already ask for more rows (QAbstractItemModelTester does); rows
        # fetched while the reset is still being announced are part of the new state, not an insertion.
        self._announcing_reset = True
        try:
            self.endResetModel()
        finally:
            self._announcing_reset = False

    def _department_label(self, dept) -> str:
        return f"{dept.code} {dept.name}".strip() or self.tr("（未命名部门）")

    def _project_node(self, entry: reads.ProjectEntry, dnode: _Node) -> _Node:
        pnode = _Node(PROJECT, entry.id, dnode, f"{entry.code} {entry.name}".strip() or self.tr("（未命名项目）"))
        pnode.secret, pnode.count = entry.secret, entry.indicator_count
        return pnode

    def _projects_of(self, dnode: _Node) -> list[_Node]:
        """A department's nodes when it is expanded: its 部门整体 table first, then its projects."""
        nodes = []
        whole = self._wholes.get(dnode.id)
        if whole is not None:
            wnode = _Node(PROJECT, whole.id, dnode, self.tr("部门整体绩效目标表"))
            wnode.secret, wnode.count, wnode.whole = whole.secret, whole.indicator_count, True
            nodes.append(wnode)
        nodes += [self._project_node(entry, dnode) for entry in self.session.read(reads.read_department_projects, dnode.id)]
        return nodes

    def set_error_projects(self, ids: set[int]) -> None:
        changed = ids ^ self.error_projects
        self.error_projects = set(ids)
        for dnode in self.root.children:
            for pnode in dnode.children:
                if pnode.id in changed:
                    index = self.createIndex(pnode.row(), 0, pnode)
                    self.dataChanged.emit(index, index)

    def show_self_evaluation(self, shown: bool) -> None:
        """Mark the projects whose 自评 is incomplete (while the 自评表 is shown), or stop marking them."""
        self.gaps = None
        if shown:
            rows = self.session.read(reads.self_evaluation_rows)
            self.gaps = {pid: self_evaluation_gaps(*row) for pid, row in rows.items()}
        self._projects_changed()

    def _projects_changed(self) -> None:
        for dnode in self.root.children:
            if dnode.children:
                self.dataChanged.emit(self.createIndex(0, 0, dnode.children[0]),
                                      self.createIndex(len(dnode.children) - 1, 0, dnode.children[-1]))

    def set_search(self, text: str) -> None:
        self.search_text = text.strip()
        self.reload()

    def _entries(self, node: _Node) -> list[_Node]:
        entries = self.session.read(reads.read_indicator_entries, node.id)
        # an indicator of the 中期 set says so: the same 三级 often stands in both sets
        mid = f"〔{form(self.session.shown_form_key).mid_name}〕"
        return [_Node(INDICATOR, e.id, node, (mid if e.phase == MID else "")
                      + (e.name or self.tr("（未填三级指标）")))
                for e in entries if node.allowed is None or e.id in node.allowed]

    def refresh_project(self, project_id: int) -> None:
        """Re-read one project's label and, if loaded, its indicators (after an edit or undo)."""
        node = self._find(PROJECT, project_id)
        if node is None:
            return
        index = self.createIndex(node.row(), 0, node)
        if self.gaps is not None:
            self.gaps.update({pid: self_evaluation_gaps(*row) for pid, row in
                              self.session.read(reads.self_evaluation_rows, project_id).items()})
        if node.fetched:
            if node.children:
                self.beginRemoveRows(index, 0, len(node.children) - 1)
                node.children = []
                self.endRemoveRows()
            fresh = self._entries(node)
            if fresh:
                self.beginInsertRows(index, 0, len(fresh) - 1)
                node.children = fresh
                self.endInsertRows()
            node.count = len(fresh)
        else:
            node.count = len(self.session.project(project_id).indicators) if node.allowed is None else node.count
        self.dataChanged.emit(index, index)

    # -- lookup -------------------------------------------------------------------------------
    def _find(self, kind: str, id_: int, fetch: bool = False) -> _Node | None:
        """The node of a department, project or indicator; ``fetch``: loading what holds it if it is not loaded."""
        if fetch and kind != DEPARTMENT:
            department = self.session.read(reads.department_of, kind, id_)
            for dnode in self.root.children:
                if dnode.id == department and not dnode.fetched:
                    self.fetchMore(self.createIndex(dnode.row(), 0, dnode))
        for dnode in self.root.children:
            if kind == DEPARTMENT and dnode.id == id_:
                return dnode
            for pnode in dnode.children:
                if kind == PROJECT and pnode.id == id_:
                    return pnode
                if kind == INDICATOR and (pnode.fetched or fetch):
                    if not pnode.fetched:
                        # only fetch projects that might hold it
                        if id_ not in {e.id for e in self.session.read(reads.read_indicator_entries, pnode.id)}:
                            continue
                        self.fetchMore(self.createIndex(pnode.row(), 0, pnode))
                    for inode in pnode.children:
                        if inode.id == id_:
                            return inode
        return None

    def index_of(self, kind: str, id_: int) -> QModelIndex:
        node = self._find(kind, id_, fetch=True)
        return self.createIndex(node.row(), 0, node) if node is not None else QModelIndex()

    def node(self, index: QModelIndex | QPersistentModelIndex) -> _Node:
        return index.internalPointer() if index.isValid() else self.root

    # -- Qt -----------------------------------------------------------------------------------
    def index(self, row: int, column: int, parent=QModelIndex()) -> QModelIndex:
        if column != 0 or row < 0:
            return QModelIndex()
        node = self.node(parent)
        if row >= len(node.children):
            return QModelIndex()
        return self.createIndex(row, 0, node.children[row])

    def parent(self, index=QModelIndex()) -> QModelIndex:  # noqa: A003 - Qt's name
        if not index.isValid():
            return QModelIndex()
        parent = index.internalPointer().parent
        if parent is None or parent is self.root:
            return QModelIndex()
        return self.createIndex(parent.row(), 0, parent)

    def rowCount(self, parent=QModelIndex()) -> int:
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self.node(parent).children)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 1

    def hasChildren(self, parent=QModelIndex()) -> bool:
        node = self.node(parent)
        if node.kind in (DEPARTMENT, PROJECT):
            return bool(node.children) if node.fetched else node.count > 0
        return bool(node.children)

    def canFetchMore(self, parent) -> bool:
        node = self.node(parent)
        return node.kind in (DEPARTMENT, PROJECT) and not node.fetched and node.count > 0

    def fetchMore(self, parent) -> None:
        node = self.node(parent)
        if node.kind not in (DEPARTMENT, PROJECT) or node.fetched:
            return
        children = self._projects_of(node) if node.kind == DEPARTMENT else self._entries(node)
        node.fetched = True
        if self._announcing_reset:
            node.children = children
        elif children:
            self.beginInsertRows(parent, 0, len(children) - 1)
            node.children = children
            self.endInsertRows()

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        node = index.internalPointer()
        gaps = self.gaps.get(node.id, 0) if self.gaps is not None and node.kind == PROJECT else 0
        if role == Qt.ItemDataRole.DisplayRole:
            label = node.label + (self.tr("（涉密）") if node.kind == PROJECT and node.secret else "")
            return label + (self.tr("（自评缺%1项）").replace("%1", str(gaps)) if gaps else "")
        if role == Qt.ItemDataRole.ForegroundRole and node.kind == PROJECT and node.id in self.error_projects:
            return _ERROR_FG
        if role == Qt.ItemDataRole.ForegroundRole and gaps:
            return _INCOMPLETE_FG
        if role == Qt.ItemDataRole.ToolTipRole:
            if node.kind == PROJECT and node.id in self.error_projects:
                return self.tr("审核发现错误，见“审核”面板")
            if gaps:
                return self.tr("自评未完成：还缺 %1 项（全年执行数、实际完成值，定性指标的得分）").replace("%1", str(gaps))
            return {DEPARTMENT: self.tr("部门"), PROJECT: self.tr("项目：%1 条指标"), INDICATOR: self.tr("三级指标")}[
                node.kind].replace("%1", str(node.count))
        if role == KIND_ROLE:
            return node.kind
        if role == ID_ROLE:
            return node.id
        return None

    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and section == 0:
            return self.tr("部门 / 项目 / 指标")
        return None
