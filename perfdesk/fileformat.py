"""What a perfdesk document looks like from outside: an SQLite file carrying perfdesk's application id.

Kept free of SQLAlchemy so that exporters can recognise a document by its content (and refuse to write over
it) without importing the storage layer.
"""

from __future__ import annotations

from pathlib import Path

#: PRAGMA application_id of a perfdesk document ("PFDK"), so any other SQLite file is recognised as foreign.
APPLICATION_ID = 0x5046444B

_SQLITE_MAGIC = b"SQLite format 3\x00"
_APPLICATION_ID_OFFSET = 68  # in the 100-byte database header, big-endian


def is_document(path: str | Path) -> bool:
    """Whether the file at ``path`` (links followed) is a perfdesk document, whatever its name."""
    try:
        with open(path, "rb") as f:
            header = f.read(100)
    except OSError:
        return False
    return (len(header) == 100 and header.startswith(_SQLITE_MAGIC)
            and int.from_bytes(header[_APPLICATION_ID_OFFSET:_APPLICATION_ID_OFFSET + 4], "big") == APPLICATION_ID)
