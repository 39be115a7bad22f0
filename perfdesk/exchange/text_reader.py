"""Read the published text form (see :mod:`text_writer`) into a :class:`Document`, or fail whole.

Accepts what such text becomes after copying around: CRLF or CR line ends, a UTF-8 BOM, GBK/GB18030,
ASCII operators, spaces at either end of a line. Any malformed part raises :class:`ExchangeError`
naming the line and what was expected; no partial document is ever returned.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field
from pathlib import Path

from ..domain.amounts import AmountError
from ..domain.fields import FieldSpec, FieldValueError
from ..domain.forms import form
from ..domain.layout import FormLayout, place
from ..domain.model import REDACTED_CELL, REDACTED_TEXT, Department, Document, GoalItem, Indicator, Project
from ..domain.numbering import parse_chinese_number
from ..domain.taxonomy import TAXONOMIES, detect_taxonomy
from ..domain.text import cell_text, clean_text, label_key
from . import published_format as F
from .errors import ExchangeError

_SPACES = " \u3000\ufeff"


def _line_at(data: bytes, position: int, newline: bytes = b"\n") -> int:
    return data[:position].count(newline) + 1


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else GBK/GB18030; line ends folded to ``\\n``.

    A file cut in the middle of a character is reported as cut (with its line), not as an unknown
    encoding; a UTF-8 mark followed by other bytes is reported, never decoded by guessing."""
    if data.startswith(codecs.BOM_UTF8):
        body = data[len(codecs.BOM_UTF8):]
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = _line_at(body, exc.start)
            if exc.end == len(body) and exc.reason == "unexpected end of data":
                raise ExchangeError("文件在一个字符的中间结束，内容不完整（可能复制或下载时被截断）。请取得完整的文件后再导入。",
                                    line=line) from None
            raise ExchangeError("文件开头标明是 UTF-8 编码，但这一行含有不是 UTF-8 的字节（可能是 GBK）。"
                                "请用记事本打开后另存为 UTF-8 编码，再导入。", line=line) from None
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            newline = "\n".encode("utf-16-le" if data.startswith(codecs.BOM_UTF16_LE) else "utf-16-be")
            raise ExchangeError("文件是 UTF-16 编码，但在一个字符的中间结束或含有残缺的字符，内容不完整。"
                                "请取得完整的文件，或另存为 UTF-8 后再导入。", line=_line_at(data, exc.start, newline)) from None
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            if exc.end == len(data) and exc.reason == "unexpected end of data":
                raise ExchangeError("文件在一个字符的中间结束，内容不完整（可能复制或下载时被截断）。请取得完整的文件后再导入。",
                                    line=_line_at(data, exc.start)) from None
            try:
                text = data.decode("gb18030")
            except UnicodeDecodeError:
                raise ExchangeError("无法识别文件的编码，请另存为 UTF-8 或 GBK 编码的文本后再导入。") from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


@dataclass
class Paragraph:
    line: int
    text: str


@dataclass
class Cell:
    line: int
    text: str


@dataclass
class Row:
    line: int
    cells: list[Cell] = field(default_factory=list)

    @property
    def last_line(self) -> int:
        return self.cells[-1].line + self.cells[-1].text.count("\n") if self.cells else self.line


def blocks(text: str) -> list[Paragraph | Row]:
    """Lines → paragraphs (lines without a tab, after a blank line or another paragraph) and table rows
    (tab-prefixed cells up to a blank line; a line without a tab right after a cell continues it)."""
    out: list[Paragraph | Row] = []
    row: Row | None = None
    for no, raw in enumerate(text.split("\n"), 1):
        line = raw.strip(_SPACES)  # spaces at either end do not count; a tab does (an empty cell)
        if not line:
            row = None
            continue
        if line.startswith("\t"):
            if row is None:
                row = Row(no)
                out.append(row)
            row.cells.append(Cell(no, cell_text(line)))
        elif row is not None:
            cell = row.cells[-1]
            piece = cell_text(line)
            if piece:
                cell.text = f"{cell.text}\n{piece}" if cell.text else piece
        else:
            out.append(Paragraph(no, line.strip("\t" + _SPACES)))
    return out


