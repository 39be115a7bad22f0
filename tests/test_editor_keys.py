"""Typing in the project table with real key events, as a clerk does; after each step the file is read back.

Regression tests for values lost while Tab/Shift+Tab/Enter chain editors (issue: 'Tab through adjacent cells
loses values'), plus a randomized run of typing / Tab / Enter / Shift+Tab / undo / redo over head and
indicator cells compared with an expected model after every step.
"""

import random
from decimal import Decimal

import pytest

from perfdesk.domain.layout import place as _place
from perfdesk.domain.fields import parse_goals
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from gui_helpers import on_disk, open_project

FIRST = 8  # grid row of the first indicator (HEBEI.first_indicator_row)
PLAN_ROW = 5


def place(department, project, **kw):
    from perfdesk.domain.forms import HEBEI

    return _place(department, project, layout=HEBEI, **kw)


def focused():
    return QApplication.focusWidget()


def key(qtbot, k, modifier=Qt.KeyboardModifier.NoModifier):
    qtbot.keyClick(focused(), k, modifier)
    QApplication.processEvents()


def type_text(qtbot, text: str):
    """ASCII typed key by key into whatever has the focus (the grid starts an editor on the first key)."""
    for ch in text:
        qtbot.keyClicks(focused(), ch)
        QApplication.processEvents()


def select(qtbot, page, row, col):
    page.view.setFocus()
    page.view.setCurrentIndex(page.model.index(row, col))
    QApplication.processEvents()


def settle(qtbot):
    qtbot.wait(20)  # deferred reloads run on the next turns of the event loop


def test_tab_through_plan_cells_keeps_every_value(qtbot, window):
    """Regression: '25 Tab 50 Tab 75 Tab 100 Enter' over 3月底…12月底 lost the 25."""
    page = open_project(window, 1)
    select(qtbot, page, PLAN_ROW, 1)
    for text in ("25", "50", "75"):
        type_text(qtbot, text)
        key(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "100")
    key(qtbot, Qt.Key.Key_Return)
    settle(qtbot)
    plan = on_disk(window).departments[0].projects[0].plan
    assert [str(p) for p in plan] == ["25.00", "50.00", "75.00", "100.00"]  # the form's shape
    assert [page.model.index(PLAN_ROW, c).data() for c in (1, 3, 5, 7)] == ["25.00%", "50.00%", "75.00%", "100.00%"]


def test_tab_through_head_and_indicator_cells_shows_what_is_on_disk(qtbot, window):
    page = open_project(window, 1)
    select(qtbot, page, 2, 2)  # 预算数, then Tab → 财政资金 → 其他资金
    for text in ("40", "30"):
        type_text(qtbot, text)
        key(qtbot, Qt.Key.Key_Tab)
        settle(qtbot)
        project = on_disk(window).departments[0].projects[0]
        # while the next editor is open the screen already shows the committed value
        assert page.model.index(2, 2).data() == str(project.budget)
    type_text(qtbot, "10")
    key(qtbot, Qt.Key.Key_Return)
    settle(qtbot)
    project = on_disk(window).departments[0].projects[0]
    assert (project.budget, project.fiscal, project.other) == (Decimal("40"), Decimal("30"), Decimal("10"))
    assert [page.model.index(2, c).data() for c in (2, 5, 7)] == ["40.00", "30.00", "10.00"]


# -- randomized: typing / Tab / Shift+Tab / Enter / Esc / undo / redo, file compared after every step ----------

_AMOUNT_KEYS = {"budget", "fiscal", "other", "plan0", "plan1", "plan2", "plan3"}


def _snapshot(project) -> dict:
    """Every cell the run may touch, as comparable values (amounts by number: the form may print 25 as 25.00)."""
    from perfdesk.domain.model import PROJECT_FIELDS, project_field

    values = {}
    for key in PROJECT_FIELDS:
        value = project_field(project, key)
        values[("head", key)] = None if value is None else (Decimal(value) if key in _AMOUNT_KEYS else value)
    for position, indicator in enumerate(project.indicators):
        for field in ("name", "description", "value", "basis", "level2"):
            values[(position, field)] = getattr(indicator, field)
    return values


