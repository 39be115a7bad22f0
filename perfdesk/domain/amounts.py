"""Exact amounts in 万元 and spending-plan percentages: parsing what a clerk types, printing it back."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from .text import to_halfwidth

# ASCII digits only: \d would also take Arabic-Indic and other scripts' digits (٣٠), which Decimal accepts.
_AMOUNT = re.compile(r"^\+?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$|^\+?\.\d+$", re.ASCII)


class AmountError(ValueError):
    """A text that is not an amount; the message is Chinese and says what to type instead."""


#: Every amount (万元) and share admitted anywhere — text, workbook, window, API — is a finite decimal below
#: this bound with at most MAX_PLACES decimals: an Infinity or 1e400 would export as an empty cell or as
#: text perfdesk cannot read back.
AMOUNT_LIMIT = Decimal(10) ** 12
MAX_PLACES = 6


def check_amount(value: Decimal | None, *, what: str = "金额") -> Decimal | None:
    """``value`` itself if it is a sane amount, else AmountError (Chinese)."""
    if value is None:
        return None
    if not isinstance(value, Decimal) or not value.is_finite():
        raise AmountError(f"{what}不是有效的数字：「{value}」")
    if value < 0:
        raise AmountError(f"{what}不能为负数：「{format(value, 'f')}」")
    if value >= AMOUNT_LIMIT:
        raise AmountError(f"{what}过大：「{value:.6g}」（应小于 1 万亿）")
    if -value.as_tuple().exponent > MAX_PLACES:
        raise AmountError(f"{what}的小数位过多：「{format(value, 'f')}」（最多 {MAX_PLACES} 位小数）")
    return value


def parse_amount(text: str, *, what: str = "金额") -> Decimal | None:
    """``30``, ``30.00``, ``３０``, ``1,234.5`` → Decimal (trailing zeros kept); blank → None."""
    return check_amount(parse_number(text, what=what), what=what)


def parse_number(text: str, *, what: str = "金额") -> Decimal | None:
    """A plain non-negative decimal as typed (digits, separators, a point), not yet checked for range."""
    folded = to_halfwidth(text).strip().replace("，", ",")
    if not folded:
        return None
    if folded.startswith("-"):
        raise AmountError(f"{what}不能为负数：「{text.strip()}」")
    if not _AMOUNT.match(folded):
        raise AmountError(f"{what}应为数字（如 30、30.00、1,234.5），不能是「{text.strip()}」")
    try:
        value = Decimal(folded.replace(",", "").lstrip("+"))
    except InvalidOperation as exc:  # pragma: no cover - the regex admits only valid numbers
        raise AmountError(f"{what}无法识别：「{text.strip()}」") from exc
    return value


def official_amount(value: Decimal | None) -> Decimal | None:
    """An amount or share in the shape the bureau prints it: at least two decimals (``50`` → ``50.00``);
    more decimals than two are the clerk's and are kept."""
    if value is None or -value.as_tuple().exponent >= 2:
        return value
    return value.quantize(Decimal("0.01"))


def format_amount(value: Decimal | None) -> str:
    """The amount as the clerk typed it (``30.00`` stays ``30.00``, ``0`` stays ``0``), never in exponent form."""
    if value is None:
        return ""
    return format(value, "f")


_PERCENT_SUFFIXES = ("%", "百分比")


def parse_percent(text: str, *, what: str = "比例") -> Decimal | None:
    """``50.00%``, ``50``, ``５０％`` → Decimal('50.00') etc.; blank → None. Must lie within 0–100 is a 审核 rule, not a parse rule."""
    folded = to_halfwidth(text).strip()
    for suffix in _PERCENT_SUFFIXES:
        if folded.endswith(suffix):
            folded = folded[: -len(suffix)].rstrip()
            break
    if not folded:
        if text.strip():
            raise AmountError(f"{what}缺少数字：「{text.strip()}」")
        return None
    return parse_amount(folded, what=what)


def format_percent(value: Decimal | None) -> str:
    return "" if value is None else f"{format_amount(value)}%"
