"""Render the real main window to a PNG (for looking at it): screenshot.py DOC OUT.png [--project N] [--width W --height H]."""

from __future__ import annotations

import argparse
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("document")
    parser.add_argument("output")
    parser.add_argument("--project", type=int, default=None, help="select the N-th project (1-based) of the first department")
    parser.add_argument("--indicator", type=int, default=None, help="and its N-th indicator")
    parser.add_argument("--width", type=int, default=1400)
    parser.add_argument("--height", type=int, default=900)
    parser.add_argument("--moment", default=None, help="show the pages as that moment's form (self_evaluation, monitoring)")
    parser.add_argument("--month", type=int, default=None, help="the 监控 round's month (with --moment monitoring)")
    parser.add_argument("--root", action="store_true", help="capture the whole X screen with ImageMagick's import (under Xvfb)")
    args = parser.parse_args()

    from PySide6.QtCore import QSettings, QStandardPaths
    from PySide6.QtWidgets import QApplication

    from perfdesk.storage import DocumentFile
    from perfdesk.ui.app import create_app
    from perfdesk.ui.main_window import MainWindow

    QStandardPaths.setTestModeEnabled(True)
    create_app([])
    window = MainWindow(DocumentFile.open(args.document), QSettings())
    window.resize(args.width, args.height)
    window.show()
    if args.moment:
        window.show_moment(args.moment, args.month)
    if args.project:
        dept = window.model.index(0, 0)
        project = window.model.index(args.project - 1, 0, dept)
        window.tree.expand(project)
        QApplication.processEvents()
        target = window.model.index(args.indicator - 1, 0, project) if args.indicator else project
        window.tree.setCurrentIndex(target)
    import time

    deadline = time.monotonic() + 1.0  # let the debounced 审核 run and the page settle
    while time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.02)
    if args.root:
        import subprocess

        QApplication.processEvents()
        subprocess.run(["import", "-window", "root", args.output], check=True)
    else:
        window.grab().save(args.output)
    window.session.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
