"""Benchmark: 指标库 suggestions at each keystroke on a library of 100,000 entries (issue 14 §7: within 20 ms).

Pairs in one run: the plain scoring of every entry (library/search.search, what perfdesk did before the index)
against library/index.SearchIndex, for a clerk typing pxrc and 培训人次 one key at a time, plus a query that
matches nothing. Also: the pinyin initials computed for every name (done once, when an entry enters the library
file) and the index built from stored initials (once per library state).

    .venv/bin/python bench/bench_library.py [entries]
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

from perfdesk.library.builtin import LibraryEntry
from perfdesk.library.index import SearchIndex
from perfdesk.domain.model import Indicator
from perfdesk.library.search import initial_strings, search
from perfdesk.library.suggest import prepared
from perfdesk.storage.library_file import LibraryFile, read_entries

WORDS = ("培训", "人次", "设备", "购置", "数量", "合格率", "满意度", "完成", "及时率", "成本", "控制", "覆盖", "宣传",
         "活动", "系统", "运维", "监督", "检查", "工程", "验收", "资金", "到位", "群众", "服务", "对象", "项目", "建设",
         "改造", "道路", "养护", "长效", "重点", "行业", "新增", "就业", "岗位", "农田", "灌溉", "面积", "学生")


def library(size: int) -> tuple[LibraryEntry, ...]:
    rng = random.Random(1)
    names = ["".join(rng.sample(WORDS, rng.randint(2, 4))) + (str(i % 97) if i % 3 else "") for i in range(size)]
    spellings = {}
    start = time.perf_counter()
    for name in names:
        spellings[name] = initial_strings(name)
    print(f"pinyin initials of {size:,} names (once, when they enter the library file): "
          f"{time.perf_counter() - start:6.2f} s")
    return tuple(LibraryEntry("个性", "产出指标", "数量指标", name, "年度内完成的数量", "≥", "", "个", "",
                              uses=rng.randint(0, 5), initials=spellings[name]) for name in names)


def keystrokes(find, words: list[str]) -> list[float]:
    times = []
    for word in words:
        for k in range(1, len(word) + 1):
            start = time.perf_counter()
            find(word[:k])
            times.append(1000 * (time.perf_counter() - start))
    return times


def main() -> None:
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    entries = library(size)
    start = time.perf_counter()
    index = SearchIndex(entries)
    print(f"index built from stored initials: {time.perf_counter() - start:6.2f} s")
    typed = ["pxrc", "培训人次", "无此指标"]
    fast = keystrokes(lambda q: index.search(q, 8), typed)
    print(f"index:   per keystroke median {statistics.median(fast):7.2f} ms, worst {max(fast):7.2f} ms "
          f"({len(fast)} keystrokes: {', '.join(typed)})")
    slow = keystrokes(lambda q: search(q, entries, 8), ["px", "培训"])  # a few: each scores every entry
    print(f"scoring every entry: per keystroke median {statistics.median(slow):7.2f} ms, "
          f"worst {max(slow):7.2f} ms ({len(slow)} keystrokes: px, 培训)")
    same = all([e for e, _ in index.search(q, 8)] == search(q, entries, 8) for q in ("p", "培训"))
    print(f"same suggestions from both: {same}")
    # after the library changed (an entry learned), the window re-reads the file and rebuilds the index in a worker
    # thread (ui/library_actions), typing on with the previous suggestions meanwhile: how long until they are new
    with tempfile.TemporaryDirectory() as folder, LibraryFile.open(Path(folder) / "lib") as stored:
        start = time.perf_counter()
        stored.take_in(entries)
        print(f"{size:,} entries written to the library file: {time.perf_counter() - start:6.2f} s")
        stored.learn([Indicator("产出指标", "数量指标", "培训人次", "", "≥100人次")], "bench")
        start = time.perf_counter()
        own = read_entries(stored.path)
        read = time.perf_counter() - start
        prepared(own)
        print(f"new suggestions after a change, prepared off the GUI thread: read {1000 * read:6.0f} ms + index "
              f"{1000 * (time.perf_counter() - start - read):6.0f} ms")
        # and typing meanwhile: keystrokes on the previous index while a worker prepares the next (the GIL shared)
        worker = threading.Thread(target=lambda: prepared(read_entries(stored.path)))
        worker.start()
        during = keystrokes(lambda q: index.search(q, 8), typed * 20)
        worker.join()
        print(f"index while a worker prepares: per keystroke median {statistics.median(during):7.2f} ms, "
              f"worst {max(during):7.2f} ms ({len(during)} keystrokes)")


if __name__ == "__main__":
    main()
