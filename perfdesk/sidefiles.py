"""Temporary files perfdesk writes beside the clerk's files, and the cleaning of ones a killed run left.

Every new file (a document, a copy, a backup, an export) is written under a temporary name in the target's
folder and renamed into place when complete. Those names start with ``.~pd.`` (hidden, and never a name a
clerk chose), stay within 255 bytes for any legal target name, and are held with ``flock`` while being
written (POSIX), so that cleaning can tell a leftover of a killed run from a file another perfdesk is
still writing. On Windows a file being written cannot be deleted, which gives the same protection.
"""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None

PREFIX = ".~pd."
SUFFIX = ".tmp"
NAME_MAX = 255  # bytes of a file name, on every file system clerks use
_RANDOM = 8  # what mkstemp adds


def side_name(before: str, name: str, after: str) -> str:
    """``before + name + after`` for a file beside ``name``, with a short stable stand-in for ``name`` when
    the whole would pass the file-name limit (a long but legal document name)."""
    if len(f"{before}{name}{after}".encode("utf-8")) > NAME_MAX:
        import hashlib  # here: rarely needed, and 2 ms of a start-up

        name = hashlib.sha1(name.encode("utf-8")).hexdigest()[:20]
    return f"{before}{name}{after}"


def temp_prefix(target: Path) -> str:
    # room for mkstemp's random part, the suffix and SQLite's "-journal"
    room = "x" * _RANDOM + SUFFIX + "-journal"
    return side_name(PREFIX, Path(target).name, "." + room)[: -len(room)]


def fsync_file(path: Path | str) -> None:
    """Flush a finished file to the disk before it is renamed into place."""
    with open(path, "rb+") as written:
        os.fsync(written.fileno())


@contextmanager
def temporary_beside(target: Path):
    """A fresh temporary path in ``target``'s folder, held while the block runs and removed after it
    unless the block renamed it into place."""
    target = Path(target)
    fd, name = tempfile.mkstemp(prefix=temp_prefix(target), suffix=SUFFIX, dir=target.parent or ".")
    try:
        # mkstemp makes the file private (0600); the renamed result is the clerk's ordinary file
        os.chmod(name, 0o666 & ~_UMASK)
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        yield Path(name)
    finally:
        os.close(fd)
        for leftover in (Path(name), Path(name + "-journal")):
            try:
                leftover.unlink()
            except FileNotFoundError:
                pass


def _read_umask() -> int:
    # Read once, at import (on the main thread): setting and restoring it later could race a thread.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _read_umask()


def clean_leftovers(folder: Path) -> list[Path]:
    """Remove temporary files a killed perfdesk left in ``folder`` (never one still being written).
    Returns what was removed; errors (a read-only folder) are ignored: this is tidying, not a duty."""
    removed = []
    try:
        candidates = [p for p in Path(folder).iterdir() if p.name.startswith(PREFIX)
                      and (p.name.endswith(SUFFIX) or p.name.endswith(SUFFIX + "-journal"))]
    except OSError:
        return removed
    for path in candidates:
        owner = Path(str(path).removesuffix("-journal"))
        if _being_written(owner):
            continue
        try:
            path.unlink()
            removed.append(path)
        except OSError:
            pass
    return removed


def _being_written(path: Path) -> bool:
    if fcntl is None or not path.exists():
        return False
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return False
    except OSError:
        return True
    finally:
        os.close(fd)
