"""What each bound cell of a form *is*: its kind (how it parses, prints, aligns and edits) and where its value lives.

Every renderer and reader asks a field's spec — never the field's name — how to show, write, read or
edit it: the screen picks the editor and the alignment, the workbook writes an amount as a number with
its typed decimals, the PDF aligns it, the readers parse it back. A form (``domain/forms``) places these
fields; it does not redefine them.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any, Callable

from . import monitoring
from .amounts import format_amount, format_percent, official_amount, parse_amount, parse_percent
from .model import (PLAN_MILESTONES, Department, Goals, Project, coded_line, goals_numbered, indicator_field_value, project_field, set_indicator_field_value,
                    set_project_field, split_round_key)
from .values import official_value

LEFT, CENTER, RIGHT = "left", "center", "right"


class FieldValueError(ValueError):
    """Text that a field cannot take (the message is Chinese and names the field)."""


# -- goals: numbered lines ----------------------------------------------------------------------

def goals_text(goals: list[str]) -> str:
    if not goals_numbered(goals):
        return "\n".join(goals)
    return "\n".join(f"{i}.{goal}" for i, goal in enumerate(goals, 1))


def parse_goals(text: str) -> Goals:
    """``1.甲\n2.乙`` → [甲, 乙]: the inverse of how goals print. A line without a number continues
    the goal above it; blank lines are dropped. Goals not numbered from 1 (目标1：…, plain lines, a list
    starting at 2) are kept as written, unnumbered: perfdesk does not number what the writer did not."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    first = _GOAL_NUMBER.match(lines[0]) if lines else None
    if lines and (first is None or int(first.group(1)) != 1):
        return Goals(["\n".join(lines)], numbered=False)
    goals = Goals()
    for line in lines:
        match = _GOAL_NUMBER.match(line)
        if match:
            goals.append(match.group(2).strip())
        else:
            goals[-1] = f"{goals[-1]}\n{line}"
    return goals


_GOAL_NUMBER = re.compile(r"^\s*(\d+)\s*[.．、]\s*(.*)$")


# -- kinds ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class FieldKind:
    """How one kind of value behaves in every renderer.

    ``editor``: line | multiline | choice, or None when the cell is not typed into (computed).
    ``number``: amount | percent when a workbook stores it as a number, else None (stored as text).
    ``short``: a word or two (一级/二级, a choice): a printed column is never narrower than the word.
    """

    name: str
    align: str = LEFT
    editor: str | None = "line"
    number: str | None = None
    short: bool = False

    def text(self, value) -> str:
        """The value as the form prints it."""
        if self.name == "amount":
            return format_amount(value)
        if self.name == "percent":
            return format_percent(value)
        if self.name == "goals":
            return goals_text(value)
        return "" if value is None else str(value)

    def parse(self, text: str, what: str, choices: tuple[str, ...] = ()):
        """The value a cell's text stands for. Raises AmountError / FieldValueError (Chinese)."""
        if self.name == "amount":
            return parse_amount(text, what=what)
        if self.name == "percent":
            return parse_percent(text, what=what)
        if self.name == "goals":
            return parse_goals(text)
        if choices and text.strip() and text.strip() not in choices:
            raise FieldValueError(f"{what}「{text.strip()[:20]}」不是可选的值，请从 {'、'.join(choices)} 中选择。")
        return text.strip() if choices else text

    def shape(self, value):
        """The value in the bureau's official shape (amounts and shares with two decimals at least; ≥ for >=).
        What the clerk typed is kept otherwise."""
        if self.name in ("amount", "percent"):
            return official_amount(value)
        if self.name == "indicator_value":
            return official_value(value)
        return value


TEXT = FieldKind("text")
MULTILINE = FieldKind("multiline", editor="multiline")
AMOUNT = FieldKind("amount", align=RIGHT, number="amount")
PERCENT = FieldKind("percent", align=CENTER, number="percent")
GOALS = FieldKind("goals", editor="multiline")
CHOICE = FieldKind("choice", align=CENTER, editor="choice", short=True)
COMPUTED = FieldKind("computed", editor=None)
COMPUTED_CENTER = FieldKind("computed", align=CENTER, editor=None)
COMPUTED_AMOUNT = FieldKind("amount", align=RIGHT, editor=None, number="amount")  # 分值, 得分, 总分
COMPUTED_PERCENT = FieldKind("percent", align=CENTER, editor=None, number="percent")  # 执行率
# indicator columns
LEVEL1 = FieldKind("level1", align=CENTER, editor=None, short=True)  # follows from the 二级 chosen
LEVEL2 = FieldKind("level2", align=CENTER, editor="choice", short=True)  # chosen from the document's taxonomy
SCORE = FieldKind("amount", align=RIGHT, number="amount")  # an indicator's 分值 / 得分, typed or computed
INDICATOR_VALUE = FieldKind("indicator_value")  # 指标值: typed form kept, ASCII operators shaped


