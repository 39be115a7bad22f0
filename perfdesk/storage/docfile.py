"""Opening, creating and saving a perfdesk document: one SQLite file, one connection to it — read through the
DB-API in plain SQL (storage/reads.py), written through SQLAlchemy 2 (storage/repository.py), loaded only then.

Durability decision: the user's file is written in place with SQLite's rollback journal
(``journal_mode=DELETE``) and ``synchronous=FULL``; every storage call is one short transaction that is
committed before it returns. A killed process therefore loses nothing that was committed, and SQLite's
journal rolls back a half-written transaction the next time the file is opened. WAL is not used: it is
unsafe on the network shares clerks keep documents on, and a WAL file copied without its ``-wal`` side
file loses its last commits. Copies ("另存为") go through the SQLite backup API, never a file copy.

A writable open holds an OS lock on a ``.~lock.<name>#`` file beside the document (the convention
LibreOffice and WPS users know), so a second program is told the file is in use; readers need no lock.
"""

from __future__ import annotations

import os
import sqlite3
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from ..domain.model import Document
from ..fileformat import APPLICATION_ID
from ..os_errors import write_failure
from ..sidefiles import clean_leftovers, fsync_file, temporary_beside
from . import migrate, reads
from .doclock import DocumentLock, LockRefused
from .errors import (  # noqa: F401 - the error classes are re-exported: callers import them from here
    DiskFullError,
    DocumentChangedError,
    DocumentDamagedError,
    DocumentError,
    DocumentInUseError,
    NewerVersionError,
    NotADocumentError,
    damaged,
    integrity_summary,
    translate_database_error,
)
from .reads import StoredValueError
from .table_columns import TABLE_COLUMNS

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Engine

SUFFIX = ".perfdesk"


def sqlite_uri(path: Path, mode: str) -> str:
    """SQLite's URI of the file at ``path`` opened in ``mode`` ("ro", "rw"). The path is quoted as urllib.request's
    pathname2url quotes it (on Windows nturl2path's, which writes a network share \\\\server\\share as
    ////server/share — the form SQLite accepts), without importing urllib.request (20 ms of a start-up)."""
    if os.name == "nt":
        from nturl2path import pathname2url
    else:
        from urllib.parse import quote as pathname2url
    return f"file:{pathname2url(str(path.resolve()))}?mode={mode}"


def _configure(dbapi_conn: sqlite3.Connection, readonly: bool, journal: str = "DELETE") -> None:
    # Python's sqlite3 would open transactions implicitly (and not for DDL); let SQLAlchemy's
    # "begin" event below issue BEGIN so that migrations are transactional too.
    dbapi_conn.isolation_level = None
    dbapi_conn.execute("PRAGMA foreign_keys = ON")
    dbapi_conn.execute("PRAGMA busy_timeout = 5000")
    if not readonly:
        dbapi_conn.execute(f"PRAGMA journal_mode = {journal}")
        dbapi_conn.execute("PRAGMA synchronous = FULL")


def _engine(connect, readonly: bool = False, journal: str = "DELETE") -> Engine:
    # One connection per document, shared (StaticPool): the GUI and CLI use a document from one thread
    # at a time, and a single connection keeps SQLite's locking simple. SQLAlchemy is imported here, when a
    # document is first written (or created, or migrated): reading needs none of it (storage/reads.py).
    from sqlalchemy import create_engine, event
    from sqlalchemy.pool import StaticPool

    engine = create_engine("sqlite://", creator=connect, poolclass=StaticPool)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):
        _configure(dbapi_conn, readonly, journal)

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        conn.exec_driver_sql("BEGIN")

    return engine


def _database_errors() -> tuple[type[Exception], ...]:
    """The errors a database call raises: sqlite3's, and SQLAlchemy's wrapping of them once SQLAlchemy is loaded
    (a document that has only been read has not loaded it, and then nothing can raise its errors)."""
    sqlalchemy_errors = sys.modules.get("sqlalchemy.exc")
    return (sqlite3.Error,) if sqlalchemy_errors is None else (sqlite3.Error, sqlalchemy_errors.DatabaseError)


