"""Where bundled resources are: ``resources/`` beside the package (a checkout or an editable install),
inside a PyInstaller bundle, or inside the installed package as ``perfdesk/_resources`` (a wheel)."""

from __future__ import annotations

import sys
from pathlib import Path


def bundle_root() -> Path:
    """The folder that holds ``perfdesk/`` and ``resources/``: the checkout, or the PyInstaller bundle."""
    frozen = getattr(sys, "_MEIPASS", None)
    return Path(frozen) if frozen else Path(__file__).resolve().parents[1]


def resource_dir() -> Path:
    beside = bundle_root() / "resources"
    if getattr(sys, "_MEIPASS", None) or beside.is_dir():
        return beside
    return Path(__file__).resolve().parent / "_resources"  # a wheel: shipped as package data


def resource_path(*parts: str) -> Path:
    """A file under resources/ (fonts, licences, icons), found the same way frozen and unfrozen."""
    return resource_dir().joinpath(*parts)


def package_path(*parts: str) -> Path:
    """A data file shipped inside the perfdesk package (e.g. the Alembic migration scripts)."""
    return bundle_root().joinpath("perfdesk", *parts)


BUNDLED_FONT = ("fonts", "wqy-microhei.ttc")
APP_ICON = ("icons", "perfdesk.png")
