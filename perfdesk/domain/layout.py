"""An official table described once, as data, and placed for one project.

The screen, the workbook, the PDF and the published text all render from :func:`place`, so they cannot
drift apart. A form is a ``FormLayout`` (see ``domain/forms``): head cells (labels and bound fields, with
their spans), the indicator block's columns, its title, labels and signature lines. What a bound field
*is* — how it parses, prints, aligns and edits — is its ``FieldSpec`` (``domain/fields``).

The indicator block shows one or more sets of the project's indicators (``phases``). With one set, each
indicator is a row and 一级/二级 merge over runs of equal values. With two (the national 申报表's 中期 and
年度 halves), rows are grouped by (一级, 二级); a group is as tall as its longer half, the shorter half
shows empty cells there (``indicator`` None: typing into one adds an indicator to that half and group).
"""

from __future__ import annotations

import dataclasses
import functools
import re
from dataclasses import dataclass, field

from .fields import FieldSpec, goals_text, head_field, indicator_field, parse_goals  # noqa: F401 - goals re-exported
from .figures import Figures
from .model import MID, REDACTED_CELL, YEAR, Department, Indicator, Project, indicator_field_value
from .rulesets import RuleSet, rule_set
from .text import label_key
from .values import split_value


#: A period written after a label, as label_key folds it: (2025年), (2025年度), (2024—2026年), (2024-2026).
_PERIOD = re.compile(r"\(\d{4}(?:年度?)?(?:[-—–~～至到]\d{4}(?:年度?)?)?\)$")

#: The moments of the year a form reports (FORMS.md §1): the targets, the mid-year 监控, the year-end 自评.
TARGETS, MONITORING, SELF_EVALUATION = "targets", "monitoring", "self_evaluation"
#: What a round's form description writes where the month M of 1–M月 goes (FormLayout.for_month).
MONTH = "{month}"
MOMENTS = {TARGETS: "绩效目标表", MONITORING: "执行监控表", SELF_EVALUATION: "绩效自评表"}


@dataclass(frozen=True)
class CellSpec:
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    label: str | None = None  # a fixed label…
    field: str | None = None  # …or a bound field (a key domain.fields.head_field knows)
    role: str = "label"  # caption (above the table, no border) | label | field | header
    printed: str | None = None  # a label as printed in a narrow cell, broken where a reader expects it
    prefix: str = ""  # printed before a field's value in the same cell (项目编码：…)

    def __post_init__(self) -> None:
        if (self.label is None) == (self.field is None):
            raise ValueError("a cell is either a label or a field")


@dataclass(frozen=True)
class IndicatorColumn:
    field: str  # an Indicator attribute or a round's value (a key domain.fields.indicator_field knows)
    header: str
    col: int
    colspan: int = 1
    merge: bool = False  # merged over runs of equal values (一级), or over its group (二级)
    phase: str | None = YEAR  # which set of indicators the column shows; None: shared by all (一级)
    part: str | None = None  # a part of the field's value in a column of its own (values.VALUE_PARTS)


