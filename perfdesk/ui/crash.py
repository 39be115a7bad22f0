"""The last line of defence in the window: an exception that escapes a Qt slot becomes a Chinese message.

A DocumentError already says, in Chinese, what happened and what to do; anything else is a bug, shown as
a short Chinese notice while the traceback goes to a log file for support — never to the clerk's screen.
"""

from __future__ import annotations

import sys
import time
import traceback
from pathlib import Path


def log_path() -> Path:
    from PySide6.QtCore import QStandardPaths

    base = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation))
    base.mkdir(parents=True, exist_ok=True)
    return base / "perfdesk-错误记录.log"


def install() -> None:
    sys.excepthook = _report


def _report(kind, value, tb) -> None:
    from PySide6.QtWidgets import QApplication, QMessageBox

    from ..exchange.errors import ExchangeError
    from ..storage import DocumentError

    parent = QApplication.activeWindow()
    if isinstance(value, (DocumentError, ExchangeError)):
        QMessageBox.warning(parent, "perfdesk", str(value))
        return
    where = "（未能写入错误记录）"
    try:
        path = log_path()
        with open(path, "a", encoding="utf-8") as log:
            log.write(f"\n=== {time.strftime('%Y-%m-%d %H:%M:%S')}\n")
            log.write("".join(traceback.format_exception(kind, value, tb)))
        where = f"详细信息已记录在「{path}」，可发给技术支持。"
    except OSError:
        pass
    QMessageBox.critical(parent, "perfdesk", "程序内部出错，刚才的操作可能没有完成；已保存的内容不受影响。" + where)
