"""Register the bundled CJK font so the window renders Chinese on a machine that has none (CI)."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase

from ..resources import BUNDLED_FONT, resource_path


def register_bundled_font() -> list[str]:
    """Add the bundled font to the application and put it after the platform font as a fallback."""
    font_id = QFontDatabase.addApplicationFont(str(resource_path(*BUNDLED_FONT)))
    if font_id < 0:
        return []
    families = QFontDatabase.applicationFontFamilies(font_id)
    if families:
        QFont.insertSubstitutions(QFont().defaultFamily(), families[:1])
        for generic in ("Sans Serif", "SimSun", "宋体", "Microsoft YaHei", "微软雅黑"):
            QFont.insertSubstitutions(generic, families[:1])
    return families
