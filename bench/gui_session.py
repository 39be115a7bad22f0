"""A window-less session on a large demo document, for the GUI-thread benches (offscreen Qt is fine)."""

from __future__ import annotations

import os
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


@contextmanager
def demo_session(sizes: list[int]):
    """(the QApplication, the demo document of ``sizes`` as made, a DocumentSession on its file); closed after."""
    from PySide6.QtWidgets import QApplication

    from perfdesk.demo import demo_document
    from perfdesk.storage import DocumentFile
    from perfdesk.ui.session import DocumentSession

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "big.perfdesk"
        document = demo_document(*sizes)
        DocumentFile.create(path, document).close()
        session = DocumentSession(DocumentFile.open(path))
        try:
            yield app, document, session
        finally:
            session.close()
