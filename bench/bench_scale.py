"""Benchmark (issue 16 §5): the scale series — open, 审核, xlsx and PDF of documents of 1,000, 10,000, 120,000
(and with --large 500,000) indicators, each a whole ``perfdesk`` process: wall time, peak memory, and the time
per 1,000 indicators, which stays flat when the growth is linear.

    .venv/bin/python bench/bench_scale.py [--large] [--skip-pdf]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.pairs import REPO, Side, create_demo, run  # noqa: E402

SHAPES = {1_000: (1, 50, 20), 10_000: (5, 100, 20), 120_000: (200, 20, 30), 500_000: (500, 40, 25)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--large", action="store_true", help="also 500,000 indicators")
    parser.add_argument("--skip-pdf", action="store_true")
    args = parser.parse_args()
    side = Side("now", REPO)
    sizes = [n for n in SHAPES if n < 500_000 or args.large]
    print(f"{'indicators':>10} {'what':<6} {'seconds':>8} {'MiB':>6} {'s per 1k':>9}")
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            doc = Path(tmp) / f"{n}.perfdesk"
            create_demo(doc, SHAPES[n])
            steps = {"open": ["show", str(doc)], "check": ["check", str(doc)],
                     "xlsx": ["export", str(doc), "--xlsx", str(Path(tmp) / "out.xlsx"), "--force"]}
            if not args.skip_pdf:
                steps["pdf"] = ["export", str(doc), "--pdf", str(Path(tmp) / "out.pdf"), "--force"]
            for what, command in steps.items():
                seconds, mib = run(side, command, ok=(0, 1) if what == "check" else (0,))  # check: 1 = findings
                print(f"{n:>10,} {what:<6} {seconds:8.2f} {mib:6.0f} {1000 * seconds / n:9.4f}", flush=True)
            doc.unlink()


if __name__ == "__main__":
    main()
