"""Where bundled resources are: ``resources/`` beside the package, or inside a PyInstaller bundle."""

from __future__ import annotations

import sys
from pathlib import Path


def bundle_root() -> Path:
    """The folder that holds ``perfdesk/`` and ``resources/``: the checkout, or the PyInstaller bundle."""
    frozen = getattr(sys, "_MEIPASS", None)
    return Path(frozen) if frozen else Path(__file__).resolve().parents[1]


def resource_dir() -> Path:
    return bundle_root() / "resources"


def resource_path(*parts: str) -> Path:
    """A file under resources/ (fonts, licences, icons), found the same way frozen and unfrozen."""
    return resource_dir().joinpath(*parts)


def package_path(*parts: str) -> Path:
    """A data file shipped inside the perfdesk package (e.g. the Alembic migration scripts)."""
    return bundle_root().joinpath("perfdesk", *parts)


BUNDLED_FONT = ("fonts", "wqy-microhei.ttc")
APP_ICON = ("icons", "perfdesk.png")
