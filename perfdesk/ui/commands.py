"""One small QUndoCommand per user action. Each redo/undo is one committed storage transaction.

A command whose write fails marks itself obsolete, so it never sits on the stack claiming a change that
is not in the file, and the session reports the error. A command that changes nothing is obsolete too.
"""

from __future__ import annotations

import copy

from PySide6.QtGui import QUndoCommand

from ..domain.model import (DEPARTMENT_FIELDS, Department, Indicator, Project, indicator_field_value, project_field,
                            same_value, set_project_field)
from .session import DocumentSession, clone


class _Repository:
    """storage.repository, imported when a command first runs: it loads SQLAlchemy, which a window that has only
    shown a document does not need for its first paint (the window loads it once painted:
    DocumentFile.prepare_writing)."""

    def __getattr__(self, name: str):
        from ..storage import repository

        return getattr(repository, name)


repo = _Repository()


class _Command(QUndoCommand):
    def __init__(self, session: DocumentSession, text: str) -> None:
        super().__init__(text)
        self.session = session

    def redo(self) -> None:
        self._run(self.do)

    def undo(self) -> None:
        self._run(self.revert)

    def _run(self, step) -> None:
        try:
            self.session.write(step)
        except Exception as exc:  # noqa: BLE001 - any failed write must leave the stack honest
            self.setObsolete(True)
            self.session.errorRaised.emit(f"无法保存这项修改：{exc}")
            return
        self.notify()

    def do(self, conn) -> None:
        raise NotImplementedError

    def revert(self, conn) -> None:
        raise NotImplementedError

    def notify(self) -> None:
        pass


class EditProject(_Command):
    """Some of a project's own fields set to new values (indicators untouched).

    The undo values are read from the file when the command is made, and each redo/undo writes only these
    fields onto the project as it is in the file at that moment: an edit never carries an older value of a
    field it did not change (the lost-Tab bug, where each plan cell wrote back a stale copy of the others).
    """

    def __init__(self, session, project_id: int, values: dict, text: str) -> None:
        super().__init__(session, text)
        self.project_id = project_id
        current = session.read(repo.read_project, project_id, False)
        self.before = {key: project_field(current, key) for key in values}
        self.after = dict(values)
        if all(same_value(self.before[k], self.after[k]) for k in values):
            self.setObsolete(True)

    def do(self, conn) -> None:
        self._apply(conn, self.after)

    def revert(self, conn) -> None:
        self._apply(conn, self.before)

    def _apply(self, conn, values: dict) -> None:
        project = repo.read_project(conn, self.project_id, False)
        for key, value in values.items():
            set_project_field(project, key, copy.deepcopy(value))
        repo.update_project(conn, project)

    def notify(self) -> None:
        self.session.projectChanged.emit(self.project_id)
        if {"code", "name", "secret"} & set(self.after):
            self.session.treeChanged.emit()


class EditIndicators(_Command):
    """Field changes on one or more indicators of a project (a cell edit, a paste, a Delete).

    ``changes`` maps indicator id → {field: new text}; the undo text is what the file holds now."""

    def __init__(self, session, project_id: int, changes: dict[int, dict[str, str]], text: str) -> None:
        super().__init__(session, text)
        self.project_id = project_id
        current = {i.id: i for i in session.project(project_id).indicators}
        self.changes = []
        for indicator_id, after in changes.items():
            before = {f: indicator_field_value(current[indicator_id], f) for f in after}
            if before != after:
                self.changes.append((indicator_id, before, dict(after)))
        if not self.changes:
            self.setObsolete(True)

    def do(self, conn) -> None:
        for indicator_id, _, after in self.changes:
            repo.update_indicator(conn, indicator_id, **after)

    def revert(self, conn) -> None:
        for indicator_id, before, _ in self.changes:
            repo.update_indicator(conn, indicator_id, **before)

    def notify(self) -> None:
        self.session.projectChanged.emit(self.project_id)


