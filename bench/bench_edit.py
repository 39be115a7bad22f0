"""Benchmark: the window on a 200 × 20 × 30 document — opening, one cell edit (write + re-show the project)
and a project switch (tree selection until the table is laid out, its deferred row fit included)."""

from __future__ import annotations

import os
import statistics
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

    create_app([])
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "large.perfdesk"
        DocumentFile.create(path, demo_document(200, 20, 30)).close()
        t0 = time.perf_counter()
        window = MainWindow(DocumentFile.open(path), QSettings(str(Path(tmp) / "s.ini"), QSettings.Format.IniFormat))
        window.show()
        QApplication.processEvents()
        print(f"open the window on 120,000 indicators: {1000 * (time.perf_counter() - t0):7.1f} ms")
        t0 = time.perf_counter()
        while window.check_runner.checker is None:  # the first 审核 runs in the background
            QApplication.processEvents()
            time.sleep(0.01)
        print(f"first 审核 ready after (background):  {1000 * (time.perf_counter() - t0):7.1f} ms")
        dept = window.model.index(100, 0)
        window.model.fetchMore(dept)  # as expanding it does: a department's projects load when it is opened
        window.tree.expand(dept)
        window.tree.setCurrentIndex(window.model.index(10, 0, dept))
        QApplication.processEvents()
        if window.project_page.project_id is None:  # never time nothing
            raise SystemExit("bench_edit: the project was not shown")
        model = window.project_page.model
        runs = []
        for n in range(20):
            index = model.indicator_index(n, "value")
            t0 = time.perf_counter()
            model.setData(index, f"≥{n}%")
            QApplication.processEvents()
            runs.append(time.perf_counter() - t0)
        print(f"one cell edit (commit + re-show):     {1000 * statistics.median(runs):7.1f} ms median of 20")
        runs = []
        for n in range(11):
            index = window.model.index(n, 0, dept)
            t0 = time.perf_counter()
            window.tree.setCurrentIndex(index)
            QApplication.processEvents()
            QApplication.processEvents()  # the deferred refit runs on the next turn
            runs.append(time.perf_counter() - t0)
        print(f"project switch (30 indicators):       {1000 * statistics.median(runs[1:]):7.1f} ms median of 10")
        window.check_runner.stop()
        window.session.close()


if __name__ == "__main__":
    main()
