"""One group's rows, written in one transaction: each finished file's document and its links, or its
quarantine row, or a retry's audit (the pipeline, service/ingest/pipeline.py, decides the group and
removes the inbox copies once this has committed)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import Connection

from service.errors import VanthuError
from service.ingest import batch, edxml
from service.ingest import quarantine as qfiles
from service.ingest.archive import Arrival
from service.ingest.batch import Item
from service.ingest.correction import learn_document
from service.ingest.names import log_safe
from service.ingest.reading import Reading
from service.models import DocumentOrigin, Fields
from service.runtime import Runtime
from service.store import audit
from service.store import documents as docs
from service.store import quarantine as qstore

log = logging.getLogger("vanthu.ingest")


@dataclass(frozen=True)
class Facts:
    """What a group's registration knows of its files: their readings, where the quarantined ones
    were kept, and when the archived ones arrived."""

    readings: dict[Item, Reading]
    kept: dict[Item, qfiles.Kept]
    arrivals: dict[Item, Arrival]


def commit(
    rt: Runtime, items: list[Item], facts: Facts, now: datetime, removed: list[int]
) -> list[tuple[Item, str, docs.Document | docs.KnownBytes | None]] | None:
    """The items' rows in one transaction: what each becomes, or None if the commit failed."""
    decided = []
    try:
        with rt.store.write() as conn:
            if removed:
                docs.mark_source_removed(conn, *removed)
            for item in items:
                try:
                    with conn.begin_nested():  # one file's fault costs that file only
                        decided.append((item, *_record(conn, rt, item, facts, now)))
                except Exception as exc:
                    batch.defer(item, exc)
    except Exception as exc:  # the commit failed (disk full): nothing of these was registered
        log.error("code=register_failed files=%d detail=%s", len(items), log_safe(exc))
        for item, *_ in decided:
            item.fault = exc
        return None
    removed.clear()
    return decided


def _record(
    conn: Connection, rt: Runtime, item: Item, facts: Facts, now: datetime
) -> tuple[str, docs.Document | docs.KnownBytes | None]:
    """The item's rows: its document and links, or its quarantine, or the retry's audit; what it
    becomes once they are committed."""
    if item.existing is not None and item.error is None:
        return "resumed", item.existing
    if item.error is not None and item.retry_of is not None:  # already in the quarantine
        _audit_retry(conn, item, now, "retry_failed", {"code": item.error.code, "detail": item.error.detail})
        return "quarantined", None
    if item.error is not None:
        link = item.error.code == "symlink_refused"  # a link's target is not read: no hash, no size
        quarantined = qfiles.QuarantinedFile(
            item.rel_s,
            None if link else item.sha,
            None if link else item.size,
            item.sender,
            item.error,
            item.duplicate_of,
        )
        qfiles.record(conn, facts.kept[item], quarantined, now)
        return "quarantined", None
    if docs.find_by_shas(conn, [item.sha]):  # registered meanwhile by another process
        raise VanthuError("internal", "registered meanwhile by another process; taken again later")
    return "registered", _register(conn, rt, item, facts.readings[item], facts.arrivals.get(item), now)


def _register(
    conn: Connection, rt: Runtime, item: Item, reading: Reading, arrival: Arrival | None, now: datetime
) -> docs.Document:
    new = docs.NewDocument(
        arrived_at=arrival.at if arrival else now,
        file_name=Path(item.rel_s).name,
        source_path=item.rel_s,
        sha256=item.sha,
        size=item.size,
        original_path=item.original_rel,
        sender_unit_id=item.sender,
        read=reading.read,
        fields=reading.fields,
        so_den=arrival.so_den if arrival else None,
        origin=DocumentOrigin.ARCHIVE if arrival else DocumentOrigin.INBOX,
        note=arrival.note if arrival else None,
    )
    row = docs.insert_document(conn, new)
    learn_document(rt, conn, reading.read)  # a born-digital text teaches the OCR corrector
    if (intake := item.extras.get("message")) is not None:  # its exchange record, 01 and 03 to its sender
        edxml.record(conn, rt, row, intake)
    _link(conn, row, reading.fields, rt)
    if item.retry_of is not None:
        qstore.set_quarantine_status(conn, item.retry_of, qstore.QuarantineStatus.RETRIED)
        _audit_retry(conn, item, now, "retry_registered", {"document_id": row.id})
    if reading.extract_error:
        log.error("code=extract_failed file=%s detail=%s", item.rel_s, log_safe(reading.extract_error))
    return row


def _audit_retry(conn: Connection, item: Item, now: datetime, action: str, detail: dict) -> None:
    audit.add_audit(
        conn,
        audit.NewAuditEntry(
            at=now,
            actor="system",
            action=action,
            object_type="quarantine",
            object_id=item.retry_of,
            detail=detail,
        ),
    )


def _link(conn: Connection, row: docs.Document, fields: Fields, rt: Runtime) -> None:
    from service.ingest.track import link_document

    link_document(conn, row, fields, rt.config, rt.now().date())
