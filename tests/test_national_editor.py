"""The national 申报表 on screen: typed into with real key events, saved at once, one undo step each."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from gui_helpers import (answer_when_open, focus_cell, make_window, on_disk, open_project, placed_cell, press, window_on,
                         type_into)
from national_fixture import national_document
from perfdesk.storage import DocumentFile
from perfdesk.ui import commands


@pytest.fixture
def national_window(qtbot, tmp_path):
    yield from window_on(qtbot, tmp_path, national_document(), "全国.perfdesk")


@pytest.fixture
def info_window(qtbot, tmp_path, seed_doc):
    """The seed in the 河北预算项目绩效信息表, whose 指标值 prints as 符号 | 值 | 计量单位."""
    seed_doc.form = "hebei-info"
    path = tmp_path / "信息表.perfdesk"
    DocumentFile.create(path, seed_doc).close()
    win = make_window(qtbot, tmp_path, DocumentFile.open(path))
    yield win
    win.session.close()


_cell, _type = placed_cell, type_into


def test_the_page_shows_the_national_form(national_window):
    page = open_project(national_window, 1)
    assert page.model.columnCount() == 10
    assert page.title.text() == "1.高标准农田灌溉渠系改造　项目支出绩效目标申报表"
    mid = _cell(page, role="indicator", phase="mid", field="level2", text="数量指标")
    year = _cell(page, role="indicator", phase="year", field="level2", text="数量指标")
    assert page.view.rowSpan(mid.row, mid.col) == page.view.rowSpan(year.row, year.col) == 3
    assert page.model.index(mid.row, 5).data() == "≥30公里" and page.model.index(year.row, 9).data() == "≥10公里"


def test_typing_into_the_shorter_half_adds_an_indicator_to_that_half_and_group(qtbot, national_window):
    page = open_project(national_window, 1)
    gap = _cell(page, role="indicator", phase="year", field="name", indicator=None, group=("产出指标", "数量指标"))
    _type(qtbot, page, gap, "渠道清淤长度")
    project = on_disk(national_window).departments[0].projects[0]
    year = [(i.level2, i.name) for i in project.indicators if i.phase == "year"]
    assert year[:3] == [("数量指标", "渠道改造长度"), ("数量指标", "新建泵站数量"), ("数量指标", "渠道清淤长度")]
    assert page.model.index(gap.row, gap.col).data() == "渠道清淤长度"  # in the place it was typed
    national_window.session.undo_stack.undo()
    assert "渠道清淤长度" not in [i.name for i in on_disk(national_window).departments[0].projects[0].indicators]


def test_head_fields_take_their_kind(qtbot, national_window):
    page = open_project(national_window, 1)
    attribute = _cell(page, role="field", field="attribute")
    error = page.model.paste_block(page.model.index(attribute.row, attribute.col), [["长期"]])  # not a 项目属性
    assert "新增、延续" in error and on_disk(national_window).departments[0].projects[0].attribute == "延续"
    focus_cell(qtbot, page, attribute.row, attribute.col)
    press(qtbot, page.view, Qt.Key.Key_F2)
    choices = QApplication.focusWidget()  # the list of the form's 项目属性
    assert [choices.itemText(i) for i in range(choices.count())] == ["", "新增", "延续", "经常性", "一次性"]
    choices.setCurrentIndex(choices.findText("新增"))
    press(qtbot, choices, Qt.Key.Key_Return)
    assert on_disk(national_window).departments[0].projects[0].attribute == "新增"
    mid_total = _cell(page, role="field", field="mid_total")
    _type(qtbot, page, mid_total, "400")
    assert str(on_disk(national_window).departments[0].projects[0].mid_total) == "400.00"  # the form's shape
    national_window.session.undo_stack.undo()  # the shape is its own step: what was typed comes back
    assert str(on_disk(national_window).departments[0].projects[0].mid_total) == "400"


def test_switching_the_form_relays_the_page_and_is_one_undo_step(qtbot, national_window):
    page = open_project(national_window, 1)
    session = national_window.session
    session.push(commands.ChangeFormSettings(session, ("hebei", "classic", "hebei"), "更改表式和审核规则"))
    assert page.model.columnCount() == 9 and page.title.text() == "1.高标准农田灌溉渠系改造绩效目标表"
    qtbot.waitUntil(lambda: national_window.check_panel.summary.text().startswith("审核规则：河北"), timeout=5000)
    assert on_disk(national_window).form == "hebei"
    session.undo_stack.undo()
    assert page.model.columnCount() == 10 and on_disk(national_window).form == "national"
    assert on_disk(national_window).departments == national_document().departments  # nothing lost either way


def test_copy_mid_to_year_adds_what_the_year_set_lacks_in_one_step(qtbot, national_window):
    page = open_project(national_window, 1)
    before = on_disk(national_window).departments[0].projects[0]
    assert page.copy_mid_to_year() is None
    after = on_disk(national_window).departments[0].projects[0]
    added = [i.name for i in after.indicators[len(before.indicators):]]
    assert added == ["配套建筑物", "工程完工时间", "亩均增产"]
    assert {i.phase for i in after.indicators[len(before.indicators):]} == {"year"}
    national_window.session.undo_stack.undo()
    assert on_disk(national_window).departments[0].projects[0] == before


def test_typing_one_part_of_a_value_the_form_prints_in_three_columns(qtbot, info_window):
    """河北预算项目绩效信息表: 符号 | 值 | 计量单位 are one 指标值; typing into one part keeps the others."""
    window = info_window
    page = open_project(window, 1)
    operator = _cell(page, role="indicator", indicator=1, part="operator")
    number = _cell(page, role="indicator", indicator=1, part="number")
    assert (operator.text, number.text) == ("≥", "95")
    _type(qtbot, page, number, "97.5")
    assert on_disk(window).departments[0].projects[0].indicators[1].value == "≥97.5%"
    _type(qtbot, page, operator, ">")
    value = on_disk(window).departments[0].projects[0].indicators[1].value
    assert value == "＞97.5%"  # the official spelling of the operator, the rest as typed
    assert page.model.index(operator.row, operator.col).data() == "＞"
    window.session.undo_stack.undo()  # the shape first, then what was typed
    assert on_disk(window).departments[0].projects[0].indicators[1].value == ">97.5%"


def test_a_value_part_reads_as_the_whole_value(qtbot, info_window):
    """Regression: a 符号 cell holding ≥ alone was coloured and described as 定性 text."""
    from perfdesk.ui.project_model import _QUALITATIVE_FG

    page = open_project(info_window, 1)
    operator = _cell(page, role="indicator", indicator=1, part="operator")
    index = page.model.index(operator.row, operator.col)
    assert index.data(Qt.ItemDataRole.ForegroundRole) is not _QUALITATIVE_FG
    assert "定量" in index.data(Qt.ItemDataRole.ToolTipRole)
    focus_cell(qtbot, page, operator.row, operator.col)
    assert "定量" in page.hint.text() and "95" in page.hint.text()


def test_a_block_pasted_into_one_half_lands_in_that_half(qtbot, national_window):
    """Two rows of 三级 | 指标值 from Excel pasted at the 年度 half's 三级 column: the 年度 set only."""
    page = open_project(national_window, 1)
    first = _cell(page, role="indicator", phase="year", field="name", indicator=7)  # 年度 渠道改造长度
    before = on_disk(national_window).departments[0].projects[0]
    error = page.model.paste_block(page.model.index(first.row, first.col), [["渠道改造总长度", "≥11公里"],
                                                                            ["泵站新建数量", "≥3座"]])
    assert error is None
    after = on_disk(national_window).departments[0].projects[0]
    year = [(i.name, i.value) for i in after.indicators if i.phase == "year"][:2]
    assert year == [("渠道改造总长度", "≥11公里"), ("泵站新建数量", "≥3座")]
    assert [i for i in after.indicators if i.phase == "mid"] == [i for i in before.indicators if i.phase == "mid"]
    national_window.session.undo_stack.undo()
    assert on_disk(national_window).departments[0].projects[0] == before


