"""Test set-up: Qt offscreen before any Qt import, and the real seed from ../shared/seed."""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("LANG", "C.UTF-8")

import pytest  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "seed" / "000_935b7a322f2c305c.txt"
FIXTURES = Path(__file__).with_name("fixtures")


@pytest.fixture(scope="session")
def seed_path() -> Path:
    if not SEED.is_file():
        pytest.fail(f"the seed is missing: {SEED} (tests read it from ../shared/seed)")
    return SEED


@pytest.fixture(scope="session")
def seed_text(seed_path) -> str:
    return seed_path.read_text(encoding="utf-8")


@pytest.fixture
def seed_doc(seed_text):
    from perfdesk.exchange.text_reader import read_text

    return read_text(seed_text)


def comparable_lines(text: str) -> list[str]:
    """The done-criterion's comparison: blank lines aside, spaces at either end aside, tabs count."""
    return [line.strip(" ") for line in text.replace("\r\n", "\n").split("\n") if line.strip(" ")]


def run_cli(*args: str, cwd: Path | None = None):
    """Run the real ``perfdesk`` command in a child process."""
    import subprocess

    return subprocess.run([sys.executable, "-m", "perfdesk", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, timeout=120, env={**os.environ, "PYTHONIOENCODING": "utf-8"})


@pytest.fixture
def doc(tmp_path, seed_doc) -> Path:
    """The seed as a document file of its own."""
    from perfdesk.storage import DocumentFile

    path = tmp_path / "昌黎.perfdesk"
    DocumentFile.create(path, seed_doc).close()
    return path


@pytest.fixture
def window(qtbot, tmp_path, doc):
    """The real main window on the seed document, with its own settings file."""
    from gui_helpers import make_window
    from perfdesk.storage import DocumentFile

    win = make_window(qtbot, tmp_path, DocumentFile.open(doc))
    yield win
    win.session.close()


def old_schema_file(folder: Path, revision: str = "0001") -> Path:
    """A document as perfdesk's schema ``revision`` (tests/fixtures/schema_<revision>.sql) wrote it."""
    import sqlite3

    path = folder / "old.perfdesk"
    con = sqlite3.connect(path)
    con.executescript((FIXTURES / f"schema_{revision}.sql").read_text(encoding="utf-8"))
    con.close()
    return path


@pytest.fixture(autouse=True)
def _own_library(tmp_path, monkeypatch):
    """Each test its own 指标库 file (created when first used): what one test's window learns never shows up in
    another's suggestions, and nothing is written to the user's data folder."""
    monkeypatch.setenv("PERFDESK_LIBRARY", str(tmp_path / "指标库.perfdesk-library"))


@pytest.fixture(scope="session", autouse=True)
def _own_cache(tmp_path_factory):
    """The run's own cache folder (the fonts' metrics: exchange/font_cache.py), shared by its tests and the
    processes they start: nothing is written to the user's cache folder."""
    os.environ["PERFDESK_CACHE"] = str(tmp_path_factory.mktemp("cache"))


@pytest.fixture(scope="session", autouse=True)
def _empty_clipboard_at_exit():
    """Qt's offscreen platform crashes at exit (SIGSEGV) when its clipboard still owns mime data a copy put
    there; empty it while Qt is still alive. (The native platforms, Windows and xcb, do not.)"""
    yield
    from PySide6.QtGui import QGuiApplication

    if QGuiApplication.instance() is not None:
        QGuiApplication.clipboard().clear()
