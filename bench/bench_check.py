"""Benchmark: a full 审核 of a 200 × 20 × 30 document (target < 2 s) and the re-check after one edit (target < 20 ms)."""

from __future__ import annotations

import copy
import statistics
import time

from perfdesk.demo import demo_document
from perfdesk.domain.rules import Checker, check_document


def main() -> None:
    document = demo_document(200, 20, 30)
    t0 = time.perf_counter()
    findings = check_document(document)
    print(f"full check, {document.indicator_count():,} indicators: {time.perf_counter() - t0:6.2f} s "
          f"({len(findings):,} findings)")
    checker = Checker(document)
    runs = []
    for n in range(20):
        project = copy.deepcopy(document.departments[100].projects[10])
        project.indicators[n].value = "长期"
        t0 = time.perf_counter()
        checker.replace_project(100, 10, project)
        checker.findings()
        runs.append(time.perf_counter() - t0)
    print(f"re-check after one edit:  {1000 * statistics.median(runs):6.2f} ms median of 20")


if __name__ == "__main__":
    main()
