"""Killing a real writer process at any moment loses nothing committed and never breaks the file."""

import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap

import pytest

from perfdesk.demo import demo_document
from perfdesk.storage import DocumentFile
from perfdesk.storage import repository as repo

WRITER = textwrap.dedent("""
    import sys
    from perfdesk.domain.model import Indicator
    from perfdesk.storage import DocumentFile
    from perfdesk.storage import repository as repo

    doc = DocumentFile.open(sys.argv[1])
    with doc.reading() as conn:
        project = repo.read_project(conn, repo.read_tree(conn)[0].projects[0].id)
    target = project.indicators[0].id
    i = 0
    while True:
        i += 1
        with doc.transaction() as conn:  # one change = value edit + a new row, atomically
            repo.update_indicator(conn, target, value=f"≥{i}%")
            repo.insert_indicators(conn, project.id, 0, [Indicator("产出指标", "数量指标", f"第{i}次", "x" * 200)])
        print(i, flush=True)  # the screen would now show change i as done
""")


def _kill_after(path, commits: int) -> int:
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(path)], stdout=subprocess.PIPE, text=True)
    last = 0
    try:
        while last < commits:
            line = proc.stdout.readline()
            assert line, "writer died on its own"
            last = int(line)
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    return last


@pytest.mark.parametrize("round_", range(6))
def test_kill_during_edits_loses_nothing_committed(tmp_path, round_):
    path = tmp_path / "crash.perfdesk"
    DocumentFile.create(path, demo_document(1, 2, 5)).close()
    acknowledged = _kill_after(path, random.Random(round_).randint(1, 150))
    assert sqlite3.connect(path).execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    with DocumentFile.open(path) as doc:  # the killed writer's lock is gone with it
        assert doc.integrity_ok()
        with doc.reading() as conn:
            project = repo.read_project(conn, repo.read_tree(conn)[0].projects[0].id)
    added = [ind for ind in project.indicators if ind.name.startswith("第")]
    done = len(added)
    # Everything acknowledged is there; at most the one change in flight may also have landed, whole.
    assert done in (acknowledged, acknowledged + 1)
    target = next(ind for ind in project.indicators if ind.name == "指标1")
    assert target.value == f"≥{done}%"
    assert [ind.name for ind in added] == [f"第{i}次" for i in range(done, 0, -1)]


BIG_WRITER = textwrap.dedent("""
    import sys
    from perfdesk.demo import demo_document
    from perfdesk.storage import DocumentFile

    doc = DocumentFile.open(sys.argv[1])
    print("ready", flush=True)
    n = 0
    while True:
        n += 1
        doc.replace_document(demo_document(5, 10, 20 + n % 2))  # a large transaction: 1,000+ rows
        print(n, flush=True)
""")


@pytest.mark.parametrize("delay", [0.05, 0.2, 0.45])
def test_kill_inside_a_large_transaction_leaves_old_or_new_whole(tmp_path, delay):
    import time

    path = tmp_path / "big.perfdesk"
    DocumentFile.create(path, demo_document(5, 10, 20)).close()
    proc = subprocess.Popen([sys.executable, "-c", BIG_WRITER, str(path)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "ready"
    time.sleep(delay)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    with DocumentFile.open(path) as doc:
        assert doc.integrity_ok()
        document = doc.read()
    assert len(document.departments) == 5
    assert document.indicator_count() in (5 * 10 * 20, 5 * 10 * 21)
