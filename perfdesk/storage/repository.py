"""Reading and writing domain objects. Each function runs inside the caller's transaction."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Iterable, Iterator

from sqlalchemy import bindparam, delete, false, func, insert, select, update
from sqlalchemy.engine import Connection

from ..domain.amounts import check_amount, format_amount
from ..domain.model import (
    INDICATOR_FIELDS,
    MID,
    PLAN_MILESTONES,
    ROUND_INDICATOR_FIELDS,
    ROUND_PROJECT_FIELDS,
    YEAR,
    Department,
    Document,
    GoalItem,
    Goals,
    Indicator,
    IndicatorRound,
    Project,
    ProjectRound,
    goals_numbered,
    set_indicator_field_value,
    set_project_field,
    split_round_key,
)
from . import schema as s

_DEPARTMENT_FIELDS = ("code", "name", "year", "overall_goal", "overall_secret", "items_secret", "measures_secret",
                      "preparer", "phone", "supervisor_code", "supervisor_name", "functions")
_PROJECT_TEXT_FIELDS = ("code", "name", "fund_use", "secret", "executor", "attribute", "period", "goals_actual",
                        "shortfall", "improvement")
_AMOUNT_FIELDS = ("budget", "fiscal", "other", "mid_total", "mid_fiscal", "mid_other", "adjusted_budget", "executed",
                  "funds_total", "funds_personnel", "funds_operation", "funds_other_operation", "funds_specific")
_STORED_INDICATOR_FIELDS = INDICATOR_FIELDS + ("phase", "weight", "direction", "actual", "previous_value",
                                                 "previous_actual", "score", "band", "deviation", "adjusted_value",
                                                 "levels_as_written", "goal_name")
_INDICATOR_AMOUNTS = ("weight", "score")  # exact decimals, stored as text
_PLAN_COLUMNS = tuple(f"plan{i}" for i in range(len(PLAN_MILESTONES)))


class StoredValueError(ValueError):
    """A value in the file that this program never writes (the file was changed by something else)."""


def _dec(text: str | None) -> Decimal | None:
    if text is None:
        return None
    try:
        value = Decimal(text)
    except (InvalidOperation, TypeError, ValueError):
        raise StoredValueError(f"金额「{str(text)[:30]}」不是数字") from None
    if not value.is_finite():
        raise StoredValueError(f"金额「{text}」不是有效的数字")
    return value


def _amount_text(value: Decimal | None) -> str | None:
    # The API path too admits only sane amounts (an Infinity would be stored as text no reader takes).
    return None if value is None else format_amount(check_amount(value))


# -- rows -------------------------------------------------------------------------------------

def _department_row(d: Department) -> dict:
    return {f: getattr(d, f) for f in _DEPARTMENT_FIELDS}


def _project_row(p: Project) -> dict:
    row = {f: getattr(p, f) for f in _PROJECT_TEXT_FIELDS}
    row.update({f: _amount_text(getattr(p, f)) for f in _AMOUNT_FIELDS})
    row.update({col: _amount_text(v) for col, v in zip(_PLAN_COLUMNS, p.plan)})
    row.update(goals_unnumbered=not goals_numbered(p.goals), mid_goals_unnumbered=not goals_numbered(p.mid_goals))
    return row


def _indicator_row(ind: Indicator) -> dict:
    row = {f: getattr(ind, f) for f in _STORED_INDICATOR_FIELDS}
    for name in _INDICATOR_AMOUNTS:
        row[name] = _amount_text(getattr(ind, name))
    return row


def _project_from(row) -> Project:
    return Project(
        id=row.id, plan=[_dec(getattr(row, c)) for c in _PLAN_COLUMNS],
        **{f: getattr(row, f) for f in _PROJECT_TEXT_FIELDS}, **{f: _dec(getattr(row, f)) for f in _AMOUNT_FIELDS},
        goals=Goals(numbered=not row.goals_unnumbered), mid_goals=Goals(numbered=not row.mid_goals_unnumbered),
    )


def _indicator_from(row) -> Indicator:
    ind = Indicator(id=row.id, **{f: getattr(row, f) for f in _STORED_INDICATOR_FIELDS})
    for name in _INDICATOR_AMOUNTS:
        setattr(ind, name, _dec(getattr(ind, name)))
    return ind


_ROUND_AMOUNTS = ("executed", "forecast")  # a project round's money, exact decimals stored as text


def _indicator_round_row(indicator_id: int, month: int, r: IndicatorRound) -> dict:
    return {"indicator_id": indicator_id, "month": month, **{f: getattr(r, f) for f in ROUND_INDICATOR_FIELDS}}


def _indicator_round_rows(ind: Indicator) -> list[dict]:
    return [_indicator_round_row(ind.id, month, r) for month, r in sorted(ind.rounds.items())]


def _project_round_rows(project: Project) -> list[dict]:
    return [{"project_id": project.id, "month": month,
             **{f: _amount_text(getattr(r, f)) if f in _ROUND_AMOUNTS else getattr(r, f) for f in ROUND_PROJECT_FIELDS}}
            for month, r in sorted(project.rounds.items())]


def _read_rounds(conn: Connection, projects: dict[int, Project], indicators: dict[int, Indicator], *,
                 whole_document: bool = False) -> None:
    """The 执行监控 rounds of the given projects and indicators (by id), onto them; ``whole_document``: every
    round in the file (they are all given), read without a list of ids."""
    project_rows, indicator_rows = select(s.project_round), select(s.indicator_round)
    if not whole_document:
        project_rows = project_rows.where(s.project_round.c.project_id.in_(list(projects)))
        indicator_rows = indicator_rows.where(s.indicator_round.c.indicator_id.in_(list(indicators)))
    if projects:
        for row in conn.execute(project_rows):
            projects[row.project_id].rounds[row.month] = ProjectRound(
                **{f: _dec(getattr(row, f)) if f in _ROUND_AMOUNTS else getattr(row, f) for f in ROUND_PROJECT_FIELDS})
    if indicators:
        for row in conn.execute(indicator_rows):
            indicators[row.indicator_id].rounds[row.month] = _indicator_round_from(row)


def _indicator_round_from(row) -> IndicatorRound:
    return IndicatorRound(**{f: getattr(row, f) for f in ROUND_INDICATOR_FIELDS})


def _goal_rows(project: Project) -> list[dict]:
    """Both sets of goals as rows of project_goal: 年度 first, then 中期, each numbered from 0."""
    return [{"project_id": project.id, "position": pos, "text": text, "phase": phase}
            for phase, goals in ((YEAR, project.goals), (MID, project.mid_goals)) for pos, text in enumerate(goals)]


def _add_goal(project: Project, phase: str, text: str) -> None:
    (project.mid_goals if phase == MID else project.goals).append(text)


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


#: The rows of ``project`` that are a department's projects — not its 部门整体 table (Department.whole).
LISTED = s.project.c.whole == false()


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


def read_document(conn: Connection, with_indicators: bool = True) -> Document:
    """The whole document; without its indicators (``with_indicators`` False) for a read that streams them
    (project_indicators)."""
    head = conn.execute(select(s.document.c.taxonomy, s.document.c.form, s.document.c.rule_set)).one()
    document = Document(taxonomy=head.taxonomy, form=head.form, rule_set=head.rule_set)
    departments = {}
    for row in conn.execute(select(s.department).order_by(s.department.c.position)):
        d = Department(id=row.id, **{f: getattr(row, f) for f in _DEPARTMENT_FIELDS})
        d.overall_secret, d.items_secret, d.measures_secret = (bool(d.overall_secret), bool(d.items_secret),
                                                               bool(d.measures_secret))
        departments[d.id] = d
        document.departments.append(d)
    for row in conn.execute(select(s.goal_item).order_by(s.goal_item.c.department_id, s.goal_item.c.position)):
        departments[row.department_id].items.append(
            GoalItem(id=row.id, title=row.title, goal=row.goal, indicator=row.indicator, secret=bool(row.secret)))
    for row in conn.execute(select(s.measure).order_by(s.measure.c.department_id, s.measure.c.position)):
        departments[row.department_id].measures.append(row.text)
    projects = {}
    for row in conn.execute(select(s.project).order_by(s.project.c.department_id, s.project.c.position)):
        p = _project_from(row)
        projects[p.id] = p
        if row.whole:
            departments[row.department_id].whole = p
        else:
            departments[row.department_id].projects.append(p)
    for row in conn.execute(select(s.project_goal).order_by(s.project_goal.c.project_id, s.project_goal.c.phase,
                                                            s.project_goal.c.position)):
        _add_goal(projects[row.project_id], row.phase, row.text)
    _read_rounds(conn, projects, {}, whole_document=True)
    if with_indicators:
        for project_id, indicators in project_indicators(conn):
            projects[project_id].indicators = indicators
    return document


def project_indicators(conn: Connection) -> Iterator[tuple[int, list[Indicator]]]:
    """Every project's indicators (with their 监控 rounds), one project at a time, as the file gives them: a
    whole-document 审核 holds one project's at a time (domain.rules.Checker). Projects without indicators are
    not named."""
    rounds: dict[int, dict[int, IndicatorRound]] = {}
    for row in conn.execute(select(s.indicator_round)):
        rounds.setdefault(row.indicator_id, {})[row.month] = _indicator_round_from(row)
    # Driver-level read: the indicator table is the bulk of a document (see _bulk_insert).
    columns = ", ".join(("id", "project_id") + _STORED_INDICATOR_FIELDS)
    current, batch = None, []
    for row in conn.exec_driver_sql(f"SELECT {columns} FROM indicator ORDER BY project_id, position"):
        ind = Indicator(id=row[0], **dict(zip(_STORED_INDICATOR_FIELDS, row[2:])))
        for name in _INDICATOR_AMOUNTS:
            if getattr(ind, name) is not None:
                setattr(ind, name, _dec(getattr(ind, name)))
        ind.rounds = rounds.pop(ind.id, {})
        if row[1] != current:
            if batch:
                yield current, batch
            current, batch = row[1], []
        batch.append(ind)
    if batch:
        yield current, batch


# -- the tree ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class ProjectEntry:
    id: int
    code: str
    name: str
    secret: bool
    indicator_count: int


@dataclass(frozen=True)
class DepartmentEntry:
    id: int
    code: str
    name: str
    projects: tuple[ProjectEntry, ...]
    whole: ProjectEntry | None = None  # its 部门整体 table


def read_tree(conn: Connection) -> list[DepartmentEntry]:
    """Departments and their projects with indicator counts: what the tree shows before anything is expanded."""
    counts = dict(conn.execute(select(s.indicator.c.project_id, func.count()).group_by(s.indicator.c.project_id)).all())
    by_department: dict[int, list[ProjectEntry]] = {}
    wholes: dict[int, ProjectEntry] = {}
    for row in conn.execute(select(s.project.c.id, s.project.c.department_id, s.project.c.code, s.project.c.name,
                                   s.project.c.secret, s.project.c.whole)
                            .order_by(s.project.c.department_id, s.project.c.position)):
        entry = ProjectEntry(row.id, row.code, row.name, bool(row.secret), counts.get(row.id, 0))
        if row.whole:
            wholes[row.department_id] = entry
        else:
            by_department.setdefault(row.department_id, []).append(entry)
    return [DepartmentEntry(row.id, row.code, row.name, tuple(by_department.get(row.id, ())), wholes.get(row.id))
            for row in conn.execute(select(s.department.c.id, s.department.c.code, s.department.c.name)
                                    .order_by(s.department.c.position))]


def read_project(conn: Connection, project_id: int, with_indicators: bool = True) -> Project:
    row = conn.execute(select(s.project).where(s.project.c.id == project_id)).one_or_none()
    if row is None:
        raise KeyError(project_id)
    p = _project_from(row)
    for goal in conn.execute(select(s.project_goal.c.phase, s.project_goal.c.text)
                             .where(s.project_goal.c.project_id == project_id)
                             .order_by(s.project_goal.c.phase, s.project_goal.c.position)):
        _add_goal(p, goal.phase, goal.text)
    if with_indicators:
        p.indicators = [_indicator_from(r) for r in conn.execute(
            select(s.indicator).where(s.indicator.c.project_id == project_id).order_by(s.indicator.c.position))]
    _read_rounds(conn, {p.id: p}, {i.id: i for i in p.indicators})
    return p


def is_whole(conn: Connection, project_id: int) -> bool:
    """Whether the table is a unit's 部门整体 table (Department.whole), not one of its projects."""
    return bool(conn.execute(select(s.project.c.whole).where(s.project.c.id == project_id)).scalar())


