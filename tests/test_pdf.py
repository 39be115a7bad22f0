"""PDF: the extracted text, the embedded fonts, A4 pages, page breaks that repeat labels, line breaking."""

import io
import os
import re
import subprocess
import sys
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from perfdesk.domain.layout import place as _place
from pypdf import PdfReader

from conftest import run_cli
from perfdesk.domain.forms import HEBEI
from perfdesk.domain.model import Department, Document, Indicator, Project
from perfdesk.example import example_document
from perfdesk.exchange.pdf_fonts import NO_LINE_START, choose_fonts
from perfdesk.exchange.pdf_writer import _Builder, build_pdf


def place(department, project, **kw):
    from perfdesk.domain.forms import HEBEI

    return _place(department, project, layout=HEBEI, **kw)


def _pdf(document, **options):
    out = io.BytesIO()
    result = build_pdf(document, out, **options)
    out.seek(0)
    return PdfReader(out), result


def _flat(text: str) -> str:
    return "".join(text.split())


def _pages(reader) -> list[str]:
    return [_flat(page.extract_text()) for page in reader.pages]


@pytest.fixture(scope="module")
def seed_pdf(request):
    from perfdesk.exchange.text_reader import read_text
    from conftest import SEED

    document = read_text(SEED.read_text(encoding="utf-8"))
    reader, result = _pdf(document)
    return document, reader, result


def test_every_project_indicator_and_amount_in_order(seed_pdf):
    document, reader, result = seed_pdf
    text = "".join(_pages(reader))
    position = 0
    for project in document.projects():
        for needle in [project.name, project.code, str(project.budget), str(project.fiscal), str(project.other)] + \
                [_flat(i.name) for i in project.indicators if i.name]:
            found = text.find(_flat(needle), position)
            assert found >= 0, (project.name, needle)
            position = found
    assert text.count("涉密") >= 2 * 9 * 4  # the two classified projects' indicator cells
    assert "内容涉密，按照规定不予公开。" in text and result.missing == set()


