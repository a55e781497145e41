"""Inbox files in batches: the steps of the pipeline over many files, with one flush per step.

A batch goes through in chunks, and each chunk's files are hashed, their originals copied and
flushed together (service/ingest/files.py), then read and extracted in the reader pool, several at
once. The main thread takes the results in arrival order; whenever the next file is not read yet
(or a group is full) it registers what is finished in one transaction, then removes those inbox
files (each folder flushed once) and records that. Meanwhile the pool reads the next files.

The guarantees are those of one file at a time: an original is on disk before its document is
committed, and the inbox copy goes only after that commit; a crash at any moment leaves every file
in the inbox, or registered with its removal still to do (finished on restart), never lost or
registered twice.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path

from service.errors import MESSAGES, ReadError, VanthuError
from service.ingest.archive import Archive
from service.ingest.files import durable_copies, original_relpath, sha256_file
from service.ingest.names import log_safe
from service.ingest.reading import MessageRead, OcrRead, Reading
from service.runtime import Runtime
from service.store import documents as docs

log = logging.getLogger("vanthu.ingest")

CHUNK = 16  # files hashed and copied together
LOOKAHEAD = 24  # files copied and handed to the readers ahead of the registration
GROUP = 64  # most files registered in one transaction


@dataclass(eq=False)
class Item:
    """One file on its way through a batch."""

    path: Path
    rel_s: str  # the name shown and stored (NFC, no control characters)
    sender: str | None
    keep_source: bool = False  # not the inbox's file: a retry, or `vanthu ingest`
    retry_of: int | None = None
    archive: Archive | None = None  # received in the past (`vanthu ingest --archive`, archive.py)
    sha: str = ""  # once hashed
    size: int = 0
    original_rel: str = ""  # once its original is kept: data/originals/…
    reading: Future | None = None  # the reader pool's work on it
    error: VanthuError | None = None  # decided: quarantined for this reason
    duplicate_of: int | None = None
    existing: docs.KnownBytes | None = None  # a registered document with the same bytes
    waits_for: Item | None = None  # the same bytes earlier in this batch, not yet decided
    status: str | None = None  # once decided: registered, resumed, quarantined, vanished, deferred
    document: docs.Document | docs.KnownBytes | None = None  # registered; found registered (resumed)
    fault: BaseException | None = None  # why it was deferred (disk full…): tried again later
    extras: dict = field(default_factory=dict)

    @property
    def reason(self) -> VanthuError:
        """Why it goes to the quarantine (asked only of an item that has a reason)."""
        if self.error is None:
            raise ValueError(f"{self.rel_s}: no reason to quarantine it")
        return self.error


def inspect(item: Item) -> None:
    """Symlink, vanished, or hashed."""
    try:
        if item.path.is_symlink():
            item.error = VanthuError("symlink_refused", "", MESSAGES["symlink_refused"])
            return
        if not item.path.is_file():
            item.status = "vanished"
            return
        item.sha, item.size = sha256_file(item.path)
    except FileNotFoundError:
        item.status = "vanished"  # deleted between the event and the read


def prepare(rt: Runtime, chunk: Sequence[Item], first_of: dict[str, Item], submit) -> None:
    """Hash the chunk's files, decide what is known before reading, keep the originals of the rest
    (flushed together) and hand them to the readers (`submit(rt, original) -> Future`)."""
    for item in chunk:
        if not item.sha and item.error is None and item.status is None:
            inspect(item)
    hashed = [i for i in chunk if i.sha and i.error is None and i.status is None]
    with rt.store.read() as conn:
        existing = docs.find_by_shas(conn, [i.sha for i in hashed])
    to_copy = []
    for item in hashed:
        earlier = first_of.get(item.sha)
        if earlier is not None and earlier is not item and earlier.status is None:
            item.waits_for = earlier  # the same bytes: decided after the first copy
            continue
        first_of.setdefault(item.sha, item)
        row = existing.get(item.sha)
        if row is not None:
            item.existing = row
            if not item.keep_source and row.source_path == item.rel_s and not row.source_removed:
                continue  # a crash came between register and remove: finish the removal
            item.duplicate_of = row.id
            item.error = VanthuError(
                "duplicate",
                f"same sha256 as document {row.id}",
                f"Văn bản trùng với văn bản đã đăng ký: số đến {row.so_den}/{row.year} (tệp {row.file_name}).",
            )
        elif item.size == 0:
            item.error = ReadError("empty_file", "0 bytes")
        elif item.size > rt.config.limits.max_bytes:
            item.error = ReadError("too_large", f"{item.size} bytes > {rt.config.limits.max_bytes}")
        else:
            item.original_rel = original_relpath(item.sha, Path(item.rel_s).suffix)
            to_copy.append(item)
    errors = durable_copies([(i.path, rt.config.data / i.original_rel, i.sha) for i in to_copy])
    for item, error in zip(to_copy, errors, strict=True):
        if isinstance(error, FileNotFoundError):
            item.status = "vanished"
        elif error is not None:
            defer(item, error)
        else:
            item.reading = submit(rt, rt.config.data / item.original_rel)


def defer(item: Item, fault: BaseException) -> None:
    """Leave the file where it is, to be tried again later (a fault not of the file: disk full)."""
    code = "disk_full" if getattr(fault, "errno", None) == 28 else "internal"
    log.error("code=%s file=%s detail=%s", code, item.rel_s, log_safe(fault))
    item.status, item.fault = "deferred", fault


def take_reading(item: Item) -> Reading | OcrRead | MessageRead | None:
    """The reader's result; a ReadError becomes the item's reason for the quarantine."""
    if item.reading is None:
        return None
    try:
        return item.reading.result()
    except VanthuError as exc:
        item.error = exc
    except Exception as exc:  # a fault of this process (not the file's): tried again later
        defer(item, exc)
    return None


def run(rt: Runtime, items: Sequence[Item], submit, register_group) -> None:
    """Drive the items through: copy and hand to the readers ahead, register finished groups."""
    pending: deque[Item] = deque(items)
    inflight: deque[Item] = deque()
    first_of: dict[str, Item] = {}
    while pending or inflight:
        if pending and len(inflight) < LOOKAHEAD // 2 + 1:
            chunk = [pending.popleft() for _ in range(min(CHUNK, len(pending)))]
            prepare(rt, chunk, first_of, submit)
            inflight.extend(chunk)
            continue
        group = [inflight.popleft()]
        while inflight and len(group) < GROUP and _finished(inflight[0]):
            group.append(inflight.popleft())
        register_group(rt, group)
        again = [i for i in group if i.waits_for is not None and i.status is None]
        for item in again:  # its twin is decided now: this one is a duplicate, or read afresh
            item.waits_for = None
        pending.extendleft(reversed(again))


def _finished(item: Item) -> bool:
    return item.reading is None or item.reading.done()
