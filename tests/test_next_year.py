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
