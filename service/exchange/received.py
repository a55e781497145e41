"""What a received message does to the registers (inside the intake's write transaction): a new
document's exchange record and its statuses back, a revocation or update applied to the entry it
names, a status message noted against the outgoing entry it is about."""

from __future__ import annotations

import dataclasses
import logging
from datetime import datetime
from typing import Any

from sqlalchemy import Connection

from service.config import Config
from service.errors import VanthuError
from service.exchange.codes import BusinessType, StatusCode, status_label
from service.exchange.compose import parse_document_id
from service.exchange.intake import office_codes
from service.exchange.message import DocRef, DocumentMessage, StatusMessage, document_id
from service.exchange.outgoing import ReceivedStatus, plan_status
from service.models import Fields
from service.store import documents as docs
from service.store import exchange as xs
from service.store.audit import NewAuditEntry, add_audit

log = logging.getLogger("vanthu.exchange")


@dataclasses.dataclass(frozen=True)
class Arrived:
    """A message file as the intake kept it."""

    sha256: str
    original_path: str  # the message's bytes, relative to the data folder
    receiver_code: str  # which of the office's codes it was sent to ("" when the office has none)
    attachments: tuple[xs.StoredAttachment, ...] = ()


def journal_id(sha256: str) -> str:
    """A received message's journal id: its bytes' hash (the same message twice is one line)."""
    return f"sha256:{sha256}"


def edxml_id(message: DocumentMessage) -> str:
    h = message.header
    if h.document_id:
        return h.document_id
    return document_id(h.sender.code, h.date, h.number_symbol) if h.date else h.number_symbol


def is_ours(code: str, cfg: Config) -> bool:
    return not cfg.organisation.agency_code or code in office_codes(cfg.organisation)


def _answered(conn: Connection, cfg: Config, refs: tuple[DocRef, ...]) -> tuple[int | None, int | None]:
    """The register entry a ResponseFor names: one of the office's outgoing documents, else one it
    received."""
    for ref in refs:
        parts = parse_document_id(ref.document_id) if ref.document_id else ref
        ns = ref.number_symbol or parts.number_symbol
        on = ref.date or parts.date
        if not ns:
            continue
        if is_ours(ref.organ_code or parts.organ_code, cfg):
            found = xs.outgoing_by_reference(conn, ns, on)
            if found:
                return found, None
        found_doc = xs.document_by_reference(conn, ns, on)
        if found_doc:
            return None, found_doc
    return None, None


def duplicate_of(conn: Connection, message: DocumentMessage) -> int | None:
    """The entry already registered from this document (the same DocumentId, still standing)."""
    entry = xs.received_by_edxml_id(conn, edxml_id(message))
    if entry and entry.state == xs.EntryState.ACTIVE and entry.sender_code == message.header.sender.code:
        return entry.document_id
    return None


def record_registered(
    conn: Connection,
    cfg: Config,
    row: docs.Document,
    message: DocumentMessage,
    arrived: Arrived,
    *,
    now: datetime,
) -> None:
    """The exchange record of an entry just registered from a message, and 01 then 03 to its sender."""
    h = message.header
    answers_out, answers_doc = _answered(conn, cfg, h.response_for)
    doc_id = edxml_id(message)
    xs.add_received(
        conn,
        xs.ReceivedEntry(
            document_id=row.id,
            edxml_document_id=doc_id,
            sender_code=h.sender.code or None,
            sender_name=h.sender.name or None,
            receiver_code=arrived.receiver_code or None,
            message_sha256=arrived.sha256,
            due_date=h.due_date,
            priority=h.priority,
            response_for=tuple(
                {"organ_code": r.organ_code, "number_symbol": r.number_symbol, "document_id": r.document_id}
                for r in h.response_for
            ),
            answers_outgoing_id=answers_out,
            answers_document_id=answers_doc,
            attachments=arrived.attachments,
            state=xs.EntryState.ACTIVE,
            replaced_by=None,
        ),
    )
    _journal_in(conn, arrived, message, xs.Kind.DOCUMENT, xs.JournalState.REGISTERED, now, document_id=row.id)
    _learn(conn, h.sender.code, h.sender.name, now)
    for code in (StatusCode.ARRIVED, StatusCode.REGISTERED):
        plan_status(conn, cfg, ReceivedStatus(row.id, code), now=now)
    if message.business.doc_type == BusinessType.REPLACE:
        _mark_replaced(conn, message, row.id, now)
    add_audit(
        conn,
        NewAuditEntry(
            at=now,
            actor="system",
            action="exchange_registered",
            object_type="document",
            object_id=row.id,
            detail={"document_id": doc_id, "from": h.sender.code, "answers_outgoing_id": answers_out},
        ),
    )