# -- fields ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class FieldSpec:
    """A bound field: its key (what edits and findings address), its name in messages, its kind, and how
    its value is read from and put back into the department and project."""

    key: str
    label: str
    kind: FieldKind
    get: Callable[[Department, Project], Any]
    put: Callable[[Department, Project, Any], None] | None = None  # None: not stored by the project (computed)
    choices: tuple[str, ...] = ()
    hint: str = ""  # the tooltip of a cell that cannot be edited here
    identifies_unit: bool = False  # the line a table names its unit by: tables that agree on it are one unit's
    # what a form of a later moment shows when it computes the value (domain/figures): head fields take the
    # project's Figures, indicator fields the Figures and the indicator's position. An editable field with
    # one (分值, 得分) shows the computed figure until the clerk types their own.
    derive: Callable[..., Any] | None = None
    # the 监控 light (domain/monitoring: 红/黄/绿/蓝) the cell's value earns, from the same arguments as ``derive``
    light: Callable[..., str | None] | None = None
    # what the 指标库 suggests while it is typed: "name" — its indicators (the 三级 name); "value" — the values this
    # indicator had before (指标值)
    library: str = ""

    @property
    def editable(self) -> bool:
        return self.kind.editor is not None and self.put is not None

    def value(self, department: Department, project: Project, figures=None):
        """The head field's value: computed from ``figures`` when it is derived and they are given."""
        if self.derive is not None and figures is not None:
            return self.derive(figures)
        return self.get(department, project)

    def text(self, department: Department, project: Project, figures=None) -> str:
        return self.kind.text(self.value(department, project, figures))

    def parse(self, text: str):
        return self.kind.parse(text, self.label, self.choices)

    def take_line(self, department: Department, text: str) -> bool:
        """A department's line as a table prints it (单位, 主管部门, 年度), read back: taken when the department
        has none yet, ignored when it says nothing. False when it differs from what the department has (a
        table of another unit)."""
        probe, blank = Department(), self.text(Department(), Project())
        self.put(probe, Project(), text)
        if self.text(probe, Project()) == blank:
            return True
        if self.text(department, Project()) == blank:
            self.put(department, Project(), text)
            return True
        return self.text(probe, Project()) == self.text(department, Project())


def _project(key: str, label: str, kind: FieldKind, **kw) -> FieldSpec:
    return FieldSpec(key, label, kind, lambda d, p: project_field(p, key),
                     lambda d, p, v: set_project_field(p, key, v), **kw)


def _indicator_access(key: str):
    return (lambda d, i: indicator_field_value(i, key)), (lambda d, i, v: set_indicator_field_value(i, key, v))


def _put_unit(d: Department, p: Project, text: str) -> None:
    # the published unit line: the code's digits run straight into the name (101001某县农业农村局)
    match = re.match(r"^(\d*)(.*)$", text, re.S)
    d.code, d.name = match.group(1), match.group(2)


_CODED = re.compile(r"^\s*(?:[\[［【](.*?)[\]］】])?\s*(.*?)\s*$", re.S)


def _split_coded(text: str) -> tuple[str | None, str]:
    """(code, name) of a [code]name line (coded_line); the code None where the line has no brackets."""
    match = _CODED.match(text)
    return (match.group(1).strip() if match.group(1) is not None else None), match.group(2)


def _put_supervisor(d: Department, p: Project, text: str) -> None:
    code, d.supervisor_name = _split_coded(text)
    d.supervisor_code = code or ""


def _put_unit_coded(d: Department, p: Project, text: str) -> None:
    # [210001]name as the system prints it; 210001name as the published unit line runs them together
    code, name = _split_coded(text)
    if code is None:
        _put_unit(d, p, name)
    else:
        d.code, d.name = code, name


def _department_text(key: str, label: str, hint: str) -> FieldSpec:
    """A department's text printed in its 部门整体 table: edited on the department page, taken from a table read
    when the department has none."""
    return FieldSpec(key, label, COMPUTED, lambda d, p: getattr(d, key), lambda d, p, v: setattr(d, key, v), hint=hint)


def _year_line(d: Department, p: Project) -> str:
    return f"（{d.year}年度）" if d.year else "（　　年度）"


def _put_year_line(d: Department, p: Project, text: str) -> None:
    match = re.search(r"(\d{4})", text)
    d.year = int(match.group(1)) if match else d.year


#: 项目属性 as the national form and the provinces write it.
PROJECT_ATTRIBUTES = ("新增", "延续", "经常性", "一次性")

_UNIT_HINT = "单位编码和名称在部门页修改"

