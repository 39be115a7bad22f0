"""The project page's table model: the shared FormLayout placed for one project, editable in place.

Every edit becomes an undo command (one per action; a paste or a clear of many cells is one step).
一级 and 二级 are shown merged over their rows, as printed. 一级 follows from the 二级 chosen (二级 names are
unique within a taxonomy), so it is not edited directly; a new 二级 typed into a merged 二级 cell applies to
the whole group or to one row of it, as the page asks the clerk.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QByteArray, QMimeData, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from ..domain.amounts import AmountError
from ..domain.fields import CENTER, RIGHT, FieldValueError
from ..domain.forms import DEPARTMENT_FORM, form
from ..domain.layout import PlacedCell, PlacedTable, place
from ..domain.rulesets import rule_set
from ..domain.model import (INDICATOR_FIELDS, Department, Indicator, Project, indicator_field_value, project_field,
                            same_value, set_indicator_field_value)
from ..domain.monitoring import LIGHT_COLOURS, LIGHT_MEANINGS
from ..domain.text import cell_text
from ..domain.values import join_value, parse_value, split_value
from ..widgets.delegates import CHOICES_ROLE, EDITOR_ROLE, SUGGEST_ROLE
from . import commands
from .session import DocumentSession

_ALIGN = {CENTER: Qt.AlignmentFlag.AlignCenter,
          RIGHT: Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter}
CELL_ROLE = Qt.ItemDataRole.UserRole + 20  # the PlacedCell behind an index

_LABEL_BG = QBrush(QColor("#eef2f7"))
_SECRET_BG = QBrush(QColor("#fff6d6"))
_QUALITATIVE_FG = QBrush(QColor("#5b4a8a"))
_COMPUTED_FG = QBrush(QColor("#2f6b8a"))  # computed 分值, 得分, 总分: told apart from typed figures
_ERROR_BG = QBrush(QColor("#ffd9d9"))
_HINT_BG = QBrush(QColor("#fff0c8"))
_REFERENCE_BG = QBrush(QColor("#f4f4f4"))  # shown for reference, not typed into (上年值)
_LIGHT_BG = {light: QBrush(QColor("#" + colour)) for light, colour in LIGHT_COLOURS.items()}  # the 监控 lights


def describe_value(text: str) -> str:
    """How a 指标值 reads: what the clerk sees while typing and in the cell's tooltip."""
    parsed = parse_value(text)
    if parsed.kind == "empty":
        return "指标值：未填写"
    if parsed.kind == "qualitative":
        return "指标值：定性"
    unit = parsed.unit or "（无计量单位）"
    implied = "" if parsed.explicit_operator else "（未写运算符，按＝）"
    return f"指标值：定量  {parsed.operator} {parsed.number} {unit}{implied}，{parsed.direction}"