class Compound(_Command):
    """Several changes made by one user action (a paste, a clear of head and indicator cells): one undo
    step *and* one transaction, so a killed process leaves all of it or none of it in the file."""

    def __init__(self, session, parts: list[_Command], text: str) -> None:
        super().__init__(session, text)
        self.parts = [part for part in parts if not part.isObsolete()]
        if not self.parts:
            self.setObsolete(True)

    def do(self, conn) -> None:
        for part in self.parts:
            part.do(conn)

    def revert(self, conn) -> None:
        for part in reversed(self.parts):
            part.revert(conn)

    def notify(self) -> None:
        for part in self.parts:
            part.notify()


class InsertIndicators(_Command):
    def __init__(self, session, project_id: int, index: int, indicators: list[Indicator], text: str = "添加指标") -> None:
        super().__init__(session, text)
        self.project_id, self.index = project_id, index
        self.indicators = [clone(i) for i in indicators]

    def do(self, conn) -> None:
        repo.insert_indicators(conn, self.project_id, self.index, self.indicators)  # same ids on every redo

    def revert(self, conn) -> None:
        repo.delete_indicators(conn, [i.id for i in self.indicators])

    def notify(self) -> None:
        self.session.projectChanged.emit(self.project_id)


class DeleteIndicators(_Command):
    def __init__(self, session, project_id: int, positions: list[int], text: str = "删除指标") -> None:
        super().__init__(session, text)
        self.project_id = project_id
        project = session.project(project_id)
        self.removed = sorted((pos, project.indicators[pos]) for pos in set(positions))
        if not self.removed:
            self.setObsolete(True)

    def do(self, conn) -> None:
        repo.delete_indicators(conn, [ind.id for _, ind in self.removed])

    def revert(self, conn) -> None:
        for pos, ind in self.removed:  # ascending, so each lands where it was
            repo.insert_indicators(conn, self.project_id, pos, [ind])

    def notify(self) -> None:
        self.session.projectChanged.emit(self.project_id)


class _Reorder(_Command):
    """A new order of rows (ids before and after); subclasses say which rows and whom to tell."""

    def __init__(self, session, before: list[int], after: list[int], text: str) -> None:
        super().__init__(session, text)
        self.before, self.after = list(before), list(after)
        if self.before == self.after:
            self.setObsolete(True)

    def do(self, conn) -> None:
        self.apply(conn, self.after)

    def revert(self, conn) -> None:
        self.apply(conn, self.before)

    def apply(self, conn, order: list[int]) -> None:
        raise NotImplementedError


class ReorderIndicators(_Reorder):
    def __init__(self, session, project_id: int, before: list[int], after: list[int], text: str = "移动指标") -> None:
        self.project_id = project_id
        super().__init__(session, before, after, text)

    def apply(self, conn, order: list[int]) -> None:
        repo.set_indicator_order(conn, self.project_id, order)

    def notify(self) -> None:
        self.session.projectChanged.emit(self.project_id)


class InsertProject(_Command):
    def __init__(self, session, department_id: int, index: int, project: Project, text: str = "新建项目") -> None:
        super().__init__(session, text)
        self.department_id, self.index, self.project = department_id, index, clone(project)

    def do(self, conn) -> None:
        repo.insert_project(conn, self.department_id, self.project, self.index)

    def revert(self, conn) -> None:
        repo.delete_project(conn, self.project.id)
        repo.set_project_order(conn, self.department_id, _project_ids(conn, self.department_id))

    def notify(self) -> None:
        self.session.treeChanged.emit()


class AddWhole(_Command):
    """A unit's 部门整体绩效目标表 started (it has none before)."""

    def __init__(self, session, department_id: int, whole: Project, text: str = "添加部门整体绩效目标表") -> None:
        super().__init__(session, text)
        self.department_id, self.whole = department_id, clone(whole)

    def do(self, conn) -> None:
        repo.insert_whole(conn, self.department_id, self.whole)

    def revert(self, conn) -> None:
        repo.delete_project(conn, self.whole.id)

    def notify(self) -> None:
        self.session.treeChanged.emit()


