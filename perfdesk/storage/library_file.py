"""The 指标库 file: one SQLite file in the user's data folder, shared by every document — the indicators learned
from the clerk's documents (我的指标) and those imported from a bureau's list. The built-in starter set is not
stored (it comes with the program, library/builtin).

It is written like a document (docfile: rollback journal, synchronous=FULL, every change one committed
transaction, so a killed process loses nothing committed), has its own schema version and migrations
(library_migrations/), and its own application id, so that neither is ever opened as the other.
"""

from __future__ import annotations

import datetime
import sqlite3
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable

from sqlalchemy import func, insert, select, update
from sqlalchemy.exc import DatabaseError as SQLAlchemyDatabaseError

from ..domain.model import Indicator
from ..domain.text import label_key
from ..library.builtin import LibraryEntry
from ..library.search import initial_strings
from . import migrate
from .docfile import _engine, _scratch, _writing_to, sqlite_uri
from .errors import DocumentError, translate_database_error
from .library_schema import LIBRARY_APPLICATION_ID, entry, use

MINE, IMPORTED = "mine", "imported"  # learned from the clerk's documents (我的指标) | from a bureau's workbook
_ORIGIN_NAMES = {MINE: "我的指标"}
_ENTRY_FIELDS = ("project_class", "level1", "level2", "name", "explanation", "operator", "value", "unit", "standard",
                 "keywords", "scope")


class LibraryError(DocumentError):
    """The 指标库 file cannot be used (the message is Chinese and names it)."""


class LibraryFile:
    def __init__(self, path: Path, engine) -> None:
        self.path, self.engine = path, engine
        self._entries: tuple[LibraryEntry, ...] | None = None  # read once, again after a change

    @classmethod
    def open(cls, path: str | Path) -> LibraryFile:
        """The library at ``path``, created (empty) when there is none yet, brought to this perfdesk's schema
        when older. Raises LibraryError for a file that is not a 指标库, is damaged, or is newer."""
        path = Path(path)
        if not path.exists():
            cls._create(path)
        uri = sqlite_uri(path, "rw")
        try:
            probe = sqlite3.connect(uri, uri=True)
        except sqlite3.Error as exc:
            raise LibraryError(f"无法打开指标库「{path}」：{exc}") from None
        try:
            revision = _check(probe, path)
        finally:
            probe.close()
        engine = _engine(lambda: sqlite3.connect(uri, uri=True, check_same_thread=False))
        if revision != migrate.LIBRARY_REVISIONS[-1]:
            migrate.upgrade(engine, migrate.LIBRARY_MIGRATIONS_DIR)
        return cls(path, engine)

    @staticmethod
    def _create(path: Path) -> None:
        """A new, empty library built beside its place and renamed in when complete."""
        import os

        from ..sidefiles import fsync_file, temporary_beside

        path.parent.mkdir(parents=True, exist_ok=True)
        with _writing_to(path), temporary_beside(path) as tmp:
            engine = _engine(lambda: _scratch(tmp), journal="OFF")
            try:
                migrate.upgrade(engine, migrate.LIBRARY_MIGRATIONS_DIR)
            finally:
                engine.dispose()
            fsync_file(tmp)
            os.replace(tmp, path)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> LibraryFile:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextmanager
    def _transaction(self):
        try:
            with self.engine.begin() as conn:
                yield conn
        except (sqlite3.Error, SQLAlchemyDatabaseError) as exc:
            raise translate_database_error(exc, self.path) from None
        finally:
            self._entries = None

    # -- what it holds ---------------------------------------------------------------------------
    def entries(self) -> tuple[LibraryEntry, ...]:
        """Every entry, most used first (read once and kept until the next change)."""
        if self._entries is None:
            with self.engine.connect() as conn:
                self._entries = _entries_of(conn)
        return self._entries

    def learn(self, indicators: Iterable[Indicator], source: str) -> int:
        """我的指标: each named indicator of the document ``source`` taken in, one entry per name (as label_key
        tells names apart) — new, or known with its latest 指标值 and levels, counted once per document that
        uses it. One transaction. Returns how many names were taken."""
        latest: dict[str, Indicator] = {}
        for indicator in indicators:
            key = label_key(indicator.name)
            if key:
                latest[key] = indicator
        if not latest:
            return 0
        today = datetime.date.today().isoformat()
        with self._transaction() as conn:
            ids = dict(conn.execute(select(entry.c.key, entry.c.id).where(entry.c.origin == MINE,
                                                                          entry.c.key.in_(list(latest)))).all())
            for key, indicator in latest.items():
                values = {"level1": indicator.level1, "level2": indicator.level2, "last_value": indicator.value,
                          "last_used": today}
                if key in ids:
                    conn.execute(update(entry).where(entry.c.id == ids[key]).values(**values))
                else:
                    name = indicator.name.replace("\n", "")
                    ids[key] = conn.execute(insert(entry).values(
                        key=key, origin=MINE, name=name, explanation=indicator.description, source=source,
                        initials="|".join(initial_strings(name)), **values)).inserted_primary_key[0]
            used = set(conn.execute(select(use.c.entry_id).where(use.c.source == source,
                                                                 use.c.entry_id.in_(list(ids.values())))).scalars())
            new = [{"entry_id": ids[key], "source": source} for key in latest if ids[key] not in used]
            if new:
                conn.execute(insert(use), new)
            counted = select(func.count()).where(use.c.entry_id == entry.c.id).scalar_subquery()
            conn.execute(update(entry).where(entry.c.id.in_([ids[key] for key in latest])).values(uses=counted))
        return len(latest)

    def take_in(self, entries: Iterable[LibraryEntry]) -> tuple[int, int]:
        """A bureau's entries (exchange/library_sheets) into the library, one transaction: an entry already there
        (same class, 二级 and name) takes the new text, any other is added. Returns (added, updated)."""
        rows = {label_key(f"{e.project_class}|{e.level2}|{e.name}"): e for e in entries}
        added = updated = 0
        with self._transaction() as conn:
            ids = dict(conn.execute(select(entry.c.key, entry.c.id).where(entry.c.origin == IMPORTED,
                                                                          entry.c.key.in_(list(rows)))).all())
            for key, e in rows.items():
                values = {f: getattr(e, f) for f in _ENTRY_FIELDS} | {
                    "source": e.source, "initials": "|".join(e.initials or initial_strings(e.name))}
                if key in ids:
                    conn.execute(update(entry).where(entry.c.id == ids[key]).values(**values))
                    updated += 1
                else:
                    conn.execute(insert(entry).values(key=key, origin=IMPORTED, **values))
                    added += 1
        return added, updated

    def count(self) -> int:
        with self.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(entry)).scalar()


