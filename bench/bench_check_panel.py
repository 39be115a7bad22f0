"""Benchmark (issue 16): after one edit of a large document, the re-check and the 审核 panel updated, on the GUI
thread (QT_QPA_PLATFORM=offscreen is fine), beside its anchor, the checker's re-check of that project alone.

    .venv/bin/python bench/bench_check_panel.py [departments projects indicators]
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from gui_session import demo_session  # noqa: E402


def main() -> None:
    from perfdesk.domain.rules import Checker
    from perfdesk.ui.check_panel import CheckPanel, CheckRunner

    sizes = [int(a) for a in sys.argv[1:4]] or [200, 20, 30]
    with demo_session(sizes) as (app, document, session):
        runner = CheckRunner(session)
        runner._full = False  # the whole-document check done here, synchronously
        runner._adopt(Checker(session.file.read()))
        panel = CheckPanel(runner)
        panel.show()
        app.processEvents()
        dn, pn = len(document.departments) // 2, len(document.departments[0].projects) // 2
        project_id = session.file.read().departments[dn].projects[pn].id
        checker_alone, edit_path = [], []
        for _ in range(9):
            project = session.project(project_id)
            t0 = time.perf_counter()
            runner.checker.replace_project(dn, pn, project)  # the anchor: the re-check itself
            t1 = time.perf_counter()
            runner._dirty_projects.add(project_id)  # what an edit does: re-check, then the panel shows it
            runner.run()
            app.processEvents()
            t2 = time.perf_counter()
            checker_alone.append(t1 - t0)
            edit_path.append(t2 - t1)
        a, b = statistics.median(checker_alone), statistics.median(edit_path)
        print(f"{document.indicator_count()} indicators, {len(runner.findings())} findings, after one edit: "
              f"the checker alone {1000 * a:.1f} ms | re-check and the panel updated {1000 * b:.1f} ms "
              f"(median of 9; {b / a:.1f}×)")
        runner.stop()


if __name__ == "__main__":
    main()
