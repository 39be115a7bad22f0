"""Writing domain objects, through SQLAlchemy Core (the reads are storage/reads.py, re-exported here). Each
function runs inside the caller's transaction."""

from __future__ import annotations

from decimal import Decimal
from typing import Iterable

from sqlalchemy import bindparam, delete, func, insert, select, update
from sqlalchemy.engine import Connection

from ..domain.amounts import check_amount, format_amount
from ..domain.model import (
    MID,
    ROUND_INDICATOR_FIELDS,
    ROUND_PROJECT_FIELDS,
    YEAR,
    Department,
    Document,
    Indicator,
    IndicatorRound,
    Project,
    goals_numbered,
    set_indicator_field_value,
    set_project_field,
    split_round_key,
)
from . import schema as s
from .reads import (  # noqa: F401 - the reads are re-exported: a caller that writes finds both here
    AMOUNT_FIELDS,
    DEPARTMENT_FIELDS,
    INDICATOR_AMOUNTS,
    PLAN_COLUMNS,
    PROJECT_TEXT_FIELDS,
    ROUND_AMOUNTS,
    STORED_INDICATOR_FIELDS,
    DepartmentEntry,
    IndicatorEntry,
    ProjectEntry,
    SearchHits,
    StoredValueError,
    form_settings,
    ids_in_order,
    indicator_round_from,
    indicators_to_learn,
    is_whole,
    latest_round_month,
    project_indicators,
    project_place,
    read_department,
    read_document,
    read_indicator_entries,
    read_project,
    read_tree,
    search,
    self_evaluation_rows,
    taxonomy_key,
)


def _amount_text(value: Decimal | None) -> str | None:
    # The API path too admits only sane amounts (an Infinity would be stored as text no reader takes).
    return None if value is None else format_amount(check_amount(value))


# -- rows -------------------------------------------------------------------------------------

def _department_row(d: Department) -> dict:
    return {f: getattr(d, f) for f in DEPARTMENT_FIELDS}


def _project_row(p: Project) -> dict:
    row = {f: getattr(p, f) for f in PROJECT_TEXT_FIELDS}
    row.update({f: _amount_text(getattr(p, f)) for f in AMOUNT_FIELDS})
    row.update({col: _amount_text(v) for col, v in zip(PLAN_COLUMNS, p.plan)})
    row.update(goals_unnumbered=not goals_numbered(p.goals), mid_goals_unnumbered=not goals_numbered(p.mid_goals))
    return row


def _indicator_row(ind: Indicator) -> dict:
    row = {f: getattr(ind, f) for f in STORED_INDICATOR_FIELDS}
    for name in INDICATOR_AMOUNTS:
        row[name] = _amount_text(getattr(ind, name))
    return row


def _indicator_round_row(indicator_id: int, month: int, r: IndicatorRound) -> dict:
    return {"indicator_id": indicator_id, "month": month, **{f: getattr(r, f) for f in ROUND_INDICATOR_FIELDS}}


def _indicator_round_rows(ind: Indicator) -> list[dict]:
    return [_indicator_round_row(ind.id, month, r) for month, r in sorted(ind.rounds.items())]


def _project_round_rows(project: Project) -> list[dict]:
    return [{"project_id": project.id, "month": month,
             **{f: _amount_text(getattr(r, f)) if f in ROUND_AMOUNTS else getattr(r, f) for f in ROUND_PROJECT_FIELDS}}
            for month, r in sorted(project.rounds.items())]


def _goal_rows(project: Project) -> list[dict]:
    """Both sets of goals as rows of project_goal: 年度 first, then 中期, each numbered from 0."""
    return [{"project_id": project.id, "position": pos, "text": text, "phase": phase}
            for phase, goals in ((YEAR, project.goals), (MID, project.mid_goals)) for pos, text in enumerate(goals)]


# -- whole documents --------------------------------------------------------------------------

def _bulk_insert(conn: Connection, table, rows: list[dict]) -> None:
    """executemany at the driver level: SQLAlchemy's per-row parameter processing costs ~10 µs a row,
    more than SQLite's own insert, and a 120,000-indicator document has that many rows."""
    if not rows:
        return
    columns = list(rows[0])
    sql = f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    conn.exec_driver_sql(sql, [tuple(row[c] for c in columns) for row in rows])


