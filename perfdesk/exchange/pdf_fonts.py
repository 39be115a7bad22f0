"""Fonts for PDFs: always embedded TrueType, with per-character fallback and a report of what no font has.

On Windows 宋体 (simsun.ttc) sets the text and 黑体 (simhei.ttf) the headings when present; otherwise the
open font bundled in resources/ (WenQuanYi Micro Hei). Windows fonts are used from the user's machine and
never shipped. reportlab's built-in CID fonts are never used: they are not embedded (TECH_NOTES).
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from html import escape as _html_escape

from reportlab.pdfbase import pdfmetrics
from ..resources import BUNDLED_FONT, resource_path
from .font_cache import CachedTTFont

#: Characters a Chinese line must not start with (TECH_NOTES; reportlab's own list lacks the full-width ones).
NO_LINE_START = "，。；：！？、）》”’」』】〕…％"


def _patch_line_breaking() -> None:
    # reportlab keeps its "cannot start a line" set in two modules (textsplit, and a copy imported by name
    # in platypus.paragraph); extend both so CJK wrapping hangs these marks at the line end instead.
    from reportlab.lib import textsplit
    from reportlab.platypus import paragraph

    extra = "".join(ch for ch in NO_LINE_START if ch not in textsplit.ALL_CANNOT_START)
    textsplit.ALL_CANNOT_START += extra
    paragraph.ALL_CANNOT_START = textsplit.ALL_CANNOT_START


_patch_line_breaking()


def escape(text: str) -> str:
    """&, < and > as Paragraph markup needs them (what xml.sax.saxutils.escape does; html's costs no import of
    urllib.request, 13 ms of an export)."""
    return _html_escape(text, quote=False)


def system_font_dirs() -> list[Path]:
    if sys.platform.startswith("win"):
        return [Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"]
    return []


@dataclass
class FontChain:
    """Fonts in order of preference; text is split into runs, each set in the first font that has it."""

    names: list[str]
    missing: set[str] = field(default_factory=set)

    def font_for(self, ch: str) -> str | None:
        code = ord(ch)
        for name in self.names:
            if code in pdfmetrics.getFont(name).face.charToGlyph:
                return name
        return None

    def markup(self, text: str) -> str:
        """Paragraph markup: runs outside the first font get a <font> tag; line ends become <br/>."""
        out: list[str] = []
        primary = self.names[0]
        run_font, run = primary, []

        def flush() -> None:
            if run:
                body = escape("".join(run))
                out.append(body if run_font == primary else f'<font name="{run_font}">{body}</font>')

        for ch in text:
            if ch == "\n":
                flush()
                run = []
                out.append("<br/>")
                continue
            if ch == "\t":
                ch = " "
            font = primary if ch == " " else self.font_for(ch)
            if font is None:
                self.missing.add(ch)  # reported by the writer: no font can draw it
                font = primary
            if font != run_font:
                flush()
                run_font, run = font, []
            run.append(ch)
        flush()
        return "".join(out)


@dataclass
class PdfFonts:
    text: FontChain
    heading: FontChain
    sources: dict[str, str]  # registered name → file, for the record

    @property
    def missing(self) -> set[str]:
        return self.text.missing | self.heading.missing


_registered: dict[tuple[str, int], str] = {}


def _register(path: Path, index: int = 0) -> str:
    key = (str(path), index)
    if key not in _registered:
        name = f"PD{len(_registered)}_{path.stem}"
        pdfmetrics.registerFont(CachedTTFont(name, str(path), subfontIndex=index))
        _registered[key] = name
    return _registered[key]


def choose_fonts(font_dirs: list[Path] | None = None) -> PdfFonts:
    """宋体/黑体 from ``font_dirs`` (default: the system's) when present, the bundled font always last."""
    dirs = system_font_dirs() if font_dirs is None else font_dirs
    sources: dict[str, str] = {}

    def find(filename: str) -> str | None:
        for directory in dirs:
            path = directory / filename
            if path.is_file():
                try:
                    name = _register(path)
                except Exception:  # noqa: BLE001 - an unreadable system font is skipped, the bundled one remains
                    return None
                sources[name] = str(path)
                return name
        return None

    bundled = _register(resource_path(*BUNDLED_FONT))
    sources[bundled] = str(resource_path(*BUNDLED_FONT))
    song, hei = find("simsun.ttc"), find("simhei.ttf")
    text = [n for n in (song, bundled) if n]
    heading = [n for n in (hei, song, bundled) if n]
    return PdfFonts(FontChain(text), FontChain(heading), sources)
