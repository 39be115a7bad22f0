"""Read a workbook back into a document, all or nothing.

Understands what perfdesk writes (the official-layout project sheets and the Part 1 sheet; the flat list
and summary are derived and ignored then), a filled-in blank template, and a flat indicator list from
another system (column names as they vary in the wild, amounts in 元 or 万元, project cells given only on
the first row of each project). Every problem is an :class:`ExchangeError` naming the sheet, row and
column; no document is returned unless the whole workbook reads.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from ..domain.amounts import AmountError, check_amount, parse_amount, parse_number, parse_percent
from ..domain.fields import FieldValueError, parse_goals
from ..domain.forms import FORMS
from ..domain.layout import FormLayout, place
from ..domain.model import REDACTED_CELL, REDACTED_TEXT, Department, Document, GoalItem, Indicator, Project
from ..domain.taxonomy import TAXONOMIES, detect_taxonomy, drift_mapping
from ..domain.text import cell_text, label_key
from ..domain.values import format_value, join_value
from . import legacy_workbooks
from . import published_format as F
from .errors import ExchangeError
from .xlsx_writer import SECRET_YES, SUMMARY_SHEET

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


# -- opening ----------------------------------------------------------------------------------

def open_workbook(path: Path):
    try:
        with path.open("rb") as f:
            head = f.read(1024)
    except FileNotFoundError:
        raise ExchangeError("找不到文件。", path=str(path)) from None
    except OSError as exc:
        raise ExchangeError(f"无法读取文件：{exc.strerror}", path=str(path)) from None
    legacy = legacy_workbooks.kind_of(head)
    if legacy is not None:  # .xls: BIFF, or SpreadsheetML 2003 XML under an .xls name
        read = legacy_workbooks.read_biff if legacy == "biff" else legacy_workbooks.read_spreadsheetml
        try:
            wb = read(path, MAX_ROWS, MAX_COLUMNS)
        except ExchangeError as exc:
            exc.path = exc.path or str(path)
            raise
        for ws in wb.worksheets:
            ws.uncomputed = set()  # both kinds store each formula's last value
        return wb
    if not zipfile.is_zipfile(path):
        raise ExchangeError("这不是 Excel 工作簿（.xlsx），无法导入。", path=str(path))
    _refuse_zip_bomb(path)
    try:
        formulas = _formula_cells(path)
        wb = load_workbook(path, data_only=True)
        for ws in wb.worksheets:
            ws.uncomputed = {cell for cell in formulas.get(ws.title, ()) if ws.cell(*cell).value is None}
        return wb
    except ExchangeError:
        raise
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a broken file
        raise ExchangeError(f"工作簿已损坏或格式不受支持（{type(exc).__name__}），请在 Excel/WPS 中打开并另存为 .xlsx 后再导入。",
                            path=str(path)) from None


MAX_UNPACKED = 400 * 2**20  # what a workbook of MAX_ROWS real rows unpacks to is far below this
MAX_RATIO = 200  # XML compresses about 10–30×; hundreds of times is a bomb, not a table


def _refuse_zip_bomb(path: Path) -> None:
    """Refuse, before opening, a workbook whose parts would unpack to an absurd size (a zip bomb took
    35 s and 3 GB before the row limit was reached)."""
    try:
        with zipfile.ZipFile(path) as z:
            parts = z.infolist()
    except (zipfile.BadZipFile, OSError):
        raise ExchangeError("工作簿已损坏，无法导入。请在 Excel/WPS 中打开并另存为 .xlsx 后再导入。", path=str(path)) from None
    unpacked = sum(p.file_size for p in parts)
    packed = sum(p.compress_size for p in parts) or 1
    if unpacked > MAX_UNPACKED or (unpacked > 20 * 2**20 and unpacked / packed > MAX_RATIO):
        raise ExchangeError(f"工作簿解压后过大（{unpacked // 2**20} MB，压缩比 {unpacked // packed}:1），"
                            "不像是正常的表格，未导入。", path=str(path))


def _formula_cells(path: Path) -> dict[str, set[tuple[int, int]]]:
    """(row, column) of every formula, per sheet, read by streaming (the size is counted here too, rather
    than trusting the optional <dimension> tag). A formula whose cached value is missing — what openpyxl
    and other generators write — reads as an empty cell; the reader must not take that for a blank."""
    probe = load_workbook(path, read_only=True)
    try:
        found: dict[str, set[tuple[int, int]]] = {}
        for ws in probe.worksheets:
            cells = found.setdefault(ws.title, set())
            rows = 0
            for row in ws.iter_rows():
                rows += 1
                if rows > MAX_ROWS or len(row) > MAX_COLUMNS:
                    raise ExchangeError(f"工作表「{ws.title}」过大（超过 {MAX_ROWS} 行或 {MAX_COLUMNS} 列），"
                                        "请删去多余内容后再导入。", path=str(path))
                for cell in row:
                    if getattr(cell, "data_type", None) == "f":
                        cells.add((cell.row, cell.column))
        return found
    finally:
        probe.close()


def _value(ws, row: int, col: int):
    """A cell's value; a formula without a computed value is an error naming the cell, never a blank."""
    value = ws.cell(row, col).value
    if value is None and (row, col) in getattr(ws, "uncomputed", ()):
        raise _fail(ws.title, row, col, "", "公式没有计算结果：请在 Excel/WPS 中打开并保存后再导入。")
    return value


