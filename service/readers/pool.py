"""A pool of long-lived guarded reader processes (bộ đọc thường trực) instead of a process per file.

Each worker is started from the fork server (the readers' imports already warm), in a process group
of its own, and runs one task at a time under that task's limits: its address space capped (the
soft RLIMIT_AS, set afresh for every task) and its wall time watched from here. A task's time is
`Limits.max_seconds`, and more for each page it says it sends to OCR (`note_pages`), up to
`Limits.max_seconds_total`: a long scan is not cut short, a hostile file is still bounded. A task that runs
over its time ends the worker's whole group (with the tesseract and LibreOffice it started); a
worker that died, ran out of memory, failed in an unexpected way or grew past half its memory cap
is replaced, and every worker is replaced after `recycle_after` tasks, so whatever one hostile file
leaves behind in a worker reaches few later files. A worker ends with the service, even one killed
with `kill -9`, and takes its group with it: a thread in it waits on a pipe that only the service
holds open (the fork server is no help there: every worker holds it open).

A task may ask this process for a service while it runs (`call_parent`): the readers use it to
convert a .doc through the warm LibreOffice that the service already keeps for its drafts.
"""

from __future__ import annotations

import atexit
import multiprocessing
import os
import queue
import resource
import signal
import threading
import time
import traceback
from collections.abc import Callable, Mapping
from concurrent.futures import Future
from typing import Any

from service.errors import ReadError
from service.readers.limits import Limits

# A fork server is a single-threaded process: forking from it is safe even when the service runs
# threads (web server, watcher), and it keeps the readers' and extraction's imports warm.
_CONTEXT = multiprocessing.get_context("forkserver")
# Each worker still imports the program's main module (`vanthu`, i.e. the service.cli package) when
# it starts: service/cli/__init__.py keeps its own imports light for that reason.
_CONTEXT.set_forkserver_preload(
    ["service.readers", "service.readers.pdf", "service.readers.docx", "service.ingest.reading"]
)

RECYCLE_AFTER = 200  # tasks a worker runs before it is replaced


# ---- in the worker ------------------------------------------------------------------------------

_parent: Any = None  # the worker's end of its pipe, for call_parent


def in_worker() -> bool:
    """Whether this code runs in a pool worker (and may ask the service for help)."""
    return _parent is not None


def call_parent(name: str, *args: Any) -> Any:
    """Run the pool's helper `name` in the service process and return its result (from a task)."""
    if _parent is None:
        raise RuntimeError("call_parent outside a reader pool worker")
    _parent.send(("call", name, args))
    status, payload = _parent.recv()
    if status == "ok":
        return payload
    raise ReadError(*payload)


def note_pages(count: int) -> None:
    """Tell the service this task sends `count` more pages to OCR: its time allowance grows with them
    (`Limits.seconds_for`). Outside a pool worker, nothing to tell."""
    if _parent is None:
        return
    try:
        _parent.send(("pages", count))
    except (OSError, ValueError):
        pass  # the service is gone: the lifeline ends this worker


def _end_with_service(lifeline: Any) -> None:
    """End this worker's whole group (it, tesseract, LibreOffice) when the service's end of the
    lifeline closes: the service stopped this worker, or died, even by `kill -9`."""

    def watch() -> None:
        try:
            lifeline.recv_bytes()
        except (EOFError, OSError):
            pass
        os.killpg(os.getpgrp(), signal.SIGKILL)

    threading.Thread(target=watch, name="lifeline", daemon=True).start()


def _address_space() -> int:
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _limit_memory(megabytes: int) -> None:
    limit = megabytes * 2**20
    try:
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ValueError, OSError):
        pass


def _run_task(func: Callable[..., Any], args: tuple) -> tuple[tuple, bool]:
    """(reply, whether the worker must end after it)."""
    try:
        return ("ok", func(*args)), False
    except ReadError as exc:
        return ("error", (exc.code, exc.detail)), False
    except MemoryError:
        return ("error", ("too_large", "the reader ran out of its memory limit")), True
    except RecursionError:
        return ("error", ("internal", "recursion too deep (malformed file)")), True
    except BaseException as exc:  # our bug or a very odd file: reported, and the worker replaced
        detail = f"{type(exc).__name__}: {exc}\n{traceback.format_exc(limit=5)}"[:2000]
        return ("error", ("internal", detail)), True


