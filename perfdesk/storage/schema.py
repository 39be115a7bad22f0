"""The current schema as SQLAlchemy Core tables (the migrations are its history; a test keeps them equal)."""

from __future__ import annotations

from sqlalchemy import Boolean, CheckConstraint, Column, ForeignKey, Index, Integer, MetaData, Table, Text, UniqueConstraint

from ..fileformat import APPLICATION_ID  # noqa: F401 - re-exported for the storage layer

metadata = MetaData()


def _text(name: str) -> Column:
    return Column(name, Text, nullable=False, server_default="")


def _flag(name: str) -> Column:
    return Column(name, Boolean, nullable=False, server_default="0")


def _amount(name: str) -> Column:
    # Exact decimal as text ("30.00"): SQLite has no decimal type and a float would round money.
    return Column(name, Text, nullable=True)


document = Table(
    "document", metadata,
    Column("id", Integer, primary_key=True),
    Column("taxonomy", Text, nullable=False),
    Column("form", Text, nullable=False, server_default="hebei"),
    Column("rule_set", Text, nullable=False, server_default="hebei"),
    CheckConstraint("id = 1", name="ck_document_single_row"),
)

department = Table(
    "department", metadata,
    Column("id", Integer, primary_key=True),
    Column("position", Integer, nullable=False),
    _text("code"), _text("name"),
    Column("year", Integer, nullable=True),
    _text("overall_goal"), _flag("overall_secret"),
    _flag("items_secret"), _flag("measures_secret"),
    _text("preparer"), _text("phone"),
    _text("supervisor_code"), _text("supervisor_name"), _text("functions"),
)

def _child(name: str, parent: str, *columns: Column) -> Table:
    """An ordered child table: id, the parent's id (rows go with their parent), position, then the content."""
    return Table(
        name, metadata,
        Column("id", Integer, primary_key=True),
        Column(f"{parent}_id", Integer, ForeignKey(f"{parent}.id", ondelete="CASCADE"), nullable=False),
        Column("position", Integer, nullable=False),
        *columns,
        Index(f"ix_{name}_{parent}", f"{parent}_id", "position"),
    )


goal_item = _child("goal_item", "department", _text("title"), _text("goal"), _text("indicator"), _flag("secret"))
measure = _child("measure", "department", _text("text"))
project = _child("project", "department", _text("code"), _text("name"),
                 _amount("budget"), _amount("fiscal"), _amount("other"), _text("fund_use"),
                 _amount("plan0"), _amount("plan1"), _amount("plan2"), _amount("plan3"), _flag("secret"),
                 _text("executor"), _text("attribute"), _text("period"),
                 _amount("mid_total"), _amount("mid_fiscal"), _amount("mid_other"),
                 _amount("adjusted_budget"), _amount("executed"), _text("goals_actual"),
                 _text("shortfall"), _text("improvement"), _flag("goals_unnumbered"), _flag("mid_goals_unnumbered"),
                 # a unit's 部门整体 table (Department.whole), not one of its projects, with its money in 元
                 _flag("whole"), _amount("funds_total"), _amount("funds_personnel"), _amount("funds_operation"),
                 _amount("funds_other_operation"), _amount("funds_specific"))
project_goal = _child("project_goal", "project", _text("text"),
                      Column("phase", Text, nullable=False, server_default="year"))
indicator = _child("indicator", "project", _text("level1"), _text("level2"), _text("name"), _text("description"),
                   _text("value"), _text("basis"), Column("phase", Text, nullable=False, server_default="year"),
                   _amount("weight"), _text("direction"), _text("actual"), _text("previous_value"),
                   _text("previous_actual"), _amount("score"), _text("band"), _text("deviation"),
                   _text("adjusted_value"), _text("levels_as_written"), _text("goal_name"))


def _round(name: str, parent: str, *columns: Column) -> Table:
    """The values of one 执行监控 round (month M) beside a project or an indicator."""
    return Table(
        name, metadata,
        Column("id", Integer, primary_key=True),
        Column(f"{parent}_id", Integer, ForeignKey(f"{parent}.id", ondelete="CASCADE"), nullable=False),
        Column("month", Integer, nullable=False),
        *columns,
        UniqueConstraint(f"{parent}_id", "month", name=f"uq_{name}_month"),
    )


indicator_round = _round("indicator_round", "indicator", _text("done"), _text("forecast"), _text("cause"),
                         _text("cause_text"), _text("possibility"), _text("note"))
project_round = _round("project_round", "project", _amount("executed"), _amount("forecast"), _text("analysis"),
                       _text("suggestion"))
