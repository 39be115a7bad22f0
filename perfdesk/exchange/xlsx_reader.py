"""Read a workbook back into a document, all or nothing.

Understands what perfdesk writes (the project sheets in the document's form and the Part 1 sheet; the flat
list and summary are derived, and only the list's fields no form prints are taken from it), every form's
tables from other hands (form_sheets), old .xls (workbook_open), and flat lists from other systems
(flat_lists). Every problem is an :class:`ExchangeError` naming the sheet, row and column; no document is
returned unless the whole workbook reads.
"""

from __future__ import annotations

from pathlib import Path

from ..domain.forms import DEPARTMENT_FORM, FORMS, for_month, form, target_form_of
from ..domain.layout import TARGETS, FormLayout
from ..domain.model import Department, Document, Project
from ..domain.taxonomy import TAXONOMIES, detect_taxonomy, drift_mapping
from ..domain.text import label_key
from .errors import ExchangeError
from .flat_lists import UnitUndecidedError, find_flat_header, read_flat_sheet  # noqa: F401 - UnitUndecidedError re-exported
from .form_sheets import _find_table_top, _looks_like_project_table, read_project_sheet, what_is_at
from .part1_sheet import is_part1_sheet, read_part1_sheet
from .sheet_cells import MAX_COLUMNS, MAX_ROWS, _fail, _Reading, _text  # noqa: F401 - limits re-exported
from .workbook_open import open_workbook
from .xlsx_book import CREATOR
from .xlsx_writer import SUMMARY_SHEET

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
                ref.indicator.levels_as_written = "|".join(pair)  # written back so (exports)
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
                  units: dict[str, str] | None = None, forms_used: list[str] | None = None,
                  as_printed: bool = False) -> Document:
    """The whole workbook as a document, or ExchangeError. The form of its project tables is recognised by
    their labels among the forms perfdesk knows (or only ``layout``), and recorded in the document.
    ``report`` receives one line per sheet saying what became of it, so that nothing is skipped without a word.
    A flat list that states no money unit is read by the amounts' size with a note in ``report``; given
    ``units`` (sheet → 元/万元, the clerk's answers so far), such a sheet raises UnitUndecidedError instead.
    ``forms_used`` receives the keys of the forms its tables were recognised as.
    ``as_printed``: 分值 and 得分 as the sheet shows them (domain/reported compares them with the export's)."""
    path = Path(path)
    wb = open_workbook(path)
    try:
        forms = (layout,) if layout is not None else tuple(FORMS.values())
        return read_opened_workbook(wb, forms, report if report is not None else [], units, forms_used, as_printed)
    except ExchangeError as exc:
        exc.path = str(path)
        raise
    finally:
        wb.close()


def _labels_match(ws, top: int, layout: FormLayout) -> bool:
    """Every label of the form where the form puts it — the head's and the indicator header's (variants of
    a form differ only there: 指标值 over three columns, or 指标值 and 绩效标准)."""
    return not _labels_placed(ws, top, layout)[1]


def _project_sheet(ws, forms: tuple[FormLayout, ...], reading: _Reading):
    """(form, [(lines, project)…]) of a sheet in the form whose labels it carries, or None. Forms share their
    first labels (the national form and its one-year variant): every label decides, not the first few."""
    shaped = [made for made in (_as_in_sheet(ws, layout) for layout in forms) if made is not None]
    for layout in shaped:
        top = _find_table_top(ws, layout)
        if top is not None and _labels_match(ws, top, layout):
            found = read_project_sheet(ws, layout, reading)
            return (layout, found) if found is not None else None  # None: an unfilled template
    # meant as a table of one of them (its first label where the form has it), but not in its shape: the form it
    # resembles most is read if every label is there after all, else said with what it lacks
    meant = [(layout, top) for layout in shaped if (top := _looks_like_project_table(ws, layout)) is not None and top >= 1]
    if not meant:
        return None
    layout, top = max(meant, key=lambda m: _share_placed(ws, m[1], m[0]))
    missing = _labels_placed(ws, top, layout)[1]
    if missing:
        missing = [m for m in missing if m[0]] or missing  # a cell the form leaves blank, named only if nothing else
        label, row, col = missing[0]
        raise _fail(ws.title, row, col, "", f"这张表像「{layout.name}」，但找不到「{'」「'.join(m[0] for m in missing)}」"
                                           f"（「{label}」应在此处，{what_is_at(ws, row, col)}）。"
                                           "请按原表式恢复栏目名称后再导入；整个工作簿未导入。")
    found = read_project_sheet(ws, layout, reading)
    return (layout, found) if found is not None else None


