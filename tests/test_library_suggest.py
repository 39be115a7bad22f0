"""指标库 suggestions under a 三级 cell (issue 14 §4): typed with real keys through the input method, a prefix and
pinyin initials find the entry, Enter fills the row's empty cells as one undo step, and what the clerk wrote
is never replaced."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from gui_helpers import commit_text, focus_cell, on_disk, open_project, placed_cell, press, window_on
from perfdesk.domain.model import Department, Document, Indicator, Project
from perfdesk.library.builtin import builtin_entries
from perfdesk.library.suggest import filled_from, suggestions
from perfdesk.widgets.suggestions import SuggestionList


def _entry(name: str):
    return next(e for e in builtin_entries() if e.name == name)


def test_a_prefix_and_pinyin_initials_find_the_entry_and_strong_matches_are_marked():
    assert [(s[1].name, s[2]) for s in suggestions("pxrc")][:1] == [("培训人次", True)]
    assert suggestions("培训")[0][1].name.startswith("培训") and suggestions("培训")[0][2]
    assert not any(strong for _, _, strong in suggestions("人次"))  # inside a name: listed, not proposed
    assert suggestions("zzzzzz") == []


def test_taking_an_entry_fills_only_the_rows_empty_cells():
    entry = _entry("培训人次")
    empty = Indicator("产出指标", "数量指标")
    assert filled_from(entry, empty) == {"name": "培训人次", "description": entry.explanation, "basis": entry.standard}
    written = Indicator("产出指标", "数量指标", "x", "我写的描述", "≥100人次", "我写的依据")
    assert filled_from(entry, written) == {"name": "培训人次"}


def _document() -> Document:
    project = Project(code="130322001", name="干部培训经费", goals=["完成年度培训任务"], indicators=[
        Indicator("产出指标", "数量指标"),  # a row still to fill
        Indicator("满意度指标", "服务对象满意度指标", "参训人员满意度", "满意人数占比", "≥90%", "问卷调查")])
    return Document(departments=[Department(code="101001", name="某县委组织部", projects=[project])])


@pytest.fixture
def window(qtbot, tmp_path):
    yield from window_on(qtbot, tmp_path, _document(), "培训.perfdesk")


def _list_of(page) -> SuggestionList:
    return next(w for w in page.view.viewport().findChildren(SuggestionList) if w.isVisible())


def _type_name(qtbot, page, text: str):
    name = placed_cell(page, role="indicator", field="name", indicator=0)
    focus_cell(qtbot, page, name.row, name.col)
    press(qtbot, page.view, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    commit_text(editor, text)
    return editor


def test_pinyin_initials_then_enter_fill_the_row_as_one_undo_step(qtbot, window):
    page = open_project(window, 1)
    editor = _type_name(qtbot, page, "pxrc")
    shown = _list_of(page)
    assert shown.item(0).text().startswith("培训人次") and shown.currentRow() == 0
    assert QApplication.focusWidget() is editor  # the list never takes the keyboard
    press(qtbot, editor, Qt.Key.Key_Return)
    kept = on_disk(window).departments[0].projects[0].indicators[0]
    entry = _entry("培训人次")
    assert (kept.name, kept.description, kept.value, kept.basis) == ("培训人次", entry.explanation, "", entry.standard)
    stack = window.session.undo_stack
    assert stack.count() == 1 and stack.text(0) == "采用指标库「培训人次」"
    press(qtbot, page.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert on_disk(window).departments[0].projects[0].indicators[0] == Indicator("产出指标", "数量指标")


def test_up_past_the_first_keeps_what_was_typed(qtbot, window):
    page = open_project(window, 1)
    editor = _type_name(qtbot, page, "培训")
    assert _list_of(page).currentRow() == 0
    press(qtbot, editor, Qt.Key.Key_Up)  # nothing highlighted: Enter commits the typed text
    assert _list_of(page).currentRow() == -1
    press(qtbot, editor, Qt.Key.Key_Return)
    kept = on_disk(window).departments[0].projects[0].indicators[0]
    assert (kept.name, kept.description, kept.basis) == ("培训", "", "")


def test_a_match_inside_a_name_is_listed_and_taken_with_down(qtbot, window):
    page = open_project(window, 1)
    editor = _type_name(qtbot, page, "人次")
    shown = _list_of(page)
    assert shown.currentRow() == -1 and shown.count() >= 1
    first = shown.item(0).data(Qt.ItemDataRole.UserRole)
    press(qtbot, editor, Qt.Key.Key_Down)
    press(qtbot, editor, Qt.Key.Key_Return)
    assert on_disk(window).departments[0].projects[0].indicators[0].name == first.name


def test_the_value_cell_offers_the_values_this_indicator_had_before(qtbot, tmp_path):
    """Issue 14 §4: on 指标值, the values used before — its 上年值, the one the clerk's documents used last, the
    library's typical one — listed as the cell opens; ↓ Enter takes one, as one undo step."""
    from gui_helpers import make_window

    project = Project(code="130322001", name="干部培训经费", goals=["完成年度培训任务"], indicators=[
        Indicator("产出指标", "质量指标", "培训考核合格率", "合格人数占比", "", "行业标准", previous_value="≥92%")])
    path = tmp_path / "值.perfdesk"
    from perfdesk.storage import DocumentFile

    DocumentFile.create(path, Document(departments=[Department(code="1", name="单位", projects=[project])])).close()
    window = make_window(qtbot, tmp_path, DocumentFile.open(path))
    try:
        page = open_project(window, 1)
        value = placed_cell(page, role="indicator", field="value", indicator=0)
        focus_cell(qtbot, page, value.row, value.col)
        press(qtbot, page.view, Qt.Key.Key_F2)
        editor = QApplication.focusWidget()
        qtbot.waitUntil(lambda: any(w.isVisible() for w in page.view.viewport().findChildren(SuggestionList)))
        shown = _list_of(page)
        assert [shown.item(k).text() for k in range(shown.count())] == ["≥92%　〔上年值〕", "≥90%　〔指标库参考值〕"]
        assert shown.currentRow() == -1  # nothing proposed on an empty cell: Enter would keep it empty
        press(qtbot, editor, Qt.Key.Key_Down)
        press(qtbot, editor, Qt.Key.Key_Return)
        assert on_disk(window).departments[0].projects[0].indicators[0].value == "≥92%"
        window.session.undo_stack.undo()
        assert on_disk(window).departments[0].projects[0].indicators[0].value == ""
    finally:
        window.session.close()
