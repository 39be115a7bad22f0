"""Write a file so that a reader sees either the old one or the complete new one, never half of it."""

from __future__ import annotations

import os
from pathlib import Path

from ..fileformat import is_document
from ..sidefiles import temporary_beside
from .targets import TargetError


def atomic_write_bytes(path: Path, data: bytes) -> None:
    def write(tmp: str) -> None:
        with open(tmp, "wb") as out:
            out.write(data)

    atomic_save(Path(path), write)


def atomic_save(path: Path, save) -> None:
    """Call ``save(temporary_path)``, flush it to disk, then rename it over ``path``; on any failure the
    temporary file is removed and ``path`` is untouched."""
    path = Path(path)
    if is_document(path):  # the last line of defence, whichever entry point asked for this write
        raise TargetError(f"「{path}」是一个 perfdesk 文档，导出不能覆盖它。请另选一个文件名。")
    with temporary_beside(path) as tmp:
        save(str(tmp))
        with open(tmp, "rb+") as written:
            os.fsync(written.fileno())
        os.replace(tmp, path)