def _form_labels(layout: FormLayout, top: int) -> list[tuple[str, int, int]]:
    """(label, sheet row, sheet column) of every label of the form's head and indicator header, for a table whose
    first grid row is sheet row ``top``."""
    header = top + layout.header_row
    return [(c.label, top + c.row, 1 + c.col) for c in layout.head if c.label is not None and c.role != "caption"] + \
        [(c.header, header, 1 + c.col) for c in layout.indicator_columns]


def _labels_placed(ws, top: int, layout: FormLayout) -> tuple[list, list]:
    """The form's labels found where it puts them, and those missing there (in the form's order)."""
    placed, missing = [], []
    for label, row, col in _form_labels(layout, top):
        (placed if layout.accepts(label, _text(ws.cell(row, col).value)) else missing).append((label, row, col))
    return placed, missing


def _share_placed(ws, top: int, layout: FormLayout) -> float:
    placed, missing = _labels_placed(ws, top, layout)
    return len(placed) / (len(placed) + len(missing))


def _top_cells(ws):
    """The cells near a sheet's top (40 rows, 30 columns) where a form's labels are looked for."""
    return (cell for row in ws.iter_rows(max_row=min(ws.max_row, 40), max_col=min(ws.max_column, 30))
            for cell in row if cell.value is not None)


def _resembles(ws, forms: tuple[FormLayout, ...]) -> str:
    """What a sheet that matched nothing looks like: the form whose labels it carries most (anywhere near the top),
    and the labels it lacks — or that it carries none."""
    texts = {label_key(_text(cell.value)) for cell in _top_cells(ws)}
    best = None
    for layout in forms:
        if layout.monthly:
            continue
        labels = list(dict.fromkeys(label for label, _, _ in _form_labels(layout, 1) if label_key(label)))
        missing = [label for label in labels if not any(layout.accepts(label, t) for t in texts)]
        share = 1 - len(missing) / len(labels)
        if share >= 0.5 and (best is None or share > best[0]):
            best = (share, layout, missing)
    if best is None:
        return "没有认出任何表式的栏目"
    _, layout, missing = best
    return f"像「{layout.name}」，但找不到「{'」「'.join(missing)}」" if missing else \
        f"有「{layout.name}」的栏目，但不在表式的位置上（是否插入或删除了行、列？）"


def _as_in_sheet(ws, layout: FormLayout) -> FormLayout | None:
    """The form as the sheet has it: a 监控表's description made for the month its label states (1-7月执行数),
    None when the sheet is not in it or states no month; other forms as they are."""
    if not layout.monthly:
        return layout
    top = _find_table_top(ws, layout)
    if top is None:
        return None
    row, col, _ = layout.month_label()
    month = layout.month_in(_text(ws.cell(top + row, 1 + col).value))
    return for_month(layout, month) if month is not None else None


def _named(key: str) -> str:
    """A form as a message names it: a 监控表 with its months."""
    layout = form(key)
    return f"{layout.name}（1-{layout.month}月）" if layout.month else layout.name


def _department_for(lines: dict[str, str], layout: FormLayout, latest: Department | None,
                    by_unit: dict[str | None, Department], document: Document, sheet: str) -> Department:
    """The department a project table belongs to: by the unit line it prints, else (a form without one,
    like the national 申报表) the 部门整体绩效目标 sheet before it; the other lines it prints (主管部门,
    年度) are taken when the department has none and must agree when it has."""
    unit_key = next((key for key in lines if layout.field(key).identifies_unit), None)
    if unit_key is not None:
        # the unit as every form's line names it ([210001]name on the 部门整体 table, 210001name on the published one)
        probe = Department()
        layout.field(unit_key).put(probe, Project(), lines.pop(unit_key))
        unit = probe.unit_line
        department = by_unit.get(unit)
        if department is None and not unit and latest is not None:
            department = latest
        if department is None:
            department = by_unit[unit] = probe
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
        # (a line that says nothing is no disagreement: a province's table has its title where perfdesk puts
        # the year)
        if not spec.take_line(department, text):
            raise ExchangeError(f"工作表「{sheet}」的{spec.label}「{text}」与同一单位前面的表格"
                                f"「{spec.text(department, Project())}」不一致，请核对后再导入。")
    return department


def _join_part1(part1: Department, earlier: Department, sheet: str) -> None:
    """A unit's Part 1 read after its tables: their projects and its 部门整体 table join it, with what that table
    states of the unit where Part 1 says nothing; where both say something, they must agree."""
    part1.projects, part1.whole = earlier.projects, earlier.whole
    for key in ("functions", "overall_goal", "preparer", "phone"):
        mine, theirs = getattr(part1, key), getattr(earlier, key)
        if not mine:
            setattr(part1, key, theirs)
        elif theirs and theirs != mine:
            label = DEPARTMENT_FORM.field_label(key)
            raise ExchangeError(f"工作表「{sheet}」的{label}「{mine[:30]}」与前面{DEPARTMENT_FORM.name}的「{theirs[:30]}」"
                                "不一致，请核对后再导入。")


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