def _table_title(block: object):
    """The match of a project table title (``3.某某经费绩效目标表``, maybe marked 【涉密】), else None."""
    if not isinstance(block, Paragraph):
        return None
    return F.TABLE_TITLE.match(label_key(F.split_mark(block.text)[0]))


def _is(paragraph: object, heading: str) -> bool:
    return isinstance(paragraph, Paragraph) and label_key(F.split_mark(paragraph.text)[0]) == label_key(heading)


class _Reader:
    def __init__(self, text: str, layout: FormLayout) -> None:
        self.blocks = blocks(text)
        # A text that stops inside a table cell (no line break after the last cell) was cut off: every
        # writer of the published form, Word's and perfdesk's included, ends its last line.
        last = text.split("\n")[-1]
        self.cut_in_cell = bool(last.strip(_SPACES)) and bool(self.blocks) and isinstance(self.blocks[-1], Row) \
            and self.blocks[-1].last_line == text.count("\n") + 1
        self.pos = 0
        self.layout = layout
        self.template = place(Department(), Project(), layout=layout)
        self.level_refs: list[tuple[Indicator, int, int]] = []  # indicator, 一级 line, 二级 line

    # -- cursor -------------------------------------------------------------------------------
    def peek(self) -> Paragraph | Row | None:
        return self.blocks[self.pos] if self.pos < len(self.blocks) else None

    def take(self) -> Paragraph | Row:
        block = self.blocks[self.pos]
        self.pos += 1
        return block

    def last_line(self) -> int:
        if not self.blocks:
            return 1
        last = self.blocks[min(self.pos, len(self.blocks)) - 1]
        return last.last_line if isinstance(last, Row) else last.line

    # -- document -----------------------------------------------------------------------------
    def read(self) -> Document:
        if not self.blocks:
            raise ExchangeError("文件是空的，没有可导入的内容。", line=1)
        if self.cut_in_cell:
            row = self.blocks[-1]
            raise ExchangeError(f"文件在表格单元格「{row.cells[-1].text[-20:]}」中间结束（最后一行没有换行），内容不完整。"
                                "请取得完整的文件后再导入。", line=row.last_line)
        document = Document(form=self.layout.key)
        while self.peek() is not None:
            start = self.peek()
            d = self.department()
            previous = document.departments[-1] if document.departments else None
            if previous is not None and _table_title(start) and (d.code, d.name) == (previous.code, previous.name):
                # tables numbered from 1 again under the same unit line: a numbering slip, not another unit
                raise ExchangeError(f"项目表序号应为{len(previous.projects) + 1}，这里是1。", line=start.line)
            document.departments.append(d)
        self.resolve_taxonomy(document)
        return document

    def department(self) -> Department:
        d = Department()
        block = self.peek()
        if isinstance(block, Paragraph) and not any(_is(block, h) for h in (F.PART1, F.PART2)) and not _table_title(block):
            # the name as written (full-width marks kept); the folded form only to recognise the title
            title = F.parse_doc_title(block.text.strip()) or F.parse_doc_title(label_key(block.text))
            if not title:
                raise ExchangeError(f"应为「{F.PART1}」、文档标题或项目表题，而不是「{block.text[:40]}」。", line=block.line)
            self.take()
            d.code, d.name, year = title
            d.year = int(year) if year else None
            self.signature_lines(d)
        if _is(self.peek(), F.PART1):
            self.take()
            if _is(self.peek(), F.PART1_TITLE):
                self.take()
            self.part1(d)
        if _is(self.peek(), F.PART2):
            self.take()
            if _is(self.peek(), F.PART2_TITLE):
                self.take()
        while _table_title(self.peek()):
            if d.projects and int(_table_title(self.peek()).group(1)) == 1:
                break  # tables numbered from 1 again: the next unit's (a unit without Part 1 has no heading to say so)
            self.project(d)
        block = self.peek()
        if block is not None and not _is(block, F.PART1) and not _table_title(block) and not (
            isinstance(block, Paragraph) and F.parse_doc_title(label_key(block.text))
        ):
            if isinstance(block, Row):
                raise ExchangeError("这里出现了表格行，但前面缺少项目表题（如「1.某某经费绩效目标表」）。", line=block.line)
            raise ExchangeError(f"应为项目表题（如「1.某某经费绩效目标表」）或「{F.PART1}」，而不是「{block.text}」。",
                                line=block.line)
        return d

    def signature_lines(self, d: Department) -> None:
        """``填报人：…`` and ``联系电话：…`` lines under the document title."""
        for prefix, attr in ((F.PREPARER_PREFIX, "preparer"), (F.PHONE_PREFIX, "phone")):
            block = self.peek()
            if isinstance(block, Paragraph) and label_key(block.text).startswith(label_key(prefix)):
                self.take()
                setattr(d, attr, block.text.split(prefix[-1], 1)[-1].split(":", 1)[-1].strip())

    # -- part 1 -------------------------------------------------------------------------------
    _PART1_HEADINGS = (F.OVERALL, F.ITEMS, F.MEASURES, F.PART2, F.PART1)

    def _at_heading(self) -> bool:
        block = self.peek()
        if block is None or isinstance(block, Row):
            return True
        return any(_is(block, h) for h in self._PART1_HEADINGS) or bool(_table_title(block))

    def paragraphs_until_heading(self, *, stop_at_item: bool = False) -> list[Paragraph]:
        out = []
        while not self._at_heading():
            if stop_at_item and F.ITEM_HEADING.match(self.peek().text):
                break
            out.append(self.take())
        block = self.peek()
        if isinstance(block, Row):
            raise ExchangeError("第一部分中出现了表格行（以制表符开头的行），请检查表格前是否缺少「第二部分」和项目表题。",
                                line=block.line)
        return out

    @staticmethod
    def _redacted(paragraphs: list[Paragraph]) -> bool:
        return len(paragraphs) == 1 and label_key(paragraphs[0].text) == label_key(REDACTED_TEXT)

    def part1(self, d: Department) -> None:
        expected = [F.OVERALL, F.ITEMS, F.MEASURES]
        while self.peek() is not None and not self._at_part2():
            block = self.peek()
            heading = next((h for h in expected if _is(block, h)), None)
            if heading is None:
                raise ExchangeError(f"应为「{'」或「'.join(expected)}」，而不是「{getattr(block, 'text', '表格行')}」。",
                                    line=block.line)
            expected = expected[expected.index(heading) + 1:]
            _, marked = F.split_mark(self.take().text)
            if heading == F.OVERALL:
                body = self.paragraphs_until_heading()
                d.overall_secret = marked or self._redacted(body)
                d.overall_goal = "" if (self._redacted(body) and not marked) else "\n".join(p.text for p in body)
            elif heading == F.MEASURES:
                body = self.paragraphs_until_heading()
                d.measures_secret = marked or self._redacted(body)
                d.measures = [] if (self._redacted(body) and not marked) else [p.text for p in body]
            else:
                d.items_secret = marked
                self.items(d)

    def _at_part2(self) -> bool:
        block = self.peek()
        return _is(block, F.PART2) or bool(_table_title(block))

    def items(self, d: Department) -> None:
        lead = self.paragraphs_until_heading(stop_at_item=True)
        if lead:
            if self._redacted(lead) and not d.items:
                d.items_secret = True
            else:
                raise ExchangeError("分项绩效目标应以「（一）标题」开始。", line=lead[0].line)
        while isinstance(self.peek(), Paragraph) and (match := F.ITEM_HEADING.match(self.peek().text)):
            heading = self.take()
            number = parse_chinese_number(match.group(1))
            if number != len(d.items) + 1:
                raise ExchangeError(f"分项序号应为第{len(d.items) + 1}项，这里是「（{match.group(1)}）」。", line=heading.line)
            title, marked = F.split_mark(match.group(2))
            item = GoalItem(title=title.strip(), secret=marked)
            body = self.paragraphs_until_heading(stop_at_item=True)
            if self._redacted(body) and not marked:
                item.secret = True
            else:
                self.item_body(item, body)
            d.items.append(item)

    @staticmethod
    def item_body(item: GoalItem, body: list[Paragraph]) -> None:
        current: str | None = None
        for paragraph in body:
            key = label_key(paragraph.text)
            for prefix, attr in ((F.GOAL_PREFIX, "goal"), (F.INDICATOR_PREFIX, "indicator")):
                if key.startswith(label_key(prefix)):
                    if getattr(item, attr):
                        raise ExchangeError(f"分项「{item.title}」中「{prefix}」出现了两次。", line=paragraph.line)
                    text = paragraph.text.split(prefix[-1], 1)[-1] if prefix[-1] in paragraph.text else paragraph.text.split(":", 1)[-1]
                    setattr(item, attr, text.strip())
                    current = attr
                    break
            else:
                if current is None:
                    raise ExchangeError(f"分项「{item.title}」的内容应以「{F.GOAL_PREFIX}」或「{F.INDICATOR_PREFIX}」开头。",
                                        line=paragraph.line)
                setattr(item, current, f"{getattr(item, current)}\n{paragraph.text}")

    # -- part 2 -------------------------------------------------------------------------------
    def expected_names(self, row: int) -> list[str]:
        names = []
        for cell in self.template.row_cells(row):
            if cell.role == "covered":
                names.append("合并单元格（空）")
            elif cell.role in ("label", "caption", "header") and cell.field is None or cell.role == "header":
                names.append(cell.text)
            else:
                names.append(self.layout.field_label(cell.field))
        return names

    def take_row(self, title: Paragraph, grid_row: int) -> Row:
        block = self.peek()
        if not isinstance(block, Row):
            names = "、".join(self.expected_names(grid_row))
            raise ExchangeError(f"项目「{title.text}」的表格在此中断：缺少「{names}」一行。", line=self.last_line())
        self.take()
        expected = self.template.row_cells(grid_row)
        if len(block.cells) != len(expected):
            names = "、".join(self.expected_names(grid_row))
            raise ExchangeError(f"此行应有{len(expected)}个单元格（{names}），实际有{len(block.cells)}个。", line=block.line)
        for cell, spec in zip(block.cells, expected):
            if spec.role == "covered" and cell.text:
                raise ExchangeError(f"此处应为合并单元格留下的空单元格，却是「{cell.text}」。", line=cell.line)
            if spec.field is None or spec.role == "header":
                if label_key(cell.text) != label_key(spec.text):
                    raise ExchangeError(f"此处应为「{spec.text}」，而不是「{cell.text}」。", line=cell.line)
        return block

    def project(self, d: Department) -> None:
        title = self.take()
        match = _table_title(title)
        marked = F.split_mark(title.text)[1]
        if int(match.group(1)) != len(d.projects) + 1:
            raise ExchangeError(f"项目表序号应为{len(d.projects) + 1}，这里是{match.group(1)}。", line=title.line)
        p = Project(secret=marked)
        fields: dict[str, tuple[Cell, str]] = {}
        for grid_row in range(self.layout.head_rows):
            row = self.take_row(title, grid_row)
            for cell, spec in zip(row.cells, self.template.row_cells(grid_row)):
                if spec.field is not None and spec.role not in ("covered", "header"):
                    text = cell.text[len(spec.prefix):] if cell.text.startswith(spec.prefix) else cell.text
                    fields[spec.field] = (cell, text)
        self.head_fields(d, p, fields, title)
        self.take_row(title, self.layout.header_row)
        columns = self.layout.indicator_columns
        while isinstance(self.peek(), Row):
            row = self.take()
            if len(row.cells) != len(columns):
                following = self.peek()
                if (isinstance(following, Row) and following.cells
                        and label_key(following.cells[0].text) == label_key(self.template.row_cells(1)[0].text)):
                    raise ExchangeError("这里像是另一个项目表格的开始，但前面缺少项目表题（如「2.某某经费绩效目标表」）。",
                                        line=row.line)
                names = "、".join(c.header for c in columns)
                raise ExchangeError(f"指标行应有{len(columns)}个单元格（{names}），实际有{len(row.cells)}个。", line=row.line)
            self.indicator(p, row)
        if not p.indicators:
            raise ExchangeError(f"项目「{p.name}」的表格在此中断：指标表头之后没有指标行。", line=self.last_line())
        cells = [getattr(ind, f) for ind in p.indicators for f in ("name", "description", "value", "basis")]
        if marked or all(c == REDACTED_CELL for c in cells):
            p.secret = True
            for ind in p.indicators:
                for f in ("name", "description", "value", "basis"):
                    if getattr(ind, f) == REDACTED_CELL:
                        setattr(ind, f, "")
        title_name = match.group(2).strip()
        if label_key(title_name) != label_key(p.name):
            raise ExchangeError(f"表题中的项目名称「{title_name}」与表内项目名称「{p.name}」不一致。", line=title.line)
        d.projects.append(p)

    def head_fields(self, d: Department, p: Project, fields: dict[str, tuple[Cell, str]], title: Paragraph) -> None:
        for key, (cell, text) in fields.items():
            spec = self.layout.field(key)
            if spec.kind.editor is None:
                self.department_line(d, spec, text, cell)
                continue
            try:
                spec.put(d, p, spec.parse(text))
            except (AmountError, FieldValueError) as exc:
                raise ExchangeError(str(exc), line=cell.line) from None

    @staticmethod
    def department_line(d: Department, spec: FieldSpec, text: str, cell: Cell) -> None:
        """A line of the department's printed in each of its tables (the unit): taken from the first
        table, and the same in every later one."""
        if not spec.take_line(d, text):
            raise ExchangeError(f"{spec.label}「{text}」与本部分前面的{spec.label}「{spec.text(d, Project())}」不一致；"
                                f"不同单位的绩效目标请分别从「{F.PART1}」开始。", line=cell.line)

    def indicator(self, p: Project, row: Row) -> None:
        values = {column.field: cell.text for column, cell in zip(self.layout.indicator_columns, row.cells)}
        previous = p.indicators[-1] if p.indicators else None
        if not values["level1"]:
            if previous is None:
                raise ExchangeError("第一条指标缺少一级指标。", line=row.line)
            values["level1"] = previous.level1
            if not values["level2"]:
                values["level2"] = previous.level2
        if not values["level2"]:
            raise ExchangeError(f"一级指标「{values['level1']}」下的第一条指标缺少二级指标。", line=row.line)
        indicator = Indicator(**values)
        p.indicators.append(indicator)
        self.level_refs.append((indicator, row.cells[0].line, row.cells[1].line))

    def resolve_taxonomy(self, document: Document) -> None:
        pairs = [(ind.level1, ind.level2) for ind, _, _ in self.level_refs]
        chosen = detect_taxonomy(pairs)
        if chosen is None:
            for tax in TAXONOMIES.values():  # name the first row the classic taxonomy rejects
                for ind, line1, line2 in self.level_refs:
                    if tax.normalise_level1(ind.level1) is None:
                        raise ExchangeError(f"「{ind.level1}」不是已知的一级指标（可用：{'、'.join(tax.level1_names())}）。", line=line1)
                    if tax.normalise_level2(ind.level1, ind.level2) is None:
                        options = "、".join(tax.level2_names(ind.level1))
                        raise ExchangeError(f"「{ind.level2}」不是一级指标「{ind.level1}」下已知的二级指标（可用：{options}）。", line=line2)
        document.taxonomy = chosen.key
        for ind, _, _ in self.level_refs:
            level1 = chosen.normalise_level1(ind.level1)
            ind.level1, ind.level2 = level1, chosen.normalise_level2(level1, ind.level2)


