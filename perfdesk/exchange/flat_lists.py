"""Flat indicator lists from other systems: columns found by their many names, the money unit decided from
what the sheet states (or its amounts' size, and said), totals and placeholders skipped with a note."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from ..domain.amounts import AmountError, check_amount, parse_number
from ..domain.fields import parse_goals
from ..domain.model import MID, YEAR, Department, Indicator, Project
from ..domain.text import label_key
from ..domain.values import format_value
from .errors import ExchangeError
from .form_sheets import _spans_level2
from .sheet_cells import MAX_COLUMNS, _LevelRef, _Reading, _fail, _number, _number_to_decimal, _text, _value

FLAT_COLUMNS = {
    "dept_code": ("单位编码", "单位代码", "预算单位编码", "部门编码"),
    "dept_name": ("单位名称", "预算单位", "预算单位名称", "部门名称", "主管部门"),
    "code": ("项目编码", "项目代码"),
    "name": ("项目名称",),
    "budget": ("预算数", "年度资金总额", "项目资金", "预算金额", "资金总额"),
    "fiscal": ("财政资金", "其中：财政资金", "财政拨款", "其中：财政拨款"),
    "other": ("其他资金",),
    "goals": ("年度目标", "年度总体目标", "绩效目标", "项目绩效目标"),
    "level1": ("一级指标", "一级绩效指标"),
    "level2": ("二级指标", "二级绩效指标"),
    "level3": ("三级指标", "指标名称", "三级指标名称", "三级绩效指标"),
    "description": ("绩效指标描述", "指标描述", "指标解释", "指标说明"),
    "nature": ("指标性质", "计算符号", "运算符号", "指标值性质"),
    "number": ("指标值", "目标值", "年度指标值"),
    "unit": ("计量单位", "度量单位", "单位（计量）"),
    "typed": ("指标值（原文）",),
    "basis": ("指标值确定依据", "设定依据", "指标值设定依据"),
    "weight": ("分值", "权重", "权重（分值）", "分值（权重）", "指标权重", "指标分值"),
    "direction": ("指标方向", "指标方向性", "方向"),
    "phase": ("指标期",),  # perfdesk's own list of a form with 中期 and 年度 sets
    "goal_name": ("目标名称",),
}
#: What a list's 指标期 says of an indicator's set (the Hebei 申报表 calls the 中期 set 长期).
_PHASES = {"年度": YEAR, "中期": MID, "长期": MID, "实施期": MID}
_DIRECTIONS = ("正向", "反向")
REQUIRED = ("level1", "level2", "level3")
_UNIT_HINT = re.compile(r"[（(]\s*(万元|元)\s*[)）]\s*$")


def _header_key(text: str) -> tuple[str, str | None]:
    """A header without its money-unit hint, and the hint (元 or 万元)."""
    match = _UNIT_HINT.search(text)
    return (label_key(text[: match.start()]) if match else label_key(text)), (match.group(1) if match else None)


_UNIT_ROW = re.compile(r"(?:金额|资金|货币)?单位\s*[:：]\s*(万元|元)")
AMOUNT_COLUMNS = ("budget", "fiscal", "other")


def find_flat_header(ws) -> tuple[int, dict[str, int], dict[str, str]] | None:
    """(header row, column of each field, money unit of each amount column) of a flat list. A column's unit
    is its header's suffix (预算数（元）), else a 金额单位：元 / 单位：万元 row above the header."""
    for row in range(1, min(ws.max_row, 20) + 1):
        found: dict[str, int] = {}
        units: dict[str, str] = {}
        for col in range(1, min(ws.max_column, MAX_COLUMNS) + 1):
            key, unit = _header_key(_text(ws.cell(row, col).value))
            for name, spellings in FLAT_COLUMNS.items():
                if name not in found and key in map(label_key, spellings):
                    found[name] = col
                    if unit:
                        units[name] = unit
        if "level3" in found and ("name" in found or "code" in found):
            stated = _unit_row(ws, row)
            if stated is not None:
                for name in AMOUNT_COLUMNS:
                    units.setdefault(name, stated)
            return row, found, units
    return None


def _unit_row(ws, header_row: int) -> str | None:
    """The money unit a row above the header states (金额单位：元), if one does."""
    for row in range(1, header_row):
        for col in range(1, min(ws.max_column, MAX_COLUMNS) + 1):
            match = _UNIT_ROW.search(label_key(_text(ws.cell(row, col).value)).replace(":", "："))
            if match:
                return match.group(1)
    return None


class UnitUndecidedError(ExchangeError):
    """A flat list states no money unit and the caller asked to be asked (the window): ``guess`` is what the
    amounts' size suggests, ``evidence`` says why, in Chinese."""

    def __init__(self, sheet: str, guess: str, evidence: str) -> None:
        super().__init__(f"工作表「{sheet}」没有写明金额单位（如「金额单位：元」或「预算数（万元）」）；{evidence}。")
        self.sheet, self.guess, self.evidence = sheet, guess, evidence


