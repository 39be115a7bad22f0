"""The 项目 and 部门 menus: adding, deleting and moving projects and departments, each one undo step.

A mixin of MainWindow.
"""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from ..domain.model import Department, Project
from ..domain.rules import starter_indicators
from ..domain.rulesets import rule_set
from ..storage import reads
from . import commands
from .tree_model import DEPARTMENT, ID_ROLE, INDICATOR, KIND_ROLE, PROJECT


def _moved(ids: list[int], id_: int, step: int) -> list[int]:
    position = ids.index(id_)
    target = max(0, min(len(ids) - 1, position + step))
    out = [i for i in ids if i != id_]
    out.insert(target, id_)
    return out


class StructureActions:
    def _current(self) -> tuple[str | None, int | None]:
        index = self.tree.currentIndex()
        return (index.data(KIND_ROLE), index.data(ID_ROLE)) if index.isValid() else (None, None)

    def _current_department(self) -> int | None:
        kind, id_ = self._current()
        if kind == DEPARTMENT:
            return id_
        if kind == PROJECT:
            return self.session.department_of(id_)
        if kind == INDICATOR:
            return self.session.department_of(self.tree.currentIndex().parent().data(ID_ROLE))
        tree = self.session.read(reads.read_tree)
        return tree[0].id if tree else None

    def _current_table(self) -> int | None:
        """The table selected in the tree (or whose indicator is): a project's, or a unit's own 部门整体 table."""
        index = self.tree.currentIndex()
        kind = index.data(KIND_ROLE) if index.isValid() else None
        if kind == INDICATOR:
            index = index.parent()
        elif kind != PROJECT:
            return None
        return index.data(ID_ROLE)

    def _current_project(self) -> int | None:
        """The project selected in the tree (or whose indicator is), None for a unit's 部门整体 table: it is not
        moved, copied or deleted among the projects."""
        table = self._current_table()
        return None if table is None or self.session.is_whole(table) else table

    def open_whole(self) -> None:
        """部门 → 部门整体绩效目标表: the current unit's table, started with the rows the 审核 requires when it has
        none yet (one undo step)."""
        department_id = self._current_department()
        if department_id is None:
            self._error(self.tr("请先新建一个部门。"))
            return
        entry = next(d for d in self.session.read(reads.read_tree) if d.id == department_id)
        if entry.whole is None:
            whole = Project(indicators=starter_indicators(self.session.taxonomy, rule_set(self.session.rule_set_key)))
            command = commands.AddWhole(self.session, department_id, whole)
            self.session.push(command)
            if command.whole.id is None:  # (a read-only document refused it)
                return
            whole_id = command.whole.id
        else:
            whole_id = entry.whole.id
        self.select(PROJECT, whole_id)

    def new_project(self) -> None:
        department_id = self._current_department()
        if department_id is None:
            self._error(self.tr("请先新建一个部门。"))
            return
        ids = [p.id for d in self.session.read(reads.read_tree) if d.id == department_id for p in d.projects]
        current = self._current_project()
        index = ids.index(current) + 1 if current in ids else len(ids)
        # a new project starts from the form: one empty row for each 二级 the 审核 requires
        new = Project(name=self.tr("新项目"), indicators=starter_indicators(self.session.taxonomy, rule_set(self.session.rule_set_key)))
        command = commands.InsertProject(self.session, department_id, index, new)
        self.session.push(command)
        self.select(PROJECT, command.project.id)

    def delete_project(self) -> None:
        project_id = self._current_project()
        if project_id is None:
            return
        name = self.session.project(project_id).name
        if QMessageBox.question(self, self.tr("删除项目"), self.tr("删除项目「%1」及其全部指标？（可撤销）").replace("%1", name)) \
                != QMessageBox.StandardButton.Yes:
            return
        self.session.push(commands.DeleteProject(self.session, project_id))

    def move_project(self, step: int) -> None:
        project_id = self._current_project()
        if project_id is None:
            return
        department_id = self.session.department_of(project_id)
        ids = [p.id for d in self.session.read(reads.read_tree) if d.id == department_id for p in d.projects]
        after = _moved(ids, project_id, step)
        self.session.push(commands.ReorderProjects(self.session, department_id, ids, after))
        self.select(PROJECT, project_id)

    def remove_whole(self) -> None:
        """部门 → 删除部门整体绩效目标表: the current unit's own table, after asking (one undo step)."""
        department_id = self._current_department()
        entry = next((d for d in self.session.read(reads.read_tree) if d.id == department_id), None)
        if entry is None or entry.whole is None:
            self._error(self.tr("当前单位没有部门整体绩效目标表。"))
            return
        if QMessageBox.question(self, self.tr("删除部门整体绩效目标表"),
                                self.tr("删除本单位的部门整体绩效目标表及其全部指标？（可撤销）")) \
                != QMessageBox.StandardButton.Yes:
            return
        self.session.push(commands.RemoveWhole(self.session, department_id, entry.whole.id))
        self.select(DEPARTMENT, department_id)

    def new_department(self) -> None:
        ids = [d.id for d in self.session.read(reads.read_tree)]
        current = self._current_department()
        index = ids.index(current) + 1 if current in ids else len(ids)
        command = commands.InsertDepartment(self.session, index, Department(name=self.tr("新单位")))
        self.session.push(command)
        self.select(DEPARTMENT, command.department.id)

    def delete_department(self) -> None:
        kind, id_ = self._current()
        if kind != DEPARTMENT:
            return
        department = self.session.department(id_)
        if QMessageBox.question(self, self.tr("删除部门"), self.tr("删除「%1」及其全部项目？（可撤销）").replace("%1", department.name)) \
                != QMessageBox.StandardButton.Yes:
            return
        self.session.push(commands.DeleteDepartment(self.session, id_))

    def move_department(self, step: int) -> None:
        kind, id_ = self._current()
        if kind != DEPARTMENT:
            return
        ids = [d.id for d in self.session.read(reads.read_tree)]
        self.session.push(commands.ReorderDepartments(self.session, ids, _moved(ids, id_, step)))
        self.select(DEPARTMENT, id_)
