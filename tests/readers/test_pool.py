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