def _typed_value(key, text: str):
    if key[0] == "head" and key[1] in _AMOUNT_KEYS:
        return Decimal(text)
    if key == ("head", "goals"):
        return parse_goals(text)  # a goal typed without a number is kept without one
    return text


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_random_key_sequences_never_lose_a_value(qtbot, window, seed):
    from PySide6.QtWidgets import QComboBox

    rng = random.Random(seed)
    page = open_project(window, 1)
    model, view = page.model, page.view
    expected = _snapshot(on_disk(window).departments[0].projects[0])
    history, undone = [], []  # expected states for undo / redo
    pending = None  # (key, text) typed into the open editor, not committed yet

    def target_key():
        cell = model.cell(view.currentIndex())
        if cell is None or cell.field in (None, "unit", "level1"):
            return None
        return ("head", cell.field) if cell.role == "field" else (cell.indicator, cell.field)

    def commit():
        nonlocal pending, expected
        if pending is not None:
            key_, text = pending
            value = _typed_value(key_, text)
            if expected[key_] != value:
                history.append(dict(expected))
                if key_[0] == "head" and key_[1] in _AMOUNT_KEYS:
                    # typed without decimals: a second undo step shapes it (25 → 25.00, same number)
                    history.append({**expected, key_: value})
                undone.clear()
                expected = {**expected, key_: value}
            pending = None

    editable = [(r, c) for r in range(1, FIRST + 3) for c in range(9)
                if model.index(r, c).flags() & Qt.ItemFlag.ItemIsEditable
                and view._anchor(model.index(r, c)) == model.index(r, c)]
    select(qtbot, page, *rng.choice(editable))
    for step in range(100):
        editing = view.state() == view.State.EditingState
        action = rng.choice(["type", "type", "type", "tab", "backtab", "enter", "escape", "undo", "redo", "jump"])
        key_ = target_key()
        if action == "type" and key_ is not None and key_[1] != "level2" and not isinstance(focused(), QComboBox):
            text = str(rng.randint(0, 150)) if key_[0] == "head" and key_[1] in _AMOUNT_KEYS \
                else "".join(rng.choice("abcxyz") for _ in range(rng.randint(1, 4)))
            if pending is not None and editing:
                QApplication.focusWidget().selectAll() if hasattr(focused(), "selectAll") else None
            type_text(qtbot, text)
            pending = (key_, text)
        elif action in ("tab", "backtab") and editing:
            commit()
            key(qtbot, Qt.Key.Key_Tab if action == "tab" else Qt.Key.Key_Backtab,
                Qt.KeyboardModifier.NoModifier if action == "tab" else Qt.KeyboardModifier.ShiftModifier)
        elif action == "enter" and editing:
            commit()
            key(qtbot, Qt.Key.Key_Return)
        elif action == "escape" and editing:
            pending = None
            key(qtbot, Qt.Key.Key_Escape)
        elif action in ("undo", "redo", "jump") and not editing:
            if action == "undo" and history:
                undone.append(expected)
                expected = history.pop()
                key(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
            elif action == "redo" and undone:
                history.append(expected)
                expected = undone.pop()
                key(qtbot, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
            elif action == "jump":
                select(qtbot, page, *rng.choice(editable))
        settle(qtbot)
        project = on_disk(window).departments[0].projects[0]
        assert _snapshot(project) == expected, f"seed {seed}, step {step}: {action}"
        # and the screen shows the file, the open editor's own cell aside
    
        placed = place(window.session.department(window.session.department_of(project.id)), project,
                       merge=("level1",))
        open_cell = (view.currentIndex().row(), view.currentIndex().column()) if view.state() == view.State.EditingState else None
        for cell in placed.cells:
            if (cell.row, cell.col) != open_cell:
                assert model.index(cell.row, cell.col).data() == cell.text, f"seed {seed}, step {step}: {cell}"


def test_paste_on_the_header_of_a_project_without_indicators_lands_whole(qtbot, window):
    """Regression: a 7-row block pasted on the header row (the only row a new project has) made 6 indicators."""
    from PySide6.QtGui import QGuiApplication

    window.new_project()
    QApplication.processEvents()
    page = window.project_page
    project_id = page.project_id
    header = page.model.layout.header_row
    rows = [f"产出指标\t数量指标\t指标{i}\t描述{i}\t≥{i}个\t依据{i}" for i in range(7)]
    QGuiApplication.clipboard().setText("\n".join(rows) + "\n")
    select(qtbot, page, header, 0)
    key(qtbot, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot)
    project = next(p for p in on_disk(window).departments[0].projects if p.name == "新项目")
    assert [i.name for i in project.indicators] == [f"指标{i}" for i in range(7)]
    assert [i.value for i in project.indicators] == [f"≥{i}个" for i in range(7)]
    assert page.project_id == project_id and page.model.index(header + 7, 2).data() == "指标6"
    key(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # one undo step: the form's empty rows again
    settle(qtbot)
    assert [i.name for i in next(p for p in on_disk(window).departments[0].projects
                                 if p.name == "新项目").indicators] == [""] * 6


def test_paste_with_its_header_row_on_the_header_keeps_the_header(qtbot, window):
    from PySide6.QtGui import QGuiApplication

    window.new_project()
    QApplication.processEvents()
    page = window.project_page
    QGuiApplication.clipboard().setText("一级指标\t二级指标\t三级指标\t绩效指标描述\t指标值\t指标值确定依据\n"
                                        "产出指标\t数量指标\t培训人次\t全年培训\t≥100人次\t计划\n")
    select(qtbot, page, page.model.layout.header_row, 0)
    key(qtbot, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot)
    project = next(p for p in on_disk(window).departments[0].projects if p.name == "新项目")
    assert [(i.level2, i.name, i.value) for i in project.indicators][0] == ("数量指标", "培训人次", "≥100人次")
    assert page.model.index(page.model.layout.header_row, 2).data() == "三级指标"


def test_paste_that_would_lose_a_value_is_refused_whole(qtbot, window):
    from PySide6.QtGui import QGuiApplication

    page = open_project(window, 1)
    before = on_disk(window).departments[0].projects[0]
    # three values from 预算数: the second would fall on the label 其中：财政资金
    QGuiApplication.clipboard().setText("99\t88\t77\n")
    select(qtbot, page, 2, 2)
    key(qtbot, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot)
    assert on_disk(window).departments[0].projects[0] == before
    assert "粘贴未执行" in page.message.text() and "「88」会落在「其中：财政资金」" in page.message.text()
    # the same block copied with its labels (as perfdesk's own copy gives it) lands whole
    QGuiApplication.clipboard().setText("99\t其中：财政资金\t77\n")
    key(qtbot, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot)
    project = on_disk(window).departments[0].projects[0]
    assert (str(project.budget), str(project.fiscal)) == ("99.00", "77.00")


def test_refused_input_stays_in_the_editor_until_fixed_or_given_up(qtbot, window):
    """Regression: '30万' in 预算数 showed a message but emptied the cell; the message pushed the table down."""
    from PySide6.QtWidgets import QLineEdit

    page = open_project(window, 1)
    before = on_disk(window).departments[0].projects[0].budget
    plan_before = on_disk(window).departments[0].projects[0].plan[0]
    table_top = page.view.mapTo(window, page.view.rect().topLeft())
    select(qtbot, page, 2, 2)
    type_text(qtbot, "30")
    from gui_helpers import commit_text

    commit_text(focused(), "万", preedit="")
    for refused_by in (Qt.Key.Key_Return, Qt.Key.Key_Tab):
        key(qtbot, refused_by)
        settle(qtbot)
        editor = focused()
        assert isinstance(editor, QLineEdit) and editor.text() == "30万", refused_by
        assert "预算数应为数字" in page.message.text() and page.message.isVisible()
        assert "ffe0e0" in editor.styleSheet()
        assert page.view.currentIndex().row() == 2 and page.view.currentIndex().column() == 2
        assert on_disk(window).departments[0].projects[0].budget == before
        assert page.view.mapTo(window, page.view.rect().topLeft()) == table_top  # the table did not move
    # a click on another cell does not take the text away either
    other = page.model.index(2, 5)
    qtbot.mouseClick(page.view.viewport(), Qt.MouseButton.LeftButton, pos=page.view.visualRect(other).center())
    settle(qtbot)
    assert page.view.currentIndex().column() == 2 and focused().text() == "30万"
    key(qtbot, Qt.Key.Key_Backspace)  # fixed: the message goes at once
    assert not page.message.isVisible() and focused().styleSheet() == ""
    key(qtbot, Qt.Key.Key_Return)
    settle(qtbot)
    assert on_disk(window).departments[0].projects[0].budget == Decimal("30")
    # Esc gives refused text up and takes the message with it
    select(qtbot, page, 5, 1)
    type_text(qtbot, "abc")
    key(qtbot, Qt.Key.Key_Tab)
    assert page.message.isVisible() and focused().text() == "abc"
    key(qtbot, Qt.Key.Key_Escape)
    settle(qtbot)
    assert not page.message.isVisible() and page.view.state() != page.view.State.EditingState
    assert on_disk(window).departments[0].projects[0].plan[0] == plan_before
    assert page.model.index(5, 1).data() == ("" if plan_before is None else f"{plan_before}%")


def test_typed_values_take_the_official_shape_and_one_undo_gives_back_what_was_typed(qtbot, window):
    page = open_project(window, 1)
    original = on_disk(window).departments[0].projects[0]
    select(qtbot, page, 2, 2)  # 预算数
    type_text(qtbot, "50")
    key(qtbot, Qt.Key.Key_Return)
    settle(qtbot)
    assert str(on_disk(window).departments[0].projects[0].budget) == "50.00"
    assert page.model.index(2, 2).data() == "50.00"
    select(qtbot, page, PLAN_ROW, 3)  # 6月底
    type_text(qtbot, "40")
    key(qtbot, Qt.Key.Key_Return)
    select(qtbot, page, FIRST, 6)  # 指标值
    type_text(qtbot, ">=60")
    key(qtbot, Qt.Key.Key_Return)
    settle(qtbot)
    project = on_disk(window).departments[0].projects[0]
    assert page.model.index(PLAN_ROW, 3).data() == "40.00%" and str(project.plan[1]) == "40.00"
    assert project.indicators[0].value == "≥60" and page.model.index(FIRST, 6).data() == "≥60"
    undo = lambda: (key(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier), settle(qtbot))  # noqa: E731
    page.view.setFocus()
    undo()
    assert on_disk(window).departments[0].projects[0].indicators[0].value == ">=60"  # exactly what was typed
    undo()
    assert on_disk(window).departments[0].projects[0].indicators[0].value == original.indicators[0].value
    undo()
    assert str(on_disk(window).departments[0].projects[0].plan[1]) == "40"
    undo()
    undo()
    assert str(on_disk(window).departments[0].projects[0].budget) == "50"
    undo()
    assert on_disk(window).departments[0].projects[0].budget == original.budget
    # typing the value that is already there, in another spelling, changes nothing and adds no step
    stack = window.session.undo_stack
    steps = (stack.index(), stack.count())
    select(qtbot, page, 2, 5)  # 财政资金 is 30.00
    type_text(qtbot, "30")
    key(qtbot, Qt.Key.Key_Return)
    assert (stack.index(), stack.count()) == steps  # nothing pushed: the redo steps are still there
    assert str(on_disk(window).departments[0].projects[0].fiscal) == str(original.fiscal)


def test_a_new_project_starts_with_the_rows_the_form_requires(qtbot, window):
    """Regression: a new project had no rows, and 审核 showed seven structure errors instead of what to fill."""
    window.new_project()
    QApplication.processEvents()
    project = next(p for p in on_disk(window).departments[0].projects if p.name == "新项目")
    assert [(i.level1, i.level2) for i in project.indicators] == [
        ("产出指标", "数量指标"), ("产出指标", "质量指标"), ("产出指标", "时效指标"), ("产出指标", "成本指标"),
        ("效益指标", "社会效益指标"), ("满意度指标", "服务对象满意度指标")]
    page = window.project_page
    assert page.model.index(FIRST + 5, 1).data() == "服务对象满意度指标"
    window.check_runner.run(sync=True)
    rules = {f.rule for f in window.check_runner.for_project(project.id)}
    assert {"R-INDICATOR-EMPTY", "R-CODE-EMPTY", "R-BUDGET-EMPTY", "R-GOAL-EMPTY"} <= rules
    assert not rules & {"R-OUTPUT-LEVEL2-MISSING", "R-BENEFIT-MISSING", "R-SATISFACTION-MISSING"}


def test_copied_cells_reach_spreadsheets_as_text_and_paste_back_exactly(qtbot, window):
    """Regression: =HYPERLINK(…)-like text went to the clipboard as plain TSV, which a spreadsheet may read as a formula."""
    from PySide6.QtGui import QGuiApplication

    page = open_project(window, 1)
    formula = '=HYPERLINK("http://例子","点我")'
    tricky = "第一行\t有制表符\n第二行"
    window.session.push(__import__("perfdesk.ui.commands", fromlist=["x"]).EditIndicators(
        window.session, page.model.project.id,
        {page.model.project.indicators[0].id: {"basis": formula, "description": tricky}}, "准备"))
    settle(qtbot)
    page.view.selectionModel().setCurrentIndex(page.model.index(FIRST, 4), page.view.selectionModel().SelectionFlag.ClearAndSelect)
    for col in (6, 7):  # 描述, 指标值, 依据: a contiguous block
        page.view.selectionModel().select(page.model.index(FIRST, col), page.view.selectionModel().SelectionFlag.Select)
    page.view.setFocus()
    key(qtbot, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    data = QGuiApplication.clipboard().mimeData()
    html = data.html()
    assert "mso-number-format" in html and "=HYPERLINK(&quot;http://例子&quot;,&quot;点我&quot;)" in html
    assert formula.replace('"', '""') in data.text()  # tab-separated text for plain editors
    page.view.selectionModel().setCurrentIndex(page.model.index(FIRST + 1, 4), page.view.selectionModel().SelectionFlag.ClearAndSelect)
    key(qtbot, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot)
    second = on_disk(window).departments[0].projects[0].indicators[1]
    assert second.description == "第一行 有制表符\n第二行" and second.basis == formula  # a tab is not a cell's
    assert second.value == on_disk(window).departments[0].projects[0].indicators[0].value


def test_alt_down_on_an_open_level2_list_opens_the_list_and_moves_nothing(qtbot, window):
    """Regression: Alt+↓ in the open 二级 list moved the indicator and desynchronised tree and grid."""
    from PySide6.QtWidgets import QComboBox

    page = open_project(window, 1)
    before = [i.name for i in on_disk(window).departments[0].projects[0].indicators]
    select(qtbot, page, FIRST, 1)
    key(qtbot, Qt.Key.Key_F2)
    combo = focused()
    assert isinstance(combo, QComboBox)
    key(qtbot, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert combo.view().isVisible()  # the list is open
    assert [i.name for i in on_disk(window).departments[0].projects[0].indicators] == before
    combo.hidePopup()


def _three_quantity_rows(window, page):
    """Project 1 with three 三级 under 数量指标 (the seed has one under each 二级)."""
    from perfdesk.domain.model import Indicator
    from perfdesk.ui import commands

    project = page.model.project
    extra = [Indicator("产出指标", "数量指标", f"数量{n}", "描述", f"≥{n}个", "依据") for n in (2, 3)]
    window.session.push(commands.InsertIndicators(window.session, project.id, 1, extra))
    QApplication.processEvents()


def test_level2_is_merged_on_screen_as_on_paper_and_a_group_changes_in_one_step(qtbot, window, monkeypatch):
    """Regression: the screen repeated 数量指标 on every row while the PDF and the workbook merged it."""
    from PySide6.QtWidgets import QComboBox, QMessageBox


    page = open_project(window, 1)
    _three_quantity_rows(window, page)
    assert page.view.rowSpan(FIRST, 1) == 3 and page.model.index(FIRST, 1).data() == "数量指标"
    project = on_disk(window).departments[0].projects[0]
    printed = {(c.row, c.col): c.rowspan for c in place(window.session.department(window.session.department_of(project.id)),
                                                         project).cells if c.rowspan > 1}
    on_screen = {(r, c): page.view.rowSpan(r, c) for (r, c) in printed}
    assert on_screen == printed  # the same merges the PDF and the workbook draw
    asked = []

    def choose(label):
        def exec_(box):
            asked.append(box.text())
            next(b for b in box.buttons() if b.text().startswith(label)).click()
        return exec_

    monkeypatch.setattr(QMessageBox, "exec", choose("整组"))
    select(qtbot, page, FIRST, 1)
    key(qtbot, Qt.Key.Key_F2)
    combo = focused()
    assert isinstance(combo, QComboBox)
    combo.setCurrentIndex(combo.findText("质量指标"))
    key(qtbot, Qt.Key.Key_Return)
    settle(qtbot)
    levels = [i.level2 for i in on_disk(window).departments[0].projects[0].indicators[:4]]
    assert levels == ["质量指标"] * 4 and asked and "数量指标" in asked[0]
    key(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # one step for the group
    settle(qtbot)
    assert [i.level2 for i in on_disk(window).departments[0].projects[0].indicators[:4]] == ["数量指标"] * 3 + ["质量指标"]

    # one row of the group: the clerk clicks the merged cell beside the second row
    monkeypatch.setattr(QMessageBox, "exec", choose("仅本行"))
    from PySide6.QtCore import QPoint

    merged = page.view.visualRect(page.model.index(FIRST, 1))
    second_row = page.view.visualRect(page.model.index(FIRST + 1, 2))
    qtbot.mouseClick(page.view.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(merged.center().x(), second_row.center().y()))
    key(qtbot, Qt.Key.Key_F2)
    combo = focused()
    combo.setCurrentIndex(combo.findText("时效指标"))
    key(qtbot, Qt.Key.Key_Return)
    settle(qtbot)
    rows = [(i.level2, i.name) for i in on_disk(window).departments[0].projects[0].indicators[:3]]
    assert rows == [("数量指标", project.indicators[0].name), ("时效指标", "数量2"), ("数量指标", "数量3")]


def test_blank_lines_and_tabs_typed_in_a_cell_are_kept_out_so_the_text_export_reads_back(qtbot, window, tmp_path):
    """Regression: Alt+Enter twice (a blank line) or a tab in a cell made perfdesk's own text unreadable."""
    from gui_helpers import commit_text

    from perfdesk.exchange.text_reader import read_text
    from perfdesk.exchange.text_writer import document_text

    page = open_project(window, 1)
    select(qtbot, page, FIRST, 7)
    key(qtbot, Qt.Key.Key_F2)
    editor = focused()
    editor.selectAll()
    commit_text(editor, "第一行", preedit="")
    key(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.AltModifier)
    key(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.AltModifier)
    commit_text(editor, "第二行\t有制表符", preedit="")
    key(qtbot, Qt.Key.Key_Return)
    settle(qtbot)
    document = on_disk(window)
    assert document.departments[0].projects[0].indicators[0].basis == "第一行\n第二行 有制表符"
    assert read_text(document_text(document)).departments[0].projects[0].indicators[0].basis == "第一行\n第二行 有制表符"


def test_part1_paragraph_that_reads_as_structure_is_refused_at_entry(qtbot, window):
    from gui_helpers import commit_text

    window.tree.setCurrentIndex(window.model.index(0, 0))
    page = window.department_page
    before = on_disk(window).departments[0].overall_goal
    page.overall.setFocus()
    page.overall.selectAll()
    commit_text(page.overall, "第一段。\n第二部分", preedit="")
    page.overall.flush()
    assert on_disk(window).departments[0].overall_goal == before
    assert "第二部分" in window.statusBar().currentMessage() and "未修改" in window.statusBar().currentMessage()
    assert page.overall.toPlainText() == "第一段。\n第二部分"  # kept where it was typed


def test_enter_after_other_funds_goes_to_fund_use(qtbot, window):
    page = open_project(window, 1)
    select(qtbot, page, 2, 7)  # 其他资金
    type_text(qtbot, "5")
    key(qtbot, Qt.Key.Key_Return)
    settle(qtbot)
    assert (page.view.currentIndex().row(), page.view.currentIndex().column()) == (3, 1)  # 资金用途
    assert page.model.cell(page.view.currentIndex()).field == "fund_use"


def test_garbage_under_perfdesks_clipboard_type_falls_back_to_the_text(qtbot, window):
    """Another program's bytes under our clipboard type never crash a paste: the plain text is used."""
    from PySide6.QtCore import QMimeData
    from PySide6.QtGui import QGuiApplication

    from perfdesk.widgets.clipboard import CELLS_MIME, read_cells

    for garbage in (b"\xff\xfe not json", b'{"a": 1}', b"[[1, 2], 3]"):
        data = QMimeData()
        data.setData(CELLS_MIME, garbage)
        data.setText("甲\t乙\n")
        assert read_cells(data) == [["甲", "乙"]], garbage
    page = open_project(window, 1)
    data = QMimeData()
    data.setData(CELLS_MIME, b"\x00\x01broken")
    data.setText("新名称\n")
    QGuiApplication.clipboard().setMimeData(data)
    select(qtbot, page, FIRST, 2)
    key(qtbot, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot)
    assert on_disk(window).departments[0].projects[0].indicators[0].name == "新名称"


def test_unit_code_with_letters_is_refused_at_entry_and_changes_nothing(qtbot, window):
    from gui_helpers import commit_text

    window.tree.setCurrentIndex(window.model.index(0, 0))
    page = window.department_page
    page.code.setFocus()
    page.code.selectAll()
    commit_text(page.code, "21000A", preedit="")
    key(qtbot, Qt.Key.Key_Return)
    assert on_disk(window).departments[0].code == "210001"
    assert "21000A" in window.statusBar().currentMessage() and "未修改" in window.statusBar().currentMessage()
    assert window.session.undo_stack.count() == 0
