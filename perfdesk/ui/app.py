"""Start the window: pick the document (argument, or the built-in example), open it, show errors in Chinese."""

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


def run_gui(argv: list[str]) -> int:
    from PySide6.QtWidgets import QApplication, QMessageBox

    from ..storage import DocumentError, DocumentFile
    from .main_window import MainWindow

    app = QApplication.instance() or QApplication([sys.argv[0], *[a for a in argv if a.startswith("-")]])
    app.setApplicationName("perfdesk")
    app.setOrganizationName("perfdesk")
    from .fonts import register_bundled_font

    register_bundled_font()
    paths = [a for a in argv if not a.startswith("-")]
    try:
        path = Path(paths[0]) if paths else ensure_example()
        document = DocumentFile.open(path)
    except DocumentError as exc:
        QMessageBox.critical(None, "perfdesk", str(exc))
        return 1
    window = MainWindow(document)
    window.show()
    code = app.exec()
    document.close()
    return code
