"""The built-in starter set: common indicators of the 共性 project classes county units use most, written by
perfdesk from general knowledge of the field (FORMS.md §6), kept as data in resources/library/builtin.csv."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache

from ..domain.values import QUALITATIVE, format_value
from ..resources import resource_path

#: The 12 共性 classes of the national library (FORMS.md §6).
COMMON_CLASSES = ("会议培训类", "政策研究类", "新闻宣传类", "大型活动类", "国际交流合作类", "国际组织会费类",
                  "基建工程类", "设备购置类", "信息系统建设运维类", "科研项目类", "监督检查类", "纪检监督类")
STANDARD_TYPES = ("计划标准", "行业标准", "历史标准", "其他标准")
TAXONOMY = "classic"  # the taxonomy the entries are written in (成本指标 under 产出指标)


@dataclass(frozen=True)
class LibraryEntry:
    project_class: str  # 项目分类: a 共性 class, or 个性
    level1: str
    level2: str
    name: str  # 三级指标名称
    explanation: str  # 指标解释
    operator: str  # 计算符号: ≥ ＞ ＝ ＜ ≤, or 定性
    value: str  # typical 指标值 (empty: the clerk's to give)
    unit: str  # 计量单位
    standard: str  # 指标值确定依据 / 标准类型
    source: str = "内置"  # 内置, 我的指标, or the file it was imported from
    uses: int = 0  # how often the clerk's documents used it (我的指标)
    last_value: str = ""  # the 指标值 it had there last
    initials: tuple[str, ...] = ()  # its name's pinyin initials, when computed ahead (search.initial_strings)
    keywords: str = ""  # 关键词 a bureau's library gives, searched like the explanation
    scope: str = ""  # 适用层级 (省 / 市 / 县), as the library writes it

    @property
    def searchable_text(self) -> str:
        """What a search finds besides the name: the explanation and the keywords."""
        return f"{self.explanation} {self.keywords}" if self.keywords else self.explanation

    @property
    def typical_value(self) -> str:
        """The 指标值 as a cell takes it (``≥90%``): the entry's typical one, else the one the clerk used last."""
        if self.operator == QUALITATIVE:
            return self.value
        return format_value(self.operator, self.value, self.unit) if self.value else self.last_value


@lru_cache(maxsize=1)
def builtin_entries() -> tuple[LibraryEntry, ...]:
    with resource_path("library", "builtin.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    return tuple(LibraryEntry(r["项目分类"], r["一级指标"], r["二级指标"], r["三级指标"], r["指标解释"], r["计算符号"],
                              r["指标值"], r["计量单位"], r["标准类型"]) for r in rows)
