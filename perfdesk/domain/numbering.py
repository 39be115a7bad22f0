"""Chinese ordinal numerals for headings like （十二）, up to 九千九百九十九."""

from __future__ import annotations

_DIGITS = "零一二三四五六七八九"
_UNITS = ((1000, "千"), (100, "百"), (10, "十"))


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五, 1000 → 一千, 1010 → 一千零一十.
    Beyond 9999 (no clerk's list is that long) the Arabic number."""
    if n <= 0:
        raise ValueError(n)
    if n >= 10000:
        return str(n)
    if 10 <= n < 20:
        return "十" + (_DIGITS[n % 10] if n % 10 else "")
    out, rest, zero = "", n, False
    for value, unit in _UNITS:
        digit, rest = divmod(rest, value)
        if digit:
            out += ("零" if zero else "") + _DIGITS[digit] + unit
            zero = False
        elif out:
            zero = True
    if rest:
        out += ("零" if zero and out else "") + _DIGITS[rest]
    return out


def parse_chinese_number(text: str) -> int | None:
    """The inverse of :func:`chinese_number` for 1–9999; None for anything else."""
    if not text or any(ch not in _DIGITS + "十百千" for ch in text):
        return None
    total, current = 0, 0
    for ch in text:
        if ch in "千百十":
            total += (current or 1) * {"千": 1000, "百": 100, "十": 10}[ch]
            current = 0
        else:
            current = _DIGITS.index(ch)
    total += current
    return total or None
