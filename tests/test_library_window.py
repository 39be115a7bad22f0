"""The 指标库 window (issue 14 §5): search, insert the selected entries under their 二级 as one undo step, a whole
class as a template, and 纳入指标库 from the grid."""

from __future__ import annotations

import pytest

from gui_helpers import focus_cell, on_disk, open_project, placed_cell, window_on
from perfdesk.domain.model import Indicator
from perfdesk.domain.taxonomy import taxonomy
from perfdesk.library.placing import insertions
from perfdesk.storage.library_file import LibraryFile
from test_library_suggest import _document


def test_new_indicators_go_under_their_level2_then_their_level1_then_in_taxonomy_order():
    tax = taxonomy("classic")
    existing = [Indicator("产出指标", "数量指标", "a"), Indicator("产出指标", "数量指标", "b"),
                Indicator("产出指标", "时效指标", "c"), Indicator("满意度指标", "服务对象满意度指标", "d")]
    new = [Indicator("产出指标", "数量指标", "n1"), Indicator("产出指标", "质量指标", "n2"),
           Indicator("效益指标", "社会效益指标", "n3"), Indicator("满意度指标", "服务对象满意度指标", "n4")]
    # by hand: n1 after b (2); n2 after the last 产出 (c, 3); n3 before the first later 一级 (满意度 d, 3); n4 at the end
    assert [(p, [i.name for i in block]) for p, block in insertions(existing, new, tax)] == \
        [(4, ["n4"]), (3, ["n2", "n3"]), (2, ["n1"])]


@pytest.fixture
def window(qtbot, tmp_path):
    yield from window_on(qtbot, tmp_path, _document(), "培训.perfdesk")


def _leaf(dialog, name: str):
    return next(item for item in dialog._leaves() if item.text(0) == name)


def test_three_entries_inserted_land_under_their_level2_as_one_undo_step(qtbot, window):
    open_project(window, 1)
    window.open_library_dialog()
    dialog = window.library_dialog
    dialog.search.setText("训")  # in each of the three names
    for name in ("培训人次", "培训考核合格率", "参训人员满意度"):
        _leaf(dialog, name).setSelected(True)
    assert {e.name for e in dialog.selected()} == {"培训人次", "培训考核合格率", "参训人员满意度"}
    dialog.insert_button.click()
    project = on_disk(window).departments[0].projects[0]
    # by hand: 培训人次 after the 数量 row, 培训考核合格率 after the last 产出 row (the same place, in order), the
    # 满意度 entry after the document's own 满意度 row
    assert [(i.level2, i.name) for i in project.indicators] == [
        ("数量指标", ""), ("数量指标", "培训人次"), ("质量指标", "培训考核合格率"),
        ("服务对象满意度指标", "参训人员满意度"), ("服务对象满意度指标", "参训人员满意度")]
    assert project.indicators[1].description and project.indicators[2].value == "≥90%"
    window.session.undo_stack.undo()
    assert len(on_disk(window).departments[0].projects[0].indicators) == 2


def test_a_whole_class_is_inserted_as_a_template(qtbot, window):
    open_project(window, 1)
    window.open_library_dialog()
    dialog = window.library_dialog
    dialog.grouping.setCurrentIndex(dialog.grouping.findData("class"))
    group = next(dialog.tree.topLevelItem(k) for k in range(dialog.tree.topLevelItemCount())
                 if dialog.tree.topLevelItem(k).text(0) == "会议培训类")
    dialog.tree.setCurrentItem(group)
    assert dialog.template_button.isEnabled()
    dialog.template_button.click()
    names = [i.name for i in on_disk(window).departments[0].projects[0].indicators]
    assert len(names) == 2 + 9 and {"培训人次", "参训率", "人均培训成本", "参训人员满意度"} <= set(names)
    assert window.session.undo_stack.count() == 1


def test_take_an_indicator_into_the_library_from_the_grid(qtbot, window):
    window.set_learning(False)  # taken on purpose, whether or not learning is on
    page = open_project(window, 1)
    cell = placed_cell(page, role="indicator", field="name", indicator=1)
    focus_cell(qtbot, page, cell.row, cell.col)
    action = next(a for a in window.menus["indicator"].actions() if a.text() == "纳入指标库")
    action.trigger()
    with LibraryFile.open(window.library().path) as library:
        assert [e.name for e in library.entries()] == ["参训人员满意度"]
    assert "已纳入指标库" in window.statusBar().currentMessage()


def test_the_open_window_shows_what_the_library_learns(qtbot, window):
    window.open_library_dialog()
    dialog = window.library_dialog
    dialog.search.setText("参训人员满意度")
    # the document's own indicator learned once the window is idle: the open 指标库 window shows it as 我的指标
    qtbot.waitUntil(lambda: any(item.text(2) == "我的指标" for item in dialog._leaves()), timeout=5000)


def test_the_library_read_in_the_background_finds_the_window_closed_and_says_nothing(qtbot, tmp_path, monkeypatch):
    """The 指标库 is read in a worker thread; a window closed (and deleted) before it was done made the worker die
    with a RuntimeError ("Signal source has been deleted") — found as a stray thread exception in the suite."""
    import threading

    from PySide6.QtCore import QCoreApplication, QEvent

    from gui_helpers import make_window
    from perfdesk.storage import DocumentFile
    from perfdesk.storage import library_file

    raised, release = [], threading.Event()
    monkeypatch.setattr(threading, "excepthook", lambda args: raised.append(args.exc_value))
    read_entries = library_file.read_entries

    def slow(path):
        release.wait(10)  # until the window is gone
        return read_entries(path)

    monkeypatch.setattr(library_file, "read_entries", slow)
    DocumentFile.create(tmp_path / "d.perfdesk", _document()).close()
    window = make_window(qtbot, tmp_path, DocumentFile.open(tmp_path / "d.perfdesk"))
    window.library()  # opens the 指标库 and starts the worker, which now waits
    [worker] = [t for t in threading.enumerate() if t.name == "perfdesk-library"]
    window.session.close()
    window.close()
    bridge = window._prepared_bridge
    bridge.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    release.set()
    worker.join(10)
    assert not worker.is_alive() and raised == []
