"""新建下一年度: next year's document from this year's, with 上年值 beside each indicator."""

from __future__ import annotations

import copy

from openpyxl import load_workbook

from conftest import run_cli
from gui_helpers import on_disk, open_project
from perfdesk.domain.next_year import next_year
from perfdesk.storage import DocumentFile


def test_next_year_carries_values_and_clears_what_must_be_new(seed_doc):
    seed_doc.departments[0].year = 2025
    seed_doc.departments[0].projects[0].indicators[0].actual = "57万人"
    before = copy.deepcopy(seed_doc)
    new = next_year(seed_doc)
    assert seed_doc == before  # this year's document is not touched
    d = new.departments[0]
    assert d.year == 2026 and d.id is None
    project, old = d.projects[0], before.departments[0].projects[0]
    assert project.plan == [None] * 4 and project.budget == old.budget and project.goals == old.goals
    first = project.indicators[0]
    assert (first.value, first.previous_value, first.previous_actual, first.actual) == \
        (old.indicators[0].value, old.indicators[0].value, "57万人", "")
    assert all(i.previous_value == o.value for i, o in zip(project.indicators, old.indicators))


def test_cli_next_year(tmp_path, doc):
    out = tmp_path / "2026.perfdesk"
    result = run_cli("next-year", doc, "-o", out)
    assert result.returncode == 0 and "上年值" in result.stdout
    with DocumentFile.open(out) as new, DocumentFile.open(doc) as old:
        a, b = new.read(), old.read()
    assert [i.previous_value for p in a.projects() for i in p.indicators] == [i.value for p in b.projects() for i in p.indicators]
    again = run_cli("next-year", doc, "-o", out)
    assert again.returncode == 1 and "已存在" in again.stderr


def test_the_window_makes_next_year_and_shows_last_years_value_read_only(qtbot, window, tmp_path, monkeypatch):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QFileDialog

    from perfdesk.exchange.xlsx_writer import write_workbook

    target = tmp_path / "下一年度"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    old_value = on_disk(window).departments[0].projects[0].indicators[0].value
    window.new_next_year()
    assert window.session.file.path.name == "下一年度.perfdesk"
    page = open_project(window, 1)
    model = page.model
    assert model.columnCount() == model.layout.ncols + 1
    header = model.index(model.layout.header_row, model.layout.ncols)
    assert header.data() == "上年值"
    cell = model.indicator_index(0, "previous_value")
    assert cell.data() == old_value and not (model.flags(cell) & Qt.ItemFlag.ItemIsEditable)
    # printed by no form: the workbook's table has the form's columns only
    path = tmp_path / "n.xlsx"
    write_workbook(on_disk(window), path)
    ws = load_workbook(path).worksheets[1]
    assert ws.max_column == model.layout.ncols and "上年值" not in {c.value for row in ws.iter_rows() for c in row}


def _renamed_earlier_year(seed_doc):
    """Last year's document: one project under another code and with the year in its name."""
    earlier = copy.deepcopy(seed_doc)
    project = earlier.departments[0].projects[1]
    project.code, project.name = "130322216OLDCODE", "2024年政法干警人身意外伤害保险"
    project.indicators[0].value, project.indicators[0].actual = "≥1900人", "1950人"
    return earlier


def test_pairs_by_code_then_by_name_and_indicators_by_name(seed_doc):
    from perfdesk.domain.matching import pair_projects, previous_values

    earlier = _renamed_earlier_year(seed_doc)
    current, then = seed_doc.departments[0].projects, earlier.departments[0].projects
    pairs = pair_projects(current, then)
    assert [(p.current, p.earlier, p.certain) for p in pairs if not p.certain] == [(1, 1, False)]
    assert all(p.certain for p in pairs if p.current != 1)
    values = previous_values(current[1], then[1])
    assert values[0] == {"previous_value": "≥1900人", "previous_actual": "1950人"}


def test_cli_attach_previous_applies_code_pairs_and_asks_for_name_pairs(tmp_path, seed_doc, doc):
    earlier = tmp_path / "2024.perfdesk"
    DocumentFile.create(earlier, _renamed_earlier_year(seed_doc)).close()
    result = run_cli("attach-previous", doc, earlier)
    assert result.returncode == 0 and "待确认：「政法干警人身意外伤害保险」←「2024年政法干警人身意外伤害保险」" in result.stdout
    with DocumentFile.open(doc) as d:
        second = d.read().departments[0].projects[1]
    assert second.indicators[0].previous_value == ""  # not confirmed: not applied
    assert run_cli("attach-previous", doc, earlier, "--accept-similar").returncode == 0
    with DocumentFile.open(doc) as d:
        second = d.read().departments[0].projects[1]
    assert (second.indicators[0].previous_value, second.indicators[0].previous_actual) == ("≥1900人", "1950人")


def test_the_window_asks_to_confirm_name_pairs_and_applies_in_one_step(qtbot, window, tmp_path, seed_doc,
                                                                        monkeypatch):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QFileDialog

    from perfdesk.ui.previous_dialog import PreviousYearDialog

    earlier = tmp_path / "2024.xlsx"
    from perfdesk.exchange.xlsx_writer import write_workbook

    write_workbook(_renamed_earlier_year(seed_doc), earlier)  # a workbook of last year's
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(earlier), ""))
    seen = []

    def confirm(dialog):
        seen.extend(dialog.table.item(r, 0).checkState() for r in range(dialog.table.rowCount()))
        dialog.table.item(1, 0).setCheckState(Qt.CheckState.Checked)  # the clerk confirms the renamed project
        return 1

    monkeypatch.setattr(PreviousYearDialog, "exec", confirm)
    window.attach_previous_year()
    assert seen[1] == Qt.CheckState.Unchecked and seen[0] == Qt.CheckState.Checked
    second = on_disk(window).departments[0].projects[1]
    assert second.indicators[0].previous_value == "≥1900人"
    page = open_project(window, 2)
    assert page.model.indicator_index(0, "previous_value").data() == "≥1900人"
    window.session.undo_stack.undo()  # one step takes all of it back
    assert all(i.previous_value == "" for p in on_disk(window).projects() for i in p.indicators)


def test_a_bad_earlier_document_changes_nothing(tmp_path, doc, qtbot, window, monkeypatch):
    """A file that is not a readable earlier year: a Chinese error, this document untouched (CLI and window)."""
    from PySide6.QtWidgets import QFileDialog

    bad = tmp_path / "2024.xlsx"
    bad.write_text("不是工作簿", encoding="utf-8")
    before = doc.read_bytes()
    result = run_cli("attach-previous", doc, bad)
    assert result.returncode == 1 and "不是 Excel 工作簿" in result.stderr and "Traceback" not in result.stderr
    assert doc.read_bytes() == before
    errors = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(bad), ""))
    monkeypatch.setattr(window, "_error", errors.append)
    disk = on_disk(window)
    window.attach_previous_year()
    assert errors and "无法读取上年文档，本文档未作任何改动" in errors[0]
    assert on_disk(window) == disk and not window.session.undo_stack.canUndo()