def test_fonts_are_embedded_and_pages_are_a4(seed_pdf):
    _, reader, _ = seed_pdf
    fonts = {}
    for page in reader.pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)
        for name, ref in page["/Resources"]["/Font"].items():
            fonts[name] = ref.get_object()
    assert fonts
    for font in fonts.values():
        descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
        descriptor = descendant["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor, font["/BaseFont"]  # an embedded TrueType program
        assert font["/BaseFont"].startswith("/AAAA")  # a subset


def test_page_numbers(seed_pdf):
    _, reader, result = seed_pdf
    pages = _pages(reader)
    assert result.pages == len(pages)
    for number, text in enumerate(pages, 1):
        assert f"第{number}页共{len(pages)}页" in text


def test_no_chinese_system_font_still_extracts(tmp_path):
    fonts = choose_fonts(font_dirs=[tmp_path])  # an empty "system": only the bundled font remains
    assert len(fonts.text.names) == 1
    reader, _ = _pdf(example_document(), fonts=fonts)
    assert "森林防灭火物资储备经费绩效目标表" in "".join(_pages(reader))


def test_per_character_fallback_and_reported_missing_characters(tmp_path):
    latin = next(Path("/usr/share/fonts").rglob("DejaVuSans.ttf"), None)
    if latin is None:
        pytest.skip("needs a Latin-only TrueType font to stand in for 宋体")
    shutil.copy(latin, tmp_path / "simsun.ttc")  # a "宋体" without Chinese glyphs
    fonts = choose_fonts(font_dirs=[tmp_path])
    assert len(fonts.text.names) == 2
    document = Document(departments=[Department(code="1", name="单位ABC", projects=[Project(
        name="项目Alpha", budget=Decimal("1.50"),
        indicators=[Indicator("产出指标", "数量指标", "甲 abc", "", "≥95%", "\U00020000依据")])])])
    reader, result = _pdf(document, fonts=fonts)
    text = "".join(_pages(reader))
    assert "项目Alpha绩效目标表" in text and "甲abc" in text
    used = {f.get_object()["/BaseFont"] for page in reader.pages for f in page["/Resources"]["/Font"].values()}
    assert any("DejaVu" in str(u) for u in used) and any("WenQuanYi" in str(u) for u in used)
    assert result.missing == {"\U00020000"}  # a CJK Extension B character neither font has


def test_long_indicator_block_repeats_header_and_group_labels():
    indicators = [Indicator("产出指标", "数量指标", f"数量{i}", "描述" * 20, f"{i}个", "依据" * 10) for i in range(40)]
    indicators += [Indicator("效益指标", "社会效益指标", f"效益{i}", "描述", "好", "依据") for i in range(3)]
    document = Document(departments=[Department(code="1", name="单位", projects=[Project(name="长项目", indicators=indicators)])])
    reader, result = _pdf(document)
    pages = _pages(reader)
    table_pages = [p for p in pages if "数量" in p]
    assert len(table_pages) >= 3
    header = "一级指标二级指标三级指标绩效指标描述指标值指标值确定依据"
    for page in table_pages:
        assert header in page  # the header row on every page of the table
        assert page.index("产出指标", page.index(header)) < page.index("数量", page.index(header) + 1)
        assert page.count("数量指标") >= 1  # the 一级/二级 labels start again on the continuation page
    # every indicator printed once, in order
    text = "".join(table_pages)
    positions = [text.find(f"数量{i}描述") for i in range(40)]
    assert all(p >= 0 for p in positions) and positions == sorted(positions)


def test_rules_stop_at_merged_cells_on_every_page_of_a_long_table():
    """The table is ruled like the printed form: a merged 一级/二级 label is not crossed by the rules between its
    indicators' rows (on the continuation pages too), while the indicators' columns have one rule per row."""
    import pdfplumber

    indicators = [Indicator("产出指标", "数量指标", f"数量{i}", "描述" * 20, f"{i}个", "依据" * 10) for i in range(40)]
    document = Document(departments=[Department(code="1", name="单位", projects=[Project(name="长项目",
                                                                                          indicators=indicators)])])
    out = io.BytesIO()
    build_pdf(document, out)
    with pdfplumber.open(io.BytesIO(out.getvalue())) as pdf:
        pages = [page for page in pdf.pages if page.search("数量指标")]
        assert len(pages) >= 2
        for page in pages:
            label = page.search("产出指标")[-1]  # the label in the indicator block (not the header's 一级指标)
            names = [found for i in range(40) for found in page.search(rf"数量{i}(?![0-9指])")]

            def rules_between_indicators(x: float) -> int:
                """The horizontal rules at ``x`` from the first indicator on this page to the last."""
                return sum(1 for e in page.horizontal_edges
                           if e["x0"] < x < e["x1"] and names[0]["bottom"] < e["top"] < names[-1]["top"])

            assert len(names) >= 10
            assert rules_between_indicators(names[0]["x0"] + 2) == len(names) - 1  # one between each two
            assert rules_between_indicators((label["x0"] + label["x1"]) / 2) == 0  # none across the label


def test_no_line_starts_with_closing_punctuation(seed_doc):
    builder = _Builder(choose_fonts(), HEBEI, False)

    checked = 0
    for department in seed_doc.departments:
        for project in department.projects:
            for cell in place(department, project).cells:
                style, heading = builder.cell_style(cell)
                width = sum(builder.col_widths[cell.col:cell.col + cell.colspan]) - 6
                para = builder.para(cell.text, style, heading)
                para.wrap(width, 1e6)
                for line in para.blPara.lines[1:]:
                    text = "".join(getattr(w, "text", "") for w in getattr(line, "words", [])) or ""
                    assert not text or text[0] not in NO_LINE_START, (cell.text, text)
                    checked += 1
    assert checked > 200


def test_public_and_signature_versions(tmp_path):
    document = example_document()
    full, _ = _pdf(document)
    public, _ = _pdf(document, public=True)
    assert "维护通信节点数" in "".join(_pages(full)) and "维护通信节点数" not in "".join(_pages(public))
    assert "专网可用率不低于99.5%" not in "".join(_pages(public))
    signature, result = _pdf(document, signature=True)
    pages = _pages(signature)
    titles = [f"{i}.{p.name}绩效目标表" for i, p in enumerate(document.departments[0].projects, 1)]
    starts = [next(n for n, page in enumerate(pages) if title in page) for title in titles]
    assert starts == sorted(starts) and len(set(starts)) == 4  # each project on its own pages
    for n in starts:
        assert pages[n].find(titles[starts.index(n)]) < 20  # at the top of its page
    assert all("项目负责人（签字）" in "".join(pages[a:b]) for a, b in zip(starts, starts[1:] + [len(pages)]))
    assert "填报人：李晓梅" in "".join(pages) and "第一部分" not in "".join(pages)


def test_write_pdf_is_atomic_and_cli(tmp_path, seed_path):
    doc = tmp_path / "seed.perfdesk"
    assert run_cli("import", seed_path, "-o", doc).returncode == 0
    result = run_cli("export", doc, "--pdf", tmp_path / "seed.pdf")
    pages = len(PdfReader(tmp_path / "seed.pdf").pages)
    assert result.returncode == 0 and f"共 {pages} 页" in result.stdout
    assert run_cli("export", doc, "--pdf", tmp_path / "sig.pdf", "--signature", "--public").returncode == 0
    assert PdfReader(tmp_path / "sig.pdf").pages
    bad = run_cli("export", doc, "--text", tmp_path / "x.txt", "--signature")
    assert bad.returncode == 1 and "--signature 只用于 PDF" in bad.stderr
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix in (".pdf", ".tmp")) == ["seed.pdf", "sig.pdf"]


