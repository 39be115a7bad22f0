"""Project tables in a form's layout on a sheet (one, or several stacked): found by the form's labels, read
field by field as each field's kind reads it."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from ..domain.amounts import AmountError, check_amount
from ..domain.fields import FieldValueError
from ..domain.figures import settle_read_figures
from ..domain.rulesets import rule_set
from ..domain.layout import FormLayout, place
from ..domain.model import (INDICATOR_TEXT_FIELDS, REDACTED_CELL, Department, Indicator, Project, indicator_field_value,
                            set_indicator_field_value)
from ..domain.taxonomy import TAXONOMIES
from ..domain.text import label_key
from ..domain.values import join_value
from . import published_format as F
from .sheet_cells import _LevelRef, _Reading, _decimals_of, _fail, _number, _number_to_decimal, _text, _value

def _marker_cells(layout: FormLayout):
    return [next(c for c in layout.head if c.label == m) for m in layout.markers]


def _find_table_top(ws, layout: FormLayout) -> int | None:
    """The sheet row of the first table's first grid row (found by the form's marker labels near the top)."""
    tops = _table_tops(ws, layout, last=14)
    return tops[0] if tops else None


def _table_tops(ws, layout: FormLayout, last: int | None = None) -> list[int]:
    """The first grid row of every table of this form in the sheet: some workbooks stack a unit's tables
    one under another in a single sheet."""
    markers = _marker_cells(layout)
    first = markers[0]
    tops = []
    for row in range(first.row + 1, min(ws.max_row, last or ws.max_row) + 1):
        if not layout.accepts(first.label, _text(ws.cell(row, 1 + first.col).value)):
            continue
        top = row - first.row
        if all(layout.accepts(m.label, _text(ws.cell(top + m.row, 1 + m.col).value)) for m in markers[1:]):
            tops.append(top)
    return tops


def _read_field(ws, row: int, col: int, spec, value, prefix: str):
    """A head cell's value as its field's kind reads it (amounts and shares also as workbook numbers)."""
    number_format = ws.cell(row, col).number_format
    if spec.kind.number == "amount":
        amount = _number_to_decimal(value, number_format) if _number(value) else spec.parse(_text(value))
        return check_amount(amount, what=spec.label)
    if spec.kind.number == "percent" and _number(value):
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        if "%" in (number_format or ""):
            number *= 100
        check_amount(number, what=spec.label)  # before quantize, which cannot take Infinity
        places = _decimals_of(number_format)
        return check_amount(number.quantize(Decimal(1).scaleb(-places)) if places is not None else number,
                            what=spec.label)
    return spec.parse(_after_prefix(_text(value), prefix))


def _after_prefix(text: str, prefix: str) -> str:
    """A caption's value after its printed prefix (项目编码：…). Without the prefix the line is not this
    field's: the same place in a province's own table holds something else (its year line)."""
    if not prefix:
        return text
    if label_key(text).startswith(label_key(prefix)):
        return text.split(prefix[-1], 1)[1] if prefix[-1] in text else text[len(prefix):]
    return ""


def _read_head(ws, top: int, layout: FormLayout, project: Project) -> dict[str, str]:
    """The project's head fields; returns the department's lines printed in the table (单位, 主管部门…)."""
    template = place(Department(), Project(), layout=layout)
    lines: dict[str, str] = {}
    for cell in template.cells:
        if cell.role == "header" or cell.row >= layout.header_row:
            continue
        row, col = top + cell.row, 1 + cell.col
        value = _value(ws, row, col)
        if cell.field is None:
            if cell.role == "caption":
                continue
            if not layout.accepts(cell.text, _text(value)):
                raise _fail(ws.title, row, col, "", f"此处应为「{cell.text}」，而不是「{_text(value)}」。")
            continue
        spec = layout.field(cell.field)
        if spec.put is None:
            continue  # computed (执行率, 总分): perfdesk computes it again, never reads it
        if spec.kind.editor is None:
            text = _text(value)
            lines[cell.field] = _after_prefix(text, cell.prefix)
            continue
        try:
            spec.put(Department(), project, _read_field(ws, row, col, spec, value, cell.prefix))
        except (AmountError, FieldValueError, InvalidOperation) as exc:
            raise _fail(ws.title, row, col, spec.label, str(exc)) from None
    return lines


def closes_table(first_cell: str) -> bool:
    """A closing row some provinces add under the indicators: the reviewing bureau's words (财政部门审核意见,
    主管部门审核意见, FORMS.md §2), not the clerk's."""
    return label_key(first_cell).endswith("审核意见")


