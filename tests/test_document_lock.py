"""The "in use" lock follows the file, not the path string; a writer never overwrites someone else's commit.

Regressions: through a symbolic link, a hard link, or a deleted `.~lock.<name>#`, two writers were allowed
and one writer's acknowledged edit was silently overwritten.
"""

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap

import pytest

from perfdesk.storage import DocumentChangedError, DocumentFile, DocumentInUseError
from perfdesk.storage.doclock import lock_path

posix = pytest.mark.skipif(sys.platform == "win32", reason="links and flock are POSIX here")


@posix
def test_a_symbolic_link_leads_to_the_same_lock(tmp_path, doc):
    link = tmp_path / "链接.perfdesk"
    link.symlink_to(doc)
    with DocumentFile.open(doc):
        with pytest.raises(DocumentInUseError):
            DocumentFile.open(link)
    with DocumentFile.open(link):
        with pytest.raises(DocumentInUseError):
            DocumentFile.open(doc)


@posix
def test_a_hard_link_or_a_deleted_lock_file_does_not_let_a_second_writer_in(tmp_path, doc):
    hard = tmp_path / "硬链接.perfdesk"
    os.link(doc, hard)
    with DocumentFile.open(doc):
        with pytest.raises(DocumentInUseError):
            DocumentFile.open(hard)
        lock_path(doc).unlink()  # what a clerk tidying the folder might do
        with pytest.raises(DocumentInUseError):
            DocumentFile.open(doc)
    with DocumentFile.open(hard) as again:  # released on close
        assert again.read().departments


def test_a_writer_refuses_to_overwrite_a_commit_it_has_not_seen(doc):
    first = DocumentFile.open(doc)
    try:
        other = sqlite3.connect(doc)  # a writer that bypassed the locks (a share that ignores them)
        other.execute("UPDATE project SET name = '别人改的' WHERE id = 1")
        other.commit()
        other.close()
        project = first.read().departments[0].projects[0]
        project.name = "我改的"
        from perfdesk.storage import repository as repo

        with pytest.raises(DocumentChangedError, match="已被其他程序修改"):
            with first.transaction() as conn:
                repo.update_project(conn, project)
    finally:
        first.close()
    with DocumentFile.open(doc, readonly=True) as check:
        assert check.read().departments[0].projects[0].name == "别人改的"


def test_a_long_legal_name_gets_a_lock(tmp_path, seed_doc):
    name = "某" * 80 + ".perfdesk"  # 249 bytes: legal, but `.~lock.` + name + `#` would exceed 255
    assert len(name.encode()) <= 255
    path = tmp_path / name
    DocumentFile.create(path, seed_doc).close()
    with DocumentFile.open(path) as opened:
        assert opened.read().departments
        with pytest.raises(DocumentInUseError):
            DocumentFile.open(path)


HOLDER = textwrap.dedent("""
    import sys, time
    from perfdesk.storage import DocumentFile
    from perfdesk.storage import repository as repo
    doc = DocumentFile.open(sys.argv[1])
    project = doc.read().departments[0].projects[0]
    project.name = "被杀之前改的"
    with doc.transaction() as conn:
        repo.update_project(conn, project)
    print("held", flush=True)
    time.sleep(60)
""")


@posix
def test_a_killed_holder_releases_the_lock_and_keeps_its_edit(doc):
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(doc)], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "held"
        with pytest.raises(DocumentInUseError):
            DocumentFile.open(doc)
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    with DocumentFile.open(doc) as after:  # the OS released the file's lock with the process
        assert after.integrity_ok()
        assert after.read().departments[0].projects[0].name == "被杀之前改的"
