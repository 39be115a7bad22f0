"""Benchmark: the seed's published PDF in-process (target < 0.5 s) and a 1,000-project signature copy (target < 20 s)."""

from __future__ import annotations

import io
import statistics
import sys
import time
from pathlib import Path

from perfdesk.demo import demo_document
from perfdesk.exchange.pdf_fonts import choose_fonts
from perfdesk.exchange.pdf_writer import build_pdf
from perfdesk.exchange.text_reader import read_text_file

SEED = Path(__file__).resolve().parents[1].parent / "shared" / "seed" / "000_935b7a322f2c305c.txt"


def main() -> None:
    projects = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    seed = read_text_file(SEED)
    t0 = time.perf_counter()
    fonts = choose_fonts()
    print(f"font registration:                  {1000 * (time.perf_counter() - t0):7.1f} ms (once per process)")
    build_pdf(seed, io.BytesIO(), fonts=fonts)  # warm
    runs = []
    for _ in range(5):
        t0 = time.perf_counter()
        result = build_pdf(seed, io.BytesIO(), fonts=choose_fonts())
        runs.append(time.perf_counter() - t0)
    print(f"seed published PDF ({result.pages} pages):         {1000 * statistics.median(runs):7.1f} ms median of 5")
    big = demo_document(10, projects // 10, 20)
    t0, c0 = time.perf_counter(), time.process_time()
    out = io.BytesIO()
    result = build_pdf(big, out, signature=True, fonts=fonts)
    print(f"{projects}-project signature copy ({result.pages} pages): {time.perf_counter() - t0:7.1f} s wall, "
          f"{time.process_time() - c0:.1f} s CPU ({len(out.getvalue()) / 2**20:.1f} MiB)")


if __name__ == "__main__":
    main()
