"""What can go wrong with a document file, as exceptions whose messages are Chinese and say what to do.

SQLite's own errors (English, with SQL and a URL when they come through SQLAlchemy) never reach the clerk:
:func:`translate_database_error` turns each kind into one of these, naming the file.
"""

from __future__ import annotations

from pathlib import Path


class DocumentError(Exception):
    """A document that cannot be opened or written; the message is Chinese and says what to do."""


class NotADocumentError(DocumentError):
    pass


class DocumentDamagedError(DocumentError):
    pass


class NewerVersionError(DocumentError):
    pass


class DocumentInUseError(DocumentError):
    pass


class DocumentChangedError(DocumentError):
    """Another program wrote the file since this one read it; writing now would overwrite its changes."""


class DiskFullError(DocumentError):
    pass


def damaged(path: Path, what: str) -> DocumentDamagedError:
    return DocumentDamagedError(
        f"「{path.name}」已损坏（{what}），无法读取。请打开最近的备份（如「{path.stem}.升级前备份-…」或另存的副本）；"
        "如只是部分内容损坏，可以只读方式打开后用「另存为」保存仍能读出的内容，或联系技术支持。")


def translate_database_error(exc: BaseException, path: Path) -> DocumentError:
    """A SQLite error (raw or wrapped by SQLAlchemy) as the DocumentError a clerk can act on."""
    original = getattr(exc, "orig", None) or exc
    text = str(original).lower()
    if "database or disk is full" in text or "disk full" in text:
        return DiskFullError(f"无法保存到「{path}」：磁盘空间不足。这项修改未保存，文档保持原样；请腾出空间后重做。")
    if "locked" in text or "busy" in text:
        return DocumentInUseError(f"「{path.name}」正被另一个程序使用，请稍后再试。")
    if "readonly" in text or "read-only" in text:
        return DocumentError(f"「{path.name}」不能写入（文件或所在文件夹是只读的）。请用「另存为」保存一份副本。")
    if "no such table" in text or "no such column" in text:
        return damaged(path, "缺少数据表或数据列")
    if "malformed" in text or "not a database" in text or "file is encrypted" in text:
        return damaged(path, "文件内容不完整")
    if "i/o error" in text or "unable to open" in text:
        return DocumentError(f"无法读写「{path}」（磁盘或网络连接出错）。请检查文件所在的磁盘或网络后再试。")
    return DocumentError(f"无法读写「{path.name}」（数据库错误）。请重新打开文档后再试；如反复出现，请联系技术支持。")


def integrity_summary(problems: list[str]) -> str:
    """SQLite's integrity findings said in Chinese (its own lines are English): how many, and which indexes
    or pages they are about."""
    import re

    indexes = sorted({m.group(1) for p in problems for m in [re.search(r"index (\w+)", p)] if m})
    pages = sorted({m.group(1) for p in problems for m in [re.search(r"[Pp]age (\d+)", p)] if m}, key=int)
    parts = [f"{len(problems)} 处问题"]
    if indexes:
        parts.append(f"索引与数据不一致：{'、'.join(indexes)}")
    if pages:
        parts.append(f"数据页损坏：第 {'、'.join(pages[:5])} 页{'等' if len(pages) > 5 else ''}")
    return "，".join(parts)