def read_text(text: str, *, layout: FormLayout | None = None, report: list[str] | None = None) -> Document:
    """A document in the published text form, whose tables are in F.TEXT_FORM (the Hebei published table) —
    or, when it is not that, a text of tables of another form perfdesk knows (text_tables), recognised by
    their labels. The Hebei reader's error stands when neither fits."""
    # Control characters Word leaves in cells (\x07, \x0b, NUL) are cleaned here; line breaks stay.
    text = clean_text(text)
    try:
        return _Reader(text, layout or form(F.TEXT_FORM)).read()
    except ExchangeError:
        if layout is not None:
            raise
        from .text_tables import read_table_text

        other = read_table_text(text, report)
        if other is None:
            raise
        return other


def read_text_file(path: str | Path, *, layout: FormLayout | None = None, report: list[str] | None = None) -> Document:
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ExchangeError("找不到文件。", path=str(path)) from None
    except OSError as exc:
        raise ExchangeError(f"无法读取文件：{exc.strerror}", path=str(path)) from None
    try:
        return read_text(decode(data), layout=layout, report=report)
    except ExchangeError as exc:
        exc.path = str(path)
        raise


def parse_item_body(item: GoalItem, paragraphs: list[tuple[int, str]]) -> None:
    """A 分项's paragraphs (line, text) into its 绩效目标 and 绩效指标 — shared with the workbook's Part 1."""
    _Reader.item_body(item, [Paragraph(line, text) for line, text in paragraphs])
