"""The collector pause of large reads, checks and exports: nested and from several threads, the collector runs
again only when the last pause ends."""

import gc
import threading

from perfdesk import collector


def test_pauses_nest_across_threads_and_the_collector_comes_back():
    assert gc.isenabled()
    inside, release = threading.Event(), threading.Event()

    def worker():
        with collector.paused():
            inside.set()
            release.wait(5)

    thread = threading.Thread(target=worker)
    with collector.paused():
        thread.start()
        inside.wait(5)
        assert not gc.isenabled()
    assert not gc.isenabled()  # the worker's pause still runs
    release.set()
    thread.join(5)
    assert gc.isenabled()


def test_the_collector_comes_back_after_an_error():
    try:
        with collector.paused():
            raise ValueError
    except ValueError:
        pass
    assert gc.isenabled()
