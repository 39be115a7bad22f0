"""The window's permanent status line: which file, whether it is read-only, when the last change was saved,
and the 审核 counts — so a clerk can always see that nothing is waiting to be saved."""

from __future__ import annotations

import time

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QLabel, QStatusBar


class DocumentStatus(QObject):
    def __init__(self, bar: QStatusBar) -> None:
        super().__init__(bar)
        self.bar = bar
        self.path = QLabel()
        self.mode = QLabel()
        self.mode.setStyleSheet("color: #b00020; font-weight: bold;")
        self.saved = QLabel()
        self.counts = QLabel()
        for label in (self.path, self.mode, self.saved, self.counts):
            bar.addPermanentWidget(label)
        self.last_saved: str | None = None

    def show_document(self, path, readonly: bool, reason: str | None = None) -> None:
        self.path.setText(str(path))
        self.path.setToolTip(str(path))
        self.mode.setText(self.tr("只读") + (f"（{reason}）" if reason else "") if readonly else "")
        self.mode.setVisible(readonly)
        self.last_saved = None
        self.saved.setText(self.tr("所有修改都会自动保存") if not readonly else "")

    def mark_saved(self) -> None:
        self.last_saved = time.strftime("%H:%M:%S")
        self.saved.setText(self.tr("已自动保存 %1").replace("%1", self.last_saved))

    def show_counts(self, errors: int, hints: int) -> None:
        self.counts.setText(self.tr("审核：错误 %1 · 提示 %2").replace("%1", str(errors)).replace("%2", str(hints)))

    def confirm_saved(self) -> None:
        """Ctrl+S: there is nothing to save, and the clerk is told so rather than left wondering."""
        when = self.tr("最近一次修改保存于 %1。").replace("%1", self.last_saved) if self.last_saved else ""
        self.bar.showMessage(self.tr("所有修改都已保存在文档中，无需另行保存。") + when, 6000)
