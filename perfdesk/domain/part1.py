"""What Part 1 (部门整体绩效目标) prints as, in the public or the internal version — for every writer.

A classified section shows the published redaction when the version is public, or when nothing was
entered (as after importing a published document); otherwise its content, marked as classified.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .model import REDACTED_TEXT, Department
from .numbering import chinese_number

OVERALL = "一、总体绩效目标"
ITEMS = "二、分项绩效目标"
MEASURES = "三、工作保障措施"
GOAL_PREFIX = "绩效目标："
INDICATOR_PREFIX = "绩效指标："


@dataclass
class ItemView:
    heading: str  # （一）标题
    goal: str  # without the 绩效目标： prefix; REDACTED_TEXT when withheld
    indicator: str
    secret: bool
    redacted: bool  # the content is withheld: print REDACTED_TEXT alone

    @property
    def marked(self) -> bool:
        return self.secret and not self.redacted


@dataclass
class SectionView:
    heading: str
    paragraphs: list[str]
    secret: bool
    redacted: bool
    items: list[ItemView] = field(default_factory=list)

    @property
    def marked(self) -> bool:
        return self.secret and not self.redacted


def _hidden(secret: bool, has_content: bool, public: bool) -> bool:
    return secret and (public or not has_content)


def has_part1(d: Department) -> bool:
    """Whether the unit has a Part 1 at all: a document made from project tables alone has none, and no writer
    makes up its empty headings (a classified section counts: it prints as withheld)."""
    return bool(d.overall_goal or d.items or d.measures or d.overall_secret or d.items_secret or d.measures_secret)


def part1_view(d: Department, public: bool) -> list[SectionView]:
    """Part 1's sections as printed; none for a unit without Part 1 (has_part1)."""
    if not has_part1(d):
        return []
    overall_hidden = _hidden(d.overall_secret, bool(d.overall_goal), public)
    overall = SectionView(OVERALL, [REDACTED_TEXT] if overall_hidden else
                          (d.overall_goal.split("\n") if d.overall_goal else []), d.overall_secret, overall_hidden)
    items_hidden = _hidden(d.items_secret, bool(d.items), public)
    items = SectionView(ITEMS, [REDACTED_TEXT] if items_hidden else [], d.items_secret, items_hidden)
    if not items_hidden:
        for n, item in enumerate(d.items, 1):
            hidden = _hidden(item.secret, item.has_content(), public)
            items.items.append(ItemView(f"（{chinese_number(n)}）{item.title}", REDACTED_TEXT if hidden else item.goal,
                                        "" if hidden else item.indicator, item.secret, hidden))
    measures_hidden = _hidden(d.measures_secret, bool(d.measures), public)
    measures = SectionView(MEASURES, [REDACTED_TEXT] if measures_hidden else list(d.measures), d.measures_secret,
                           measures_hidden)
    return [overall, items, measures]
