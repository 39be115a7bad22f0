"""Long work off the GUI thread: a worker function on a plain-data snapshot, with progress and cancel.

The progress dialog appears only if the work takes longer than half a second. The worker never touches
widgets; it reports through signals, which Qt delivers on the GUI thread.
"""

from __future__ import annotations

import threading
from typing import Callable

from PySide6.QtCore import QObject, QThread, Qt, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget


class _Worker(QObject):
    progressed = Signal(int, int)
    finished = Signal(str)  # "" on success, else the error message; "cancelled" when cancelled

    def __init__(self, job: Callable, cancel: threading.Event, target: str | None = None) -> None:
        super().__init__()
        self.target = target
        self.job = job
        self.cancel = cancel

    def run(self) -> None:
        from ..exchange.cancel import Cancelled
        from ..os_errors import write_failure

        try:
            self.job(lambda done, total: self.progressed.emit(done, total), self.cancel.is_set)
        except Cancelled:
            self.finished.emit("cancelled")
        except OSError as exc:  # said in Chinese, naming the file the clerk chose (not a temporary file)
            self.finished.emit(write_failure(self.target or exc.filename or "?", exc))
        except Exception as exc:  # noqa: BLE001 - reported to the user, never a traceback
            self.finished.emit(str(exc) or type(exc).__name__)
        else:
            self.finished.emit("")


class BackgroundTask(QObject):
    """Run ``job(progress, cancelled)`` in a thread; ``done(error)`` is called on the GUI thread."""

    def __init__(self, parent: QWidget, label: str, job: Callable, done: Callable[[str], None],
                 target: str | None = None) -> None:
        super().__init__(parent)
        self.cancel = threading.Event()
        self.thread = QThread(self)
        self.worker = _Worker(job, self.cancel, target)
        self.worker.moveToThread(self.thread)
        self.dialog = QProgressDialog(label, self.tr("取消"), 0, 0, parent)
        self.dialog.setWindowTitle(self.tr("请稍候"))
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(500)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.canceled.connect(self.cancel.set)
        # Queued explicitly: these slots touch widgets and must run on the GUI thread.
        self.worker.progressed.connect(self._progress, Qt.ConnectionType.QueuedConnection)
        self.worker.finished.connect(self._finished, Qt.ConnectionType.QueuedConnection)
        self.thread.started.connect(self.worker.run)
        self._done = done
        self.running = True

    def start(self) -> None:
        self.thread.start()

    @Slot(int, int)
    def _progress(self, done: int, total: int) -> None:
        self.dialog.setMaximum(total)
        self.dialog.setValue(done)

    @Slot(str)
    def _finished(self, error: str) -> None:
        self.thread.quit()
        self.thread.wait()
        self.dialog.reset()
        self.dialog.hide()
        self.running = False
        self._done(error)
        self.deleteLater()
