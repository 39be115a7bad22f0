"""Errors raised while reading a file; each says where (file, line or sheet/row/column) and what to do."""

from __future__ import annotations

import re

_QUOTED = re.compile(r"「([^」]*)」")
_QUOTE_MAX = 60


def _clip(match: re.Match) -> str:
    text = match.group(1)
    return f"「{text[:_QUOTE_MAX]}…」" if len(text) > _QUOTE_MAX else match.group(0)


class ExchangeError(ValueError):
    """A file that cannot be read into a document. Nothing has been created or changed when it is raised."""

    def __init__(self, message: str, *, line: int | None = None, path: str | None = None) -> None:
        # Quoted input is clipped: a message about a megabyte-long line must not repeat the megabyte.
        message = _QUOTED.sub(_clip, message)
        super().__init__(message)
        self.message = message
        self.line = line
        self.path = path

    def __str__(self) -> str:
        where = []
        if self.path:
            where.append(f"文件「{self.path}」")
        if self.line is not None:
            where.append(f"第{self.line}行")
        return ("".join(where) + "：" if where else "") + self.message
