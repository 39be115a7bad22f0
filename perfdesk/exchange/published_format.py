"""The fixed words of the published document's form, shared by its reader and writer."""

from __future__ import annotations

import re

from ..domain.part1 import GOAL_PREFIX, INDICATOR_PREFIX, ITEMS, MEASURES, OVERALL  # noqa: F401 - re-exported

PART1 = "第一部分"
PART1_TITLE = "部门整体绩效目标"
PART2 = "第二部分"
PART2_TITLE = "预算项目绩效目标"
DOC_TITLE_SUFFIX = "预算绩效目标"
PREPARER_PREFIX = "填报人："
PHONE_PREFIX = "联系电话："

#: Appended to a heading or title whose classified content is written out in full (the internal
#: version); the public version prints the redaction instead and needs no mark.
SECRET_MARK = "【涉密】"

ITEM_HEADING = re.compile(r"^[（(]\s*([一二三四五六七八九十百零]+)\s*[)）]\s*(.*)$")
TABLE_TITLE = re.compile(r"^(\d+)\s*[.．、]\s*(.+?)绩效目标表$")
_YEAR = re.compile(r"(\d{4})年度?$")
UNIT_LINE = re.compile(r"^(\d*)(.*)$", re.S)


def parse_doc_title(text: str) -> tuple[str, str, str | None] | None:
    """``210001某局2026年度预算绩效目标`` → (code, name, year); None if it is not a document title.

    Plain string steps, not one regex: a pattern with a lazy middle and optional digits around it took
    minutes on a line of digits (every pattern over user text must be linear)."""
    if not text.endswith(DOC_TITLE_SUFFIX):
        return None
    rest = text[: -len(DOC_TITLE_SUFFIX)]
    year = _YEAR.search(rest[-6:])  # only the tail can hold 2026年度
    if year:
        rest = rest[: len(rest) - len(year.group(0))]
    digits = len(rest) - len(rest.lstrip("0123456789"))
    return rest[:digits], rest[digits:], year.group(1) if year else None


def split_mark(line: str) -> tuple[str, bool]:
    """A heading without its 【涉密】 mark, and whether it had one."""
    stripped = line.rstrip()
    if stripped.endswith(SECRET_MARK):
        return stripped[: -len(SECRET_MARK)].rstrip(), True
    return stripped, False
