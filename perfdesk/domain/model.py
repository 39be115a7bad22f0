"""The document model: department → project → indicator, as plain dataclasses.

Order is the order of the lists. ``id`` is the storage row id (None until stored) and is left out of
equality, so two documents compare equal when their content does.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from decimal import Decimal

from .taxonomy import DEFAULT_TAXONOMY

#: What the published document prints for classified Part 1 text and for a classified 分项 item.
REDACTED_TEXT = "内容涉密，按照规定不予公开。"
#: What the published document prints in every indicator cell of a classified project.
REDACTED_CELL = "涉密"

PLAN_MILESTONES = ("3月底", "6月底", "10月底", "12月底")

INDICATOR_TEXT_FIELDS = ("name", "description", "value", "basis")
INDICATOR_FIELDS = ("level1", "level2") + INDICATOR_TEXT_FIELDS

#: The two sets of indicators a national 申报表 prints side by side: 中期 (the whole project period) and 年度.
#: A form with one indicator block shows the 年度 set; the 中期 set stays in the file.
YEAR, MID = "year", "mid"
PHASES = (YEAR, MID)


class Goals(list):
    """A project's goals (绩效目标), one per item. Numbered when printed (1.…, 2.…), as perfdesk writes them —
    unless they were written without numbers (目标1：…, or plain lines): then ``numbered`` is False and the text
    is kept, and printed, as written (one item). A plain list counts as numbered."""

    def __init__(self, items=(), numbered: bool = True) -> None:
        super().__init__(items)
        self.numbered = numbered

    def __eq__(self, other):
        if not isinstance(other, list):
            return NotImplemented
        return list.__eq__(self, other) and goals_numbered(self) == goals_numbered(other)

    def __ne__(self, other):
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    __hash__ = None  # a list

    def __repr__(self) -> str:
        return list.__repr__(self) if self.numbered else f"Goals({list.__repr__(self)}, numbered=False)"


def goals_numbered(goals: list) -> bool:
    return getattr(goals, "numbered", True)


@dataclass
class IndicatorRound:
    """One indicator in the 执行监控 of month M (domain/monitoring computes its light)."""

    done: str = ""  # 1–M月完成值, as typed
    forecast: str = ""  # 全年预计完成值
    cause: str = ""  # 偏差原因 (经费保障 / 制度保障 / 人员保障 / 硬件条件保障 / 其他)
    cause_text: str = ""  # 原因说明
    possibility: str = ""  # 完成目标可能性 (确定能 / 有可能 / 完全不可能)
    note: str = ""  # 备注


@dataclass
class ProjectRound:
    """A project's money in the 执行监控 of month M."""

    executed: Decimal | None = None  # 1–M月执行数, 万元
    forecast: Decimal | None = None  # 全年预计执行数
    analysis: str = ""  # 偏差或不能完成目标原因分析 (the Hebei 监控表's closing rows)
    suggestion: str = ""  # 相关建议或举措


@dataclass
class Indicator:
    level1: str = ""  # 一级指标
    level2: str = ""  # 二级指标
    name: str = ""  # 三级指标
    description: str = ""  # 绩效指标描述
    value: str = ""  # 指标值, exactly as typed
    basis: str = ""  # 指标值确定依据
    phase: str = YEAR  # YEAR or MID: which set of the project's indicators it belongs to
    weight: Decimal | None = None  # 分值 (权重) as a list or a 自评表 gives it
    direction: str = ""  # 指标方向性 as a list states it (正向 / 反向), kept as written
    actual: str = ""  # 实际完成值 (the year-end 自评), as typed
    previous_value: str = ""  # 上年指标值: last year's target, carried by 新建下一年度
    previous_actual: str = ""  # 上年实际完成值
    score: Decimal | None = None  # 得分 the clerk gave (定性, or by hand); otherwise computed (domain/scoring)
    band: str = ""  # 定性: the band chosen (达成年度指标 / 部分达成并具有一定效果 / 未达成且效果较差)
    deviation: str = ""  # 偏差原因分析及改进措施
    adjusted_value: str = ""  # 调整后指标值 (a mid-year 调整), beside the 年初 value
    goal_name: str = ""  # 目标名称: the goal it serves, as the Hebei 项目申报表 names it beside each indicator
    # "一级|二级" as a source wrote them when perfdesk placed them otherwise in its taxonomy (实施效果指标 over a
    # 数量指标 row): written back so on export; left out of equality, like ``id`` (the placed levels are the content)
    levels_as_written: str = field(default="", compare=False)
    rounds: dict[int, IndicatorRound] = field(default_factory=dict)  # 执行监控 by month M
    id: int | None = field(default=None, compare=False)

    def written_level(self, level: int) -> str:
        """The 一级 (0) or 二级 (1) as the source wrote it, else as placed."""
        if self.levels_as_written:
            return self.levels_as_written.split("|", 1)[level]
        return self.level2 if level else self.level1

    def has_content(self) -> bool:
        return any(getattr(self, name) for name in INDICATOR_TEXT_FIELDS)

    @property
    def target(self) -> str:
        """What the indicator is measured against in the 监控 and the 自评: the 调整后 value when the target was
        adjusted mid-year, else the 年初 one."""
        return self.adjusted_value or self.value


