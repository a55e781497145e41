"""The chain of steps for inbox files: hash → keep the original → read → extract → register.

Every file ends registered or quarantined. The original is copied, flushed and verified before the
document is committed, and the inbox copy is removed only after that commit; a crash at any step is
resumed on restart without registering twice: a registered document remembers the inbox path it
came from until that file is gone. Files go through in batches (service/ingest/batch.py): reading
and extraction in the reader pool (service/ingest/reading.py), the registration here, one
transaction per group of finished files.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from service.errors import VanthuError
from service.ingest import batch, messages
from service.ingest import quarantine as qfiles
from service.ingest.archive import Archive, Arrival, archive_arrival
from service.ingest.batch import Item
from service.ingest.commit import Facts, commit
from service.ingest.correction import correct_ocr
from service.ingest.files import clean_stale_temps, remove_sources, sha256_file
from service.ingest.names import display_name, display_path, locate_source, log_safe
from service.ingest.reading import MessageRead, OcrRead, Reading, extract
from service.runtime import Runtime
from service.store import audit
from service.store import documents as docs
from service.store import quarantine as qstore

log = logging.getLogger("vanthu.ingest")


@dataclass(frozen=True)
class Outcome:
    """What became of one file."""

    path: str
    status: str  # registered, resumed, quarantined, vanished, deferred (a fault: tried again later);
    # recorded, applied (edXML messages that act on an entry)
    document_id: int | None = None
    so_den: int | None = None
    code: str | None = None
    message: str | None = None
    fault: BaseException | None = None  # why it was deferred
    year: int | None = None  # the register's year (an archived document's may be an earlier one)


def sender_of(rt: Runtime, rel: Path) -> str | None:
    """A file in inbox/<unit id>/ was sent by that unit."""
    if len(rel.parts) > 1 and rt.config.organisation.unit(display_name(rel.parts[0])):
        return display_name(rel.parts[0])
    return None


def process_batch(rt: Runtime, paths: Sequence[Path]) -> list[Outcome]:
    """Register or quarantine inbox files, in this order. Never raises for a bad file; a fault
    that is not the file's (a full disk) leaves it in the inbox as `deferred`."""
    items = []
    for path in paths:
        rel = path.relative_to(rt.config.inbox)
        items.append(Item(path, display_path(rel), sender_of(rt, rel)))  # NFC, no control characters
    return _run(rt, items)


def process_file(rt: Runtime, path: Path) -> Outcome:
    """One inbox file. Raises the fault of a deferred file."""
    (outcome,) = process_batch(rt, [path])
    if outcome.fault is not None:
        raise outcome.fault
    return outcome


def process_external(rt: Runtime, path: Path, archive: Archive | None = None) -> Outcome:
    """A file named on the command line (`vanthu ingest`): registered or quarantined, left in place.
    `archive`: received in the past (`vanthu ingest --archive`)."""
    return process_external_many(rt, [path], archive)[0]


def process_external_many(
    rt: Runtime, paths: Sequence[Path], archive: Archive | None = None
) -> list[Outcome]:
    items, outcomes = [], {}
    for index, path in enumerate(paths):
        rel_s = "/" + display_path(Path(os.path.abspath(path)).relative_to("/"))
        if path.is_symlink():
            outcomes[index] = Outcome(rel_s, "failed", code="symlink_refused", message=str(path))
        elif not path.is_file():
            outcomes[index] = Outcome(rel_s, "failed", code="not_found", message=str(path))
        else:
            items.append((index, Item(path, rel_s, None, keep_source=True, archive=archive)))
    for (index, _), outcome in zip(items, _run(rt, [i for _, i in items]), strict=True):
        outcomes[index] = outcome
    return [outcomes[i] for i in range(len(paths))]


