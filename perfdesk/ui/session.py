"""The open document as the window sees it: the file, its undo stack, and signals saying what changed."""

from __future__ import annotations

import copy
from typing import Callable, TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from ..domain.model import Department, Project
from ..domain.taxonomy import Taxonomy, taxonomy
from ..storage import DocumentFile
from ..storage import reads

T = TypeVar("T")


class DocumentSession(QObject):
    treeChanged = Signal()  # departments or projects added, removed, moved or renamed
    projectChanged = Signal(int)  # a project's own fields, goals or indicators changed
    departmentChanged = Signal(int)  # a department's own fields or Part 1 changed
    errorRaised = Signal(str)  # a change could not be written; the message is for the user
    refused = Signal(str)  # a change was not attempted (a read-only document); the message is for the status line
    saved = Signal()  # a change was committed to the file
    formChanged = Signal()  # the document's form, taxonomy or rule set changed: pages re-lay themselves out

    def __init__(self, file: DocumentFile, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.file = file
        self.undo_stack = QUndoStack(self)
        self.view_key: str | None = None  # a later moment's form shown instead of the targets (监控表, 自评表)
        self.load_settings()

    def load_settings(self) -> None:
        """Read the document's form, taxonomy and rule set (at open, and after they change)."""
        self.form_key, taxonomy_key, self.rule_set_key = self.read(reads.form_settings)
        self._taxonomy = taxonomy(taxonomy_key)

    @property
    def shown_form_key(self) -> str:
        """The form the pages show: the document's target form, or the 自评表 / 监控表 chosen under 视图."""
        return self.view_key or self.form_key

    def show_form(self, key: str | None) -> None:
        """Show the same indicators on another moment's form (None: the document's target form)."""
        key = None if key == self.form_key else key
        if key != self.view_key:
            self.view_key = key
            self.formChanged.emit()

    @property
    def taxonomy(self) -> Taxonomy:
        return self._taxonomy

    def read(self, fn: Callable[..., T], *args) -> T:
        with self.file.reading() as conn:
            return fn(conn, *args)

    @property
    def readonly(self) -> bool:
        return self.file.readonly

    READONLY_MESSAGE = "此文档以只读方式打开，不能修改。如需修改，请用「文件 → 另存为」保存一份副本。"

    def write(self, fn: Callable[..., T], *args) -> T:
        """One committed transaction: when this returns, the change is on disk."""
        with self.file.transaction() as conn:
            result = fn(conn, *args)
        self.saved.emit()
        return result

    def project(self, project_id: int) -> Project:
        return self.read(reads.read_project, project_id)

    def department(self, department_id: int) -> Department:
        return self.read(reads.read_department, department_id)

    def full_department(self, department_id: int) -> Department:
        """A department with all its projects and indicators (a snapshot for undoing its deletion)."""
        department = self.department(department_id)
        tree = {d.id: d for d in self.read(reads.read_tree)}
        department.projects = [self.project(p.id) for p in tree[department_id].projects]
        whole = tree[department_id].whole
        department.whole = self.project(whole.id) if whole is not None else None
        return department

    def is_whole(self, project_id: int) -> bool:
        """Whether the table is a unit's 部门整体 table rather than a project's."""
        return self.read(reads.is_whole, project_id)

    def department_of(self, project_id: int) -> int:
        return self.read(reads.project_place, project_id)[0]

    def project_number(self, project_id: int) -> int:
        """The project's number in its department's list (1-based), as printed in its table title."""
        return self.read(reads.project_place, project_id)[1] + 1

    def push(self, command) -> None:
        if self.readonly:
            self.refused.emit(self.tr(self.READONLY_MESSAGE))
            return
        self.undo_stack.push(command)

    def close(self) -> None:
        self.undo_stack.blockSignals(True)  # the window's actions may already be gone
        self.undo_stack.clear()
        self.file.close()


def clone(obj: T) -> T:
    return copy.deepcopy(obj)
