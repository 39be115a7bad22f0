"""A workbook's cells as the readers need them: text, exact numbers, where a problem is, what was read."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from openpyxl.utils import get_column_letter

from ..domain.amounts import check_amount
from ..domain.model import Indicator
from ..domain.text import cell_text
from .errors import ExchangeError

MAX_ROWS = 200_000
MAX_COLUMNS = 200


def where(sheet: str, row: int, col: int | None = None, name: str = "") -> str:
    column = f"{get_column_letter(col)}列" if col else ""
    return f"工作表「{sheet}」第{row}行{column}{f'（{name}）' if name else ''}"


def _fail(sheet: str, row: int, col: int | None, name: str, message: str) -> ExchangeError:
    error = ExchangeError(f"{where(sheet, row, col, name)}：{message}")
    error.cell, error.field_name, error.detail = (sheet, row, col), name, message  # for a text's own lines
    return error


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return cell_text(str(value))


def _decimals_of(number_format: str) -> int | None:
    match = re.search(r"0\.(0+)", number_format or "")
    if match:
        return len(match.group(1))
    return 0 if re.search(r"[0#]", number_format or "") and "General" not in (number_format or "") else None


def _number_to_decimal(value, number_format: str) -> Decimal:
    """A cell's number as the clerk typed it: the number format tells how many decimals were meant."""
    decimal = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    check_amount(decimal)  # Infinity, NaN or 1e400 go no further (quantize would raise on them)
    places = _decimals_of(number_format)
    if places is not None:
        return decimal.quantize(Decimal(1).scaleb(-places))
    return decimal.normalize() if decimal == decimal.to_integral() else decimal


def _value(ws, row: int, col: int):
    """A cell's value; a formula without a computed value is an error naming the cell, never a blank."""
    value = ws.cell(row, col).value
    if value is None and (row, col) in getattr(ws, "uncomputed", ()):
        raise _fail(ws.title, row, col, "", "公式没有计算结果：请在 Excel/WPS 中打开并保存后再导入。")
    return value


def _number(value) -> bool:
    return isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)


@dataclass
class _LevelRef:
    indicator: Indicator
    sheet: str
    row: int
    col1: int
    col2: int


@dataclass
class _Reading:
    levels: list[_LevelRef] = field(default_factory=list)
    # perfdesk's own workbook (its named styles): a row left empty under a 二级 is an indicator still to fill
    # in; in anyone else's template it is a placeholder row, not an indicator
    own: bool = True
    placeholders: dict[str, list[int]] = field(default_factory=dict)  # sheet → rows skipped as placeholders
    notes: list[str] = field(default_factory=list)  # what was read differently from the sheet, said in the report
    as_printed: bool = False  # 分值 and 得分 kept as the sheet shows them, not settled (domain/figures)