def retry_quarantined(rt: Runtime, qid: int, actor: str = "system") -> Outcome:
    """Put a quarantined file back through the pipeline (after a fix, or a new reader)."""
    with rt.store.write() as conn:
        row = qstore.get_quarantine(conn, qid)
        if row is None:
            raise VanthuError("quarantine_not_found", f"quarantine {qid}")
        if row.status != qstore.QuarantineStatus.OPEN:
            raise VanthuError("quarantine_not_open", f"quarantine {qid} is {row.status}")
        audit.add_audit(
            conn,
            audit.NewAuditEntry(
                at=rt.now(), actor=actor, action="retry", object_type="quarantine", object_id=qid
            ),
        )
    # A file of the archive whose day could not be read stays one: tried again, it is not "arrived today".
    item = Item(
        rt.data_path(row.stored_path),
        row.file_name,
        row.sender_unit_id,
        keep_source=True,
        retry_of=qid,
        archive=Archive() if row.code == "archive_no_date" else None,
    )
    (outcome,) = _run(rt, [item])
    return outcome


def discard_quarantined(rt: Runtime, qid: int, actor: str) -> None:
    """Mark a quarantined file discarded. Its bytes stay in the quarantine folder."""
    with rt.store.write() as conn:
        qstore.set_quarantine_status(conn, qid, qstore.QuarantineStatus.DISCARDED)
        audit.add_audit(
            conn,
            audit.NewAuditEntry(
                at=rt.now(), actor=actor, action="discard", object_type="quarantine", object_id=qid
            ),
        )


def _run(rt: Runtime, items: list[Item]) -> list[Outcome]:
    removed: list[int] = []  # documents whose inbox file is gone, to be marked so
    batch.run(rt, items, _submit_read, lambda rt, group: _register_group(rt, group, removed))
    if removed:
        with rt.store.write() as conn:
            docs.mark_source_removed(conn, *removed)
    return [_outcome(item) for item in items]


def _outcome(item: Item) -> Outcome:
    if item.status == "quarantined":
        return Outcome(item.rel_s, "quarantined", code=item.reason.code, message=item.reason.message)
    if item.status == "deferred":
        code = "disk_full" if getattr(item.fault, "errno", None) == 28 else "internal"
        return Outcome(item.rel_s, "deferred", code=code, message=str(item.fault), fault=item.fault)
    if item.status in ("registered", "resumed"):
        doc = item.document
        if doc is None:
            return Outcome(item.rel_s, item.status)
        return Outcome(item.rel_s, item.status, doc.id, doc.so_den, year=doc.year)
    return Outcome(item.rel_s, item.status or "vanished", item.extras.get("object_id"))


def _submit_read(rt: Runtime, original: Path) -> Future:
    """The reader pool's read and extraction of a kept original (an edXML message: opened here)."""
    from service.ingest.reading import read_and_extract
    from service.readers.pool import shared_pool

    if messages.is_message(original):
        return messages.open_kept(rt, original)
    cfg = rt.config
    return shared_pool().submit(
        read_and_extract, original, cfg.limits, cfg.organisation, cfg.holidays, limits=cfg.limits
    )


# ---- one group of finished files: one transaction, then the inbox copies go ----


def _register_group(rt: Runtime, group: list[Item], removed: list[int]) -> None:
    """Register a group of finished files in one transaction, then remove their inbox copies.
    `removed`: documents whose inbox file went in an earlier group, marked in this transaction
    (a crash before that is resumed at the next start: the file is gone, the mark is made)."""
    now = rt.now()
    readings: dict[Item, Reading] = {}
    arrivals: dict[Item, Arrival] = {}
    for item in group:
        if item.status is None and item.waits_for is None and (taken := batch.take_reading(item)):
            if isinstance(taken, MessageRead):
                if _message_acted(rt, item, taken) or taken.reading is None:
                    continue
                taken = taken.reading
            readings[item] = reading = _corrected(rt, taken)
            if item.archive is not None:  # received in the past: when (archive.py)
                try:
                    arrivals[item] = archive_arrival(reading.fields, now.date(), item.archive)
                except VanthuError as exc:
                    item.error = exc
    kept = _keep_quarantined(rt, [i for i in group if _to_quarantine(i) and i.retry_of is None], now)
    todo = [i for i in group if i.status is None and i.waits_for is None]
    facts = Facts(readings, kept, arrivals)
    decided = commit(rt, todo, facts, now, removed)
    if decided is None and len(todo) > 1:  # e.g. a disk too full for the group: one by one
        decided = [d for item in todo for d in (commit(rt, [item], facts, now, removed) or [])]
    for item in todo:
        if item.status is None and not any(d[0] is item for d in decided or []):
            batch.defer(item, item.fault or OSError("the register's transaction failed"))
    for item, status, document in decided or []:
        item.status, item.document = status, document
    _announce(group)
    messages.tell_refused(rt, group)
    done = [i for i in group if i.status in ("registered", "resumed", "quarantined", "recorded", "applied")]
    _finish_removals(rt, done)
    removed.extend(i.document.id for i in done if i.document is not None)