# -- sheets in the official layout ------------------------------------------------------------

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


def _marker_cells(layout: FormLayout):
    return [next(c for c in layout.head if c.label == m) for m in layout.markers]


def _find_table_top(ws, layout: FormLayout) -> int | None:
    """The sheet row of the first table's first grid row (found by the form's marker labels near the top)."""
    tops = _table_tops(ws, layout, last=14)
    return tops[0] if tops else None


def _table_tops(ws, layout: FormLayout, last: int | None = None) -> list[int]:
    """The first grid row of every table of this form in the sheet: some workbooks stack a unit's tables
    one under another in a single sheet."""
    markers = _marker_cells(layout)
    first = markers[0]
    tops = []
    for row in range(first.row + 1, min(ws.max_row, last or ws.max_row) + 1):
        if not layout.accepts(first.label, _text(ws.cell(row, 1 + first.col).value)):
            continue
        top = row - first.row
        if all(layout.accepts(m.label, _text(ws.cell(top + m.row, 1 + m.col).value)) for m in markers[1:]):
            tops.append(top)
    return tops


def _number(value) -> bool:
    return isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)


def _read_field(ws, row: int, col: int, spec, value, prefix: str):
    """A head cell's value as its field's kind reads it (amounts and shares also as workbook numbers)."""
    number_format = ws.cell(row, col).number_format
    if spec.kind.number == "amount":
        amount = _number_to_decimal(value, number_format) if _number(value) else spec.parse(_text(value))
        return check_amount(amount, what=spec.label)
    if spec.kind.number == "percent" and _number(value):
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        if "%" in (number_format or ""):
            number *= 100
        check_amount(number, what=spec.label)  # before quantize, which cannot take Infinity
        places = _decimals_of(number_format)
        return check_amount(number.quantize(Decimal(1).scaleb(-places)) if places is not None else number,
                            what=spec.label)
    return spec.parse(_after_prefix(_text(value), prefix))


def _after_prefix(text: str, prefix: str) -> str:
    """A caption's value after its printed prefix (项目编码：…). Without the prefix the line is not this
    field's: the same place in a province's own table holds something else (its year line)."""
    if not prefix:
        return text
    if label_key(text).startswith(label_key(prefix)):
        return text.split(prefix[-1], 1)[1] if prefix[-1] in text else text[len(prefix):]
    return ""


def _read_head(ws, top: int, layout: FormLayout, project: Project) -> dict[str, str]:
    """The project's head fields; returns the department's lines printed in the table (单位, 主管部门…)."""
    template = place(Department(), Project(), layout=layout)
    lines: dict[str, str] = {}
    for cell in template.cells:
        if cell.role == "header" or cell.row >= layout.header_row:
            continue
        row, col = top + cell.row, 1 + cell.col
        value = _value(ws, row, col)
        if cell.field is None:
            if cell.role == "caption":
                continue
            if not layout.accepts(cell.text, _text(value)):
                raise _fail(ws.title, row, col, "", f"此处应为「{cell.text}」，而不是「{_text(value)}」。")
            continue
        spec = layout.field(cell.field)
        if spec.kind.editor is None:
            text = _text(value)
            lines[cell.field] = _after_prefix(text, cell.prefix)
            continue
        try:
            spec.put(Department(), project, _read_field(ws, row, col, spec, value, cell.prefix))
        except (AmountError, FieldValueError, InvalidOperation) as exc:
            raise _fail(ws.title, row, col, spec.label, str(exc)) from None
    return lines


def _signature_starts(layout: FormLayout) -> tuple[str, ...]:
    """How the lines under the table begin (填报人：, 项目负责人…): where the indicator rows end."""
    starts = {t.split("{")[0].split("：")[0] for line in layout.signature for t in line if t}
    return tuple(s for s in starts if s) + ("填报",)


def _spans_level2(level1: str) -> bool:
    """A 一级 cell that is really a 二级 written across both columns (服务对象满意度指标)."""
    return any(t.normalise_level1(level1) is None and t.level1_of(level1) is not None for t in TAXONOMIES.values())