@dataclass(frozen=True)
class FormLayout:
    key: str
    name: str  # what the clerk chooses it by: 河北公开文本, 全国申报表（中期+年度）…
    title: str  # the title printed above each table: "{index}.{name}绩效目标表"
    col_widths: tuple[float, ...]  # relative widths; renderers scale them
    head: tuple[CellSpec, ...]  # the fixed rows above the indicator block
    indicator_columns: tuple[IndicatorColumn, ...]
    phases: tuple[str, ...] = (YEAR,)  # the sets of indicators it shows (MID, YEAR)
    block_label: str | None = None  # a label down the first column beside the whole indicator block
    markers: tuple[str, ...] = ()  # labels a reader recognises the table by (found in this order)
    signature: tuple[tuple[str, str, str], ...] = ()  # lines under the printed table: (left, middle, right)
    signature_cols: tuple[int, int, int] = (0, 3, 6)  # the grid columns where the three parts begin
    landscape: bool = False
    labels: dict[str, str] = field(default_factory=dict)  # a field's name on this form, when it differs
    synonyms: dict[str, tuple[str, ...]] = field(default_factory=dict)  # a label as some provinces print it
    preset_rule_set: str = "national"  # the rule set 新建 suggests with this form (its province's)
    tail: tuple[CellSpec, ...] = ()  # rows under the indicator block (总分); their rows count from its end
    moment: str = TARGETS  # which moment of the year the form reports (MOMENTS): a target form is edited as such
    # what a filled copy of a later moment's form brings back (perfdesk import --into): project and indicator fields
    reported: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())
    # a 监控表 covers months 1–M: its description writes {month} in labels and field keys (m{month}_done), and
    # for_month(M) makes the form of one round; ``month`` is that M (None: not a form of a round)
    month: int | None = None
    # indicator fields the editor shows right of the printed grid on this form (the official form has no column for
    # them): a later moment's 调整后指标值
    screen_fields: tuple[str, ...] = ()
    # a form whose sets of indicators are tables one under another rather than halves side by side (the Hebei
    # 项目申报表's 年度绩效目标表 under its 长期绩效目标表): the caption of each set after the first, printed above
    # its own header row; the first set's caption is a head label. The columns are shared (phase None).
    stacked: tuple[str, ...] = ()
    mid_name: str = "中期"  # what the form calls the 中期 set (the Hebei 申报表: 长期)

    @property
    def monthly(self) -> bool:
        """Whether this is the description of a round's form, still to be made for a month (for_month)."""
        return self.month is None and any(MONTH in text for text in self._texts())

    def _texts(self):
        for c in self.head + self.tail:
            yield c.label if c.label is not None else c.field
        for column in self.indicator_columns:
            yield column.header
            yield column.field

    def for_month(self, month: int) -> FormLayout:
        """The form of the round covering months 1–``month``: {month} filled in every label and field key, and
        its key ``<key>@<month>`` (what a session or a document names it by)."""
        if not 1 <= month <= 12:
            raise ValueError(f"监控月份应为 1–12，不是 {month}。")

        def fill(text):
            return text.replace(MONTH, str(month)) if text else text

        def cells(specs):
            return tuple(dataclasses.replace(c, label=fill(c.label), field=fill(c.field), printed=fill(c.printed))
                         for c in specs)

        return dataclasses.replace(
            self, key=f"{self.key}@{month}", month=month, head=cells(self.head), tail=cells(self.tail),
            indicator_columns=tuple(dataclasses.replace(c, header=fill(c.header), field=fill(c.field))
                                    for c in self.indicator_columns),
            markers=tuple(fill(m) for m in self.markers), labels={fill(k): fill(v) for k, v in self.labels.items()},
            synonyms={fill(k): tuple(fill(v) for v in vs) for k, vs in self.synonyms.items()},
            reported=tuple(tuple(fill(k) for k in keys) for keys in self.reported))

    def month_label(self) -> tuple[int, int, str]:
        """(grid row, column, text) of the first label that carries {month}: where a reader finds the month."""
        for c in self.head:
            if c.label and MONTH in c.label:
                return c.row, c.col, c.label
        column = next(c for c in self.indicator_columns if MONTH in c.header)
        return self.header_row, column.col, column.header

    def month_in(self, found: str) -> int | None:
        """The month M a sheet's text at month_label states (1-7月执行数, 1—7月执行数: 7); None when it is not that
        label."""
        before, after = (re.escape(label_key(part)) for part in self.month_label()[2].split(MONTH, 1))
        pattern = before.replace(re.escape("-"), "[-—–~～至到]") + r"(\d{1,2})" + after
        match = re.fullmatch(pattern, label_key(found))
        return int(match.group(1)) if match and 1 <= int(match.group(1)) <= 12 else None

    def accepts(self, label: str, found: str) -> bool:
        """Whether ``found`` (a sheet's text) is this form's ``label``, as written or as a province writes it —
        also with the period it covers after it (长期绩效目标表（2024—2026年）): a year says nothing a reader
        must heed, where another bracketed word might (预算数（元）)."""
        key = label_key(found)
        if key == label_key(label) or key in (label_key(s) for s in self.synonyms.get(label, ())):
            return True
        period = _PERIOD.search(key)
        return period is not None and period.start() > 0 and self.accepts(label, key[:period.start()])

    @property
    def ncols(self) -> int:
        return len(self.col_widths)

    @property
    def head_rows(self) -> int:
        return max(c.row + c.rowspan for c in self.head)

    @property
    def header_row(self) -> int:
        """The grid row of the indicator header (repeated on every printed page)."""
        return self.head_rows

    @property
    def first_indicator_row(self) -> int:
        return self.head_rows + 1

    def field_cells(self) -> list[CellSpec]:
        return [c for c in self.head + self.tail if c.field is not None]

    @functools.cached_property
    def field_keys(self) -> frozenset[str]:
        """The head (and tail) fields the form has a place for."""
        return frozenset(c.field for c in self.field_cells())

    def field(self, key: str) -> FieldSpec:
        """A head field's spec, named as this form names it (made once per form and key: the editor asks per cell)."""
        spec = self._specs.get(key)
        if spec is None:
            spec = head_field(key)
            spec = self._specs[key] = dataclasses.replace(spec, label=self.labels[key]) if key in self.labels else spec
        return spec

    @functools.cached_property
    def _specs(self) -> dict[str, FieldSpec]:
        return {}

    def indicator_field(self, key: str) -> FieldSpec:
        return indicator_field(key)

    def spec_of(self, cell: PlacedCell) -> FieldSpec | None:
        """The spec behind a placed cell (None for labels)."""
        if cell.field is None or cell.role in ("label", "header"):
            return None
        return self.indicator_field(cell.field) if cell.role == "indicator" else self.field(cell.field)

    def field_label(self, key: str) -> str:
        """What the form calls a head field (for messages and undo texts)."""
        try:
            return self.field(key).label
        except KeyError:
            return key

    def indicator_header(self, key: str) -> str:
        return next((c.header for c in self.indicator_columns if c.field == key), indicator_field(key).label)

    def columns_of(self, phase: str | None) -> tuple[IndicatorColumn, ...]:
        return tuple(c for c in self.indicator_columns if c.phase == phase)

    def shows(self, indicator: Indicator) -> bool:
        return indicator.phase in self.phases

    def title_for(self, index: int, project: Project) -> str:
        # a title is one line: a name typed over several lines (Alt+Enter) is joined
        return self.title.format(index=index, name=project.name.replace("\n", ""))

    def heading_for(self, index: int, project: Project) -> str:
        """The page heading on screen: the printed title, naming the project when the title itself does not
        (the national 申报表's title is the form's name)."""
        title = self.title_for(index, project)
        return title if "{name}" in self.title else f"{index}.{project.name.replace(chr(10), '')}　{title}"

    def signature_lines(self, department: Department) -> list[tuple[str, str, str]]:
        return [tuple(t.format(preparer=department.preparer, phone=department.phone) for t in line)
                for line in self.signature]


