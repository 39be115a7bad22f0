"""Reading domain objects from a document: plain SQL over the DB-API connection, without SQLAlchemy.

Why not through SQLAlchemy like the writes (repository.py): opening a document to look at it — the window's
first paint, an export, ``perfdesk check`` — needs nothing but these reads, and importing SQLAlchemy alone took
longer than everything else of a start-up (issue 16). The SQL is portable; the placeholders are the driver's
(``?`` for sqlite3 — a PostgreSQL driver takes ``%s``, one place to change: ``_rows``).

Each function takes either the connection of ``DocumentFile.reading()`` or the SQLAlchemy connection of a write's
transaction (``DocumentFile.transaction()``): it then reads through that connection's driver connection, inside
the same transaction, and so sees what the transaction wrote.
"""

from __future__ import annotations


import sqlite3
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from typing import Iterator

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
)

DEPARTMENT_FIELDS = ("code", "name", "year", "overall_goal", "overall_secret", "items_secret", "measures_secret",
                     "preparer", "phone", "supervisor_code", "supervisor_name", "functions")
DEPARTMENT_FLAGS = ("overall_secret", "items_secret", "measures_secret")
PROJECT_TEXT_FIELDS = ("code", "name", "fund_use", "secret", "executor", "attribute", "period", "goals_actual",
                       "shortfall", "improvement")
AMOUNT_FIELDS = ("budget", "fiscal", "other", "mid_total", "mid_fiscal", "mid_other", "adjusted_budget", "executed",
                 "funds_total", "funds_personnel", "funds_operation", "funds_other_operation", "funds_specific")
STORED_INDICATOR_FIELDS = INDICATOR_FIELDS + ("phase", "weight", "direction", "actual", "previous_value",
                                              "previous_actual", "score", "band", "deviation", "adjusted_value",
                                              "levels_as_written", "goal_name")
INDICATOR_AMOUNTS = ("weight", "score")  # exact decimals, stored as text
ROUND_AMOUNTS = ("executed", "forecast")  # a project round's money, exact decimals stored as text
PLAN_COLUMNS = tuple(f"plan{i}" for i in range(len(PLAN_MILESTONES)))

#: The rows of ``project`` that are a department's projects — not its 部门整体 table (Department.whole).
LISTED = "whole = 0"


class StoredValueError(ValueError):
    """A value in the file that this program never writes (the file was changed by something else)."""


def _dbapi(conn):
    """The DB-API connection to read through: ``conn`` itself, or the driver connection under a SQLAlchemy one."""
    inner = getattr(conn, "connection", None)  # a SQLAlchemy Connection's pooled connection; sqlite3 has none
    return conn if inner is None else inner.driver_connection


def _rows(conn, sql: str, params=()) -> sqlite3.Cursor:
    """The rows of ``sql``, each readable by column name (``row["code"]``)."""
    cursor = _dbapi(conn).cursor()
    cursor.row_factory = sqlite3.Row
    return cursor.execute(sql, params)


def _one(conn, sql: str, params=()):
    return _dbapi(conn).execute(sql, params).fetchone()


def dec(text: str | None) -> Decimal | None:
    if text is None:
        return None
    try:
        value = Decimal(text)
    except (InvalidOperation, TypeError, ValueError):
        raise StoredValueError(f"金额「{str(text)[:30]}」不是数字") from None
    if not value.is_finite():
        raise StoredValueError(f"金额「{text}」不是有效的数字")
    return value


# -- rows -------------------------------------------------------------------------------------

def _department_from(row) -> Department:
    d = Department(id=row["id"], **{f: row[f] for f in DEPARTMENT_FIELDS})
    for flag in DEPARTMENT_FLAGS:
        setattr(d, flag, bool(getattr(d, flag)))
    return d


def _goal_item_from(row) -> GoalItem:
    return GoalItem(id=row["id"], title=row["title"], goal=row["goal"], indicator=row["indicator"],
                    secret=bool(row["secret"]))