@dataclass
class Project:
    code: str = ""  # 项目编码
    name: str = ""  # 项目名称
    budget: Decimal | None = None  # 预算数, 万元
    fiscal: Decimal | None = None  # 其中：财政资金
    other: Decimal | None = None  # 其他资金
    fund_use: str = ""  # 资金用途
    plan: list[Decimal | None] = field(default_factory=lambda: [None] * len(PLAN_MILESTONES))  # cumulative %
    goals: list[str] = field(default_factory=list)  # 绩效目标 (年度目标), numbered when printed
    indicators: list[Indicator] = field(default_factory=list)
    secret: bool = False  # 涉密: the indicator cells are withheld from the public version
    # what the national 申报表 adds (a Hebei table leaves them empty, and they stay in the file)
    executor: str = ""  # 实施单位 (as typed; often the unit itself)
    attribute: str = ""  # 项目属性: 新增 / 延续 (some provinces: 经常性 / 一次性)
    period: str = ""  # 项目期, as the clerk writes it: 3年, 2024-2026
    mid_total: Decimal | None = None  # 中期资金总额, 万元
    mid_fiscal: Decimal | None = None  # 其中：财政拨款
    mid_other: Decimal | None = None  # 其他资金
    mid_goals: list[str] = field(default_factory=list)  # 中期目标, numbered like 绩效目标
    # the year-end 自评 (a Hebei or national target table leaves them empty)
    adjusted_budget: Decimal | None = None  # 全年预算数 (A), when it differs from the 年初 预算数
    executed: Decimal | None = None  # 全年执行数 (B)
    goals_actual: str = ""  # 总体目标实际完成情况
    shortfall: str = ""  # 偏差大或目标未完成原因分析 (the Hebei 自评表's closing rows)
    improvement: str = ""  # 改进措施及结果应用方案
    # a department's 部门整体 table (Department.whole) is a table like a project's; its form states the
    # 部门总体资金情况 in 元, as typed there
    funds_total: Decimal | None = None  # 资金总额
    funds_personnel: Decimal | None = None  # 人员类项目
    funds_operation: Decimal | None = None  # 运转类公用经费项目
    funds_other_operation: Decimal | None = None  # 其他运转类项目
    funds_specific: Decimal | None = None  # 特定目标类项目
    rounds: dict[int, ProjectRound] = field(default_factory=dict)  # 执行监控 by month M
    id: int | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if len(self.plan) != len(PLAN_MILESTONES):
            raise ValueError(f"资金支出计划应有{len(PLAN_MILESTONES)}个节点")


@dataclass
class GoalItem:
    """One 分项绩效目标: a title with its 绩效目标 and 绩效指标 paragraphs."""

    title: str = ""
    goal: str = ""
    indicator: str = ""
    secret: bool = False
    id: int | None = field(default=None, compare=False)

    def has_content(self) -> bool:
        return bool(self.goal or self.indicator)


@dataclass
class Department:
    code: str = ""  # 单位编码
    name: str = ""  # 单位名称
    year: int | None = None  # budget year
    overall_goal: str = ""  # 一、总体绩效目标 (paragraphs separated by newlines)
    overall_secret: bool = False
    items: list[GoalItem] = field(default_factory=list)  # 二、分项绩效目标
    items_secret: bool = False
    measures: list[str] = field(default_factory=list)  # 三、工作保障措施, one paragraph each
    measures_secret: bool = False
    preparer: str = ""  # 填报人, for the signature block
    phone: str = ""  # 联系电话
    supervisor_code: str = ""  # 主管部门 code, when the unit is not its own 主管部门
    supervisor_name: str = ""  # 主管部门 name
    functions: str = ""  # 部门职能概述, as the 部门整体绩效目标表 states it
    projects: list[Project] = field(default_factory=list)
    # the 部门整体绩效目标表 (申报): the unit's own money and indicators, as a table (domain/forms/department);
    # None when the unit has none. Not one of its projects: numbered, listed and summed with none of them
    whole: Project | None = None
    id: int | None = field(default=None, compare=False)

    @property
    def unit_line(self) -> str:
        return f"{self.code}{self.name}"

    @property
    def supervisor_line(self) -> str:
        """主管部门及代码 as the national form prints it: [code]name."""
        return coded_line(self.supervisor_code, self.supervisor_name)


def coded_line(code: str, name: str) -> str:
    """A unit with its code as the system forms print it: [code]name (the name alone without a code)."""
    return f"[{code}]{name}" if code else name


