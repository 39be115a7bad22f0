"""The 指标库 window (指标 → 指标库…): every entry — the clerk's own, imported, built-in — in a tree by 一级/二级 or by
项目分类, a search box that finds like the suggestions (pinyin initials too), an entry's details, and 插入 into
the open project: the selected entries, or a whole class as a template, each under its 二级, as one undo step."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDialog, QHBoxLayout, QLabel, QLineEdit, QPushButton,
                               QTreeWidget, QTreeWidgetItem, QVBoxLayout)

from ..library.builtin import LibraryEntry
from ..library.index import SearchIndex

BY_LEVEL, BY_CLASS = "level", "class"
FOUND_AT_MOST = 200


class LibraryDialog(QDialog):
    def __init__(self, parent, index: Callable[[], SearchIndex], insert: Callable[[list[LibraryEntry]], None]) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("指标库"))
        self._index, self._insert = index, insert  # the suggestions' index: built once per library state
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("查找：名称的任意部分或拼音首字母（如 pxrc）"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.refresh)
        self.grouping = QComboBox()
        self.grouping.addItem(self.tr("按指标层级"), BY_LEVEL)
        self.grouping.addItem(self.tr("按项目分类"), BY_CLASS)
        self.grouping.currentIndexChanged.connect(self.refresh)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([self.tr("指标"), self.tr("指标值"), self.tr("来源")])
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tree.currentItemChanged.connect(self._show_details)
        self.tree.itemSelectionChanged.connect(self._selection_changed)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.insert_button = QPushButton(self.tr("插入到当前项目"))
        self.insert_button.clicked.connect(lambda: self._insert(self.selected()))
        self.template_button = QPushButton(self.tr("插入整类（模板）"))
        self.template_button.clicked.connect(lambda: self._insert(self.group_entries()))
        close = QPushButton(self.tr("关闭"))
        close.clicked.connect(self.close)
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.grouping)
        buttons = QHBoxLayout()
        buttons.addWidget(self.insert_button)
        buttons.addWidget(self.template_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.details)
        layout.addLayout(buttons)
        self.resize(760, 560)
        self.refresh()

    def refresh(self, *_args) -> None:
        """The tree for the search text (all entries when empty), grouped as chosen."""
        index = self._index()
        text = self.search.text().strip()
        entries = [e for e, _ in index.search(text, FOUND_AT_MOST)] if text else index.entries
        by_class = self.grouping.currentData() == BY_CLASS
        self.tree.clear()
        groups: dict[tuple[str, ...], QTreeWidgetItem] = {}
        for entry in entries:
            path = (entry.project_class or self.tr("（未分类）"), entry.level2) if by_class else (entry.level1, entry.level2)
            parent = None
            for depth in range(len(path)):
                key = path[:depth + 1]
                if key not in groups:
                    item = QTreeWidgetItem([path[depth]])
                    if parent is None:
                        self.tree.addTopLevelItem(item)
                    else:
                        parent.addChild(item)
                    groups[key] = item
                parent = groups[key]
            leaf = QTreeWidgetItem([entry.name, entry.typical_value or f"{entry.operator}…{entry.unit}", entry.source])
            leaf.setData(0, Qt.ItemDataRole.UserRole, entry)
            parent.addChild(leaf)
        if text:
            self.tree.expandAll()
        self.tree.resizeColumnToContents(0)
        self._selection_changed()

    def selected(self) -> list[LibraryEntry]:
        """The entries selected, in the tree's order."""
        chosen = {id(item) for item in self.tree.selectedItems()}
        return [e for item in self._leaves() if id(item) in chosen and (e := item.data(0, Qt.ItemDataRole.UserRole))]

    def group_entries(self) -> list[LibraryEntry]:
        """Every entry under the current group (a class, for a template)."""
        item = self.tree.currentItem()
        while item is not None and item.data(0, Qt.ItemDataRole.UserRole) is not None:
            item = item.parent()
        return [leaf.data(0, Qt.ItemDataRole.UserRole) for leaf in self._leaves(item)] if item is not None else []

    def _leaves(self, under: QTreeWidgetItem | None = None):
        stack = [under] if under is not None else [self.tree.topLevelItem(k) for k in range(self.tree.topLevelItemCount())]
        stack.reverse()
        while stack:
            item = stack.pop()
            if item.data(0, Qt.ItemDataRole.UserRole) is not None:
                yield item
            stack.extend(item.child(k) for k in reversed(range(item.childCount())))

    def _selection_changed(self) -> None:
        self.insert_button.setEnabled(bool(self.selected()))
        current = self.tree.currentItem()
        self.template_button.setEnabled(current is not None and current.data(0, Qt.ItemDataRole.UserRole) is None)

    def _show_details(self, item, _previous=None) -> None:
        entry = item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None
        if entry is None:
            self.details.setText(self.tr("选中一个分组后可用「插入整类」把它的全部指标插入当前项目。") if item else "")
            return
        used = self.tr("，本机文档用过 %1 次").replace("%1", str(entry.uses)) if entry.uses else ""
        self.details.setText(
            f"{entry.name}（{entry.level1}—{entry.level2}）\n{entry.explanation}\n"
            f"指标值：{entry.typical_value or entry.operator + '…' + entry.unit}　依据：{entry.standard or '—'}　"
            f"来源：{entry.source}{used}")
