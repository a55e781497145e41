"""Run the whole pipeline over an inbox in a fresh process and report outcomes and peak memory.

`python -m tests.reliability.batch CONFIG` drives the real Scanner (fake monotonic clock, no
sleeping) until the inbox is empty, then prints one JSON object: every register row, every
quarantine row, what is left in the inbox, and the peak RSS of this process and of its children
(the guarded reader processes and what they start: LibreOffice, tesseract).
"""

from __future__ import annotations

import json
import multiprocessing.forkserver
import resource
import sys
import time
from pathlib import Path

from tests.conftest import MonoClock

Mono = MonoClock  # the watcher's fake monotonic clock, shared with the ingest tests


def run_batch(config: Path, rounds: int = 8) -> dict:
    from service.ingest.watcher import Scanner, list_inbox
    from service.logs import setup_logging
    from service.readers.pool import close_shared_pool
    from service.runtime import open_runtime
    from service.store import documents as docs
    from service.store import quarantine as qstore

    rt = open_runtime(config)
    setup_logging(rt.config.logs, zone=rt.config.zone)
    mono = Mono()
    scanner = Scanner(rt, clock=mono)
    started = time.monotonic()
    for _ in range(rounds):
        scanner.scan_once()
        if not list_inbox(rt.config.inbox):
            break
        mono.t += rt.config.watcher.settle_seconds + 1
    elapsed = time.monotonic() - started
    with rt.store.read() as conn:
        register = [
            r.to_json(rt.zone) | {"signatures_json": r.signatures_json, "warnings_json": r.warnings_json}
            for r in docs.list_register(conn)
        ]
        quarantined = [q.to_json() for q in qstore.list_quarantine(conn, status=None)]
    left = [str(p.relative_to(rt.config.inbox)) for p in list_inbox(rt.config.inbox)]
    rt.store.dispose()
    # The fork server is our child; its reader children are its own. Ending it (once the readers
    # have ended: each holds it open) folds their peak into RUSAGE_CHILDREN.
    close_shared_pool()
    fs = multiprocessing.forkserver._forkserver
    if getattr(fs, "_forkserver_pid", None):
        fs._stop()
    return {
        "register": register,
        "quarantine": [{k: (str(v) if k == "created_at" else v) for k, v in q.items()} for q in quarantined],
        "left_in_inbox": left,
        "seconds": elapsed,
        "self_peak_rss_mb": _own_peak_rss_mb(),
        "children_peak_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }


def _own_peak_rss_mb() -> float:
    """This process's own peak resident memory (VmHWM). Not ru_maxrss: Linux carries that over from
    the process that started this one (fork and exec), so under a long pytest run it gave pytest's."""
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


if __name__ == "__main__":
    print(json.dumps(run_batch(Path(sys.argv[1])), ensure_ascii=False, default=str))
