"""Windows/WPS habits of the main window: read-only opening, the status line, Ctrl+S, the 编辑 menu."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from gui_helpers import make_window, open_project
from perfdesk.storage import DocumentFile

FIRST = 8


def digest(path):
    import hashlib

    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def test_open_read_only_from_the_file_menu_refuses_edits_with_a_status_line(qtbot, tmp_path, doc, seed_doc):
    other = tmp_path / "另一个.perfdesk"
    DocumentFile.create(other, seed_doc).close()
    window = make_window(qtbot, tmp_path, DocumentFile.open(other))
    before = digest(doc)
    qtbot.waitUntil(lambda: not window.check_runner.busy, timeout=10000)
    from unittest import mock

    with mock.patch.object(QFileDialog, "getOpenFileName", return_value=(str(doc), "")):
        window.open_dialog(readonly=True)
    assert "（只读）" in window.windowTitle() and window.status.mode.text().startswith("只读")
    page = open_project(window, 1)
    page.view.setFocus()
    page.view.setCurrentIndex(page.model.index(FIRST, 6))
    qtbot.keyClicks(page.view, "9")
    QApplication.processEvents()
    assert page.view.state() != page.view.State.EditingState
    assert "只读" in window.statusBar().currentMessage() and "另存为" in window.statusBar().currentMessage()
    page.add_indicator()
    qtbot.keyClick(page.view, Qt.Key.Key_Delete)
    assert window.session.undo_stack.count() == 0 and digest(doc) == before
    # 另存为 gives an editable copy
    copy = tmp_path / "副本.perfdesk"
    with mock.patch.object(QFileDialog, "getSaveFileName", return_value=(str(copy), "")):
        window.save_as()
    assert "（只读）" not in window.windowTitle()
    assert page.model.index(FIRST, 6).flags() & Qt.ItemFlag.ItemIsEditable
    window.session.close()


def test_a_document_in_use_offers_a_read_only_open(qtbot, tmp_path, doc, seed_doc, monkeypatch):
    holder = DocumentFile.open(doc)  # another perfdesk has it
    other = tmp_path / "另一个.perfdesk"
    DocumentFile.create(other, seed_doc).close()
    window = make_window(qtbot, tmp_path, DocumentFile.open(other))
    offered = []

    def click_read_only(box):
        offered.append(box.text())
        next(b for b in box.buttons() if b.text() == "以只读方式打开").click()

    monkeypatch.setattr(QMessageBox, "exec", click_read_only)
    window.open_path(str(doc))
    assert offered and "正被另一个 perfdesk" in offered[0]
    assert window.session.file.path == doc and window.session.readonly
    window.session.close()
    holder.close()


def test_status_line_shows_path_saves_and_counts_and_ctrl_s_confirms(qtbot, tmp_path, doc):
    window = make_window(qtbot, tmp_path, DocumentFile.open(doc))
    assert window.status.path.text() == str(doc)
    qtbot.waitUntil(lambda: "错误" in window.status.counts.text(), timeout=10000)
    page = open_project(window, 1)
    page.view.setFocus()
    page.view.setCurrentIndex(page.model.index(FIRST, 6))
    qtbot.keyClicks(page.view, "7")
    qtbot.keyClicks(QApplication.focusWidget(), "0")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    QApplication.processEvents()  # the delegate commits on the next turn of the event loop
    assert window.status.saved.text().startswith("已自动保存 ")
    qtbot.keyClick(page.view, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert "所有修改都已保存" in window.statusBar().currentMessage()
    window.session.close()


def test_edit_menu_and_grid_menu_offer_cut_copy_paste_clear(qtbot, tmp_path, doc):
    window = make_window(qtbot, tmp_path, DocumentFile.open(doc))
    edit_menu = next(a.menu() for a in window.menuBar().actions() if a.text().startswith("编辑"))
    texts = [a.text() for a in edit_menu.actions()]
    for wanted in ("剪切(&T)", "复制(&C)", "粘贴(&P)", "清除内容"):
        assert wanted in texts
    page = open_project(window, 1)
    page.view.setFocus()
    page.view.selectionModel().setCurrentIndex(page.model.index(FIRST, 2),
                                               page.view.selectionModel().SelectionFlag.ClearAndSelect)
    original = page.model.index(FIRST, 2).data()
    cut = next(a for a in edit_menu.actions() if a.text() == "剪切(&T)")
    cut.trigger()
    QApplication.processEvents()
    assert QGuiApplication.clipboard().text().strip() == original
    with DocumentFile.open(doc, readonly=True) as f:
        assert f.read().departments[0].projects[0].indicators[0].name == ""
    # explicit: Qt reads the keyboard modifiers an earlier test's Ctrl+S left behind as "Ctrl held"
    page.view.selectionModel().setCurrentIndex(page.model.index(FIRST + 1, 2),
                                               page.view.selectionModel().SelectionFlag.ClearAndSelect)
    next(a for a in edit_menu.actions() if a.text() == "粘贴(&P)").trigger()
    QApplication.processEvents()
    with DocumentFile.open(doc, readonly=True) as f:
        assert f.read().departments[0].projects[0].indicators[1].name == original
    assert window.toolbar.actions() and "导出Excel" in [a.text() for a in window.toolbar.actions()]
    window.session.close()


def _make_unwritable(path: Path) -> bool:
    """Make the file truly unwritable: chmod for a user; for root (who writes anything) the immutable flag."""
    if os.geteuid() != 0:
        os.chmod(path, 0o444)
        return True
    done = subprocess.run(["chattr", "+i", str(path)], capture_output=True)
    return done.returncode == 0


def _make_writable(path: Path) -> None:
    if os.geteuid() == 0:
        subprocess.run(["chattr", "-i", str(path)], capture_output=True)
    os.chmod(path, 0o644)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_a_document_that_cannot_be_written_opens_read_only(qtbot, tmp_path, seed_doc):
    """Regression: a read-only document opened as if writable and the first edit showed an English error."""
    path = tmp_path / "只读.perfdesk"
    DocumentFile.create(path, seed_doc).close()
    if not _make_unwritable(path):
        pytest.skip("cannot make a file unwritable here (no chattr for root)")
    try:
        document = DocumentFile.open(path)
        assert document.readonly and document.readonly_reason == "文件是只读的"
        from perfdesk.storage import DocumentError

        with pytest.raises(DocumentError, match="只读"):
            document.replace_document(seed_doc)
        window = make_window(qtbot, tmp_path, document)
        assert "（只读）" in window.windowTitle() and "文件是只读的" in window.status.mode.text()
        assert "另存为" in window.statusBar().currentMessage()
        window.session.close()
    finally:
        _make_writable(path)


def test_search_enter_and_f3_go_to_matching_cells_and_clearing_restores_the_view(qtbot, tmp_path, doc):
    from gui_helpers import commit_text

    window = make_window(qtbot, tmp_path, DocumentFile.open(doc))
    page = open_project(window, 3)
    page.view.selectionModel().setCurrentIndex(page.model.index(FIRST + 2, 6),
                                               page.view.selectionModel().SelectionFlag.ClearAndSelect)
    from perfdesk.ui.tree_model import ID_ROLE, KIND_ROLE

    def tree_place():
        current = window.tree.currentIndex()
        return current.data(KIND_ROLE), current.data(ID_ROLE)

    before = tree_place()
    expanded = set(window._expanded())
    window.search.setFocus()
    commit_text(window.search, "满意度", preedit="")
    window._search_timer.timeout.emit()  # the debounce, without waiting
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    visited = []
    for _ in range(12):
        current = page.view.currentIndex()
        visited.append((page.project_id, current.data()))
        qtbot.keyClick(window, Qt.Key.Key_F3)
    assert all("满意度" in text for _, text in visited), visited
    assert len({pid for pid, _ in visited}) >= 2  # F3 went on to another project
    assert "共" in window.statusBar().currentMessage() or "第" in window.statusBar().currentMessage()
    window.search.clear()
    window._search_timer.timeout.emit()
    assert tree_place() == before and set(window._expanded()) == expanded
    assert (page.view.currentIndex().row(), page.view.currentIndex().column()) == (FIRST + 2, 6)
    # ↓ in the search box works like Enter
    commit_text(window.search, "光纤", preedit="")
    window._search_timer.timeout.emit()
    window.search.setFocus()
    qtbot.keyClick(window.search, Qt.Key.Key_Down)
    assert "光纤" in (page.view.currentIndex().data() or "") and page.model.project.name == "政法网光纤租赁费"
    window.session.close()
