"""The official 绩效目标表 described once, as data, and placed for one project.

The screen, the workbook, the PDF and the published text all render from :func:`place`, so they cannot
drift apart. A second province's table is a second ``FormLayout``, not a second set of renderers.

Grid of the seed's table (9 columns)::

    r0  | 单位 (code+name) ............................. | 单位：万元 |
    r1  | 项目编码 | code ................ | 项目名称 | name ............ |
    r2  | 预算规模及 | 预算数 | budget | 其中：财政资金 | fiscal | 其他资金 | other |
    r3  | 资金用途   | fund_use ................................................ |
    r4  | 资金支出   | 3月底 | 6月底 | 10月底 | 12月底 |
    r5  | 计划（%）  | plan0 | plan1 | plan2  | plan3  |
    r6  | 绩效目标   | goals ................................................... |
    r7  | 一级指标 | 二级指标 | 三级指标 | 绩效指标描述 | 指标值 | 指标值确定依据 |
    r8… | one row per 三级 indicator, 一级 and 二级 merged over runs of equal values |
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from .amounts import format_amount, format_percent
from .model import PLAN_MILESTONES, REDACTED_CELL, Department, Indicator, Project


@dataclass(frozen=True)
class CellSpec:
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    label: str | None = None  # a fixed label…
    field: str | None = None  # …or a bound field
    role: str = "label"  # caption (above the table, no border) | label | field | header
    printed: str | None = None  # a label as printed in a narrow cell, broken where a reader expects it

    def __post_init__(self) -> None:
        if (self.label is None) == (self.field is None):
            raise ValueError("a cell is either a label or a field")


@dataclass(frozen=True)
class IndicatorColumn:
    field: str  # an Indicator attribute
    header: str
    col: int
    colspan: int = 1
    merge: bool = False  # merged over runs of equal values (一级, 二级)


@dataclass(frozen=True)
class FormLayout:
    key: str
    title: str  # "{index}.{name}绩效目标表"
    col_widths: tuple[float, ...]  # relative widths; renderers scale them
    head: tuple[CellSpec, ...]  # the fixed rows above the indicator block
    indicator_columns: tuple[IndicatorColumn, ...]

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
        return [c for c in self.head if c.field is not None]

    def field_label(self, field: str) -> str:
        """What the form calls a head field (its label cell's text, else the field's name)."""
        return FIELD_NAMES.get(field, field)

    def indicator_header(self, field: str) -> str:
        return next((c.header for c in self.indicator_columns if c.field == field), field)

    def title_for(self, index: int, project: Project) -> str:
        # a title is one line: a name typed over several lines (Alt+Enter) is joined
        return self.title.format(index=index, name=project.name.replace("\n", ""))


@dataclass(frozen=True)
class PlacedCell:
    row: int
    col: int
    rowspan: int
    colspan: int
    text: str
    role: str  # caption | label | field | header | indicator
    field: str | None = None  # a head field key or an Indicator attribute
    indicator: int | None = None  # index into project.indicators for indicator cells
    printed: str | None = None  # the label's print form with its line breaks (see CellSpec.printed)

    @property
    def print_text(self) -> str:
        return self.printed or self.text


@dataclass(frozen=True)
class PlacedTable:
    layout: FormLayout
    rows: int
    cells: tuple[PlacedCell, ...]

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


def _goals_text(project: Project) -> str:
    return "\n".join(f"{i}.{goal}" for i, goal in enumerate(project.goals, 1))


def parse_goals(text: str) -> list[str]:
    """``1.甲\n2.乙`` → [甲, 乙]: the inverse of how goals print. A line without a number continues
    the goal above it; blank lines are dropped."""
    goals: list[str] = []
    for line in text.split("\n"):
        if not line.strip():
            continue
        match = _GOAL_NUMBER.match(line)
        if match or not goals:
            goals.append((match.group(1) if match else line).strip())
        else:
            goals[-1] = f"{goals[-1]}\n{line.strip()}"
    return goals


_GOAL_NUMBER = re.compile(r"^\s*\d+\s*[.．、]\s*(.*)$")


def _plan_getter(i: int) -> Callable[[Department, Project], str]:
    return lambda d, p: format_percent(p.plan[i])


#: How each head field is shown, shared by every renderer.
FIELD_TEXT: dict[str, Callable[[Department, Project], str]] = {
    "unit": lambda d, p: d.unit_line,
    "code": lambda d, p: p.code,
    "name": lambda d, p: p.name,
    "budget": lambda d, p: format_amount(p.budget),
    "fiscal": lambda d, p: format_amount(p.fiscal),
    "other": lambda d, p: format_amount(p.other),
    "fund_use": lambda d, p: p.fund_use,
    "goals": lambda d, p: _goals_text(p),
    **{f"plan{i}": _plan_getter(i) for i in range(len(PLAN_MILESTONES))},
}

FIELD_NAMES = {
    "unit": "单位", "code": "项目编码", "name": "项目名称", "budget": "预算数", "fiscal": "财政资金",
    "other": "其他资金", "fund_use": "资金用途", "goals": "绩效目标",
    **{f"plan{i}": f"资金支出计划{m}" for i, m in enumerate(PLAN_MILESTONES)},
}
INDICATOR_FIELD_NAMES = {
    "level1": "一级指标", "level2": "二级指标", "name": "三级指标", "description": "绩效指标描述",
    "value": "指标值", "basis": "指标值确定依据",
}


def _hebei() -> FormLayout:
    c = CellSpec
    head = (
        c(0, 0, colspan=7, field="unit", role="caption"),
        c(0, 7, colspan=2, label="单位：万元", role="caption"),
        c(1, 0, label="项目编码"),
        c(1, 1, colspan=3, field="code", role="field"),
        c(1, 4, label="项目名称"),
        c(1, 5, colspan=4, field="name", role="field"),
        c(2, 0, rowspan=2, label="预算规模及资金用途", printed="预算规模及\n资金用途"),
        c(2, 1, label="预算数"),
        c(2, 2, field="budget", role="field"),
        c(2, 3, colspan=2, label="其中：财政资金"),
        c(2, 5, field="fiscal", role="field"),
        c(2, 6, label="其他资金"),
        c(2, 7, colspan=2, field="other", role="field"),
        c(3, 1, colspan=8, field="fund_use", role="field"),
        c(4, 0, rowspan=2, label="资金支出计划（%）", printed="资金支出\n计划（%）"),
        *(c(4, 1 + 2 * i, colspan=2, label=m) for i, m in enumerate(PLAN_MILESTONES)),
        *(c(5, 1 + 2 * i, colspan=2, field=f"plan{i}", role="field") for i in range(len(PLAN_MILESTONES))),
        c(6, 0, label="绩效目标"),
        c(6, 1, colspan=8, field="goals", role="field"),
    )
    columns = (
        IndicatorColumn("level1", "一级指标", 0, merge=True),
        IndicatorColumn("level2", "二级指标", 1, merge=True),
        IndicatorColumn("name", "三级指标", 2, colspan=2),
        IndicatorColumn("description", "绩效指标描述", 4, colspan=2),
        IndicatorColumn("value", "指标值", 6),
        IndicatorColumn("basis", "指标值确定依据", 7, colspan=2),
    )
    widths = (1.0, 1.05, 0.75, 0.85, 0.9, 0.9, 1.0, 0.9, 0.9)
    return FormLayout("hebei", "{index}.{name}绩效目标表", widths, head, columns)


HEBEI = _hebei()

#: The signature block printed under each table of the signature copy: its lines, each in three places
#: (left, middle, right). Two lines, so that a table that fits a page keeps its signature on that page.
SIGNATURE_LINES = (("项目负责人（签字）：", "单位（盖章）：", ""),
                   ("填报人：{preparer}", "联系电话：{phone}", "填报日期：　　　年　　月　　日"))


def indicator_cell_text(project: Project, indicator: Indicator, field: str, *, public: bool) -> str:
    """An indicator cell as printed: a classified project shows 涉密 in the public version, and in
    any version where nothing was entered (a table imported from a published document)."""
    value = getattr(indicator, field)
    if project.secret and field not in ("level1", "level2") and (public or not indicator.has_content()):
        return REDACTED_CELL
    return value


def merge_runs(values: list[tuple[str, ...]]) -> list[tuple[int, int]]:
    """(start, length) of each run of equal consecutive keys."""
    runs: list[tuple[int, int]] = []
    for i, key in enumerate(values):
        if runs and values[runs[-1][0]] == key:
            runs[-1] = (runs[-1][0], runs[-1][1] + 1)
        else:
            runs.append((i, 1))
    return runs


def place(department: Department, project: Project, *, layout: FormLayout = HEBEI,
          public: bool = False, merge: tuple[str, ...] | None = None) -> PlacedTable:
    """Place one project's table. ``merge`` limits which merge columns are merged (default: all); the
    editor merges only 一级 so that each row's 二级 stays a cell of its own to edit."""
    cells: list[PlacedCell] = []
    for spec in layout.head:
        text = spec.label if spec.label is not None else FIELD_TEXT[spec.field](department, project)
        cells.append(PlacedCell(spec.row, spec.col, spec.rowspan, spec.colspan, text, spec.role, spec.field,
                                printed=spec.printed))
    header = layout.header_row
    for column in layout.indicator_columns:
        cells.append(PlacedCell(header, column.col, 1, column.colspan, column.header, "header", column.field))
    first = layout.first_indicator_row
    indicators = project.indicators
    for column in layout.indicator_columns:
        if column.merge and (merge is None or column.field in merge):
            # 二级 merges only within its 一级: the key is every merged column up to this one.
            merged = [c.field for c in layout.indicator_columns if c.merge and c.col <= column.col]
            keys = [tuple(getattr(ind, f) for f in merged) for ind in indicators]
            for start, length in merge_runs(keys):
                text = getattr(indicators[start], column.field)
                cells.append(PlacedCell(first + start, column.col, length, column.colspan, text, "indicator",
                                        column.field, start))
        else:
            for i, ind in enumerate(indicators):
                text = indicator_cell_text(project, ind, column.field, public=public)
                cells.append(PlacedCell(first + i, column.col, 1, column.colspan, text, "indicator",
                                        column.field, i))
    return PlacedTable(layout, first + len(indicators), tuple(cells))
