"""Start the window: Chinese translations and font, pick the document, open it, report problems in Chinese."""

from __future__ import annotations

import sys
from pathlib import Path


def example_path() -> Path:
    """Where the built-in example lives for this user (created on first use)."""
    from PySide6.QtCore import QStandardPaths

    base = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation))
    base.mkdir(parents=True, exist_ok=True)
    return base / "示例文档.perfdesk"


def ensure_example() -> Path:
    from ..example import example_document
    from ..storage import DocumentFile

    path = example_path()
    if not path.exists():
        DocumentFile.create(path, example_document()).close()
    return path


def install_translations(app) -> None:
    """Qt's own dialogs and buttons in Chinese (qtbase_zh_CN)."""
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    translator = QTranslator(app)
    if translator.load("qtbase_zh_CN", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(translator)


def create_app(argv: list[str]):
    from PySide6.QtWidgets import QApplication

    from .fonts import register_bundled_font

    app = QApplication.instance() or QApplication([sys.argv[0], *argv])
    app.setApplicationName("perfdesk")
    app.setOrganizationName("perfdesk")
    from PySide6.QtGui import QIcon

    from ..resources import APP_ICON, resource_path

    app.setWindowIcon(QIcon(str(resource_path(*APP_ICON))))
    register_bundled_font()
    install_translations(app)
    if app.platformName() == "offscreen":
        # the offscreen platform (tests, --selftest) crashes at exit if its clipboard still owns mime data
        app.aboutToQuit.connect(lambda: app.clipboard().clear())
    return app


def choose_document(paths: list[str], example: bool, settings) -> tuple[Path, bool]:
    """The document to open and whether the user named it (an explicit path's problems are reported)."""
    if paths:
        return Path(paths[0]), True
    last = settings.value("last_document")
    if not example and last and Path(last).is_file():
        return Path(last), False
    return ensure_example(), False


def run_gui(argv: list[str]) -> int:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QMessageBox

    from ..storage import DocumentError, DocumentFile, DocumentInUseError
    from .file_actions import open_document
    from .main_window import MainWindow

    app = create_app([a for a in argv if a.startswith("-") and a != "--example"])
    from . import crash

    crash.install()  # no traceback ever reaches the clerk's screen
    settings = QSettings()
    paths = [a for a in argv if not a.startswith("-")]
    path, explicit = choose_document(paths, "--example" in argv, settings)
    try:
        document = DocumentFile.open(path, verify_later=True)  # its page checks run while the window is built
    except DocumentInUseError:
        document = open_document(None, path) if explicit else None  # offers a read-only open
        if document is None and explicit:
            return 1
    except DocumentError as exc:
        QMessageBox.critical(None, "perfdesk", str(exc))
        if explicit:
            return 1
        document = None
    if document is None:
        try:  # the last document is gone or in use: fall back to the example rather than to nothing
            document = DocumentFile.open(ensure_example())
        except DocumentError as again:
            QMessageBox.critical(None, "perfdesk", str(again))
            return 1
    try:
        window = MainWindow(document, settings)
    except DocumentError as exc:  # a damaged page met before the page checks (running beside) said so
        try:
            document.verified()
        except DocumentError as found:
            exc = found
        document.close()
        QMessageBox.critical(None, "perfdesk", str(exc))
        return 1
    window.show()
    code = app.exec()
    window.session.close()
    return code
