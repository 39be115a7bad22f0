"""The project page: the 绩效目标表 of one project, laid out like the printed table and edited in place."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ..widgets.form_view import FormTableView
from . import commands
from .project_model import CELL_ROLE, ProjectFormModel, describe_value
from .session import DocumentSession


class ProjectPage(QWidget):
    indicatorSelected = Signal(int)  # an indicator row became current: its id

    def __init__(self, session: DocumentSession, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.model = ProjectFormModel(session, self)
        self.title = QLabel()
        font = self.title.font()
        font.setPointSize(font.pointSize() + 3)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.secret = QCheckBox(self.tr("涉密（公开版中各指标内容显示为“涉密”）"))
        self.secret.toggled.connect(self._secret_toggled)
        self.message = QLabel()
        self.message.setStyleSheet("color: #b00020;")
        self.message.setWordWrap(True)
        self.hint = QLabel()
        self.hint.setStyleSheet("color: #555;")
        self.view = FormTableView(self)
        self.view.setModel(self.model)
        self.view.setDragDropMode(self.view.DragDropMode.InternalMove)  # drag indicator rows to reorder
        self.view.setDragEnabled(True)
        self.view.setDropIndicatorShown(True)
        self.view.form_delegate.textEdited.connect(self._typing)
        self.view.form_delegate.suggestionChosen.connect(self.model.take_suggestion)
        self.view.pasteFailed.connect(self.show_error)
        self.view.inputRejected.connect(self.show_error)
        self.view.editRefused.connect(self._edit_refused)
        self.view.selectionModel().currentChanged.connect(self._current_changed)
        self.model.errorRaised.connect(self.show_error)
        self.model.ask_scope = self._ask_scope
        self.model.modelReset.connect(self._after_reset)

        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.secret)
        # Messages and hints sit below the table in a strip of fixed height: showing one never moves the
        # table, so the next click still hits the cell that was under the pointer.
        feedback = QWidget()
        feedback_layout = QVBoxLayout(feedback)
        feedback_layout.setContentsMargins(0, 0, 0, 0)
        feedback_layout.setSpacing(0)
        feedback_layout.addWidget(self.message)
        feedback_layout.addWidget(self.hint)
        feedback.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 6)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addWidget(feedback)
        self.message.hide()
        session.projectChanged.connect(self._project_changed)
        session.departmentChanged.connect(self._department_changed)
        session.formChanged.connect(self._form_changed)

    # -- loading ------------------------------------------------------------------------------
    @property
    def project_id(self) -> int | None:
        return self.model.project.id if self.model.project else None

    def load(self, project_id: int | None) -> None:
        self.message.hide()
        self.model.load(project_id)

    def _project_changed(self, project_id: int) -> None:
        if project_id != self.project_id:
            return
        if not self.view.holds_refused_input:
            self.message.hide()  # a change went through: an earlier message no longer applies
        # The screen shows what is on disk at once, also while the next editor is already open (Tab):
        # cells are updated in place. Only a change of the table's shape waits until no editor is open,
        # because a reset from inside the editor's commit would pull the editor out from under the
        # delegate (Qt warns "commitData called with an editor that does not belong to this view").
        editing = self.view.state() == self.view.State.EditingState
        current = self.view.currentIndex()
        row, col = current.row(), current.column()
        changed = self.model.reload(reset=not editing)
        if changed is None and editing:
            QTimer.singleShot(0, lambda: self._project_changed(project_id))
            return
        if changed is not None:  # same shape: only the rows whose text changed need measuring again
            for changed_row in sorted(changed):
                self.view.resizeRowToContents(changed_row)
            self._show_heading()
            return
        if row >= 0:
            index = self.model.index(min(row, self.model.rowCount() - 1), col)
            self.view.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)

    def _form_changed(self) -> None:
        """Another form chosen: the same project laid out as that form places it."""
        self.model.load(self.project_id)

    def _department_changed(self, department_id: int) -> None:
        """The unit line in the table comes from the department: show a renamed unit."""
        if self.model.project is not None and self.model.department.id == department_id:
            self.model.load(self.project_id)

    def _after_reset(self) -> None:
        project = self.model.project
        self.view.apply_spans(self.model.spans())
        if project is None:
            self.title.setText("")
            return
        self._show_heading()
        self._fitted = None
        self._refit()
        QTimer.singleShot(0, self._refit)  # again once the layout has given the view its final width

    def _show_heading(self) -> None:
        project = self.model.project
        if self.model.whole:  # not numbered among the projects: the unit names it
            self.title.setText(f"{self.model.department.name}　{self.model.layout.title}".strip())
        else:
            position = self.session.project_number(project.id)
            self.title.setText(self.model.layout.heading_for(position, project))
        self.secret.blockSignals(True)
        self.secret.setChecked(project.secret)
        self.secret.blockSignals(False)

    def _refit(self) -> None:
        # rows are measured again only when the table or its width changed (a switch used to measure twice)
        key = (self.model.table, self.view.viewport().width())
        if self.model.project is not None and key != getattr(self, "_fitted", None):
            self._fitted = key
            self._fit_columns()
            self.view.resizeRowsToContents()

    def _fit_columns(self) -> None:
        widths = self.model.table.col_widths if self.model.table is not None else self.model.layout.col_widths
        available = max(self.view.viewport().width() - 2, 600)
        for col, weight in enumerate(widths):
            self.view.setColumnWidth(col, int(available * weight / sum(widths)))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._refit()

    # -- feedback -----------------------------------------------------------------------------
    def show_error(self, text: str) -> None:
        """Show a message; an empty one takes it away (the problem was fixed)."""
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def _ask_scope(self, cell, text: str) -> list[int] | None:
        """A new 二级 typed into a merged 二级 cell: for the whole group, or only for the clerk's row?"""
        from PySide6.QtWidgets import QMessageBox

        row = self.view.row_in_span(cell.row, cell.rowspan)
        position = self.model.indicator_position(row, cell.col)
        if position is None:  # the clerk's row is the shorter half of the group: only the whole group
            position = cell.members[0]
        name = self.model.project.indicators[position].name or self.tr("（未填三级指标）")
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("修改二级指标"),
                          self.tr("把「%1」改为「%2」：").replace("%1", cell.text).replace("%2", text.strip()), parent=self)
        group = box.addButton(self.tr("整组（%1 条指标）").replace("%1", str(len(cell.members))), QMessageBox.ButtonRole.AcceptRole)
        one = box.addButton(self.tr("仅本行「%1」").replace("%1", name[:16]), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(group)
        box.exec()
        if box.clickedButton() is group:
            return list(cell.members)
        if box.clickedButton() is one:
            return [position]
        return None

    def _edit_refused(self, _index) -> None:
        if self.session.readonly:
            self.session.refused.emit(self.session.tr(self.session.READONLY_MESSAGE))

    def _typing(self, index, text: str) -> None:
        cell = index.data(CELL_ROLE)
        if self._is_value(cell):
            if cell.part is not None:  # one column of the value: how the whole value will read
                text = self.model.value_with_part(self.model.whole_text(cell), {cell.part: text})
            self.hint.setText(describe_value(text))

    def _current_changed(self, current, _previous) -> None:
        cell = current.data(CELL_ROLE)
        self.hint.setText(describe_value(self.model.whole_text(cell)) if self._is_value(cell) else "")
        position = self.model.indicator_position(current.row(), current.column())
        if position is not None:
            self.indicatorSelected.emit(self.model.project.indicators[position].id)

    def _is_value(self, cell) -> bool:
        """A 指标值 cell: the hint line under the table says how what is typed there reads."""
        spec = self.model.layout.spec_of(cell) if cell is not None else None
        return spec is not None and spec.kind.name == "indicator_value"

    def _secret_toggled(self, checked: bool) -> None:
        project = self.model.project
        if project is None:
            return
        self.session.push(commands.EditProject(self.session, project.id, {"secret": checked},
                                               self.tr("设为涉密") if checked else self.tr("取消涉密")))

    # -- indicators ---------------------------------------------------------------------------
    def select_indicator(self, indicator_id: int) -> None:
        project = self.model.project
        if project is None:
            return
        for position, indicator in enumerate(project.indicators):
            if indicator.id == indicator_id:
                index = self.model.indicator_index(position)
                self.view.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
                self.view.scrollTo(index)
                return

    def selected_positions(self) -> list[int]:
        cells = {(i.row(), i.column()) for i in self.view.selectedIndexes()} or \
            {(self.view.currentIndex().row(), self.view.currentIndex().column())}
        return sorted({p for p in (self.model.indicator_position(r, c) for r, c in cells) if p is not None})

    def add_indicator(self, *, before: bool = False) -> None:
        """Add an empty indicator after (or before) the current one, in the same 二级, and start editing it."""
        project = self.model.project
        if project is None:
            return
        positions = self.selected_positions()
        from ..domain.model import YEAR, Indicator

        if positions:
            reference = project.indicators[positions[0] if before else positions[-1]]
            index = positions[0] if before else positions[-1] + 1
            new = Indicator(reference.level1, reference.level2, phase=reference.phase)
        else:  # in the half of the table the cursor is in
            index = len(project.indicators)
            current = self.view.currentIndex()
            new = Indicator(phase=self.model.table.phase_at(max(current.column(), 0), current.row())
                            if self.model.table else YEAR)
        self.session.push(commands.InsertIndicators(self.session, project.id, index, [new],
                                                    self.tr("插入指标") if before else self.tr("添加指标")))
        target = self.model.indicator_index(index)
        self.view.selectionModel().setCurrentIndex(target, QItemSelectionModel.SelectionFlag.ClearAndSelect)

    def copy_mid_to_year(self) -> str | None:
        """指标 → 中期指标复制到年度: the 中期 set's indicators added to the 年度 set (one undo step), except those
        the 年度 set already has (same 一级, 二级 and 三级). Returns what to tell the clerk when nothing is done."""
        from ..domain.model import MID, YEAR

        project = self.model.project
        if project is None:
            return None
        mid = [i for i in project.indicators if i.phase == MID]
        if not mid:
            return self.tr("本项目没有中期指标，无可复制。")
        have = {(i.level1, i.level2, i.name) for i in project.indicators if i.phase == YEAR}
        copies = [dataclasses.replace(i, id=None, phase=YEAR) for i in mid if (i.level1, i.level2, i.name) not in have]
        if not copies:
            return self.tr("中期指标都已在年度指标中。")
        self.session.push(commands.InsertIndicators(self.session, project.id, len(project.indicators), copies,
                                                    self.tr("中期指标复制到年度")))
        return None

    def delete_indicators(self) -> None:
        positions = self.selected_positions()
        if positions and self.model.project is not None:
            self.session.push(commands.DeleteIndicators(self.session, self.model.project.id, positions,
                                                        self.tr("删除指标")))

    def move_indicators(self, step: int) -> None:
        project = self.model.project
        positions = self.selected_positions()
        if project is None or not positions:
            return
        ids = [i.id for i in project.indicators]
        moving = [ids[p] for p in positions]
        rest = [i for i in ids if i not in moving]
        target = max(0, min(len(rest), positions[0] + step))
        after = rest[:target] + moving + rest[target:]
        self.session.push(commands.ReorderIndicators(self.session, project.id, ids, after,
                                                     self.tr("上移指标") if step < 0 else self.tr("下移指标")))
        selection = self.view.selectionModel()
        selection.clearSelection()
        for offset in range(len(moving)):
            selection.select(self.model.indicator_index(target + offset),
                             QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows)
        selection.setCurrentIndex(self.model.indicator_index(target), QItemSelectionModel.SelectionFlag.NoUpdate)
