"""Amounts, taxonomies, numbering and the document model."""

from decimal import Decimal

import pytest

from perfdesk.domain.amounts import AmountError, format_amount, format_percent, parse_amount, parse_percent
from perfdesk.domain.model import Department, Document, Indicator, Project
from perfdesk.domain.numbering import chinese_number, parse_chinese_number
from perfdesk.domain.taxonomy import CLASSIC, MOF2021, detect_taxonomy


@pytest.mark.parametrize("text,expected", [
    ("30", "30"), ("30.00", "30.00"), ("３０", "30"), ("1,234.5", "1234.5"), ("0", "0"), (" 12.50 ", "12.50"),
    ("１，２３４．５", "1234.5"), (".5", "0.5"),
])
def test_amounts_parse_exactly(text, expected):
    value = parse_amount(text)
    assert isinstance(value, Decimal) and format_amount(value) == expected


@pytest.mark.parametrize("text", ["abc", "30元", "1,23", "3.0.0", "三十", "1e5"])
def test_bad_amounts_are_refused_in_chinese(text):
    with pytest.raises(AmountError, match="应为数字"):
        parse_amount(text, what="预算数")


def test_negative_amount_refused():
    with pytest.raises(AmountError, match="不能为负数"):
        parse_amount("-5")


def test_blank_amount_is_none_and_sums_stay_exact():
    assert parse_amount("  ") is None
    total = sum((parse_amount(t) for t in ["0.10"] * 10), Decimal("0.00"))
    assert format_amount(total) == "1.00"  # a float would give 0.9999999999999999


@pytest.mark.parametrize("text,expected", [("50.00%", "50.00%"), ("50", "50%"), ("５０％", "50%"), ("", "")])
def test_percent(text, expected):
    assert format_percent(parse_percent(text)) == expected


def test_percent_without_number_is_refused():
    with pytest.raises(AmountError):
        parse_percent("%")


def test_classic_taxonomy_names_and_codes():
    assert CLASSIC.level1_names() == ["产出指标", "效益指标", "满意度指标"]
    assert CLASSIC.level2_names("产出指标") == ["数量指标", "质量指标", "时效指标", "成本指标"]
    assert CLASSIC.code_of("效益指标", "可持续影响指标") == "24"


@pytest.mark.parametrize("level1,level2,expected", [
    ("产出", "数量", ("产出指标", "数量指标")),
    ("效益指标", "环境效益指标", ("效益指标", "生态效益指标")),
    ("满意度", "社会公众或服务对象满意度指标", ("满意度指标", "服务对象满意度指标")),
    (" 效益指标 ", "经济效益", ("效益指标", "经济效益指标")),
])
def test_name_drift_is_folded_to_the_taxonomy_spelling(level1, level2, expected):
    l1 = CLASSIC.normalise_level1(level1)
    assert (l1, CLASSIC.normalise_level2(l1, level2)) == expected


def test_cost_is_level2_in_classic_and_level1_in_mof2021():
    assert CLASSIC.normalise_level2("产出指标", "成本指标") == "成本指标"
    assert CLASSIC.normalise_level1("成本指标") is None
    assert MOF2021.normalise_level2("成本指标", "经济成本") == "经济成本指标"
    assert detect_taxonomy([("产出指标", "数量指标"), ("成本指标", "经济成本指标")]) is MOF2021
    assert detect_taxonomy([("产出指标", "成本指标")]) is CLASSIC
    assert detect_taxonomy([("其他指标", "数量指标")]) is None


def test_chinese_numbers_round_trip():
    for n in range(1, 200):
        assert parse_chinese_number(chinese_number(n)) == n
    assert [chinese_number(n) for n in (1, 10, 11, 20, 99, 101)] == ["一", "十", "十一", "二十", "九十九", "一百零一"]


def test_model_equality_ignores_storage_ids_and_counts():
    a = Document(departments=[Department(projects=[Project(name="甲", budget=Decimal("1.50"),
                                                           indicators=[Indicator("产出指标", "数量指标", "x")])])])
    b = Document(departments=[Department(projects=[Project(name="甲", budget=Decimal("1.50"),
                                                           indicators=[Indicator("产出指标", "数量指标", "x", id=7)])])])
    assert a == b
    assert a.indicator_count() == 1 and a.budget_total() == Decimal("1.50")
    with pytest.raises(ValueError):
        Project(plan=[None])
