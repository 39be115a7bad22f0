"""Measure a command of two perfdesk checkouts side by side, turn by turn, on this (shared, noisy) machine.

``Side("before", worktree_of(commit))`` is the code as it was — a git worktree of that commit, made once under
the system's temporary folder — and ``Side("now", REPO)`` this checkout. Each run is a fresh process (what a
clerk's export is); its wall time and its peak memory (the kernel's count for that child) are taken, the sides
alternate so that both meet the same moments of load, and the median of each side is printed with the ratio.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


@dataclass
class Side:
    name: str
    root: Path


def compile_checkout(root: Path) -> None:
    """Write the checkout's bytecode before timing it: an installed perfdesk (wheel, frozen build) starts from its
    .pyc files, but a checkout run where PYTHONDONTWRITEBYTECODE is set compiles every module on every start
    (~80 ms of a start-up here)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(root / "perfdesk")], check=True, env=env,
                   stdout=subprocess.DEVNULL)


def worktree_of(commit: str) -> Path:
    """A checkout of ``commit`` beside the repository's history (made the first time it is asked for)."""
    path = Path(tempfile.gettempdir()) / f"perfdesk-bench-{commit[:12]}"
    if not (path / "perfdesk").is_dir():
        subprocess.run(["git", "-C", str(REPO), "worktree", "add", "--force", "--detach", str(path), commit],
                       check=True, capture_output=True)
    return path


def create_demo(path: Path, shape: tuple[int, int, int], root: Path = REPO) -> int:
    """Write the demo document of ``shape`` (units, projects, indicators) to ``path`` from a process of its own, and
    return its indicator count. Not in this process: a child started from a process that grew by a large document
    would count that size in its own peak memory (Linux keeps the forked image's peak across exec). ``root``: the
    checkout whose perfdesk writes it — a pair's "before" side may not open a file of a later schema."""
    code = ("import sys; from perfdesk.demo import demo_document; from perfdesk.storage import DocumentFile; "
            "d = demo_document(*map(int, sys.argv[2:5])); DocumentFile.create(sys.argv[1], d).close(); "
            "print(d.indicator_count())")
    done = subprocess.run([sys.executable, "-c", code, str(path), *map(str, shape)], cwd=root, capture_output=True,
                          text=True, env=dict(os.environ, PYTHONPATH=str(root)), check=True)
    return int(done.stdout.split()[-1])


_compiled: set[Path] = set()


def run(side: Side, args: list[str], ok: tuple[int, ...] = (0,)) -> tuple[float, float]:
    """(seconds, peak MiB) of ``python -m perfdesk *args`` run from ``side``'s checkout; an exit code outside
    ``ok`` stops the bench with what the command said."""
    if side.root not in _compiled:
        compile_checkout(side.root)
        _compiled.add(side.root)
    env = dict(os.environ, PYTHONPATH=str(side.root), QT_QPA_PLATFORM="offscreen")
    start = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-m", "perfdesk", *args], cwd=side.root, env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    error = child.stderr.read().decode()
    child.stderr.close()
    if child.returncode not in ok:
        raise SystemExit(f"{side.name}: perfdesk {' '.join(args)} failed:\n{error}")
    return seconds, usage.ru_maxrss / 1024


def pair(label: str, sides: tuple[Side, Side], make_args, repeat: int = 3) -> None:
    """Run each side ``repeat`` times, alternating; print the medians and now ÷ before."""
    figures: dict[str, list[tuple[float, float]]] = {s.name: [] for s in sides}
    for _ in range(repeat):
        for side in sides:
            figures[side.name].append(run(side, make_args(side)))
    medians = {name: (statistics.median(t for t, _ in runs), max(m for _, m in runs)) for name, runs in figures.items()}
    (a, (ta, ma)), (b, (tb, mb)) = medians.items()
    print(f"{label}: {a} {ta:7.2f} s {ma:6.0f} MiB | {b} {tb:7.2f} s {mb:6.0f} MiB | "
          f"time {tb / ta:5.2f}×, memory {mb / ma:5.2f}×  (runs: " +
          "; ".join(f"{name} " + ", ".join(f"{t:.2f}" for t, _ in runs) for name, runs in figures.items()) + ")")