def _project_from(row) -> Project:
    p = Project(
        id=row["id"], plan=[dec(row[c]) for c in PLAN_COLUMNS],
        **{f: row[f] for f in PROJECT_TEXT_FIELDS}, **{f: dec(row[f]) for f in AMOUNT_FIELDS},
        goals=Goals(numbered=not row["goals_unnumbered"]), mid_goals=Goals(numbered=not row["mid_goals_unnumbered"]),
    )
    p.secret = bool(p.secret)
    return p


_INDICATOR_COLUMNS = ", ".join(("id", "project_id") + STORED_INDICATOR_FIELDS)


def _indicator_from(row: tuple) -> Indicator:
    """An indicator from a row of ``_INDICATOR_COLUMNS`` (by position: the indicator table is the bulk of a
    document, and a tuple is the cheapest row there is)."""
    ind = Indicator(id=row[0], **dict(zip(STORED_INDICATOR_FIELDS, row[2:])))
    for name in INDICATOR_AMOUNTS:
        if getattr(ind, name) is not None:
            setattr(ind, name, dec(getattr(ind, name)))
    return ind


def indicator_round_from(row) -> IndicatorRound:
    return IndicatorRound(**{f: row[f] for f in ROUND_INDICATOR_FIELDS})


def _project_round_from(row) -> ProjectRound:
    return ProjectRound(**{f: dec(row[f]) if f in ROUND_AMOUNTS else row[f] for f in ROUND_PROJECT_FIELDS})


def _add_goal(project: Project, phase: str, text: str) -> None:
    (project.mid_goals if phase == MID else project.goals).append(text)


def _marks(ids) -> str:
    return ", ".join("?" * len(ids))


def _read_rounds(conn, projects: dict[int, Project], indicators: dict[int, Indicator], *,
                 whole_document: bool = False) -> None:
    """The 执行监控 rounds of the given projects and indicators (by id), onto them; ``whole_document``: every
    round in the file (they are all given), read without a list of ids."""
    if projects:
        where = "" if whole_document else f" WHERE project_id IN ({_marks(projects)})"
        for row in _rows(conn, "SELECT * FROM project_round" + where, () if whole_document else list(projects)):
            projects[row["project_id"]].rounds[row["month"]] = _project_round_from(row)
    if indicators:
        where = "" if whole_document else f" WHERE indicator_id IN ({_marks(indicators)})"
        for row in _rows(conn, "SELECT * FROM indicator_round" + where, () if whole_document else list(indicators)):
            indicators[row["indicator_id"]].rounds[row["month"]] = indicator_round_from(row)


# -- whole documents --------------------------------------------------------------------------

def read_document(conn, with_indicators: bool = True) -> Document:
    """The whole document; without its indicators (``with_indicators`` False) for a read that streams them
    (project_indicators)."""
    form, taxonomy, rule_set = form_settings(conn)
    document = Document(taxonomy=taxonomy, form=form, rule_set=rule_set)
    departments = {}
    for row in _rows(conn, "SELECT * FROM department ORDER BY position"):
        d = departments[row["id"]] = _department_from(row)
        document.departments.append(d)
    for row in _rows(conn, "SELECT * FROM goal_item ORDER BY department_id, position"):
        departments[row["department_id"]].items.append(_goal_item_from(row))
    for row in _rows(conn, "SELECT department_id, text FROM measure ORDER BY department_id, position"):
        departments[row["department_id"]].measures.append(row["text"])
    projects = {}
    for row in _rows(conn, "SELECT * FROM project ORDER BY department_id, position"):
        p = projects[row["id"]] = _project_from(row)
        if row["whole"]:
            departments[row["department_id"]].whole = p
        else:
            departments[row["department_id"]].projects.append(p)
    for row in _rows(conn, "SELECT project_id, phase, text FROM project_goal ORDER BY project_id, phase, position"):
        _add_goal(projects[row["project_id"]], row["phase"], row["text"])
    _read_rounds(conn, projects, {}, whole_document=True)
    if with_indicators:
        for project_id, indicators in project_indicators(conn):
            projects[project_id].indicators = indicators
    return document


