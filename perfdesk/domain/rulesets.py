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


RULE_SETS: dict[str, RuleSet] = {r.key: r for r in (
    RuleSet("hebei", "河北", "河北省绩效目标审核：产出的数量、质量、时效、成本指标各至少一条，并有效益和满意度指标。"),
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
