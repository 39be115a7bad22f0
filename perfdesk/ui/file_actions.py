"""The 文件 menu's document work: new, open, recent documents, 另存为 and importing published text.

A mixin of MainWindow: it uses the window's session, pages and settings, and reports through ``_error``.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog

from ..domain.model import Department, Document
from ..storage import DocumentError, DocumentFile
from ..storage import reads
from ..storage.docfile import SUFFIX

MAX_RECENT = 8
FILTER = "perfdesk 文档 (*.perfdesk)"


def with_suffix(path: str, suffix: str = SUFFIX) -> str:
    """The chosen file name with its extension, whether or not the user typed it."""
    return path if path.lower().endswith(suffix) else path + suffix


def open_document(parent, path, readonly: bool = False) -> DocumentFile | None:
    """Open a document; one in use by another perfdesk may be opened read-only instead (offered, as the
    message recommends it). None when it was not opened (the clerk was told why)."""
    from PySide6.QtWidgets import QMessageBox

    from ..storage import DocumentInUseError

    try:
        return DocumentFile.open(path, readonly=readonly)
    except DocumentInUseError as exc:
        box = QMessageBox(QMessageBox.Icon.Warning, "perfdesk", str(exc), parent=parent)
        read_only = box.addButton(parent.tr("以只读方式打开") if parent else "以只读方式打开",
                                  QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        if box.clickedButton() is not read_only:
            return None
        try:
            return DocumentFile.open(path, readonly=True)
        except DocumentError as again:
            QMessageBox.warning(parent, "perfdesk", str(again))
            return None
    except DocumentError as exc:
        QMessageBox.warning(parent, "perfdesk", str(exc))
        return None


class FileActions:
    def _remember(self, path: Path) -> None:
        path = str(Path(path).resolve())
        recent = [p for p in self._recent() if p != path]
        self.settings.setValue("recent", [path, *recent][:MAX_RECENT])
        self.settings.setValue("last_document", path)
        self._fill_recent()

    def _recent(self) -> list[str]:
        # An INI file stores a one-element list as a plain string, which QSettings hands back as a str:
        # iterated, it would list the path character by character.
        value = self.settings.value("recent", [])
        if isinstance(value, str):
            value = [value]
        return [str(p) for p in (value or []) if p]

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        for path in self._recent():
            action = self.recent_menu.addAction(path)
            action.triggered.connect(lambda _=False, p=path: self.open_path(p))
        self.recent_menu.setEnabled(bool(self.recent_menu.actions()))

    def _start_dir(self) -> str:
        return str(self.session.file.path.parent) if self.session else ""

    def new_document(self) -> None:
        from ..domain.forms import form
        from ..domain.model import DEFAULT_FORM
        from ..domain.rulesets import RULE_SETS
        from .form_dialog import FormSettingsDialog

        path, _ = QFileDialog.getSaveFileName(self, self.tr("新建文档"), self._start_dir(), FILTER)
        if not path:
            return
        rules = form(DEFAULT_FORM).preset_rule_set
        dialog = FormSettingsDialog(self, self.tr("新建文档"), (DEFAULT_FORM, RULE_SETS[rules].default_taxonomy, rules),
                                    self.tr("按本地财政部门的要求选择；以后可在「文件 → 表式和审核规则」中更改。"))
        if not dialog.exec():
            return
        form, taxonomy, rule_set = dialog.settings()
        path = with_suffix(path)
        try:
            document = DocumentFile.create(path, Document(taxonomy=taxonomy, form=form, rule_set=rule_set,
                                                          departments=[Department(name=self.tr("新单位"))]),
                                           overwrite=Path(path).exists())
        except DocumentError as exc:
            self._error(str(exc))
            return
        self._switch(document)

    def new_next_year(self) -> None:
        """文件 → 新建下一年度: this document's departments, projects and indicators in a new file for the next
        year, this year's 指标值 shown beside each indicator as 上年值; the new file is opened."""
        from ..domain.next_year import next_year

        if self.session is None:
            return
        self.department_page.flush()
        path, _ = QFileDialog.getSaveFileName(self, self.tr("新建下一年度"), self._start_dir(), FILTER)
        if not path:
            return
        path = with_suffix(path)
        if Path(path).resolve() == self.session.file.path.resolve():
            self._error(self.tr("请为下一年度的文档另取一个文件名。"))
            return
        try:
            document = DocumentFile.create(path, next_year(self.session.read(reads.read_document)),
                                           overwrite=Path(path).exists())
        except DocumentError as exc:
            self._error(str(exc))
            return
        self._switch(document)

    def attach_previous_year(self) -> None:
        """文件 → 对应上年文档: 上年值 from an earlier year's document (perfdesk, published text or workbook),
        for the pairs the clerk confirms; one undo step."""
        from ..domain.matching import pair_projects, pair_wholes, previous_values
        from ..exchange.errors import ExchangeError
        from . import commands
        from .previous_dialog import PreviousYearDialog

        if self.session is None:
            return
        path, _ = QFileDialog.getOpenFileName(self, self.tr("对应上年文档"), self._start_dir(),
                                              self.tr("上年文档 (*.perfdesk *.txt *.xlsx *.xls)"))
        if not path:
            return
        try:
            earlier_document = self._read_earlier(path)
        except (ExchangeError, DocumentError) as exc:
            self._error(self.tr("无法读取上年文档，本文档未作任何改动。\n") + str(exc))
            return
        earlier = list(earlier_document.projects())
        document = self.session.read(reads.read_document)
        current = list(document.projects())
        pairs = pair_projects(current, earlier)
        wholes = pair_wholes(document, earlier_document)  # a unit's own table: the same unit, nothing to confirm
        if not pairs and not wholes:
            self._error(self.tr("上年文档中没有与本文档对应的项目（按项目编码和名称都未找到）。"))
            return
        dialog = PreviousYearDialog(self, pairs, current, earlier) if pairs else None
        if dialog is not None and not dialog.exec():
            return
        text = self.tr("带入上年值")
        parts = []
        for unit, then in wholes:
            changes = {unit.whole.indicators[i].id: fields for i, fields in previous_values(unit.whole, then).items()}
            if changes:
                parts.append(commands.EditIndicators(self.session, unit.whole.id, changes, text))
        for pair in dialog.chosen() if dialog is not None else ():
            now = current[pair.current]
            changes = {now.indicators[i].id: fields for i, fields in previous_values(now, earlier[pair.earlier]).items()}
            if changes:
                parts.append(commands.EditIndicators(self.session, now.id, changes, text))
        if parts:
            self.session.push(commands.Compound(self.session, parts, text))

    @staticmethod
    def _read_earlier(path: str):
        if path.lower().endswith(".perfdesk"):
            with DocumentFile.open(path, readonly=True) as doc:
                return doc.read()
        from ..exchange.sources import read_source

        return read_source(path)

    def change_form_settings(self) -> None:
        """文件 → 表式和审核规则: one undo step; nothing of the content changes."""
        from . import commands
        from .form_dialog import FormSettingsDialog

        if self.session is None:
            return
        dialog = FormSettingsDialog(self, self.tr("表式和审核规则"), self.session.read(reads.form_settings),
                                    self.tr("更换表式不会删除任何内容：新表式不显示的栏目仍保存在文档中，换回时重新显示。"))
        if dialog.exec():
            self.session.push(commands.ChangeFormSettings(self.session, dialog.settings(), self.tr("更改表式和审核规则")))

    def open_dialog(self, readonly: bool = False) -> None:
        title = self.tr("以只读方式打开") if readonly else self.tr("打开文档")
        path, _ = QFileDialog.getOpenFileName(self, title, self._start_dir(), FILTER)
        if path:
            self.open_path(path, readonly=readonly)

    def open_path(self, path: str, readonly: bool = False) -> None:
        if self.session and Path(path).resolve() == self.session.file.path.resolve() \
                and readonly == self.session.readonly:
            return
        document = open_document(self, path, readonly)
        if document is not None:
            self._switch(document)

    def _switch(self, document: DocumentFile) -> None:
        self.department_page.flush()
        self.set_document(document)

    def save_as(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("另存为"), self._start_dir(), FILTER)
        if not path:
            return
        self.department_page.flush()
        try:
            copy = self.session.file.save_as(with_suffix(path))
        except DocumentError as exc:
            self._error(self.tr("另存为失败：") + str(exc))
            return
        except OSError as exc:
            from ..os_errors import write_failure

            self._error(self.tr("另存为失败：") + write_failure(path, exc, "保存"))
            return
        self.session.file = copy  # same rows, same ids: the undo history stays valid
        self.show_title()
        self.project_page.model.load(self.project_page.project_id)  # a read-only original becomes editable
        self._remember(copy.path)

    def preview_import(self, title: str, source: str, document, report: list[str], action: str,
                       current_form: str | None = None) -> bool:
        """What an import found, before anything is written: True when the clerk goes on."""
        from .import_preview import ImportPreviewDialog

        dialog = ImportPreviewDialog(self, title, source, document, report, action, current_form)
        self.import_preview = dialog  # reachable while it is open (tests answer it)
        try:
            return dialog.exec() == ImportPreviewDialog.DialogCode.Accepted
        finally:
            self.import_preview = None

    def import_text(self) -> None:
        from ..exchange.errors import ExchangeError
        from ..exchange.text_reader import read_text_file

        source, _ = QFileDialog.getOpenFileName(self, self.tr("导入公开文本"), self._start_dir(), self.tr("文本文件 (*.txt);;所有文件 (*)"))
        if not source:
            return
        report: list[str] = []
        try:
            document = read_text_file(source, report=report)
        except ExchangeError as exc:
            self._error(self.tr("导入失败，未创建任何文档。\n") + str(exc))
            return
        if not self.preview_import(self.tr("导入公开文本"), source, document, report, self.tr("保存为新文档…")):
            return
        target, _ = QFileDialog.getSaveFileName(self, self.tr("保存为新文档"), str(Path(source).with_suffix(".perfdesk")), FILTER)
        if not target:
            return
        try:
            created = DocumentFile.create(with_suffix(target), document, overwrite=Path(with_suffix(target)).exists())
        except DocumentError as exc:
            self._error(str(exc))
            return
        self._switch(created)
