"""The main window driven with real key events; every assertion reads the document file back."""

from decimal import Decimal

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QPlainTextEdit

from gui_helpers import answer_when_open, commit_text, focus_cell, on_disk, open_project, press
from perfdesk.domain.fields import parse_goals
from perfdesk.storage import DocumentFile

FIRST = 8  # grid row of the first indicator in the seed's layout (HEBEI.first_indicator_row)
NAME, DESCRIPTION, VALUE, BASIS, LEVEL2, LEVEL1 = 2, 4, 6, 7, 1, 0


def test_title_tree_and_project_page(window):
    assert window.windowTitle().startswith("昌黎")
    page = open_project(window, 1)
    assert window.pages.currentWidget() is page
    assert page.title.text() == "1.综治工作经费绩效目标表"
    assert page.model.index(1, 1).data() == "1303222158GWYR2IGDLIP"
    assert page.view.rowSpan(FIRST, LEVEL1) == 4 and page.model.index(FIRST, LEVEL1).data() == "产出指标"
    assert page.view.columnSpan(3, 1) == 8  # 资金用途 spans the table


def test_typing_chinese_into_a_cell_and_enter_moves_down(qtbot, window):
    page = open_project(window, 1)
    focus_cell(qtbot, page, FIRST, NAME)
    commit_text(page.view, "以全县户籍人口为基数")
    assert page.view.state() == page.view.State.EditingState
    press(qtbot, QApplication.focusWidget(), Qt.Key.Key_Return)
    assert on_disk(window).departments[0].projects[0].indicators[0].name == "以全县户籍人口为基数"
    assert page.view.currentIndex().row() == FIRST + 1 and page.view.currentIndex().column() == NAME
    assert window.model.index(0, 0, window.model.index(0, 0, window.model.index(0, 0))).data() in (None, "以全县户籍人口为基数")