def project_indicators(conn) -> Iterator[tuple[int, list[Indicator]]]:
    """Every project's indicators (with their 监控 rounds), one project at a time, as the file gives them: a
    whole-document 审核 holds one project's at a time (domain.rules.Checker). Projects without indicators are
    not named."""
    rounds: dict[int, dict[int, IndicatorRound]] = {}
    for row in _rows(conn, "SELECT * FROM indicator_round"):
        rounds.setdefault(row["indicator_id"], {})[row["month"]] = indicator_round_from(row)
    current, batch = None, []
    for row in _dbapi(conn).execute(f"SELECT {_INDICATOR_COLUMNS} FROM indicator ORDER BY project_id, position"):
        ind = _indicator_from(row)
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


@dataclass(frozen=True)
class DepartmentHead:
    id: int
    code: str
    name: str
    project_count: int  # its projects (not counting its 部门整体 table)
    whole: ProjectEntry | None = None  # its 部门整体 table


_INDICATOR_COUNT = "(SELECT count(*) FROM indicator WHERE indicator.project_id = project.id)"  # of each project row


def read_departments(conn) -> list[DepartmentHead]:
    """The departments as the tree first shows them: a department's projects are read when it is expanded
    (read_department_projects) — a document of thousands of projects opens without reading them all."""
    db = _dbapi(conn)
    counts = dict(db.execute("SELECT department_id, count(*) FROM project WHERE whole = 0 GROUP BY department_id"))
    wholes = {department_id: ProjectEntry(row_id, code, name, bool(secret), indicators)
              for row_id, department_id, code, name, secret, indicators in db.execute(
                  "SELECT id, department_id, code, name, secret, "
                  f"{_INDICATOR_COUNT} "
                  "FROM project WHERE whole = 1")}
    return [DepartmentHead(row_id, code, name, counts.get(row_id, 0), wholes.get(row_id))
            for row_id, code, name in db.execute("SELECT id, code, name FROM department ORDER BY position")]


def read_department_projects(conn, department_id: int) -> list[ProjectEntry]:
    """A department's projects in order, with their indicator counts (its 部门整体 table not among them)."""
    return [ProjectEntry(row_id, code, name, bool(secret), indicators)
            for row_id, code, name, secret, indicators in _rows(
                conn, "SELECT id, code, name, secret, "
                f"{_INDICATOR_COUNT} "
                "FROM project WHERE department_id = ? AND whole = 0 ORDER BY position", (department_id,))]


def department_of(conn, kind: str, row_id: int) -> int | None:
    """The department a project (``kind`` "project") or an indicator ("indicator") is in; None if there is none."""
    query = "SELECT department_id FROM project WHERE id = ?" if kind == "project" else \
        "SELECT project.department_id FROM indicator JOIN project ON project.id = indicator.project_id " \
        "WHERE indicator.id = ?"
    found = _one(conn, query, (row_id,))
    return found[0] if found else None


def read_tree(conn) -> list[DepartmentEntry]:
    """Departments and their projects with indicator counts: what the tree shows before anything is expanded."""
    db = _dbapi(conn)
    counts = dict(db.execute("SELECT project_id, count(*) FROM indicator GROUP BY project_id"))
    by_department: dict[int, list[ProjectEntry]] = {}
    wholes: dict[int, ProjectEntry] = {}
    for row_id, department_id, code, name, secret, whole in db.execute(
            "SELECT id, department_id, code, name, secret, whole FROM project ORDER BY department_id, position"):
        entry = ProjectEntry(row_id, code, name, bool(secret), counts.get(row_id, 0))
        if whole:
            wholes[department_id] = entry
        else:
            by_department.setdefault(department_id, []).append(entry)
    return [DepartmentEntry(row_id, code, name, tuple(by_department.get(row_id, ())), wholes.get(row_id))
            for row_id, code, name in db.execute("SELECT id, code, name FROM department ORDER BY position")]


