"""What an import found, shown before anything is written (导入Excel, 导入文本): the form recognised, the units,
projects and indicators, and every line the reader said — each sheet's fate, the money unit decided, rows
skipped, 一级 names mapped. The clerk imports or cancels."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout

from ..domain.forms import form
from ..domain.model import Document


def summary(document: Document, current_form: str | None = None) -> str:
    """The import in a sentence: its form, how many units, projects and indicators; and, when it is not the form
    of the document it goes into, that what this form does not show is kept all the same."""
    projects = sum(len(d.projects) for d in document.departments)
    text = (f"识别为「{form(document.form).name}」：单位 {len(document.departments)} 个，项目 {projects} 个，"
            f"指标 {document.indicator_count()} 条{document.wholes_said()}。")
    if current_form is not None and document.form != current_form:
        text += (f"\n本文档的表式是「{form(current_form).name}」：导入的内容都会保存，本表式不显示的栏目可在"
                 "「文件 → 表式和审核规则」中更换表式后查看。")
    return text


class ImportPreviewDialog(QDialog):
    def __init__(self, parent, title: str, source: str, document: Document, report: list[str], action: str,
                 current_form: str | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        head = QLabel(self.tr("「%1」").replace("%1", source) + "\n" + summary(document, current_form))
        head.setWordWrap(True)
        self.details = QPlainTextEdit("\n".join(report) or self.tr("（没有需要说明的内容）"))
        self.details.setReadOnly(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.import_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.import_button.setText(action)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(head)
        layout.addWidget(QLabel(self.tr("读取说明：")))
        layout.addWidget(self.details)
        layout.addWidget(buttons)
        self.resize(720, 420)
