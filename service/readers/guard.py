"""Run a reader in a child process under a wall-time and an address-space limit.

A parser loop, a decompression bomb or a memory blow-up then kills only the child (and whatever it
started: tesseract, LibreOffice, OCR workers share its process group), and the caller gets a
`ReadError` with a stable code.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import signal
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from service.errors import ReadError
from service.readers.limits import Limits

# A fork server is a single-threaded process: forking from it is safe even when the service
# runs threads (web server, watcher), and it keeps the readers' imports warm.
_CONTEXT = multiprocessing.get_context("forkserver")
# Each child still imports the program's main module (`vanthu`, i.e. the service.cli package) before it reads:
# service/cli/__init__.py keeps its own imports light for that reason.
_CONTEXT.set_forkserver_preload(["service.readers", "service.readers.pdf", "service.readers.docx"])


def _child(conn: Any, func: Callable[..., Any], path: Path, limits: Limits) -> None:
    os.setsid()  # its own process group, so that the parent can end it with all its children
    limit = limits.max_memory_mb * 2**20
    try:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ValueError, OSError):
        pass
    try:
        conn.send(("ok", func(path, limits)))
    except ReadError as exc:
        conn.send(("error", (exc.code, exc.detail)))
    except MemoryError:
        conn.send(("error", ("too_large", "the reader ran out of its memory limit")))
    except RecursionError:
        conn.send(("error", ("internal", "recursion too deep (malformed file)")))
    except BaseException as exc:  # anything else is our bug or a very odd file: report, not crash
        conn.send(
            ("error", ("internal", f"{type(exc).__name__}: {exc}\n{traceback.format_exc(limit=5)}"[:2000]))
        )
    finally:
        conn.close()


def _end_group(pid: int | None) -> None:
    if pid is None:  # never started
        return
    for target in (lambda: os.killpg(pid, signal.SIGKILL), lambda: os.kill(pid, signal.SIGKILL)):
        try:
            target()
        except (ProcessLookupError, PermissionError):
            pass


def run_guarded(func: Callable[[Path, Limits], Any], path: Path, limits: Limits) -> Any:
    """`func(path, limits)` in a child process; its ReadError is raised here."""
    receive, send = _CONTEXT.Pipe(duplex=False)
    child = _CONTEXT.Process(target=_child, args=(send, func, path, limits), daemon=False)
    child.start()
    send.close()
    try:
        if not receive.poll(limits.max_seconds):
            _end_group(child.pid)
            raise ReadError("timeout", f"over {limits.max_seconds:g} s")
        try:
            status, payload = receive.recv()
        except (EOFError, OSError):
            child.join(5)
            code = child.exitcode
            if code is not None and code < 0 and -code in (signal.SIGKILL, signal.SIGSEGV):
                raise ReadError("too_large", f"reader process died (signal {-code})") from None
            raise ReadError("internal", f"reader process died (exit {code})") from None
    finally:
        receive.close()
        if child.is_alive():
            child.join(1)
        if child.is_alive():
            _end_group(child.pid)
            child.join(1)
    if status == "ok":
        return payload
    code, detail = payload
    raise ReadError(code, detail)
