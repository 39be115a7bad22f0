"""reportlab's long URI pattern is compiled when used, not on every PDF export's import (issue 16)."""

import re
import subprocess
import sys

from perfdesk.exchange.lazy_patterns import LONG, long_patterns_compiled_when_used


def test_a_long_pattern_compiled_when_used_matches_as_the_pattern_itself():
    pattern = "(" + "|".join(f"word{i}" for i in range(60)) + r")\d+"
    assert len(pattern) > LONG
    with long_patterns_compiled_when_used():
        later = re.compile(pattern, re.I)
        short = re.compile("ab+c")
    assert isinstance(short, re.Pattern) and not isinstance(later, re.Pattern)
    assert re.compile is not None and re.compile("x").match("x")  # re.compile itself is back
    now = re.compile(pattern, re.I)
    for text in ("WORD42123", "-- word7 7", "word59x", "w0rd1"):
        assert (later.match(text) and later.match(text).group(0)) == (now.match(text) and now.match(text).group(0))
    assert later.match("WORD42123")
    assert later.pattern == pattern and later.flags & re.I


def test_the_pdf_writer_leaves_reportlabs_uri_pattern_uncompiled_and_working():
    code = ("import perfdesk.exchange.pdf_writer\n"
            "from reportlab.platypus import paragraph\n"
            "print(type(paragraph.uri_pat).__name__, bool(paragraph.uri_pat.match('https://example.org/a/b')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["_CompiledWhenUsed", "True"]