_NOT_READ = "不是绩效目标表或指标清单，未读取"


def read_opened_workbook(wb, forms: tuple[FormLayout, ...], report: list[str],
                         units: dict[str, str] | None, forms_used: list[str] | None = None,
                         as_printed: bool = False) -> Document:
    """An open workbook (or one laid out from text, text_tables) read as read_workbook reads a file."""
    # perfdesk's own workbook: marked in its properties (before: by its named styles)
    own = wb.properties.creator == CREATOR or "pd_label" in wb.named_styles
    reading = _Reading(own=own, as_printed=as_printed)
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
                _join_part1(latest, earlier, ws.title)
                document.departments[place_of] = latest
            else:
                document.departments.append(latest)
            by_unit[latest.unit_line] = latest
            outcome[ws.title] = "部门整体绩效目标"
            continue
        whole = _project_sheet(ws, (DEPARTMENT_FORM,), reading)
        if whole is not None:  # a unit's own 部门整体 table: its projects' tables may follow, naming no unit
            for lines, table in whole[1]:
                latest = _department_for(lines, DEPARTMENT_FORM, latest, by_unit, document, ws.title)
                if latest.whole is not None:
                    raise ExchangeError(f"工作表「{ws.title}」：单位「{latest.name}」已有一张{DEPARTMENT_FORM.name}"
                                        "（在前面的工作表中），同一单位只能有一张。请删去重复的一张后再导入。")
                latest.whole = table
            outcome[ws.title] = "；".join(f"{DEPARTMENT_FORM.name}，指标 {len(t.indicators)} 条" for _, t in whole[1])
            continue
        found = _project_sheet(ws, forms, reading)
        if found is not None:
            layout, tables = found
            used_forms.setdefault(layout.key, ws.title)
            if len(used_forms) > 1:
                (k1, s1), (k2, s2) = list(used_forms.items())[:2]
                raise ExchangeError(f"工作簿混用了两种表式：工作表「{s1}」是{_named(k1)}，「{s2}」是{_named(k2)}。"
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
            outcome[ws.title] = _NOT_READ
    tables = sum(len(d.projects) + (d.whole is not None) for d in document.departments)
    if tables or part1_count:
        for ws, header in flat_headers:  # perfdesk's own list repeats the project sheets
            outcome[ws.title] = "指标清单，与各项目表重复，未读取"
            if _take_list_only_fields(document, ws, header):
                outcome[ws.title] = "指标清单，与各项目表重复；只取了项目表没有的分值和指标方向"
    report.extend(f"工作表「{title}」：{what}" for title, what in outcome.items())
    if any(d.projects and not (d.code or d.name) for d in document.departments):
        report.append(f"表格中没有单位编码和名称（「{'」「'.join(_named(k) for k in used_forms)}」不写单位），"
                      "工作簿中也没有「部门整体绩效目标」表："
                      "请在部门页填写单位编码和名称。")
    if not tables and not part1_count and flat_headers:
        for ws, header in flat_headers:
            document.departments.extend(read_flat_sheet(ws, header, reading, report, units))
    if not any(d.projects or d.whole for d in document.departments) and not part1_count:
        sheets = "；".join(f"工作表「{ws.title}」：{_resembles(ws, forms)}" for ws in wb.worksheets
                          if outcome.get(ws.title) == _NOT_READ)
        raise ExchangeError("工作簿中没有找到绩效目标表（含「项目编码」或「项目名称」「主管部门及代码」等栏目的工作表）"
                            "或指标清单（含「三级指标」列的工作表）。" + (sheets + "。" if sheets else ""))
    # the form is what the tables are in; a workbook of Part 1 and flat lists only says nothing of it, and
    # is read as the published Hebei table's content (the only form whose lists perfdesk writes so)
    document.form = next(iter(used_forms), forms[0].key)
    if forms_used is not None:
        forms_used.extend(used_forms)
    if form(document.form).moment != TARGETS:  # a filled 自评表 read as a document: its targets' form
        document.form = target_form_of(form(document.form)).key
    report.extend(reading.notes)
    for sheet, rows in reading.placeholders.items():
        report.append(f"工作表「{sheet}」第{'、'.join(map(str, rows))}行只有一级、二级指标，没有三级指标和指标值"
                      "（模板的占位行），未作为指标导入。")
    _resolve_levels(document, reading, report)
    return document
