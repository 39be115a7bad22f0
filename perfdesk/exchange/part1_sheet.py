"""The 部门整体绩效目标 sheet: as perfdesk writes it now (headings and paragraphs) and as it did before (a table)."""

from __future__ import annotations

from ..domain.model import REDACTED_TEXT, Department, GoalItem
from ..domain.text import label_key
from . import published_format as F
from .errors import ExchangeError
from .sheet_cells import _fail, _text, _value
from .xlsx_writer import SECRET_YES

def is_part1_sheet(ws) -> bool:
    return label_key(_text(ws.cell(1, 1).value)) == label_key(F.PART1_TITLE)


def read_part1_sheet(ws) -> Department:
    """Part 1 as perfdesk writes it now (headings and paragraphs), or as it did before (a table with the
    columns 部分 | 内容 | 绩效指标 | 涉密): workbooks clerks already have keep importing."""
    if any(label_key(_text(ws.cell(r, 1).value)) == "部分" for r in range(2, min(ws.max_row, 12) + 1)):
        return _read_part1_table(ws)
    return _read_part1_prose(ws)


_UNIT_LABELS = {"单位编码": "code", "单位名称": "name", "预算年度": "year", "填报人": "preparer", "联系电话": "phone",
                "主管部门编码": "supervisor_code", "主管部门名称": "supervisor_name", "部门职能概述": "functions"}


def _read_unit_row(ws, row: int, d: Department) -> bool:
    a, b = _text(_value(ws, row, 1)), _text(_value(ws, row, 2))
    attr = next((v for k, v in _UNIT_LABELS.items() if label_key(k) == label_key(a)), None)
    if attr is None:
        return False
    if attr == "year":
        if b and not (b.isdigit() and len(b) == 4):
            raise _fail(ws.title, row, 2, "预算年度", f"预算年度应为四位数字，而不是「{b}」。")
        d.year = int(b) if b else None
    else:
        setattr(d, attr, b)
    return True


def _read_part1_prose(ws) -> Department:
    """Bold rows are headings (一、总体绩效目标, （一）分项…, maybe marked 【涉密】); other rows are paragraphs."""
    from .text_reader import parse_item_body

    d = Department()
    sections = {F.OVERALL: [], F.ITEMS: [], F.MEASURES: []}
    marked: dict[str, bool] = {}
    items: list[tuple[GoalItem, bool, list[tuple[int, str]]]] = []
    section = None
    for row in range(2, ws.max_row + 1):
        text = _text(_value(ws, row, 1))
        if not text:
            continue
        if section is None and _read_unit_row(ws, row, d):
            continue
        cell = ws.cell(row, 1)
        if cell.font is not None and cell.font.b:
            heading, mark = F.split_mark(text)
            found = next((h for h in sections if label_key(h) == label_key(heading)), None)
            if found is not None:
                section, marked[found] = found, mark
                continue
            match = F.ITEM_HEADING.match(heading)
            if section == F.ITEMS and match:
                items.append((GoalItem(match.group(2).strip(), secret=mark), mark, []))
                continue
            raise _fail(ws.title, row, 1, "", f"无法识别标题「{text}」：应为三个部分的标题或「（一）分项名称」。")
        if section is None:
            raise _fail(ws.title, row, 1, "", f"「{text}」前面缺少「{F.OVERALL}」等标题。")
        if section == F.ITEMS and items:
            items[-1][2].append((row, text))
        else:
            sections[section].append(text)

    def redacted(paragraphs: list[str], key: str) -> bool:
        return paragraphs == [REDACTED_TEXT] and not marked.get(key, False)

    d.overall_secret = marked.get(F.OVERALL, False) or redacted(sections[F.OVERALL], F.OVERALL)
    d.overall_goal = "" if redacted(sections[F.OVERALL], F.OVERALL) else "\n".join(sections[F.OVERALL])
    d.measures_secret = marked.get(F.MEASURES, False) or redacted(sections[F.MEASURES], F.MEASURES)
    d.measures = [] if redacted(sections[F.MEASURES], F.MEASURES) else sections[F.MEASURES]
    d.items_secret = marked.get(F.ITEMS, False) or redacted(sections[F.ITEMS], F.ITEMS)
    for item, mark, body in items:
        if [t for _, t in body] == [REDACTED_TEXT] and not mark:
            item.secret = True
        else:
            try:
                parse_item_body(item, body)
            except ExchangeError as exc:
                raise _fail(ws.title, exc.line or 1, 1, "", exc.message) from None
        d.items.append(item)
    return d


def _read_part1_table(ws) -> Department:
    d = Department()
    section = None
    for row in range(2, ws.max_row + 1):
        a, b, c, secret_cell = (_text(_value(ws, row, col)) for col in (1, 2, 3, 4))
        secret = secret_cell == SECRET_YES
        key = label_key(a)
        if section is None and _read_unit_row(ws, row, d):
            continue
        if key == label_key(F.OVERALL):
            section = "overall"
            d.overall_secret = secret or b == REDACTED_TEXT
            d.overall_goal = "" if b == REDACTED_TEXT else b
        elif key == label_key(F.ITEMS):
            section = "items"
            d.items_secret = secret or b == REDACTED_TEXT
        elif key == label_key(F.MEASURES):
            section = "measures"
            d.measures_secret = secret or b == REDACTED_TEXT
        elif section == "items" and (match := F.ITEM_HEADING.match(a)):
            if b == REDACTED_TEXT and not c:
                d.items.append(GoalItem(match.group(2).strip(), secret=True))
            else:
                d.items.append(GoalItem(match.group(2).strip(), b, c, secret))
        elif section == "measures" and not a and b:
            d.measures.append(b)
        elif key in (label_key("部分"), "") and not b:
            continue
        elif section is not None and a:
            raise _fail(ws.title, row, 1, "", f"无法识别「{a}」：应为「（一）分项名称」或三个部分的标题。")
    return d
