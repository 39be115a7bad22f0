"""Benchmark (issue 16): how late the GUI thread's timers run while the whole-document 审核 runs in the background
(on opening, after a project is added or moved). A 10 ms timer on the GUI thread records how late each tick comes
while the check runs; printed: the check's duration, ticks, and the worst and 99th-percentile lateness.

    .venv/bin/python bench/bench_background_check.py [departments projects indicators]
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from gui_session import demo_session  # noqa: E402


def main() -> None:
    from PySide6.QtCore import QTimer

    from perfdesk.ui.check_panel import CheckRunner

    sizes = [int(a) for a in sys.argv[1:4]] or [200, 20, 30]
    with demo_session(sizes) as (app, document, session):
        count = document.indicator_count()
        runner = CheckRunner(session)
        late: list[float] = []
        expected = [0.0]

        def tick() -> None:
            now = time.perf_counter()
            late.append(max(0.0, now - expected[0]))
            expected[0] = now + 0.010

        timer = QTimer(interval=10)
        timer.timeout.connect(tick)
        start = time.perf_counter()
        runner.run()  # the whole-document check, in the background
        expected[0] = time.perf_counter() + 0.010
        timer.start()
        while runner.busy or runner.checker is None:
            app.processEvents()
            time.sleep(0.001)
        took = time.perf_counter() - start
        timer.stop()
        late.sort()
        p99 = late[int(len(late) * 0.99)] if late else 0.0
        print(f"background 审核 of {count:,} indicators: {took:.2f} s, {len(late)} timer ticks, GUI timer late by "
              f"at most {1000 * late[-1]:.0f} ms (99th percentile {1000 * p99:.0f} ms, median "
              f"{1000 * statistics.median(late):.1f} ms)")
        runner.stop()


if __name__ == "__main__":
    main()
