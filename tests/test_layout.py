"""The FormLayout: a consistent grid, and the indicator block merged by 一级 and 二级."""

from functools import partial

from national_fixture import every_form_key
from perfdesk.domain.forms import HEBEI, form
from perfdesk.domain.layout import place as place_in
from perfdesk.domain.model import Department, Indicator, Project


place = partial(place_in, layout=HEBEI)


def _grid(table):
    owner = {}
    for cell in table.cells:
        for r in range(cell.row, cell.row + cell.rowspan):
            for c in range(cell.col, cell.col + cell.colspan):
                assert (r, c) not in owner, f"cells overlap at {(r, c)}"
                owner[(r, c)] = cell
    return owner


def test_every_grid_position_is_covered_exactly_once(seed_doc):
    department = seed_doc.departments[0]
    for project in department.projects:
        table = place(department, project)
        owner = _grid(table)
        assert set(owner) == {(r, c) for r in range(table.rows) for c in range(HEBEI.ncols)}


def test_every_field_of_every_form_is_described():
    for layout in map(form, every_form_key()):
        assert all(layout.field(c.field) for c in layout.field_cells()), layout.key


def test_level1_and_level2_merge_over_runs():
    project = Project(name="p", indicators=[
        Indicator("产出指标", "数量指标", "a"), Indicator("产出指标", "数量指标", "b"),
        Indicator("产出指标", "质量指标", "c"), Indicator("效益指标", "社会效益指标", "d"),
    ])
    table = place(Department(), project)
    first = HEBEI.first_indicator_row
    level1 = [(c.row - first, c.rowspan, c.text) for c in table.cells if c.field == "level1" and c.role == "indicator"]
    level2 = [(c.row - first, c.rowspan, c.text) for c in table.cells if c.field == "level2" and c.role == "indicator"]
    assert level1 == [(0, 3, "产出指标"), (3, 1, "效益指标")]
    assert level2 == [(0, 2, "数量指标"), (2, 1, "质量指标"), (3, 1, "社会效益指标")]
    # A dump lists the merged cell as an empty cell on the rows it covers.
    assert [c.text for c in table.row_cells(first + 1)][:3] == ["", "", "b"]


def test_level2_does_not_merge_across_level1():
    project = Project(indicators=[Indicator("产出指标", "x", "a"), Indicator("效益指标", "x", "b")])
    table = place(Department(), project)
    assert [c.rowspan for c in table.cells if c.field == "level2" and c.role == "indicator"] == [1, 1]


def test_secret_project_public_cells(seed_doc):
    department = seed_doc.departments[0]
    secret = next(p for p in department.projects if p.secret)
    cells = place(department, secret, public=True).cells
    texts = {c.text for c in cells if c.role == "indicator" and c.field in ("name", "description", "value", "basis")}
    assert texts == {"涉密"}
    level2 = [c.text for c in cells if c.role == "indicator" and c.field == "level2"]
    assert level2[:2] == ["数量指标", "质量指标"]