FIELDS: dict[str, FieldSpec] = {spec.key: spec for spec in (
    # department-level lines printed in a project's table: edited on the department page
    FieldSpec("unit", "单位", COMPUTED, lambda d, p: d.unit_line, _put_unit, hint=_UNIT_HINT, identifies_unit=True),
    FieldSpec("supervisor", "主管部门及代码", COMPUTED, lambda d, p: d.supervisor_line, _put_supervisor,
              hint="主管部门在部门页修改"),
    FieldSpec("year_line", "预算年度", COMPUTED_CENTER, _year_line, _put_year_line, hint="预算年度在部门页修改"),
    FieldSpec("unit_coded", "部门（单位）及代码", COMPUTED, lambda d, p: coded_line(d.code, d.name), _put_unit_coded,
              hint=_UNIT_HINT,
              identifies_unit=True),
    _department_text("functions", "部门职能概述", "部门职能概述在部门页修改"),
    _department_text("overall_goal", "年度总体目标", "年度总体目标即部门整体绩效目标的「总体绩效目标」，在部门页修改"),
    _department_text("preparer", "联系人", "联系人即填报人，在部门页修改"),
    _department_text("phone", "联系电话", "联系电话在部门页修改"),
    _project("code", "项目编码", TEXT),
    _project("name", "项目名称", MULTILINE),
    _project("budget", "预算数", AMOUNT),
    _project("fiscal", "财政资金", AMOUNT),
    _project("other", "其他资金", AMOUNT),
    _project("fund_use", "资金用途", MULTILINE),
    *(_project(f"plan{i}", f"资金支出计划{m}", PERCENT) for i, m in enumerate(PLAN_MILESTONES)),
    _project("goals", "绩效目标", GOALS),
    _project("executor", "实施单位", MULTILINE),
    _project("attribute", "项目属性", CHOICE, choices=PROJECT_ATTRIBUTES),
    _project("period", "项目期", TEXT),
    _project("mid_total", "中期资金总额", AMOUNT),
    _project("mid_fiscal", "中期财政拨款", AMOUNT),
    _project("mid_other", "中期其他资金", AMOUNT),
    _project("mid_goals", "中期目标", GOALS),
    # the year-end 自评
    _project("adjusted_budget", "全年预算数", AMOUNT),
    _project("executed", "全年执行数", AMOUNT),
    _project("goals_actual", "实际完成情况", MULTILINE),
    _project("shortfall", "偏差大或目标未完成原因分析", MULTILINE),
    _project("improvement", "改进措施及结果应用方案", MULTILINE),
    # a unit's 部门整体 table: its money in 元, as the form states it
    _project("funds_total", "资金总额", AMOUNT),
    _project("funds_personnel", "人员类项目", AMOUNT),
    _project("funds_operation", "运转类公用经费项目", AMOUNT),
    _project("funds_other_operation", "其他运转类项目", AMOUNT),
    _project("funds_specific", "特定目标类项目", AMOUNT),
    *(FieldSpec(key, label, kind, lambda d, p: None, derive=derive, hint=hint) for key, label, kind, derive, hint in (
        ("execution_weight", "预算执行分值", COMPUTED_AMOUNT, lambda f: f.execution_weight, "预算执行的分值由审核规则决定"),
        ("execution_rate", "执行率", COMPUTED_PERCENT, lambda f: f.execution_rate, "执行率＝全年执行数÷全年预算数"),
        ("execution_score", "预算执行得分", COMPUTED_AMOUNT, lambda f: f.execution_score, "执行率×分值（执行率最多按100%计）"),
        ("total_weight", "分值合计", COMPUTED_AMOUNT, lambda f: f.total_weight, "各指标分值与预算执行分值之和，应为100"),
        ("total_score", "总分", COMPUTED_AMOUNT, lambda f: f.total_score, "由perfdesk按评分规则计算，不可手填"),
        ("conclusion", "自评结论", COMPUTED_CENTER, lambda f: f.conclusion, "按总分划分：优、良、中、差"),
    )),
)}