@dataclass(frozen=True)
class PlacedCell:
    row: int
    col: int
    rowspan: int
    colspan: int
    text: str
    role: str  # caption | label | field | header | indicator | covered
    field: str | None = None  # a head field key or an Indicator attribute
    indicator: int | None = None  # index into project.indicators (None: an empty place in a group's half)
    printed: str | None = None  # the label's print form with its line breaks (see CellSpec.printed)
    phase: str | None = None  # an indicator cell's set (MID / YEAR); None for the shared 一级
    group: tuple[str, str] | None = None  # an indicator cell's (一级, 二级)
    members: tuple[int, ...] = ()  # a merged indicator cell: the indicators it stands for
    prefix: str = ""  # printed before the value (CellSpec.prefix); ``text`` includes it
    part: str | None = None  # the part of the field's value this cell shows (IndicatorColumn.part)
    value: object = None  # a number's value (amount, percent) behind ``text``: a workbook stores it as a number
    light: str | None = None  # the 监控 light its value earns (domain/monitoring): every renderer colours the cell

    @property
    def print_text(self) -> str:
        return self.printed or self.text

    @property
    def value_text(self) -> str:
        """The text without its printed prefix: what the field holds."""
        return self.text[len(self.prefix):] if self.prefix and self.text.startswith(self.prefix) else self.text


