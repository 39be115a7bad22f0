"""Benchmark: Excel export of the seed and of a 1,000-project document, and reading the seed's workbook back."""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from perfdesk.demo import demo_document
from perfdesk.exchange.text_reader import read_text_file
from perfdesk.exchange.xlsx_reader import read_workbook
from perfdesk.exchange.xlsx_writer import write_workbook

SEED = Path(__file__).resolve().parents[1].parent / "shared" / "seed" / "000_935b7a322f2c305c.txt"


def main() -> None:
    projects = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    seed = read_text_file(SEED)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "seed.xlsx"
        t0 = time.perf_counter()
        write_workbook(seed, out)
        t1 = time.perf_counter()
        read_workbook(out)
        t2 = time.perf_counter()
        print(f"seed: export {1000 * (t1 - t0):7.1f} ms, import {1000 * (t2 - t1):7.1f} ms ({out.stat().st_size / 1024:.0f} KiB)")
        big = demo_document(10, projects // 10, 20)
        out = Path(tmp) / "big.xlsx"
        t0 = time.perf_counter()
        write_workbook(big, out)
        t1 = time.perf_counter()
        print(f"{projects} projects × 20 indicators: export {t1 - t0:6.1f} s ({out.stat().st_size / 2**20:.1f} MiB)")


if __name__ == "__main__":
    main()
