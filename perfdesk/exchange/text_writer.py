"""Write a document in the published text form of the seed (a Word/PDF table dump).

Each table cell is a line starting with a tab (further lines of a multi-line cell follow without one),
rows are separated by a blank line, cells merged down from a row above appear as an empty cell.
Part 1 is headed prose. With ``public=True`` classified parts print as the published document does;
otherwise classified content that was entered is written out in full under a 【涉密】 mark, so that the
text reads back into the same document.
"""

from __future__ import annotations

from pathlib import Path

from ..domain.forms import form
from ..domain.layout import FormLayout, PlacedTable, place
from ..domain.model import REDACTED_TEXT, Department, Document
from ..domain.part1 import has_part1, part1_view
from . import published_format as F
from .errors import ExchangeError


def _doc_title(department: Department) -> str | None:
    """A title line carries what the tables cannot: the year, the unit of a department without projects,
    and (under it) the preparer and phone of the signature block."""
    if department.year is None and not department.preparer and not department.phone and (
            department.projects or not department.unit_line):
        return None
    year = f"{department.year}年度" if department.year is not None else ""
    return f"{department.unit_line}{year}{F.DOC_TITLE_SUFFIX}"


def _paragraphs(lines: list[str], paragraphs: list[str]) -> None:
    for paragraph in paragraphs:
        lines += [paragraph, ""]


def _part1(lines: list[str], d: Department, public: bool) -> None:
    if not has_part1(d):
        return
    lines += [F.PART1, F.PART1_TITLE]
    for section in part1_view(d, public):
        lines.append(section.heading + (F.SECRET_MARK if section.marked else ""))
        _paragraphs(lines, section.paragraphs)
        for item in section.items:
            lines.append(item.heading + (F.SECRET_MARK if item.marked else ""))
            if item.redacted:
                _paragraphs(lines, [REDACTED_TEXT])
                continue
            for prefix, text in ((F.GOAL_PREFIX, item.goal), (F.INDICATOR_PREFIX, item.indicator)):
                if text:
                    first, *rest = text.split("\n")
                    _paragraphs(lines, [prefix + first, *rest])
        if not section.paragraphs and not section.items:
            lines.append("")


def table_lines(table: PlacedTable) -> list[str]:
    lines: list[str] = []
    for row in range(table.rows):
        for cell in table.row_cells(row):
            first, *rest = cell.text.split("\n")
            lines.append("\t" + first)
            lines.extend(rest)
        lines.append("")
        if row + 1 == table.layout.header_row:
            lines.append("")  # the seed leaves an extra blank line above the indicator header
    return lines


def _part2(lines: list[str], d: Department, public: bool, layout: FormLayout) -> None:
    if has_part1(d):  # the second part of two; tables alone are not numbered as a part
        lines += [F.PART2, F.PART2_TITLE]
    for index, project in enumerate(d.projects, 1):
        marked = project.secret and not public and any(ind.has_content() for ind in project.indicators)
        lines.append(layout.title_for(index, project) + (F.SECRET_MARK if marked else ""))
        lines += table_lines(place(d, project, layout=layout, public=public))
        lines.append("")


class TextExportError(ExchangeError):
    """Content the published text form cannot carry; the message is Chinese and says where and why."""


def _check_part1(department: Department) -> None:
    """Part 1 is prose with headings and no escape: a paragraph that reads like a heading would come
    back as structure. Refuse the export, naming the paragraph, rather than write what cannot be read."""
    unit = department.name or department.code
    for field, label in F.PRINTED_DEPARTMENT_FIELDS.items():
        problem = F.unprintable(field, getattr(department, field))
        if problem:
            text, why = problem
            raise TextExportError(f"单位「{unit}」{label}「{text[:30]}」{why}，公开文本中无法与文档结构区分。"
                                  "请在部门页修改后再导出文本（Excel 和 PDF 不受影响）。")


def document_lines(document: Document, *, public: bool = False) -> list[str]:
    """The document in the published text form. Refused (TextExportError) for a document in another form:
    the published text carries the Hebei table, and what it wrote would not read back."""
    layout = form(document.form)
    if layout.key != F.TEXT_FORM:
        raise TextExportError(f"公开文本格式只能写出「{form(F.TEXT_FORM).name}」表式的表格，本文档的表式为「{layout.name}」。"
                              "请导出 Excel 或 PDF；如需文本，请先在「文件 → 表式和审核规则」中改为"
                              f"「{form(F.TEXT_FORM).name}」。")
    for department in document.departments:
        _check_part1(department)
    lines: list[str] = []
    for department in document.departments:
        title = _doc_title(department)
        if title:
            lines += [title, ""]
            for prefix, value in ((F.PREPARER_PREFIX, department.preparer), (F.PHONE_PREFIX, department.phone)):
                if value:
                    lines += [prefix + value, ""]
        _part1(lines, department, public)
        _part2(lines, department, public, layout)
    return lines


def document_text(document: Document, *, public: bool = False) -> str:
    return "\n".join(document_lines(document, public=public)) + "\n"


def write_text(document: Document, path: str | Path, *, public: bool = False, encoding: str = "utf-8") -> None:
    """Write atomically: a temporary file beside the target, renamed into place when complete."""
    from .atomic import atomic_write_bytes

    atomic_write_bytes(Path(path), document_text(document, public=public).encode(encoding))
