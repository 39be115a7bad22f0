"""The collector pause of large reads, checks and exports: nested and from several threads, the collector runs
again only when the last pause ends; a kept result is left out of later collections."""

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


def test_what_a_kept_pause_made_is_left_out_of_later_collections():
    before = gc.get_freeze_count()
    try:
        with collector.paused(keep=True):
            made = [[n] for n in range(1000)]
        assert gc.get_freeze_count() >= before + 1000 and gc.isenabled()
        assert made[999] == [999]
    finally:
        gc.unfreeze()


def test_the_collector_comes_back_after_an_error():
    try:
        with collector.paused():
            raise ValueError
    except ValueError:
        pass
    assert gc.isenabled()