def _journal_in(conn, arrived: Arrived, message, kind, state, now, **values) -> xs.JournalEntry:
    sender = message.sender if isinstance(message, StatusMessage) else message.header.sender
    return xs.add_message(
        conn,
        message_id=journal_id(arrived.sha256),
        direction=xs.Direction.IN,
        kind=kind,
        state=state,
        peer_code=sender.code or None,
        peer_name=sender.name or None,
        file_path=arrived.original_path,
        sha256=arrived.sha256,
        created_at=now,
        **values,
    )


def _learn(conn: Connection, code: str, name: str, now: datetime) -> None:
    """A sender's code and name join the directory (never renaming a body the directory names), so
    that the office's reply finds it by name too."""
    if code and name:
        xs.upsert_agency(conn, xs.Agency(code, name, "message"), now=now, override=False)


def _mark_replaced(conn: Connection, message: DocumentMessage, new_id: int, now: datetime) -> None:
    for old_id in message.business.replaces:
        old = xs.received_by_edxml_id(conn, old_id)
        if old is None or old.sender_code != message.header.sender.code:
            log.warning("code=exchange_replace_unknown document_id=%s", old_id)
            continue
        xs.set_received_state(conn, old.document_id, xs.EntryState.REPLACED, replaced_by=new_id)
        add_audit(
            conn,
            NewAuditEntry(
                at=now,
                actor="system",
                action="exchange_replaced",
                object_type="document",
                object_id=old.document_id,
                detail={"replaced_by": new_id, "reason": message.business.reason},
            ),
        )


def apply_change(
    conn: Connection,
    cfg: Config,
    message: DocumentMessage,
    arrived: Arrived,
    fields: Fields,
    *,
    now: datetime,
) -> int:
    """A revocation or an update from the sender, done to the entry it names. Returns that entry's id.
    A revoked entry is marked, never deleted; an updated one keeps its old fields in the audit trail."""
    b, h = message.business, message.header
    target_id = b.document_id or edxml_id(message)
    entry = xs.received_by_edxml_id(conn, target_id)
    if entry is None or entry.sender_code != h.sender.code:
        raise VanthuError(
            "edxml_unknown_target", f"{b.doc_type.name.lower()} of {target_id!r} from {h.sender.code}"
        )
    row = docs.get_document(conn, entry.document_id)
    if row is None:  # the entry's row is never deleted; a foreign key holds it
        raise VanthuError("edxml_unknown_target", f"document {entry.document_id}")
    detail: dict[str, Any]
    if b.doc_type == BusinessType.REVOKE:
        xs.set_received_state(conn, entry.document_id, xs.EntryState.REVOKED)
        action, detail = "exchange_revoked", {"reason": b.reason}
    else:
        before = docs.document_fields(row)
        docs.update_fields(conn, entry.document_id, fields)
        action, detail = "exchange_updated", {"reason": b.reason, "before": before.to_json()}
    _journal_in(
        conn,
        arrived,
        message,
        xs.Kind.DOCUMENT,
        xs.JournalState.APPLIED,
        now,
        document_id=entry.document_id,
        business_type=str(b.doc_type),
        edxml_document_id=target_id,
        description=b.reason,
    )
    plan_status(conn, cfg, ReceivedStatus(entry.document_id, StatusCode.CHANGE_AGREED), now=now)
    add_audit(
        conn,
        NewAuditEntry(
            at=now,
            actor="system",
            action=action,
            object_type="document",
            object_id=entry.document_id,
            detail=detail,
        ),
    )
    log.info("code=%s document=%s so_den=%s/%s", action, entry.document_id, row.so_den, row.year)
    return entry.document_id


def apply_status(
    conn: Connection, cfg: Config, message: StatusMessage, arrived: Arrived, *, now: datetime
) -> int:
    """A status from a body the office sent a document to, noted against that outgoing entry."""
    ref = message.response_for
    parts = parse_document_id(ref.document_id) if ref.document_id else ref
    if not is_ours(ref.organ_code or parts.organ_code, cfg):
        raise VanthuError("edxml_not_ours", f"status about {ref.document_id or ref.number_symbol}")
    outgoing_id = xs.outgoing_by_reference(
        conn, ref.number_symbol or parts.number_symbol, ref.date or parts.date
    )
    if outgoing_id is None:
        raise VanthuError("edxml_unknown_document", f"{ref.document_id or ref.number_symbol}")
    entry = _journal_in(
        conn,
        arrived,
        message,
        xs.Kind.STATUS,
        xs.JournalState.RECORDED,
        now,
        outgoing_id=outgoing_id,
        status_code=message.code,
        edxml_document_id=ref.document_id or None,
        description=message.description,
        event_at=message.timestamp or now,
    )
    _learn(conn, message.sender.code, message.sender.name, now)
    log.info(
        "code=exchange_status_received outgoing=%s from=%s status=%s (%s)",
        outgoing_id,
        message.sender.code,
        message.code,
        status_label(message.code),
    )
    return entry.id
