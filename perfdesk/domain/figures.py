"""The numbers a form of a later moment of the year shows without anyone typing them: a project's 自评
分值 and 得分 (domain/scoring), its 执行率, 总分 and 结论 — computed once per placed project from the
document's rule set, so the screen, the workbook and the PDF show the same figures.
"""

from __future__ import annotations

import functools
from decimal import Decimal

from .amounts import official_amount
from .model import YEAR, Project
from .rulesets import RuleSet
from .scoring import default_weights, project_scores, quantitative_score
from .values import parse_value


class Figures:
    """A project's computed 自评 figures under a rule set (only the 年度 indicators are scored)."""

    def __init__(self, project: Project, rules: RuleSet) -> None:
        self.project = project
        self.rules = rules

    @functools.cached_property
    def _scored(self) -> tuple[dict[int, int], dict]:
        positions = [k for k, i in enumerate(self.project.indicators) if i.phase == YEAR]
        year_only = Project(budget=self.project.budget, adjusted_budget=self.project.adjusted_budget,
                            executed=self.project.executed,
                            indicators=[self.project.indicators[k] for k in positions])
        return {p: n for n, p in enumerate(positions)}, project_scores(year_only, self.rules)

    def _of(self, key: str, position: int):
        index = self._scored[0].get(position)
        return None if index is None else self._scored[1][key][index]

    def weight(self, position: int) -> Decimal | None:
        """分值: the clerk's, or the default share of its 一级's 分值."""
        return self._of("weights", position)

    def score(self, position: int) -> Decimal | None:
        """得分: the clerk's (定性, or by hand), or computed from 指标值, 实际完成值 and 分值."""
        return self._of("scores", position)

    def computed_score(self, position: int) -> Decimal | None:
        """The 得分 the scoring rules give this indicator (None: 定性, no 实际完成值, or another unit)."""
        indicator, weight = self.project.indicators[position], self.weight(position)
        if weight is None or not indicator.actual:
            return None
        return quantitative_score(indicator.target, indicator.actual, weight)

    @property
    def execution_weight(self) -> Decimal:
        return official_amount(dict(self.rules.score_weights)["预算执行"])  # 10.00, like every other 分值

    @property
    def execution_rate(self) -> Decimal | None:
        """执行率 in percent (B/A × 100), two decimals."""
        rate = self._scored[1]["rate"]
        return None if rate is None else (rate * 100).quantize(Decimal("0.01"))

    @property
    def execution_score(self) -> Decimal | None:
        return self._scored[1]["execution"]

    @property
    def total_weight(self) -> Decimal:
        """Σ 分值 of the scored indicators and budget execution: 100 when the weights are right."""
        weights = [w for w in self._scored[1]["weights"] if w is not None]
        return sum(weights, self.execution_weight)

    @property
    def total_score(self) -> Decimal:
        return self._scored[1]["total"]

    @property
    def conclusion(self) -> str:
        return self._scored[1]["conclusion"]


def settle_read_figures(project: Project, rules: RuleSet) -> list[str]:
    """分值 and 得分 read from a filled 自评表, put back in perfdesk's terms: a 分值 equal to its default keeps
    following the default; a 得分 perfdesk can compute (定量 with an 实际完成值) is computed, never taken from
    the sheet — only a 定性 or otherwise uncomputable 得分 is the clerk's. Returns a note for each 得分 in
    the sheet that differed from the computed one."""
    notes = []
    positions = [k for k, i in enumerate(project.indicators) if i.phase == YEAR]
    year = [project.indicators[k] for k in positions]
    for indicator, default in zip(year, default_weights(year, rules)):
        if indicator.weight is not None and default is not None and indicator.weight == default:
            indicator.weight = None
    figures = Figures(project, rules)
    for n, (position, indicator) in enumerate(zip(positions, year), 1):
        computed = figures.computed_score(position)
        if computed is None:
            continue
        if indicator.score is not None and indicator.score != computed:
            notes.append(f"项目「{project.name}」第{n}条指标「{indicator.name}」：表中得分 {indicator.score} 未采用，"
                         f"按评分规则计算为 {computed}。")
        indicator.score = None
    return notes


def self_evaluation_gaps(executed_given: bool, indicators: list[tuple[str, str, bool]]) -> int:
    """How many things a project's 自评 still lacks: its 全年执行数, each 年度 indicator's 实际完成值, and the
    得分 of each 定性 one (perfdesk computes the others). ``indicators``: (指标值, 实际完成值, 得分 given)."""
    missing = 0 if executed_given else 1
    for value, actual, scored in indicators:
        if not actual.strip():
            missing += 1
        elif parse_value(value).kind == "qualitative" and not scored:
            missing += 1
    return missing
