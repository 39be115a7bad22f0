"""Operating-system errors said in Chinese, naming the file the clerk chose (never a temporary file's name,
never the OS's English text). Shared by storage, exports and the window."""

from __future__ import annotations

import errno
from pathlib import Path

_REASONS = {
    errno.ENOSPC: "磁盘空间不足",
    errno.EDQUOT: "磁盘空间不足（超出配额）",
    errno.EACCES: "没有写入权限",
    errno.EPERM: "没有写入权限",
    errno.EROFS: "所在磁盘是只读的",
    errno.ENOENT: "文件夹不存在",
    errno.ENAMETOOLONG: "文件名太长",
    errno.EISDIR: "这是一个文件夹",
}


def write_failure(path: str | Path, exc: OSError, doing: str = "写出") -> str:
    reason = _REASONS.get(exc.errno)
    if reason is None:
        reason = f"系统错误代码 {exc.errno}" if exc.errno else "系统拒绝访问"
    return f"无法{doing}「{path}」：{reason}。"
