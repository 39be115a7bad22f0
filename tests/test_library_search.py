"""Finding library entries by a part of the name or by pinyin initials, 多音字 included."""

from __future__ import annotations

from conftest import run_cli
from perfdesk.library.builtin import LibraryEntry, builtin_entries
from perfdesk.library.search import search


def _names(query: str) -> list[str]:
    return [e.name for e in search(query, builtin_entries())]


def test_pinyin_initials_find_the_entry():
    assert _names("pxrc") == ["培训人次"]
    assert _names("PXRC") == ["培训人次"]  # as typed with Caps Lock on
    assert "工程验收合格率" in _names("ysh")  # initials inside the name: 验收合格…


def test_every_reading_of_a_heteronym_counts():
    """长 is chang (c) in 长效, zhang (z) elsewhere: either initial finds it."""
    assert _names("cxjg") == ["长效监管机制建立"] == _names("zxjg")


def test_substrings_rank_before_initials_and_names_before_explanations():
    entries = (LibraryEntry("其他", "产出指标", "数量指标", "检查次数", "年度内开展的监督检查次数", "≥", "", "次", "计划标准"),
               LibraryEntry("其他", "产出指标", "质量指标", "问题整改完成率", "检查发现问题的整改", "≥", "95", "%", "计划标准"),
               LibraryEntry("其他", "产出指标", "数量指标", "监督检查次数", "", "≥", "", "次", "计划标准"))
    assert [e.name for e in search("检查", entries)] == ["检查次数", "监督检查次数", "问题整改完成率"]
    assert search("", entries) == [] and search("zzzz", entries) == []


def test_cli_library_search():
    result = run_cli("library", "search", "pxrc")
    assert result.returncode == 0 and "培训人次　产出指标—数量指标" in result.stdout
    none = run_cli("library", "search", "不存在的指标")
    assert none.returncode == 0 and "没有与「不存在的指标」相符的指标" in none.stdout


def test_the_index_finds_what_scoring_every_entry_finds_in_the_same_order():
    """library/index (str.find over joined names and initials, entries in rank order) against search.search, the
    plain scoring of every entry: built-in entries and invented ones with 多音字 (长, 重, 行), digits, uses."""
    import random

    from perfdesk.library.builtin import LibraryEntry, builtin_entries
    from perfdesk.library.index import SearchIndex
    from perfdesk.library.search import search

    words = ["培训", "人次", "长效", "重点", "行业", "覆盖率", "完成", "及时", "设备", "购置", "监督", "检查", "满意度", "2024"]
    rng = random.Random(7)
    invented = tuple(LibraryEntry("个性", "产出指标", "数量指标", "".join(rng.sample(words, rng.randint(1, 3))),
                                  rng.choice(["", "年度内完成的数量", "重点行业覆盖"]), "≥", "", "个", "", uses=rng.randint(0, 3))
                     for _ in range(300))
    entries = builtin_entries() + invented
    index = SearchIndex(entries)
    for query in ["p", "px", "pxrc", "培训", "人次", "cx", "zx", "zd", "xy", "hy", "2024", "wc", "覆盖", "年度",
                  "zzzz", "设备购置", "jdjc"]:
        for limit in (1, 8, 20):
            assert [e for e, _ in index.search(query, limit)] == search(query, entries, limit), (query, limit)
