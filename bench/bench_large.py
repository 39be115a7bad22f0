"""Benchmark: a 200 × 20 × 30 (120,000-indicator) document: create, open + tree, load one project."""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from perfdesk.demo import demo_document
from perfdesk.storage import DocumentFile
from perfdesk.storage import repository as repo


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--departments", type=int, default=200)
    parser.add_argument("--projects", type=int, default=20)
    parser.add_argument("--indicators", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "large.perfdesk"
        start = time.perf_counter()
        document = demo_document(args.departments, args.projects, args.indicators)
        built = time.perf_counter()
        DocumentFile.create(path, document).close()
        created = time.perf_counter()
        total = document.indicator_count()
        print(f"document: {args.departments} × {args.projects} × {args.indicators} = {total:,} indicators, "
              f"file {path.stat().st_size / 2**20:.1f} MiB")
        print(f"build in memory:              {(built - start) * 1000:8.1f} ms")
        print(f"create file (migrate+insert): {(created - built) * 1000:8.1f} ms")

        start = time.perf_counter()
        doc = DocumentFile.open(path)
        opened = time.perf_counter()
        with doc.reading() as conn:
            tree = repo.read_tree(conn)
        treed = time.perf_counter()
        print(f"open (lock, integrity check): {(opened - start) * 1000:8.1f} ms")
        print(f"load department/project tree: {(treed - opened) * 1000:8.1f} ms "
              f"({len(tree)} departments, {sum(len(d.projects) for d in tree):,} projects)")

        middle = tree[len(tree) // 2].projects[len(tree[0].projects) // 2].id
        times = []
        for _ in range(50):
            t0 = time.perf_counter()
            with doc.reading() as conn:
                project = repo.read_project(conn, middle)
            times.append(time.perf_counter() - t0)
        times.sort()
        print(f"load one project:             {times[len(times) // 2] * 1000:8.2f} ms median of 50 "
              f"({len(project.indicators)} indicators)")
        t0 = time.perf_counter()
        with doc.reading() as conn:
            full = repo.read_document(conn)
        print(f"load whole document:          {(time.perf_counter() - t0) * 1000:8.1f} ms "
              f"({full.indicator_count():,} indicators)")
        doc.close()


if __name__ == "__main__":
    main()