@dataclass(frozen=True)
class PlacedTable:
    layout: FormLayout
    rows: int
    cells: tuple[PlacedCell, ...]
    extra_columns: int = 0  # screen-only columns right of the printed grid (上年值)

    @property
    def ncols(self) -> int:
        return self.layout.ncols + self.extra_columns

    @property
    def col_widths(self) -> tuple[float, ...]:
        return self.layout.col_widths + (SCREEN_COLUMN_WIDTH,) * self.extra_columns

    def row_cells(self, row: int) -> list[PlacedCell]:
        """Cells as a Word table dump lists them on ``row``: anchored cells, and a blank for each cell
        merged down from an earlier row (a horizontal merge is a single cell)."""
        out = []
        for cell in self.cells:
            if cell.row == row:
                out.append(cell)
            elif cell.row < row < cell.row + cell.rowspan:
                out.append(PlacedCell(row, cell.col, 1, cell.colspan, "", "covered", cell.field, cell.indicator))
        return sorted(out, key=lambda c: c.col)

    @functools.cached_property
    def _indicator_cells(self) -> tuple[dict[tuple[int, str], PlacedCell], dict[int, list[PlacedCell]]]:
        """The indicator cells by (position, field) — a merged cell under each indicator it stands for, a
        cell of its own first — and by row: built once per placed table, asked per selection and pasted row."""
        by_position: dict[tuple[int, str], PlacedCell] = {}
        by_row: dict[int, list[PlacedCell]] = {}
        for cell in self.cells:
            if cell.role != "indicator":
                continue
            by_row.setdefault(cell.row, []).append(cell)
            for position in cell.members or ((cell.indicator,) if cell.indicator is not None else ()):
                key = (position, cell.field)
                if key not in by_position or (not cell.members and by_position[key].members):
                    by_position[key] = cell
        return by_position, by_row

    @functools.cached_property
    def _headers(self) -> tuple[tuple[int, str], ...]:
        """(row, set) of each indicator header, lowest first: a stacked form's tables."""
        return tuple(sorted({(c.row, c.phase) for c in self.cells if c.role == "header" and c.phase}, reverse=True))

    @functools.cached_property
    def inner_label_rows(self) -> frozenset[int]:
        """Rows of labels inside the indicator block — a stacked form's next table's caption and header (the rows
        under the block, a tail, are not inside it)."""
        first = self.layout.first_indicator_row
        end = self.rows - max((c.row + c.rowspan for c in self.layout.tail), default=0)
        return frozenset(c.row for c in self.cells if first <= c.row < end and c.role in ("label", "header"))

    def indicator_cell(self, position: int, field: str = "name") -> PlacedCell | None:
        """Where an indicator's ``field`` is placed (its first column when the form splits it; None if this form
        does not show it)."""
        return self._indicator_cells[0].get((position, field))

    def indicator_cells_on(self, row: int) -> list[PlacedCell]:
        return self._indicator_cells[1].get(row, [])

    def indicator_at(self, row: int, col: int | None = None) -> int | None:
        """The indicator shown at a grid row (in column ``col``'s half, else the first on the row)."""
        cells = [c for c in self.indicator_cells_on(row) if c.indicator is not None and not c.members]
        for cell in cells:
            if col is None or cell.col <= col < cell.col + cell.colspan:
                return cell.indicator
        if col is not None:
            phase = self.phase_at(col, row)
            return next((c.indicator for c in cells if c.phase == phase), None)
        return None

    def phase_at(self, col: int, row: int | None = None) -> str:
        """The set of indicators a grid column belongs to (the last set for shared columns); on a stacked form,
        the set whose table ``row`` is in."""
        if self.layout.stacked and row is not None:
            return next((phase for top, phase in self._headers if top <= row), self.layout.phases[0])
        for column in self.layout.indicator_columns:
            if column.col <= col < column.col + column.colspan and column.phase is not None:
                return column.phase
        return self.layout.phases[-1]


