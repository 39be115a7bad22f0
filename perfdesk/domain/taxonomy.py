"""The two indicator taxonomies of DOMAIN.md as data, with the name drift seen in the wild folded on lookup."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .text import label_key


@dataclass(frozen=True)
class Level2:
    name: str
    code: str = ""


@dataclass(frozen=True)
class Level1:
    name: str
    children: tuple[Level2, ...]
    code: str = ""


@dataclass(frozen=True, eq=False)  # identity: hashing the whole tree on every cached lookup was the cost
class Taxonomy:
    key: str
    title: str
    levels: tuple[Level1, ...]

    def level1_names(self) -> list[str]:
        return [level.name for level in self.levels]

    def level2_names(self, level1: str) -> list[str]:
        level = self._level1(level1)
        return [child.name for child in level.children] if level else []

    def _level1(self, name: str) -> Level1 | None:
        key = _core(name)
        return next((level for level in self.levels if _core(level.name) == key), None)

    @lru_cache(maxsize=4096)  # noqa: B019 - taxonomies are module-level constants, never freed
    def normalise_level1(self, name: str) -> str | None:
        """The taxonomy's own spelling of a 一级 name (``产出`` → ``产出指标``), or None if it has no such 一级."""
        level = self._level1(name)
        return level.name if level else None

    @lru_cache(maxsize=4096)  # noqa: B019
    def normalise_level2(self, level1: str, name: str) -> str | None:
        level = self._level1(level1)
        if level is None:
            return None
        key = _core(name)
        return next((child.name for child in level.children if _core(child.name) == key), None)

    def all_level2_names(self) -> list[str]:
        return [child.name for level in self.levels for child in level.children]

    def level1_of(self, level2: str) -> tuple[str, str] | None:
        """(一级, 二级) in the taxonomy's spelling for a 二级 name; 二级 names are unique within a taxonomy."""
        key = _core(level2)
        for level in self.levels:
            for child in level.children:
                if _core(child.name) == key:
                    return level.name, child.name
        return None

    def code_of(self, level1: str, level2: str = "") -> str:
        level = self._level1(level1)
        if level is None:
            return ""
        if not level2:
            return level.code
        key = _core(level2)
        return next((child.code for child in level.children if _core(child.name) == key), "")


# Spellings met in real documents, folded to the taxonomy's own (compared without the suffix 指标).
_SYNONYMS = {
    "环境效益": "生态效益",
    "生态环境效益": "生态效益",
    "社会公众或服务对象满意度": "服务对象满意度",
    "社会公众满意度": "服务对象满意度",
    "可持续影响效益": "可持续影响",
}


@lru_cache(maxsize=4096)
def _core(name: str) -> str:
    key = label_key(name)
    if key.endswith("指标"):
        key = key[: -len("指标")]
    return _SYNONYMS.get(key, key)


def _levels(*spec: tuple[str, str, tuple[tuple[str, str], ...]]) -> tuple[Level1, ...]:
    return tuple(Level1(name, tuple(Level2(n, c) for n, c in children), code) for code, name, children in spec)


CLASSIC = Taxonomy(
    "classic",
    "通用（河北等多数省份）",
    _levels(
        ("1", "产出指标", (("数量指标", "11"), ("质量指标", "12"), ("时效指标", "13"), ("成本指标", "14"))),
        ("2", "效益指标", (("经济效益指标", "21"), ("社会效益指标", "22"), ("生态效益指标", "23"),
                          ("可持续影响指标", "24"))),
        ("3", "满意度指标", (("服务对象满意度指标", "31"),)),
    ),
)

# 财预〔2021〕101号 style: 成本 is a 一级 of its own. Codes are not published for it, so none are invented.
MOF2021 = Taxonomy(
    "mof2021",
    "财预〔2021〕101号（成本指标单列）",
    _levels(
        ("", "产出指标", (("数量指标", ""), ("质量指标", ""), ("时效指标", ""))),
        ("", "成本指标", (("经济成本指标", ""), ("社会成本指标", ""), ("生态环境成本指标", ""))),
        ("", "效益指标", (("经济效益指标", ""), ("社会效益指标", ""), ("生态效益指标", ""))),
        ("", "满意度指标", (("服务对象满意度指标", ""),)),
    ),
)

TAXONOMIES: dict[str, Taxonomy] = {t.key: t for t in (CLASSIC, MOF2021)}
DEFAULT_TAXONOMY = CLASSIC.key


def taxonomy(key: str) -> Taxonomy:
    try:
        return TAXONOMIES[key]
    except KeyError:
        raise KeyError(f"未知的指标体系：{key}") from None


def detect_taxonomy(pairs: list[tuple[str, str]]) -> Taxonomy | None:
    """The first taxonomy in which every (一级, 二级) pair is known, classic first; None if neither fits."""
    for candidate in TAXONOMIES.values():
        if all(candidate.normalise_level2(l1, l2) for l1, l2 in pairs):
            return candidate
    return None


#: 一级 names tables print over 二级 of the taxonomy's own 一级 (compared without the suffix 指标).
_DRIFT_LEVEL1 = ("效果", "实施效果")


def drift_mapping(tax: Taxonomy, level1: str, level2: str) -> tuple[str, str] | None:
    """(一级, 二级) in ``tax`` for a pair a published table wrote outside it, or None when the pair is the
    taxonomy's own or cannot be placed. Seen in the wild: a 二级 used as 一级 across the 二级 column
    (服务对象满意度指标, 社会公众或服务对象满意度指标 — the 二级 cell then empty or repeating it), and an 一级 the
    taxonomy lacks over known 二级 (效果指标 over 满意度, 实施效果指标 over 产出 and 效益 rows)."""
    own1 = tax.normalise_level1(level1)
    if own1 is not None and tax.normalise_level2(own1, level2) is not None:
        return None
    if not level2.strip() or label_key(level2) == label_key(level1):
        return tax.level1_of(level1)
    if own1 is None and _core(level1) in _DRIFT_LEVEL1:  # only the names seen in the wild: a typo stays an error
        found = tax.level1_of(level2)
        if found is None and tax.normalise_level1(level2):  # 效果指标 over 满意度指标: a 一级 with one 二级
            children = tax.level2_names(tax.normalise_level1(level2))
            found = (tax.normalise_level1(level2), children[0]) if len(children) == 1 else None
        return found
    return None