#: A project's own fields as edits address them. Each plan milestone is a field of its own, so that edits
#: of neighbouring milestones never carry each other's old value.
PROJECT_FIELDS = ("code", "name", "budget", "fiscal", "other", "fund_use",
                  *(f"plan{i}" for i in range(len(PLAN_MILESTONES))), "goals", "secret",
                  "executor", "attribute", "period", "mid_total", "mid_fiscal", "mid_other", "mid_goals",
                  "adjusted_budget", "executed", "goals_actual", "shortfall", "improvement",
                  "funds_total", "funds_personnel", "funds_operation", "funds_other_operation", "funds_specific")
#: A department's own fields and Part 1 as edits address them.
DEPARTMENT_FIELDS = ("code", "name", "year", "overall_goal", "overall_secret", "items", "items_secret",
                     "measures", "measures_secret", "preparer", "phone", "supervisor_code", "supervisor_name",
                     "functions")


# -- the values of a 执行监控 round, addressed like any other field --------------------------------

#: A round's value is addressed as ``m{month}_{name}`` (m7_done: 1–7月完成值), so that an edit, an undo step and
#: a form's cell name it like any other field, and the month travels with it.
_ROUND_KEY = re.compile(r"^m(\d{1,2})_([a-z_]+)$")
ROUND_INDICATOR_FIELDS = tuple(f.name for f in dataclasses.fields(IndicatorRound))
ROUND_PROJECT_FIELDS = tuple(f.name for f in dataclasses.fields(ProjectRound))


def round_key(month: int, name: str) -> str:
    return f"m{month}_{name}"


def split_round_key(key: str) -> tuple[int, str] | None:
    """(month, name) of a round field's key, None for any other key."""
    match = _ROUND_KEY.match(key)
    return (int(match.group(1)), match.group(2)) if match and 1 <= int(match.group(1)) <= 12 else None


def _round_get(rounds: dict, key: str, names: tuple[str, ...], blank):
    month, name = split_round_key(key)
    if name not in names:
        raise KeyError(key)
    return getattr(rounds.get(month) or blank, name)


def _round_set(rounds: dict, key: str, value, names: tuple[str, ...], blank_type) -> None:
    month, name = split_round_key(key)
    if name not in names:
        raise KeyError(key)
    values = rounds.get(month) or blank_type()
    setattr(values, name, value)
    if values == blank_type():  # a round emptied again is no round (no empty rows in the file)
        rounds.pop(month, None)
    else:
        rounds[month] = values


def indicator_field_value(indicator: Indicator, key: str):
    """An indicator's field by its key: an attribute, or a round's value (m7_done)."""
    if split_round_key(key):
        return _round_get(indicator.rounds, key, ROUND_INDICATOR_FIELDS, IndicatorRound())
    return getattr(indicator, key)


def set_indicator_field_value(indicator: Indicator, key: str, value) -> None:
    if split_round_key(key):
        _round_set(indicator.rounds, key, value, ROUND_INDICATOR_FIELDS, IndicatorRound)
    else:
        setattr(indicator, key, value)


def project_field(project: Project, key: str):
    if key.startswith("plan"):
        return project.plan[int(key[4:])]
    if split_round_key(key):
        return _round_get(project.rounds, key, ROUND_PROJECT_FIELDS, ProjectRound())
    return getattr(project, key)


def set_project_field(project: Project, key: str, value) -> None:
    if key.startswith("plan"):
        project.plan[int(key[4:])] = value
    elif split_round_key(key):
        _round_set(project.rounds, key, value, ROUND_PROJECT_FIELDS, ProjectRound)
    elif key in PROJECT_FIELDS:
        setattr(project, key, value)
    else:
        raise KeyError(key)


def same_value(a, b) -> bool:
    """Equal as the clerk sees it: Decimal("30") == Decimal("30.00") in Python, but not on the screen."""
    if isinstance(a, Decimal) or isinstance(b, Decimal):
        return type(a) is type(b) and str(a) == str(b)
    return a == b


#: The form and rule set a document starts with when nothing says otherwise (documents made before forms
#: were recorded are Hebei published tables checked by Hebei's rules).
DEFAULT_FORM = "hebei"
DEFAULT_RULE_SET = "hebei"


@dataclass
class Document:
    taxonomy: str = DEFAULT_TAXONOMY
    departments: list[Department] = field(default_factory=list)
    form: str = DEFAULT_FORM  # the key of its FormLayout (domain/forms)
    rule_set: str = DEFAULT_RULE_SET  # the key of its RuleSet (domain/rulesets)

    def projects(self):
        for department in self.departments:
            yield from department.projects

    def indicator_count(self) -> int:
        return sum(len(project.indicators) for project in self.projects())

    def wholes_said(self) -> str:
        """How many units' 部门整体 tables the document has, as a summary line adds it (empty when none)."""
        count = sum(d.whole is not None for d in self.departments)
        return f"，部门整体绩效目标表 {count} 张（指标 {sum(len(d.whole.indicators) for d in self.departments if d.whole)} 条）" \
            if count else ""

    def budget_total(self) -> Decimal:
        return sum((p.budget for p in self.projects() if p.budget is not None), Decimal("0.00"))
