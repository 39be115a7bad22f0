"""A full disk: import, 另存为 and exports say 磁盘空间不足 naming the target, and change nothing.

Uses a real small file system (tmpfs) where the test may mount one (root on Linux); skipped elsewhere.
"""

import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from conftest import run_cli
from perfdesk.storage import DocumentError, DocumentFile


@pytest.fixture
def small_disk(tmp_path):
    mount = tmp_path / f"small-{uuid.uuid4().hex[:6]}"
    mount.mkdir()
    if sys.platform != "linux" or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16k", "tmpfs", str(mount)],
                                                 capture_output=True).returncode != 0:
        pytest.skip("cannot mount a small file system here")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], capture_output=True)


def _listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_import_save_as_and_exports_on_a_full_disk(tmp_path, small_disk, seed_path, seed_doc):
    target = small_disk / "导入.perfdesk"
    result = run_cli("import", seed_path, "-o", target)
    assert result.returncode == 1 and "磁盘空间不足" in result.stderr and f"「{target}」" in result.stderr
    assert "Traceback" not in result.stderr and _listing(small_disk) == []

    doc = tmp_path / "d.perfdesk"
    DocumentFile.create(doc, seed_doc).close()
    for how, name in (("--xlsx", "x.xlsx"), ("--pdf", "x.pdf")):
        result = run_cli("export", doc, how, small_disk / name)
        assert result.returncode == 1 and "磁盘空间不足" in result.stderr and name in result.stderr, result.stderr
        assert ".tmp" not in result.stderr and _listing(small_disk) == []

    with DocumentFile.open(doc) as opened:
        with pytest.raises(DocumentError, match="磁盘空间不足") as info:
            opened.save_as(small_disk / "副本.perfdesk")
        assert "副本.perfdesk" in str(info.value) and _listing(small_disk) == []
        assert opened.read() == seed_doc  # the original goes on working