def indicator_cell_text(project: Project, indicator: Indicator, field: str, *, public: bool,
                        figures: Figures | None = None, position: int | None = None) -> str:
    """An indicator cell as printed: a classified project shows 涉密 in the public version, and in
    any version where nothing was entered (a table imported from a published document). A computed figure
    (分值, 得分) shows what ``figures`` computes for the indicator at ``position``."""
    spec = indicator_field(field)
    if project.secret and not spec.kind.short and (public or not indicator.has_content()):
        return REDACTED_CELL
    if field in ("level1", "level2"):  # as the source wrote them (Indicator.levels_as_written)
        return indicator.written_level(layout_level(field))
    return spec.kind.text(indicator_value(indicator, field, figures, position))


def indicator_value(indicator: Indicator, field: str, figures: Figures | None = None, position: int | None = None):
    """An indicator field's value as a form shows it: a derived one (分值, 得分) as ``figures`` compute it for
    the indicator at ``position``, the others as stored."""
    spec = indicator_field(field)
    if spec.derive is not None and figures is not None and position is not None:
        return spec.derive(figures, position)
    return indicator_field_value(indicator, field)


def merge_runs(values: list) -> list[tuple[int, int]]:
    """(start, length) of each run of equal consecutive keys."""
    runs: list[tuple[int, int]] = []
    for i, key in enumerate(values):
        if runs and values[runs[-1][0]] == key:
            runs[-1] = (runs[-1][0], runs[-1][1] + 1)
        else:
            runs.append((i, 1))
    return runs


@dataclass
class _Group:
    key: tuple[str, str]  # (一级, 二级)
    members: dict[str, list[int]]  # phase → indicator positions, in document order

    @property
    def height(self) -> int:
        return max(len(m) for m in self.members.values())


def _groups(phases: tuple[str, ...], indicators: list[Indicator]) -> list[_Group]:
    """The groups of a block showing ``phases``. One set: runs of equal (一级, 二级), as printed. Two sets side by
    side: each (一级, 二级) once, in the order first met, both halves listed side by side."""
    shown = [(i, ind) for i, ind in enumerate(indicators) if ind.phase in phases]
    groups: list[_Group] = []
    by_key: dict[tuple[str, str], _Group] = {}
    for position, ind in shown:
        key = (ind.level1, ind.level2)
        if len(phases) == 1:
            if not groups or groups[-1].key != key:
                groups.append(_Group(key, {p: [] for p in phases}))
            group = groups[-1]
        else:
            group = by_key.get(key)
            if group is None:
                group = by_key[key] = _Group(key, {p: [] for p in phases})
                groups.append(group)
        group.members[ind.phase].append(position)
    if len(phases) > 1:
        # a 二级 met only in the second half joins its 一级's other groups (效益 stays one merged run)
        first_of = {}
        for g in groups:
            first_of.setdefault(g.key[0], len(first_of))
        groups.sort(key=lambda g: first_of[g.key[0]])  # stable: 二级 keep the order they were met in
    return groups


#: Screen-only indicator columns, right of the printed grid: shown by the editor when the project has them,
#: printed by no form that lacks such a column.
SCREEN_FIELDS = ("previous_value",)
SCREEN_COLUMN_WIDTH = 0.9


def place(department: Department, project: Project, *, layout: FormLayout,
          public: bool = False, merge: tuple[str, ...] | None = None,
          window: tuple[int, int] | None = None, screen: bool = False, rules: RuleSet | None = None) -> PlacedTable:
    """Place one project's table. ``merge`` limits which merge columns are merged (default: all); the
    template leaves them unmerged so that each row's 一级 and 二级 is a cell of its own to fill.
    ``window`` keeps only the indicator block's rows start…stop-1 (counted from its first row), under the
    head and the header: a printed page's part of a long table, where a merged 一级/二级 cut by the page
    break is repeated on the new page. ``rules``: the rule set computed figures (自评 分值, 得分, 总分) follow;
    by default the form's own province's."""
    figures = Figures(project, rules or rule_set(layout.preset_rule_set))
    table = _place(department, project, layout, public, merge, figures)
    if screen:
        table = _with_screen_columns(table, project)
    return table if window is None else clip(table, *window)