def test_missing_character_warning_from_the_cli(tmp_path):
    from perfdesk.storage import DocumentFile

    document = example_document()
    document.departments[0].projects[0].indicators[0].basis = "依据\U0001F4C8"
    DocumentFile.create(tmp_path / "m.perfdesk", document).close()
    result = run_cli("export", tmp_path / "m.perfdesk", "--pdf", tmp_path / "m.pdf")
    assert result.returncode == 0 and "警告" in result.stderr and "\U0001F4C8" in result.stderr


def test_selected_projects_only():
    document = example_document()
    wanted = document.departments[0].projects[1]
    from perfdesk.storage.docfile import DocumentFile  # noqa: F401 - ids come from storage in the app

    for n, p in enumerate(document.departments[0].projects, 1):
        p.id = n
    reader, _ = _pdf(document, project_ids={2})
    text = "".join(_pages(reader))
    assert wanted.name in text and document.departments[0].projects[0].name not in text and "第一部分" not in text


@pytest.mark.parametrize("where", ["name", "basis", "fund_use", "goals"])
@pytest.mark.parametrize("signature", [False, True])
def test_a_cell_taller_than_a_page_is_printed_whole_after_its_table(seed_doc, where, signature):
    """Regression: one long cell (三级 ≥ ~440 characters, 依据 ≥ ~536, 资金用途/绩效目标 ≥ ~2,300) made the
    PDF export and printing impossible (reportlab LayoutError)."""
    import copy

    document = copy.deepcopy(seed_doc)
    project = document.departments[0].projects[0]
    text = "甲乙丙丁戊" * (640 if where in ("fund_use", "goals") else 120)
    if where == "goals":
        project.goals = [text]
    elif where == "fund_use":
        project.fund_use = text
    else:
        setattr(project.indicators[0], where, text)
    reader, _ = _pdf(document, signature=signature)
    pages = _pages(reader)
    assert "".join(pages).count("甲") == text.count("甲")  # nothing of it lost
    assert "全文见本表后的续页" in "".join(pages) and "综治工作经费（续页）" in "".join(pages)
    assert "政法干警人身意外伤害保险" in "".join(pages)  # and the document goes on after it


@pytest.mark.parametrize("signature", [False, True])
def test_a_short_text_of_many_lines_taller_than_a_page_is_printed_after_its_table(signature):
    """Regression: a cell of under 200 characters but ~90 lines (a list typed one item a line) was never measured
    and stopped the export with reportlab's LayoutError, in English."""
    lines = [chr(0x4E00 + 7 * i) for i in range(90)]  # one character an item
    indicators = [Indicator("产出指标", "数量指标", "覆盖事项", "\n".join(lines), "90项", "依据")]
    indicators += [Indicator("产出指标", "数量指标", f"其他{i}", "描述", "1项", "依据") for i in range(3)]
    document = Document(departments=[Department(code="1", name="单位", projects=[Project(
        name="清单项目", indicators=indicators)])])
    assert len(indicators[0].description) < 200
    reader, result = _pdf(document, signature=signature)
    text = "".join(_pages(reader))
    assert "全文见本表后的续页" in text and "清单项目（续页）" in text
    listed = re.sub(r"第\d+页共\d+页", "", text.split("清单项目（续页）")[1])  # the continuation, page footers left out
    assert "".join(lines) in listed and "其他2" in text
    assert result.pages >= 3  # the list, 90 lines, takes more than a page after the table