def read_project(conn, project_id: int, with_indicators: bool = True) -> Project:
    row = _rows(conn, "SELECT * FROM project WHERE id = ?", (project_id,)).fetchone()
    if row is None:
        raise KeyError(project_id)
    p = _project_from(row)
    for phase, text in _dbapi(conn).execute(
            "SELECT phase, text FROM project_goal WHERE project_id = ? ORDER BY phase, position", (project_id,)):
        _add_goal(p, phase, text)
    if with_indicators:
        p.indicators = _indicators_of(conn, project_id)
    _read_rounds(conn, {p.id: p}, {})
    return p


def _indicators_of(conn, project_id: int) -> list[Indicator]:
    """A project's indicators in order, with their 监控 rounds."""
    indicators = [_indicator_from(r) for r in _dbapi(conn).execute(
        f"SELECT {_INDICATOR_COLUMNS} FROM indicator WHERE project_id = ? ORDER BY position", (project_id,))]
    _read_rounds(conn, {}, {i.id: i for i in indicators})
    return indicators


def with_indicators(conn, project: Project) -> Project:
    """``project``, read without its indicators (read_document's ``with_indicators`` False), with them — as a copy:
    the document read without them stays so, and an export that takes its projects one at a time holds one
    project's indicators at a time (its memory follows the largest project, not the document)."""
    return replace(project, indicators=_indicators_of(conn, project.id))


def is_whole(conn, project_id: int) -> bool:
    """Whether the table is a unit's 部门整体 table (Department.whole), not one of its projects."""
    row = _one(conn, "SELECT whole FROM project WHERE id = ?", (project_id,))
    return bool(row and row[0])


def project_place(conn, project_id: int) -> tuple[int, int]:
    """(department id, 0-based position among its projects) with one indexed lookup — for the hot path of
    re-showing a project after each edit, where reading the whole tree would cost tens of milliseconds."""
    row = _one(conn, "SELECT department_id, position FROM project WHERE id = ?", (project_id,))
    if row is None:
        raise KeyError(project_id)
    department_id, position = row
    before = _one(conn, f"SELECT count(*) FROM project WHERE department_id = ? AND {LISTED} AND position < ?",
                  (department_id, position))[0]
    return department_id, before


def read_department(conn, department_id: int) -> Department:
    """A department's own fields and Part 1, without its projects (those load one by one)."""
    row = _rows(conn, "SELECT * FROM department WHERE id = ?", (department_id,)).fetchone()
    if row is None:
        raise KeyError(department_id)
    d = _department_from(row)
    d.items = [_goal_item_from(r) for r in _rows(
        conn, "SELECT * FROM goal_item WHERE department_id = ? ORDER BY position", (department_id,))]
    d.measures = [text for text, in _dbapi(conn).execute(
        "SELECT text FROM measure WHERE department_id = ? ORDER BY position", (department_id,))]
    return d


def form_settings(conn) -> tuple[str, str, str]:
    """(form, taxonomy, rule set) of the document."""
    row = _one(conn, "SELECT form, taxonomy, rule_set FROM document")
    if row is None:
        raise StoredValueError("缺少文档设置（表样、分类）")
    return tuple(row)


def taxonomy_key(conn) -> str:
    return form_settings(conn)[1]


def latest_round_month(conn) -> int | None:
    """The last month any 执行监控 round of the document covers (None: no round filled yet)."""
    months = [_one(conn, f"SELECT max(month) FROM {table}")[0] for table in ("project_round", "indicator_round")]
    return max((m for m in months if m is not None), default=None)


def ids_in_order(conn, table: str, parent_column: str, parent_id: int) -> list[int]:
    """The ids of ``table``'s rows under one parent, in their order (a department's listed projects only)."""
    listed = f" AND {LISTED}" if table == "project" else ""
    return [row_id for row_id, in _dbapi(conn).execute(
        f"SELECT id FROM {table} WHERE {parent_column} = ?{listed} ORDER BY position", (parent_id,))]


