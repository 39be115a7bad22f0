"""``perfdesk --selftest``: prove that this installation works, frozen or not, with no display needed.

In a temporary folder: create a document (running the migrations), import the built-in example, export and
read back the published text, the workbook and the PDF, open the window offscreen with the bundled font,
then print one line ``selftest ok …`` and exit 0 — or name what failed and exit 1.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
import traceback
import copy
from pathlib import Path

from . import __version__


def _steps(folder: Path) -> list[str]:
    from .example import example_document
    from .exchange.pdf_writer import write_pdf
    from .exchange.text_reader import read_text_file
    from .exchange.text_writer import write_text
    from .exchange.xlsx_reader import read_workbook
    from .exchange.xlsx_writer import write_workbook
    from .storage import DocumentFile
    from .storage.migrate import head_revision

    done = []
    path = folder / "自检.perfdesk"
    with DocumentFile.create(path, example_document()) as doc:
        document = doc.read()
    if document != example_document():
        raise AssertionError("文档写入后读回不一致")
    with DocumentFile.open(path) as doc:
        if not doc.integrity_ok():
            raise AssertionError("文档完整性检查未通过")
    done.append(f"document(schema {head_revision()})")

    write_text(document, folder / "自检.txt")
    if read_text_file(folder / "自检.txt") != document:
        raise AssertionError("公开文本导出后读回不一致")
    done.append("text")

    write_workbook(document, folder / "自检.xlsx")
    if read_workbook(folder / "自检.xlsx") != document:
        raise AssertionError("Excel 导出后读回不一致")
    done.append("xlsx")

    # the old-workbook readers and the national form travel in the build too
    from .exchange import legacy_workbooks

    xml = folder / "自检-2003.xls"
    xml.write_text('<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
                   'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="表"><Table><Row>'
                   '<Cell><Data ss:Type="Number">36.5</Data></Cell></Row></Table></Worksheet></Workbook>',
                   encoding="utf-8")
    if str(legacy_workbooks.read_spreadsheetml(xml, 10, 10)["表"]["A1"].value) != "36.5":
        raise AssertionError("SpreadsheetML 读取不对")
    import xlrd  # noqa: F401 - BIFF .xls

    national = copy.deepcopy(document)
    national.form = "national"
    write_workbook(national, folder / "自检-全国.xlsx")
    if read_workbook(folder / "自检-全国.xlsx").form != "national":
        raise AssertionError("全国申报表导出后读回不一致")
    done.append("xls/national")

    from .library.builtin import builtin_entries

    if len(builtin_entries()) < 50:
        raise AssertionError("内置指标库不完整")
    from .library.search import search

    if [e.name for e in search("pxrc", builtin_entries())] != ["培训人次"]:  # pypinyin's data in the build
        raise AssertionError("指标库拼音首字母查找不对")
    from .library.suggest import suggestions
    from .storage.library_file import LibraryFile

    os.environ["PERFDESK_LIBRARY"] = str(folder / "自检.perfdesk-library")  # never the user's own library
    with LibraryFile.open(folder / "自检.perfdesk-library") as library:  # its own migrations, bundled
        library.learn(document.departments[0].projects[0].indicators, "自检")
        own = library.entries()
    if not own or suggestions(own[0].name, own)[0][1] is not own[0]:
        raise AssertionError("指标库文件读写不对")
    done.append(f"library({len(builtin_entries())}+{len(own)})")

    result = write_pdf(document, folder / "自检.pdf", signature=True)
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(folder / "自检.pdf"))
    pages = len(pdf)
    text = "".join(pdf[i].get_textpage().get_text_range() for i in range(pages))
    pdf.close()
    if pages != result.pages or document.departments[0].projects[1].name not in text.replace("\r\n", ""):
        raise AssertionError("PDF 读回的内容不对")
    done.append(f"pdf({result.pages} pages)")

    done.append(_window(path))
    return done


def _window(path: Path) -> str:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings
    from PySide6.QtGui import QFont, QFontMetrics

    from .storage import DocumentFile
    from .ui.app import create_app
    from .ui.main_window import MainWindow

    app = create_app([])
    from .ui.fonts import register_bundled_font

    families = register_bundled_font()
    if not families or not QFontMetrics(QFont(families[0])).inFontUcs4(ord("绩")):
        raise AssertionError("内置中文字体未能加载")
    settings = QSettings(str(path.with_suffix(".ini")), QSettings.Format.IniFormat)
    window = MainWindow(DocumentFile.open(path), settings)
    window.show()
    app.processEvents()
    rows = window.model.rowCount()
    window.close()
    window.session.close()
    if rows != 1:
        raise AssertionError("窗口中的部门树不对")
    from PySide6.QtCore import QCoreApplication

    if QCoreApplication.translate("QPlatformTheme", "Cancel") != "取消":
        raise AssertionError("Qt 中文翻译（qtbase_zh_CN）未能加载")
    return f"window({QCoreApplication.instance().platformName()}, {families[0]})"


def run() -> int:
    start = time.perf_counter()
    out = sys.stdout or open(Path(sys.executable).with_name("selftest.log"), "w", encoding="utf-8")
    try:
        with tempfile.TemporaryDirectory(prefix="perfdesk-selftest-") as folder:
            done = _steps(Path(folder))
    except Exception as exc:  # noqa: BLE001 - the point is to say what failed
        print(f"selftest FAILED: {exc}", file=out)
        traceback.print_exc(file=out)
        out.flush()
        return 1
    frozen = "frozen" if getattr(sys, "frozen", False) else "source"
    print(f"selftest ok perfdesk {__version__} ({frozen}, Python {sys.version.split()[0]}): {', '.join(done)} "
          f"in {time.perf_counter() - start:.1f} s", file=out)
    out.flush()
    return 0