def test_a_row_pasted_into_the_shorter_half_joins_its_group(qtbot, national_window):
    page = open_project(national_window, 1)
    gap = _cell(page, role="indicator", phase="year", field="name", indicator=None, group=("产出指标", "数量指标"))
    assert page.model.paste_block(page.model.index(gap.row, gap.col), [["配套建筑物", "≥40座"]]) is None
    added = [i for i in on_disk(national_window).departments[0].projects[0].indicators if i.name == "配套建筑物"]
    assert [(i.phase, i.level1, i.level2, i.value) for i in added] == [
        ("mid", "产出指标", "数量指标", "≥120座"), ("year", "产出指标", "数量指标", "≥40座")]
    assert page.model.index(gap.row, gap.col).data() == "配套建筑物"  # where it was pasted


def test_adding_and_deleting_rows_works_in_the_half_of_the_cursor(qtbot, national_window):
    page = open_project(national_window, 1)
    leak = _cell(page, role="indicator", phase="year", field="name", indicator=10)  # 年度 渠道渗漏率
    focus_cell(qtbot, page, leak.row, leak.col)
    page.add_indicator()
    project = on_disk(national_window).departments[0].projects[0]
    new = project.indicators[11]
    assert (new.phase, new.level2, new.name) == ("year", "质量指标", "")
    assert len([i for i in project.indicators if i.phase == "mid"]) == 7  # the 中期 half untouched
    mid = _cell(page, role="indicator", phase="mid", field="name", indicator=1)  # 中期 新建泵站数量
    focus_cell(qtbot, page, mid.row, mid.col)
    page.delete_indicators()
    names = [(i.phase, i.name) for i in on_disk(national_window).departments[0].projects[0].indicators]
    assert ("mid", "新建泵站数量") not in names and ("year", "新建泵站数量") in names


def test_importing_a_workbook_of_another_form_says_so(qtbot, window, tmp_path, monkeypatch):
    """A national workbook imported into a Hebei document: all of it kept, and the clerk told the 中期 part is
    there but not shown by this form."""
    from PySide6.QtWidgets import QFileDialog

    from perfdesk.exchange.xlsx_writer import write_workbook

    path = tmp_path / "全国.xlsx"
    write_workbook(national_document(), path)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    answer_when_open(window, "import_preview", lambda dialog: dialog.accept())
    window.import_excel()
    assert "工作簿是「全国申报表（中期+年度）」，本文档的表式是「河北公开文本」" in window.statusBar().currentMessage()
    imported = on_disk(window).departments[-1].projects[0]
    assert imported.mid_goals and any(i.phase == "mid" for i in imported.indicators)
