"""The 指标值 parser: operator + number + unit, or qualitative (定性) text — for checking, never for rewriting."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from decimal import Decimal
from typing import Literal

from .text import to_halfwidth

# Canonical operators are the national systems' spellings: ≥ ＞ ＝ ＜ ≤ (note the full-width ＞ ＝ ＜).
GE, GT, EQ, LT, LE = "≥", "＞", "＝", "＜", "≤"
POSITIVE = frozenset({GE, GT, EQ})  # 正向: higher is better
QUALITATIVE = "定性"

# Spellings seen on input, after full-width folding (＞＝ → >=, ＜ → <, ＝ → =).
_OPERATOR_SPELLINGS = {
    ">=": GE, "=>": GE, "≥": GE, "≧": GE, "⩾": GE,
    ">": GT,
    "==": EQ, "=": EQ,
    "<": LT,
    "<=": LE, "=<": LE, "≤": LE, "≦": LE, "⩽": LE,
}
_OP_PATTERN = "|".join(sorted(map(re.escape, _OPERATOR_SPELLINGS), key=len, reverse=True))
_VALUE = re.compile(
    rf"^(?P<op>{_OP_PATTERN})?\s*(?P<num>[+-]?(?:\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.\d+)?|[+-]?\.\d+)\s*(?P<unit>.*)$",
    re.S,
)
# A unit is short and is not a sentence: no digits, no clause punctuation.
_UNIT = re.compile(r"^[^\d\s，。；;,：:！？!?、（）()]{0,8}$")


@dataclass(frozen=True)
class ParsedValue:
    text: str  # exactly what was typed
    kind: Literal["empty", "quantitative", "qualitative"]
    operator: str | None = None  # canonical, ＝ when a number is given without one
    explicit_operator: bool = False
    number: Decimal | None = None
    unit: str = ""  # as typed (％ stays ％)

    @property
    def nature(self) -> str:
        """指标性质 for flat lists: the operator, or 定性."""
        if self.kind == "quantitative":
            return self.operator or EQ
        return QUALITATIVE if self.kind == "qualitative" else ""

    @property
    def direction(self) -> str | None:
        """正向 (≥ ＞ ＝) or 反向 (＜ ≤); None for 定性."""
        if self.kind != "quantitative":
            return None
        return "正向" if self.operator in POSITIVE else "反向"

    @property
    def is_percent(self) -> bool:
        return to_halfwidth(self.unit) in ("%", "百分比")


@lru_cache(maxsize=65536)  # the same values recur across rows, projects and rules
def parse_value(text: str) -> ParsedValue:
    stripped = text.strip()
    if not stripped:
        return ParsedValue(text, "empty")
    folded = to_halfwidth(stripped)
    match = _VALUE.match(folded)
    if match:
        unit = stripped[match.start("unit"):].strip()
        if _UNIT.match(to_halfwidth(unit)):
            op_text = match.group("op")
            number = Decimal(match.group("num").replace(",", "").lstrip("+"))
            return ParsedValue(
                text,
                "quantitative",
                operator=_OPERATOR_SPELLINGS[op_text] if op_text else EQ,
                explicit_operator=bool(op_text),
                number=number,
                unit=unit,
            )
    return ParsedValue(text, "qualitative")


def format_value(operator: str | None, number: Decimal | str | None, unit: str) -> str:
    """Compose a 指标值 from flat-list columns (性质, 值, 单位); 定性 or an implied ＝ gives no operator."""
    num = "" if number is None else (format(number, "f") if isinstance(number, Decimal) else str(number))
    op = "" if operator in (None, "", QUALITATIVE) else operator
    return f"{op}{num}{unit}"


def official_value(text: str) -> str:
    """A 指标值 with its operator in the national systems' spelling (``>=60万人`` → ``≥60万人``); the
    number and unit stay as typed, and 定性 text is left alone."""
    parsed = parse_value(text)
    if parsed.kind != "quantitative" or not parsed.explicit_operator:
        return text
    stripped = text.strip()
    match = _VALUE.match(to_halfwidth(stripped))  # folding keeps lengths, so the span indexes the original
    return parsed.operator + stripped[match.end("op"):].lstrip()


#: The parts of a 指标值 a form may print in columns of their own (符号 | 值 | 计量单位).
VALUE_PARTS = ("operator", "number", "unit")


def split_value(text: str) -> dict[str, str]:
    """A 指标值 as three columns: the operator as typed (定性 for qualitative text, empty when none was typed),
    the number as typed, and the unit. :func:`join_value` puts them back together."""
    parsed = parse_value(text)
    if parsed.kind == "empty":
        return dict.fromkeys(VALUE_PARTS, "")
    stripped = text.strip()
    if parsed.kind == "qualitative":
        return {"operator": QUALITATIVE, "number": stripped, "unit": ""}
    match = _VALUE.match(to_halfwidth(stripped))  # folding keeps lengths, so the spans index the original
    return {"operator": stripped[match.start("op"):match.end("op")] if match.group("op") else "",
            "number": stripped[match.start("num"):match.end("num")], "unit": stripped[match.start("unit"):].strip()}


def join_value(parts: dict[str, str]) -> str:
    """The 指标值 the three columns stand for (the inverse of :func:`split_value`)."""
    return format_value(parts.get("operator", "").strip(), parts.get("number", "").strip(), parts.get("unit", "").strip())