def project_place(conn: Connection, project_id: int) -> tuple[int, int]:
    """(department id, 0-based position among its projects) with one indexed lookup — for the hot path of
    re-showing a project after each edit, where reading the whole tree would cost tens of milliseconds."""
    row = conn.execute(select(s.project.c.department_id, s.project.c.position)
                       .where(s.project.c.id == project_id)).one_or_none()
    if row is None:
        raise KeyError(project_id)
    before = conn.execute(select(func.count()).where(s.project.c.department_id == row.department_id, LISTED,
                                                     s.project.c.position < row.position)).scalar_one()
    return row.department_id, before


def read_department(conn: Connection, department_id: int) -> Department:
    """A department's own fields and Part 1, without its projects (those load one by one)."""
    row = conn.execute(select(s.department).where(s.department.c.id == department_id)).one_or_none()
    if row is None:
        raise KeyError(department_id)
    d = Department(id=row.id, **{f: getattr(row, f) for f in _DEPARTMENT_FIELDS})
    d.overall_secret, d.items_secret, d.measures_secret = (bool(d.overall_secret), bool(d.items_secret),
                                                           bool(d.measures_secret))
    d.items = [GoalItem(id=r.id, title=r.title, goal=r.goal, indicator=r.indicator, secret=bool(r.secret))
               for r in conn.execute(select(s.goal_item).where(s.goal_item.c.department_id == department_id)
                                     .order_by(s.goal_item.c.position))]
    d.measures = list(conn.execute(select(s.measure.c.text).where(s.measure.c.department_id == department_id)
                                   .order_by(s.measure.c.position)).scalars())
    return d