def _worker_main(conn: Any, lifeline: Any) -> None:
    global _parent
    os.setsid()  # its own process group: the pool ends it with everything it started
    _end_with_service(lifeline)
    _parent = conn
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return  # the service is gone
        if message is None:
            return
        _, func, args, memory_mb = message
        _limit_memory(memory_mb)
        reply, fatal = _run_task(func, args)
        try:
            conn.send((*reply, 0 if fatal else _address_space()))
        except (OSError, ValueError):
            return
        if fatal:
            return


# ---- in the service -----------------------------------------------------------------------------


def _end_group(pid: int) -> None:
    for target in (lambda: os.killpg(pid, signal.SIGKILL), lambda: os.kill(pid, signal.SIGKILL)):
        try:
            target()
        except (ProcessLookupError, PermissionError):
            pass


class _Worker:
    """One worker process, seen from the service."""

    def __init__(self) -> None:
        self.conn, child_conn = _CONTEXT.Pipe(duplex=True)
        their_end, self._lifeline = _CONTEXT.Pipe(duplex=False)  # never written: closed to end it
        self.process = _CONTEXT.Process(target=_worker_main, args=(child_conn, their_end), daemon=False)
        self.process.start()
        child_conn.close()
        their_end.close()
        self.tasks = 0

    def run(
        self,
        func: Callable[..., Any],
        args: tuple,
        limits: Limits,
        helpers: Mapping[str, Callable[..., Any]],
        clock: Callable[[], float] = time.monotonic,
    ) -> tuple[str, Any, bool]:
        """("ok", value) or ("error", (code, detail)) from the task, and whether this worker may take
        another task. Raises ReadError when the pool ended the task (time) or the worker died."""
        self.tasks += 1
        try:
            self.conn.send(("task", func, args, limits.max_memory_mb))
        except (OSError, ValueError):
            raise _Gone from None  # ended between tasks: the caller starts another and sends again
        started, pages = clock(), 0
        allowed = limits.seconds_for(pages)
        while True:
            remaining = started + allowed - clock()
            if remaining <= 0 or not self.conn.poll(remaining):
                self.kill()
                raise ReadError("timeout", f"over {allowed:g} s ({pages} OCR pages)")
            try:
                message = self.conn.recv()
            except (EOFError, OSError):
                raise self._died() from None
            if message[0] == "pages":
                pages += message[1]
                allowed = limits.seconds_for(pages)
                continue
            if message[0] == "call":
                self._serve_call(message[1], message[2], helpers)
                continue
            status, payload, address_space = message
            # 0: the task failed in a way that ends the worker (memory, a bug); else its size now
            return status, payload, 0 < address_space < limits.max_memory_mb * 2**20 // 2

    def _serve_call(self, name: str, args: tuple, helpers: Mapping[str, Callable[..., Any]]) -> None:
        try:
            helper = helpers.get(name)  # not offered (no warm LibreOffice here): None, the task does without
            reply: tuple = ("ok", helper(*args) if helper is not None else None)
        except ReadError as exc:
            reply = ("error", (exc.code, exc.detail))
        except Exception as exc:  # a helper's failure is the task's failure, never the pool's
            reply = ("error", ("internal", f"{name}: {type(exc).__name__}: {exc}"[:2000]))
        try:
            self.conn.send(reply)
        except (OSError, ValueError):
            pass  # the worker died meanwhile: its end of the pipe tells the loop

    def _died(self) -> ReadError:
        self.process.join(5)
        code = self.process.exitcode
        self.kill()
        if code is not None and code < 0 and -code in (signal.SIGKILL, signal.SIGSEGV):
            return ReadError("too_large", f"reader process died (signal {-code})")
        return ReadError("internal", f"reader process died (exit {code})")

    def alive(self) -> bool:
        return self.process.is_alive()

    def kill(self) -> None:
        if self.process.pid is not None:
            _end_group(self.process.pid)
        self.process.join(5)
        self.conn.close()
        self._lifeline.close()

    def stop(self) -> None:
        """End an idle worker: its input ends, and it is killed if it does not go at once."""
        try:
            self.conn.send(None)
        except (OSError, ValueError):
            pass
        self.process.join(2)
        self.kill()


