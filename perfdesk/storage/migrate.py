"""Schema versions: which revision a file has, and bringing it to ours with Alembic."""

from __future__ import annotations

import sqlite3
from functools import lru_cache

from ..resources import package_path

MIGRATIONS_DIR = package_path("storage", "migrations")
LIBRARY_MIGRATIONS_DIR = package_path("storage", "library_migrations")  # the 指标库 file's own history


#: Every revision this perfdesk knows, oldest first. A constant, so that opening a current document does not
#: import Alembic (about 0.3–0.6 s) just to list its scripts; tests/test_storage.py checks it against them.
KNOWN_REVISIONS = ("0001", "0002", "0003", "0004", "0005", "0006", "0007", "0008")


#: The same for the 指标库 file.
LIBRARY_REVISIONS = ("L0001",)


def known_revisions() -> tuple[str, ...]:
    return KNOWN_REVISIONS


@lru_cache(maxsize=2)
def script_revisions(directory=MIGRATIONS_DIR) -> tuple[str, ...]:
    """The revisions of the migration scripts themselves, oldest first (Alembic reads them)."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory(str(directory))
    return tuple(reversed([rev.revision for rev in script.walk_revisions()]))


def head_revision() -> str:
    return known_revisions()[-1]


def file_revision(conn: sqlite3.Connection) -> str | None:
    has_table = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
    ).fetchone()
    if not has_table:
        return None
    row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    return row[0] if row else None


def upgrade(engine, directory=MIGRATIONS_DIR) -> None:
    """Apply every missing migration (of a document, or of the 指标库 file from ``directory``) in one
    transaction: all of them land, or none."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(directory))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