def taxonomy_key(conn: Connection) -> str:
    return conn.execute(select(s.document.c.taxonomy)).scalar_one()


def form_settings(conn: Connection) -> tuple[str, str, str]:
    """(form, taxonomy, rule set) of the document."""
    return tuple(conn.execute(select(s.document.c.form, s.document.c.taxonomy, s.document.c.rule_set)).one())


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


def _ids_in_order(conn: Connection, table, parent_col, parent_id: int) -> list[int]:
    query = select(table.c.id).where(parent_col == parent_id).order_by(table.c.position)
    return list(conn.execute(query.where(LISTED) if table is s.project else query).scalars())


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
    order = [i for i in _ids_in_order(conn, s.project, s.project.c.department_id, department_id) if i != project_id]
    order.insert(index, project_id)
    if row.department_id != department_id:
        conn.execute(update(s.project).where(s.project.c.id == project_id).values(department_id=department_id))
        rest = _ids_in_order(conn, s.project, s.project.c.department_id, row.department_id)
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


def latest_round_month(conn: Connection) -> int | None:
    """The last month any 执行监控 round of the document covers (None: no round filled yet)."""
    months = [conn.execute(select(func.max(table.c.month))).scalar() for table in (s.project_round, s.indicator_round)]
    return max((m for m in months if m is not None), default=None)


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
    unknown = set(fields) - set(_STORED_INDICATOR_FIELDS)
    if unknown:
        raise KeyError(unknown)
    for name in _INDICATOR_AMOUNTS:
        if name in fields:
            fields[name] = _amount_text(fields[name])
    conn.execute(update(s.indicator).where(s.indicator.c.id == indicator_id).values(**fields))


