"""Benchmark: the 审核 panel showing a large document's findings — the panel's refresh after an edit, on
the GUI thread (QT_QPA_PLATFORM=offscreen is fine). Prints findings, and refresh time as the median of 5.

    .venv/bin/python bench/bench_check_panel.py [departments projects indicators]
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
    from PySide6.QtWidgets import QApplication

    from perfdesk.demo import demo_document
    from perfdesk.domain.rules import Checker
    from perfdesk.storage import DocumentFile
    from perfdesk.ui.check_panel import CheckPanel, CheckRunner
    from perfdesk.ui.session import DocumentSession

    sizes = [int(a) for a in sys.argv[1:4]] or [200, 20, 30]
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "big.perfdesk"
        document = demo_document(*sizes)
        DocumentFile.create(path, document).close()
        session = DocumentSession(DocumentFile.open(path))
        runner = CheckRunner(session)
        runner._adopt(Checker(session.file.read()))
        panel = CheckPanel(runner)
        panel.show()
        runs = []
        for _ in range(5):
            t0 = time.perf_counter()
            panel.refresh()
            app.processEvents()
            runs.append(time.perf_counter() - t0)
        print(f"{document.indicator_count()} indicators, {len(runner.findings())} findings: "
              f"panel refresh {1000 * statistics.median(runs):.0f} ms (median of 5)")
        runner.stop()
        session.close()


if __name__ == "__main__":
    main()