def _read_indicators(ws, top: int, layout: FormLayout, project: Project, reading: _Reading,
                     stop: int | None = None) -> None:
    """Indicator rows down to the signature lines. With one set, every row inside a merged 二级 is an
    indicator (one not filled in yet is still a row of the table); with two halves, a half whose cells are
    empty on a row is the shorter half of its group, not an indicator."""
    row = top + layout.first_indicator_row
    shared = {c.field: c for c in layout.columns_of(None)}
    previous: dict[str, Indicator | None] = {phase: None for phase in layout.phases}
    stops = _signature_starts(layout)
    halves = len(layout.phases) > 1
    found: list[tuple[int, int, Indicator]] = []  # (row, order within the row, indicator)
    while row <= (ws.max_row if stop is None else stop):
        first_cell = _text(ws.cell(row, 1).value)
        if first_cell.startswith(stops):
            break
        for order, phase in enumerate(layout.phases):
            own = layout.columns_of(phase)
            columns = {**shared, **{c.field: c for c in own}}
            values = {f: _text(_value(ws, row, 1 + c.col)) for f, c in columns.items()}
            for field in {c.field for c in own if c.part is not None}:  # a value printed as 符号 | 值 | 单位
                parts = {c.part: _text(_value(ws, row, 1 + c.col)) for c in own if c.field == field and c.part}
                # a classified project prints 涉密 in every column of it
                values[field] = REDACTED_CELL if set(parts.values()) == {REDACTED_CELL} else join_value(parts)
            level1_col, level2_col = 1 + columns["level1"].col, 1 + columns["level2"].col
            content = {f: v for f, v in values.items() if f not in ("level1", "level2")}
            before = previous[phase]
            if halves:
                if not any(content.values()):
                    if values["level1"] or values["level2"]:
                        previous[phase] = Indicator(values["level1"] or (before.level1 if before else ""),
                                                    values["level2"] or (before.level2 if before else ""))
                    continue  # the shorter half of a group
            elif not any(values.values()):
                if before is None or not _merged_from_above(ws, row, level2_col):
                    continue
                if not reading.own:
                    reading.placeholders.setdefault(ws.title, []).append(row)
                    continue
                # an indicator not filled in yet, inside its 二级's merged cell: a row of the table all the same
                values["level1"], values["level2"] = before.level1, before.level2
            elif not reading.own and not any(content.values()):
                # a template's 二级 with no 三级 and no value: a placeholder, not an indicator
                reading.placeholders.setdefault(ws.title, []).append(row)
                previous[phase] = Indicator(values["level1"] or (before.level1 if before else ""),
                                            values["level2"] or (before.level2 if before else ""))
                continue
            if not values["level1"]:
                if before is None:
                    raise _fail(ws.title, row, level1_col, "一级指标", "第一条指标缺少一级指标。")
                values["level1"] = before.level1
                if not values["level2"]:
                    values["level2"] = before.level2
            if not values["level2"]:
                if not _spans_level2(values["level1"]):
                    raise _fail(ws.title, row, level2_col, "二级指标", "缺少二级指标。")
                values["level2"] = values["level1"]  # a 二级 written across both columns: placed later
            indicator = Indicator(**values, phase=phase)
            found.append((row, order, indicator))
            reading.levels.append(_LevelRef(indicator, ws.title, row, level1_col, level2_col))
            previous[phase] = indicator
        row += 1
    # the document's order: 中期 before 年度 within each row's group, as the halves read left to right
    project.indicators += [ind for _, _, ind in sorted(found, key=lambda f: (f[1], f[0]))] if halves \
        else [ind for _, _, ind in found]


def _looks_like_project_table(ws, layout: FormLayout) -> int | None:
    """The table's top if the form's first marker label (项目编码 for the Hebei table) is where it stands
    near the top of the sheet (then the sheet is meant as this form's table, and failing to read it is an
    error, never a silent skip)."""
    marker = _marker_cells(layout)[0]
    for row in range(1, min(ws.max_row, 14) + 1):
        if layout.accepts(marker.label, _text(ws.cell(row, 1 + marker.col).value)):
            return row - marker.row
    return None


def _layout_mismatch(ws, top: int, layout: FormLayout) -> ExchangeError:
    """Why a sheet meant as a project table does not have the table's shape: the first label out of place."""
    for spec in layout.head:
        if spec.label is None or spec.role == "caption":
            continue
        row, col = top + spec.row, 1 + spec.col
        found = _text(ws.cell(row, col).value)
        if not layout.accepts(spec.label, found):
            merged = next((r for r in ws.merged_cells.ranges if (row, col) in {(c[0], c[1]) for c in r.cells}
                           and (r.min_row, r.min_col) != (row, col)), None)
            why = f"它被合并进了 {merged.coord}" if merged is not None else f"这里是「{found}」" if found else "这里是空的"
            return _fail(ws.title, row, col, "", f"看起来是项目绩效目标表，但此处应为「{spec.label}」（{why}）。"
                                               "请按原表式恢复后再导入；整个工作簿未导入。")
    return _fail(ws.title, top, 1, "", "看起来是项目绩效目标表，但无法按表式读取。整个工作簿未导入。")


def _merged_from_above(ws, row: int, col: int) -> bool:
    return any(r.min_row < row <= r.max_row and r.min_col <= col <= r.max_col for r in ws.merged_cells.ranges)


def read_project_sheet(ws, layout: FormLayout, reading: _Reading) -> list[tuple[dict[str, str], Project]] | None:
    """The sheet's projects in ``layout`` (one table, or several stacked), each with the department's lines
    its table prints; None when the sheet is not this form's table (or an unfilled template)."""
    top = _find_table_top(ws, layout)
    if top is None:
        meant = _looks_like_project_table(ws, layout)
        if meant is not None and meant >= 1:
            raise _layout_mismatch(ws, meant, layout)
        return None
    tops = [t for t in _table_tops(ws, layout) if t >= top]
    found = []
    for k, start in enumerate(tops):
        # a stacked table ends above the next one's title row
        stop = tops[k + 1] - 2 if k + 1 < len(tops) else None
        table = _read_table(ws, start, layout, reading, stop)
        if table is not None:
            found.append(table)
    return found or None