class _Gone(Exception):
    """The worker was found ended before it took the task."""


class ReaderPool:
    """`workers` guarded processes fed from one queue; `submit` returns a Future. Thread-safe."""

    def __init__(
        self,
        workers: int | None = None,
        *,
        recycle_after: int = RECYCLE_AFTER,
        helpers: Mapping[str, Callable[..., Any]] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.size = max(1, workers or min(4, os.cpu_count() or 1))
        self.recycle_after = recycle_after
        self.helpers = helpers if helpers is not None else {}  # looked up at each call: offered later too
        self.clock = clock  # the tasks' deadlines (the tests move it)
        self.started = 0  # worker processes started so far (the tests watch recycling)
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self._threads: list[threading.Thread] = []
        self._lock = threading.Lock()
        self._closed = False

    def submit(self, func: Callable[..., Any], *args: Any, limits: Limits) -> Future:
        """`func(*args)` in a worker under `limits`; the Future raises ReadError for what failed."""
        future: Future = Future()
        with self._lock:
            if self._closed:
                raise RuntimeError("reader pool closed")
            if not self._threads:
                for index in range(self.size):
                    thread = threading.Thread(target=self._serve, name=f"reader-{index}", daemon=True)
                    thread.start()
                    self._threads.append(thread)
            self._queue.put((future, func, args, limits))
        return future

    def run(self, func: Callable[..., Any], *args: Any, limits: Limits) -> Any:
        return self.submit(func, *args, limits=limits).result()

    def _serve(self) -> None:
        worker: _Worker | None = None
        try:
            while (item := self._queue.get()) is not None:
                future, func, args, limits = item
                if not future.set_running_or_notify_cancel():
                    continue
                try:
                    worker = self._one(worker, future, func, args, limits)
                except BaseException as exc:  # no worker could start: the caller must hear of it
                    if not future.done():
                        future.set_exception(ReadError("internal", f"reader pool: {exc!r}"))
                    if worker is not None:
                        worker.kill()
                    worker = None
        finally:
            if worker is not None:
                worker.stop()

    def _one(self, worker: _Worker | None, future: Future, func, args, limits: Limits) -> _Worker | None:
        for attempt in (1, 2):
            if worker is None or not worker.alive():
                if worker is not None:
                    worker.kill()
                worker = self._start()
            try:
                status, payload, healthy = worker.run(func, args, limits, self.helpers, self.clock)
            except _Gone:
                worker.kill()
                worker = None
                if attempt == 2:
                    future.set_exception(ReadError("internal", "reader process could not start"))
                continue
            except ReadError as exc:  # over its time, or the worker died: already ended
                future.set_exception(exc)
                return None
            except Exception as exc:  # the task or its result could not travel (pickling)
                future.set_exception(ReadError("internal", f"{type(exc).__name__}: {exc}"[:2000]))
                worker.kill()
                return None
            if status == "ok":
                future.set_result(payload)
            else:
                future.set_exception(ReadError(*payload))
            if not healthy or worker.tasks >= self.recycle_after:
                worker.stop()
                return None
            return worker
        return worker

    def _start(self) -> _Worker:
        with self._lock:
            self.started += 1
        return _Worker()

    def close(self) -> None:
        with self._lock:
            if self._closed:
                return
            self._closed = True
            threads = list(self._threads)
        for _ in threads:
            self._queue.put(None)
        for thread in threads:
            thread.join(10)


_shared: ReaderPool | None = None
_shared_lock = threading.Lock()


def shared_pool() -> ReaderPool:
    """This process's reader pool, started on first use and closed at exit."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = ReaderPool(helpers=_offered)
            atexit.register(_shared.close)
        return _shared


def close_shared_pool() -> None:
    """End this process's reader workers now (they hold the fork server open while they live)."""
    global _shared
    with _shared_lock:
        pool, _shared = _shared, None
    if pool is not None:
        pool.close()


_offered: dict[str, Callable[..., Any]] = {}


def offer_helper(name: str, helper: Callable[..., Any]) -> None:
    """Let the shared pool's tasks call `helper` in this process (`call_parent(name, …)`). The parts
    above the readers lend their services this way (the drafts their warm LibreOffice): the readers
    import none of them."""
    _offered[name] = helper
