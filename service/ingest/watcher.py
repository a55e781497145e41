"""The inbox watcher in three parts: the readiness tracker (stability.py), `scan_once()`, a thin loop.

watchdog feeds events (inotify: close-after-write, move-in; polling: created/modified), a periodic
rescan catches anything an event missed, and files already present at start are taken too.
"""

from __future__ import annotations

import fnmatch
import logging
import os
import queue
import threading
import time
from collections.abc import Callable
from pathlib import Path

from watchdog.events import (
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers.api import BaseObserver
from watchdog.observers.polling import PollingObserver

from service.ingest.names import log_safe
from service.ingest.pipeline import Outcome, process_batch, resume_pending
from service.ingest.stability import ReadinessTracker
from service.runtime import Runtime

log = logging.getLogger("vanthu.watcher")

# Office temp and lock files, system files and partial downloads are never documents.
IGNORED_PATTERNS = (
    "~$*",
    ".~lock.*#",
    "*.tmp",
    "*.part",
    "*.crdownload",
    "*.partial",
    "*.swp",
    "thumbs.db",
    "desktop.ini",
    ".ds_store",
)


RETRY_MAX_SECONDS = 60.0  # longest wait before a file whose processing failed is tried again


def is_ignored(name: str) -> bool:
    low = name.lower()
    return name.startswith(".") or any(fnmatch.fnmatchcase(low, p) for p in IGNORED_PATTERNS)


def list_inbox(inbox: Path) -> list[Path]:
    """Files in the inbox and in its unit subfolders (one level), hidden and temp files left out."""
    found: list[Path] = []
    try:
        entries = list(os.scandir(inbox))
    except FileNotFoundError:
        return found
    for entry in entries:
        if is_ignored(entry.name):
            continue
        if entry.is_dir(follow_symlinks=False):
            try:
                found.extend(
                    Path(e.path)
                    for e in os.scandir(entry.path)
                    if not is_ignored(e.name) and not e.is_dir(follow_symlinks=False)
                )
            except OSError:
                continue
        else:
            found.append(Path(entry.path))
    return sorted(found)


class Scanner:
    """Owns the readiness state for one inbox; `scan_once()` processes what is ready."""

    def __init__(
        self,
        rt: Runtime,
        clock: Callable[[], float] = time.monotonic,
        process: Callable[[Runtime, list[Path]], list[Outcome]] = process_batch,
    ):
        self.rt = rt
        self.clock = clock
        self.process = process
        self.tracker = ReadinessTracker(settle_seconds=rt.config.watcher.settle_seconds)
        # path -> (failures so far, clock time before which it is not tried again)
        self._failed: dict[str, tuple[int, float]] = {}

    def _stat(self, path: Path) -> os.stat_result | None:
        try:
            return path.lstat()
        except OSError:
            return None

    def observe_all(self) -> None:
        now = self.clock()
        present = set()
        for path in list_inbox(self.rt.config.inbox):
            st = self._stat(path)
            if st is None:
                continue
            present.add(str(path))
            self.tracker.observe(str(path), st.st_size, st.st_mtime_ns, now)
        for gone in set(self.tracker.tracked()) - present:
            self.tracker.forget(gone)

    def on_event(self, kind: str, path: str) -> None:
        """kind: closed, moved_in, modified, deleted (from watchdog, or tests)."""
        p = Path(path)
        if is_ignored(p.name) or not self._in_inbox(p):
            return
        if kind == "deleted":
            self.tracker.forget(path)
            return
        st = self._stat(p)
        if st is None:
            self.tracker.forget(path)
            return
        now = self.clock()
        if kind in ("closed", "moved_in"):
            self.tracker.closed(path, st.st_size, st.st_mtime_ns, now)
        elif kind == "modified":
            self.tracker.modified(path, st.st_size, st.st_mtime_ns, now)
        else:
            self.tracker.observe(path, st.st_size, st.st_mtime_ns, now)

    def _in_inbox(self, p: Path) -> bool:
        try:
            rel = p.relative_to(self.rt.config.inbox)
        except ValueError:
            return False
        return 1 <= len(rel.parts) <= 2 and not any(is_ignored(part) for part in rel.parts)

    def process_ready(self) -> list[Outcome]:
        """Process every file that is ready, as one batch (in the order they became ready)."""
        batch: list[Path] = []
        for path in self.tracker.ready(self.clock()):
            p = Path(path)
            # Re-check just before reading: a file that changed since it was judged ready waits.
            st = self._stat(p)
            if st is None:
                self.tracker.forget(path)
                continue
            self.tracker.observe(path, st.st_size, st.st_mtime_ns, self.clock())
            if not self.tracker.is_ready(path, self.clock()):
                continue
            if self.clock() < self._failed.get(path, (0, 0.0))[1]:
                continue
            batch.append(p)
        if not batch:
            return []
        try:
            results = self.process(self.rt, batch)
        except Exception as exc:  # a fault outside any one file's control (database down)
            log.exception("code=internal files=%d", len(batch))
            results = [Outcome(str(p), "deferred", code="internal", fault=exc) for p in batch]
        outcomes = []
        for p, outcome in zip(batch, results, strict=True):
            path = str(p)
            if outcome.status == "deferred":  # disk full…: tried again, but not on every tick:
                failures = self._failed.get(path, (0, 0.0))[0]  # the wait doubles up to a minute
                delay = min(RETRY_MAX_SECONDS, 2.0**failures)
                self._failed[path] = (failures + 1, self.clock() + delay)
                log.warning(
                    "code=retry_later file=%s failures=%d retry_in=%gs", log_safe(path), failures + 1, delay
                )
                continue
            self._failed.pop(path, None)
            self.tracker.forget(path)
            outcomes.append(outcome)
        return outcomes

    def scan_once(self) -> list[Outcome]:
        """Observe every inbox file, then process those that are ready."""
        self.observe_all()
        return self.process_ready()


class _Handler(FileSystemEventHandler):
    def __init__(self, events: queue.Queue, inotify: bool):
        self.events = events
        self.inotify = inotify

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.is_directory:
            return
        if isinstance(event, FileClosedEvent):
            self.events.put(("closed", event.src_path))
        elif isinstance(event, FileMovedEvent):
            self.events.put(("deleted", event.src_path))
            self.events.put(("moved_in", event.dest_path))
        elif isinstance(event, FileDeletedEvent):
            self.events.put(("deleted", event.src_path))
        elif isinstance(event, FileModifiedEvent):
            # inotify: a write in progress until its close event; polling: only a new observation.
            self.events.put(("modified" if self.inotify else "seen", event.src_path))
        elif isinstance(event, FileCreatedEvent):
            # Not "a write in progress": a file moved in from outside the inbox (a file manager's
            # move from Downloads) arrives as a bare create with no close to follow, and would wait
            # for the stall time. A writer that creates the file sends modify events of its own.
            self.events.put(("seen", event.src_path))


def make_observer(
    mode: str, inbox: Path, events: queue.Queue, poll_seconds: float
) -> tuple[BaseObserver, bool]:
    """The watchdog observer for the mode (`auto`: inotify where the platform has it)."""
    observer: BaseObserver | None = None
    inotify = False
    if mode in ("auto", "inotify"):
        try:
            from watchdog.observers.inotify import InotifyObserver

            observer, inotify = InotifyObserver(), True
            observer.schedule(_Handler(events, True), str(inbox), recursive=True)
        except (ImportError, OSError) as exc:
            if mode == "inotify":
                raise
            log.warning("code=inotify_unavailable detail=%s; polling instead", exc)
            observer, inotify = None, False
    if observer is None:
        observer = PollingObserver(timeout=poll_seconds)
        observer.schedule(_Handler(events, False), str(inbox), recursive=True)
    return observer, inotify


class Watcher:
    """The thin loop: drain events, process ready files, rescan now and then."""

    def __init__(self, rt: Runtime, tick_seconds: float = 0.25):
        self.rt = rt
        self.tick = tick_seconds
        self.scanner = Scanner(rt)
        self.events: queue.Queue = queue.Queue()
        self.stop_event = threading.Event()
        self.observer: BaseObserver | None = None

    def run(self) -> None:
        wcfg = self.rt.config.watcher
        resumed = resume_pending(self.rt)
        if resumed:
            log.info("code=resumed count=%d", resumed)
        observer, inotify = make_observer(
            wcfg.mode, self.rt.config.inbox, self.events, min(wcfg.settle_seconds, 1.0)
        )
        self.observer = observer
        observer.start()
        log.info("code=watching inbox=%s mode=%s", self.rt.config.inbox, "inotify" if inotify else "polling")
        last_scan = float("-inf")
        try:
            while not self.stop_event.is_set():
                self._drain()
                if time.monotonic() - last_scan >= wcfg.rescan_seconds:
                    self.scanner.observe_all()
                    last_scan = time.monotonic()
                self.scanner.process_ready()
                self._wait()
        finally:
            observer.stop()
            observer.join(timeout=5)

    def _wait(self) -> None:
        """Until the next tick, or sooner when an event comes (a file moved in is ready at once)."""
        try:
            kind, path = self.events.get(timeout=self.tick)
        except queue.Empty:
            return
        self.scanner.on_event(kind, path)

    def _drain(self) -> None:
        while True:
            try:
                kind, path = self.events.get_nowait()
            except queue.Empty:
                return
            self.scanner.on_event(kind, path)

    def stop(self) -> None:
        self.stop_event.set()