def _read_table(ws, top: int, layout: FormLayout, reading: _Reading, stop: int | None):
    project = Project()
    title = _text(ws.cell(top - 1, 1).value) if top > 1 else ""
    _, marked = F.split_mark(title)
    lines = _read_head(ws, top, layout, project)
    _read_indicators(ws, top, layout, project, reading, stop)
    if not (project.code or project.name or project.indicators or project.budget is not None):
        return None  # an unfilled template sheet
    cells = [getattr(i, f) for i in project.indicators for f in ("name", "description", "value", "basis")]
    if marked or (cells and all(c == REDACTED_CELL for c in cells)):
        project.secret = True
        for ind in project.indicators:
            for f in ("name", "description", "value", "basis"):
                if getattr(ind, f) == REDACTED_CELL:
                    setattr(ind, f, "")
    if not project.name:
        name = next(c for c in layout.head if c.field == "name")
        raise _fail(ws.title, top + name.row, 1 + name.col, "项目名称", "项目名称不能为空。")
    return lines, project


# -- the Part 1 sheet -------------------------------------------------------------------------

def is_part1_sheet(ws) -> bool:
    return label_key(_text(ws.cell(1, 1).value)) == label_key(F.PART1_TITLE)


def read_part1_sheet(ws) -> Department:
    """Part 1 as perfdesk writes it now (headings and paragraphs), or as it did before (a table with the
    columns 部分 | 内容 | 绩效指标 | 涉密): workbooks clerks already have keep importing."""
    if any(label_key(_text(ws.cell(r, 1).value)) == "部分" for r in range(2, min(ws.max_row, 12) + 1)):
        return _read_part1_table(ws)
    return _read_part1_prose(ws)


_UNIT_LABELS = {"单位编码": "code", "单位名称": "name", "预算年度": "year", "填报人": "preparer", "联系电话": "phone",
                "主管部门编码": "supervisor_code", "主管部门名称": "supervisor_name"}


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


# -- flat lists -------------------------------------------------------------------------------

FLAT_COLUMNS = {
    "dept_code": ("单位编码", "单位代码", "预算单位编码", "部门编码"),
    "dept_name": ("单位名称", "预算单位", "预算单位名称", "部门名称", "主管部门"),
    "code": ("项目编码", "项目代码"),
    "name": ("项目名称",),
    "budget": ("预算数", "年度资金总额", "项目资金", "预算金额", "资金总额"),
    "fiscal": ("财政资金", "其中：财政资金", "财政拨款", "其中：财政拨款"),
    "other": ("其他资金",),
    "goals": ("年度目标", "年度总体目标", "绩效目标", "项目绩效目标"),
    "level1": ("一级指标", "一级绩效指标"),
    "level2": ("二级指标", "二级绩效指标"),
    "level3": ("三级指标", "指标名称", "三级指标名称", "三级绩效指标"),
    "description": ("绩效指标描述", "指标描述", "指标解释", "指标说明"),
    "nature": ("指标性质", "计算符号", "运算符号", "指标值性质"),
    "number": ("指标值", "目标值", "年度指标值"),
    "unit": ("计量单位", "度量单位", "单位（计量）"),
    "typed": ("指标值（原文）",),
    "basis": ("指标值确定依据", "设定依据", "指标值设定依据"),
    "weight": ("分值", "权重", "权重（分值）", "分值（权重）", "指标权重", "指标分值"),
    "direction": ("指标方向", "指标方向性", "方向"),
}
_DIRECTIONS = ("正向", "反向")
REQUIRED = ("level1", "level2", "level3")
_UNIT_HINT = re.compile(r"[（(]\s*(万元|元)\s*[)）]\s*$")


def _header_key(text: str) -> tuple[str, str | None]:
    """A header without its money-unit hint, and the hint (元 or 万元)."""
    match = _UNIT_HINT.search(text)
    return (label_key(text[: match.start()]) if match else label_key(text)), (match.group(1) if match else None)


_UNIT_ROW = re.compile(r"(?:金额|资金|货币)?单位\s*[:：]\s*(万元|元)")
AMOUNT_COLUMNS = ("budget", "fiscal", "other")


def find_flat_header(ws) -> tuple[int, dict[str, int], dict[str, str]] | None:
    """(header row, column of each field, money unit of each amount column) of a flat list. A column's unit
    is its header's suffix (预算数（元）), else a 金额单位：元 / 单位：万元 row above the header."""
    for row in range(1, min(ws.max_row, 20) + 1):
        found: dict[str, int] = {}
        units: dict[str, str] = {}
        for col in range(1, min(ws.max_column, MAX_COLUMNS) + 1):
            key, unit = _header_key(_text(ws.cell(row, col).value))
            for name, spellings in FLAT_COLUMNS.items():
                if name not in found and key in map(label_key, spellings):
                    found[name] = col
                    if unit:
                        units[name] = unit
        if "level3" in found and ("name" in found or "code" in found):
            stated = _unit_row(ws, row)
            if stated is not None:
                for name in AMOUNT_COLUMNS:
                    units.setdefault(name, stated)
            return row, found, units
    return None


def _unit_row(ws, header_row: int) -> str | None:
    """The money unit a row above the header states (金额单位：元), if one does."""
    for row in range(1, header_row):
        for col in range(1, min(ws.max_column, MAX_COLUMNS) + 1):
            match = _UNIT_ROW.search(label_key(_text(ws.cell(row, col).value)).replace(":", "："))
            if match:
                return match.group(1)
    return None


