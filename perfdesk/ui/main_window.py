"""The main window: the tree on the left, the page for the selection on the right, menus for everything.

Nothing here asks "save?": every change is committed to the document file when it is made.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ..domain.model import Department, Document, Project
from ..domain.rules import starter_indicators
from ..storage import DocumentError, DocumentFile
from ..storage.docfile import SUFFIX
from ..storage import repository as repo
from . import commands
from .department_page import DepartmentPage
from .project_page import ProjectPage
from .session import DocumentSession
from .tree_model import DEPARTMENT, ID_ROLE, INDICATOR, KIND_ROLE, PROJECT, TreeModel

MAX_RECENT = 8
FILTER = "perfdesk 文档 (*.perfdesk)"


class MainWindow(QMainWindow):
    def __init__(self, document: DocumentFile, settings: QSettings | None = None) -> None:
        super().__init__()
        self.settings = settings or QSettings()
        self.session: DocumentSession | None = None
        self._syncing = False

        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("查找：项目编码、项目名称或指标内容"))
        self.search.setClearButtonEnabled(True)
        self._search_timer = QTimer(self, singleShot=True, interval=250)
        self._search_timer.timeout.connect(self._apply_search)
        self.search.textChanged.connect(self._search_timer.start)
        self.tree = QTreeView()
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._tree_menu)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.search)
        left_layout.addWidget(self.tree)

        self.pages = QStackedWidget()
        self.empty_page = QLabel(self.tr("在左侧选择部门或项目"))
        self.empty_page.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pages.addWidget(self.empty_page)
        self.splitter = QSplitter()
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.pages)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([320, 980])
        self.setCentralWidget(self.splitter)
        self._build_actions()
        self.set_document(document)
        self._restore_window()

    # -- document -----------------------------------------------------------------------------
    def set_document(self, document: DocumentFile) -> None:
        if self.session is not None:
            self.check_runner.stop()
            self.session.close()
            for page in (self.project_page, self.department_page):
                self.pages.removeWidget(page)
                page.deleteLater()
            self.removeDockWidget(self.check_dock)
            self.check_dock.deleteLater()
        self.session = DocumentSession(document, self)
        self.session.treeChanged.connect(self._tree_changed)
        self.session.projectChanged.connect(self._project_changed)
        self.session.errorRaised.connect(self._error)
        self.session.undo_stack.canUndoChanged.connect(self.undo_action.setEnabled)
        self.session.undo_stack.canRedoChanged.connect(self.redo_action.setEnabled)
        self.session.undo_stack.undoTextChanged.connect(lambda t: self.undo_action.setText(self.tr("撤销") + (f" {t}" if t else "")))
        self.session.undo_stack.redoTextChanged.connect(lambda t: self.redo_action.setText(self.tr("重做") + (f" {t}" if t else "")))
        self.undo_action.setEnabled(False)
        self.redo_action.setEnabled(False)
        self.project_page = ProjectPage(self.session)
        self.project_page.indicatorSelected.connect(self._grid_selected_indicator)
        self.project_page.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.project_page.view.customContextMenuRequested.connect(self._grid_menu)
        self.department_page = DepartmentPage(self.session)
        self.pages.addWidget(self.project_page)
        self.pages.addWidget(self.department_page)
        self.model = TreeModel(self.session, self)
        self.tree.setModel(self.model)
        self._build_check_panel()
        self.tree.selectionModel().currentChanged.connect(self._tree_current_changed)
        self.setWindowTitle(self.tr("%1 — perfdesk 预算绩效目标").replace("%1", document.path.stem))
        self._remember(document.path)
        self.pages.setCurrentWidget(self.empty_page)
        if self.model.rowCount():
            first = self.model.index(0, 0)
            self.tree.expand(first)
            self.tree.setCurrentIndex(first)

    def _build_check_panel(self) -> None:
        from PySide6.QtWidgets import QDockWidget

        from .check_panel import CheckPanel, CheckRunner

        self.check_runner = CheckRunner(self.session, self)
        self.check_panel = CheckPanel(self.check_runner)
        self.check_panel.findingActivated.connect(self.go_to_finding)
        self.check_dock = QDockWidget(self.tr("审核"), self)
        self.check_dock.setObjectName("check_dock")
        self.check_dock.setWidget(self.check_panel)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.check_dock)
        self.project_page.model.findings_for = self.check_runner.for_project
        self.check_runner.changed.connect(self.project_page.model.refresh_marks)
        self.check_runner.changed.connect(lambda: self.model.set_error_projects(self.check_runner.projects_with_errors()))
        self.check_runner.schedule_full()

    def go_to_finding(self, finding) -> None:
        """Select the project and the cell a 审核 finding is about."""
        if finding is None or finding.project_id is None:
            return
        self.select(PROJECT, finding.project_id)
        page = self.project_page
        index = page.model.cell_of(finding)
        page.view.setFocus()
        page.view.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        page.view.scrollTo(index)

    def _confirm_errors(self) -> bool:
        """Exports go on when the document has errors, after saying so."""
        self.check_runner.run(sync=True)
        errors = self.check_runner.errors()
        if not errors:
            return True
        answer = QMessageBox.question(self, self.tr("审核发现错误"),
                                      self.tr("文档有 %1 个错误（见“审核”面板），财政部门可能会退回。仍要继续吗？")
                                      .replace("%1", str(errors)))
        return answer == QMessageBox.StandardButton.Yes

    def _remember(self, path: Path) -> None:
        path = str(Path(path).resolve())
        recent = [p for p in self._recent() if p != path]
        self.settings.setValue("recent", [path, *recent][:MAX_RECENT])
        self.settings.setValue("last_document", path)
        self._fill_recent()

    # -- actions ------------------------------------------------------------------------------
    def _action(self, menu: QMenu, text: str, slot, shortcut=None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _build_actions(self) -> None:
        bar = self.menuBar()
        file = bar.addMenu(self.tr("文件(&F)"))
        self._action(file, self.tr("新建(&N)…"), self.new_document, QKeySequence.StandardKey.New)
        self._action(file, self.tr("打开(&O)…"), self.open_dialog, QKeySequence.StandardKey.Open)
        self.recent_menu = file.addMenu(self.tr("最近打开(&R)"))
        self._action(file, self.tr("另存为(&A)…"), self.save_as, QKeySequence("Ctrl+Shift+S"))
        file.addSeparator()
        self._action(file, self.tr("导入文本(&I)…"), self.import_text)
        self._action(file, self.tr("导入Excel…"), self.import_excel)
        file.addSeparator()
        self._action(file, self.tr("导出Excel(&E)…"), lambda: self.export_excel(public=False), QKeySequence("Ctrl+E"))
        self._action(file, self.tr("导出Excel（公开版）…"), lambda: self.export_excel(public=True))
        self._action(file, self.tr("导出空白模板…"), self.export_template)
        file.addSeparator()
        self._action(file, self.tr("导出PDF…"), self.export_pdf)
        self._action(file, self.tr("打印预览…"), self.print_preview)
        self._action(file, self.tr("打印…"), self.print_document, QKeySequence.StandardKey.Print)
        file.addSeparator()
        self._action(file, self.tr("退出(&X)"), self.close, QKeySequence("Ctrl+Q"))

        edit = bar.addMenu(self.tr("编辑(&E)"))
        self.undo_action = self._action(edit, self.tr("撤销"), lambda: self.session.undo_stack.undo(), QKeySequence.StandardKey.Undo)
        self.redo_action = self._action(edit, self.tr("重做"), lambda: self.session.undo_stack.redo(), QKeySequence("Ctrl+Y"))
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
        edit.addSeparator()
        self._action(edit, self.tr("查找(&F)"), self._focus_search, QKeySequence.StandardKey.Find)

        indicator = bar.addMenu(self.tr("指标(&I)"))
        self.add_indicator_action = self._action(indicator, self.tr("在下方添加指标"), lambda: self._on_project(lambda p: p.add_indicator()), QKeySequence("Ctrl+Shift+="))
        self._action(indicator, self.tr("在上方插入指标"), lambda: self._on_project(lambda p: p.add_indicator(before=True)), QKeySequence("Ctrl+Shift+I"))
        self._action(indicator, self.tr("删除指标"), lambda: self._on_project(lambda p: p.delete_indicators()), QKeySequence("Ctrl+-"))
        indicator.addSeparator()
        self._action(indicator, self.tr("上移指标"), lambda: self._on_project(lambda p: p.move_indicators(-1)), QKeySequence("Alt+Up"))
        self._action(indicator, self.tr("下移指标"), lambda: self._on_project(lambda p: p.move_indicators(1)), QKeySequence("Alt+Down"))

        project = bar.addMenu(self.tr("项目(&P)"))
        self._action(project, self.tr("新建项目"), self.new_project, QKeySequence("Ctrl+Shift+P"))
        self._action(project, self.tr("删除项目"), self.delete_project)
        self._action(project, self.tr("上移项目"), lambda: self.move_project(-1))
        self._action(project, self.tr("下移项目"), lambda: self.move_project(1))

        department = bar.addMenu(self.tr("部门(&D)"))
        self._action(department, self.tr("新建部门"), self.new_department)
        self._action(department, self.tr("删除部门"), self.delete_department)
        self._action(department, self.tr("上移部门"), lambda: self.move_department(-1))
        self._action(department, self.tr("下移部门"), lambda: self.move_department(1))
        self.menus = {"indicator": indicator, "project": project, "department": department}

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

    def _on_project(self, fn) -> None:
        if self.pages.currentWidget() is self.project_page and self.project_page.project_id is not None:
            fn(self.project_page)

    def _focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    # -- file menu ----------------------------------------------------------------------------
    def _start_dir(self) -> str:
        return str(self.session.file.path.parent) if self.session else ""

    def new_document(self) -> None:
        from PySide6.QtWidgets import QInputDialog

        from ..domain.taxonomy import DEFAULT_TAXONOMY, TAXONOMIES

        path, _ = QFileDialog.getSaveFileName(self, self.tr("新建文档"), self._start_dir(), FILTER)
        if path:
            titles = {t.title: t.key for t in TAXONOMIES.values()}
            title, ok = QInputDialog.getItem(self, self.tr("新建文档"), self.tr("指标体系（按本地财政部门的要求选择）："),
                                             list(titles), list(titles.values()).index(DEFAULT_TAXONOMY), False)
            if not ok:
                return
            path = _with_suffix(path)
            try:
                document = DocumentFile.create(path, Document(taxonomy=titles[title],
                                                              departments=[Department(name=self.tr("新单位"))]),
                                               overwrite=Path(path).exists())
            except DocumentError as exc:
                self._error(str(exc))
                return
            self._switch(document)

    def open_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("打开文档"), self._start_dir(), FILTER)
        if path:
            self.open_path(path)

    def open_path(self, path: str) -> None:
        if self.session and Path(path).resolve() == self.session.file.path.resolve():
            return
        try:
            document = DocumentFile.open(path)
        except DocumentError as exc:
            self._error(str(exc))
            return
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
            copy = self.session.file.save_as(_with_suffix(path))
        except (DocumentError, OSError) as exc:
            self._error(self.tr("另存为失败：") + str(exc))
            return
        self.session.file = copy  # same rows, same ids: the undo history stays valid
        self.setWindowTitle(self.tr("%1 — perfdesk 预算绩效目标").replace("%1", copy.path.stem))
        self._remember(copy.path)

    def import_text(self) -> None:
        from ..exchange.errors import ExchangeError
        from ..exchange.text_reader import read_text_file

        source, _ = QFileDialog.getOpenFileName(self, self.tr("导入公开文本"), self._start_dir(), self.tr("文本文件 (*.txt);;所有文件 (*)"))
        if not source:
            return
        try:
            document = read_text_file(source)
        except ExchangeError as exc:
            self._error(self.tr("导入失败，未创建任何文档。\n") + str(exc))
            return
        target, _ = QFileDialog.getSaveFileName(self, self.tr("保存为新文档"), str(Path(source).with_suffix(".perfdesk")), FILTER)
        if not target:
            return
        try:
            created = DocumentFile.create(_with_suffix(target), document, overwrite=Path(_with_suffix(target)).exists())
        except DocumentError as exc:
            self._error(str(exc))
            return
        self._switch(created)

    # -- Excel --------------------------------------------------------------------------------
    def _target_ok(self, path: str) -> bool:
        """An export target the clerk chose (the save dialog already asked about overwriting): never a
        perfdesk document, and a missing or read-only folder said in Chinese before any work starts."""
        from ..exchange.targets import TargetError, check_target

        try:
            check_target(path, overwrite=True)
        except TargetError as exc:
            self._error(self.tr("未导出：") + str(exc))
            return False
        return True

    def _run(self, label: str, job, success: str, after=None, target: str | None = None) -> None:
        from .tasks import BackgroundTask

        def done(error: str) -> None:
            if error == "cancelled":
                self.statusBar().showMessage(self.tr("已取消，未写出文件。"), 5000)
            elif error:
                self._error(self.tr("导出失败，未写出文件：") + error)
            else:
                if success:
                    self.statusBar().showMessage(success, 8000)
                if after is not None:
                    after()

        self.task = BackgroundTask(self, label, job, done, target)
        self.task.start()

    def export_excel(self, *, public: bool) -> None:
        from ..exchange.xlsx_writer import write_workbook

        if not self._confirm_errors():
            return
        suggested = str(self.session.file.path.with_name(self.session.file.path.stem + ("（公开版）" if public else "") + ".xlsx"))
        path, _ = QFileDialog.getSaveFileName(self, self.tr("导出Excel"), suggested, self.tr("Excel 工作簿 (*.xlsx)"))
        if not path:
            return
        path = _with_suffix(path, ".xlsx")
        if not self._target_ok(path):
            return
        self.department_page.flush()
        snapshot = self.session.read(repo.read_document)  # plain data: the worker never touches the database
        self._run(self.tr("正在导出 Excel…"),
                  lambda progress, cancelled: write_workbook(snapshot, path, public=public, progress=progress,
                                                             cancelled=cancelled),
                  self.tr("已导出：") + path, target=path)

    def export_template(self) -> None:
        from ..exchange.xlsx_writer import write_template

        path, _ = QFileDialog.getSaveFileName(self, self.tr("导出空白模板"), str(self.session.file.path.with_name("绩效目标表模板.xlsx")),
                                              self.tr("Excel 工作簿 (*.xlsx)"))
        if path:
            path = _with_suffix(path, ".xlsx")
            if self._target_ok(path):
                self._run(self.tr("正在写出模板…"), lambda progress, cancelled: write_template(path),
                          self.tr("已导出：") + path, target=path)

    def import_excel(self) -> None:
        from ..exchange.errors import ExchangeError
        from ..exchange.xlsx_reader import read_workbook

        path, _ = QFileDialog.getOpenFileName(self, self.tr("导入Excel"), self._start_dir(), self.tr("Excel 工作簿 (*.xlsx)"))
        if not path:
            return
        try:
            document = read_workbook(path)
        except ExchangeError as exc:
            self._error(self.tr("导入失败，文档未作任何改动。\n") + str(exc))
            return
        if document.indicator_count() and document.taxonomy != self.session.taxonomy.key:
            self._error(self.tr("导入失败，文档未作任何改动：工作簿的指标体系与本文档不同。"))
            return
        self.department_page.flush()
        command = commands.ImportDocument(self.session, document, self.tr("导入Excel"))
        self.session.push(command)
        projects = sum(len(d.projects) for d in document.departments)
        self.statusBar().showMessage(self.tr("已导入 %1 个项目（可撤销）。").replace("%1", str(projects)), 8000)

    # -- PDF and printing -----------------------------------------------------------------------
    def _print_options(self, title: str):
        from .printing import PrintOptionsDialog

        dialog = PrintOptionsDialog(self, has_project=self._current_project() is not None, title=title)
        return dialog.options() if dialog.exec() == PrintOptionsDialog.DialogCode.Accepted else None

    def _pdf_job(self, options):
        from ..exchange.pdf_writer import build_pdf

        self.department_page.flush()
        snapshot = self.session.read(repo.read_document)
        ids = {self._current_project()} if options.current_project_only else None
        return lambda target, progress, cancelled: build_pdf(
            snapshot, target, public=options.public, signature=options.signature, project_ids=ids,
            progress=progress, cancelled=cancelled)

    def _warn_missing(self, missing: set[str]) -> None:
        if missing:
            self._error(self.tr("以下字符在所有可用字体中都没有，PDF 中显示为空白：") + "".join(sorted(missing)))

    def export_pdf(self) -> None:
        if not self._confirm_errors():
            return
        options = self._print_options(self.tr("导出PDF"))
        if options is None:
            return
        path, _ = QFileDialog.getSaveFileName(self, self.tr("导出PDF"), str(self.session.file.path.with_suffix(".pdf")),
                                              self.tr("PDF 文件 (*.pdf)"))
        if not path:
            return
        path = _with_suffix(path, ".pdf")
        if not self._target_ok(path):
            return
        from ..exchange.atomic import atomic_save

        job, results = self._pdf_job(options), []
        self._run(self.tr("正在导出 PDF…"),
                  lambda progress, cancelled: atomic_save(Path(path), lambda tmp: results.append(job(tmp, progress, cancelled))),
                  self.tr("已导出：") + path, after=lambda: self._warn_missing(results[0].missing if results else set()),
                  target=path)

    def _build_pages(self, title: str, then) -> None:
        import io

        if not self._confirm_errors():
            return
        options = self._print_options(title)
        if options is None:
            return
        job, out, results = self._pdf_job(options), io.BytesIO(), []

        def done() -> None:
            from .printing import PdfPages

            self._warn_missing(results[0].missing)
            then(PdfPages(out.getvalue()))

        self._run(self.tr("正在排版…"), lambda progress, cancelled: results.append(job(out, progress, cancelled)),
                  "", after=done)

    def print_preview(self) -> None:
        from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog

        def show(pages) -> None:
            self.printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            dialog = QPrintPreviewDialog(self.printer, self)
            dialog.setWindowTitle(self.tr("打印预览"))
            dialog.paintRequested.connect(pages.print_to)
            self.preview_dialog = dialog
            dialog.exec()

        self._build_pages(self.tr("打印预览"), show)

    def print_document(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        def ask(pages) -> None:
            self.printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            dialog = QPrintDialog(self.printer, self)
            dialog.setMinMax(1, len(pages))
            dialog.setOption(QPrintDialog.PrintDialogOption.PrintPageRange, True)
            if dialog.exec() == QPrintDialog.DialogCode.Accepted:
                printed = pages.print_to(self.printer)
                self.statusBar().showMessage(self.tr("已送打印 %1 页。").replace("%1", str(printed)), 8000)

        self._build_pages(self.tr("打印"), ask)

    # -- structure ----------------------------------------------------------------------------
    def _current(self) -> tuple[str | None, int | None]:
        index = self.tree.currentIndex()
        return (index.data(KIND_ROLE), index.data(ID_ROLE)) if index.isValid() else (None, None)

    def _current_department(self) -> int | None:
        kind, id_ = self._current()
        if kind == DEPARTMENT:
            return id_
        if kind == PROJECT:
            return self.session.department_of(id_)
        if kind == INDICATOR:
            return self.session.department_of(self.tree.currentIndex().parent().data(ID_ROLE))
        tree = self.session.read(repo.read_tree)
        return tree[0].id if tree else None

    def _current_project(self) -> int | None:
        kind, id_ = self._current()
        if kind == PROJECT:
            return id_
        if kind == INDICATOR:
            return self.tree.currentIndex().parent().data(ID_ROLE)
        return None

    def new_project(self) -> None:
        department_id = self._current_department()
        if department_id is None:
            self._error(self.tr("请先新建一个部门。"))
            return
        ids = [p.id for d in self.session.read(repo.read_tree) if d.id == department_id for p in d.projects]
        current = self._current_project()
        index = ids.index(current) + 1 if current in ids else len(ids)
        # a new project starts from the form: one empty row for each 二级 the 审核 requires
        new = Project(name=self.tr("新项目"), indicators=starter_indicators(self.session.taxonomy))
        command = commands.InsertProject(self.session, department_id, index, new)
        self.session.push(command)
        self.select(PROJECT, command.project.id)

    def delete_project(self) -> None:
        project_id = self._current_project()
        if project_id is None:
            return
        name = self.session.project(project_id).name
        if QMessageBox.question(self, self.tr("删除项目"), self.tr("删除项目「%1」及其全部指标？（可撤销）").replace("%1", name)) \
                != QMessageBox.StandardButton.Yes:
            return
        self.session.push(commands.DeleteProject(self.session, project_id))

    def move_project(self, step: int) -> None:
        project_id = self._current_project()
        if project_id is None:
            return
        department_id = self.session.department_of(project_id)
        ids = [p.id for d in self.session.read(repo.read_tree) if d.id == department_id for p in d.projects]
        after = _moved(ids, project_id, step)
        self.session.push(commands.ReorderProjects(self.session, department_id, ids, after))
        self.select(PROJECT, project_id)

    def new_department(self) -> None:
        ids = [d.id for d in self.session.read(repo.read_tree)]
        current = self._current_department()
        index = ids.index(current) + 1 if current in ids else len(ids)
        command = commands.InsertDepartment(self.session, index, Department(name=self.tr("新单位")))
        self.session.push(command)
        self.select(DEPARTMENT, command.department.id)

    def delete_department(self) -> None:
        kind, id_ = self._current()
        if kind != DEPARTMENT:
            return
        department = self.session.department(id_)
        if QMessageBox.question(self, self.tr("删除部门"), self.tr("删除「%1」及其全部项目？（可撤销）").replace("%1", department.name)) \
                != QMessageBox.StandardButton.Yes:
            return
        self.session.push(commands.DeleteDepartment(self.session, id_))

    def move_department(self, step: int) -> None:
        kind, id_ = self._current()
        if kind != DEPARTMENT:
            return
        ids = [d.id for d in self.session.read(repo.read_tree)]
        self.session.push(commands.ReorderDepartments(self.session, ids, _moved(ids, id_, step)))
        self.select(DEPARTMENT, id_)

    # -- selection sync -----------------------------------------------------------------------
    def select(self, kind: str, id_: int | None) -> None:
        if id_ is None:
            return
        index = self.model.index_of(kind, id_)
        if index.isValid():
            self.tree.setCurrentIndex(index)
            self.tree.scrollTo(index)

    def _tree_current_changed(self, current, _previous) -> None:
        if self._syncing or not current.isValid():
            return
        self.department_page.flush()
        kind, id_ = current.data(KIND_ROLE), current.data(ID_ROLE)
        if kind == DEPARTMENT:
            self.department_page.load(id_)
            self.pages.setCurrentWidget(self.department_page)
        elif kind == PROJECT:
            if self.project_page.project_id != id_:
                self.project_page.load(id_)
            self.pages.setCurrentWidget(self.project_page)
        elif kind == INDICATOR:
            project_id = current.parent().data(ID_ROLE)
            if self.project_page.project_id != project_id:
                self.project_page.load(project_id)
            self.pages.setCurrentWidget(self.project_page)
            self._syncing = True
            try:
                self.project_page.select_indicator(id_)
            finally:
                self._syncing = False

    def _grid_selected_indicator(self, indicator_id: int) -> None:
        if self._syncing:
            return
        self._syncing = True
        try:
            project_index = self.model.index_of(PROJECT, self.project_page.project_id)
            if project_index.isValid() and not self.tree.isExpanded(project_index):
                self.tree.expand(project_index)
            index = self.model.index_of(INDICATOR, indicator_id)
            if index.isValid():
                self.tree.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
                self.tree.scrollTo(index)
        finally:
            self._syncing = False

    def _tree_changed(self) -> None:
        kind, id_ = self._current()
        expanded = self._expanded()
        self._syncing = True
        try:
            self.model.reload()
            for k, i in expanded:
                index = self.model.index_of(k, i)
                if index.isValid():
                    self.tree.expand(index)
        finally:
            self._syncing = False
        index = self.model.index_of(kind, id_) if kind else self.model.index(0, 0)
        if not index.isValid():
            index = self.model.index(0, 0)
        self.tree.setCurrentIndex(index)
        if self.pages.currentWidget() is self.project_page and self.project_page.project_id is not None:
            self.project_page.model.reload()

    def _expanded(self) -> list[tuple[str, int]]:
        out = []
        for row in range(self.model.rowCount()):
            dept = self.model.index(row, 0)
            if self.tree.isExpanded(dept):
                out.append((DEPARTMENT, dept.data(ID_ROLE)))
            for prow in range(self.model.rowCount(dept)):
                project = self.model.index(prow, 0, dept)
                if self.tree.isExpanded(project):
                    out.append((PROJECT, project.data(ID_ROLE)))
        return out

    def _project_changed(self, project_id: int) -> None:
        self.model.refresh_project(project_id)

    def _apply_search(self) -> None:
        self.model.set_search(self.search.text())
        if self.search.text().strip():
            self.tree.expandToDepth(0)

    # -- menus --------------------------------------------------------------------------------
    def _tree_menu(self, pos) -> None:
        kind, _ = self._current()
        menu = QMenu(self)
        if kind in (PROJECT, INDICATOR):
            menu.addActions(self.menus["project"].actions())
        menu.addSeparator()
        menu.addActions(self.menus["department"].actions())
        menu.exec(self.tree.viewport().mapToGlobal(pos))

    def _grid_menu(self, pos) -> None:
        menu = QMenu(self)
        menu.addActions(self.menus["indicator"].actions())
        menu.exec(self.project_page.view.viewport().mapToGlobal(pos))

    # -- window -------------------------------------------------------------------------------
    def _error(self, text: str) -> None:
        QMessageBox.warning(self, self.tr("perfdesk"), text)

    def _restore_window(self) -> None:
        geometry = self.settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1320, 820)
        splitter = self.settings.value("window/splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)

    def closeEvent(self, event) -> None:
        self.department_page.flush()
        self.check_runner.stop()
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/splitter", self.splitter.saveState())
        self.settings.sync()
        super().closeEvent(event)


def _with_suffix(path: str, suffix: str = SUFFIX) -> str:
    """The chosen file name with its extension, whether or not the user typed it."""
    return path if path.lower().endswith(suffix) else path + suffix


def _moved(ids: list[int], id_: int, step: int) -> list[int]:
    position = ids.index(id_)
    target = max(0, min(len(ids) - 1, position + step))
    out = [i for i in ids if i != id_]
    out.insert(target, id_)
    return out

