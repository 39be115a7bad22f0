"""Benchmark: import of the seed (parse, store) and its text export. Prints milliseconds."""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from perfdesk.exchange.text_reader import read_text, read_text_file
from perfdesk.exchange.text_writer import document_text
from perfdesk.storage import DocumentFile

SEED = Path(__file__).resolve().parents[1].parent / "shared" / "seed" / "000_935b7a322f2c305c.txt"


def timed(fn, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs) * 1000


def main() -> None:
    seed = Path(sys.argv[1]) if len(sys.argv) > 1 else SEED
    text = seed.read_text(encoding="utf-8")
    read_text_file(seed)  # warm imports
    document = read_text(text)
    print(f"seed: {len(list(document.projects()))} projects, {document.indicator_count()} indicators")
    print(f"parse published text:        {timed(lambda: read_text(text), 50):8.2f} ms (median of 50)")
    print(f"write published text:        {timed(lambda: document_text(document), 50):8.2f} ms (median of 50)")
    with tempfile.TemporaryDirectory() as tmp:
        counter = iter(range(10**6))

        def create():
            DocumentFile.create(Path(tmp) / f"s{next(counter)}.perfdesk", read_text_file(seed)).close()

        create()  # first call pays for importing Alembic
        print(f"import seed into new file:   {timed(create, 10):8.2f} ms (median of 10: read, create, migrate, insert)")


if __name__ == "__main__":
    main()