def _check(conn: sqlite3.Connection, path: Path, *, integrity: bool = True) -> str:
    """Refuse foreign, damaged and newer files with a message a clerk can act on; the file's schema revision.
    ``integrity`` False: the checks that read every page are left to a _Verification (the window's start-up)."""
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    except sqlite3.DatabaseError:
        raise NotADocumentError(f"「{path.name}」不是 perfdesk 文档（或文件已严重损坏），无法打开。") from None
    if app_id != APPLICATION_ID:
        raise NotADocumentError(f"「{path.name}」不是 perfdesk 文档，无法打开。请用「导入」读入其他格式的文件。")
    if integrity:
        _check_pages(conn, path)
    try:
        revision = migrate.file_revision(conn)
    except sqlite3.DatabaseError as exc:
        raise _pages_damaged(path, [str(exc)]) from None
    if revision is None:
        raise damaged(path, "缺少文档格式版本")
    if revision not in migrate.known_revisions():
        raise NewerVersionError(
            f"「{path.name}」由更新版本的 perfdesk 保存（文档格式版本 {revision}，本程序只认识到 "
            f"{migrate.head_revision()}），为免损坏未打开。请升级 perfdesk 后再打开。"
        )
    if integrity:
        _check_references(conn, path)
    if revision == migrate.head_revision():
        _check_tables(conn, path)
    return revision


def _pages_damaged(path: Path, problems: list[str]) -> DocumentDamagedError:
    return DocumentDamagedError(
        f"「{path.name}」已损坏（{integrity_summary(problems)}），无法打开。请使用备份文件，或联系技术支持。")


def _check_pages(conn: sqlite3.Connection, path: Path) -> None:
    # quick_check at every open (the pages and their structure: 27 ms against integrity_check's 46 ms on a
    # 21 MB document); the full check, indexes against their tables too, on demand (integrity_ok,
    # `perfdesk check --integrity`, --selftest)
    try:
        problems = [row[0] for row in conn.execute("PRAGMA quick_check").fetchall()]
    except sqlite3.DatabaseError as exc:
        problems = [str(exc)]
    if problems != ["ok"]:
        raise _pages_damaged(path, problems)


def _check_references(conn: sqlite3.Connection, path: Path) -> None:
    try:
        broken = conn.execute("PRAGMA foreign_key_check").fetchone() is not None
    except sqlite3.DatabaseError as exc:
        raise _pages_damaged(path, [str(exc)]) from None
    if broken:
        raise DocumentDamagedError(f"「{path.name}」中的数据关联已损坏，无法打开。请使用备份文件。")


class _Verification:
    """The checks that read every page of a file (SQLite's quick_check, the foreign keys), run on a connection and
    a thread of their own while the window is being built: sqlite3 leaves Python's lock while SQLite works, so
    they overlap the window's start-up (37 ms of a 120,000-indicator document's) instead of preceding it. What
    they find is asked for by ``DocumentFile.verified()`` — by every write first, so nothing is written to a file
    that has not passed, and by the window once it has painted."""

    def __init__(self, uri: str, path: Path) -> None:
        self.found: DocumentError | None = None
        self._thread = threading.Thread(target=self._run, args=(uri, path), name="perfdesk-verify", daemon=True)
        self._thread.start()

    def _run(self, uri: str, path: Path) -> None:
        try:
            conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
            try:
                _check_pages(conn, path)
                _check_references(conn, path)
            finally:
                conn.close()
        except DocumentError as exc:
            self.found = exc
        except sqlite3.Error as exc:
            self.found = _pages_damaged(path, [str(exc)])

    def result(self) -> DocumentError | None:
        self._thread.join()
        return self.found


