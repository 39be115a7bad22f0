"""Rule sets: which 审核 requirements apply, and their parameters, as data chosen per document.

The rules themselves live in ``rules.py``; a rule set says which structure they demand (which 二级 of 产出
are required, whether a 成本 row must exist), their thresholds, and what a new project starts with. A
document records its rule set's key; the 审核 panel and ``perfdesk check`` name it, and so does each finding.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .named import by_name, lookup


@dataclass(frozen=True)
class RuleSet:
    key: str
    name: str  # what the clerk sees: 河北, 全国通用, 财预〔2021〕101号
    description: str
    # 成本 required wherever the taxonomy puts it: the 成本指标 二级 of 产出 (classic), the 成本指标 一级 (101号)
    require_cost: bool = True
    require_benefit: bool = True
    require_satisfaction: bool = True
    satisfaction_floor: Decimal = Decimal(90)  # a 满意度 target below this is a 提示
    deviation_limit: Decimal = Decimal(15)  # % of deviation above which the 监控表 needs 偏差原因
    default_taxonomy: str = "classic"  # the taxonomy a new document under this rule set starts with
    # 自评 (FORMS.md §5): 分值 of budget execution and of each 一级, the 定性 bands, the 结论 bands, the rules
    score_weights: tuple[tuple[str, Decimal], ...] = (
        ("预算执行", Decimal(10)), ("产出指标", Decimal(50)), ("效益指标", Decimal(30)), ("满意度指标", Decimal(10)))
    qualitative_bands: tuple[tuple[str, Decimal, Decimal], ...] = (  # band, lowest and highest share of 分值
        ("达成年度指标", Decimal("0.8"), Decimal("1")), ("部分达成并具有一定效果", Decimal("0.6"), Decimal("0.8")),
        ("未达成且效果较差", Decimal("0"), Decimal("0.6")))
    conclusion_bands: tuple[tuple[Decimal, str], ...] = (  # lowest total of each 结论, best first
        (Decimal(90), "优"), (Decimal(80), "良"), (Decimal(60), "中"), (Decimal(0), "差"))
    exceed_limit: Decimal = Decimal("1.3")  # 实际 above target × this needs 偏差原因
    execution_caps: tuple[tuple[Decimal, Decimal], ...] = ()  # (执行率 below, total at most): some provinces


RULE_SETS: dict[str, RuleSet] = {r.key: r for r in (
    # Hebei's 自评表 gives 预算执行 20 (FORMS.md §5); the split of the other 80 is perfdesk's default, editable
    RuleSet("hebei", "河北", "河北省绩效目标审核：产出的数量、质量、时效、成本指标各至少一条，并有效益和满意度指标。",
            score_weights=(("预算执行", Decimal(20)), ("产出指标", Decimal(40)), ("效益指标", Decimal(30)),
                           ("满意度指标", Decimal(10)))),
    RuleSet("national", "全国通用", "全国通用：产出、效益、满意度指标必填；不要求成本指标。", require_cost=False),
    RuleSet("mof2021", "财预〔2021〕101号", "财预〔2021〕101号：产出、成本、效益、满意度指标必填（成本指标为一级指标）。",
            default_taxonomy="mof2021"),
)}


class UnknownRuleSetError(ValueError):
    pass


def rule_set(key: str) -> RuleSet:
    return lookup(RULE_SETS, key, "审核规则", UnknownRuleSetError)


def rule_set_by_name(text: str) -> RuleSet:
    return by_name(RULE_SETS, text, "审核规则", UnknownRuleSetError)
