"""Benchmark (issue 16): PDF exports as whole processes, in one run.

1. The seed's PDF (``perfdesk export --pdf``) against LibreOffice headless converting the seed's workbook to PDF
   (skipped, with a note, where soffice is not installed).
2. The 1,000-project signature copy (10 units × 100 projects × 20 indicators), before (a git worktree of BEFORE)
   and now.

    .venv/bin/python bench/bench_export_pdf.py [--before COMMIT] [--repeat N] [--projects N]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.pairs import REPO, Side, create_demo, pair, run, worktree_of  # noqa: E402

BEFORE = "f99b645"  # main before this round of issue 16
SEED = REPO.parent / "shared" / "seed" / "000_935b7a322f2c305c.txt"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--before", default=BEFORE)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--projects", type=int, default=1000)
    args = parser.parse_args()
    now = Side("now", REPO)
    with tempfile.TemporaryDirectory() as tmp:
        seed = Path(tmp) / "seed.perfdesk"
        run(now, ["import", str(SEED), "-o", str(seed)])
        workbook = Path(tmp) / "seed.xlsx"
        run(now, ["export", str(seed), "--xlsx", str(workbook)])
        soffice = shutil.which("soffice")
        ours, theirs = [], []
        for _ in range(args.repeat):
            ours.append(run(now, ["export", str(seed), "--pdf", str(Path(tmp) / "seed.pdf"), "--force"])[0])
            if soffice:
                start = time.perf_counter()
                subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", str(Path(tmp) / "lo"),
                                str(workbook)], capture_output=True, check=True)
                theirs.append(time.perf_counter() - start)
        o = statistics.median(ours)
        if soffice:
            t = statistics.median(theirs)
            print(f"seed → PDF: perfdesk {o:.2f} s | LibreOffice (the seed's workbook) {t:.2f} s | perfdesk {t / o:.1f}× "
                  f"faster  (runs: {', '.join(f'{x:.2f}' for x in ours)} | {', '.join(f'{x:.2f}' for x in theirs)})")
        else:
            print(f"seed → PDF: perfdesk {o:.2f} s; LibreOffice is not installed here, no pair (apt-get install "
                  "libreoffice-calc-nogui)")
        sides = (Side("before", worktree_of(args.before)), now)
        docs = {side.name: Path(tmp) / f"big-{side.name}.perfdesk" for side in sides}
        for side in sides:  # each side's own file: the one before may not open a later schema
            create_demo(docs[side.name], (10, args.projects // 10, 20), side.root)
        pair(f"signature PDF, {args.projects:,} projects", sides,
             lambda side: ["export", str(docs[side.name]), "--pdf", str(Path(tmp) / f"{side.name}.pdf"), "--signature",
                           "--force"], args.repeat)


if __name__ == "__main__":
    main()
