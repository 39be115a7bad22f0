"""Who may write a document: one perfdesk at a time, whatever name the file is reached by.

Two locks together. The ``.~lock.<name>#`` file beside the document is the convention LibreOffice and WPS
users know (and what a network share honours); it is named after the *resolved* path, so a symbolic link
leads to the same lock. On POSIX the document file itself is also held with ``flock``: that lock belongs
to the file (device + inode), so a hard link, or deleting the lock file while a window is open, cannot let
a second writer in. (``flock`` and SQLite's own ``fcntl`` locks do not interact on Linux. The fd is closed
only after SQLite's connection is gone, because closing any fd of a file drops the process's fcntl locks.)
On Windows the lock file is what there is; hard links are not something clerks make there.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from ..sidefiles import side_name

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None


class LockRefused(Exception):
    """Another program holds the document (``in_use``), or the lock could not be made (``reason``)."""

    def __init__(self, in_use: bool, reason: str = "") -> None:
        super().__init__(reason)
        self.in_use = in_use
        self.reason = reason


def lock_path(path: Path) -> Path:
    path = Path(os.path.realpath(path))
    return path.with_name(side_name(".~lock.", path.name, "#"))


class DocumentLock:
    def __init__(self, path: Path) -> None:
        from filelock import FileLock  # here, not above: a read-only open (an export) takes no lock and does
        # not pay filelock's import (11 ms of an export's 0.3 s)

        self.path = Path(os.path.realpath(path))
        self._file_lock = FileLock(lock_path(self.path), timeout=0)
        self._fd: int | None = None

    def acquire(self) -> DocumentLock:
        from filelock import Timeout

        try:
            self._file_lock.acquire()
        except Timeout:
            raise LockRefused(True) from None
        except OSError as exc:
            raise LockRefused(False, exc.strerror or "") from None
        _hide(lock_path(self.path))
        try:
            if self.path.exists():
                self.hold_file()
        except BaseException:
            self._file_lock.release()
            raise
        return self

    def hold_file(self) -> None:
        """Hold the document file itself (again after it was replaced by a rename)."""
        if fcntl is None:
            return
        current = os.stat(self.path)
        if self._fd is not None:
            held = os.fstat(self._fd)
            if (held.st_dev, held.st_ino) == (current.st_dev, current.st_ino):
                return
        fd = os.open(self.path, os.O_RDONLY)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            raise LockRefused(True) from None
        self._drop_fd()
        self._fd = fd

    def _drop_fd(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closes the flock with it
            self._fd = None

    def release(self) -> None:
        """Let go, and take the lock file away (as LibreOffice does), so nothing is left in the folder.
        Removing it cannot let two writers in: on POSIX the file's own flock decides, and on Windows a
        lock file another program holds open cannot be removed."""
        self._drop_fd()
        lock_file = Path(self._file_lock.lock_file)
        if fcntl is not None:
            _unlink(lock_file)
            self._file_lock.release()
        else:
            self._file_lock.release()
            _unlink(lock_file)


def _unlink(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass


def _hide(path: Path) -> None:
    """On Windows, give the lock file the hidden attribute so it does not clutter the clerk's folder."""
    if sys.platform != "win32":
        return
    try:
        import ctypes

        ctypes.windll.kernel32.SetFileAttributesW(str(path), 0x2)  # FILE_ATTRIBUTE_HIDDEN
    except (OSError, AttributeError):
        pass
