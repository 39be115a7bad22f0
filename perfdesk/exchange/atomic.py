"""Write a file so that a reader sees either the old one or the complete new one, never half of it."""

from __future__ import annotations

import os
from pathlib import Path

from ..sidefiles import fsync_file, temporary_beside
from .targets import refuse_document


def atomic_write_bytes(path: Path, data: bytes) -> None:
    def write(tmp: str) -> None:
        with open(tmp, "wb") as out:
            out.write(data)

    atomic_save(Path(path), write)


def atomic_save(path: Path, save) -> None:
    """Call ``save(temporary_path)``, flush it to disk, then rename it over ``path``; on any failure the
    temporary file is removed and ``path`` is untouched."""
    path = Path(path)
    refuse_document(path)  # the last line of defence, whichever entry point asked for this write
    with temporary_beside(path) as tmp:
        save(str(tmp))
        fsync_file(tmp)
        os.replace(tmp, path)
