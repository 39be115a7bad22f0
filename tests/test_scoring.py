"""自评 arithmetic by the rules of FORMS.md §5, with the weights and variants of the rule set."""

from __future__ import annotations

import dataclasses
from decimal import Decimal as D

import pytest

from perfdesk.domain.model import Indicator, Project
from perfdesk.domain.rulesets import rule_set
from perfdesk.domain.scoring import (band_range, conclusion, default_weights, execution_score, needs_explanation,
                                     project_scores, quantitative_score, total_score)

NATIONAL, HEBEI = rule_set("national"), rule_set("hebei")


@pytest.mark.parametrize("target, actual, score", [
    ("≥100个", "120个", D(10)), ("≥100个", "80个", D("8.00")), ("＞100个", "100个", D(10)),  # 正向
    ("≤10天", "8天", D(10)), ("≤10天", "15天", D("5.00")), ("≤10天", "20天", D(0)), ("＜10天", "25天", D(0)),  # 反向
    ("＝100%", "95%", D("9.50")), ("100%", "100%", D(10)),  # ＝ as 正向
    ("＝0起", "0起", D(10)), ("＝0起", "1起", D(0)),  # a target of 0
    ("≥100个", "120人", None), ("明显改善", "已改善", None),  # another unit, 定性: the clerk scores
])
def test_quantitative_score(target, actual, score):
    assert quantitative_score(target, actual, D(10)) == score


def test_default_weights_share_each_level_exactly():
    indicators = [Indicator("产出指标", "数量指标"), Indicator("产出指标", "质量指标"), Indicator("产出指标", "时效指标"),
                  Indicator("效益指标", "社会效益指标"), Indicator("满意度指标", "服务对象满意度指标")]
    weights = default_weights(indicators, NATIONAL)
    assert weights == [D("16.67"), D("16.67"), D("16.66"), D(30), D(10)] and sum(weights) + 10 == 100
    assert default_weights(indicators, HEBEI)[:3] == [D("13.33"), D("13.33"), D("13.34")]  # Hebei: 执行 20


def test_qualitative_band_and_budget_execution():
    assert band_range(NATIONAL, "部分达成并具有一定效果", D(10)) == (D("6.00"), D("8.00"))
    assert execution_score(NATIONAL, D(100), D(95)) == D("9.50")
    assert execution_score(HEBEI, D(100), D(95)) == D("19.00")  # Hebei's 预算执行 is worth 20
    assert execution_score(NATIONAL, D(100), D(120)) == D("10.00")  # 执行率 counts at most 100 %


def test_total_conclusion_and_province_variants():
    assert conclusion(NATIONAL, D("90")) == "优" and conclusion(NATIONAL, D("89.99")) == "良"
    assert conclusion(NATIONAL, D("59.99")) == "差"
    vendor = dataclasses.replace(NATIONAL, conclusion_bands=((D(80), "优"), (D(70), "良"), (D(60), "中"), (D(0), "差")))
    assert conclusion(vendor, D("85")) == "优"
    capped = dataclasses.replace(NATIONAL, execution_caps=((D(80), D(89)), (D(70), D(79)), (D(60), D(69))))
    assert total_score(capped, [D(50), D(30), D(10)], D("7.5"), D("0.75")) == D(89)
    assert total_score(NATIONAL, [D(50), D(30), D(10)], D("7.5"), D("0.75")) == D("97.50")


def test_when_a_deviation_must_be_explained():
    assert needs_explanation(NATIONAL, Indicator(value="≥100个", actual="80个"), D(8), D(10))
    assert needs_explanation(NATIONAL, Indicator(value="≥100个", actual="140个"), D(10), D(10))  # > 130 %
    assert not needs_explanation(NATIONAL, Indicator(value="≥100个", actual="120个"), D(10), D(10))


def test_a_projects_self_evaluation_adds_up():
    """Regression seen in real uploads: a 自评表 built in Excel with its totals zeroed."""
    project = Project(name="送戏下乡", budget=D("36.50"), executed=D("34.675"), indicators=[
        Indicator("产出指标", "数量指标", "演出场次", value="≥120场", actual="126场"),
        Indicator("产出指标", "质量指标", "演出合格率", value="＝100%", actual="98%"),
        Indicator("效益指标", "社会效益指标", "群众文化生活", value="明显改善", actual="明显改善", score=D(27),
                  band="达成年度指标"),
        Indicator("满意度指标", "服务对象满意度指标", "观众满意度", value="≥90%", actual="93%"),
    ])
    result = project_scores(project, NATIONAL)
    assert result["weights"] == [D(25), D(25), D(30), D(10)]
    assert result["scores"] == [D(25), D("24.50"), D(27), D(10)]
    assert result["execution"] == D("9.50") and result["total"] == D("96.00") and result["conclusion"] == "优"


def test_show_prints_the_computed_self_evaluation(tmp_path):
    from conftest import run_cli
    from perfdesk.domain.model import Department, Document
    from perfdesk.storage import DocumentFile

    project = Project(code="W1", name="送戏下乡", budget=D("36.50"), executed=D("34.675"), indicators=[
        Indicator("产出指标", "数量指标", "演出场次", value="≥120场", actual="126场"),
        Indicator("效益指标", "社会效益指标", "群众文化生活", value="明显改善", actual="明显改善"),
        Indicator("满意度指标", "服务对象满意度指标", "观众满意度", value="≥90%", actual="93%")])
    path = tmp_path / "z.perfdesk"
    DocumentFile.create(path, Document(rule_set="national", departments=[
        Department(code="1", name="某县文化馆", projects=[project])])).close()
    shown = run_cli("show", path).stdout
    # 产出 50 + 满意度 10 + 预算执行 9.50; the 定性 效益 awaits the clerk's 得分
    assert "自评「送戏下乡」：执行率 95.00%，总分 69.50（中），另有 1 条指标的得分待填" in shown