@pytest.mark.parametrize("signature", [False, True])
def test_a_head_taller_than_a_page_moves_its_longest_text_after_the_table(signature):
    """Regression: 资金用途 and 绩效目标 each just short of the long-cell limit made a table head taller than a page: the
    export stopped with reportlab's LayoutError, in English. Now the longest of them is printed after the table."""
    indicators = [Indicator("产出指标", "数量指标", f"指标{i}", "描述", "1项", "依据") for i in range(3)]
    fund_use, goal = "资金用途甲" * 330, "绩效目标乙" * 250
    document = Document(departments=[Department(code="1", name="单位", projects=[Project(
        name="大项目", indicators=indicators, fund_use=fund_use, goals=[goal])])])
    reader, result = _pdf(document, signature=signature)
    pages = _pages(reader)
    first = pages[0]
    assert "全文见本表后的续页" in first and "指标2" in first  # the table, pointer and all, on its first page
    assert first.count("绩效目标乙") > 200  # the shorter text stays in the table
    continued = "".join(pages)[ "".join(pages).index("大项目（续页）"):]
    assert continued.count("资金用途甲") == 330  # the longer one in full after it
    assert result.pages >= 2


def test_a_head_that_still_cannot_fit_is_a_clear_error_and_writes_nothing(tmp_path):
    """What cannot be moved after the table (a unit line of thousands of characters) is said, naming the project as
    typed, and nothing is written — not reportlab's LayoutError in English."""
    from perfdesk.exchange.errors import ExchangeError
    from perfdesk.exchange.pdf_writer import write_pdf

    indicators = [Indicator("产出指标", "数量指标", f"指标{i}", "描述", "1项", "依据") for i in range(3)]
    document = Document(departments=[Department(code="1", name="单位名称" * 1200, projects=[Project(
        name="大项目", indicators=indicators)])])
    target = tmp_path / "out.pdf"
    with pytest.raises(ExchangeError) as raised:
        write_pdf(document, target)
    assert "「大项目」" in str(raised.value) and "改短" in str(raised.value)
    assert not target.exists() and list(tmp_path.iterdir()) == []


def test_signature_copy_keeps_a_table_that_fits_a_page_with_its_signature(seed_doc):
    """Regression: fixed column widths made 综治工作经费 need two pages in the signature copy (14 pages in all)."""
    reader, result = _pdf(seed_doc, signature=True)
    pages = _pages(reader)
    first = next(n for n, text in enumerate(pages) if "1.综治工作经费绩效目标表" in text)
    assert "项目负责人（签字）" in pages[first] and "填报日期" in pages[first]
    assert "调查问卷" in pages[first]  # its last indicator row is on that page too
    assert result.pages <= 13


def test_columns_follow_the_content_and_short_cells_never_break_off_a_character(seed_doc):
    from reportlab.pdfbase import pdfmetrics


    builder = _Builder(choose_fonts(), HEBEI, False)
    department = seed_doc.departments[0]
    for project in department.projects:
        placed = place(department, project)
        widths = builder.widths_for(placed)
        assert abs(sum(widths) - sum(builder.col_widths)) < 0.01  # the page width is kept
        for cell in placed.cells:
            if cell.field in ("level1", "level2") or cell.role in ("label", "header"):
                face = builder.fonts.heading if cell.role in ("label", "header") else builder.fonts.text
                lines = cell.print_text.split("\n")
                needed = max(pdfmetrics.stringWidth(line, face.names[0], 9) for line in lines)
                if max(map(len, lines)) > 8:  # long names wrap, but into two lines with no lone character
                    needed = needed / 2 + 9
                assert needed + 2 * 3 + 4.5 <= sum(widths[cell.col:cell.col + cell.colspan]) + 0.01, cell.text
    # the seed's long 指标值确定依据 get room from the short 指标值: the basis column is wider than laid out
    first = place(department, department.projects[0])
    widths = builder.widths_for(first)
    assert sum(widths[7:9]) > sum(builder.col_widths[7:9])


