"""The mid-year 执行监控 arithmetic (FORMS.md §4): traffic lights of indicators and of budget execution, and
when a deviation must be explained. Month M is the last month the 监控 covers (1–7月: M = 7)."""

from __future__ import annotations

from decimal import Decimal

from .amounts import official_amount
from .model import Indicator, IndicatorRound, Project, ProjectRound  # noqa: F401 - the values of a round, re-exported
from .rulesets import RuleSet
from .values import LE, LT, parse_value

RED, YELLOW, GREEN, BLUE = "红", "黄", "绿", "蓝"
#: The fill each renderer gives a cell by its light (hex RGB; the tints spreadsheet users know for bad/neutral/good).
LIGHT_COLOURS = {RED: "FFC7CE", YELLOW: "FFEB9C", GREEN: "C6EFCE", BLUE: "BDD7EE"}
#: What a light means, for a tooltip or a printed note.
LIGHT_MEANINGS = {RED: "进度严重滞后（低于60%）", YELLOW: "进度滞后（60%–80%）", GREEN: "进度正常（80%–120%）",
                  BLUE: "进度超前（120%及以上）"}
#: 完成目标可能性 and 偏差原因 as the national 监控表 lists them.
POSSIBILITIES = ("确定能", "有可能", "完全不可能")
CAUSES = ("经费保障", "制度保障", "人员保障", "硬件条件保障", "其他")
#: A 定性 indicator's light is the clerk's judgement of its progress.
QUALITATIVE_LIGHTS = {"达成": GREEN, "部分达成": YELLOW, "未达成": RED}


def _band(percent: Decimal) -> str:
    if percent < 60:
        return RED
    if percent < 80:
        return YELLOW
    if percent < 120:
        return GREEN
    return BLUE


def indicator_light(target_text: str, done_text: str, month: int) -> str | None:
    """正向: 1–M月完成值 ÷ (目标 × M/12) in the bands red < 60 ≤ yellow < 80 ≤ green < 120 ≤ blue; 反向: green
    within the target, else red; 定性: the clerk's 达成 / 部分达成 / 未达成. None when it cannot be told."""
    if done_text.strip() in QUALITATIVE_LIGHTS:
        return QUALITATIVE_LIGHTS[done_text.strip()]
    target, done = parse_value(target_text), parse_value(done_text)
    if target.kind != "quantitative" or done.kind != "quantitative":
        return None
    if target.operator in (LE, LT):
        return GREEN if done.number <= target.number else RED
    if target.number == 0:
        return GREEN if done.number <= 0 else RED
    return _band(done.number / (target.number * Decimal(month) / 12) * 100)


def budget_light(budget: Decimal | None, executed: Decimal | None, month: int) -> str | None:
    """The same bands for 1–M月执行率 ÷ (M/12)."""
    if not budget or executed is None:
        return None
    return _band(executed / budget / (Decimal(month) / 12) * 100)


def deviation_needs_cause(rules: RuleSet, target_text: str, forecast_text: str) -> bool:
    """全年预计完成值 off the target by more than the rule set's limit (Hebei: 15 %) needs a 偏差原因."""
    target, forecast = parse_value(target_text), parse_value(forecast_text)
    if target.kind != "quantitative" or forecast.kind != "quantitative" or target.number == 0:
        return False
    return abs(forecast.number - target.number) / target.number * 100 > rules.deviation_limit


# -- a project's round, as the 监控表 shows it ------------------------------------------------------

def budget_of(project: Project) -> Decimal | None:
    """年初预算数, or the 调整预算数 when the year's budget was adjusted."""
    return project.adjusted_budget if project.adjusted_budget is not None else project.budget


def _round(project_or_indicator, month: int, blank):
    return project_or_indicator.rounds.get(month) or blank


def execution_rate(project: Project, month: int) -> Decimal | None:
    """1–M月执行率 in percent: 1–M月执行数 ÷ 预算数 × 100, two decimals."""
    budget, executed = budget_of(project), _round(project, month, ProjectRound()).executed
    if not budget or executed is None:
        return None
    return official_amount((executed / budget * 100).quantize(Decimal("0.01")))


def project_light(project: Project, month: int) -> str | None:
    return budget_light(budget_of(project), _round(project, month, ProjectRound()).executed, month)


def round_light(indicator: Indicator, month: int) -> str | None:
    done = _round(indicator, month, IndicatorRound()).done
    return indicator_light(indicator.target, done, month) if done.strip() else None


def needs_cause(rules: RuleSet, indicator: Indicator, month: int) -> bool:
    """The round must say why (偏差原因): its 全年预计完成值 is off the target beyond the rule set's limit."""
    return deviation_needs_cause(rules, indicator.target, _round(indicator, month, IndicatorRound()).forecast)