def _signature_starts(layout: FormLayout) -> tuple[str, ...]:
    """How the lines under the table begin (填报人：, 项目负责人…): where the indicator rows end."""
    starts = {t.split("{")[0].split("：")[0] for line in layout.signature for t in line if t}
    tail = tuple(c.label for c in layout.tail if c.label)  # the 总分 row under a 自评表's indicators
    return tuple(s for s in starts if s) + ("填报",) + tail


def _spans_level2(level1: str) -> bool:
    """A 一级 cell that is really a 二级 written across both columns (服务对象满意度指标)."""
    return any(t.normalise_level1(level1) is None and t.level1_of(level1) is not None for t in TAXONOMIES.values())


def _read_indicators(ws, top: int, layout: FormLayout, project: Project, reading: _Reading,
                     stop: int | None = None) -> int:
    """Indicator rows down to the signature lines. With one set, every row inside a merged 二级 is an
    indicator (one not filled in yet is still a row of the table); with two halves, a half whose cells are
    empty on a row is the shorter half of its group, not an indicator."""
    row = top + layout.first_indicator_row
    shared = {c.field: c for c in layout.columns_of(None)}
    previous: dict[str, Indicator | None] = {phase: None for phase in layout.phases}
    stops = _signature_starts(layout)
    halves = len(layout.phases) > 1 and not layout.stacked
    stacked = 0  # a stacked form: the set whose table the rows are in
    found: list[tuple[int, int, Indicator]] = []  # (row, order within the row, indicator)
    while row <= (ws.max_row if stop is None else stop):
        first_cell = _text(ws.cell(row, 1).value)
        if first_cell.startswith(stops):
            break
        if closes_table(first_cell):
            reading.notes.append(f"工作表「{ws.title}」第{row}行「{first_cell}」是审核部门填写的意见，不是指标，未读取。")
            break
        if stacked < len(layout.stacked) and layout.accepts(layout.stacked[stacked], first_cell):
            _check_header(ws, row + 1, layout)
            stacked += 1
            row += 2
            continue
        if _is_header(ws, row, layout):
            if layout.stacked:  # a next table whose caption is not the form's: its rows are not to be guessed at
                expected = layout.stacked[stacked] if stacked < len(layout.stacked) else None
                raise _fail(ws.title, row - 1, 1, "", f"此处应为「{expected}」，而不是「{_text(ws.cell(row - 1, 1).value)}」。"
                            if expected else f"{layout.name}只有{len(layout.phases)}张指标表，这里多出一张。")
            reading.notes.append(f"工作表「{ws.title}」第{row}行重复了指标表头（跨页打印的表头），未作为指标读取。")
            row += 1
            continue
        for order, phase in enumerate((layout.phases[stacked],) if layout.stacked else layout.phases):
            own = layout.columns_of(phase)
            columns = {**shared, **{c.field: c for c in own}}
            values = {f: _text(_value(ws, row, 1 + c.col)) for f, c in columns.items()}
            for field in {c.field for c in own if c.part is not None}:  # a value printed as 符号 | 值 | 单位
                parts = {c.part: _text(_value(ws, row, 1 + c.col)) for c in own if c.field == field and c.part}
                # a classified project prints 涉密 in every column of it
                values[field] = REDACTED_CELL if set(parts.values()) == {REDACTED_CELL} else join_value(parts)
            level1_col, level2_col = 1 + columns["level1"].col, 1 + columns["level2"].col
            content = {f: v for f, v in values.items() if f not in ("level1", "level2")}
            before = previous[phase]
            if halves:
                if not any(content.values()):
                    if values["level1"] or values["level2"]:
                        previous[phase] = Indicator(values["level1"] or (before.level1 if before else ""),
                                                    values["level2"] or (before.level2 if before else ""))
                    continue  # the shorter half of a group
            elif not any(values.values()):
                if before is None or not _merged_from_above(ws, row, level2_col):
                    continue
                if not reading.own:
                    reading.placeholders.setdefault(ws.title, []).append(row)
                    continue
                # an indicator not filled in yet, inside its 二级's merged cell: a row of the table all the same
                values["level1"], values["level2"] = before.level1, before.level2
            elif not reading.own and not any(content.values()):
                # a template's 二级 with no 三级 and no value: a placeholder, not an indicator
                reading.placeholders.setdefault(ws.title, []).append(row)
                previous[phase] = Indicator(values["level1"] or (before.level1 if before else ""),
                                            values["level2"] or (before.level2 if before else ""))
                continue
            if not values["level1"]:
                if before is None:
                    raise _fail(ws.title, row, level1_col, "一级指标", "第一条指标缺少一级指标。")
                values["level1"] = before.level1
                if not values["level2"]:
                    values["level2"] = before.level2
            if not values["level2"]:
                if not _spans_level2(values["level1"]):
                    raise _fail(ws.title, row, level2_col, "二级指标", "缺少二级指标。")
                values["level2"] = values["level1"]  # a 二级 written across both columns: placed later
            for field, column in columns.items():  # a cell inside a merge down the column: the merge's text
                if not values[field] and field not in ("level1", "level2"):
                    values[field] = _text(_merge_value(ws, row, 1 + column.col))
            indicator = _indicator(ws, row, layout, columns, values, phase)
            found.append((row, order, indicator))
            reading.levels.append(_LevelRef(indicator, ws.title, row, level1_col, level2_col))
            previous[phase] = indicator
        row += 1
    # the document's order: 中期 before 年度 within each row's group, as the halves read left to right
    project.indicators += [ind for _, _, ind in sorted(found, key=lambda f: (f[1], f[0]))] if halves \
        else [ind for _, _, ind in found]
    return row


