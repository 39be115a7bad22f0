"""The SQLite document file: schema, opening/creating/saving, migrations and the queries behind them.

Only this package speaks SQL.
"""

from .docfile import (  # noqa: F401
    DocumentChangedError,
    DocumentDamagedError,
    DocumentError,
    DocumentFile,
    DocumentInUseError,
    NewerVersionError,
    NotADocumentError,
)
