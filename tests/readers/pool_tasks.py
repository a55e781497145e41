"""Tasks for the reader pool's tests, run in its worker processes (importable by name there)."""

from __future__ import annotations

import os
import signal
import time

from service.errors import ReadError
from service.readers.pool import call_parent

_ballast: list[bytes] = []


def pid() -> int:
    return os.getpid()


def fail(code: str) -> None:
    raise ReadError(code, "asked to fail")


def crash(how: str) -> None:
    if how == "exit":
        os._exit(3)
    os.kill(os.getpid(), signal.SIGSEGV)


def bug() -> None:
    raise KeyError("a reader's bug")


def allocate(megabytes: int) -> int:
    return len(bytearray(megabytes * 2**20))


def keep(megabytes: int) -> int:
    """Leave the worker bigger than it was: it should not take the next task."""
    _ballast.append(bytearray(megabytes * 2**20))
    return os.getpid()


def sleep(seconds: float) -> int:
    time.sleep(seconds)
    return os.getpid()


def group_child(seconds: float) -> int:
    """Start a child in the worker's process group (as tesseract is) and wait; returns its pid."""
    import subprocess

    child = subprocess.Popen(["sleep", str(seconds)])
    call_parent("note", child.pid)
    child.wait()
    return child.pid


def ask_parent(value: str) -> str:
    return call_parent("upper", value)


def pages_then_wait(pages: int, seconds: float) -> int:
    """Say the read sends `pages` pages to OCR, then let the service's clock move `seconds` on (the
    test's clock, moved by the service itself while it serves the call), then finish."""
    from service.readers.pool import note_pages

    if pages:
        note_pages(pages)
    call_parent("advance", seconds)
    return pages


def ocr_pages(pages: int, seconds_each: float) -> int:
    """The OCR reader's page runner over `pages` pages, each moving the service's clock on."""
    from service.readers.ocr import _run_parallel

    return len(_run_parallel(_advance, [(seconds_each,)] * pages, 1))


def _advance(seconds: float) -> None:
    call_parent("advance", seconds)