@dataclass(frozen=True)
class IndicatorEntry:
    id: int
    level2: str
    name: str
    phase: str


def read_indicator_entries(conn, project_id: int) -> list[IndicatorEntry]:
    """What the tree shows under a project: just enough to label each indicator."""
    return [IndicatorEntry(*row) for row in _dbapi(conn).execute(
        "SELECT id, level2, name, phase FROM indicator WHERE project_id = ? ORDER BY position", (project_id,))]


@dataclass(frozen=True)
class SearchHits:
    projects: frozenset[int]  # projects whose code or name matches (shown with all their indicators)
    indicators: dict[int, frozenset[int]]  # project id → matching indicator ids


def _like(column: str) -> str:
    # lower() on both sides: case-insensitive for Latin letters, as SQLAlchemy's ilike() is
    return f"lower({column}) LIKE lower(?) ESCAPE '\\'"


def search(conn, text: str) -> SearchHits:
    """Projects by 项目编码/项目名称, indicators by any of their text (case-insensitive for Latin letters)."""
    pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    db = _dbapi(conn)
    projects = frozenset(row_id for row_id, in db.execute(
        f"SELECT id FROM project WHERE {LISTED} AND ({_like('code')} OR {_like('name')})", (pattern, pattern)))
    condition = " OR ".join(_like(field) for field in INDICATOR_FIELDS)
    hits: dict[int, set[int]] = {}
    for project_id, row_id in db.execute(
            f"SELECT project_id, id FROM indicator WHERE ({condition}) "
            f"AND project_id IN (SELECT id FROM project WHERE {LISTED})", [pattern] * len(INDICATOR_FIELDS)):
        hits.setdefault(project_id, set()).add(row_id)
    return SearchHits(projects, {k: frozenset(v) for k, v in hits.items()})


def self_evaluation_rows(conn, project_id: int | None = None) -> dict[int, tuple]:
    """project id → (全年执行数 given, [(指标值, 实际完成值, 得分 given) of each 年度 indicator]): what
    domain/figures.self_evaluation_gaps counts, for every project (or one), in two queries."""
    one = "" if project_id is None else " AND id = ?"
    one_indicator = "" if project_id is None else " AND project_id = ?"
    params = () if project_id is None else (project_id,)
    db = _dbapi(conn)
    out = {row_id: (executed is not None, [])
           for row_id, executed in db.execute(f"SELECT id, executed FROM project WHERE {LISTED}{one}", params)}
    for row_project, value, actual, score in db.execute(
            "SELECT project_id, value, actual, score FROM indicator WHERE phase = ?"
            f" AND project_id IN (SELECT id FROM project WHERE {LISTED}){one_indicator}"
            " ORDER BY project_id, position", (YEAR, *params)):
        out[row_project][1].append((value, actual, score is not None))
    return out


def indicators_to_learn(conn, project_id: int | None = None) -> list[Indicator]:
    """The named indicators of the document (or one project), with what the 指标库 keeps of them — 一级, 二级,
    name, 描述, 指标值 — in one query (the 指标库 learns them: storage/library_file). Of indicators with the same
    name only the last (in project and position order) is what the library takes: the database picks it, so a
    document of 120,000 indicators with a few hundred names hands over a few hundred rows, not all of them."""
    one = "" if project_id is None else " AND project_id = ?"
    ranked = ("SELECT level1, level2, name, description, value, project_id, position, row_number() OVER "
              "(PARTITION BY name ORDER BY project_id DESC, position DESC) AS rank "
              f"FROM indicator WHERE name != ''{one}")
    return [Indicator(*row) for row in _dbapi(conn).execute(
        f"SELECT level1, level2, name, description, value FROM ({ranked}) AS ranked WHERE rank = 1 "
        "ORDER BY project_id, position", () if project_id is None else (project_id,))]