def write_document(conn: Connection, document: Document) -> None:
    """Insert a whole document (appending its departments); the database makes every id, and they are written
    back onto the objects. Departments are inserted one by one (a few); what is under them in bulk, its ids then
    read back by place — (parent, position) — in one query per table."""
    conn.execute(update(s.document).values(taxonomy=document.taxonomy, form=document.form, rule_set=document.rule_set))
    last = conn.execute(select(func.max(s.department.c.position))).scalar()
    start = 0 if last is None else last + 1
    for dpos, d in enumerate(document.departments, start):
        d.id = conn.execute(insert(s.department).values(position=dpos, **_department_row(d))).inserted_primary_key[0]
    departments = [d.id for d in document.departments]
    if not departments:
        return
    _bulk_insert(conn, s.goal_item, [
        {"department_id": d.id, "position": pos, "title": item.title, "goal": item.goal, "indicator": item.indicator,
         "secret": item.secret} for d in document.departments for pos, item in enumerate(d.items)])
    _bulk_insert(conn, s.measure, [{"department_id": d.id, "position": pos, "text": text}
                                   for d in document.departments for pos, text in enumerate(d.measures)])
    _bulk_insert(conn, s.project, [{"department_id": d.id, "position": pos, **_project_row(p)}
                                   for d in document.departments for pos, p in enumerate(d.projects)])
    items = _ids_by_place(conn, s.goal_item, s.goal_item.c.department_id, departments)
    projects = _ids_by_place(conn, s.project, s.project.c.department_id, departments)
    for d in document.departments:
        for pos, item in enumerate(d.items):
            item.id = items[d.id, pos]
        for pos, p in enumerate(d.projects):
            p.id = projects[d.id, pos]
        if d.whole is not None:  # (after the projects' ids are read back by place: it has a position of its own)
            d.whole.id = _insert_whole_row(conn, d.id, d.whole)
    every_project = [p for d in document.departments for p in d.projects] + \
        [d.whole for d in document.departments if d.whole is not None]
    _bulk_insert(conn, s.project_goal, [row for p in every_project for row in _goal_rows(p)])
    _bulk_insert(conn, s.indicator, [{"project_id": p.id, "position": pos, **_indicator_row(ind)}
                                     for p in every_project for pos, ind in enumerate(p.indicators)])
    if any(p.indicators for p in every_project):
        under = select(s.project.c.id).where(s.project.c.department_id.in_(departments))
        indicators = _ids_by_place(conn, s.indicator, s.indicator.c.project_id, under)
        for p in every_project:
            for pos, ind in enumerate(p.indicators):
                ind.id = indicators[p.id, pos]
    _bulk_insert(conn, s.indicator_round, [row for p in every_project for ind in p.indicators
                                           for row in _indicator_round_rows(ind)])
    _bulk_insert(conn, s.project_round, [row for p in every_project for row in _project_round_rows(p)])


def _insert_whole_row(conn: Connection, department_id: int, whole: Project) -> int:
    return conn.execute(insert(s.project).values(**_with_id(whole.id), department_id=department_id, position=0,
                                                 whole=True, **_project_row(whole))).inserted_primary_key[0]


def insert_whole(conn: Connection, department_id: int, whole: Project) -> int:
    """A department's 部门整体 table with its goals and indicators (it has none before)."""
    whole.id = _insert_whole_row(conn, department_id, whole)
    update_project(conn, whole)
    insert_indicators(conn, whole.id, 0, whole.indicators)
    return whole.id


def _ids_by_place(conn: Connection, table, parent_col, parents) -> dict[tuple[int, int], int]:
    """(parent id, position) → id of ``table``'s rows under ``parents`` (ids, or a query of them)."""
    query = select(table.c.id, parent_col, table.c.position).where(parent_col.in_(parents))
    return {(parent, position): row_id for row_id, parent, position in conn.execute(query)}


def clear_document(conn: Connection) -> None:
    conn.execute(delete(s.department))  # children go by ON DELETE CASCADE


def set_form_settings(conn: Connection, form: str, taxonomy: str, rule_set: str) -> None:
    conn.execute(update(s.document).values(form=form, taxonomy=taxonomy, rule_set=rule_set))


def set_taxonomy(conn: Connection, key: str) -> None:
    conn.execute(update(s.document).values(taxonomy=key))


# -- edits ------------------------------------------------------------------------------------

def _with_id(row_id: int | None) -> dict:
    """Keep a known id: undoing a delete (or redoing an insert) must bring a row back under the id that
    later steps of the undo history refer to. Linear history guarantees the id is free again."""
    return {} if row_id is None else {"id": row_id}