def _finish_recovery(path: Path) -> None:
    """A killed writer leaves a hot rollback journal, which only a connection that may write can roll
    back; a read-only connection then sees a file it cannot read and the document looked "damaged".
    Roll it back here when no one else is writing; when the file cannot be written, say what to do."""
    journal = Path(f"{path}-journal")
    try:
        if journal.stat().st_size == 0:
            return
    except OSError:
        return
    try:
        lock = DocumentLock(path).acquire()
    except LockRefused:
        return  # a live writer owns the journal: its transaction ends soon, and readers wait for it
    try:
        if _unwritable(path):
            raise DocumentError(f"「{path.name}」上次没有正常关闭，需要以可写方式打开一次才能完成恢复，"
                                "而文件或所在文件夹现在是只读的。请把它复制到可写的文件夹，用 perfdesk 打开一次。")
        conn = sqlite3.connect(path)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # reading rolls the journal back
        except sqlite3.Error as exc:
            raise translate_database_error(exc, path) from None
        finally:
            conn.close()
    finally:
        lock.release()


def _check_tables(conn: sqlite3.Connection, path: Path) -> None:
    """Every table and column of the current schema is there (a dropped table is damage, not a bug)."""
    for table, expected in TABLE_COLUMNS.items():
        columns = {row[1] for row in conn.execute(f'PRAGMA table_info("{table}")')}
        missing = [name for name in expected if name not in columns]
        if not columns:
            raise damaged(path, f"缺少数据表 {table}")
        if missing:
            raise damaged(path, f"数据表 {table} 缺少 {'、'.join(missing)}")


@contextmanager
def _writing_to(target: Path):
    """Errors while building a new file (full disk, no permission) in Chinese, naming the target; the
    temporary file is gone and the target untouched when this raises."""
    try:
        yield
    except DocumentError:
        raise
    except OSError as exc:
        raise DocumentError(write_failure(target, exc, "保存") + "未作任何改动。") from None
    except _database_errors() as exc:
        raise translate_database_error(exc, Path(target)) from None


def _scratch(path: Path) -> sqlite3.Connection:
    """A connection to a file being built under a temporary name: no journal (a failed build is simply
    deleted), so a killed build never leaves a ``-journal`` beside the clerk's files."""
    conn = sqlite3.connect(path, check_same_thread=False)
    conn.execute("PRAGMA journal_mode = OFF")
    return conn


def _backup(source: sqlite3.Connection, target: Path) -> None:
    """A consistent copy of ``source`` at ``target``, built under a temporary name and renamed into place
    only when complete (a kill during a pre-migration backup left a partial file under the real name)."""
    with temporary_beside(target) as tmp:
        destination = _scratch(tmp)
        try:
            source.backup(destination)
        finally:
            destination.close()
        fsync_file(tmp)
        os.replace(tmp, target)


@contextmanager
def _translated(path: Path):
    """SQLite's errors and undecodable stored values become Chinese DocumentErrors naming the file at ``path``."""
    try:
        yield
    except DocumentError:
        raise
    except _database_errors() as exc:
        raise translate_database_error(exc, path) from exc
    except StoredValueError as exc:
        raise damaged(path, str(exc)) from exc


class Snapshot:
    """A copy of a document in a temporary folder of its own (DocumentFile.snapshot); what goes wrong reading it
    is said of the document (``source``)."""

    def __init__(self, source: Path) -> None:
        self.source = source
        self._folder = tempfile.TemporaryDirectory(prefix="perfdesk-snapshot-", ignore_cleanup_errors=True)
        self.path = Path(self._folder.name) / "snapshot.perfdesk"

    @contextmanager
    def reading(self):
        """A read-only DB-API connection to the copy, made on the calling thread, for storage/reads.py."""
        with _translated(self.source):
            connection = sqlite3.connect(sqlite_uri(self.path, "ro"), uri=True)
            try:
                yield connection
            finally:
                connection.close()

    @contextmanager
    def streamed(self):
        """The document without its indicators, and what gives a project of it with its indicators (read then, as
        a copy): for a writer that takes one project at a time."""
        with self.reading() as connection:
            yield reads.read_document(connection, with_indicators=False), partial(reads.with_indicators, connection)

    def discard(self) -> None:
        self._folder.cleanup()