def _read_tail(ws, row: int, layout: FormLayout, project: Project) -> dict[str, str]:
    """The fields of the rows under the indicator block (a 自评表's closing rows, a 部门整体 table's 联系人), from
    its first row ``row``; returns the department's lines among them, as _read_head does."""
    first = next((c for c in layout.tail if c.label), None)
    lines: dict[str, str] = {}
    if first is None or not layout.accepts(first.label, _text(ws.cell(row, 1 + first.col).value)):
        return lines
    for cell in layout.tail:
        spec = layout.field(cell.field) if cell.field else None
        if spec is None or spec.put is None:
            continue
        at_row, at_col = row + cell.row - first.row, 1 + cell.col
        if spec.kind.editor is None:
            lines[cell.field] = _text(_value(ws, at_row, at_col))
            continue
        try:
            spec.put(Department(), project, _read_field(ws, at_row, at_col, spec, _value(ws, at_row, at_col), ""))
        except (AmountError, FieldValueError, InvalidOperation) as exc:
            raise _fail(ws.title, at_row, at_col, spec.label, str(exc)) from None
    return lines


def _indicator(ws, row: int, layout: FormLayout, columns: dict, values: dict[str, str], phase: str) -> Indicator:
    """An indicator row: its texts, its number columns (分值, 得分) read as exact numbers, a choice (偏差原因)
    checked against its list — each put where its field keeps it (a 监控 round's value in its round)."""
    indicator = Indicator(phase=phase)
    for key, text in values.items():
        spec, column = layout.indicator_field(key), columns.get(key)
        value = text
        if (spec.kind.number is not None or spec.choices) and column is not None and column.part is None \
                and text != REDACTED_CELL:  # 涉密 in a classified project's every column: settled by _read_table
            col = 1 + column.col
            try:
                value = _read_field(ws, row, col, spec, _value(ws, row, col), "")
            except (AmountError, FieldValueError, InvalidOperation) as exc:
                raise _fail(ws.title, row, col, layout.indicator_header(key), str(exc)) from None
        set_indicator_field_value(indicator, key, value)
    return indicator


def _looks_like_project_table(ws, layout: FormLayout) -> int | None:
    """The table's top if the form's first marker label (项目编码 for the Hebei table) is where it stands
    near the top of the sheet (then the sheet is meant as this form's table, and failing to read it is an
    error, never a silent skip)."""
    marker = _marker_cells(layout)[0]
    for row in range(1, min(ws.max_row, 14) + 1):
        if layout.accepts(marker.label, _text(ws.cell(row, 1 + marker.col).value)):
            return row - marker.row
    return None


def what_is_at(ws, row: int, col: int) -> str:
    """What a sheet has where a form expects a label: the merge it was swallowed by, its text, or nothing."""
    merged = next((r for r in ws.merged_cells.ranges if (row, col) in {(c[0], c[1]) for c in r.cells}
                   and (r.min_row, r.min_col) != (row, col)), None)
    found = _text(ws.cell(row, col).value)
    return f"它被合并进了 {merged.coord}" if merged is not None else f"这里是「{found}」" if found else "这里是空的"


def _merged_from_above(ws, row: int, col: int) -> bool:
    return any(r.min_row < row <= r.max_row and r.min_col <= col <= r.max_col for r in ws.merged_cells.ranges)


