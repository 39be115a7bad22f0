"""Pairing this year's projects with an earlier year's (文件 → 对应上年文档): the clerk confirms the pairs."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QHeaderView, QLabel, QTableWidget,
                               QTableWidgetItem, QVBoxLayout)

from ..domain.matching import ProjectPair
from ..domain.model import Project


class PreviousYearDialog(QDialog):
    """One row per proposed pair. Pairs by 项目编码 are ticked; pairs by a similar name are not, until the clerk
    ticks them (names change between years, and a wrong pair would show another project's 上年值)."""

    def __init__(self, parent, pairs: list[ProjectPair], current: list[Project], earlier: list[Project]) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("对应上年文档"))
        self.pairs = pairs
        self.table = QTableWidget(len(pairs), 3)
        self.table.setHorizontalHeaderLabels([self.tr("本年项目"), self.tr("上年项目"), self.tr("对应依据")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        for row, pair in enumerate(pairs):
            now = QTableWidgetItem(current[pair.current].name)
            now.setFlags(now.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            now.setCheckState(Qt.CheckState.Checked if pair.certain else Qt.CheckState.Unchecked)
            self.table.setItem(row, 0, now)
            self.table.setItem(row, 1, QTableWidgetItem(earlier[pair.earlier].name))
            self.table.setItem(row, 2, QTableWidgetItem(pair.why))
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        unpaired = len(current) - len(pairs)
        note = QLabel(self.tr("勾选的项目将带入上年的指标值（按二级和三级指标名称对应）。按名称相似对应的项目请逐一确认。")
                      + (self.tr("另有 %1 个项目在上年文档中没有对应。").replace("%1", str(unpaired)) if unpaired else ""))
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("带入上年值"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(760, 420)

    def chosen(self) -> list[ProjectPair]:
        return [pair for row, pair in enumerate(self.pairs)
                if self.table.item(row, 0).checkState() == Qt.CheckState.Checked]
