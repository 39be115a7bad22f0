"""Pairing this year's projects and indicators with an earlier year's (上年 for 上年值).

Projects pair by 项目编码 first — certain — then by how alike their names are (names change between years:
``2025年农村饮水维修`` → ``2026年农村饮水安全维修``); a pair by name is only proposed, the clerk confirms it.
Within a pair, indicators pair by 二级 and 三级 name, then by a close 三级 name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from .model import Department, Document, Indicator, Project
from .text import label_key

#: Below this a name is not proposed at all; from it on the clerk is asked.
NAME_SIMILARITY = 0.6
_YEAR = re.compile(r"(19|20)\d{2}年?度?")


@dataclass(frozen=True)
class ProjectPair:
    current: int  # index among this year's projects
    earlier: int  # index among the earlier year's
    certain: bool  # by 项目编码; otherwise proposed by name
    similarity: float  # 1.0 for a code match

    @property
    def why(self) -> str:
        return "项目编码相同" if self.certain else f"名称相似（{self.similarity:.0%}）"


def _name_key(name: str) -> str:
    """A project name without its year (a yearly project carries it in its name)."""
    return _YEAR.sub("", label_key(name))


def similarity(a: str, b: str) -> float:
    return SequenceMatcher(None, _name_key(a), _name_key(b), autojunk=False).ratio()


def pair_projects(current: list[Project], earlier: list[Project]) -> list[ProjectPair]:
    """One earlier project at most for each of this year's, codes first, then the most alike names."""
    pairs: list[ProjectPair] = []
    taken_now, taken_then = set(), set()
    by_code: dict[str, int] = {}
    for j, p in enumerate(earlier):
        if p.code.strip():
            by_code.setdefault(label_key(p.code), j)
    for i, p in enumerate(current):
        j = by_code.get(label_key(p.code)) if p.code.strip() else None
        if j is not None and j not in taken_then:
            pairs.append(ProjectPair(i, j, True, 1.0))
            taken_now.add(i)
            taken_then.add(j)
    candidates = sorted(((similarity(p.name, q.name), i, j) for i, p in enumerate(current) if i not in taken_now
                         for j, q in enumerate(earlier) if j not in taken_then), reverse=True)
    for score, i, j in candidates:
        if score < NAME_SIMILARITY or i in taken_now or j in taken_then:
            continue
        pairs.append(ProjectPair(i, j, False, score))
        taken_now.add(i)
        taken_then.add(j)
    return sorted(pairs, key=lambda pair: pair.current)


def pair_indicators(current: list[Indicator], earlier: list[Indicator]) -> list[tuple[int, int]]:
    """(index now, index then) of indicators of the same set: same 二级 and 三级, then the closest 三级 name."""
    pairs: list[tuple[int, int]] = []
    free = set(range(len(earlier)))
    for exact in (True, False):
        for i, ind in enumerate(current):
            if any(i == p for p, _ in pairs) or not ind.name:
                continue
            best, best_score = None, NAME_SIMILARITY
            for j in sorted(free):
                then = earlier[j]
                if then.phase != ind.phase:
                    continue
                if exact:
                    if then.level2 == ind.level2 and label_key(then.name) == label_key(ind.name):
                        best = j
                        break
                else:
                    score = SequenceMatcher(None, label_key(ind.name), label_key(then.name), autojunk=False).ratio()
                    if score >= best_score and then.level1 == ind.level1:
                        best, best_score = j, score
            if best is not None:
                pairs.append((i, best))
                free.discard(best)
    return sorted(pairs)


def pair_wholes(current: Document, earlier: Document) -> list[tuple[Department, Project]]:
    """Units' own 部门整体 tables, this year's (the unit, whose ``whole`` it is) with last year's: the same unit by
    its 单位编码 (by its name where it has no code) — no guess: a unit is its code."""
    def unit(d: Department) -> tuple[str, str]:
        return ("code", d.code) if d.code else ("name", d.name)

    then = {unit(d): d.whole for d in earlier.departments if d.whole is not None and (d.code or d.name)}
    return [(d, then[unit(d)]) for d in current.departments if d.whole is not None and unit(d) in then]


def previous_values(current: Project, earlier: Project) -> dict[int, dict[str, str]]:
    """{indicator index: its 上年值 fields} from the earlier year's project (its 指标值, and its 实际完成值)."""
    return {i: {"previous_value": earlier.indicators[j].value, "previous_actual": earlier.indicators[j].actual}
            for i, j in pair_indicators(current.indicators, earlier.indicators)}
