"""Benchmark: switching projects in the window on a large document — selecting a project in the tree until
its table is laid out (the second, deferred row fit included). Offscreen Qt is fine.

    .venv/bin/python bench/bench_switch.py [departments projects indicators]
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> None:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from perfdesk.demo import demo_document
    from perfdesk.storage import DocumentFile
    from perfdesk.ui.app import create_app
    from perfdesk.ui.main_window import MainWindow

    sizes = [int(a) for a in sys.argv[1:4]] or [200, 20, 30]
    app = create_app([])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "big.perfdesk"
        DocumentFile.create(path, demo_document(*sizes)).close()
        window = MainWindow(DocumentFile.open(path), QSettings(str(Path(folder) / "s.ini"), QSettings.Format.IniFormat))
        window.resize(1400, 900)
        window.show()
        app.processEvents()
        dept = window.model.index(0, 0)
        window.tree.expand(dept)
        runs = []
        for n in range(1, 12):
            index = window.model.index(n % window.model.rowCount(dept), 0, dept)
            t0 = time.perf_counter()
            window.tree.setCurrentIndex(index)
            app.processEvents()  # the deferred refit runs on the next turn
            app.processEvents()
            runs.append(time.perf_counter() - t0)
        print(f"project switch ({sizes[2]} indicators a project): {1000 * statistics.median(runs[1:]):.1f} ms median of 10")
        window.check_runner.stop()
        window.session.close()


if __name__ == "__main__":
    main()
