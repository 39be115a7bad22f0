"""Benchmark (issue 16): ``perfdesk export --xlsx`` as a whole process, before and after, in one run.

Documents: 1,000 projects × 20 indicators (10 units × 100), and the 120,000-indicator one (200 × 20 × 30).
"before" is a git worktree of BEFORE, the commit before the xlsx writer moved to xlsxwriter; each figure is
the median wall time of the runs and the peak memory of the process.

    .venv/bin/python bench/bench_export_xlsx.py [--before COMMIT] [--repeat N] [--skip-large]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.pairs import REPO, Side, create_demo, pair, worktree_of  # noqa: E402

BEFORE = "f99b645"  # main before the xlsxwriter writer


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--before", default=BEFORE)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-large", action="store_true")
    args = parser.parse_args()
    sides = (Side("before", worktree_of(args.before)), Side("now", REPO))
    shapes = [("1,000 projects × 20 indicators", (10, 100, 20))]
    if not args.skip_large:
        shapes.append(("120,000 indicators (200 × 20 × 30)", (200, 20, 30)))
    with tempfile.TemporaryDirectory() as tmp:
        for label, shape in shapes:
            docs = {side.name: Path(tmp) / f"{'x'.join(map(str, shape))}-{side.name}.perfdesk" for side in sides}
            for side in sides:  # each side's own file: the one before may not open a later schema
                create_demo(docs[side.name], shape, side.root)
            pair(f"xlsx, {label}", sides,
                 lambda side: ["export", str(docs[side.name]), "--xlsx", str(Path(tmp) / f"{side.name}.xlsx"), "--force"],
                 args.repeat)


if __name__ == "__main__":
    main()
