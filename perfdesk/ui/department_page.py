"""The department page: Part 1 of the document (单位, 总体绩效目标, 分项绩效目标, 工作保障措施), each with its 涉密 switch."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..domain.model import Department, GoalItem
from ..domain.text import cell_text, clean_text
from ..exchange import published_format as F
from ..widgets.text_fields import CommitLineEdit, CommitPlainTextEdit
from . import commands
from .session import DocumentSession, clone

_ITEM_COLUMNS = ("title", "goal", "indicator")
_LINE_FIELDS = ("code", "name", "preparer", "phone", "supervisor_code", "supervisor_name")  # one line each


class DepartmentPage(QScrollArea):
    wholeRequested = Signal()  # the unit's own 部门整体绩效目标表 asked for (opened, or started)

    def __init__(self, session: DocumentSession, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.department: Department | None = None
        self.setWidgetResizable(True)
        body = QWidget()
        self.setWidget(body)

        self.code, self.name = CommitLineEdit(), CommitLineEdit()
        self.year, self.preparer, self.phone = CommitLineEdit(), CommitLineEdit(), CommitLineEdit()
        self.supervisor_code, self.supervisor_name = CommitLineEdit(), CommitLineEdit()
        self.year.setPlaceholderText(self.tr("如 2026"))
        self.supervisor_name.setPlaceholderText(self.tr("全国申报表的「主管部门及代码」；本单位即主管部门时也请填写"))
        unit = QGroupBox(self.tr("单位"))
        form = QFormLayout(unit)
        form.addRow(self.tr("单位编码"), self.code)
        form.addRow(self.tr("单位名称"), self.name)
        form.addRow(self.tr("预算年度"), self.year)
        form.addRow(self.tr("填报人"), self.preparer)
        form.addRow(self.tr("联系电话"), self.phone)
        form.addRow(self.tr("主管部门编码"), self.supervisor_code)
        form.addRow(self.tr("主管部门名称"), self.supervisor_name)
        self.functions = CommitPlainTextEdit()
        self.functions.setPlaceholderText(self.tr("部门整体绩效目标表（申报）的「部门职能概述」"))
        self.functions.setMaximumHeight(90)
        self.functions.committed.connect(lambda text: self._set("functions", text))
        form.addRow(self.tr("部门职能概述"), self.functions)
        self.whole_button = QPushButton(self.tr("部门整体绩效目标表…"))
        self.whole_button.setToolTip(self.tr("打开本单位的部门整体绩效目标表（申报）；还没有时新建一张"))
        self.whole_button.clicked.connect(self.wholeRequested)
        whole_row = QHBoxLayout()
        whole_row.addWidget(self.whole_button)
        whole_row.addStretch(1)
        form.addRow("", whole_row)
        for field, edit in (("code", self.code), ("name", self.name), ("preparer", self.preparer), ("phone", self.phone),
                            ("supervisor_code", self.supervisor_code), ("supervisor_name", self.supervisor_name)):
            edit.committed.connect(lambda text, f=field: self._set(f, text))
        self.year.committed.connect(self._set_year)

        self.overall = CommitPlainTextEdit()
        self.overall_secret = QCheckBox(self.tr("涉密"))
        overall = self._section(self.tr("一、总体绩效目标"), self.overall, self.overall_secret)
        self.overall.committed.connect(lambda text: self._set("overall_goal", text))
        self.overall_secret.toggled.connect(lambda on: self._set("overall_secret", on))

        self.items = QTableWidget(0, 4)
        self.items.setHorizontalHeaderLabels([self.tr("分项"), self.tr("绩效目标"), self.tr("绩效指标"), self.tr("涉密")])
        self.items.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.items.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        self.items.setWordWrap(True)
        self.items.setMinimumHeight(260)
        self.items.itemChanged.connect(self._items_changed)
        self.items_secret = QCheckBox(self.tr("整节涉密"))
        self.items_secret.toggled.connect(lambda on: self._set("items_secret", on))
        add, remove = QPushButton(self.tr("添加分项")), QPushButton(self.tr("删除分项"))
        self.item_buttons = (add, remove)
        add.clicked.connect(self.add_item)
        remove.clicked.connect(self.remove_item)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        items_box = QWidget()
        items_layout = QVBoxLayout(items_box)
        items_layout.setContentsMargins(0, 0, 0, 0)
        items_layout.addWidget(self.items)
        items_layout.addLayout(buttons)
        items = self._section(self.tr("二、分项绩效目标"), items_box, self.items_secret)

        self.measures = CommitPlainTextEdit()
        self.measures.setPlaceholderText(self.tr("每段一行，如：完善制度建设。……"))
        self.measures_secret = QCheckBox(self.tr("涉密"))
        measures = self._section(self.tr("三、工作保障措施（每段一行）"), self.measures, self.measures_secret)
        self.measures.committed.connect(lambda text: self._set("measures", [p for p in text.split("\n") if p.strip()]))
        self.measures_secret.toggled.connect(lambda on: self._set("measures_secret", on))

        layout = QVBoxLayout(body)
        for widget in (unit, overall, items, measures):
            layout.addWidget(widget)
        layout.addStretch(1)
        session.departmentChanged.connect(self._department_changed)

    def set_readonly(self, readonly: bool) -> None:
        """A read-only document shows Part 1 without letting it be changed."""
        for edit in (self.code, self.name, self.year, self.preparer, self.phone, self.supervisor_code,
                     self.supervisor_name, self.overall, self.measures, self.functions):
            edit.setReadOnly(readonly)
        for widget in (self.overall_secret, self.items_secret, *self.item_buttons):
            widget.setEnabled(not readonly)
        self.items.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers if readonly
                                   else QTableWidget.EditTrigger.DoubleClicked | QTableWidget.EditTrigger.EditKeyPressed
                                   | QTableWidget.EditTrigger.AnyKeyPressed)

    def _section(self, title: str, widget: QWidget, secret: QCheckBox) -> QGroupBox:
        box = QGroupBox(title)
        layout = QVBoxLayout(box)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(secret)
        layout.addLayout(row)
        layout.addWidget(widget)
        return box

    # -- loading ------------------------------------------------------------------------------
    def load(self, department_id: int | None) -> None:
        self.department = self.session.department(department_id) if department_id is not None else None
        d = self.department or Department()
        self.code.load(d.code)
        self.name.load(d.name)
        self.year.load("" if d.year is None else str(d.year))
        self.preparer.load(d.preparer)
        self.phone.load(d.phone)
        self.supervisor_code.load(d.supervisor_code)
        self.supervisor_name.load(d.supervisor_name)
        # what is being typed stays as typed (blank lines between paragraphs are dropped when stored)
        for edit, text in ((self.overall, d.overall_goal), (self.measures, "\n".join(d.measures)),
                           (self.functions, d.functions)):
            if not (edit.hasFocus() and cell_text(edit.toPlainText()) == text):
                edit.load(text)
        for box, value in ((self.overall_secret, d.overall_secret), (self.items_secret, d.items_secret),
                           (self.measures_secret, d.measures_secret)):
            box.blockSignals(True)
            box.setChecked(value)
            box.blockSignals(False)
        self.items.blockSignals(True)
        self.items.setRowCount(len(d.items))
        for row, item in enumerate(d.items):
            for col, field in enumerate(_ITEM_COLUMNS):
                self.items.setItem(row, col, QTableWidgetItem(getattr(item, field)))
            check = QTableWidgetItem()
            check.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            check.setCheckState(Qt.CheckState.Checked if item.secret else Qt.CheckState.Unchecked)
            self.items.setItem(row, 3, check)
        self.items.blockSignals(False)
        self.items.resizeRowsToContents()

    def _department_changed(self, department_id: int) -> None:
        if self.department is not None and department_id == self.department.id:
            self.load(department_id)

    def flush(self) -> None:
        """Keep whatever is being typed (before the page is left)."""
        for edit in (self.overall, self.measures, self.functions):
            edit.flush()

    # -- edits --------------------------------------------------------------------------------
    def _push(self, values: dict, text: str) -> None:
        """One undo step setting these fields; the page's copy follows at once, the file when pushed."""
        if self.department is None:
            return
        for field, value in values.items():
            setattr(self.department, field, clone(value))
        self.session.push(commands.EditDepartment(self.session, self.department.id, values, text))

    def _set(self, field: str, value) -> None:
        names = {"code": "单位编码", "name": "单位名称", "preparer": "填报人", "phone": "联系电话",
                 "supervisor_code": "主管部门编码", "supervisor_name": "主管部门名称",
                 "overall_goal": "总体绩效目标", "measures": "工作保障措施", "overall_secret": "总体绩效目标涉密",
                 "items_secret": "分项绩效目标涉密", "measures_secret": "工作保障措施涉密", "functions": "部门职能概述"}
        if isinstance(value, str):
            value = clean_text(value) if field in _LINE_FIELDS else cell_text(value)
        elif isinstance(value, list):
            value = [cell_text(v) if isinstance(v, str) else v for v in value]
        problem = self._unprintable(field, value)
        if problem:  # refused at entry: the text stays where it was typed, to be corrected
            self.session.refused.emit(problem)
            return
        self._push({field: value}, self.tr("修改") + names.get(field, field))

    def _unprintable(self, field: str, value) -> str | None:
        """Why a value could not be printed in the published text and read back (Chinese), or None."""
        problem = F.unprintable(field, value)
        if problem is None:
            return None
        text, why = problem
        return self.tr("「%1」%2，打印和导出时无法与文档结构区分，未修改。请改写。") \
            .replace("%1", text[:20]).replace("%2", why)

    def _set_year(self, text: str) -> None:
        text = text.strip()
        if text and not (text.isdigit() and len(text) == 4):
            self.year.setStyleSheet("background: #ffe0e0;")
            self.year.setToolTip(self.tr("预算年度应为四位数字，如 2026"))
            self.year.load("" if self.department.year is None else str(self.department.year))
            return
        self.year.setStyleSheet("")
        self._set("year", int(text) if text else None)

    def _items_from_table(self) -> list[GoalItem]:
        out = []
        for row in range(self.items.rowCount()):
            values = [(self.items.item(row, c).text() if self.items.item(row, c) else "") for c in range(3)]
            check = self.items.item(row, 3)
            secret = bool(check and check.checkState() == Qt.CheckState.Checked)
            old = self.department.items[row] if row < len(self.department.items) else None
            out.append(GoalItem(*values, secret=secret, id=old.id if old else None))
        return out

    def _items_changed(self, _item) -> None:
        if self.department is None:
            return
        items = self._items_from_table()
        for item in items:
            item.title = clean_text(item.title).replace("\n", "").strip()
            item.goal, item.indicator = cell_text(item.goal), cell_text(item.indicator)
        problem = self._unprintable("items", items)
        if problem:
            self.session.refused.emit(problem)
            self.load(self.department.id)
            return
        self._push({"items": items}, self.tr("修改分项绩效目标"))

    def add_item(self) -> None:
        if self.department is None:
            return
        self._push({"items": [*self.department.items, GoalItem(self.tr("新分项"))]}, self.tr("添加分项"))
        self.load(self.department.id)

    def remove_item(self) -> None:
        if self.department is None or self.items.currentRow() < 0:
            return
        items = list(self.department.items)
        del items[self.items.currentRow()]
        self._push({"items": items}, self.tr("删除分项"))
        self.load(self.department.id)
