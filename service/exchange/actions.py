"""What a clerk (or another area's step) does with the exchange: export an issued document, refuse a
received one, tell its sender how it is handled, load the directory of agency codes."""

from __future__ import annotations

import logging

from service.errors import VanthuError
from service.exchange.codes import StatusCode
from service.exchange.deliver import SendResult, send_messages, sent_path
from service.exchange.directory import decode_csv, parse_directory
from service.exchange.issued import plan_outgoing
from service.exchange.outgoing import ReceivedStatus, plan_status
from service.runtime import Runtime
from service.store import drafts as ds
from service.store import exchange as xs
from service.store.audit import NewAuditEntry, add_audit
from service.text import nfc

log = logging.getLogger("vanthu.exchange")


def export_outgoing(rt: Runtime, outgoing_id: int, *, actor: str = "system") -> list[SendResult]:
    """The messages of an issued document (journaled now if its issuance did not), sent now if they
    are pending; every one with the path of its bytes."""
    cfg = rt.config
    if cfg.exchange.transport == "off" or not cfg.organisation.agency_code:
        raise VanthuError("exchange_off", f"transport={cfg.exchange.transport}")
    with rt.store.read() as conn:
        if ds.get_outgoing(conn, outgoing_id) is None:
            raise VanthuError("exchange_unknown_outgoing", f"outgoing {outgoing_id}")
    plan_outgoing(rt, outgoing_id, actor=actor)
    with rt.store.read() as conn:
        entries = [
            m
            for m in xs.messages_for_outgoing(conn, [outgoing_id])[outgoing_id]
            if m.direction == xs.Direction.OUT
        ]
    sent = {r.message_id: r for r in send_messages(rt, entries)}
    return [
        sent.get(m.message_id)
        or SendResult(m.message_id, m.peer_code, m.kind, m.file_path or sent_path(rt, m.message_id), m.state)
        for m in entries
    ]


def refuse_document(rt: Runtime, document_id: int, reason: str, *, actor: str) -> xs.JournalEntry | None:
    """Refuse (từ chối) a document received as a message: the entry is marked, never deleted, and its
    sender gets 02 with the reason."""
    reason = nfc(reason or "").strip()
    if not reason:
        raise VanthuError("exchange_refuse_reason", "empty reason", "Nhập lý do từ chối để báo lại nơi gửi.")
    now = rt.now()
    with rt.store.write() as conn:
        entry = xs.received_entry(conn, document_id)
        if entry is None:
            raise VanthuError("exchange_unknown_document", f"document {document_id}")
        if entry.state != xs.EntryState.ACTIVE:
            raise VanthuError("exchange_refused_already", f"document {document_id} is {entry.state}")
        xs.set_received_state(conn, document_id, xs.EntryState.REFUSED)
        journaled = plan_status(
            conn, rt.config, ReceivedStatus(document_id, StatusCode.REFUSED, reason), now=now
        )
        add_audit(
            conn,
            NewAuditEntry(
                at=now,
                actor=actor,
                action="exchange_refuse",
                object_type="document",
                object_id=document_id,
                detail={"reason": reason, "to": entry.sender_code},
            ),
        )
    return journaled


def load_directory(rt: Runtime, data: bytes, *, actor: str) -> tuple[int, list[str]]:
    """Load (add or rename) the bodies of a directory CSV: all of it, or nothing when a line is wrong.
    Returns (bodies added or renamed, problems)."""
    entries, problems = parse_directory(decode_csv(data))
    if problems:
        return 0, problems
    now = rt.now()
    with rt.store.write() as conn:
        changed = sum(xs.upsert_agency(conn, xs.Agency(e.code, e.name, "csv"), now=now) for e in entries)
        add_audit(
            conn,
            NewAuditEntry(
                at=now,
                actor=actor,
                action="directory_load",
                object_type="agency",
                object_id=None,
                detail={"entries": len(entries), "changed": changed},
            ),
        )
    return changed, []