#: The indicator attributes a form can show as columns, and how each behaves.
INDICATOR_FIELD_SPECS: dict[str, FieldSpec] = {spec.key: spec for spec in (
    FieldSpec("level1", "一级指标", LEVEL1, lambda d, i: i.level1, hint="一级指标由所选的二级指标决定"),
    FieldSpec("level2", "二级指标", LEVEL2, lambda d, i: i.level2, lambda d, i, v: setattr(i, "level2", v)),
    *(FieldSpec(key, label, kind, *_indicator_access(key), library=library)
      for key, label, kind, library in (("name", "三级指标", MULTILINE, "name"),
                                        ("description", "绩效指标描述", MULTILINE, ""),
                                        ("value", "指标值", INDICATOR_VALUE, "value"),
                                        ("basis", "指标值确定依据", MULTILINE, ""),
                                        ("goal_name", "目标名称", MULTILINE, ""))),
    FieldSpec("adjusted_value", "调整后指标值", INDICATOR_VALUE, *_indicator_access("adjusted_value"),
              hint="年中调整后的指标值（经批准调整时填写）：监控亮灯和自评得分以它为准；不打印，官方表式只印年初指标值"),
    FieldSpec("previous_value", "上年值", COMPUTED, lambda d, i: i.previous_value,
              hint="上年的指标值（由「新建下一年度」带入），只供参考，不打印"),
    # the year-end 自评
    FieldSpec("actual", "实际完成值", TEXT, lambda d, i: i.actual, lambda d, i, v: setattr(i, "actual", v)),
    FieldSpec("weight", "分值", SCORE, lambda d, i: i.weight, lambda d, i, v: setattr(i, "weight", v),
              derive=lambda f, position: f.weight(position),
              hint="默认按一级指标的分值平均分配；填入数字即改为自定分值，清空恢复默认"),
    FieldSpec("score", "得分", SCORE, lambda d, i: i.score, lambda d, i, v: setattr(i, "score", v),
              derive=lambda f, position: f.score(position),
              hint="定量指标按评分规则自动计算；定性指标请按评价档次填写得分"),
    FieldSpec("deviation", "偏差原因分析及改进措施", MULTILINE, lambda d, i: i.deviation,
              lambda d, i, v: setattr(i, "deviation", v)),
)}


# -- the 执行监控 round of month M -------------------------------------------------------------------
# A round's fields are keyed m{M}_{name} (domain/model.round_key): a 监控表 of 1–7月 binds m7_done, m7_executed…,
# and each spec is made for its month when first asked.

def _period_line(d: Department, month: int) -> str:
    year = d.year or "　　"
    last = 31 if month in (1, 3, 5, 7, 8, 10, 12) else 30 if month != 2 else (29 if d.year and d.year % 4 == 0 and (
        d.year % 100 != 0 or d.year % 400 == 0) else 28)
    return f"{year}年1月1日 至 {year}年{month}月{last}日"


def _round_head_spec(key: str, month: int, name: str) -> FieldSpec:
    done = f"1-{month}月"
    if name == "rate":
        return FieldSpec(key, f"{done}执行率", COMPUTED_PERCENT, lambda d, p: monitoring.execution_rate(p, month),
                         derive=lambda f: monitoring.execution_rate(f.project, month),
                         light=lambda f: monitoring.project_light(f.project, month),
                         hint=f"{done}执行数÷年初预算数（有调整预算数时按调整预算数）")
    if name == "period":
        return FieldSpec(key, "监控时间段", COMPUTED, lambda d, p: _period_line(d, month), hint="由预算年度和监控月份决定")
    label, kind = {"executed": (f"{done}执行数", AMOUNT), "forecast": ("全年预计执行数", AMOUNT),
                   "analysis": ("偏差或不能完成目标原因分析", MULTILINE), "suggestion": ("相关建议或举措", MULTILINE)}[name]
    return FieldSpec(key, label, kind, lambda d, p: project_field(p, key), lambda d, p, v: set_project_field(p, key, v))


def _round_indicator_spec(key: str, month: int, name: str) -> FieldSpec:
    if name == "done":
        return FieldSpec(key, f"1-{month}月完成值", TEXT, *_indicator_access(key),
                         light=lambda f, position: monitoring.round_light(f.project.indicators[position], month),
                         hint="定量指标填数值和单位；定性指标填 达成 / 部分达成 / 未达成")
    label, kind, choices = {"forecast": ("全年预计完成值", TEXT, ()),
                            "cause": ("偏差原因", CHOICE, monitoring.CAUSES),
                            "cause_text": ("原因说明", MULTILINE, ()),
                            "possibility": ("完成目标可能性", CHOICE, monitoring.POSSIBILITIES),
                            "note": ("备注", MULTILINE, ())}[name]
    return FieldSpec(key, label, kind, *_indicator_access(key), choices=choices)


@functools.lru_cache(maxsize=None)
def _round_spec(key: str, indicator: bool) -> FieldSpec:
    found = split_round_key(key)
    if found is None:
        raise KeyError(key)
    try:
        return (_round_indicator_spec if indicator else _round_head_spec)(key, *found)
    except KeyError:
        raise KeyError(key) from None


def head_field(key: str) -> FieldSpec:
    """A head field's spec by its key (a 监控 round's made for its month)."""
    return FIELDS[key] if key in FIELDS else _round_spec(key, False)


def indicator_field(key: str) -> FieldSpec:
    return INDICATOR_FIELD_SPECS[key] if key in INDICATOR_FIELD_SPECS else _round_spec(key, True)
