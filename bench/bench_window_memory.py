"""Benchmark (issue 16): the window's peak memory on a large document, once it shows the document and its
whole-document 审核 is done — a fresh process each time (the kernel's count of its peak).

    .venv/bin/python bench/bench_window_memory.py [--before COMMIT] [departments projects indicators]   (default 200 20 30)

With --before, the same for a git worktree of that commit, in the same run.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

CHILD = r"""
import resource, sys, time
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from perfdesk.storage import DocumentFile
from perfdesk.ui.app import create_app
from perfdesk.ui.main_window import MainWindow

app = create_app([])
window = MainWindow(DocumentFile.open(sys.argv[1]), QSettings())
window.show()
start = time.perf_counter()
while window.check_runner.checker is None or window.check_runner.busy:
    app.processEvents()
    time.sleep(0.005)
checked = time.perf_counter() - start
for _ in range(50):
    app.processEvents()
print(f"{checked:.2f} {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f}")
window.session.close()
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--before", default=None)
    parser.add_argument("shape", type=int, nargs="*", default=[200, 20, 30])
    args = parser.parse_args()
    sys.path.insert(0, str(REPO))
    from bench.pairs import create_demo, worktree_of

    roots = [("now", REPO)] + ([("before", worktree_of(args.before))] if args.before else [])
    with tempfile.TemporaryDirectory() as tmp:
        for name, root in roots:
            doc = Path(tmp) / f"large-{name}.perfdesk"  # each side's own file: one before may not open a later schema
            count = create_demo(doc, tuple(args.shape), root)
            env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"), HOME=tmp,
                       XDG_CONFIG_HOME=tmp, PYTHONPATH=str(root))
            done = subprocess.run([sys.executable, "-c", CHILD, str(doc)], env=env, cwd=root, capture_output=True,
                                  text=True)
            if done.returncode:
                raise SystemExit(done.stderr)
            seconds, mib = done.stdout.split()[-2:]
            print(f"{name}: window on {count:,} indicators, its 审核 done after {seconds} s: peak memory {mib} MiB")


if __name__ == "__main__":
    main()
