"""Where an export may be written, checked before any work starts.

An export never writes over a perfdesk document (recognised by content, not by name: `export d.perfdesk
--pdf d.perfdesk` used to replace the document), never over an existing file unless the clerk said so
(`--force`, or the window's confirmation), and a missing or read-only folder is named in Chinese.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..fileformat import is_document
from ..sidefiles import clean_leftovers


class TargetError(ValueError):
    """An export target that must not or cannot be written; the message is Chinese and names the file."""


class TargetExistsError(TargetError):
    pass


def refuse_document(path: Path) -> None:
    """No export writes over a perfdesk document, whatever its name (checked again at the last moment)."""
    if is_document(path):
        raise TargetError(f"「{path}」是一个 perfdesk 文档，导出不能覆盖它。请另选一个文件名。")


def check_folder(path: Path, doing: str = "写出") -> Path:
    """The folder ``path`` goes into exists and may be written to (it is never created: a typo in a path
    must not leave folders behind). Returns the folder."""
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise TargetError(f"无法{doing}「{path}」：文件夹「{folder}」不存在。请先创建该文件夹，或另选保存位置。")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise TargetError(f"无法{doing}「{path}」：没有写入文件夹「{folder}」的权限。请另选保存位置。")
    return folder


def check_target(path: str | Path, *, overwrite: bool) -> Path:
    """Raise TargetError unless ``path`` may receive an export; returns it as a Path."""
    path = Path(path)
    refuse_document(path)
    if path.is_dir():
        raise TargetError(f"「{path}」是一个文件夹，请给出要写出的文件名。")
    folder = check_folder(path)
    clean_leftovers(folder)  # temporary files of a killed export in this folder
    if path.exists():
        if not overwrite:
            raise TargetExistsError(f"「{path}」已存在。")
        if not os.access(path, os.W_OK):
            raise TargetError(f"无法覆盖「{path}」：文件是只读的。请另选文件名，或先取消它的只读属性。")
    return path