def delete_indicators(conn: Connection, indicator_ids: list[int]) -> None:
    project_ids = set(conn.execute(select(s.indicator.c.project_id).where(s.indicator.c.id.in_(indicator_ids))).scalars())
    conn.execute(delete(s.indicator).where(s.indicator.c.id.in_(indicator_ids)))
    for project_id in project_ids:
        _renumber(conn, s.indicator, _ids_in_order(conn, s.indicator, s.indicator.c.project_id, project_id))


def move_indicators(conn: Connection, project_id: int, indicator_ids: list[int], index: int) -> None:
    """Move the given indicators, keeping their order, so that the first lands at ``index`` of what remains."""
    moving = set(indicator_ids)
    order = [i for i in _ids_in_order(conn, s.indicator, s.indicator.c.project_id, project_id) if i not in moving]
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


@dataclass(frozen=True)
class IndicatorEntry:
    id: int
    level2: str
    name: str
    phase: str


def read_indicator_entries(conn: Connection, project_id: int) -> list[IndicatorEntry]:
    """What the tree shows under a project: just enough to label each indicator."""
    return [IndicatorEntry(*row) for row in conn.execute(
        select(s.indicator.c.id, s.indicator.c.level2, s.indicator.c.name, s.indicator.c.phase)
        .where(s.indicator.c.project_id == project_id).order_by(s.indicator.c.position))]