def _guess_unit(amounts: list[Decimal]) -> tuple[str, str]:
    """元 or 万元 by the amounts' size: a county project's budget is rarely 10,000 万元 (1 亿元) or more, and
    rarely less than 10,000 元. Returns (unit, the evidence in Chinese)."""
    positive = sorted(a for a in amounts if a > 0)
    if not positive:
        return "万元", "没有金额"
    median = positive[len(positive) // 2]
    unit = "元" if median >= 10000 else "万元"
    return unit, f"金额的中位数为 {median:,}，按金额大小判断为「{unit}」"


_TOTAL_WORDS = ("合计", "小计", "总计", "共计")


def _is_total_row(raw: dict) -> bool:
    """A 合计 / 小计 row, or a row of amounts that names no project (a 主管部门 summing its units): no indicator."""
    if any(_text(raw.get(n)) for n in ("level1", "level2", "level3")):
        return False
    names = [label_key(_text(raw.get(n))) for n in ("dept_code", "dept_name", "code", "name")]
    if any(n in _TOTAL_WORDS or n.endswith(_TOTAL_WORDS) for n in names):
        return True
    return not (_text(raw.get("code")) or _text(raw.get("name"))) and any(_text(raw.get(n)) for n in AMOUNT_COLUMNS)


def _decide_units(ws, header_row: int, columns: dict[str, int], units: dict[str, str], notes: list[str],
                  stated: dict[str, str] | None) -> dict[str, str]:
    """The unit of every amount column: as the sheet states it, as the caller decided (``stated``: sheet →
    unit, the clerk's answer), or by the amounts' size — then with a note, or UnitUndecidedError when
    ``stated`` is given (the window asks instead of guessing)."""
    undecided = [n for n in AMOUNT_COLUMNS if n in columns and n not in units]
    if not undecided:
        return units
    if stated is not None and ws.title in stated:
        notes.append(f"工作表「{ws.title}」没有写明金额单位，按您的选择以{stated[ws.title]}读取"
                     + ("，已换算为万元。" if stated[ws.title] == "元" else "。"))
        return {**units, **{n: stated[ws.title] for n in undecided}}
    amounts = []
    for row in range(header_row + 1, ws.max_row + 1):
        for name in undecided:
            value = ws.cell(row, columns[name]).value
            try:
                amount = Decimal(str(value)) if _number(value) else parse_number(_text(value))
            except (AmountError, InvalidOperation):
                continue  # a bad amount is reported, with its cell, when the row is read
            if amount is not None and amount.is_finite():
                amounts.append(amount)
    if not amounts:
        return units
    guess, evidence = _guess_unit(amounts)
    if stated is not None:
        raise UnitUndecidedError(ws.title, guess, evidence)
    notes.append(f"注意：工作表「{ws.title}」没有写明金额单位，{evidence}" + ("，已换算为万元" if guess == "元" else "") +
                 "。如不对，请在表头上方加一行「金额单位：元」或「金额单位：万元」后重新导入。")
    return {**units, **{n: guess for n in undecided}}


def read_flat_sheet(ws, header: tuple[int, dict[str, int], dict[str, str]], reading: _Reading,
                    notes: list[str] | None = None, stated: dict[str, str] | None = None) -> list[Department]:
    """A flat list's departments. ``notes`` receives what the clerk should know (the unit decided by the
    amounts' size, total rows skipped); see _decide_units for ``stated``."""
    notes = notes if notes is not None else []
    header_row, columns, units = header
    for name in REQUIRED:
        if name not in columns:
            spellings = "、".join(FLAT_COLUMNS[name])
            raise _fail(ws.title, header_row, None, "", f"缺少「{FLAT_COLUMNS[name][0]}」列（表头可写作：{spellings}）。")
    units = _decide_units(ws, header_row, columns, units, notes, stated)
    skipped: list[int] = []
    departments: dict[tuple[str, str], Department] = {}
    projects: dict[tuple, Project] = {}
    carry: dict[str, object] = {}
    for row in range(header_row + 1, ws.max_row + 1):
        raw = {name: _value(ws, row, col) for name, col in columns.items()}
        if all(_text(v) == "" for v in raw.values()):
            continue
        if _is_total_row(raw):
            skipped.append(row)
            continue
        # Project and unit cells are often given on the first row of each project only.
        for name in ("dept_code", "dept_name", "code", "name"):
            if name in columns and _text(raw[name]) == "" and name in carry:
                raw[name] = carry[name]
        new_project = any(name in columns and raw[name] != carry.get(name) for name in ("code", "name"))
        for name in ("dept_code", "dept_name", "code", "name"):
            if name in columns:
                carry[name] = raw[name]
        dept_key = (_text(raw.get("dept_code")), _text(raw.get("dept_name")))
        department = departments.setdefault(dept_key, Department(code=dept_key[0], name=dept_key[1]))
        project_key = dept_key + (_text(raw.get("code")), _text(raw.get("name")))
        project = projects.get(project_key)
        if project is None or new_project and project_key not in projects:
            project = Project(code=project_key[2], name=project_key[3])
            projects[project_key] = project
            department.projects.append(project)
            for name in ("budget", "fiscal", "other"):
                if name in columns:
                    setattr(project, name, _flat_amount(ws, row, columns[name], raw[name], units.get(name)))
            if "goals" in columns:
                project.goals = parse_goals(_text(raw["goals"]))
        if not project.name:
            raise _fail(ws.title, row, columns.get("name"), "项目名称", "项目名称不能为空。")
        level1, level2, level3 = (_text(raw.get(n)) for n in ("level1", "level2", "level3"))
        indicator_cells = ("level1", "level2", "level3", "description", "nature", "number", "unit", "typed", "basis")
        if new_project and not any(_text(raw.get(n)) for n in indicator_cells):
            continue  # the project's own row (its money), its indicators on the rows below
        if (level1 or level2) and not any(_text(raw.get(n)) for n in indicator_cells[2:]):
            reading.placeholders.setdefault(ws.title, []).append(row)  # a template's 二级 with nothing under it
            continue
        previous = project.indicators[-1] if project.indicators else None
        if not level1 and previous is not None:
            level1 = previous.level1
            level2 = level2 or previous.level2
        if not level1:
            raise _fail(ws.title, row, columns["level1"], "一级指标", "缺少一级指标。")
        if not level2:
            if not _spans_level2(level1):
                raise _fail(ws.title, row, columns["level2"], "二级指标", "缺少二级指标。")
            level2 = level1  # a 二级 written as 一级 across both columns: placed with the taxonomy
        direction = _text(raw.get("direction"))
        if _text(raw.get("nature")) in _DIRECTIONS:  # a list that gives the direction as the 指标性质
            direction = direction or _text(raw.get("nature"))
            raw["nature"] = ""
        indicator = Indicator(level1, level2, level3, _text(raw.get("description")),
                              _flat_value(raw, columns), _text(raw.get("basis")), direction=direction,
                              weight=_flat_weight(ws, row, columns, raw), phase=_flat_phase(ws, row, columns, raw),
                              goal_name=_text(raw.get("goal_name")))
        project.indicators.append(indicator)
        reading.levels.append(_LevelRef(indicator, ws.title, row, columns["level1"], columns["level2"]))
    if skipped:
        notes.append(f"工作表「{ws.title}」第{'、'.join(map(str, skipped))}行没有指标（合计、小计或汇总行），未读取。")
    return list(departments.values())


def _flat_amount(ws, row: int, col: int, value, unit: str | None) -> Decimal | None:
    name = ws.cell(1, col).value
    try:
        if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
            amount = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        else:
            amount = parse_number(_text(value), what="金额")  # range checked once converted to 万元
        if amount is None:
            return None
        if unit == "元":
            check_amount(amount / 10000 if amount.is_finite() else amount)  # before quantize below
            amount = (amount / 10000).normalize()
            if amount == amount.to_integral():
                amount = amount.quantize(Decimal("1"))
        return check_amount(amount, what="金额")
    except AmountError as exc:
        raise _fail(ws.title, row, col, _text(name), str(exc)) from None



def _flat_weight(ws, row: int, columns: dict[str, int], raw: dict) -> Decimal | None:
    """分值 as the list gives it (a number; 10 and 10.00 kept apart as typed)."""
    if "weight" not in columns or _text(raw.get("weight")) == "":
        return None
    value = raw["weight"]
    try:
        if _number(value):
            return _number_to_decimal(value, ws.cell(row, columns["weight"]).number_format)
        return check_amount(parse_number(_text(value), what="分值"), what="分值")
    except AmountError as exc:
        raise _fail(ws.title, row, columns["weight"], "分值", str(exc)) from None


def _flat_phase(ws, row: int, columns: dict[str, int], raw: dict) -> str:
    """The set an indicator belongs to, as the list's 指标期 says (年度 where it says nothing)."""
    said = _text(raw.get("phase"))
    if not said:
        return YEAR
    if said not in _PHASES:
        raise _fail(ws.title, row, columns["phase"], "指标期", f"「{said}」不是指标期：应为 年度 或 中期（长期）。")
    return _PHASES[said]


def _flat_value(raw: dict, columns: dict[str, int]) -> str:
    typed = _text(raw.get("typed"))
    if typed:
        return typed
    # a 定性 value is the text in the 指标值 column; otherwise 性质 + 值 + 单位, as the columns give them
    return format_value(_text(raw.get("nature")), _text(raw.get("number")), _text(raw.get("unit")))
