"""Schema 1: departments with Part 1, projects, goals and indicators."""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _text(name):
    return sa.Column(name, sa.Text, nullable=False, server_default="")


def _flag(name):
    return sa.Column(name, sa.Boolean, nullable=False, server_default="0")


def _amount(name):
    return sa.Column(name, sa.Text, nullable=True)


def _child(table, parent, *columns):
    op.create_table(
        table,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(f"{parent}_id", sa.Integer, sa.ForeignKey(f"{parent}.id", ondelete="CASCADE"), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        *columns,
    )
    op.create_index(f"ix_{table}_{parent}", table, [f"{parent}_id", "position"])


def upgrade() -> None:
    op.execute("PRAGMA application_id = 1346782283")  # 0x5046444B, "PFDK"
    op.create_table(
        "document",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("taxonomy", sa.Text, nullable=False),
        sa.CheckConstraint("id = 1", name="ck_document_single_row"),
    )
    op.execute("INSERT INTO document (id, taxonomy) VALUES (1, 'classic')")
    op.create_table(
        "department",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("position", sa.Integer, nullable=False),
        _text("code"), _text("name"),
        sa.Column("year", sa.Integer, nullable=True),
        _text("overall_goal"), _flag("overall_secret"),
        _flag("items_secret"), _flag("measures_secret"),
    )
    _child("goal_item", "department", _text("title"), _text("goal"), _text("indicator"), _flag("secret"))
    _child("measure", "department", _text("text"))
    _child("project", "department", _text("code"), _text("name"),
           _amount("budget"), _amount("fiscal"), _amount("other"), _text("fund_use"),
           _amount("plan0"), _amount("plan1"), _amount("plan2"), _amount("plan3"), _flag("secret"))
    _child("project_goal", "project", _text("text"))
    _child("indicator", "project", _text("level1"), _text("level2"), _text("name"), _text("description"),
           _text("value"), _text("basis"))