class DocumentFile:
    """An open document. Every method that changes it commits before it returns."""

    def __init__(self, path: Path, connection: sqlite3.Connection, *, readonly: bool, lock: DocumentLock | None,
                 engine: Engine | None = None) -> None:
        self.path = path
        self._connection = connection  # the one connection: reads use it directly, writes through the engine
        self._engine = engine
        self.readonly = readonly
        self._lock = lock
        self.backup_path: Path | None = None  # set when opening made a pre-migration backup
        self.readonly_reason: str | None = None  # why a document asked for editing was opened read-only
        self._data_version: int | None = None  # SQLite's count of other connections' commits, as last seen
        self._busy = False
        self.closed = False  # closed: nothing reads or writes it any more (a late timer of the window checks)
        self._verification: _Verification | None = None  # page checks still running (open(verify_later=True))

    # -- opening ------------------------------------------------------------------------------
    @classmethod
    def open(cls, path: str | Path, *, readonly: bool = False, verify_later: bool = False) -> DocumentFile:
        """Open for editing (or ``readonly``). A file or folder that cannot be written is opened read-only
        rather than failing at the first edit: ``readonly_reason`` then says why, for the window to show.
        ``verify_later``: a current file's page checks run beside the caller's work (_Verification) — the
        caller asks ``verified()`` before trusting what it read; writes ask it themselves."""
        path = Path(path)
        if not path.is_file():
            raise DocumentError(f"找不到文件「{path}」。")
        clean_leftovers(path.parent)  # temporary files of a killed 另存为 or export in this folder
        reason = None if readonly else _unwritable(path)
        readonly = readonly or reason is not None
        lock = None if readonly else _acquire(path)
        try:
            document = cls._open_locked(path, readonly, lock, verify_later)
        except BaseException:
            if lock is not None:
                lock.release()
            raise
        document.readonly_reason = reason
        return document

    @classmethod
    def _open_locked(cls, path: Path, readonly: bool, lock: DocumentLock | None,
                     verify_later: bool = False) -> DocumentFile:
        if lock is not None:
            lock.hold_file()  # the file now in place (a created or copied one replaced what was there)
        if readonly:
            _finish_recovery(path)
        uri = sqlite_uri(path, "ro" if readonly else "rw")
        try:
            probe = sqlite3.connect(uri, uri=True)
        except sqlite3.Error as exc:
            raise DocumentError(f"无法打开「{path.name}」：{exc}") from None
        verification = None
        try:
            try:  # only a current file is verified later: an older one is migrated (written) first
                verify_later = verify_later and migrate.file_revision(probe) == migrate.head_revision()
            except sqlite3.DatabaseError:
                verify_later = False  # _check says what is wrong
            revision = _check(probe, path, integrity=not verify_later)
            if verify_later:
                verification = _Verification(sqlite_uri(path, "ro"), path)
            outdated = revision != migrate.head_revision()
            backup_path = None
            if outdated and readonly:
                # Read an older file without touching it: migrate a private in-memory copy.
                memory = sqlite3.connect(":memory:", check_same_thread=False)
                probe.backup(memory)
                engine = _engine(lambda: memory, readonly=False)
                migrate.upgrade(engine)
                return cls(path, memory, readonly=True, lock=None, engine=engine)
            if outdated:
                backup_path = path.with_name(f"{path.stem}.升级前备份-{revision}-{time.strftime('%Y%m%d%H%M%S')}{path.suffix}")
                _backup(probe, backup_path)
        finally:
            probe.close()
        try:
            connection = sqlite3.connect(uri, uri=True, check_same_thread=False)
            _configure(connection, readonly)
        except sqlite3.Error as exc:
            raise translate_database_error(exc, path) from None
        engine = None
        if outdated:
            engine = _engine(lambda: connection, readonly)
            try:
                migrate.upgrade(engine)
            except Exception as exc:
                engine.dispose()
                connection.close()
                raise DocumentError(f"升级「{path.name}」的文档格式失败（{exc}），文件未改动；备份在「{backup_path.name}」。") from exc
        document = cls(path, connection, readonly=readonly, lock=lock, engine=engine)
        document._verification = verification
        document.backup_path = backup_path
        document._data_version = connection.execute("PRAGMA data_version").fetchone()[0]
        return document

    @classmethod
    def create(cls, path: str | Path, document: Document | None = None, *, overwrite: bool = False) -> DocumentFile:
        """Create a new file, built beside the target and renamed into place only when complete."""
        path = Path(path)
        if path.exists() and not overwrite:
            raise DocumentError(f"文件「{path}」已存在。")
        lock = _acquire(path)
        try:
            with _writing_to(path), temporary_beside(path) as tmp:
                engine = _engine(lambda: _scratch(tmp), journal="OFF")
                try:
                    migrate.upgrade(engine)
                    if document is not None:
                        from . import repository

                        with engine.begin() as conn:
                            repository.write_document(conn, document)
                finally:
                    engine.dispose()
                fsync_file(tmp)
                os.replace(tmp, path)
            return cls._open_locked(path, False, lock)
        except BaseException:
            lock.release()
            raise

    @property
    def engine(self) -> Engine:
        """SQLAlchemy's engine over the document's connection, made (and SQLAlchemy imported) at the first write."""
        if self._engine is None:
            connection = self._connection
            self._engine = _engine(lambda: connection, self.readonly)
        return self._engine

    def prepare_writing(self) -> None:
        """Load the writing side now — SQLAlchemy, the engine, the write queries (the window calls this once it
        has painted, so that the first edit does not wait for them to load)."""
        from . import repository  # noqa: F401 - imported for its cost, paid here

        self.engine  # noqa: B018 - the property makes it

    def verified(self) -> None:
        """Wait for the page checks of an ``open(verify_later=True)``; raise what they found (each time asked)."""
        if self._verification is not None:
            found = self._verification.result()
            if found is not None:
                raise found
            self._verification = None

    def close(self) -> None:
        if self._verification is not None:
            self._verification.result()  # its thread reads the file: let it end first
        if self._engine is not None:
            self._engine.dispose()
        self._connection.close()
        self.closed = True
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> DocumentFile:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- copies -------------------------------------------------------------------------------
    def save_copy(self, target: str | Path) -> None:
        """Write a consistent copy through SQLite's backup API, renamed into place when complete."""
        target = Path(target)
        with self.reading() as conn, _writing_to(target):
            _backup(conn, target)

    def save_as(self, target: str | Path) -> DocumentFile:
        """另存为: copy, then continue working on the copy (this one is closed)."""
        target = Path(target)
        if target.resolve() == self.path.resolve():
            return self
        lock = _acquire(target)
        try:
            self.save_copy(target)
            copy = DocumentFile._open_locked(target, False, lock)
        except BaseException:
            lock.release()
            raise
        self.close()
        return copy

    # -- content ------------------------------------------------------------------------------
    @contextmanager
    def transaction(self):
        """One committed transaction; callers in ui/ never see SQL, only repository functions."""
        if self.readonly:
            raise DocumentError(f"「{self.path.name}」以只读方式打开，不能修改。")
        self.verified()  # nothing is written to a file whose pages have not passed
        with self._exclusive(), self._translated(), self.engine.begin() as conn:
            # Belt and braces beside the lock (a share that ignores locks, a tool that bypassed them): if
            # anyone else committed since we last looked, refuse rather than write over their change.
            version = conn.exec_driver_sql("PRAGMA data_version").scalar()
            if self._data_version is not None and version != self._data_version:
                raise DocumentChangedError(
                    f"「{self.path.name}」已被其他程序修改，为免覆盖对方的修改，这项修改未保存。"
                    "请关闭后重新打开文档，再重做这项修改。")
            self._data_version = version
            yield conn

    @contextmanager
    def reading(self):
        """The DB-API connection, in one read transaction (what is read together is one consistent state of the
        file), for the plain-SQL reads of storage/reads.py."""
        with self._exclusive(), self._translated():
            connection = self._connection
            connection.execute("BEGIN")
            try:
                yield connection
            finally:
                if connection.in_transaction:
                    connection.execute("ROLLBACK")

    def _translated(self):
        return _translated(self.path)

    @contextmanager
    def _exclusive(self):
        # The single shared connection must not be entered twice: closing the inner use would roll
        # back the outer transaction.
        if self._busy:
            raise RuntimeError("nested use of the document connection")
        self._busy = True
        try:
            yield
        finally:
            self._busy = False

    def read(self) -> Document:
        with self.reading() as conn:
            return reads.read_document(conn)

    def snapshot(self) -> Snapshot:
        """The document as it is now, copied (SQLite's backup API: one consistent state) into a private temporary
        file for an export to read at its own pace, project by project, on any thread — holding neither the
        document in memory nor its file (a long read of the file itself would keep the window's edits from being
        saved until it ended). The caller discards it when done."""
        try:
            snapshot = Snapshot(self.path)
        except OSError as exc:
            raise DocumentError(write_failure(tempfile.gettempdir(), exc)) from None
        try:
            with self._exclusive(), self._translated():
                destination = _scratch(snapshot.path)
                try:
                    self._connection.backup(destination)
                finally:
                    destination.close()
        except BaseException:
            snapshot.discard()
            raise
        return snapshot

    def check(self):
        """The document's 审核 (a domain.rules.Checker), read one project's indicators at a time: its memory follows
        the largest project, not the document."""
        from ..domain.rules import Checker

        with self.reading() as conn:
            return Checker(reads.read_document(conn, with_indicators=False), reads.project_indicators(conn))

    def replace_document(self, document: Document) -> None:
        from . import repository

        with self.transaction() as conn:
            repository.clear_document(conn)
            repository.write_document(conn, document)

    def integrity_ok(self) -> bool:
        return not self.integrity_problems()

    def integrity_problems(self) -> list[str]:
        """SQLite's full integrity check (tables and every index against them): what it found, or []."""
        with self.reading() as conn:
            found = [row[0] for row in conn.execute("PRAGMA integrity_check").fetchall()]
        return [] if found == ["ok"] else found


def _unwritable(path: Path) -> str | None:
    """Why the document cannot be edited in place, or None. SQLite needs the file and, for its rollback
    journal, the folder writable: otherwise the first edit fails with a raw English error."""
    if not os.access(path, os.W_OK):
        return "文件是只读的"
    if not os.access(path.parent, os.W_OK | os.X_OK):
        return "所在文件夹不可写"
    return None


def _acquire(path: Path) -> DocumentLock:
    try:
        return DocumentLock(path).acquire()
    except LockRefused as refused:
        if refused.in_use:
            raise DocumentInUseError(
                f"「{path.name}」正被另一个 perfdesk 窗口或程序编辑。请先在那里关闭它；如只需查看，可以只读方式打开。"
            ) from None
        raise DocumentError(f"无法锁定「{path.name}」以便编辑：{refused.reason}。请检查文件夹是否可写。") from None


__all__ = ["DocumentFile", "DocumentError", "NotADocumentError", "DocumentDamagedError", "NewerVersionError",
           "DocumentInUseError"]
