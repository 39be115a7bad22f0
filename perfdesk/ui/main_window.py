"""The main window (a read-only placeholder until the editor lands): the department → project tree."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QMainWindow, QSplitter, QTreeWidget, QTreeWidgetItem

from ..storage import DocumentFile
from ..storage.repository import read_tree


class MainWindow(QMainWindow):
    def __init__(self, document: DocumentFile) -> None:
        super().__init__()
        self.document = document
        self.setWindowTitle(self.tr("%1 — perfdesk 预算绩效目标").replace("%1", document.path.stem))
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([self.tr("部门 / 项目"), self.tr("指标数")])
        with document.reading() as conn:
            for dept in read_tree(conn):
                item = QTreeWidgetItem([f"{dept.code} {dept.name}", ""])
                for project in dept.projects:
                    label = f"{project.code} {project.name}" + (self.tr("（涉密）") if project.secret else "")
                    QTreeWidgetItem(item, [label, str(project.indicator_count)])
                self.tree.addTopLevelItem(item)
        self.tree.expandAll()
        self.tree.resizeColumnToContents(0)
        splitter = QSplitter()
        splitter.addWidget(self.tree)
        splitter.addWidget(QLabel(self.tr("表格编辑器尚在开发中；可用命令行导入、导出文档。")))
        self.setCentralWidget(splitter)
        self.resize(1100, 700)
