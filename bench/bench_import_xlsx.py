"""Benchmark: importing a large workbook (``perfdesk import``) as a whole process, before (a git worktree of BEFORE)
and now, in one run. The workbook is perfdesk's own export of the demo document (1,000 projects × 20 indicators:
1,000 project sheets, about 94,000 merged ranges).

    .venv/bin/python bench/bench_import_xlsx.py [--before COMMIT] [--repeat N] [--projects N]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.pairs import REPO, Side, create_demo, pair, run, worktree_of  # noqa: E402

BEFORE = "aebd747"  # main before merged ranges were loaded without their borders


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--before", default=BEFORE)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--projects", type=int, default=1000)
    args = parser.parse_args()
    now = Side("now", REPO)
    with tempfile.TemporaryDirectory() as tmp:
        doc, workbook = Path(tmp) / "demo.perfdesk", Path(tmp) / "demo.xlsx"
        create_demo(doc, (10, args.projects // 10, 20))
        run(now, ["export", str(doc), "--xlsx", str(workbook)])
        pair(f"import of a {args.projects:,}-project workbook", (Side("before", worktree_of(args.before)), now),
             lambda side: ["import", str(workbook), "-o", str(Path(tmp) / f"{side.name}.perfdesk"), "--force"],
             args.repeat)


if __name__ == "__main__":
    main()
