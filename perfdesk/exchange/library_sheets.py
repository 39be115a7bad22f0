"""A bureau's indicator library as a workbook, read and written (FORMS.md §6): the common 9-column exchange form
(编码 | 资金用途 | 一级指标 | 二级指标 | 三级指标 | 指标性质 | 计量单位 | 指标解释 | 省份) and the library sheets seen in
the wild — a 类别 column for the project class, units written inside the name (办公设备购置数量(台/件/辆/套)),
``**`` where the value is the clerk's to give. perfdesk writes the nine columns and, after them, 指标值,
指标值确定依据, 关键词 and 适用层级, which it reads back, so an exported library imports unchanged.

All or nothing: a bad row is an ExchangeError naming sheet, row and column, and no entry is returned.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..domain.text import label_key
from ..domain.values import EQ, GE, GT, LE, LT, QUALITATIVE
from ..library.builtin import LibraryEntry
from .errors import ExchangeError
from .sheet_cells import _fail, _text
from .workbook_open import open_workbook
from .xlsx_book import Book

#: The columns perfdesk writes, the exchange form's nine first; each with the labels it is found by.
COLUMNS = (
    ("code", "编码", ("编码", "指标编码", "序号")),
    ("project_class", "资金用途", ("资金用途", "类别", "项目分类", "项目类别", "分类")),
    ("level1", "一级指标", ("一级指标",)),
    ("level2", "二级指标", ("二级指标",)),
    ("name", "三级指标", ("三级指标", "三级指标名称", "指标名称")),
    ("operator", "指标性质", ("指标性质", "计算符号", "符号")),
    ("unit", "计量单位", ("计量单位", "度量单位", "单位")),
    ("explanation", "指标解释", ("指标解释", "指标说明", "指标内涵")),
    ("province", "省份", ("省份", "适用地区")),
    ("value", "指标值", ("指标值", "参考值", "目标值")),
    ("standard", "指标值确定依据", ("指标值确定依据", "标准类型", "指标值设定依据")),
    ("keywords", "关键词", ("关键词", "关键字")),
    ("scope", "适用层级", ("适用层级", "适用级次", "层级")),
)
_REQUIRED = ("level1", "level2", "name")
#: 指标性质 as libraries write it, beside the operators themselves.
_OPERATOR_WORDS = {"正向": "≥", "反向": "≤", "定性": QUALITATIVE, "定量": ""}
_OPERATORS = (GE, GT, EQ, LT, LE)
_UNIT_IN_NAME = re.compile(r"^(.*?)[（(]([^()（）]+)[)）]\s*$")
_PLACEHOLDER = re.compile(r"^[*＊xX]+$")


def _header(ws) -> tuple[int, dict[str, int]] | None:
    """(row, field → column) of the first row in the top ten that names 一级, 二级 and 三级."""
    for row in range(1, min(ws.max_row, 10) + 1):
        keys = {label_key(_text(ws.cell(row, col).value)): col for col in range(1, min(ws.max_column, 40) + 1)}
        columns = {}
        for field, _, labels in COLUMNS:
            col = next((keys[label_key(label)] for label in labels if label_key(label) in keys), None)
            if col is not None:
                columns[field] = col
        if all(field in columns for field in _REQUIRED):
            return row, columns
    return None


def _operator(ws, row: int, col: int | None) -> str:
    text = _text(ws.cell(row, col).value).strip() if col else ""
    if not text or text in _OPERATORS or text == QUALITATIVE:
        return text
    if text in _OPERATOR_WORDS:
        return _OPERATOR_WORDS[text]
    normal = {">=": "≥", "<=": "≤", "=": "＝", ">": "＞", "<": "＜"}.get(text)
    if normal:
        return normal
    raise _fail(ws.title, row, col, "指标性质", f"「{text}」不是指标性质（可填 ≥、≤、＝、＞、＜、正向、反向、定性）。")


def read_library_workbook(path: str | Path, report: list[str] | None = None) -> list[LibraryEntry]:
    """Every entry of every sheet that has a library's columns. Raises ExchangeError (naming sheet, row and
    column) — no entry is returned unless the whole workbook reads."""
    path = Path(path)
    wb = open_workbook(path)
    entries: list[LibraryEntry] = []
    try:
        for ws in wb.worksheets:
            found = _header(ws)
            if found is None:
                if report is not None:
                    report.append(f"工作表「{ws.title}」：没有一级、二级、三级指标列，未读取")
                continue
            header, columns = found
            before = len(entries)
            for row in range(header + 1, ws.max_row + 1):
                values = {field: _text(ws.cell(row, col).value).strip() for field, col in columns.items()}
                if not any(values.values()):
                    continue
                for field in _REQUIRED:
                    if not values.get(field):
                        label = next(label for f, label, _ in COLUMNS if f == field)
                        raise _fail(ws.title, row, columns[field], label, f"{label}不能为空。")
                name, unit = values["name"], values.get("unit", "")
                inside = _UNIT_IN_NAME.match(name)
                if inside and not unit:  # 办公设备购置数量(台/件/辆/套): the unit written inside the name
                    name, unit = inside.group(1).strip(), inside.group(2).strip()
                value = values.get("value", "")
                entries.append(LibraryEntry(
                    project_class=values.get("project_class", ""), level1=values["level1"], level2=values["level2"],
                    name=name, explanation=values.get("explanation", ""),
                    operator=_operator(ws, row, columns.get("operator")),
                    value="" if _PLACEHOLDER.match(value) else value, unit=unit,
                    standard=values.get("standard", ""), source=path.name, keywords=values.get("keywords", ""),
                    scope=values.get("scope", "")))
            if report is not None:
                report.append(f"工作表「{ws.title}」：指标 {len(entries) - before} 条")
    except ExchangeError as exc:
        exc.path = str(path)
        raise
    finally:
        wb.close()
    if not entries:
        raise ExchangeError("工作簿中没有找到指标库（含「一级指标」「二级指标」「三级指标」列的工作表）。", path=str(path))
    return entries


def build_library_workbook(entries: tuple[LibraryEntry, ...], target: str | Path) -> None:
    with Book(target) as book:
        sheet = book.sheet("指标库")
        for col, (_, label, _) in enumerate(COLUMNS):
            sheet.text(0, col, label, "pd_label")
        for n, e in enumerate(entries, 1):
            values = {"code": str(n), "project_class": e.project_class, "level1": e.level1, "level2": e.level2,
                      "name": e.name, "operator": e.operator, "unit": e.unit, "explanation": e.explanation,
                      "province": "", "value": e.value, "standard": e.standard, "keywords": e.keywords,
                      "scope": e.scope}
            for col, (field, _, _) in enumerate(COLUMNS):
                sheet.text(n, col, values[field], "pd_plain")  # text, never a formula
        sheet.widths((6, 14, 10, 16, 24, 8, 10, 40, 8, 10, 14, 16, 8))
        sheet.ws.freeze_panes(1, 0)
        book.close()


def write_library_workbook(entries: tuple[LibraryEntry, ...], path: str | Path) -> None:
    from .atomic import atomic_save

    atomic_save(Path(path), lambda tmp: build_library_workbook(entries, tmp))