def _merge_value(ws, row: int, col: int):
    """The value of the merge a cell lies inside below its first row (a 目标名称 merged over its indicators);
    None when it is in none."""
    covered = getattr(ws, "perfdesk_covered", None)
    if covered is None:  # once per sheet: a workbook of thousands of tables asks for most of its empty cells
        covered = ws.perfdesk_covered = {(r, c): (m.min_row, m.min_col) for m in ws.merged_cells.ranges
                                         for r in range(m.min_row + 1, m.max_row + 1)
                                         for c in range(m.min_col, m.max_col + 1)}
    anchor = covered.get((row, col))
    return None if anchor is None else _value(ws, *anchor)


def _is_header(ws, row: int, layout: FormLayout) -> bool:
    """Whether the row is the indicator header again (every label where the form puts it)."""
    return all(layout.accepts(c.header, _text(ws.cell(row, 1 + c.col).value)) for c in layout.indicator_columns)


def _check_header(ws, row: int, layout: FormLayout) -> None:
    """A stacked form's next table begins with the indicator header again: each label where the form puts it."""
    for column in layout.indicator_columns:
        found = _text(ws.cell(row, 1 + column.col).value)
        if not layout.accepts(column.header, found):
            raise _fail(ws.title, row, 1 + column.col, "", f"此处应为「{column.header}」，而不是「{found}」。")


def read_project_sheet(ws, layout: FormLayout, reading: _Reading) -> list[tuple[dict[str, str], Project]] | None:
    """The sheet's projects in ``layout`` (one table, or several stacked), each with the department's lines
    its table prints; None when the sheet is not this form's table (or an unfilled template)."""
    top = _find_table_top(ws, layout)
    if top is None:  # (a sheet meant as a table but not in its shape is said by the workbook reader)
        return None
    tops = [t for t in _table_tops(ws, layout) if t >= top]
    found = []
    for k, start in enumerate(tops):
        # a stacked table ends above the next one's title row
        stop = tops[k + 1] - 2 if k + 1 < len(tops) else None
        table = _read_table(ws, start, layout, reading, stop)
        if table is not None:
            found.append(table)
    return found or None


def _settle_redacted(ws, layout: FormLayout, project: Project, reading: _Reading, marked: bool) -> None:
    """A classified project's indicators as printed without their content — 涉密 in every column the form has for
    the targets' text, and in a report's columns beside them, which hold nothing then — read as the classified
    project they are. 涉密 where a number or a choice belongs in a project that is not classified is an error."""
    shown = {c.field for c in layout.indicator_columns if not layout.indicator_field(c.field).kind.short}
    cells = [indicator_field_value(i, f) for i in project.indicators for f in shown & set(INDICATOR_TEXT_FIELDS)]
    if marked or (cells and all(c == REDACTED_CELL for c in cells)):
        project.secret = True
    for ind in project.indicators:
        for f in shown:
            if indicator_field_value(ind, f) != REDACTED_CELL:
                continue
            spec = layout.indicator_field(f)
            if project.secret:
                set_indicator_field_value(ind, f, None if spec.kind.number else "")
            elif spec.kind.number or spec.choices:  # words where a number or a choice belongs
                row = next(ref.row for ref in reading.levels if ref.indicator is ind)
                column = next(c for c in layout.indicator_columns if c.field == f)
                raise _fail(ws.title, row, 1 + column.col, layout.indicator_header(f),
                            f"这里不能填「{REDACTED_CELL}」：只有涉密项目的指标整行显示为涉密。")


def _read_table(ws, top: int, layout: FormLayout, reading: _Reading, stop: int | None):
    project = Project()
    title = _text(ws.cell(top - 1, 1).value) if top > 1 else ""
    _, marked = F.split_mark(title)
    lines = _read_head(ws, top, layout, project)
    lines.update(_read_tail(ws, _read_indicators(ws, top, layout, project, reading, stop), layout, project))
    if project == Project():
        return None  # an unfilled template sheet
    _settle_redacted(ws, layout, project, reading, marked)
    if not reading.as_printed and any(layout.indicator_field(c.field).derive for c in layout.indicator_columns):
        reading.notes += settle_read_figures(project, rule_set(layout.preset_rule_set))
    name = next((c for c in layout.head if c.field == "name"), None)
    if name is not None and not project.name:  # (a unit's 部门整体 table has no name of its own)
        raise _fail(ws.title, top + name.row, 1 + name.col, "项目名称", "项目名称不能为空。")
    return lines, project
