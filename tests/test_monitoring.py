"""The mid-year 监控 lights and the deviation rule (FORMS.md §4)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from perfdesk.domain.monitoring import BLUE, GREEN, RED, YELLOW, budget_light, deviation_needs_cause, indicator_light
from perfdesk.domain.rulesets import rule_set


@pytest.mark.parametrize("target, done, month, light", [
    ("≥120场", "70场", 7, GREEN),    # 70 ÷ (120 × 7/12) = 100 %
    ("≥120场", "40场", 7, RED),      # 57 %
    ("≥120场", "50场", 7, YELLOW),   # 71 %
    ("≥120场", "90场", 7, BLUE),     # 129 %
    ("≤10天", "8天", 7, GREEN), ("≤10天", "12天", 7, RED),  # 反向: within the target or not
    ("明显改善", "部分达成", 7, YELLOW), ("明显改善", "达成", 8, GREEN),  # 定性: the clerk's judgement
    ("≥120场", "已开展", 7, None),
])
def test_indicator_light(target, done, month, light):
    assert indicator_light(target, done, month) == light


def test_budget_light_and_deviation_rule():
    assert budget_light(D(120), D(70), 7) == GREEN  # 58 % executed after 7 months is 100 % of the pace
    assert budget_light(D(120), D(30), 7) == RED
    assert budget_light(None, D(30), 7) is None
    hebei = rule_set("hebei")
    assert deviation_needs_cause(hebei, "≥120场", "100场")  # 16.7 % off
    assert not deviation_needs_cause(hebei, "≥120场", "110场")