def test_f2_edits_and_escape_cancels(qtbot, window):
    page = open_project(window, 1)
    focus_cell(qtbot, page, FIRST, VALUE)
    press(qtbot, page.view, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit) and editor.text() == "56万人"
    editor.selectAll()
    qtbot.keyClicks(editor, ">=60")
    assert "定量" in page.hint.text() and "≥ 60" in page.hint.text()
    press(qtbot, editor, Qt.Key.Key_Escape)
    assert on_disk(window).departments[0].projects[0].indicators[0].value == "56万人"
    press(qtbot, page.view, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    editor.selectAll()
    commit_text(editor, "社会稳定")
    assert "定性" in page.hint.text()
    press(qtbot, editor, Qt.Key.Key_Tab)
    assert on_disk(window).departments[0].projects[0].indicators[0].value == "社会稳定"
    assert page.view.currentIndex().column() == BASIS  # Tab moved right


def test_amounts_accept_common_forms_and_reject_letters(qtbot, window):
    page = open_project(window, 1)
    for typed, expected in (("1,234.5", "1234.50"), ("30.00", "30.00")):
        focus_cell(qtbot, page, 2, 2)
        press(qtbot, page.view, Qt.Key.Key_F2)
        editor = QApplication.focusWidget()
        editor.selectAll()
        qtbot.keyClicks(editor, typed)
        press(qtbot, editor, Qt.Key.Key_Return)
        assert str(on_disk(window).departments[0].projects[0].budget) == expected
    focus_cell(qtbot, page, 2, 5)
    press(qtbot, page.view, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    editor.selectAll()
    commit_text(editor, "３０")  # full-width digits, as a Chinese input method gives them
    press(qtbot, editor, Qt.Key.Key_Return)
    assert on_disk(window).departments[0].projects[0].fiscal == Decimal("30")
    focus_cell(qtbot, page, 2, 5)
    press(qtbot, page.view, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    editor.selectAll()
    qtbot.keyClicks(editor, "30abc")
    press(qtbot, editor, Qt.Key.Key_Return)
    assert page.message.isVisible() and "财政资金应为数字" in page.message.text()
    assert on_disk(window).departments[0].projects[0].fiscal == Decimal("30")


def test_level2_is_chosen_from_the_taxonomy_and_brings_level1(qtbot, window):
    page = open_project(window, 1)
    focus_cell(qtbot, page, FIRST + 4, LEVEL2)  # 经济效益指标 row
    press(qtbot, page.view, Qt.Key.Key_F2)
    combo = QApplication.focusWidget()
    assert isinstance(combo, QComboBox) and combo.count() == 9 and combo.currentText() == "经济效益指标"
    combo.setCurrentIndex(combo.findText("成本指标"))
    press(qtbot, combo, Qt.Key.Key_Return)
    ind = on_disk(window).departments[0].projects[0].indicators[4]
    assert (ind.level1, ind.level2) == ("产出指标", "成本指标")


def test_label_cells_cannot_be_edited(qtbot, window):
    page = open_project(window, 1)
    focus_cell(qtbot, page, 1, 0)  # 项目编码 label
    qtbot.keyClicks(page.view, "x")
    press(qtbot, page.view, Qt.Key.Key_F2)
    assert page.view.state() != page.view.State.EditingState
    assert page.model.index(1, 0).data() == "项目编码"


def test_multiline_editor_is_not_clipped_and_alt_enter_breaks_lines(qtbot, window):
    page = open_project(window, 1)
    focus_cell(qtbot, page, 3, 1)  # 资金用途
    press(qtbot, page.view, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QPlainTextEdit)
    assert editor.height() >= 4 * editor.fontMetrics().lineSpacing()
    editor.selectAll()
    commit_text(editor, "第一行")
    press(qtbot, editor, Qt.Key.Key_Return, Qt.KeyboardModifier.AltModifier)
    commit_text(editor, "第二行")
    press(qtbot, editor, Qt.Key.Key_Return)
    assert on_disk(window).departments[0].projects[0].fund_use == "第一行\n第二行"


def test_undo_and_redo_with_shortcuts(qtbot, window):
    page = open_project(window, 1)
    focus_cell(qtbot, page, FIRST, VALUE)
    commit_text(page.view, "≥60万人")
    press(qtbot, QApplication.focusWidget(), Qt.Key.Key_Return)
    assert on_disk(window).departments[0].projects[0].indicators[0].value == "≥60万人"
    press(qtbot, page.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert on_disk(window).departments[0].projects[0].indicators[0].value == "56万人"
    assert page.model.index(FIRST, VALUE).data() == "56万人"
    press(qtbot, page.view, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert on_disk(window).departments[0].projects[0].indicators[0].value == "≥60万人"
    assert window.undo_action.text() == "撤销 修改指标值"


def test_delete_clears_selected_cells_in_one_step(qtbot, window):
    page = open_project(window, 1)
    view = page.view
    view.setFocus()
    view.selectionModel().select(
        __import__("PySide6.QtCore", fromlist=["QItemSelection"]).QItemSelection(page.model.index(FIRST, DESCRIPTION),
                                                                                 page.model.index(FIRST + 1, VALUE)),
        view.selectionModel().SelectionFlag.ClearAndSelect)
    press(qtbot, view, Qt.Key.Key_Delete)
    inds = on_disk(window).departments[0].projects[0].indicators
    assert [(i.description, i.value) for i in inds[:2]] == [("", ""), ("", "")]
    assert inds[0].name == "以县人口为基数加强全县综合治理"  # outside the selection
    press(qtbot, view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert on_disk(window).departments[0].projects[0].indicators[1].value == "≥95%"


def test_copy_gives_tsv_of_table_cells(qtbot, window):
    from PySide6.QtCore import QItemSelection

    page = open_project(window, 1)
    view = page.view
    view.setFocus()
    view.selectionModel().select(QItemSelection(page.model.index(FIRST, NAME), page.model.index(FIRST, VALUE)),
                                 view.selectionModel().SelectionFlag.ClearAndSelect)
    press(qtbot, view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == "以县人口为基数加强全县综合治理\t以全县人口为基数，加强全县综合治理\t56万人\r\n"


def test_paste_block_from_excel_adds_rows_in_one_undo_step(qtbot, window):
    page = open_project(window, 9)  # 政法网光纤租赁费: 9 indicators
    before = on_disk(window).departments[0].projects[8]
    clip = ("产出指标\t数量指标\t节点数\t\"四级网节点\n（含乡镇）\"\t≥74个\t协议\r\n"
            "\t\t维护次数\t全年维护\t12次\t协议\r\n"
            "满意度指标\t服务对象满意度指标\t用户满意度\t抽样\t≥95%\t问卷\r\n")
    QGuiApplication.clipboard().setText(clip)
    focus_cell(qtbot, page, FIRST + 8, LEVEL1)  # the last indicator row: one row replaced, two added
    press(qtbot, page.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    after = on_disk(window).departments[0].projects[8].indicators
    assert len(after) == 11
    assert (after[8].level1, after[8].level2, after[8].name, after[8].description) == \
        ("产出指标", "数量指标", "节点数", "四级网节点\n（含乡镇）")
    assert (after[9].level2, after[9].name, after[9].value) == ("数量指标", "维护次数", "12次")  # merged 二级 inherited
    assert (after[10].level1, after[10].value, after[10].basis) == ("满意度指标", "≥95%", "问卷")
    press(qtbot, page.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert on_disk(window).departments[0].projects[8] == before


def test_paste_with_a_bad_value_changes_nothing(qtbot, window):
    page = open_project(window, 1)
    before = on_disk(window)
    QGuiApplication.clipboard().setText("其他指标\t三级\t描述\t1\t依据\r\n")
    focus_cell(qtbot, page, FIRST, LEVEL2)
    press(qtbot, page.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert "粘贴未执行" in page.message.text() and "其他指标" in page.message.text()
    assert on_disk(window) == before
    QGuiApplication.clipboard().setText("12abc\r\n")
    focus_cell(qtbot, page, 2, 2)
    press(qtbot, page.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert "预算数应为数字" in page.message.text() and on_disk(window) == before


def test_add_insert_move_delete_indicators_with_shortcuts(qtbot, window):
    page = open_project(window, 2)
    names = [i.name for i in on_disk(window).departments[0].projects[1].indicators]
    focus_cell(qtbot, page, FIRST + 1, NAME)
    press(qtbot, page.view, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    inds = on_disk(window).departments[0].projects[1].indicators
    assert len(inds) == 10 and inds[2].name == "" and inds[2].level2 == "质量指标"  # same 二级 as the row above
    assert page.view.currentIndex().row() == FIRST + 2
    commit_text(page.view, "新指标")
    press(qtbot, QApplication.focusWidget(), Qt.Key.Key_Return)
    focus_cell(qtbot, page, FIRST + 2, NAME)
    press(qtbot, page.view, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    inds = on_disk(window).departments[0].projects[1].indicators
    assert [i.name for i in inds[:3]] == [names[0], "新指标", names[1]]
    focus_cell(qtbot, page, FIRST + 1, NAME)
    press(qtbot, page.view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert [i.name for i in on_disk(window).departments[0].projects[1].indicators] == names
    for _ in range(4):  # delete, move, edit, add
        press(qtbot, page.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert [i.name for i in on_disk(window).departments[0].projects[1].indicators] == names


def test_secret_switch(qtbot, window):
    page = open_project(window, 1)
    qtbot.mouseClick(page.secret, Qt.MouseButton.LeftButton)
    assert on_disk(window).departments[0].projects[0].secret
    assert window.model.index(0, 0, window.model.index(0, 0)).data().endswith("（涉密）")
    press(qtbot, page.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert not on_disk(window).departments[0].projects[0].secret and not page.secret.isChecked()


def test_selecting_in_tree_and_grid_follow_each_other(qtbot, window):
    page = open_project(window, 1)
    project = window.model.index(0, 0, window.model.index(0, 0))
    window.tree.expand(project)
    QApplication.processEvents()
    window.tree.setCurrentIndex(window.model.index(3, 0, project))
    QApplication.processEvents()
    assert page.view.currentIndex().row() == FIRST + 3
    focus_cell(qtbot, page, FIRST + 6, DESCRIPTION)
    assert window.tree.currentIndex().data() == "促进节能减排" and window.tree.currentIndex().parent() == project


def test_search_box_filters_the_tree(qtbot, window):
    qtbot.keyClicks(window.search, "GWYR2")
    qtbot.wait(400)
    assert window.model.rowCount(window.model.index(0, 0)) == 1
    window.search.clear()
    commit_text(window.search, "调查问卷")
    qtbot.wait(400)
    assert window.model.rowCount(window.model.index(0, 0)) == 7


def test_department_page_edits_and_secret_switches(qtbot, window):
    window.tree.setCurrentIndex(window.model.index(0, 0))
    page = window.department_page
    assert window.pages.currentWidget() is page and page.overall_secret.isChecked()
    page.name.setFocus()
    page.name.selectAll()
    commit_text(page.name, "政法委员会")
    press(qtbot, page.name, Qt.Key.Key_Return)
    assert on_disk(window).departments[0].name == "政法委员会"
    assert window.model.index(0, 0).data() == "210001 政法委员会"
    qtbot.mouseClick(page.overall_secret, Qt.MouseButton.LeftButton)
    assert not on_disk(window).departments[0].overall_secret
    page.overall.setFocus()
    commit_text(page.overall, "全年目标。")
    page.flush()
    assert on_disk(window).departments[0].overall_goal == "全年目标。"
    page.year.setFocus()
    qtbot.keyClicks(page.year, "20x6")
    press(qtbot, page.year, Qt.Key.Key_Return)
    assert on_disk(window).departments[0].year is None and "四位数字" in page.year.toolTip()
    page.year.setText("2026")
    press(qtbot, page.year, Qt.Key.Key_Return)
    assert on_disk(window).departments[0].year == 2026


def test_new_and_deleted_projects_and_departments_undo(qtbot, window, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    open_project(window, 3)
    press(qtbot, window.tree, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    names = [p.name for p in on_disk(window).departments[0].projects]
    assert names[3] == "新项目" and len(names) == 10
    assert window.project_page.title.text() == "4.新项目绩效目标表"
    window.delete_project()
    assert len(on_disk(window).departments[0].projects) == 9
    window.tree.setCurrentIndex(window.model.index(0, 0))
    window.new_department()
    assert [d.name for d in on_disk(window).departments] == ["中国共产党昌黎县委员会政法委员会本级", "新单位"]
    window.delete_department()
    assert len(on_disk(window).departments) == 1
    window.tree.setCurrentIndex(window.model.index(0, 0))
    window.delete_department()
    assert on_disk(window).departments == []
    for _ in range(4):
        window.session.undo_stack.undo()
    assert len(on_disk(window).departments) == 1 and len(on_disk(window).departments[0].projects) == 10
    window.session.undo_stack.undo()
    assert on_disk(window).indicator_count() == 81


def test_window_remembers_size_splitter_and_recent_files(qtbot, tmp_path, window):
    from perfdesk.ui.main_window import MainWindow

    window.resize(711, 555)
    window.splitter.setSizes([250, 461])
    path = window.session.file.path
    window.close()
    window.session.close()
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    assert settings.value("recent") == [str(path.resolve())] and settings.value("last_document") == str(path.resolve())
    again = MainWindow(DocumentFile.open(path), settings)
    qtbot.addWidget(again)
    assert (again.width(), again.height()) == (711, 555)
    assert again.splitter.sizes()[0] == 250
    again.session.close()
    window.session = again.session  # the fixture closes it again harmlessly


def test_damaged_file_in_open_path_gets_a_message(qtbot, window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    bad = tmp_path / "坏.perfdesk"
    bad.write_bytes(b"not a database at all")
    window.open_path(str(bad))
    assert shown and "不是 perfdesk 文档" in shown[0]
    assert window.session.file.path.name == "昌黎.perfdesk"


def test_dragging_indicator_rows_reorders_them(qtbot, window):
    page = open_project(window, 1)
    names = [i.name for i in on_disk(window).departments[0].projects[0].indicators]
    model = page.model
    data = model.mimeData([model.index(FIRST, NAME), model.index(FIRST + 1, NAME)])
    assert model.canDropMimeData(data, Qt.DropAction.MoveAction, -1, -1, model.index(FIRST + 5, NAME))
    assert model.dropMimeData(data, Qt.DropAction.MoveAction, -1, -1, model.index(FIRST + 5, NAME))
    after = [i.name for i in on_disk(window).departments[0].projects[0].indicators]
    assert after == names[2:5] + names[:2] + names[5:]
    window.session.undo_stack.undo()
    assert [i.name for i in on_disk(window).departments[0].projects[0].indicators] == names


def test_missing_document_on_the_command_line_gets_a_message(monkeypatch, tmp_path, qapp):
    from PySide6.QtWidgets import QMessageBox

    from perfdesk.ui.app import run_gui

    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: shown.append(text))
    assert run_gui([str(tmp_path / "不存在.perfdesk")]) == 1
    assert shown and "找不到文件" in shown[0] and "不存在.perfdesk" in shown[0]


def test_classified_project_shows_placeholder_but_edits_the_real_text(qtbot, window):
    page = open_project(window, 3)  # 扫黑除恶专项斗争经费, imported redacted
    assert page.secret.isChecked() and page.model.index(FIRST, NAME).data() == "涉密"
    focus_cell(qtbot, page, FIRST, NAME)
    press(qtbot, page.view, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert editor.toPlainText() == ""
    commit_text(editor, "打击处理人数")
    press(qtbot, editor, Qt.Key.Key_Return)
    assert on_disk(window).departments[0].projects[2].indicators[0].name == "打击处理人数"
    from perfdesk.exchange.text_writer import document_text

    assert "打击处理人数" not in document_text(on_disk(window), public=True)


def test_file_menu_new_save_as_and_import(qtbot, window, tmp_path, monkeypatch, seed_path):
    from PySide6.QtWidgets import QFileDialog

    target = tmp_path / "副本"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    page = open_project(window, 1)
    window.save_as()
    assert window.session.file.path.name == "副本.perfdesk" and window.windowTitle().startswith("副本")
    focus_cell(qtbot, page, FIRST, VALUE)  # editing continues on the copy, undo history intact
    commit_text(page.view, "≥57万人")
    press(qtbot, QApplication.focusWidget(), Qt.Key.Key_Return)
    assert on_disk(window).departments[0].projects[0].indicators[0].value == "≥57万人"
    window.session.undo_stack.undo()
    assert on_disk(window).departments[0].projects[0].indicators[0].value == "56万人"

    from perfdesk.ui.form_dialog import FormSettingsDialog

    new = tmp_path / "新文档"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(new), ""))
    offered = []

    def choose(dialog):
        """The clerk picks 全国申报表（年度） (its rule set follows), then the 101号 rule set (its taxonomy follows)."""
        offered.append([dialog.form.itemText(i) for i in range(dialog.form.count())])
        dialog.form.setCurrentIndex(dialog.form.findData("national-year"))
        dialog.form.activated.emit(dialog.form.currentIndex())
        offered.append(dialog.settings())
        dialog.rules.setCurrentIndex(dialog.rules.findData("mof2021"))
        dialog.rules.activated.emit(dialog.rules.currentIndex())
        return 1

    monkeypatch.setattr(FormSettingsDialog, "exec", choose)
    window.new_document()
    assert window.session.file.path.name == "新文档.perfdesk"
    assert [d.name for d in on_disk(window).departments] == ["新单位"]
    assert offered[0] == ["河北公开文本", "全国申报表（中期+年度）", "全国申报表（年度）", "全国申报表（年度，含绩效标准）",
                          "全国申报表（中期+年度，含绩效标准）", "河北预算项目绩效信息表", "河北项目申报表（绩效部分）"]
    assert offered[1] == ("national-year", "classic", "national")  # the form's preset rule set
    document = on_disk(window)
    assert (document.form, document.rule_set, document.taxonomy) == ("national-year", "mof2021", "mof2021")
    assert "成本指标" in window.session.taxonomy.level1_names()

    imported = tmp_path / "导入"
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(seed_path), ""))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(imported), ""))
    answer_when_open(window, "import_preview", lambda dialog: dialog.accept())
    window.import_text()
    assert window.session.file.path.name == "导入.perfdesk" and on_disk(window).indicator_count() == 81
    recent = [a.text() for a in window.recent_menu.actions()]
    assert recent[0].endswith("导入.perfdesk") and any(r.endswith("副本.perfdesk") for r in recent)


def test_import_of_malformed_text_creates_nothing(window, tmp_path, monkeypatch, seed_text):
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    bad = tmp_path / "坏.txt"
    bad.write_text(seed_text.replace("\t≥2000人\n", "", 1), encoding="utf-8")
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(bad), ""))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: pytest.fail("must not ask where to save"))
    window.import_text()
    assert shown and "未创建任何文档" in shown[0] and "第224行" in shown[0]
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".perfdesk") == ["昌黎.perfdesk"]


def test_qt_dialogs_are_chinese(qapp):
    from PySide6.QtCore import QCoreApplication

    from perfdesk.ui.app import install_translations

    install_translations(qapp)
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"


def test_export_excel_runs_in_the_background_and_reads_back(qtbot, window, tmp_path, monkeypatch, seed_text):
    from PySide6.QtWidgets import QFileDialog

    from perfdesk.exchange.xlsx_reader import read_workbook

    target = tmp_path / "导出"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window.export_excel(public=False)
    qtbot.waitUntil(lambda: not window.task.running, timeout=20000)
    assert comparable(read_workbook(tmp_path / "导出.xlsx"), seed_text)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == [".~lock.昌黎.perfdesk#"]  # no temp left
    assert "已导出" in window.statusBar().currentMessage()


def comparable(document, seed_text):
    from conftest import comparable_lines
    from perfdesk.exchange.text_writer import document_text

    return comparable_lines(document_text(document)) == comparable_lines(seed_text)


def test_cancelled_export_writes_nothing(qtbot, window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    from perfdesk.exchange import xlsx_writer

    target = tmp_path / "取消.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    original = xlsx_writer.build_workbook

    def slow_build(document, target, **kwargs):
        window.task.cancel.set()  # the user presses 取消 while the export runs
        return original(document, target, **kwargs)

    monkeypatch.setattr(xlsx_writer, "build_workbook", slow_build)
    window.export_excel(public=False)
    qtbot.waitUntil(lambda: not window.task.running, timeout=20000)
    assert not target.exists() and "已取消" in window.statusBar().currentMessage()
    assert not [p for p in tmp_path.iterdir() if p.suffix == ".tmp"]


def test_import_excel_adds_projects_in_one_undo_step(qtbot, window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    from perfdesk.exchange.xlsx_writer import write_workbook

    source = tmp_path / "同事.xlsx"
    write_workbook(example_document_for_import(), source)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(source), ""))
    seen = []  # what the preview said before anything was written; cancelled first, nothing changes
    answer_when_open(window, "import_preview", lambda dialog: (seen.append(dialog.details.toPlainText()),
                                                               seen.append(on_disk(window)), dialog.reject()))
    before = on_disk(window)
    window.import_excel()
    assert on_disk(window) == before == seen[1] and not window.session.undo_stack.canUndo()
    assert "工作表「1.安全生产监管执法经费」：项目「安全生产监管执法经费」" in seen[0]
    answer_when_open(window, "import_preview", lambda dialog: dialog.import_button.click())
    window.import_excel()
    document = on_disk(window)
    assert [d.code for d in document.departments] == ["210001", "412001"]
    imported = {i.name for p in document.departments[1].projects for i in p.indicators}
    qtbot.waitUntil(lambda: imported <= {e.name.replace(" ", "") for e in window.library().entries()} | {""},
                    timeout=5000)  # 我的指标 learned what was imported
    assert len(document.departments[1].projects) == 4
    window.session.undo_stack.undo()
    assert [d.code for d in on_disk(window).departments] == ["210001"]
    window.session.undo_stack.redo()
    assert on_disk(window).indicator_count() == 81 + 29


def example_document_for_import():
    from perfdesk.example import example_document

    return example_document()


def test_import_of_a_bad_workbook_leaves_the_document_as_it_was(qtbot, window, tmp_path, monkeypatch):
    from openpyxl import Workbook
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    source = tmp_path / "坏.xlsx"
    wb = Workbook()
    wb.active.append(["项目名称", "一级指标", "二级指标", "三级指标"])
    wb.active.append(["甲", "产出指标", "数量指标", "x"])
    wb.active.append(["甲", "产出指标", "飞行指标", "y"])
    wb.save(source)
    before = on_disk(window)
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(source), ""))
    window.import_excel()
    assert shown and "文档未作任何改动" in shown[0] and "第3行C列（二级指标）" in shown[0]
    assert on_disk(window) == before and not window.session.undo_stack.canUndo()


def _panel_rules(window) -> list[str]:
    model = window.check_panel.model
    return [model.finding(i).rule for i in range(model.rowCount())]


def test_check_panel_follows_edits_and_marks_tree_and_cells(qtbot, window):
    qtbot.waitUntil(lambda: window.check_panel.model.rowCount() > 0, timeout=5000)
    assert "错误 0 个" in window.check_panel.summary.text() and "R-NAME-HAS-VALUE" in _panel_rules(window)
    page = open_project(window, 6)
    name_cell = page.model.index(FIRST + 3, NAME)
    assert name_cell.data(Qt.ItemDataRole.BackgroundRole) is not None
    assert "名称中含有运算符或数值" in name_cell.data(Qt.ItemDataRole.ToolTipRole)
    # fix it by typing: the finding leaves the panel
    focus_cell(qtbot, page, FIRST + 3, NAME)
    press(qtbot, page.view, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    editor.selectAll()
    commit_text(editor, "责任险及收治费用")
    press(qtbot, editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "R-NAME-HAS-VALUE" not in _panel_rules(window), timeout=5000)
    assert page.model.index(FIRST + 3, NAME).data(Qt.ItemDataRole.BackgroundRole) is None
    # make an error: the panel, the cell and the tree say so
    focus_cell(qtbot, page, FIRST, VALUE)
    press(qtbot, page.view, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: "R-VALUE-MISSING" in _panel_rules(window), timeout=5000)
    assert "错误 1 个" in window.check_panel.summary.text()
    project_index = window.model.index(5, 0, window.model.index(0, 0))
    assert project_index.data(Qt.ItemDataRole.ForegroundRole) is not None
    press(qtbot, page.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "R-VALUE-MISSING" not in _panel_rules(window), timeout=5000)
    assert project_index.data(Qt.ItemDataRole.ForegroundRole) is None


def test_findings_model_passes_the_model_tester(qtbot, qtmodeltester, window):
    qtbot.waitUntil(lambda: window.check_panel.model.rowCount() > 0, timeout=5000)
    qtmodeltester.check(window.check_panel.model)


def test_double_clicking_a_finding_selects_its_cell(qtbot, window):
    qtbot.waitUntil(lambda: window.check_panel.model.rowCount() > 0, timeout=5000)
    panel = window.check_panel
    row = _panel_rules(window).index("R-NAME-HAS-VALUE")
    item = panel.model.index(row, 2)
    panel.list.scrollTo(item)
    QApplication.processEvents()
    rect = panel.list.visualRect(item)
    qtbot.mouseClick(panel.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())  # a double-click's first press
    qtbot.mouseDClick(panel.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    page = window.project_page
    assert window.pages.currentWidget() is page and page.title.text().startswith("6.严重肇事肇祸")
    assert (page.view.currentIndex().row(), page.view.currentIndex().column()) == (FIRST + 3, NAME)
    row = _panel_rules(window).index("R-UNIT-MIXED")
    panel.findingActivated.emit(panel.model.finding(row))
    assert page.title.text().startswith("7.见义勇为奖金")
    assert (page.view.currentIndex().row(), page.view.currentIndex().column()) == (FIRST + 3, VALUE)


def test_export_warns_about_errors_and_lets_the_clerk_go_on(qtbot, window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    page = open_project(window, 1)
    focus_cell(qtbot, page, FIRST, VALUE)
    press(qtbot, page.view, Qt.Key.Key_Delete)
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.No)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "x.xlsx"), ""))
    window.export_excel(public=False)
    assert asked and "1 个错误" in asked[0] and not (tmp_path / "x.xlsx").exists()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    window.export_excel(public=False)
    qtbot.waitUntil(lambda: not window.task.running, timeout=20000)
    assert (tmp_path / "x.xlsx").exists()


def test_editing_code_name_plan_and_goals(qtbot, window):
    page = open_project(window, 1)

    def edit(row, col, keys=None, chinese=None):
        focus_cell(qtbot, page, row, col)
        press(qtbot, page.view, Qt.Key.Key_F2)
        editor = QApplication.focusWidget()
        editor.selectAll()
        if keys:
            qtbot.keyClicks(editor, keys)
        if chinese:
            commit_text(editor, chinese)
        press(qtbot, editor, Qt.Key.Key_Return)

    edit(1, 1, keys="1303222158GWYR2IGDLIQ")
    edit(1, 5, chinese="综治维稳工作经费")
    edit(5, 1, keys="20%")  # 3月底
    edit(5, 7, keys="98")  # 12月底, without %: a bad plan the 审核 will point out
    project = on_disk(window).departments[0].projects[0]
    assert project.code == "1303222158GWYR2IGDLIQ" and project.name == "综治维稳工作经费"
    assert project.plan == [Decimal("20"), Decimal("50.00"), Decimal("75.00"), Decimal("98")]
    assert page.title.text() == "1.综治维稳工作经费绩效目标表"
    assert window.model.index(0, 0, window.model.index(0, 0)).data() == "1303222158GWYR2IGDLIQ 综治维稳工作经费"
    # goals: a multi-line cell; numbered goals are kept as a list (1、 printed 1.), goals typed without numbers
    # are kept as typed — perfdesk numbers nothing the clerk did not
    for typed, stored, shown in ((("1、完成综治任务", "2.保障平安建设"), ["完成综治任务", "保障平安建设"],
                                  "1.完成综治任务\n2.保障平安建设"),
                                 (("完成综治任务", "保障平安建设"), parse_goals("完成综治任务\n保障平安建设"),
                                  "完成综治任务\n保障平安建设")):
        focus_cell(qtbot, page, 6, 1)
        press(qtbot, page.view, Qt.Key.Key_F2)
        editor = QApplication.focusWidget()
        editor.selectAll()
        commit_text(editor, typed[0])
        press(qtbot, editor, Qt.Key.Key_Return, Qt.KeyboardModifier.AltModifier)
        commit_text(editor, typed[1])
        press(qtbot, editor, Qt.Key.Key_Return)
        assert on_disk(window).departments[0].projects[0].goals == stored
        assert page.model.index(6, 1).data() == shown
    qtbot.waitUntil(lambda: "R-PLAN-NOT-100" in _panel_rules(window), timeout=5000)


def test_typing_is_never_overwritten_by_a_refresh_of_the_same_cell(qtbot, window):
    """Regression: the 审核 refresh re-announced every cell, and Qt reset open editors to the model's text."""
    page = open_project(window, 1)
    focus_cell(qtbot, page, FIRST, VALUE)
    press(qtbot, page.view, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    editor.selectAll()
    qtbot.keyClicks(editor, ">=61")
    page.model.refresh_marks()  # what a finished 审核 does while the clerk types
    assert editor.text() == ">=61"
    press(qtbot, editor, Qt.Key.Key_Return)
    assert on_disk(window).departments[0].projects[0].indicators[0].value == "≥61"  # the official operator


def test_renamed_unit_shows_in_the_project_table(qtbot, window):
    page = open_project(window, 1)
    window.tree.setCurrentIndex(window.model.index(0, 0))
    department = window.department_page
    department.name.setFocus()
    department.name.selectAll()
    commit_text(department.name, "县委政法委")
    press(qtbot, department.name, Qt.Key.Key_Return)
    open_project(window, 1)
    assert page.model.index(0, 0).data() == "210001县委政法委"


def test_first_paint_does_without_sqlalchemy_and_writing_is_ready_right_after(tmp_path, seed_doc):
    """Issue 16: the window paints a document before SQLAlchemy is loaded (it is the largest part of a start-up),
    loads it as soon as it has painted, and the first edit then lands in the file."""
    import os
    import subprocess
    import sys
    import textwrap

    path = tmp_path / "d.perfdesk"
    DocumentFile.create(path, seed_doc).close()
    code = textwrap.dedent("""
        import sys
        from PySide6.QtCore import QEvent, QTimer
        from PySide6.QtWidgets import QApplication
        from perfdesk.ui import main_window
        from perfdesk.storage import DocumentFile, reads

        loaded = lambda: any(m.startswith("sqlalchemy") for m in sys.modules)
        seen = []
        original = main_window.MainWindow.event
        def event(self, e):
            if e.type() == QEvent.Type.Paint and not seen:
                seen.append(loaded())
            return original(self, e)
        main_window.MainWindow.event = event
        app = QApplication([])
        window = main_window.MainWindow(DocumentFile.open(sys.argv[1]))
        window.show()
        def edit():
            ready = loaded()  # before any edit: loaded once the window had painted
            session = window.session
            from perfdesk.ui.commands import EditDepartment
            department = session.read(reads.read_tree)[0]
            session.push(EditDepartment(session, department.id, {"preparer": "王五"}, "填报人"))
            print(seen, ready, flush=True)
            window.close()
            window.session.close()
            app.quit()
        QTimer.singleShot(300, edit)
        app.exec()
        print(DocumentFile.open(sys.argv[1], readonly=True).read().departments[0].preparer)
    """)
    out = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=120,
                         env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path),
                              "XDG_CONFIG_HOME": str(tmp_path)})
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == ["[False] True", "王五"], out.stderr