def read_entries(path: Path) -> tuple[LibraryEntry, ...]:
    """Every entry of the library at ``path``, read on a connection of its own (a worker thread preparing the
    suggestions while the window writes through its LibraryFile). The rows are fetched first, so the file is
    locked for reading only as long as SQLite takes."""
    uri = sqlite_uri(Path(path), "ro")
    engine = _engine(lambda: sqlite3.connect(uri, uri=True, check_same_thread=False), readonly=True)
    try:
        with engine.connect() as conn:
            return _entries_of(conn)
    except (sqlite3.Error, SQLAlchemyDatabaseError) as exc:
        raise translate_database_error(exc, Path(path)) from None
    finally:
        engine.dispose()


def _entries_of(conn) -> tuple[LibraryEntry, ...]:
    rows = conn.execute(select(entry).order_by(entry.c.uses.desc(), entry.c.id)).all()
    return tuple(LibraryEntry(**{f: getattr(row, f) for f in _ENTRY_FIELDS},
                              source=_ORIGIN_NAMES.get(row.origin, row.source), uses=row.uses,
                              last_value=row.last_value, initials=tuple(filter(None, row.initials.split("|"))))
                 for row in rows)


def _check(conn: sqlite3.Connection, path: Path) -> str:
    """The file's schema revision; LibraryError for a file that is not a 指标库 this perfdesk can use."""
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        problems = [row[0] for row in conn.execute("PRAGMA quick_check").fetchall()]
    except sqlite3.DatabaseError:
        raise LibraryError(f"「{path.name}」不是 perfdesk 指标库（或已严重损坏），无法使用。") from None
    if app_id != LIBRARY_APPLICATION_ID:
        raise LibraryError(f"「{path.name}」不是 perfdesk 指标库，无法使用。")
    if problems != ["ok"]:
        raise LibraryError(f"指标库「{path.name}」已损坏，无法使用。可删除或改名该文件，perfdesk 会重新建立一个空的指标库"
                           "（内置指标不受影响）。")
    revision = migrate.file_revision(conn)
    if revision not in migrate.LIBRARY_REVISIONS:
        raise LibraryError(f"指标库「{path.name}」由更新版本的 perfdesk 保存（版本 {revision}），为免损坏未使用。"
                           "请升级 perfdesk。")
    return revision
