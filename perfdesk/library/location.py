"""Where the 指标库 file lives: the user's data folder (shared by every document), or where PERFDESK_LIBRARY
says (tests, and a 主管部门 that keeps one library on a share)."""

from __future__ import annotations

import os
from pathlib import Path

FILE_NAME = "指标库.perfdesk-library"


def library_path() -> Path:
    chosen = os.environ.get("PERFDESK_LIBRARY")
    if chosen:
        return Path(chosen)
    from PySide6.QtCore import QCoreApplication, QStandardPaths  # the same folder as the built-in example

    if QCoreApplication.applicationName() != "perfdesk":  # the command line has no application object: the
        QCoreApplication.setOrganizationName("perfdesk")  # window's names, so both find the same file
        QCoreApplication.setApplicationName("perfdesk")
    return Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)) / FILE_NAME
