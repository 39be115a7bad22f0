"""Temporary files beside the clerk's files: a killed backup never sits under the real backup name, and
leftovers of killed runs are cleaned on the next open of that folder (never a file still being written)."""

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from conftest import old_schema_file
from perfdesk.sidefiles import PREFIX, clean_leftovers
from perfdesk.storage import DocumentFile

KILL_BEFORE_RENAME = textwrap.dedent("""
    import os, signal, sys
    import {module} as target
    real = target.os.replace
    def replace(src, dst):
        if str(dst).endswith(sys.argv[2]):
            os.kill(os.getpid(), signal.SIGKILL)  # the temporary file is complete, the rename not done
        return real(src, dst)
    target.os.replace = replace
    {action}
""")


def run_killed(module: str, action: str, *args) -> int:
    code = KILL_BEFORE_RENAME.format(module=module, action=action)
    proc = subprocess.run([sys.executable, "-c", code, *map(str, args)], capture_output=True, timeout=120)
    return proc.returncode


def test_killed_pre_migration_backup_leaves_no_file_under_the_backup_name(tmp_path):
    path = old_schema_file(tmp_path)
    before = path.read_bytes()
    code = run_killed("perfdesk.storage.docfile",
                      "from perfdesk.storage import DocumentFile; DocumentFile.open(sys.argv[1])",
                      path, ".perfdesk")
    assert code == -signal.SIGKILL
    assert not list(tmp_path.glob("old.升级前备份-*"))  # never a partial backup under the real name
    assert path.read_bytes() == before
    assert list(tmp_path.glob(PREFIX + "*"))  # the kill left its temporary file …
    with DocumentFile.open(path) as doc:  # … which the next open of the folder removes
        assert doc.backup_path.exists() and doc.read().departments
    assert not list(tmp_path.glob(PREFIX + "*")) and not list(tmp_path.glob("*-journal"))


def test_killed_export_and_save_as_leftovers_are_cleaned_on_the_next_open(tmp_path, seed_doc):
    doc = tmp_path / "d.perfdesk"
    DocumentFile.create(doc, seed_doc).close()
    code = run_killed("perfdesk.exchange.atomic",
                      "from perfdesk.storage import DocumentFile\n"
                      "from perfdesk.exchange.text_writer import write_text\n"
                      "write_text(DocumentFile.open(sys.argv[1], readonly=True).read(), sys.argv[3])",
                      doc, "out.txt", tmp_path / "out.txt")
    assert code == -signal.SIGKILL
    assert len(list(tmp_path.glob(PREFIX + "out.txt.*"))) == 1 and not (tmp_path / "out.txt").exists()
    code = run_killed("perfdesk.storage.docfile",
                      "from perfdesk.storage import DocumentFile\n"
                      "DocumentFile.open(sys.argv[1]).save_as(sys.argv[3])",
                      doc, "copy.perfdesk", tmp_path / "copy.perfdesk")
    assert code == -signal.SIGKILL
    # opening the document for 另存为 already tidied the export's leftover; the killed copy left its own
    assert [p.name.split(".")[2] for p in tmp_path.glob(PREFIX + "*")] == ["copy"]
    assert not (tmp_path / "copy.perfdesk").exists()
    DocumentFile.open(doc).close()
    assert not list(tmp_path.glob(PREFIX + "*")) and not list(tmp_path.glob("*-journal"))


HOLD = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from perfdesk.sidefiles import temporary_beside
    with temporary_beside(Path(sys.argv[1])) as tmp:
        tmp.write_bytes(b"being written")
        print(tmp, flush=True)
        time.sleep(60)
""")


def test_a_file_another_perfdesk_is_still_writing_is_left_alone(tmp_path):
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(tmp_path / "big.xlsx")], stdout=subprocess.PIPE, text=True)
    try:
        busy = Path(proc.stdout.readline().strip())
        assert busy.exists()
        stale = tmp_path / f"{PREFIX}old.xlsx.abcdefgh.tmp"
        stale.write_bytes(b"left by a killed run")
        removed = clean_leftovers(tmp_path)
        assert removed == [stale] and busy.exists()
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