def _shift(conn: Connection, table, parent_col, parent_id: int, start: int, by: int) -> None:
    conn.execute(update(table).where(parent_col == parent_id, table.c.position >= start)
                 .values(position=table.c.position + by))


def _renumber(conn: Connection, table, ordered_ids: Iterable[int]) -> None:
    rows = [{"row_id": row_id, "pos": pos} for pos, row_id in enumerate(ordered_ids)]
    if rows:
        conn.execute(update(table).where(table.c.id == bindparam("row_id")).values(position=bindparam("pos")), rows)


def update_department(conn: Connection, department: Department) -> None:
    """Write a department's own fields and its whole Part 1 (items and measures replaced)."""
    conn.execute(update(s.department).where(s.department.c.id == department.id).values(**_department_row(department)))
    conn.execute(delete(s.goal_item).where(s.goal_item.c.department_id == department.id))
    conn.execute(delete(s.measure).where(s.measure.c.department_id == department.id))
    for pos, item in enumerate(department.items):
        item.id = conn.execute(insert(s.goal_item).values(
            **_with_id(item.id), department_id=department.id, position=pos, title=item.title, goal=item.goal,
            indicator=item.indicator, secret=item.secret)).inserted_primary_key[0]
    if department.measures:
        conn.execute(insert(s.measure), [{"department_id": department.id, "position": pos, "text": text}
                                         for pos, text in enumerate(department.measures)])


def insert_department(conn: Connection, department: Department, index: int) -> int:
    """Insert a department with its Part 1 and projects at position ``index``."""
    conn.execute(update(s.department).where(s.department.c.position >= index)
                 .values(position=s.department.c.position + 1))
    department.id = conn.execute(insert(s.department).values(**_with_id(department.id), position=index,
                                                             **_department_row(department))).inserted_primary_key[0]
    update_department(conn, department)
    for pos, project in enumerate(department.projects):
        insert_project(conn, department.id, project, pos)
    if department.whole is not None:
        insert_whole(conn, department.id, department.whole)
    return department.id


def delete_department(conn: Connection, department_id: int) -> None:
    conn.execute(delete(s.department).where(s.department.c.id == department_id))


def update_project(conn: Connection, project: Project) -> None:
    """Write a project's own fields and goals (indicators are edited one by one)."""
    conn.execute(update(s.project).where(s.project.c.id == project.id).values(**_project_row(project)))
    conn.execute(delete(s.project_goal).where(s.project_goal.c.project_id == project.id))
    rows = _goal_rows(project)
    if rows:
        conn.execute(insert(s.project_goal), rows)
    conn.execute(delete(s.project_round).where(s.project_round.c.project_id == project.id))
    if project.rounds:
        conn.execute(insert(s.project_round), _project_round_rows(project))


def insert_project(conn: Connection, department_id: int, project: Project, index: int) -> int:
    _shift(conn, s.project, s.project.c.department_id, department_id, index, 1)
    project.id = conn.execute(insert(s.project).values(**_with_id(project.id), department_id=department_id,
                                                       position=index, **_project_row(project))).inserted_primary_key[0]
    update_project(conn, project)
    insert_indicators(conn, project.id, 0, project.indicators)
    return project.id


def delete_project(conn: Connection, project_id: int) -> None:
    conn.execute(delete(s.project).where(s.project.c.id == project_id))


def move_project(conn: Connection, project_id: int, department_id: int, index: int) -> None:
    """Move a project to position ``index`` among ``department_id``'s projects (possibly another department)."""
    row = conn.execute(select(s.project.c.department_id).where(s.project.c.id == project_id)).one()
    order = [i for i in ids_in_order(conn, "project", "department_id", department_id) if i != project_id]
    order.insert(index, project_id)
    if row.department_id != department_id:
        conn.execute(update(s.project).where(s.project.c.id == project_id).values(department_id=department_id))
        rest = ids_in_order(conn, "project", "department_id", row.department_id)
        _renumber(conn, s.project, rest)
    _renumber(conn, s.project, order)


def insert_indicators(conn: Connection, project_id: int, index: int, indicators: list[Indicator]) -> list[int]:
    if not indicators:
        return []
    _shift(conn, s.indicator, s.indicator.c.project_id, project_id, index, len(indicators))
    ids = []
    for offset, ind in enumerate(indicators):
        ind.id = conn.execute(insert(s.indicator).values(**_with_id(ind.id), project_id=project_id,
                                                         position=index + offset, **_indicator_row(ind))
                              ).inserted_primary_key[0]
        ids.append(ind.id)
        if ind.rounds:  # an indicator brought back by undo keeps its 监控 values
            conn.execute(insert(s.indicator_round), _indicator_round_rows(ind))
    return ids