def _message_acted(rt: Runtime, item: Item, taken: MessageRead) -> bool:
    """A message that acts on an entry does so now; one that registers goes on with its sender."""
    if taken.reading is not None:
        item.extras["message"] = taken.intake
        item.sender = taken.intake.sender_unit_id or item.sender
        return False
    try:
        messages.apply(rt, item, taken.intake)
    except VanthuError as exc:
        item.error = exc
    except Exception as exc:  # the store failing: tried again later
        batch.defer(item, exc)
    return True


def _corrected(rt: Runtime, reading: Reading | OcrRead) -> Reading:
    """An OCR'd reading corrected by the office's model (kept in this process), then extracted."""
    if isinstance(reading, Reading):
        return reading
    read, correction = correct_ocr(rt, reading.read)  # the raw text kept beside the corrected one
    cfg = rt.config
    fields, error = extract(read, cfg.organisation, cfg.holidays, correction)
    return Reading(read, fields, error)


def _to_quarantine(item: Item) -> bool:
    return item.status is None and item.waits_for is None and item.error is not None


def _keep_quarantined(rt: Runtime, items: list[Item], now: datetime) -> dict[Item, qfiles.Kept]:
    for item in items:
        if item.reason.code == "symlink_refused":
            item.reason.detail = f"link to {qfiles.link_target(item.path)}"
    files = [
        (i.path, i.rel_s, None if i.reason.code == "symlink_refused" else i.sha, i.reason) for i in items
    ]
    kept = {}
    for item, result in zip(items, qfiles.keep_files(rt, files, now), strict=True):
        if isinstance(result, FileNotFoundError):
            item.status = "vanished"
        elif isinstance(result, OSError):
            batch.defer(item, result)
        else:
            kept[item] = result
    return kept


def _announce(group: list[Item]) -> None:
    for item in group:
        if item.status == "registered" and isinstance(doc := item.document, docs.Document):
            log.info(
                "code=registered so_den=%s/%s file=%s sha256=%s format=%s origin=%s",
                doc.so_den,
                doc.year,
                item.rel_s,
                item.sha,
                doc.format,
                doc.origin,
            )
        elif item.status == "quarantined":
            log.warning(
                "code=%s file=%s detail=%s", item.reason.code, item.rel_s, log_safe(item.reason.detail)
            )


def _finish_removals(rt: Runtime, items: list[Item]) -> None:
    """The committed files leave the inbox (each folder flushed once). A file that is not the
    inbox's (a retry, `vanthu ingest`) stays where it is."""
    remove_sources([i.path for i in items if not i.keep_source])


def resume_pending(rt: Runtime) -> int:
    """On start: finish removing inbox files whose document was registered just before a crash,
    and clear the temporary copies that a crash left behind."""
    cleared = clean_stale_temps(rt.config.originals, rt.config.quarantine)
    if cleared:
        log.info("code=stale_temps_removed count=%d", cleared)
    with rt.store.read() as conn:
        pending = docs.pending_source_removals(conn)
    done = []
    gone = []
    for item in pending:
        # A file named to `vanthu ingest` (an absolute path) stays where it is: never remove it.
        # The stored path is the display name; the file on disk may be NFD or not UTF-8.
        external = item.source_path.startswith("/")
        candidates = [] if external else locate_source(rt.config.inbox, item.source_path)
        same = [
            p for p in candidates if p.is_file() and not p.is_symlink() and sha256_file(p)[0] == item.sha256
        ]
        if same:
            done.append(same[0])
        # Gone, or another file now has that name: that one goes through the pipeline itself.
        gone.append(item.id)
    remove_sources(done)
    if gone:
        with rt.store.write() as conn:
            docs.mark_source_removed(conn, *gone)
    return len(done)