@dataclass(frozen=True)
class SearchHits:
    projects: frozenset[int]  # projects whose code or name matches (shown with all their indicators)
    indicators: dict[int, frozenset[int]]  # project id → matching indicator ids


def _like(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def search(conn: Connection, text: str) -> SearchHits:
    """Projects by 项目编码/项目名称, indicators by any of their text (case-insensitive for Latin letters)."""
    pattern = _like(text)
    projects = frozenset(conn.execute(select(s.project.c.id).where(LISTED,
        s.project.c.code.ilike(pattern, escape="\\") | s.project.c.name.ilike(pattern, escape="\\"))).scalars())
    condition = None
    for field in INDICATOR_FIELDS:
        clause = s.indicator.c[field].ilike(pattern, escape="\\")
        condition = clause if condition is None else condition | clause
    hits: dict[int, set[int]] = {}
    listed = select(s.project.c.id).where(LISTED)
    for row in conn.execute(select(s.indicator.c.project_id, s.indicator.c.id).where(
            condition, s.indicator.c.project_id.in_(listed))):
        hits.setdefault(row.project_id, set()).add(row.id)
    return SearchHits(projects, {k: frozenset(v) for k, v in hits.items()})


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


def self_evaluation_rows(conn: Connection, project_id: int | None = None) -> dict[int, tuple]:
    """project id → (全年执行数 given, [(指标值, 实际完成值, 得分 given) of each 年度 indicator]): what
    domain/figures.self_evaluation_gaps counts, for every project (or one), in two queries."""
    projects = select(s.project.c.id, s.project.c.executed).where(LISTED)
    indicators = select(s.indicator.c.project_id, s.indicator.c.value, s.indicator.c.actual, s.indicator.c.score) \
        .where(s.indicator.c.phase == YEAR, s.indicator.c.project_id.in_(select(s.project.c.id).where(LISTED))) \
        .order_by(s.indicator.c.project_id, s.indicator.c.position)
    if project_id is not None:
        projects = projects.where(s.project.c.id == project_id)
        indicators = indicators.where(s.indicator.c.project_id == project_id)
    out = {row.id: (row.executed is not None, []) for row in conn.execute(projects)}
    for row in conn.execute(indicators):
        out[row.project_id][1].append((row.value, row.actual, row.score is not None))
    return out


def indicators_to_learn(conn: Connection, project_id: int | None = None) -> list[Indicator]:
    """The named indicators of the document (or one project), with what the 指标库 keeps of them — 一级, 二级,
    name, 描述, 指标值 — in one query (the 指标库 learns them: storage/library_file). Of indicators with the same
    name only the last (in project and position order) is what the library takes: the database picks it, so a
    document of 120,000 indicators with a few hundred names hands over a few hundred rows, not all of them."""
    i = s.indicator
    last = func.row_number().over(partition_by=i.c.name, order_by=(i.c.project_id.desc(), i.c.position.desc()))
    ranked = select(i.c.level1, i.c.level2, i.c.name, i.c.description, i.c.value, i.c.project_id, i.c.position,
                    last.label("rank")).where(i.c.name != "")
    if project_id is not None:
        ranked = ranked.where(i.c.project_id == project_id)
    ranked = ranked.subquery()
    query = select(ranked).where(ranked.c.rank == 1).order_by(ranked.c.project_id, ranked.c.position)
    return [Indicator(row.level1, row.level2, row.name, row.description, row.value) for row in conn.execute(query)]