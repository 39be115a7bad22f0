"""指标库 schema 1: entries learned from the clerk's documents or imported, and which documents used them."""

import sqlalchemy as sa
from alembic import op

revision = "L0001"
down_revision = None
branch_labels = None
depends_on = None


def _text(name: str) -> sa.Column:
    return sa.Column(name, sa.Text, nullable=False, server_default="")


def upgrade() -> None:
    op.create_table(
        "entry",
        sa.Column("id", sa.Integer, primary_key=True),
        _text("key"), _text("origin"), _text("project_class"), _text("level1"), _text("level2"), _text("name"),
        _text("initials"), _text("keywords"), _text("scope"),
        _text("explanation"), _text("operator"), _text("value"), _text("unit"), _text("standard"), _text("source"),
        sa.Column("uses", sa.Integer, nullable=False, server_default="0"),
        _text("last_value"), _text("last_used"),
        sa.UniqueConstraint("origin", "key", name="uq_entry_origin_key"),
    )
    op.create_index("ix_entry_uses", "entry", ["uses"])
    op.create_table(
        "use",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("entry_id", sa.Integer, sa.ForeignKey("entry.id", ondelete="CASCADE"), nullable=False),
        _text("source"),
        sa.UniqueConstraint("entry_id", "source", name="uq_use_entry_source"),
    )
    op.execute("PRAGMA application_id = 1346782284")  # LIBRARY_APPLICATION_ID: a 指标库 file, not a document
