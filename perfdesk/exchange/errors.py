"""Errors raised while reading a file; each says where (file, line or sheet/row/column) and what to do."""

from __future__ import annotations


class ExchangeError(ValueError):
    """A file that cannot be read into a document. Nothing has been created or changed when it is raised."""

    def __init__(self, message: str, *, line: int | None = None, path: str | None = None) -> None:
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
