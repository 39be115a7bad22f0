"""自评 arithmetic (FORMS.md §5), with the weights, bands and province variants taken from the rule set.

Real uploaded 自评表 built in Excel have been seen with zeroed totals: the scores are computed here from the
target (指标值), the 实际完成值 and the 分值, never typed as totals.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from .model import Indicator, Project
from .rulesets import RuleSet
from .values import GE, GT, LE, LT, parse_value

CENT = Decimal("0.01")
ONE = Decimal(1)


def _cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def default_weights(indicators: list[Indicator], rules: RuleSet) -> list[Decimal | None]:
    """Each indicator's default 分值: its 一级's 分值 shared equally (in cents, the remainder on the last)."""
    weights = dict(rules.score_weights)
    out: list[Decimal | None] = [None] * len(indicators)
    by_level: dict[str, list[int]] = {}
    for i, indicator in enumerate(indicators):
        by_level.setdefault(indicator.level1, []).append(i)
    for level, members in by_level.items():
        total = weights.get(level)
        if total is None:
            continue
        share = _cents(total / len(members))
        for i in members:
            out[i] = share
        out[members[-1]] = total - share * (len(members) - 1)
    return out


def number_of(text: str) -> Decimal | None:
    """The number an 实际完成值 states (``1950人`` → 1950), or None for words."""
    parsed = parse_value(text)
    return parsed.number if parsed.kind == "quantitative" else None


def quantitative_score(target_text: str, actual_text: str, weight: Decimal) -> Decimal | None:
    """得分 of a 定量 indicator, or None when it cannot be computed (定性, no number, another unit)."""
    target, actual = parse_value(target_text), parse_value(actual_text)
    if target.kind != "quantitative" or actual.kind != "quantitative":
        return None
    if actual.unit and target.unit and actual.unit.strip() != target.unit.strip():
        return None
    goal, done = target.number, actual.number
    if target.operator not in (LE, LT):  # 正向 (≥ ＞), and ＝ scored as 正向
        if goal == 0:
            return weight if done <= 0 else Decimal(0)
        return weight if done >= goal else _cents(done / goal * weight)
    if done <= goal:  # 反向
        return weight
    if goal > 0 and done < 2 * goal:
        return _cents((ONE - (done - goal) / goal) * weight)
    return Decimal(0)


def band_range(rules: RuleSet, band: str, weight: Decimal) -> tuple[Decimal, Decimal]:
    """The 得分 a 定性 indicator may take in the chosen band."""
    for name, low, high in rules.qualitative_bands:
        if name == band:
            return _cents(low * weight), _cents(high * weight)
    raise KeyError(band)


def execution_rate(budget: Decimal | None, executed: Decimal | None) -> Decimal | None:
    """执行率 B/A, as a share (0.95), or None without both."""
    if not budget or executed is None:
        return None
    return executed / budget


def execution_score(rules: RuleSet, budget: Decimal | None, executed: Decimal | None) -> Decimal | None:
    """预算执行 得分: 执行率 × its 分值 (10, Hebei 20), 执行率 counted at most 100 %."""
    rate = execution_rate(budget, executed)
    if rate is None:
        return None
    return _cents(min(rate, ONE) * dict(rules.score_weights)["预算执行"])


def total_score(rules: RuleSet, scores: list[Decimal | None], execution: Decimal | None,
                rate: Decimal | None) -> Decimal:
    """总分: the scores and budget execution summed, capped by 执行率 where the rule set says so."""
    total = sum((s for s in scores if s is not None), Decimal(0)) + (execution or Decimal(0))
    for below, cap in rules.execution_caps:
        if rate is not None and rate * 100 < below:
            total = min(total, cap)
    return _cents(total)


def conclusion(rules: RuleSet, total: Decimal) -> str:
    """结论 (优/良/中/差) of a 总分."""
    return next(name for lowest, name in rules.conclusion_bands if total >= lowest)


def needs_explanation(rules: RuleSet, indicator: Indicator, score: Decimal | None, weight: Decimal | None) -> bool:
    """偏差原因 required: a score below the 分值, or an 实际 far above its target (a target set too low)."""
    if score is not None and weight is not None and score < weight:
        return True
    target, actual = parse_value(indicator.target), number_of(indicator.actual)
    if target.kind == "quantitative" and actual is not None and target.operator in (GE, GT) and target.number > 0:
        return actual > target.number * rules.exceed_limit
    return False


def project_scores(project: Project, rules: RuleSet) -> dict:
    """Every number of a project's 自评: per indicator 分值 and 得分 (None where the clerk must give it), budget
    execution, 总分 and 结论 — what a 自评表 prints."""
    defaults = default_weights(project.indicators, rules)
    weights = [i.weight if i.weight is not None else d for i, d in zip(project.indicators, defaults)]
    # the clerk's 得分 stands (a 定性 indicator's, or one given by hand); otherwise it is computed
    scores = [i.score if i.score is not None else
              (quantitative_score(i.target, i.actual, w) if w is not None and i.actual else None)
              for i, w in zip(project.indicators, weights)]
    full_year = project.adjusted_budget if project.adjusted_budget is not None else project.budget  # 全年预算数 A
    rate = execution_rate(full_year, project.executed)
    execution = execution_score(rules, full_year, project.executed)
    total = total_score(rules, scores, execution, rate)
    return {"weights": weights, "scores": scores, "rate": rate, "execution": execution, "total": total,
            "conclusion": conclusion(rules, total)}
