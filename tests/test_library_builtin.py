"""The built-in 指标库 content: every entry well formed and placed in its taxonomy."""

from __future__ import annotations

from perfdesk.domain.taxonomy import taxonomy
from perfdesk.domain.values import QUALITATIVE, parse_value
from perfdesk.library.builtin import COMMON_CLASSES, STANDARD_TYPES, TAXONOMY, builtin_entries

OPERATORS = ("≥", "＞", "＝", "＜", "≤", QUALITATIVE)


def test_every_entry_sits_under_a_valid_level1_and_level2():
    tax = taxonomy(TAXONOMY)
    for entry in builtin_entries():
        assert tax.normalise_level1(entry.level1) == entry.level1, entry
        assert tax.normalise_level2(entry.level1, entry.level2) == entry.level2, entry


def test_entries_are_complete_and_their_values_read_as_written():
    entries = builtin_entries()
    assert {e.project_class for e in entries} == {"会议培训类", "新闻宣传类", "设备购置类", "信息系统建设运维类",
                                                   "基建工程类", "监督检查类"} <= set(COMMON_CLASSES)
    names = [(e.project_class, e.name) for e in entries]
    assert len(names) == len(set(names))  # no entry twice in a class
    for e in entries:
        assert e.name and e.explanation and e.operator in OPERATORS and e.standard in STANDARD_TYPES, e
        if e.operator == QUALITATIVE:
            assert e.value and not e.unit and parse_value(e.typical_value).kind == "qualitative", e
        else:
            assert e.unit, e
            if e.value:
                parsed = parse_value(e.typical_value)
                assert parsed.kind == "quantitative" and parsed.operator == e.operator and parsed.unit == e.unit, e


def test_each_class_covers_output_benefit_and_satisfaction():
    """A class's set, inserted as a template, gives a table the 审核's structure asks for."""
    by_class: dict[str, set[str]] = {}
    for e in builtin_entries():
        by_class.setdefault(e.project_class, set()).add(e.level2 if e.level1 == "产出指标" else e.level1)
    for name, levels in by_class.items():
        assert {"数量指标", "质量指标", "时效指标", "成本指标", "效益指标", "满意度指标"} <= levels, name
