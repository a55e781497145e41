"""The reader pool: long-lived guarded workers, limits per task, replaced on a breach or after N tasks."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest

from service.errors import ReadError
from service.readers import Limits
from service.readers.pool import ReaderPool
from tests.conftest import ROOT
from tests.ingest.service_proc import wait_for
from tests.readers import pool_tasks as tasks

LIMITS = Limits(max_seconds=60)


@pytest.fixture
def pool():
    notes: list[int] = []
    p = ReaderPool(1, recycle_after=3, helpers={"upper": str.upper, "note": notes.append})
    p.notes = notes
    yield p
    p.close()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as fh:  # a zombie is dead too
        return fh.read().rsplit(")", 1)[1].split()[0] != "Z"


def test_a_worker_serves_many_tasks_then_is_replaced(pool):
    pids = [pool.run(tasks.pid, limits=LIMITS) for _ in range(7)]
    assert pids[0] == pids[1] == pids[2] != pids[3] == pids[4] == pids[5] != pids[6]
    assert pool.started == 3 and os.getpid() not in pids


def test_a_read_error_comes_back_and_the_worker_stays(pool):
    first = pool.run(tasks.pid, limits=LIMITS)
    with pytest.raises(ReadError) as err:
        pool.run(tasks.fail, "corrupt_pdf", limits=LIMITS)
    assert err.value.code == "corrupt_pdf"
    assert pool.run(tasks.pid, limits=LIMITS) == first


@pytest.mark.parametrize("how, code", [("exit", "internal"), ("segv", "too_large")])
def test_a_worker_that_dies_is_contained_and_replaced(pool, how, code):
    first = pool.run(tasks.pid, limits=LIMITS)
    with pytest.raises(ReadError) as err:
        pool.run(tasks.crash, how, limits=LIMITS)
    assert err.value.code == code
    assert pool.run(tasks.pid, limits=LIMITS) != first


def test_a_bug_in_a_reader_replaces_the_worker(pool):
    first = pool.run(tasks.pid, limits=LIMITS)
    with pytest.raises(ReadError) as err:
        pool.run(tasks.bug, limits=LIMITS)
    assert err.value.code == "internal" and "KeyError" in err.value.detail
    assert pool.run(tasks.pid, limits=LIMITS) != first


def test_the_memory_limit_is_per_task(pool):
    small = Limits(max_seconds=60, max_memory_mb=1024)
    with pytest.raises(ReadError) as err:
        pool.run(tasks.allocate, 1500, limits=small)
    assert err.value.code == "too_large"
    assert pool.run(tasks.allocate, 1500, limits=Limits(max_seconds=60, max_memory_mb=2048)) == 1500 * 2**20


def test_a_worker_grown_past_half_its_memory_takes_no_more_tasks(pool):
    grown = pool.run(tasks.keep, 700, limits=Limits(max_seconds=60, max_memory_mb=1024))
    assert pool.run(tasks.pid, limits=LIMITS) != grown


def test_over_time_the_worker_and_what_it_started_are_ended(pool):
    with pytest.raises(ReadError) as err:
        pool.run(tasks.group_child, 600, limits=Limits(max_seconds=1))
    assert err.value.code == "timeout"
    (child,) = pool.notes
    wait_for(lambda: not _alive(child), 10, "the worker's child (as tesseract) to end")
    assert pool.run(tasks.pid, limits=LIMITS) > 0


class _Clock:
    """The pool's clock, moved on by a task (through a helper) instead of by waiting."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clocked_pool():
    clock = _Clock()
    p = ReaderPool(1, helpers={"advance": clock.advance}, clock=clock)
    yield p
    p.close()


PAGED = Limits(max_seconds=10, seconds_per_page=5, max_seconds_total=60)


def test_a_read_has_more_time_for_each_page_it_sends_to_ocr(clocked_pool):
    assert PAGED.seconds_for(0) == 10 and PAGED.seconds_for(4) == 30 and PAGED.seconds_for(500) == 60
    # 25 s on the clock: over the base 10 s, within 10 + 4 × 5 for four pages
    assert clocked_pool.run(tasks.pages_then_wait, 4, 25, limits=PAGED) == 4
    with pytest.raises(ReadError) as err:  # the same time without pages: ended
        clocked_pool.run(tasks.pages_then_wait, 0, 25, limits=PAGED)
    assert err.value.code == "timeout"
    assert clocked_pool.run(tasks.pages_then_wait, 0, 5, limits=PAGED) == 0  # a new worker serves


def test_the_ocr_reader_announces_its_pages(clocked_pool):
    """Four pages of 6 s each: over the base 10 s, within the four pages' allowance."""
    assert clocked_pool.run(tasks.ocr_pages, 4, 6, limits=PAGED) == 4


def test_the_pages_allowance_is_bounded(clocked_pool):
    """A file that claims a thousand pages still has at most max_seconds_total."""
    first = clocked_pool.run(tasks.pid, limits=PAGED)
    with pytest.raises(ReadError) as err:
        clocked_pool.run(tasks.pages_then_wait, 1000, 61, limits=PAGED)
    assert err.value.code == "timeout" and "60 s" in err.value.detail
    assert clocked_pool.run(tasks.pid, limits=PAGED) != first  # the worker was ended


def test_a_task_asks_the_service_for_help(pool):
    assert pool.run(tasks.ask_parent, "văn thư", limits=LIMITS) == "VĂN THƯ"


def test_the_workers_end_with_the_service_even_killed(tmp_path):
    """`kill -9` of the service mid-read: its worker does not go on reading for nobody."""
    script = (
        "import sys\n"
        "from service.readers import Limits\n"
        "from service.readers.pool import ReaderPool\n"
        "from tests.readers import pool_tasks\n"
        "if __name__ == '__main__':\n"
        "    pool = ReaderPool(1)\n"
        "    print(pool.run(pool_tasks.pid, limits=Limits()), flush=True)\n"
        "    pool.submit(pool_tasks.sleep, 600, limits=Limits(max_seconds=900))\n"
        "    sys.stdin.read()\n"
    )
    service = subprocess.Popen(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        worker = int(service.stdout.readline())
        assert _alive(worker)
        service.send_signal(signal.SIGKILL)
        service.wait(10)
        wait_for(lambda: not _alive(worker), 20, "the worker to end with the service")
    finally:
        if service.poll() is None:
            service.kill()