class ProjectFormModel(QAbstractTableModel):
    errorRaised = Signal(str)

    def __init__(self, session: DocumentSession, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.layout = form(session.shown_form_key)
        self.department = Department()
        self.project: Project | None = None
        self.whole = False  # the project shown is a unit's 部门整体 table (Department.whole)
        self.table: PlacedTable | None = None
        self.anchors: dict[tuple[int, int], PlacedCell] = {}
        self.findings_for = lambda project_id: []  # set by the window: the 审核 findings of a project
        self.own_entries = lambda: ()  # set by the window: the 指标库 file's entries (我的指标), suggested first
        # set by the page: which rows a new 二级 typed into a merged 二级 cell applies to — a list of
        # positions (the whole group, or the clerk's one row), or None to change nothing
        self.ask_scope = lambda cell, text: list(cell.members)
        self.marks: dict[tuple[int | None, str], list] = {}

    # -- 审核 marks -------------------------------------------------------------------------------
    def refresh_marks(self) -> None:
        """Colour and annotate the cells the 审核 findings are about."""
        self.marks = {}
        if self.project is not None:
            for finding in self.findings_for(self.project.id):
                if finding.field:
                    self.marks.setdefault((finding.indicator, finding.field), []).append(finding)
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1))

    def _marks_of(self, cell: PlacedCell) -> list:
        key = (cell.indicator, cell.field) if cell.role == "indicator" else (None, cell.field)
        found = list(self.marks.get(key, []))
        if cell.role == "header" and self._level(cell) == "level1":
            found += self.marks.get((None, "indicators"), [])  # missing 产出/效益/满意度 rows: shown on the header
        return found

    def cell_of(self, finding) -> QModelIndex:
        """The grid cell a finding is about (the header row for a missing indicator group)."""
        for cell in self.anchors.values():
            if cell.role in ("caption", "label", "covered"):
                continue
            if finding.indicator is not None and cell.role == "indicator" and cell.indicator == finding.indicator \
                    and cell.field == finding.field:
                return self.index(cell.row, cell.col)
            if finding.indicator is None and self._is_head(cell) and cell.field == finding.field:
                return self.index(cell.row, cell.col)
        if finding.indicator is not None:
            return self.indicator_index(finding.indicator)
        return self.index(self.layout.header_row, 0)

    # -- loading ------------------------------------------------------------------------------
    def load(self, project_id: int | None) -> None:
        self.beginResetModel()
        if project_id is None:
            self.project, self.table, self.anchors, self.whole = None, None, {}, False
            self.layout = form(self.session.shown_form_key)
        else:
            self.project = self.session.project(project_id)
            self.whole = self.session.is_whole(project_id)
            # a unit's 部门整体 table in its own form; a project in the form the pages show
            self.layout = DEPARTMENT_FORM if self.whole else form(self.session.shown_form_key)
            self.department = self.session.department(self.session.department_of(project_id))
            self.table = self._place(self.project)  # merged as on paper
            self.anchors = {(c.row, c.col): c for c in self.table.cells}
        self.endResetModel()
        self.refresh_marks()

    def _place(self, project: Project) -> PlacedTable:
        return place(self.department, project, layout=self.layout, screen=True,
                     rules=rule_set(self.session.rule_set_key))

    def reload(self, *, reset: bool = True) -> set[int] | None:
        """Re-read the project after a change. When the table keeps its shape (an edited cell, a
        re-ordered run of the same 二级), the cells are updated in place and the rows whose text changed
        are returned; otherwise the model is reset (only if ``reset``: an open editor would be pulled out
        from under its delegate) and None is returned."""
        if self.project is None or self.table is None:
            if reset:
                self.load(None)
            return None
        project = self.session.project(self.project.id)
        table = self._place(project)
        shape = {(c.row, c.col, c.rowspan, c.colspan, c.role) for c in table.cells}
        if shape != {(c.row, c.col, c.rowspan, c.colspan, c.role) for c in self.table.cells}:
            if reset:
                self.load(self.project.id)
            return None
        changed = {c.row for c in table.cells if self.anchors[(c.row, c.col)].text != c.text}
        self.project, self.table = project, table
        self.anchors = {(c.row, c.col): c for c in table.cells}
        if changed:
            self.dataChanged.emit(self.index(min(changed), 0), self.index(max(changed), self.columnCount() - 1))
        self.refresh_marks()
        return changed

    def anchor_of(self, index: QModelIndex) -> QModelIndex:
        """The top-left cell of the merged cell that covers ``index`` (the view asks, for Enter and Tab)."""
        if not index.isValid():
            return index
        for cell in self._covering().get(index.row(), ()):
            if cell.col <= index.column() < cell.col + cell.colspan:
                return self.index(cell.row, cell.col)
        return index

    def _covering(self) -> dict[int, list[PlacedCell]]:
        # rows → the cells that reach into them, built once per placed table
        if getattr(self, "_covering_of", (None,))[0] is not self.table:
            rows: dict[int, list[PlacedCell]] = {}
            for cell in self.anchors.values():
                for r in range(cell.row, cell.row + cell.rowspan):
                    rows.setdefault(r, []).append(cell)
            self._covering_of = (self.table, rows)
        return self._covering_of[1]

    def spans(self) -> list[tuple[int, int, int, int]]:
        return [(c.row, c.col, c.rowspan, c.colspan) for c in self.anchors.values() if c.rowspan > 1 or c.colspan > 1]

    def cell(self, index: QModelIndex) -> PlacedCell | None:
        return self.anchors.get((index.row(), index.column())) if index.isValid() else None

    def indicator_index(self, position: int, field: str = "name") -> QModelIndex:
        """The cell of an indicator's ``field`` (its 三级 name by default), or an invalid index."""
        cell = self.table.indicator_cell(position, field) if self.table is not None else None
        return self.index(cell.row, cell.col) if cell is not None else QModelIndex()

    def indicator_position(self, row: int, col: int | None = None) -> int | None:
        """The indicator shown on a grid row (in column ``col``'s half of a two-half form)."""
        if self.table is None or row < self.layout.first_indicator_row:
            return None
        return self.table.indicator_at(row, col)

    # -- Qt -----------------------------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() or self.table is None else self.table.rows

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() or self.table is None else self.table.ncols

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        cell = self.cell(index)
        if cell is None:
            return None
        if role == Qt.ItemDataRole.EditRole and cell.role == "indicator":
            # what was entered, not the 涉密 placeholder a classified project shows for empty cells
            if cell.indicator is None or cell.part is not None:
                return cell.text
            # what the clerk gave (blank where a 分值 or 得分 is computed): typing replaces it
            spec = self.layout.indicator_field(cell.field)
            return spec.kind.text(indicator_field_value(self.project.indicators[cell.indicator], cell.field))
        if role == Qt.ItemDataRole.EditRole and cell.role == "field":
            return cell.value_text
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return cell.text
        if role == CELL_ROLE:
            return cell
        spec = self.layout.spec_of(cell)
        if role == EDITOR_ROLE:
            return spec.kind.editor if spec is not None and spec.kind.editor else "line"
        if role == SUGGEST_ROLE:
            if spec is None or not spec.library or cell.role != "indicator" or cell.indicator is None:
                return None
            from ..library.suggest import suggestions, value_suggestions

            if spec.library == "value":
                indicator = self.project.indicators[cell.indicator]
                return lambda text: value_suggestions(indicator, text, self.own_entries())
            return lambda text: suggestions(text, self.own_entries())
        if role == CHOICES_ROLE:
            if spec is not None and spec.choices:
                # a blank first: a form's choice may stay unanswered (偏差原因 where there is no deviation), and
                # opening the list on an empty cell must not put its first choice there
                return ["", *spec.choices]
            return self.session.taxonomy.all_level2_names()
        if role == Qt.ItemDataRole.BackgroundRole:
            marks = self._marks_of(cell)
            if marks:
                return _ERROR_BG if any(f.is_error for f in marks) else _HINT_BG
            if cell.role in ("label", "header"):
                return _LABEL_BG
            if cell.light is not None:
                return _LIGHT_BG[cell.light]
            if cell.role == "indicator" and spec is not None and spec.kind.editor is None and not spec.kind.short:
                return _REFERENCE_BG
            if cell.role == "indicator" and self.project.secret and not (spec and spec.kind.short):
                return _SECRET_BG
            return None
        if role == Qt.ItemDataRole.FontRole and cell.role in ("label", "header"):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if cell.role in ("label", "header"):
                return Qt.AlignmentFlag.AlignCenter
            return _ALIGN.get(spec.kind.align if spec else None, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and spec is not None and spec.kind.name == "indicator_value":
            return _QUALITATIVE_FG if parse_value(self.whole_text(cell)).kind == "qualitative" else None
        if role == Qt.ItemDataRole.ForegroundRole and self._computed(cell, spec):
            return _COMPUTED_FG  # a figure perfdesk computed, not one the clerk typed
        if role == Qt.ItemDataRole.FontRole and self._computed(cell, spec):
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            marks = self._marks_of(cell)
            if marks:
                return "\n".join(f"【{f.severity}】{f.message}" for f in marks)
            if spec is not None and spec.kind.name == "indicator_value":
                return describe_value(self.whole_text(cell))
            if cell.light is not None:
                return self.tr("%1灯：%2").replace("%1", cell.light).replace("%2", LIGHT_MEANINGS[cell.light])
            if spec is not None and spec.hint:
                return self.tr(spec.hint)
        return None

    def _computed(self, cell: PlacedCell, spec) -> bool:
        """A cell showing a computed figure: a computed field, or a 分值 / 得分 the clerk has not given."""
        if spec is None or spec.derive is None or not cell.text:
            return False
        if cell.role != "indicator":
            return True
        return cell.indicator is not None and \
            indicator_field_value(self.project.indicators[cell.indicator], cell.field) is None

    def whole_text(self, cell: PlacedCell) -> str:
        """The text of the field a cell shows (the whole 指标值 behind a 符号 / 值 / 计量单位 cell)."""
        if cell.part is None or cell.indicator is None:
            return cell.text
        return indicator_field_value(self.project.indicators[cell.indicator], cell.field)

    def flags(self, index):
        cell = self.cell(index)
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if cell is None:
            return Qt.ItemFlag.NoItemFlags
        if cell.role == "indicator":
            base |= Qt.ItemFlag.ItemIsDragEnabled | Qt.ItemFlag.ItemIsDropEnabled
        if self._editable(cell) and not self.session.readonly:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    # -- drag to reorder indicators ------------------------------------------------------------
    MIME = "application/x-perfdesk-indicator-rows"

    def supportedDropActions(self):
        return Qt.DropAction.MoveAction

    def supportedDragActions(self):
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [self.MIME]

    def mimeData(self, indexes):
        positions = sorted({p for p in (self.indicator_position(i.row()) for i in indexes) if p is not None})
        data = QMimeData()
        data.setData(self.MIME, QByteArray(",".join(map(str, positions)).encode()))
        return data

    def canDropMimeData(self, data, action, row, column, parent) -> bool:
        return data.hasFormat(self.MIME) and self.project is not None

    def dropMimeData(self, data, action, row, column, parent) -> bool:
        """Move the dragged indicator rows to where they were dropped (one undo step)."""
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        text = bytes(data.data(self.MIME)).decode()
        positions = [int(p) for p in text.split(",") if p]
        if not positions:
            return False
        target_row = parent.row() if row < 0 else row
        count = len(self.project.indicators)
        target = self.indicator_position(target_row, parent.column() if parent.isValid() else None)
        if target is None:
            target = 0 if target_row < self.layout.first_indicator_row else count
        ids = [i.id for i in self.project.indicators]
        moving = [ids[p] for p in positions]
        before_target = sum(1 for p in positions if p < target)
        rest = [i for i in ids if i not in moving]
        insert_at = max(0, min(len(rest), target - before_target))
        after = rest[:insert_at] + moving + rest[insert_at:]
        self.session.push(commands.ReorderIndicators(self.session, self.project.id, ids, after, self.tr("拖动指标")))
        return True

    def _level(self, cell: PlacedCell) -> str | None:
        """'level1' / 'level2' for a cell of the indicator taxonomy's levels (its kind says so), else None."""
        if cell.role not in ("indicator", "header") or cell.field is None:
            return None
        kind = self.layout.indicator_field(cell.field).kind.name
        return kind if kind in ("level1", "level2") else None

    def _editable(self, cell: PlacedCell) -> bool:
        if cell.role not in ("field", "caption", "indicator") or cell.field is None:
            return False
        if cell.role == "indicator" and cell.indicator is None and self._level(cell) == "level2":
            return False  # the shorter half of a group: its 二级 is the group's
        return self.layout.spec_of(cell).editable

    @staticmethod
    def _is_head(cell: PlacedCell) -> bool:
        return cell.role in ("field", "caption") and cell.field is not None

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:
        cell = self.cell(index)
        if role != Qt.ItemDataRole.EditRole or cell is None or not self._editable(cell) or self.project is None:
            return False
        text = "" if value is None else cell_text(str(value))  # what the printed form cannot show stays out
        if self._is_head(cell):
            return self._enter_head(cell.field, text)
        if cell.indicator is None:
            return self._fill_gap(cell, text)
        if self._level(cell) == "level2" and len(cell.members) > 1:
            if text.strip() == cell.text:
                return True  # the list closed on the group's own 二级: nothing to ask
            positions = self.ask_scope(cell, text)
            if not positions:
                return False
            return self._edit_indicators({p: {"level2": text} for p in positions}, f"修改{self._indicator_label('level2')}")
        if cell.part is not None:  # one column of a value the form prints in three (符号 | 值 | 计量单位)
            text = self.value_with_part(self.project.indicators[cell.indicator].value, {cell.part: text})
        return self._enter_indicator(cell.indicator, cell.field, text)

    @staticmethod
    def value_with_part(value: str, parts: dict[str, str]) -> str:
        """``value`` with some of its printed parts replaced."""
        return join_value({**split_value(value), **parts})

    def _pasteable(self, field: str) -> bool:
        """An indicator column a paste fills (一级 follows from 二级; computed columns take nothing)."""
        return field in INDICATOR_FIELDS or self.layout.indicator_field(field).editable

    def _indicator_label(self, field: str) -> str:
        return self.layout.indicator_field(field).label

    def _fill_gap(self, cell: PlacedCell, text: str) -> bool:
        """Typing into the shorter half of a group adds an indicator to that half, in that group, after the
        group's last indicator of the half (or after the group's indicators of the other half)."""
        if not text.strip():
            return True
        indicators = self.project.indicators
        in_group = [i for i, ind in enumerate(indicators) if (ind.level1, ind.level2) == cell.group]
        same_half = [i for i in in_group if indicators[i].phase == cell.phase]
        index = (same_half or in_group or [len(indicators) - 1])[-1] + 1
        spec = self.layout.indicator_field(cell.field)
        new = Indicator(cell.group[0], cell.group[1], phase=cell.phase)
        setattr(new, cell.field, spec.kind.shape(self.value_with_part("", {cell.part: text}) if cell.part else text))
        self.session.push(commands.InsertIndicators(self.session, self.project.id, index, [new],
                                                    self.tr("添加指标")))
        return True

    # -- typing: what was typed, then the form's official shape as a separate undo step -----------
    # Like Excel's AutoCorrect: the cell shows the bureau's shape at once (50 → 50.00, >= → ≥), and one
    # Ctrl+Z gives back exactly what was typed. Nothing happens when the shaped value is already there.
    CORRECTED = "自动更正为官方格式"

    def _enter_head(self, field: str, text: str) -> bool:
        try:
            typed = self._parse_head(field, text)
        except (AmountError, FieldValueError) as exc:
            self.errorRaised.emit(str(exc))
            return False
        official = self._shaped(field, typed)
        current = project_field(self.session.project(self.project.id), field)
        if same_value(official, current):
            return True
        label = f"修改{self.layout.field_label(field)}"
        self.session.push(commands.EditProject(self.session, self.project.id, {field: typed}, label))
        if not same_value(official, typed):
            self.session.push(commands.EditProject(self.session, self.project.id, {field: official}, self.CORRECTED))
        return True

    def _enter_indicator(self, position: int, field: str, text: str) -> bool:
        spec = self.layout.indicator_field(field)
        try:
            typed = self._parse_indicator(field, text)
        except (AmountError, FieldValueError) as exc:
            self.errorRaised.emit(str(exc))
            return False
        official = spec.kind.shape(typed)
        indicator = self.project.indicators[position]
        current = next((i for i in self.session.project(self.project.id).indicators if i.id == indicator.id), None)
        if current is not None and same_value(indicator_field_value(current, field), official):
            return True
        if not self._edit_indicators({position: {field: typed}}, f"修改{self._indicator_label(field)}"):
            return False
        if not same_value(official, typed):
            self.session.push(commands.EditIndicators(self.session, self.project.id,
                                                      {indicator.id: {field: official}}, self.CORRECTED))
        return True

    # -- edits --------------------------------------------------------------------------------
    def _parse_indicator(self, field: str, text: str):
        """An indicator cell's value: a number kind (分值, 得分) parsed, a choice (偏差原因) checked against its list,
        text kept as typed. Raises AmountError / FieldValueError."""
        spec = self.layout.indicator_field(field)
        return spec.parse(text) if spec.kind.number or spec.choices else text

    def _parse_head(self, field: str, text: str):
        """The value a head cell's text stands for. Raises AmountError / FieldValueError (Chinese)."""
        return self.layout.field(field).parse(text)

    def validate(self, index: QModelIndex, text: str) -> str | None:
        """Why the text typed into a cell cannot be taken (Chinese), or None."""
        cell = self.cell(index)
        if cell is None or not self._editable(cell):
            return None
        try:
            if self._is_head(cell):
                self._parse_head(cell.field, text)
            elif cell.role == "indicator" and cell.part is None:
                self._parse_indicator(cell.field, text)
            if self._level(cell) == "level2":
                self._levels(text)
        except (AmountError, ValueError) as exc:
            return str(exc)
        return None

    def _shaped(self, field: str, value):
        """A head value in the bureau's printed shape (the field's kind says what that is)."""
        return self.layout.field(field).kind.shape(value)

    def _head_command(self, values: dict[str, str], text: str) -> commands.EditProject:
        """Head fields set from cell texts, in the form's official shape (a paste or a clear). Raises
        AmountError / FieldValueError (Chinese)."""
        parsed = {field: self._parse_head(field, value) for field, value in values.items()}
        shaped = {field: self._shaped(field, value) for field, value in parsed.items()}
        return commands.EditProject(self.session, self.project.id, shaped, text)

    def _edit_head(self, values: dict[str, str], text: str) -> bool:
        try:
            command = self._head_command(values, text)
        except (AmountError, FieldValueError) as exc:
            self.errorRaised.emit(str(exc))
            return False
        self.session.push(command)
        return True

    def _indicator_changes(self, edits: dict[int, dict[str, str]]) -> dict[int, dict[str, str]]:
        """{indicator id: new field texts} for {position: field texts}; a 二级 brings its 一级 with it.
        Raises ValueError (Chinese)."""
        changes = {}
        for position, fields in sorted(edits.items()):
            after_fields = dict(fields)
            if "level2" in fields:  # a 二级 chosen anew: placed by the taxonomy, no longer as a source wrote it
                after_fields.update(self._levels(fields["level2"]), levels_as_written="")
            changes[self.project.indicators[position].id] = after_fields
        return changes

    def _levels(self, level2: str) -> dict[str, str]:
        if not level2.strip():
            return {"level1": "", "level2": ""}
        found = self.session.taxonomy.level1_of(level2)
        if found is None:
            raise ValueError(f"「{level2.strip()}」不是可选的二级指标（可选：{'、'.join(self.session.taxonomy.all_level2_names())}）")
        return {"level1": found[0], "level2": found[1]}

    def take_suggestion(self, index: QModelIndex, entry) -> bool:
        """A 指标库 entry taken in a 三级 cell: its name, and the row's empty cells filled; a value taken in a 指标值
        cell — one undo step."""
        from ..library.suggest import filled_from

        cell = self.cell(index)
        if cell is None or cell.indicator is None or self.project is None:
            return False
        if isinstance(entry, str):
            return self._enter_indicator(cell.indicator, cell.field, entry)
        fields = filled_from(entry, self.project.indicators[cell.indicator])
        if "level2" in fields and self.session.taxonomy.level1_of(fields["level2"]) is None:
            del fields["level2"]  # an entry of another taxonomy's 二级: the row keeps its place
        return self._edit_indicators({cell.indicator: fields}, self.tr("采用指标库「%1」").replace("%1", entry.name))

    def _edit_indicators(self, edits: dict[int, dict[str, str]], text: str) -> bool:
        try:
            changes = self._indicator_changes(edits)
        except ValueError as exc:
            self.errorRaised.emit(str(exc))
            return False
        self.session.push(commands.EditIndicators(self.session, self.project.id, changes, text))
        return True

    def clear_cells(self, indexes) -> None:
        """Delete over a selection: one undo step and one transaction, head and indicator cells alike."""
        head: dict[str, str] = {}
        indicators: dict[int, dict[str, str]] = {}
        for index in indexes:
            cell = self.cell(index)
            if cell is None or not self._editable(cell) or (cell.role == "indicator" and cell.indicator is None):
                continue
            if self._is_head(cell):
                head[cell.field] = ""
            else:
                indicators.setdefault(cell.indicator, {})[cell.field] = self._parse_indicator(cell.field, "")
        if not head and not indicators:
            return
        text = self.tr("清除内容")
        parts = []
        if head:
            parts.append(self._head_command(head, text))  # blank always parses
        if indicators:
            parts.append(commands.EditIndicators(self.session, self.project.id, self._indicator_changes(indicators), text))
        self.session.push(commands.Compound(self.session, parts, text))

    # -- clipboard ----------------------------------------------------------------------------
    def _is_header(self, values: list[str], column: int) -> bool:
        """Whether a pasted row is the indicator header itself (a block copied together with its header)."""
        cells = self._logical_row(self.layout.header_row)
        begin = next((i for i, c in enumerate(cells) if c.col <= column < c.col + c.colspan), 0)
        labels = [c.text for c in cells[begin:begin + len(values)]]
        return len(labels) == len(values) and all(v.strip() in ("", t) for v, t in zip(values, labels))

    def _logical_row(self, row: int) -> list[PlacedCell]:
        return self.table.row_cells(row)


    def copy_block(self, indexes) -> list[list[str]]:
        """The selected cells row by row, one TSV cell per table cell (spans are one cell)."""
        rows: dict[int, list[PlacedCell]] = {}
        wanted = {(i.row(), i.column()) for i in indexes}
        for row in sorted({r for r, _ in wanted}):
            cells = [c for c in self._logical_row(row)
                     if any((row, col) in wanted for col in range(c.col, c.col + c.colspan))]
            if cells:
                rows[row] = cells
        return [[c.text for c in cells] for cells in rows.values()]

    def paste_block(self, start: QModelIndex, rows: list[list[str]]) -> str | None:
        """Paste a block from Excel/WPS at ``start``: indicator rows are added as needed, and the whole paste
        is one undo step. It lands whole or not at all: a value that would fall on a label, off the table's
        edge or on a cell that cannot be edited refuses the paste. (A value equal to the label it falls on
        is no loss: that is a block copied with its labels.) Returns an error, or None."""
        if self.project is None or not rows:
            return None
        first = self.layout.first_indicator_row
        start_row, start_col = start.row(), start.column()
        if start_row == self.layout.header_row and not self._is_header(rows[0], start_col):
            # On a project without indicators the header is the only row to click: the block goes below it.
            start_row = first
        columns = [c for c in self.layout.indicator_columns if c.phase in (None, self.table.phase_at(start_col))]
        head: dict[str, str] = {}
        edits: dict[int, dict[str, str]] = {}
        new_rows: list[Indicator] = []
        previous_level2 = ""
        rows = [[cell_text(value) for value in values] for values in rows]
        for k, values in enumerate(rows):
            row = start_row + k
            if row < first or row in self.table.inner_label_rows:  # (a stacked form's next caption and header)
                cells = self._logical_row(row)
            else:
                # the row's indicator in the half the paste starts in (None: a new one, below the table)
                position = self.table.indicator_at(row, start_col) if row < self.table.rows else None
                # a row of the shorter half of a group: a new indicator there belongs to that group
                gap = next((c.group for c in self.table.indicator_cells_on(row)
                            if c.col <= start_col < c.col + c.colspan), None) if position is None else None
                cells = [PlacedCell(row, c.col, 1, c.colspan, "", "indicator", c.field, position, part=c.part,
                                    group=gap) for c in columns]
            begin = next((i for i, c in enumerate(cells) if c.col <= start_col < c.col + c.colspan), 0)
            targets = {}
            parts: dict[str, dict[str, str]] = {}  # field → the parts pasted into its columns
            for offset, value in enumerate(values):
                cell = cells[begin + offset] if begin + offset < len(cells) else None
                if cell is not None and self._is_head(cell) and self._editable(cell):
                    head[cell.field] = value
                elif cell is not None and cell.role == "indicator" and self._pasteable(cell.field):
                    if cell.part is not None:
                        parts.setdefault(cell.field, {})[cell.part] = value
                    elif cell.field != "level1":  # 一级 follows from 二级
                        targets[cell.field] = value
                elif value.strip() and (cell is None or value.strip() != cell.text.strip()):
                    where = self.tr("表格右边以外") if cell is None else f"「{cell.text or self.tr('不可编辑的单元格')}」"
                    return self.tr("粘贴未执行：粘贴内容第%1行第%2列「%3」会落在%4，没有放入任何内容。"
                                   "请先选中粘贴区域左上角应在的单元格，再粘贴。") \
                        .replace("%1", str(k + 1)).replace("%2", str(offset + 1)) \
                        .replace("%3", value.strip()[:20]).replace("%4", where)
            if row >= first and parts:
                position = cells[0].indicator if cells else None
                for field, pasted in parts.items():
                    current = indicator_field_value(self.project.indicators[position], field) if position is not None else ""
                    targets[field] = self.value_with_part(current, pasted)
            if row >= first and targets:
                # A block copied from a sheet with merged 二级 cells has it only on the first row of each run.
                if "level2" in targets:
                    if not targets["level2"].strip():
                        targets["level2"] = previous_level2
                    previous_level2 = targets["level2"]
                position = cells[0].indicator if cells else None
                if position is not None:
                    edits[position] = targets
                else:
                    if not targets.get("level2") and cells and cells[0].group:
                        targets["level2"] = cells[0].group[1]
                    new_rows.append(({f: targets.get(f, "") for f in INDICATOR_FIELDS if f != "level1"}
                                     | {f: v for f, v in targets.items() if f not in INDICATOR_FIELDS},
                                     self.table.phase_at(start_col, row)))
        text = self.tr("粘贴")
        try:
            parts = []
            if head:
                parts.append(self._head_command(head, text))
            for fields in edits.values():
                for key in fields:
                    fields[key] = self.layout.indicator_field(key).kind.shape(self._parse_indicator(key, fields[key]))
            if edits:
                parts.append(commands.EditIndicators(self.session, self.project.id, self._indicator_changes(edits), text))
            new_indicators = []
            for fields, phase in new_rows:
                indicator = Indicator(phase=phase)
                for k, v in fields.items():
                    set_indicator_field_value(indicator, k, self.layout.indicator_field(k).kind.shape(self._parse_indicator(k, v)))
                indicator.level1, indicator.level2 = self._levels(indicator.level2).values()
                new_indicators.append(indicator)
        except (AmountError, ValueError) as exc:
            return f"粘贴未执行：{exc}"
        if new_indicators:
            parts.append(commands.InsertIndicators(self.session, self.project.id, len(self.project.indicators),
                                                   new_indicators, text))
        self.session.push(commands.Compound(self.session, parts, text))
        return None
