"""A TrueType font's metrics kept between runs, so that a PDF export does not parse the font anew each time.

reportlab parses a font in every process that registers it: the bundled 5 MB WenQuanYi Micro Hei takes 60 ms of
the seed's 0.40 s ``perfdesk export --pdf`` (宋体 on Windows, 10 MB, longer). What the parse extracts
(reportlab's ``TTFontFile.extractInfo``: names, metrics, the character and glyph maps) is written once to a cache
file and read back in 15 ms; the font file itself is still read (subsetting copies its glyphs from it).

The cache is plain data in marshal format (read back, it is data, never code), one file per font, named by the
font's path, size and modification time and by reportlab's version: a changed font or another reportlab is
parsed anew. Anything unexpected — no cache folder, an unreadable or foreign entry — falls back to parsing; the
cache is an optimisation only. tests/test_pdf.py checks that a font read from the cache is the parsed one.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
from pathlib import Path
from weakref import WeakKeyDictionary

import reportlab
from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics, ttfonts

FORMAT = 1  # of the cache's entries; raised when what is kept changes
_NAMES = ("name", "familyName", "styleName", "fullName", "uniqueFontID")  # TTFNameBytes: bytes with a str beside
_NOT_KEPT = ("_ttf_data", "_pdfScale")  # the file's bytes (read again), a function of unitsPerEm (made again)


def cache_folder() -> Path | None:
    """PERFDESK_CACHE, else the user's cache folder (%LOCALAPPDATA%\\perfdesk\\cache, ~/.cache/perfdesk)."""
    chosen = os.environ.get("PERFDESK_CACHE")
    if chosen:
        return Path(chosen)
    if sys.platform.startswith("win"):
        base = os.environ.get("LOCALAPPDATA")
        return Path(base) / "perfdesk" / "cache" if base else None
    base = os.environ.get("XDG_CACHE_HOME") or (os.path.expanduser("~/.cache") if os.environ.get("HOME") else None)
    return Path(base) / "perfdesk" if base else None


def _entry(path: Path, subfont: int) -> Path | None:
    folder = cache_folder()
    if folder is None:
        return None
    try:
        stat = path.stat()
    except OSError:
        return None
    key = f"{FORMAT}|{reportlab.Version}|{path.resolve()}|{subfont}|{stat.st_size}|{stat.st_mtime_ns}"
    return folder / f"font-{path.stem}-{hashlib.sha256(key.encode('utf-8')).hexdigest()[:16]}.marshal"


def _read(entry: Path) -> dict | None:
    try:
        info = marshal.loads(entry.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return None
    return info if isinstance(info, dict) and "unitsPerEm" in info and "charWidths" in info else None


def _write(entry: Path, face: ttfonts.TTFontFace) -> None:
    info = {key: bytes(value) if key in _NAMES else value for key, value in vars(face).items() if key not in _NOT_KEPT}
    try:
        data = marshal.dumps(info)
        entry.parent.mkdir(parents=True, exist_ok=True)
        partial = entry.with_name(f"{entry.name}.{os.getpid()}.tmp")
        partial.write_bytes(data)
        os.replace(partial, entry)  # whole or not at all, also when two exports write it at once
    except (OSError, ValueError):
        pass  # no cache this time: the next export parses again


class _CachedFace(ttfonts.TTFontFace):
    """reportlab's face with the metrics of the cache instead of a parse."""

    def __init__(self, filename: str, info: dict) -> None:
        # TTFontFace.__init__ is not called (it parses); what it sets is the cache's, and the TypeFace part below
        pdfmetrics.TypeFace.__init__(self, None)
        self.__dict__.update(info)
        for key in _NAMES:
            if key in info:
                self.__dict__[key] = ttfonts.TTFNameBytes(info[key])
        with open(filename, "rb") as f:
            self._ttf_data = f.read()
        units = self.unitsPerEm
        self._pdfScale = lambda x: x * 1000.0 / units  # as TTFontFile.extractInfo makes it


class CachedTTFont(ttfonts.TTFont):
    """``reportlab.pdfbase.ttfonts.TTFont(name, filename, subfontIndex=…)``, its face from the cache when there is
    one (the rest set as TTFont.__init__ sets it), parsed and then cached when there is not."""

    def __init__(self, name: str, filename: str, subfontIndex: int = 0) -> None:  # noqa: N803 - reportlab's name
        entry = _entry(Path(filename), subfontIndex)
        info = _read(entry) if entry is not None and entry.is_file() else None
        if info is None:
            super().__init__(name, filename, subfontIndex=subfontIndex)
            if entry is not None:
                _write(entry, self.face)
            return
        self.fontName = name
        self.face = _CachedFace(filename, info)
        self.encoding = ttfonts.TTEncoding()
        self.state = WeakKeyDictionary()
        self._asciiReadable = rl_config.ttfAsciiReadable
        self.shapable = not any(ttfonts.fnmatch(name, glob) for glob in rl_config.unShapedFontGlob)