def _with_screen_columns(table: PlacedTable, project: Project) -> PlacedTable:
    """The editor's extra columns: the form's own (调整后指标值), and 上年值 of each set the form shows when any
    shown indicator has one."""
    layout = table.layout
    cells = list(table.cells)
    extra = 0
    for key in layout.screen_fields + SCREEN_FIELDS:
        for phase in layout.phases:
            if key not in layout.screen_fields and not any(getattr(i, key) for i in project.indicators if i.phase == phase):
                continue
            col = layout.ncols + extra
            label = indicator_field(key).label
            header = label if len(layout.phases) == 1 else f"{label}（{layout.mid_name if phase == MID else '年度'}）"
            cells.append(PlacedCell(layout.header_row, col, 1, 1, header, "header", key, phase=phase))
            for cell in table.cells:  # beside each indicator's 三级 cell of this set
                if cell.role == "indicator" and cell.field == "name" and cell.phase == phase and not cell.members:
                    text = indicator_field_value(project.indicators[cell.indicator], key) if cell.indicator is not None else ""
                    cells.append(PlacedCell(cell.row, col, 1, 1, text, "indicator", key, cell.indicator,
                                            phase=phase, group=cell.group))
            extra += 1
    return dataclasses.replace(table, cells=tuple(cells), extra_columns=extra)


def clip(table: PlacedTable, start: int, stop: int) -> PlacedTable:
    """``table`` with only its indicator block's rows start…stop-1 (place's ``window``)."""
    first = table.layout.first_indicator_row
    low, high = first + start, first + stop
    cells = []
    for cell in table.cells:
        end = cell.row + cell.rowspan
        if end <= first:  # the head and the header
            cells.append(cell)
        elif cell.row < first:  # the block label: the header row and the rows kept
            rowspan = 1 + max(0, min(end, high) - low)
            cells.append(cell if rowspan == cell.rowspan else dataclasses.replace(cell, rowspan=rowspan))
        elif max(cell.row, low) < min(end, high):
            top, bottom = max(cell.row, low), min(end, high)
            # a cell the window leaves as it is is the same cell (a table on one page is its whole window)
            same = top - start == cell.row and bottom - top == cell.rowspan
            cells.append(cell if same else dataclasses.replace(cell, row=top - start, rowspan=bottom - top))
    return PlacedTable(table.layout, first + max(0, stop - start), tuple(cells))


def _head_cells(department: Department, project: Project, layout: FormLayout, specs: tuple[CellSpec, ...],
                figures: Figures, offset: int = 0) -> list[PlacedCell]:
    cells = []
    for spec in specs:
        value = light = None
        if spec.label is not None:
            text = spec.label
        else:
            field = layout.field(spec.field)
            shown = field.value(department, project, figures)
            text = spec.prefix + field.kind.text(shown)
            if field.kind.number is not None:
                value = shown
            light = field.light(figures) if field.light is not None else None
        cells.append(PlacedCell(offset + spec.row, spec.col, spec.rowspan, spec.colspan, text, spec.role, spec.field,
                                printed=spec.printed, prefix=spec.prefix, value=value, light=light))
    return cells


def _place(department: Department, project: Project, layout: FormLayout, public: bool,
           merge: tuple[str, ...] | None, figures: Figures) -> PlacedTable:
    cells = _head_cells(department, project, layout, layout.head, figures)
    header = layout.header_row
    cells += _header_cells(layout, header, layout.phases[0] if layout.stacked else None)
    first = layout.first_indicator_row
    indicators = project.indicators
    blocks: list[tuple[tuple[str, ...], list[_Group], list[int]]] = []  # (sets shown, groups, each group's first row)
    row = first
    for k, phases in enumerate((p,) for p in layout.phases) if layout.stacked else [(0, layout.phases)]:
        if k:  # a stacked set's own caption and header, under the set before
            cells.append(PlacedCell(row, 0, 1, layout.ncols, layout.stacked[k - 1], "label"))
            cells += _header_cells(layout, row + 1, phases[0])
            row += 2
        groups = _groups(phases, indicators)
        starts = []
        for group in groups:
            starts.append(row)
            row += group.height
        blocks.append((phases, groups, starts))
    total = row - first
    if layout.block_label is not None:
        left = min(c.col for c in layout.indicator_columns)
        cells.append(PlacedCell(header, 0, total + 1, left, layout.block_label, "label"))

    def merged(column: IndicatorColumn) -> bool:
        return column.merge and (merge is None or column.field in merge)

    for column in layout.indicator_columns:
        for shown, groups, starts in blocks:
            phases = shown if column.phase is None else (column.phase,)
            if merged(column) and layout_level(column.field) == 0:
                # the shared 一级: merged over runs of groups with the same 一级
                for start, length in merge_runs([g.key[0] for g in groups]):
                    run = groups[start:start + length]
                    members = tuple(p for g in run for ph in phases for p in g.members[ph])
                    height = sum(g.height for g in run)
                    text = _as_written(indicators, members, 0, run[0].key[0])
                    cells.append(PlacedCell(starts[start], column.col, height, column.colspan, text, "indicator",
                                            column.field, members[0], members=members, group=run[0].key,
                                            phase=shown[0] if layout.stacked else None))
                continue
            cells += _column_cells(project, column, groups, starts, phases, merged(column), public, figures, layout)
    cells += _head_cells(department, project, layout, layout.tail, figures, offset=first + total)
    tail_rows = max((c.row + c.rowspan for c in layout.tail), default=0)
    return PlacedTable(layout, first + total + tail_rows, tuple(cells))


