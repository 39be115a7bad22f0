"""Exports, import of workbooks, PDF and printing from the window: off the GUI thread, with progress.

A mixin of MainWindow. Every export target is checked before work starts (never a perfdesk document).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox

from ..storage import reads
from . import commands
from .file_actions import with_suffix


class ExportActions:
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
        suggested = self._suggested_name(("（公开版）" if public else "") + ".xlsx")
        path, _ = QFileDialog.getSaveFileName(self, self.tr("导出Excel"), suggested, self.tr("Excel 工作簿 (*.xlsx)"))
        if not path:
            return
        path = with_suffix(path, ".xlsx")
        if not self._target_ok(path):
            return
        layout = self._shown_layout()  # the 自评表 when the pages show it
        self._run(self.tr("正在导出 Excel…"), self._streamed(lambda document, full, progress, cancelled: write_workbook(
            document, path, public=public, layout=layout, progress=progress, cancelled=cancelled, full=full)),
                  self.tr("已导出：") + path, target=path)

    def _streamed(self, write):
        """What the worker runs to write from the document as it is now: a snapshot of its file is taken here, on
        the GUI thread, once the page's typing is saved, and the worker reads it one project at a time —
        ``write(document, full, *args)`` (Snapshot.streamed) — then discards it. Edits go on being saved meanwhile,
        and the export's memory follows the largest project, not the document. (A snapshot whose job never runs
        goes with its temporary folder when it is collected.)"""
        self.department_page.flush()
        snapshot = self.session.file.snapshot()

        def job(*args):
            try:
                with snapshot.streamed() as (document, full):
                    return write(document, full, *args)
            finally:
                snapshot.discard()

        return job

    def export_template(self) -> None:
        from ..domain.forms import form
        from ..exchange.xlsx_writer import write_template

        layout = form(self.session.form_key)
        path, _ = QFileDialog.getSaveFileName(self, self.tr("导出空白模板"), str(self.session.file.path.with_name("绩效目标表模板.xlsx")),
                                              self.tr("Excel 工作簿 (*.xlsx)"))
        if path:
            path = with_suffix(path, ".xlsx")
            if self._target_ok(path):
                self._run(self.tr("正在写出模板…"), lambda progress, cancelled: write_template(path, layout),
                          self.tr("已导出：") + path, target=path)

    def import_excel(self) -> None:
        from ..exchange.errors import ExchangeError
        from ..exchange.xlsx_reader import UnitUndecidedError, read_workbook

        path, _ = QFileDialog.getOpenFileName(self, self.tr("导入Excel"), self._start_dir(), self.tr("Excel 工作簿 (*.xlsx *.xls *.xml)"))
        if not path:
            return
        units: dict[str, str] = {}  # the clerk's answers: a list that states no money unit is asked about
        while True:
            report: list[str] = []
            try:
                document = read_workbook(path, units=units, report=report)
                break
            except UnitUndecidedError as exc:
                answer = self._ask_unit(exc)
                if answer is None:
                    return
                units[exc.sheet] = answer
            except ExchangeError as exc:
                self._error(self.tr("导入失败，文档未作任何改动。\n") + str(exc))
                return
        if document.indicator_count() and document.taxonomy != self.session.taxonomy.key:
            self._error(self.tr("导入失败，文档未作任何改动：工作簿的指标体系与本文档不同。"))
            return
        clashes = commands.ImportDocument.clashes(self.session, document)
        if clashes:
            self._error(self.tr("导入失败，文档未作任何改动：本文档的单位「%1」已有部门整体绩效目标表，工作簿又带来一张。"
                                "请先在本文档中删除它（部门 → 删除部门整体绩效目标表），或从工作簿中删去该表后再导入。")
                        .replace("%1", "」「".join(clashes)))
            return
        if not self.preview_import(self.tr("导入Excel"), path, document, report, self.tr("导入到本文档"),
                                   self.session.form_key):
            return
        self.department_page.flush()
        command = commands.ImportDocument(self.session, document, self.tr("导入Excel"))
        self.session.push(command)
        self.learn_later()  # 我的指标: what was imported is the clerk's too
        projects = sum(len(d.projects) for d in document.departments)
        wholes = sum(d.whole is not None for d in document.departments)
        message = self.tr("已导入 %1 个项目（可撤销）。").replace("%1", str(projects)) if not wholes else \
            self.tr("已导入 %1 个项目、%2 张部门整体绩效目标表（可撤销）。").replace("%1", str(projects)) \
            .replace("%2", str(wholes))
        if document.form != self.session.form_key:  # never silently: what this form does not show is still there
            from ..domain.forms import form

            message += self.tr("工作簿是「%1」，本文档的表式是「%2」：导入的内容都已保存，本表式不显示的栏目"
                               "可在「文件 → 表式和审核规则」中更换表式后查看。") \
                .replace("%1", form(document.form).name).replace("%2", form(self.session.form_key).name)
        self.statusBar().showMessage(message, 15000)

    def import_report(self) -> None:
        """A 自评表 or 监控表 filled in Excel or WPS (exported from this document) brought back: one undo step;
        the pages then show that form (a 监控表 of the month it covers)."""
        from ..domain.reported import ReportMismatchError
        from ..exchange.errors import ExchangeError
        from ..exchange.filled_reports import read_filled_report

        path, _ = QFileDialog.getOpenFileName(self, self.tr("导入填好的自评表或监控表"), self._start_dir(),
                                              self.tr("Excel 工作簿 (*.xlsx *.xls *.xml)"))
        if not path:
            return
        self.department_page.flush()
        try:
            layout, reported = read_filled_report(path, self.session.read(reads.read_document))
        except (ExchangeError, ReportMismatchError) as exc:
            self._error(self.tr("导入失败，文档未作任何改动。\n") + str(exc))
            return
        if reported.empty:
            self.statusBar().showMessage(self.tr("工作簿中的值与文档相同，没有需要写回的内容。"), 10000)
        else:
            text = self.tr("导入填好的") + layout.name
            parts = [commands.EditProject(self.session, pid, values, text) for pid, values in reported.projects.items()]
            parts += [commands.EditIndicators(self.session, pid, changes, text)
                      for pid, changes in reported.indicators.items()]
            self.session.push(commands.Compound(self.session, parts, text))
            self.show_moment(layout.moment, layout.month)
            self.statusBar().showMessage(
                self.tr("已从%3写回 %1 个项目、%2 条指标的值（可撤销），得分、执行率由 perfdesk 重新计算。")
                .replace("%1", str(len(set(reported.projects) | set(reported.indicators))))
                .replace("%2", str(reported.indicator_count)).replace("%3", _shown_name(layout)), 15000)
        if reported.not_taken:
            self._error(self.tr("以下内容未采用：\n") + "\n".join(reported.not_taken))

    def _ask_unit(self, question) -> str | None:
        """元 or 万元 for a list that does not say; the amounts' size suggests the default. None: cancelled."""
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Icon.Question, self.tr("金额单位"),
                          str(question) + self.tr("\n\n表中的金额是以哪种单位填写的？"), parent=self)
        yuan = box.addButton(self.tr("元（换算为万元）"), QMessageBox.ButtonRole.AcceptRole)
        wan = box.addButton(self.tr("万元"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(yuan if question.guess == "元" else wan)
        box.exec()
        return {yuan: "元", wan: "万元"}.get(box.clickedButton())

    def _print_options(self, title: str):
        from .printing import PrintOptionsDialog

        dialog = PrintOptionsDialog(self, has_project=self._current_table() is not None, title=title)
        return dialog.options() if dialog.exec() == PrintOptionsDialog.DialogCode.Accepted else None

    def _pdf_job(self, options):
        from ..exchange.pdf_writer import build_pdf

        ids = {self._current_table()} if options.current_project_only else None
        layout = self._shown_layout()
        return self._streamed(lambda document, full, target, progress, cancelled: build_pdf(
            document, target, public=options.public, signature=options.signature, project_ids=ids, layout=layout,
            progress=progress, cancelled=cancelled, full=full))

    def _suggested_name(self, ending: str) -> str:
        """The document's name for an export, with the report's name when a 自评表 is shown (so that it never
        suggests overwriting the targets' workbook)."""
        from ..domain.layout import TARGETS

        layout = self._shown_layout()
        moment = f"（{_shown_name(layout)}）" if layout.moment != TARGETS else ""
        path = self.session.file.path
        return str(path.with_name(path.stem + moment + ending))

    def _shown_layout(self):
        """The form the pages show: a 自评表 shown is what is exported and printed."""
        from ..domain.forms import form

        return form(self.session.shown_form_key)

    def _warn_missing(self, missing: set[str]) -> None:
        if missing:
            self._error(self.tr("以下字符在所有可用字体中都没有，PDF 中显示为空白：") + "".join(sorted(missing)))

    def export_pdf(self) -> None:
        if not self._confirm_errors():
            return
        options = self._print_options(self.tr("导出PDF"))
        if options is None:
            return
        path, _ = QFileDialog.getSaveFileName(self, self.tr("导出PDF"), self._suggested_name(".pdf"),
                                              self.tr("PDF 文件 (*.pdf)"))
        if not path:
            return
        path = with_suffix(path, ".pdf")
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


def _shown_name(layout) -> str:
    """A later moment's form as a file name or a message names it: 绩效自评表, 执行监控表1-7月."""
    from ..domain.layout import MOMENTS

    return MOMENTS[layout.moment] + (f"1-{layout.month}月" if layout.month else "")