class UnitUndecidedError(ExchangeError):
    """A flat list states no money unit and the caller asked to be asked (the window): ``guess`` is what the
    amounts' size suggests, ``evidence`` says why, in Chinese."""

    def __init__(self, sheet: str, guess: str, evidence: str) -> None:
        super().__init__(f"工作表「{sheet}」没有写明金额单位（如「金额单位：元」或「预算数（万元）」）；{evidence}。")
        self.sheet, self.guess, self.evidence = sheet, guess, evidence


def _guess_unit(amounts: list[Decimal]) -> tuple[str, str]:
    """元 or 万元 by the amounts' size: a county project's budget is rarely 10,000 万元 (1 亿元) or more, and
    rarely less than 10,000 元. Returns (unit, the evidence in Chinese)."""
    positive = sorted(a for a in amounts if a > 0)
    if not positive:
        return "万元", "没有金额"
    median = positive[len(positive) // 2]
    unit = "元" if median >= 10000 else "万元"
    return unit, f"金额的中位数为 {median:,}，按金额大小判断为「{unit}」"


_TOTAL_WORDS = ("合计", "小计", "总计", "共计")


def _is_total_row(raw: dict) -> bool:
    """A 合计 / 小计 row, or a row of amounts that names no project (a 主管部门 summing its units): no indicator."""
    if any(_text(raw.get(n)) for n in ("level1", "level2", "level3")):
        return False
    names = [label_key(_text(raw.get(n))) for n in ("dept_code", "dept_name", "code", "name")]
    if any(n in _TOTAL_WORDS or n.endswith(_TOTAL_WORDS) for n in names):
        return True
    return not (_text(raw.get("code")) or _text(raw.get("name"))) and any(_text(raw.get(n)) for n in AMOUNT_COLUMNS)


def _decide_units(ws, header_row: int, columns: dict[str, int], units: dict[str, str], notes: list[str],
                  stated: dict[str, str] | None) -> dict[str, str]:
    """The unit of every amount column: as the sheet states it, as the caller decided (``stated``: sheet →
    unit, the clerk's answer), or by the amounts' size — then with a note, or UnitUndecidedError when
    ``stated`` is given (the window asks instead of guessing)."""
    undecided = [n for n in AMOUNT_COLUMNS if n in columns and n not in units]
    if not undecided:
        return units
    if stated is not None and ws.title in stated:
        return {**units, **{n: stated[ws.title] for n in undecided}}
    amounts = []
    for row in range(header_row + 1, ws.max_row + 1):
        for name in undecided:
            value = ws.cell(row, columns[name]).value
            try:
                amount = Decimal(str(value)) if _number(value) else parse_number(_text(value))
            except (AmountError, InvalidOperation):
                continue  # a bad amount is reported, with its cell, when the row is read
            if amount is not None and amount.is_finite():
                amounts.append(amount)
    if not amounts:
        return units
    guess, evidence = _guess_unit(amounts)
    if stated is not None:
        raise UnitUndecidedError(ws.title, guess, evidence)
    notes.append(f"注意：工作表「{ws.title}」没有写明金额单位，{evidence}" + ("，已换算为万元" if guess == "元" else "") +
                 "。如不对，请在表头上方加一行「金额单位：元」或「金额单位：万元」后重新导入。")
    return {**units, **{n: guess for n in undecided}}


def read_flat_sheet(ws, header: tuple[int, dict[str, int], dict[str, str]], reading: _Reading,
                    notes: list[str] | None = None, stated: dict[str, str] | None = None) -> list[Department]:
    """A flat list's departments. ``notes`` receives what the clerk should know (the unit decided by the
    amounts' size, total rows skipped); see _decide_units for ``stated``."""
    notes = notes if notes is not None else []
    header_row, columns, units = header
    for name in REQUIRED:
        if name not in columns:
            spellings = "、".join(FLAT_COLUMNS[name])
            raise _fail(ws.title, header_row, None, "", f"缺少「{FLAT_COLUMNS[name][0]}」列（表头可写作：{spellings}）。")
    units = _decide_units(ws, header_row, columns, units, notes, stated)
    skipped: list[int] = []
    departments: dict[tuple[str, str], Department] = {}
    projects: dict[tuple, Project] = {}
    carry: dict[str, object] = {}
    for row in range(header_row + 1, ws.max_row + 1):
        raw = {name: _value(ws, row, col) for name, col in columns.items()}
        if all(_text(v) == "" for v in raw.values()):
            continue
        if _is_total_row(raw):
            skipped.append(row)
            continue
        # Project and unit cells are often given on the first row of each project only.
        for name in ("dept_code", "dept_name", "code", "name"):
            if name in columns and _text(raw[name]) == "" and name in carry:
                raw[name] = carry[name]
        new_project = any(name in columns and raw[name] != carry.get(name) for name in ("code", "name"))
        for name in ("dept_code", "dept_name", "code", "name"):
            if name in columns:
                carry[name] = raw[name]
        dept_key = (_text(raw.get("dept_code")), _text(raw.get("dept_name")))
        department = departments.setdefault(dept_key, Department(code=dept_key[0], name=dept_key[1]))
        project_key = dept_key + (_text(raw.get("code")), _text(raw.get("name")))
        project = projects.get(project_key)
        if project is None or new_project and project_key not in projects:
            project = Project(code=project_key[2], name=project_key[3])
            projects[project_key] = project
            department.projects.append(project)
            for name in ("budget", "fiscal", "other"):
                if name in columns:
                    setattr(project, name, _flat_amount(ws, row, columns[name], raw[name], units.get(name)))
            if "goals" in columns:
                project.goals = parse_goals(_text(raw["goals"]))
        if not project.name:
            raise _fail(ws.title, row, columns.get("name"), "项目名称", "项目名称不能为空。")
        level1, level2, level3 = (_text(raw.get(n)) for n in ("level1", "level2", "level3"))
        indicator_cells = ("level1", "level2", "level3", "description", "nature", "number", "unit", "typed", "basis")
        if new_project and not any(_text(raw.get(n)) for n in indicator_cells):
            continue  # the project's own row (its money), its indicators on the rows below
        if (level1 or level2) and not any(_text(raw.get(n)) for n in indicator_cells[2:]):
            reading.placeholders.setdefault(ws.title, []).append(row)  # a template's 二级 with nothing under it
            continue
        previous = project.indicators[-1] if project.indicators else None
        if not level1 and previous is not None:
            level1 = previous.level1
            level2 = level2 or previous.level2
        if not level1:
            raise _fail(ws.title, row, columns["level1"], "一级指标", "缺少一级指标。")
        if not level2:
            if not _spans_level2(level1):
                raise _fail(ws.title, row, columns["level2"], "二级指标", "缺少二级指标。")
            level2 = level1  # a 二级 written as 一级 across both columns: placed with the taxonomy
        direction = _text(raw.get("direction"))
        if _text(raw.get("nature")) in _DIRECTIONS:  # a list that gives the direction as the 指标性质
            direction = direction or _text(raw.get("nature"))
            raw["nature"] = ""
        indicator = Indicator(level1, level2, level3, _text(raw.get("description")),
                              _flat_value(raw, columns), _text(raw.get("basis")), direction=direction,
                              weight=_flat_weight(ws, row, columns, raw))
        project.indicators.append(indicator)
        reading.levels.append(_LevelRef(indicator, ws.title, row, columns["level1"], columns["level2"]))
    if skipped:
        notes.append(f"工作表「{ws.title}」第{'、'.join(map(str, skipped))}行没有指标（合计、小计或汇总行），未读取。")
    return list(departments.values())


def _flat_amount(ws, row: int, col: int, value, unit: str | None) -> Decimal | None:
    name = ws.cell(1, col).value
    try:
        if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
            amount = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        else:
            amount = parse_number(_text(value), what="金额")  # range checked once converted to 万元
        if amount is None:
            return None
        if unit == "元":
            check_amount(amount / 10000 if amount.is_finite() else amount)  # before quantize below
            amount = (amount / 10000).normalize()
            if amount == amount.to_integral():
                amount = amount.quantize(Decimal("1"))
        return check_amount(amount, what="金额")
    except AmountError as exc:
        raise _fail(ws.title, row, col, _text(name), str(exc)) from None



def _flat_weight(ws, row: int, columns: dict[str, int], raw: dict) -> Decimal | None:
    """分值 as the list gives it (a number; 10 and 10.00 kept apart as typed)."""
    if "weight" not in columns or _text(raw.get("weight")) == "":
        return None
    value = raw["weight"]
    try:
        if _number(value):
            return _number_to_decimal(value, ws.cell(row, columns["weight"]).number_format)
        return check_amount(parse_number(_text(value), what="分值"), what="分值")
    except AmountError as exc:
        raise _fail(ws.title, row, columns["weight"], "分值", str(exc)) from None


def _flat_value(raw: dict, columns: dict[str, int]) -> str:
    typed = _text(raw.get("typed"))
    if typed:
        return typed
    # a 定性 value is the text in the 指标值 column; otherwise 性质 + 值 + 单位, as the columns give them
    return format_value(_text(raw.get("nature")), _text(raw.get("number")), _text(raw.get("unit")))


# -- the workbook -----------------------------------------------------------------------------

def _map_drift(reading: _Reading, report: list[str]) -> None:
    """一级 written outside the taxonomy (效果指标, 实施效果指标, a 满意度 二级 spanning both columns) placed by
    their 二级, when one taxonomy places every such pair; each mapping is reported with the rows it took."""
    pairs = {(ref.indicator.level1, ref.indicator.level2) for ref in reading.levels}
    if detect_taxonomy(list(pairs)) is not None:
        return
    for tax in TAXONOMIES.values():
        mapped = {pair: drift_mapping(tax, *pair) for pair in pairs}
        fixed = {pair: mapped[pair] or pair for pair in pairs}
        if detect_taxonomy(list(fixed.values())) is not tax:
            continue
        rows: dict[tuple, list[str]] = {}
        for ref in reading.levels:
            pair = (ref.indicator.level1, ref.indicator.level2)
            if mapped[pair] is not None:
                rows.setdefault(pair, []).append(f"{ref.sheet}第{ref.row}行")
                ref.indicator.level1, ref.indicator.level2 = mapped[pair]
        for (level1, level2), where in rows.items():
            written = f"{level1}—{level2}" if level2 and level2 != level1 else level1
            report.append(f"指标层级「{written}」不在指标体系中，已按二级指标对应为「{'—'.join(mapped[(level1, level2)])}」"
                          f"（{'、'.join(where[:5])}{'等' if len(where) > 5 else ''}）。")
        return


def _resolve_levels(document: Document, reading: _Reading, report: list[str]) -> None:
    _map_drift(reading, report)
    pairs = [(ref.indicator.level1, ref.indicator.level2) for ref in reading.levels]
    chosen = detect_taxonomy(pairs)
    if chosen is None:
        tax = TAXONOMIES["classic"]
        for ref in reading.levels:
            ind = ref.indicator
            if tax.normalise_level1(ind.level1) is None and all(t.normalise_level1(ind.level1) is None for t in TAXONOMIES.values()):
                raise _fail(ref.sheet, ref.row, ref.col1, "一级指标",
                            f"「{ind.level1}」不是已知的一级指标（可用：{'、'.join(tax.level1_names())}）。")
            if all(t.normalise_level2(ind.level1, ind.level2) is None for t in TAXONOMIES.values()):
                options = "、".join(tax.level2_names(ind.level1) or tax.all_level2_names())
                raise _fail(ref.sheet, ref.row, ref.col2, "二级指标",
                            f"「{ind.level2}」不是一级指标「{ind.level1}」下已知的二级指标（可用：{options}）。")
        raise ExchangeError("工作簿中的指标混用了两种指标体系（成本指标既作一级又作二级），请统一后再导入。")
    document.taxonomy = chosen.key
    for ref in reading.levels:
        level1 = chosen.normalise_level1(ref.indicator.level1)
        ref.indicator.level1, ref.indicator.level2 = level1, chosen.normalise_level2(level1, ref.indicator.level2)


def read_workbook(path: str | Path, *, layout: FormLayout | None = None, report: list[str] | None = None,
                  units: dict[str, str] | None = None) -> Document:
    """The whole workbook as a document, or ExchangeError. The form of its project tables is recognised by
    their labels among the forms perfdesk knows (or only ``layout``), and recorded in the document.
    ``report`` receives one line per sheet saying what became of it, so that nothing is skipped without a word.
    A flat list that states no money unit is read by the amounts' size with a note in ``report``; given
    ``units`` (sheet → 元/万元, the clerk's answers so far), such a sheet raises UnitUndecidedError instead."""
    path = Path(path)
    wb = open_workbook(path)
    try:
        forms = (layout,) if layout is not None else tuple(FORMS.values())
        return _read(wb, forms, report if report is not None else [], units)
    except ExchangeError as exc:
        exc.path = str(path)
        raise
    finally:
        wb.close()


def _labels_match(ws, top: int, layout: FormLayout) -> bool:
    """Every label of the form where the form puts it — the head's and the indicator header's (variants of
    a form differ only there: 指标值 over three columns, or 指标值 and 绩效标准)."""
    header = top + layout.header_row
    return all(layout.accepts(c.label, _text(ws.cell(top + c.row, 1 + c.col).value))
               for c in layout.head if c.label is not None and c.role != "caption") and \
        all(layout.accepts(c.header, _text(ws.cell(header, 1 + c.col).value)) for c in layout.indicator_columns)


def _project_sheet(ws, forms: tuple[FormLayout, ...], reading: _Reading):
    """(form, [(lines, project)…]) of a sheet in the form whose labels it carries, or None. Forms share their
    first labels (the national form and its one-year variant): every label decides, not the first few."""
    for layout in forms:
        top = _find_table_top(ws, layout)
        if top is not None and _labels_match(ws, top, layout):
            found = read_project_sheet(ws, layout, reading)
            return (layout, found) if found is not None else None  # None: an unfilled template
    for layout in forms:  # meant as a table of one of them, but not in its shape: say where
        found = read_project_sheet(ws, layout, reading)
        if found is not None:
            return layout, found
    return None


def _department_for(lines: dict[str, str], layout: FormLayout, latest: Department | None,
                    by_unit: dict[str | None, Department], document: Document, sheet: str) -> Department:
    """The department a project table belongs to: by the unit line it prints, else (a form without one,
    like the national 申报表) the 部门整体绩效目标 sheet before it; the other lines it prints (主管部门,
    年度) are taken when the department has none and must agree when it has."""
    unit_key = next((key for key in lines if layout.field(key).identifies_unit), None)
    if unit_key is not None:
        unit = lines.pop(unit_key)
        department = by_unit.get(unit)
        if department is None and not unit and latest is not None:
            department = latest
        if department is None:
            department = Department()
            layout.field(unit_key).put(department, Project(), unit)
            by_unit[unit] = department
            document.departments.append(department)
    elif latest is not None:
        department = latest
    else:  # tables that name no unit, with no 部门整体绩效目标 sheet: one unit, the clerk's
        department = by_unit.get(None)
        if department is None:
            department = by_unit[None] = Department()
            document.departments.append(department)
    for key, text in lines.items():
        spec = layout.field(key)
        probe = Department()
        spec.put(probe, Project(), text)
        blank = spec.text(Department(), Project())
        if spec.text(probe, Project()) == blank:
            continue  # the line says nothing (a province's table has its title where perfdesk puts the year)
        if spec.text(department, Project()) == blank:
            spec.put(department, Project(), text)
        elif spec.text(probe, Project()) != spec.text(department, Project()):
            raise ExchangeError(f"工作表「{sheet}」的{spec.label}「{text}」与同一单位前面的表格"
                                f"「{spec.text(department, Project())}」不一致，请核对后再导入。")
    return department


def _take_list_only_fields(document: Document, ws, header) -> bool:
    """The 分值 and 指标方向 a form does not print, from the list beside the project sheets: matched by project
    (编码 and 名称) and, within it, by the 三级 names in order. A list that does not read is left alone (the
    project sheets are what was imported)."""
    columns = header[1]
    if "weight" not in columns and "direction" not in columns:
        return False
    try:
        listed = read_flat_sheet(ws, header, _Reading())
    except ExchangeError:
        return False
    by_project = {(p.code, p.name): p for d in listed for p in d.projects}
    taken = False
    for project in document.projects():
        source = by_project.get((project.code, project.name))
        if source is None:
            continue
        pending = list(source.indicators)
        for indicator in project.indicators:
            match = next((s for s in pending if s.name == indicator.name and s.level2 == indicator.level2), None)
            if match is None:
                continue
            pending.remove(match)
            if match.weight is not None or match.direction:
                indicator.weight, indicator.direction = match.weight, match.direction
                taken = True
    return taken


def _read(wb, forms: tuple[FormLayout, ...], report: list[str], units: dict[str, str] | None) -> Document:
    reading = _Reading(own="pd_label" in wb.named_styles)
    document = Document(form="")
    by_unit: dict[str, Department] = {}
    latest: Department | None = None
    part1_count = 0
    flat_headers = []
    outcome: dict[str, str] = {}
    used_forms: dict[str, str] = {}  # form key → the first sheet in it
    for ws in wb.worksheets:
        if is_part1_sheet(ws):
            latest = read_part1_sheet(ws)
            part1_count += 1
            earlier = by_unit.get(latest.unit_line)
            place_of = next((i for i, d in enumerate(document.departments) if d is earlier), None)
            if place_of is not None:  # its tables came first: one unit
                latest.projects = earlier.projects
                document.departments[place_of] = latest
            else:
                document.departments.append(latest)
            by_unit[latest.unit_line] = latest
            outcome[ws.title] = "部门整体绩效目标"
            continue
        found = _project_sheet(ws, forms, reading)
        if found is not None:
            layout, tables = found
            used_forms.setdefault(layout.key, ws.title)
            if len(used_forms) > 1:
                (k1, s1), (k2, s2) = list(used_forms.items())[:2]
                raise ExchangeError(f"工作簿混用了两种表式：工作表「{s1}」是{FORMS[k1].name}，「{s2}」是{FORMS[k2].name}。"
                                    "请分别导入。")
            for lines, project in tables:
                department = _department_for(lines, layout, latest, by_unit, document, ws.title)
                department.projects.append(project)
            outcome[ws.title] = "；".join(f"项目「{p.name}」（{layout.name}），指标 {len(p.indicators)} 条"
                                          for _, p in tables)
            continue
        header = find_flat_header(ws)
        if header is not None:
            flat_headers.append((ws, header))
            outcome[ws.title] = "指标清单"
        elif label_key(ws.title) == label_key(SUMMARY_SHEET):
            outcome[ws.title] = "项目汇总，由各项目表计算，未读取"
        elif ws.max_row <= 1 and ws.max_column <= 1 and ws.cell(1, 1).value is None:
            outcome[ws.title] = "空白，未读取"
        else:
            outcome[ws.title] = "不是绩效目标表或指标清单，未读取"
    tables = sum(len(d.projects) for d in document.departments)
    if tables or part1_count:
        for ws, header in flat_headers:  # perfdesk's own list repeats the project sheets
            outcome[ws.title] = "指标清单，与各项目表重复，未读取"
            if _take_list_only_fields(document, ws, header):
                outcome[ws.title] = "指标清单，与各项目表重复；只取了项目表没有的分值和指标方向"
    report.extend(f"工作表「{title}」：{what}" for title, what in outcome.items())
    if any(d.projects and not (d.code or d.name) for d in document.departments):
        report.append("表格中没有单位编码和名称（全国申报表只写主管部门和实施单位），工作簿中也没有「部门整体绩效目标」表："
                      "请在部门页填写单位编码和名称。")
    if not tables and not part1_count and flat_headers:
        for ws, header in flat_headers:
            document.departments.extend(read_flat_sheet(ws, header, reading, report, units))
    if not any(d.projects for d in document.departments) and not part1_count:
        raise ExchangeError("工作簿中没有找到绩效目标表（含「项目编码」或「项目名称」「主管部门及代码」等栏目的工作表）"
                            "或指标清单（含「三级指标」列的工作表）。")
    # the form is what the tables are in; a workbook of Part 1 and flat lists only says nothing of it, and
    # is read as the published Hebei table's content (the only form whose lists perfdesk writes so)
    document.form = next(iter(used_forms), forms[0].key)
    for sheet, rows in reading.placeholders.items():
        report.append(f"工作表「{sheet}」第{'、'.join(map(str, rows))}行只有一级、二级指标，没有三级指标和指标值"
                      "（模板的占位行），未作为指标导入。")
    _resolve_levels(document, reading, report)
    return document