def _header_cells(layout: FormLayout, row: int, phase: str | None) -> list[PlacedCell]:
    """The indicator header on ``row``; a stacked set's header carries its set (``phase``)."""
    return [PlacedCell(row, column.col, 1, column.colspan, column.header, "header", column.field,
                       phase=column.phase or phase) for column in layout.indicator_columns]


def _column_cells(project: Project, column: IndicatorColumn, groups: list[_Group], starts: list[int],
                  phases: tuple[str, ...], merged: bool, public: bool, figures: Figures,
                  layout: FormLayout) -> list[PlacedCell]:
    """One indicator column's cells over a block's groups: a merged 二级 per group, else a cell per row (an empty
    place where the group's half is shorter)."""
    indicators = project.indicators
    cells = []
    for g, group in enumerate(groups):
        members = [p for ph in phases for p in group.members[ph]]
        if merged:
            level = layout_level(column.field)
            cells.append(PlacedCell(starts[g], column.col, group.height, column.colspan,
                                    _as_written(indicators, members, level, group.key[level]), "indicator", column.field,
                                    members[0] if members else None, phase=column.phase or (
                                        phases[0] if layout.stacked else None), group=group.key, members=tuple(members)))
            continue
        for k in range(group.height):
            position = members[k] if k < len(members) else None
            value = light = None
            if position is None:
                text = group.key[layout_level(column.field)] if column.field in ("level1", "level2") else ""
            else:
                text = indicator_cell_text(project, indicators[position], column.field, public=public,
                                           figures=figures, position=position)
                if column.part is not None and text != REDACTED_CELL:
                    text = split_value(text)[column.part]
                spec = indicator_field(column.field)
                if spec.kind.number is not None and text != REDACTED_CELL:
                    value = indicator_value(indicators[position], column.field, figures, position)
                if spec.light is not None and text != REDACTED_CELL:
                    light = spec.light(figures, position)
            cells.append(PlacedCell(starts[g] + k, column.col, 1, column.colspan, text, "indicator",
                                    column.field, position, phase=column.phase or indicators_phase(
                                        indicators, position, layout), group=group.key, part=column.part,
                                    value=value, light=light))
    return cells


def _as_written(indicators: list[Indicator], members, level: int, placed: str) -> str:
    """A merged 一级/二级 cell's text: as the source wrote it when every indicator under it was written so (an
    imported 实施效果指标), else the taxonomy's name."""
    spellings = {indicators[m].written_level(level) for m in members}
    return spellings.pop() if len(spellings) == 1 else placed


def layout_level(field: str) -> int:
    """0 for 一级, 1 for 二级: the part of a group's key a level column shows."""
    return 0 if field == "level1" else 1


def indicators_phase(indicators: list[Indicator], position: int | None, layout: FormLayout) -> str:
    return indicators[position].phase if position is not None else layout.phases[-1]


__all__ = ["CellSpec", "FormLayout", "IndicatorColumn", "PlacedCell", "PlacedTable", "place", "merge_runs",
           "indicator_cell_text", "goals_text", "parse_goals", "MID", "YEAR"]