class RemoveWhole(_Command):
    """A unit's 部门整体绩效目标表 removed with its indicators; undo brings it back as it was (its ids too)."""

    def __init__(self, session, department_id: int, whole_id: int, text: str = "删除部门整体绩效目标表") -> None:
        super().__init__(session, text)
        self.department_id, self.whole = department_id, session.project(whole_id)

    def do(self, conn) -> None:
        repo.delete_project(conn, self.whole.id)

    def revert(self, conn) -> None:
        repo.insert_whole(conn, self.department_id, clone(self.whole))

    def notify(self) -> None:
        self.session.treeChanged.emit()


class DeleteProject(_Command):
    def __init__(self, session, project_id: int, text: str = "删除项目") -> None:
        super().__init__(session, text)
        self.department_id = session.department_of(project_id)
        self.index = _project_ids_read(session, self.department_id).index(project_id)
        self.project = session.project(project_id)

    def do(self, conn) -> None:
        repo.delete_project(conn, self.project.id)
        repo.set_project_order(conn, self.department_id, _project_ids(conn, self.department_id))

    def revert(self, conn) -> None:
        repo.insert_project(conn, self.department_id, self.project, self.index)

    def notify(self) -> None:
        self.session.treeChanged.emit()


class ReorderProjects(_Reorder):
    def __init__(self, session, department_id: int, before: list[int], after: list[int], text: str = "移动项目") -> None:
        self.department_id = department_id
        super().__init__(session, before, after, text)

    def apply(self, conn, order: list[int]) -> None:
        repo.set_project_order(conn, self.department_id, order)

    def notify(self) -> None:
        self.session.treeChanged.emit()


class EditDepartment(_Command):
    """Some of a department's own fields or Part 1 set to new values, written onto the department as it is
    in the file when the command runs (see EditProject)."""

    def __init__(self, session, department_id: int, values: dict, text: str) -> None:
        super().__init__(session, text)
        self.department_id = department_id
        current = session.department(department_id)
        self.before = {key: copy.deepcopy(getattr(current, key)) for key in values}
        self.after = copy.deepcopy(values)
        if all(same_value(self.before[k], self.after[k]) for k in values):
            self.setObsolete(True)

    def do(self, conn) -> None:
        self._apply(conn, self.after)

    def revert(self, conn) -> None:
        self._apply(conn, self.before)

    def _apply(self, conn, values: dict) -> None:
        department = repo.read_department(conn, self.department_id)
        for key, value in values.items():
            if key not in DEPARTMENT_FIELDS:
                raise KeyError(key)
            setattr(department, key, copy.deepcopy(value))
        repo.update_department(conn, department)

    def notify(self) -> None:
        self.session.departmentChanged.emit(self.department_id)
        if {"code", "name"} & set(self.after):
            self.session.treeChanged.emit()


class InsertDepartment(_Command):
    def __init__(self, session, index: int, department: Department, text: str = "新建部门") -> None:
        super().__init__(session, text)
        self.index, self.department = index, clone(department)

    def do(self, conn) -> None:
        repo.insert_department(conn, self.department, self.index)

    def revert(self, conn) -> None:
        repo.delete_department(conn, self.department.id)
        repo.set_department_order(conn, [d.id for d in repo.read_tree(conn)])

    def notify(self) -> None:
        self.session.treeChanged.emit()


class DeleteDepartment(_Command):
    def __init__(self, session, department_id: int, text: str = "删除部门") -> None:
        super().__init__(session, text)
        order = [d.id for d in session.read(repo.read_tree)]
        self.index = order.index(department_id)
        self.department = session.full_department(department_id)

    def do(self, conn) -> None:
        repo.delete_department(conn, self.department.id)
        repo.set_department_order(conn, [d.id for d in repo.read_tree(conn)])

    def revert(self, conn) -> None:
        repo.insert_department(conn, self.department, self.index)

    def notify(self) -> None:
        self.session.treeChanged.emit()


