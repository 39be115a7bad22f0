"""The main window: the tree on the left, the page for the selection on the right, menus for everything.

Nothing here asks "save?": every change is committed to the document file when it is made.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QEvent, QItemSelectionModel, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
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

from ..domain.layout import MONITORING
from ..storage import DocumentError, DocumentFile
from ..storage import reads
from ..widgets.form_view import FormTableView
from .department_page import DepartmentPage
from .export_actions import ExportActions
from .file_actions import FileActions
from .library_actions import LibraryActions
from .structure_actions import StructureActions
from .project_page import ProjectPage
from .search_actions import SearchActions
from .session import DocumentSession
from .status_bar import DocumentStatus
from .tree_model import DEPARTMENT, ID_ROLE, INDICATOR, KIND_ROLE, PROJECT, TreeModel


class MainWindow(FileActions, ExportActions, StructureActions, SearchActions, LibraryActions, QMainWindow):
    """Composes the tree, the pages and the 审核 panel; the menus' work lives in the feature mixins."""

    def __init__(self, document: DocumentFile, settings: QSettings | None = None) -> None:
        super().__init__()
        self.settings = settings or QSettings()
        self.session: DocumentSession | None = None
        self._syncing = False
        self._painted = False

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
        self.status = DocumentStatus(self.statusBar())
        self._init_search()
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
        self.view_actions["targets"].setChecked(True)  # a document opens on its targets
        self.session.refused.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.session.saved.connect(self.status.mark_saved)
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
        self.department_page.wholeRequested.connect(self.open_whole)
        self.pages.addWidget(self.project_page)
        self.pages.addWidget(self.department_page)
        self.model = TreeModel(self.session, self)
        self.tree.setModel(self.model)
        self._build_check_panel()
        self.tree.selectionModel().currentChanged.connect(self._tree_current_changed)
        self.show_title()
        self._remember(document.path)
        self.pages.setCurrentWidget(self.empty_page)
        if self.model.rowCount():
            first = self.model.index(0, 0)
            self.model.fetchMore(first)  # now, not when the view next lays out: its projects are there at once
            self.tree.expand(first)
            self.tree.setCurrentIndex(first)
        self.project_page.model.own_entries = self.own_entries  # the 指标库's own entries under a 三级 cell
        self.learn_later()
        if self._painted:
            document.prepare_writing()

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.Paint and not self._painted:
            self._painted = True
            QTimer.singleShot(0, self._prepare_writing)
        return super().event(event)

    def _prepare_writing(self) -> None:
        """Once the window shows the document: the outcome of its page checks (run beside the start-up:
        DocumentFile.open(verify_later=True)), then what writing needs (SQLAlchemy) loaded — the first paint
        waits only for what it shows, and the first edit waits for neither."""
        if self.session is None or self.session.file.closed:
            return
        try:
            self.session.file.verified()
        except DocumentError as exc:
            self._leave_damaged(exc)
            return
        self.session.file.prepare_writing()

    def _leave_damaged(self, problem: DocumentError) -> None:
        """The document shown is damaged (nothing was written to it): say so, and show the example instead — as a
        start-up whose last document cannot be opened does."""
        from .app import ensure_example

        QMessageBox.critical(self, "perfdesk", str(problem))
        try:
            if ensure_example().resolve() == self.session.file.path.resolve():
                raise problem  # the example itself: nothing left to show
            example = DocumentFile.open(ensure_example())
        except DocumentError as again:
            QMessageBox.critical(self, "perfdesk", str(again))
            self.close()
            return
        self.set_document(example)

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
        self.check_runner.changed.connect(self._show_counts)
        self.check_runner.schedule_full()

    def _show_counts(self) -> None:
        errors = self.check_runner.errors()
        self.status.show_counts(errors, len(self.check_runner.findings()) - errors)

    def show_title(self) -> None:
        file = self.session.file
        readonly = self.tr("（只读）") if file.readonly else ""
        self.setWindowTitle(self.tr("%1%2 — perfdesk 预算绩效目标").replace("%1", file.path.stem).replace("%2", readonly))
        self.status.show_document(file.path, file.readonly, file.readonly_reason)
        self.department_page.set_readonly(file.readonly)
        if file.readonly_reason:
            self.statusBar().showMessage(self.tr("「%1」%2，已以只读方式打开。如需修改，请用「文件 → 另存为」保存一份副本。")
                                         .replace("%1", file.path.name).replace("%2", file.readonly_reason), 15000)

    def _copy_mid_to_year(self) -> None:
        def run(page):
            message = page.copy_mid_to_year()
            if message:
                self.statusBar().showMessage(message, 8000)

        self._on_project(run)

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
        self._action(file, self.tr("以只读方式打开…"), lambda: self.open_dialog(readonly=True))
        self.recent_menu = file.addMenu(self.tr("最近打开(&R)"))
        self.save_action = self._action(file, self.tr("保存(&S)"), self.confirm_saved, QKeySequence.StandardKey.Save)
        self._action(file, self.tr("另存为(&A)…"), self.save_as, QKeySequence("Ctrl+Shift+S"))
        file.addSeparator()
        self._action(file, self.tr("新建下一年度(&Y)…"), self.new_next_year)
        self._action(file, self.tr("对应上年文档…"), self.attach_previous_year)
        self._action(file, self.tr("表式和审核规则(&M)…"), self.change_form_settings)
        file.addSeparator()
        self._action(file, self.tr("导入文本(&I)…"), self.import_text)
        self._action(file, self.tr("导入Excel…"), self.import_excel)
        self._action(file, self.tr("导入填好的自评表或监控表…"), self.import_report)
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
        # The grid handles these keys itself (so that a text editor keeps its own Ctrl+C): the menu shows
        # the shortcuts without claiming them window-wide.
        self.clipboard_actions = []
        copy, clear = FormTableView.copy_selection, FormTableView.clear_selection_cells
        for text, slot, keys in (
                (self.tr("剪切(&T)"), lambda: self._on_grid(copy, clear), QKeySequence.StandardKey.Cut),
                (self.tr("复制(&C)"), lambda: self._on_grid(copy), QKeySequence.StandardKey.Copy),
                (self.tr("粘贴(&P)"), lambda: self._on_grid(FormTableView.paste), QKeySequence.StandardKey.Paste),
                (self.tr("清除内容"), lambda: self._on_grid(clear), QKeySequence(Qt.Key.Key_Delete))):
            action = self._action(edit, text, slot, keys)
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            self.clipboard_actions.append(action)
        edit.addSeparator()
        self._action(edit, self.tr("查找(&F)"), self._focus_search, QKeySequence.StandardKey.Find)
        self._action(edit, self.tr("查找下一个"), self.search_next, QKeySequence(Qt.Key.Key_F3))

        indicator = bar.addMenu(self.tr("指标(&I)"))
        self.add_indicator_action = self._action(indicator, self.tr("在下方添加指标"), lambda: self._on_project(lambda p: p.add_indicator()), QKeySequence("Ctrl+Shift+="))
        self._action(indicator, self.tr("在上方插入指标"), lambda: self._on_project(lambda p: p.add_indicator(before=True)), QKeySequence("Ctrl+Shift+I"))
        self._action(indicator, self.tr("删除指标"), lambda: self._on_project(lambda p: p.delete_indicators()), QKeySequence("Ctrl+-"))
        indicator.addSeparator()
        self._action(indicator, self.tr("上移指标"), lambda: self._on_project(lambda p: p.move_indicators(-1)), QKeySequence("Alt+Up"))
        self._action(indicator, self.tr("下移指标"), lambda: self._on_project(lambda p: p.move_indicators(1)), QKeySequence("Alt+Down"))
        indicator.addSeparator()
        self._action(indicator, self.tr("中期指标复制到年度"), self._copy_mid_to_year)
        indicator.addSeparator()
        self._action(indicator, self.tr("指标库…"), self.open_library_dialog, QKeySequence("Ctrl+L"))
        self._action(indicator, self.tr("纳入指标库"), self.take_into_library)
        self.learn_action = self._action(indicator, self.tr("学习本机文档的指标（我的指标）"), self.set_learning)
        self.learn_action.setCheckable(True)
        self.learn_action.setChecked(self.learning())

        project = bar.addMenu(self.tr("项目(&P)"))
        self._action(project, self.tr("新建项目"), self.new_project, QKeySequence("Ctrl+Shift+P"))
        self._action(project, self.tr("删除项目"), self.delete_project)
        self._action(project, self.tr("上移项目"), lambda: self.move_project(-1))
        self._action(project, self.tr("下移项目"), lambda: self.move_project(1))

        view = bar.addMenu(self.tr("视图(&V)"))
        self._build_view_menu(view)

        department = bar.addMenu(self.tr("部门(&D)"))
        self._action(department, self.tr("新建部门"), self.new_department)
        self._action(department, self.tr("删除部门"), self.delete_department)
        self._action(department, self.tr("上移部门"), lambda: self.move_department(-1))
        self._action(department, self.tr("下移部门"), lambda: self.move_department(1))
        department.addSeparator()
        self._action(department, self.tr("部门整体绩效目标表"), self.open_whole)
        self._action(department, self.tr("删除部门整体绩效目标表"), self.remove_whole)
        self.menus = {"indicator": indicator, "project": project, "department": department}
        self._build_toolbar()

    def _build_view_menu(self, menu: QMenu) -> None:
        """The same indicators on each moment's form, in the order of the year: the targets, the mid-year
        监控表, the year-end 自评表. Which one the page shows is not stored in the document."""
        from PySide6.QtGui import QActionGroup

        from ..domain.forms import FORMS
        from ..domain.layout import MOMENTS, TARGETS

        group = QActionGroup(self)
        self.month_dialog = None  # the month asked for while it is open (show_moment)
        self.view_actions: dict[str, QAction] = {}
        moments = [TARGETS] + [m for m in MOMENTS if m != TARGETS and any(f.moment == m for f in FORMS.values())]
        for number, moment in enumerate(moments, 1):
            text = MOMENTS[moment] + ("…" if moment == MONITORING else "")  # asks for the month
            action = self._action(menu, text, lambda _=False, m=moment: self.show_moment(m),
                                  QKeySequence(f"Ctrl+{number}"))
            action.setCheckable(True)
            group.addAction(action)
            self.view_actions[moment] = action
        self.view_actions[TARGETS].setChecked(True)

    def show_moment(self, moment: str, month: int | None = None) -> None:
        """Show the pages in the form of a moment of the year (FORMS.md §1), the document's province's; the
        监控表 of the round of ``month`` (asked for when not given)."""
        from ..domain.forms import moment_form
        from ..domain.layout import MOMENTS, SELF_EVALUATION, TARGETS

        if moment == MONITORING and month is None:
            month = self.ask_month()
            if month is None:  # cancelled: the page stays as it was
                self.view_actions[self._shown_moment()].setChecked(True)
                return
        layout = None if moment == TARGETS else moment_form(moment, self.session.rule_set_key, month)
        self.session.show_form(layout.key if layout is not None else None)
        self.view_actions[moment].setChecked(True)
        self.model.show_self_evaluation(moment == SELF_EVALUATION)
        shown = MOMENTS[moment] + (self.tr("（1-%1月）").replace("%1", str(month)) if month else "")
        self.statusBar().showMessage(self.tr("显示：") + shown, 5000)

    def _shown_moment(self) -> str:
        from ..domain.forms import form

        return form(self.session.shown_form_key).moment

    def ask_month(self) -> int | None:
        """The month the 监控 covers (1–M月): the last round the document has, else the month before this one."""
        from PySide6.QtWidgets import QInputDialog

        dialog = QInputDialog(self)
        dialog.setWindowTitle(self.tr("执行监控表"))
        dialog.setLabelText(self.tr("监控截至月份（填报 1 月至该月的执行情况）："))
        dialog.setInputMode(QInputDialog.InputMode.IntInput)
        dialog.setIntRange(1, 12)
        dialog.setIntValue(self.session.read(reads.latest_round_month) or max(1, date.today().month - 1))
        dialog.setOkButtonText(self.tr("确定"))
        dialog.setCancelButtonText(self.tr("取消"))
        self.month_dialog = dialog  # reachable while it is open (tests answer it)
        try:
            return dialog.intValue() if dialog.exec() == QInputDialog.DialogCode.Accepted else None
        finally:
            self.month_dialog = None

    def _build_toolbar(self) -> None:
        from PySide6.QtWidgets import QStyle, QToolBar

        bar = QToolBar(self.tr("常用"), self)
        bar.setObjectName("main_toolbar")
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        style = self.style()
        for icon, text, slot in (
                (QStyle.StandardPixmap.SP_FileIcon, self.tr("新建"), self.new_document),
                (QStyle.StandardPixmap.SP_DialogOpenButton, self.tr("打开"), self.open_dialog),
                (None, None, None),
                (QStyle.StandardPixmap.SP_ArrowBack, self.tr("撤销"), lambda: self.session.undo_stack.undo()),
                (QStyle.StandardPixmap.SP_ArrowForward, self.tr("重做"), lambda: self.session.undo_stack.redo()),
                (None, None, None),
                (QStyle.StandardPixmap.SP_FileDialogNewFolder, self.tr("添加指标"),
                 lambda: self._on_project(lambda p: p.add_indicator())),
                (QStyle.StandardPixmap.SP_TrashIcon, self.tr("删除指标"),
                 lambda: self._on_project(lambda p: p.delete_indicators())),
                (None, None, None),
                (QStyle.StandardPixmap.SP_DialogSaveButton, self.tr("导出Excel"), lambda: self.export_excel(public=False)),
                (QStyle.StandardPixmap.SP_FileDialogDetailedView, self.tr("导出PDF"), self.export_pdf),
                (QStyle.StandardPixmap.SP_ComputerIcon, self.tr("打印"), self.print_document)):
            if text is None:
                bar.addSeparator()
                continue
            action = bar.addAction(style.standardIcon(icon), text)
            action.triggered.connect(slot)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
        self.toolbar = bar

    # -- clipboard and saving -----------------------------------------------------------------
    def _grid(self):
        if self.pages.currentWidget() is self.project_page and self.project_page.project_id is not None:
            return self.project_page.view
        return None

    def _on_grid(self, *steps) -> None:
        """Run the grid's own clipboard steps (剪切 = 复制 then 清除内容) when a project table is shown."""
        view = self._grid()
        if view is not None:
            for step in steps:
                step(view)

    def confirm_saved(self) -> None:
        self.department_page.flush()
        self.status.confirm_saved()

    def _on_project(self, fn) -> None:
        if self.pages.currentWidget() is self.project_page and self.project_page.project_id is not None:
            fn(self.project_page)

    def _focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

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
        self.learn_later(project_id)

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
        menu.addActions(self.clipboard_actions)
        menu.addSeparator()
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
        self.close_library()
        super().closeEvent(event)


