"""The 指标值 parser on every value of the seed, ASCII operators and full-width forms."""

from decimal import Decimal

import pytest

from perfdesk.domain.values import EQ, GE, GT, LE, LT, format_value, parse_value

# Every distinct 指标值 of the seed's unclassified projects, with what it means.
SEED_QUANTITATIVE = {
    "56万人": (EQ, "56", "万人"), "≥95%": (GE, "95", "%"), "≥98%": (GE, "98", "%"), "≤100%": (LE, "100", "%"),
    "≥2000人": (GE, "2000", "人"), "100%": (EQ, "100", "%"), "23万元": (EQ, "23", "万元"), "400个": (EQ, "400", "个"),
    "≤10万元": (LE, "10", "万元"), "≥50人": (GE, "50", "人"), "≤20%": (LE, "20", "%"), "120万元": (EQ, "120", "万元"),
    "≤100百分比": (LE, "100", "百分比"), "≥90百分比": (GE, "90", "百分比"), "20万元": (EQ, "20", "万元"),
    "≥95百分比": (GE, "95", "百分比"), "≥98百分比": (GE, "98", "百分比"), "74个": (EQ, "74", "个"),
    "≤3%": (LE, "3", "%"), "10万元": (EQ, "10", "万元"),
}
SEED_QUALITATIVE = [
    "政法工作为经济发展保驾护航", "社会治安稳定，大局安全。", "减少耗能，节约办公", "长期", "减轻政法干警经济压力",
    "体现从优待警政策，一定程度上减轻政法干警经济负担", "促进厉行节约，节能减排", "保证铁路沿线安全，畅通运行",
    "人民群众的安全感不断增强", "铁路沿线环境整治效果好，有利于铁路安全维护", "铁路长期安全运行",
    "减轻精神障碍患者治疗费用负担", "集中收治精神障碍患者，促进社会治安稳定。",
    "集中收治精神障碍患者，防止发生精神障碍患者伤人案件。", "以当年实际发生数为准",
    "确保评选出见义勇为人员符合标准和程序，切实发挥正能量", "当年审查当年评选", "不影响行政成本的增加或减少",
    "弘扬见义勇为正气促进社会和谐稳定。", "弘扬见义勇为正气，促进社会主义精神文明建设", "长期持久的正面引导和影响。",
    "解决涉法涉诉当事人实际困难，缓解困难当事人经济压力", "理顺信访秩序，维护社会稳定", "该项目对生态环境不造成污染和影响",
    "维护信访秩序，促进长治久安", "四级网开到乡镇，远程办公，减少乡镇政法委员出行成本",
    "我县三级、四级网维护社会稳定、防控社会风险", "光纤网络铺设不产生污染",
]


def test_every_seed_value_is_classified(seed_doc):
    values = {ind.value for p in seed_doc.projects() if not p.secret for ind in p.indicators}
    assert values - {""} == set(SEED_QUANTITATIVE) | set(SEED_QUALITATIVE)


@pytest.mark.parametrize("text,expected", SEED_QUANTITATIVE.items())
def test_seed_quantitative(text, expected):
    op, number, unit = expected
    v = parse_value(text)
    assert (v.kind, v.operator, v.number, v.unit) == ("quantitative", op, Decimal(number), unit)
    assert v.text == text
    assert v.explicit_operator == (text[0] in "≥≤")


@pytest.mark.parametrize("text", SEED_QUALITATIVE)
def test_seed_qualitative(text):
    v = parse_value(text)
    assert v.kind == "qualitative" and v.nature == "定性" and v.direction is None and v.text == text


@pytest.mark.parametrize("text,op", [
    (">=95%", GE), ("=>95%", GE), (">95%", GT), ("=95%", EQ), ("==95%", EQ), ("<95%", LT), ("<=95%", LE),
    ("=<95%", LE), ("＞95%", GT), ("＝95%", EQ), ("＜95%", LT), ("＞＝95%", GE), ("＜＝95%", LE), ("≧95%", GE),
    ("≦95%", LE), ("≥ 95 %", GE), (" ≤95% ", LE),
])
def test_operator_spellings(text, op):
    v = parse_value(text)
    assert v.kind == "quantitative" and v.operator == op and v.number == Decimal("95") and v.explicit_operator
    assert v.text == text  # never rewritten


def test_fullwidth_digits_and_percent_keep_the_typed_unit():
    v = parse_value("≥９８．５％")
    assert (v.operator, v.number, v.unit, v.is_percent) == (GE, Decimal("98.5"), "％", True)


def test_direction_and_nature():
    assert parse_value("≥95%").direction == "正向"
    assert parse_value("≤10万元").direction == "反向"
    assert parse_value("＜3%").nature == LT
    assert parse_value("56万人").nature == EQ
    assert parse_value("").kind == "empty" and parse_value("  ").nature == ""


def test_thousands_separator_and_decimals():
    v = parse_value("≤1,234.50万元")
    assert v.number == Decimal("1234.50") and str(v.number) == "1234.50" and v.unit == "万元"


def test_number_followed_by_a_sentence_is_qualitative():
    assert parse_value("2000多名政法干警全部投保").kind == "qualitative"
    assert parse_value("3个月内完成，确保质量").kind == "qualitative"


def test_format_value_composes_flat_list_columns():
    assert format_value(GE, Decimal("95"), "%") == "≥95%"
    assert format_value("定性", None, "长期") == "长期"
    assert format_value(None, "56", "万人") == "56万人"