class ReorderDepartments(_Reorder):
    def __init__(self, session, before: list[int], after: list[int], text: str = "移动部门") -> None:
        super().__init__(session, before, after, text)

    def apply(self, conn, order: list[int]) -> None:
        repo.set_department_order(conn, order)

    def notify(self) -> None:
        self.session.treeChanged.emit()


def _project_ids(conn, department_id: int) -> list[int]:
    return [p.id for d in repo.read_tree(conn) if d.id == department_id for p in d.projects]


def _project_ids_read(session: DocumentSession, department_id: int) -> list[int]:
    return session.read(_project_ids, department_id)


class ImportDocument(_Command):
    """Add an imported document's departments and projects, in one transaction: all of it, or nothing.

    A department whose 单位编码 and 单位名称 match one already here receives the imported projects, and its 部门整体
    table (with the 部门职能概述 that table states, where the unit here has none); any other comes in as a new
    department. A unit here that has its own table already cannot take another (``clashes``).
    """

    def __init__(self, session, document, text: str = "导入") -> None:
        super().__init__(session, text)
        self.document = clone(document)
        self.new_departments: list[Department] = []
        self.added_projects: list[tuple[int, Project]] = []
        self.added_wholes: list[tuple[int, Project, str]] = []  # (unit here, its new table, the functions it states)
        self.functions_before: dict[int, str] = {}
        existing = {(d.code, d.name): d.id for d in session.read(repo.read_tree)}
        for department in self.document.departments:
            target = existing.get((department.code, department.name))
            if target is None:
                self.new_departments.append(department)
            else:
                self.added_projects += [(target, p) for p in department.projects]
                if department.whole is not None:
                    self.added_wholes.append((target, department.whole, department.functions))

    @staticmethod
    def clashes(session, document) -> list[str]:
        """The units here that have their own 部门整体 table while the import brings them another."""
        have = {(d.code, d.name) for d in session.read(repo.read_tree) if d.whole is not None}
        return [d.name or d.code for d in document.departments if d.whole is not None and (d.code, d.name) in have]

    def do(self, conn) -> None:
        for department_id, project in self.added_projects:
            count = len([p for d in repo.read_tree(conn) if d.id == department_id for p in d.projects])
            repo.insert_project(conn, department_id, project, count)
        for department_id, whole, functions in self.added_wholes:
            repo.insert_whole(conn, department_id, whole)
            department = repo.read_department(conn, department_id)
            if functions and not department.functions:
                self.functions_before[department_id] = department.functions
                department.functions = functions
                repo.update_department(conn, department)
        count = len(repo.read_tree(conn))
        for offset, department in enumerate(self.new_departments):
            repo.insert_department(conn, department, count + offset)

    def revert(self, conn) -> None:
        for department in self.new_departments:
            repo.delete_department(conn, department.id)
        for department_id, whole, _ in self.added_wholes:
            repo.delete_project(conn, whole.id)
        for department_id, functions in self.functions_before.items():
            department = repo.read_department(conn, department_id)
            department.functions = functions
            repo.update_department(conn, department)
        self.functions_before = {}
        for department_id, project in self.added_projects:
            repo.delete_project(conn, project.id)
            repo.set_project_order(conn, department_id, _project_ids(conn, department_id))
        repo.set_department_order(conn, [d.id for d in repo.read_tree(conn)])

    def notify(self) -> None:
        self.session.treeChanged.emit()


class ChangeFormSettings(_Command):
    """The document's form, taxonomy and rule set changed (文件 → 表式和审核规则). The content is untouched:
    what the new form does not show stays in the file and comes back when switched back."""

    def __init__(self, session, settings: tuple[str, str, str], text: str) -> None:
        super().__init__(session, text)
        self.before = session.read(repo.form_settings)
        self.after = tuple(settings)
        if self.before == self.after:
            self.setObsolete(True)

    def do(self, conn) -> None:
        repo.set_form_settings(conn, *self.after)

    def revert(self, conn) -> None:
        repo.set_form_settings(conn, *self.before)

    def notify(self) -> None:
        self.session.load_settings()
        self.session.formChanged.emit()