def set_indicator_round(conn: Connection, indicator_id: int, month: int, values: IndicatorRound | None) -> None:
    """An indicator's values in the 执行监控 of month M (None: the round removed)."""
    conn.execute(delete(s.indicator_round).where(s.indicator_round.c.indicator_id == indicator_id,
                                                 s.indicator_round.c.month == month))
    if values is not None:
        conn.execute(insert(s.indicator_round).values(**_indicator_round_row(indicator_id, month, values)))


def _update_indicator_rounds(conn: Connection, indicator_id: int, fields: dict) -> None:
    """Round values (m7_done…) of one indicator set: each round touched read, changed and written back whole."""
    probe = Indicator(id=indicator_id)
    months = {split_round_key(key)[0] for key in fields}
    rows = select(s.indicator_round).where(s.indicator_round.c.indicator_id == indicator_id,
                                           s.indicator_round.c.month.in_(months))
    for row in conn.execute(rows):
        probe.rounds[row.month] = IndicatorRound(**{f: getattr(row, f) for f in ROUND_INDICATOR_FIELDS})
    for key, value in fields.items():
        set_indicator_field_value(probe, key, value)
    for month in months:
        set_indicator_round(conn, indicator_id, month, probe.rounds.get(month))


def update_indicator(conn: Connection, indicator_id: int, **fields) -> None:
    """Some fields of one indicator set: its own columns, or its values in a 监控 round (m7_done)."""
    rounds = {key: fields.pop(key) for key in list(fields) if split_round_key(key)}
    if rounds:
        _update_indicator_rounds(conn, indicator_id, rounds)
    if not fields:
        return
    unknown = set(fields) - set(STORED_INDICATOR_FIELDS)
    if unknown:
        raise KeyError(unknown)
    for name in INDICATOR_AMOUNTS:
        if name in fields:
            fields[name] = _amount_text(fields[name])
    conn.execute(update(s.indicator).where(s.indicator.c.id == indicator_id).values(**fields))


def delete_indicators(conn: Connection, indicator_ids: list[int]) -> None:
    project_ids = set(conn.execute(select(s.indicator.c.project_id).where(s.indicator.c.id.in_(indicator_ids))).scalars())
    conn.execute(delete(s.indicator).where(s.indicator.c.id.in_(indicator_ids)))
    for project_id in project_ids:
        _renumber(conn, s.indicator, ids_in_order(conn, "indicator", "project_id", project_id))


def move_indicators(conn: Connection, project_id: int, indicator_ids: list[int], index: int) -> None:
    """Move the given indicators, keeping their order, so that the first lands at ``index`` of what remains."""
    moving = set(indicator_ids)
    order = [i for i in ids_in_order(conn, "indicator", "project_id", project_id) if i not in moving]
    order[index:index] = indicator_ids
    _renumber(conn, s.indicator, order)


def set_indicator_order(conn: Connection, project_id: int, ordered_ids: list[int]) -> None:
    _renumber(conn, s.indicator, ordered_ids)


def set_project_order(conn: Connection, department_id: int, ordered_ids: list[int]) -> None:
    _renumber(conn, s.project, ordered_ids)


def set_department_order(conn: Connection, ordered_ids: list[int]) -> None:
    _renumber(conn, s.department, ordered_ids)


def move_department(conn: Connection, department_id: int, index: int) -> None:
    order = [i for i in conn.execute(select(s.department.c.id).order_by(s.department.c.position)).scalars()
             if i != department_id]
    order.insert(index, department_id)
    _renumber(conn, s.department, order)


def apply_field_changes(conn: Connection, projects: dict[int, dict], indicators: dict[int, dict[int, dict]]) -> None:
    """Project fields and indicator fields (project id → indicator id → fields) set to new values (a filled
    report brought back): the caller's one transaction holds all of it."""
    for project_id, values in projects.items():
        project = read_project(conn, project_id, False)
        for key, value in values.items():
            set_project_field(project, key, value)
        update_project(conn, project)
    for changes in indicators.values():
        for indicator_id, values in changes.items():
            update_indicator(conn, indicator_id, **values)
