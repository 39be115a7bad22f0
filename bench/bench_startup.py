"""Benchmark (issue 16): process start → first paint of the window, perfdesk on a 120,000-indicator document
against a bare PySide6 QMainWindow, pair by pair in one run (median of the runs and the ratio).

Each run is a fresh process timed from its spawn until its main window receives its first Paint event (the
child leaves at that moment). perfdesk is started as the ``perfdesk DOC`` command starts it (cli.main).

    .venv/bin/python bench/bench_startup.py [--repeat N] [--before COMMIT] [departments projects indicators]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

CHILD = r"""
import os, sys
from PySide6.QtCore import QEvent

def leave_on_first_paint(cls):
    original = cls.event
    def event(self, e):
        if e.type() == QEvent.Type.Paint:
            os._exit(0)
        return original(self, e)
    cls.event = event

if sys.argv[1] == "bare":
    from PySide6.QtWidgets import QApplication, QMainWindow
    app = QApplication([])
    leave_on_first_paint(QMainWindow)
    window = QMainWindow()
    window.resize(1280, 800)
    window.show()
    app.exec()
else:
    from perfdesk.ui import main_window
    leave_on_first_paint(main_window.MainWindow)
    from perfdesk.cli import main
    main([sys.argv[2]])
"""


def first_paint(args: list[str], home: str, root: Path = REPO) -> float:
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"), HOME=home,
               XDG_CONFIG_HOME=home, PYTHONPATH=str(root))
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", CHILD, *args], env=env, cwd=root, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode:
        raise SystemExit(f"{args[0]} failed ({done.returncode}):\n{done.stderr}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--before", help="also start the perfdesk of this commit (a git worktree), turn by turn")
    parser.add_argument("shape", type=int, nargs="*", default=[200, 20, 30])
    args = parser.parse_args()
    sys.path.insert(0, str(REPO))
    from bench.pairs import compile_checkout, create_demo, worktree_of

    with tempfile.TemporaryDirectory() as tmp:
        doc = Path(tmp) / "large.perfdesk"
        count = create_demo(doc, tuple(args.shape))
        compile_checkout(REPO)
        before = worktree_of(args.before) if args.before else None
        if before is not None:
            compile_checkout(before)
        first_paint(["perfdesk", str(doc)], tmp)  # warm the disk cache for both
        bare, ours, theirs = [], [], []
        for _ in range(args.repeat):
            bare.append(first_paint(["bare"], tmp))
            ours.append(first_paint(["perfdesk", str(doc)], tmp))
            if before is not None:
                theirs.append(first_paint(["perfdesk", str(doc)], tmp, before))
        b, o = statistics.median(bare), statistics.median(ours)
        print(f"start → first paint, {count:,} indicators: bare QMainWindow {b:.2f} s | perfdesk {o:.2f} s | "
              f"{o / b:.2f}×  (pairs: " + ", ".join(f"{x:.2f}/{y:.2f}" for x, y in zip(bare, ours)) + ")")
        if theirs:
            t = statistics.median(theirs)
            print(f"  perfdesk of {args.before}: {t:.2f} s | {t / b:.2f}× bare  (runs: " +
                  ", ".join(f"{x:.2f}" for x in theirs) + ")")


if __name__ == "__main__":
    main()
