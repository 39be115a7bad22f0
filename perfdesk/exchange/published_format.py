"""The fixed words of the published document's form, shared by its reader and writer."""

from __future__ import annotations

import re

from ..domain.model import REDACTED_TEXT as REDACTED_TEXT_MARK
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

ITEM_HEADING = re.compile(r"^[（(]\s*([一二三四五六七八九十百千零]+)\s*[)）]\s*(.*)$")
TABLE_TITLE = re.compile(r"^(\d+)\s*[.．、]\s*(.+?)绩效目标表$")
_YEAR = re.compile(r"(\d{4})年度?$")
#: The form whose tables the published text carries (the seed is Hebei's published document).
TEXT_FORM = "hebei"

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


def _key(text: str) -> str:
    from ..domain.text import label_key

    return label_key(split_mark(text)[0])


_HEADINGS = (PART1, PART1_TITLE, OVERALL, ITEMS, MEASURES, PART2, PART2_TITLE)


def looks_like_structure(paragraph: str, *, in_item: bool = False) -> str | None:
    """Why a paragraph of Part 1 would be read back as part of the document's structure rather than as
    text (the published form has no way to escape it), or None. ``in_item``: inside a 分项, where its
    own headings and prefixes count too."""
    key = _key(paragraph)
    if any(key == _key(h) for h in _HEADINGS):
        return f"与标题「{paragraph.strip()}」相同"
    if TABLE_TITLE.match(key):
        return "像项目表题（“N.……绩效目标表”）"
    if key == _key(REDACTED_TEXT_MARK):
        return "与公开版的涉密说明相同"
    if parse_doc_title(key):
        return "像文档标题（“……预算绩效目标”）"
    if in_item and ITEM_HEADING.match(paragraph.strip()):
        return "像分项标题（“（一）……”）"
    if in_item and (key.startswith(_key(GOAL_PREFIX)) or key.startswith(_key(INDICATOR_PREFIX))):
        return f"以「{GOAL_PREFIX}」或「{INDICATOR_PREFIX}」开头"
    return None


#: The department fields whose text the published form prints, and what a message calls them.
PRINTED_DEPARTMENT_FIELDS = {"code": "单位编码", "name": "单位名称", "overall_goal": f"{OVERALL}中的一段",
                             "measures": f"{MEASURES}中的一段", "items": f"{ITEMS}中的一段"}


def unprintable(field: str, value) -> tuple[str, str] | None:
    """(the text in question, why) when a department field's value could not be printed in the published
    text and read back as the same; None when it can. The department page refuses such a value at entry;
    the text export refuses a document that has one anyway (from a workbook or the API)."""
    lines: list[str] = []
    in_item = False
    if field == "code" and value and not value.isdigit():
        return value, "含有数字以外的字符，会与单位名称连在一起"
    if field == "name" and value[:1].isdigit():
        return value, "以数字开头，会与单位编码连在一起"
    if field == "overall_goal":
        lines = value.split("\n")
    elif field == "measures":
        lines = list(value)
    elif field == "items":
        in_item = True
        for item in value:
            if "\n" in item.title:
                return item.title, "是分项标题，却有多行"
            # the first line of each is printed after its prefix, which keeps it text whatever it says
            lines += item.goal.split("\n")[1:] + item.indicator.split("\n")[1:]
    for line in lines:
        why = line.strip() and looks_like_structure(line, in_item=in_item)
        if why:
            return line.strip(), why
    return None
