"""Chinese ordinal numerals for headings like （十二）."""

from __future__ import annotations

_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五 (enough for any list a clerk writes)."""
    if n <= 0:
        raise ValueError(n)
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _DIGITS[n // 10] + "十" + (_DIGITS[n % 10] if n % 10 else "")
    rest = n % 100
    tail = "" if rest == 0 else ("零" + _DIGITS[rest] if rest < 10 else (chinese_number(rest) if rest >= 20 else "一" + chinese_number(rest)))
    return _DIGITS[n // 100] + "百" + tail if n < 1000 else str(n)


def parse_chinese_number(text: str) -> int | None:
    """The inverse of :func:`chinese_number` for 1–999; None for anything else."""
    if not text or any(ch not in _DIGITS + "十百" for ch in text):
        return None
    total, current = 0, 0
    for ch in text:
        if ch == "百":
            total += (current or 1) * 100
            current = 0
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = _DIGITS.index(ch)
    total += current
    return total or None