def test_a_font_read_from_the_cache_is_the_font_parsed(tmp_path, monkeypatch):
    """Issue 16: the bundled font's metrics are kept between runs (exchange/font_cache.py); a font made from the
    cache is reportlab's parse of it in every attribute, and a damaged entry is parsed again and rewritten."""
    from reportlab.pdfbase.ttfonts import TTFont

    from perfdesk.exchange import font_cache
    from perfdesk.resources import BUNDLED_FONT, resource_path

    monkeypatch.setenv("PERFDESK_CACHE", str(tmp_path / "cache"))
    path = str(resource_path(*BUNDLED_FONT))
    parsed = TTFont("parsed", path)
    first = font_cache.CachedTTFont("first", path)  # no entry yet: parsed, then kept
    [entry] = (tmp_path / "cache").iterdir()
    cached = font_cache.CachedTTFont("cached", path)
    assert isinstance(cached.face, font_cache._CachedFace) and not isinstance(first.face, font_cache._CachedFace)

    def attributes(font):
        face = {k: v for k, v in vars(font.face).items() if k != "_pdfScale"}
        own = {k: v for k, v in vars(font).items() if k not in ("face", "state", "fontName", "encoding")}
        return face, own, font.face._pdfScale(2048), type(font.encoding), {k: type(v) for k, v in face.items()}

    assert attributes(cached) == attributes(parsed)
    assert cached.stringWidth("综治工作经费 ≥95%", 10) == parsed.stringWidth("综治工作经费 ≥95%", 10)
    entry.write_bytes(b"not marshal data")
    again = font_cache.CachedTTFont("again", path)
    assert attributes(again) == attributes(parsed) and not isinstance(again.face, font_cache._CachedFace)
    assert isinstance(font_cache.CachedTTFont("rewritten", path).face, font_cache._CachedFace)


def test_the_seeds_pdf_is_the_same_with_the_font_from_the_cache(tmp_path, doc):
    """The same bytes (reportlab's invariant mode: no dates or random ids) from a first export, which parses the
    font, and a second, which reads it from the cache."""
    env = dict(os.environ, PERFDESK_CACHE=str(tmp_path / "cache"), RL_invariant="1", QT_QPA_PLATFORM="offscreen")
    outputs = []
    for run in ("cold", "warm"):
        out = tmp_path / f"{run}.pdf"
        done = subprocess.run([sys.executable, "-m", "perfdesk", "export", str(doc), "--pdf", str(out)],
                              capture_output=True, text=True, env=env, timeout=120)
        assert done.returncode == 0, done.stderr
        outputs.append(out.read_bytes())
        assert len(list((tmp_path / "cache").iterdir())) == 1
    assert outputs[0] == outputs[1] and b"/FontFile2" in outputs[0]


def test_a_projects_columns_are_fitted_when_the_pdf_reaches_it(monkeypatch):
    """Issue 16: fitting ran for every project before the first page, so a large export showed no progress and
    could not be cancelled for its first seconds; now each project is fitted when the document reaches it."""
    from perfdesk.demo import demo_document
    from perfdesk.exchange import pdf_writer
    from perfdesk.exchange.cancel import Cancelled

    fitted, seen = [], []
    fit = pdf_writer.fit_columns
    monkeypatch.setattr(pdf_writer, "fit_columns", lambda *a, **k: fitted.append(1) or fit(*a, **k))
    document = demo_document(1, 6, 5)
    build_pdf(document, io.BytesIO(), signature=True, progress=lambda done, total: seen.append((done, len(fitted))))
    assert [done for done, _ in seen] == [1, 2, 3, 4, 5, 6]
    assert [count for _, count in seen] == [1, 2, 3, 4, 5, 6]  # the n-th project reported with n tables fitted
    fitted.clear()
    with pytest.raises(Cancelled):
        build_pdf(document, io.BytesIO(), signature=True, cancelled=lambda: True)
    assert len(fitted) == 1  # cancelled after the first project: the other five never fitted
