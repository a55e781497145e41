"""Queries of the electronic exchange: the agency directory, the message journal (what was sent,
acknowledged and received); the register entries that came as edXML messages are in
store/exchange_received.py, re-exported here."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import Connection, insert, or_, select, update

from service.models import OutgoingOrigin, OutgoingStatus
from service.store.exchange_received import (
    EntryState,
    ReceivedEntry,
    Reply,
    StepToReport,
    StoredAttachment,
    add_received,
    document_by_reference,
    last_reported_step,
    outgoing_by_reference,
    received_by_edxml_id,
    received_entry,
    replies_to_outgoing,
    set_received_state,
    step_reported,
    steps_to_report,
)
from service.store.schema import (
    agencies,
    exchange_messages,
    outgoing,
)
from service.text import fold

__all__ = [
    "Agency",
    "Direction",
    "EntryState",
    "JournalEntry",
    "JournalState",
    "Kind",
    "ReceivedEntry",
    "Reply",
    "StepToReport",
    "StoredAttachment",
    "add_message",
    "add_received",
    "agencies_named",
    "agency_by_code",
    "document_by_reference",
    "due_messages",
    "get_message",
    "last_reported_step",
    "list_agencies",
    "list_journal",
    "mark_attempt_failed",
    "mark_sent",
    "message_by_id",
    "messages_for_document",
    "messages_for_outgoing",
    "outgoing_by_reference",
    "outgoing_unplanned",
    "received_by_edxml_id",
    "received_entry",
    "replies_to_outgoing",
    "set_message_file",
    "set_received_state",
    "step_reported",
    "steps_to_report",
    "upsert_agency",
]


class Direction(StrEnum):
    OUT = "out"
    IN = "in"


class Kind(StrEnum):
    DOCUMENT = "document"
    STATUS = "status"
    FETCHED = "fetched"  # in: what a transport brought, before the intake reads it


class JournalState(StrEnum):
    """What became of a message: sent ones wait (pending) until the transport acknowledges them."""

    PENDING = "pending"
    SENT = "sent"
    REGISTERED = "registered"  # in: a document message that became a register entry
    APPLIED = "applied"  # in: a revocation, update or replacement done to the entry it names
    RECORDED = "recorded"  # in: a status message noted against an outgoing entry
    FETCHED = "fetched"  # in: taken from the transport into the inbox


@dataclass(frozen=True)
class Agency:
    """A body in the directory (danh bạ mã định danh)."""

    code: str
    name: str
    source: str


@dataclass(frozen=True)
class JournalEntry:
    id: int
    message_id: str
    direction: str
    kind: str
    state: str
    peer_code: str | None
    peer_name: str | None
    outgoing_id: int | None
    document_id: int | None
    status_code: str | None
    business_type: str | None
    edxml_document_id: str | None
    description: str | None
    file_path: str | None
    sha256: str | None
    created_at: datetime
    event_at: datetime | None
    sent_at: datetime | None
    remote_id: str | None
    attempts: int
    next_try_at: datetime | None
    last_error: str | None
    handling_step_id: int | None


# --- the directory ---------------------------------------------------------------------------------


def upsert_agency(conn: Connection, agency: Agency, *, now: datetime, override: bool = True) -> bool:
    """Add or rename a body; `override=False` keeps a name already known (a message never renames a
    body the directory names). True when something changed."""
    row = conn.execute(select(agencies).where(agencies.c.code == agency.code)).mappings().first()
    values = dict(name=agency.name, folded_name=fold(agency.name), source=agency.source, updated_at=now)
    if row is None:
        conn.execute(insert(agencies).values(code=agency.code, **values))
        return True
    if not override or row["name"] == agency.name:
        return False
    conn.execute(update(agencies).where(agencies.c.code == agency.code).values(**values))
    return True


def list_agencies(conn: Connection) -> list[Agency]:
    rows = conn.execute(select(agencies).order_by(agencies.c.code)).mappings()
    return [Agency(r["code"], r["name"], r["source"]) for r in rows]


def agency_by_code(conn: Connection, code: str) -> Agency | None:
    r = conn.execute(select(agencies).where(agencies.c.code == code)).mappings().first()
    return Agency(r["code"], r["name"], r["source"]) if r else None


def agencies_named(conn: Connection, name: str) -> list[Agency]:
    rows = conn.execute(select(agencies).where(agencies.c.folded_name == fold(name))).mappings()
    return [Agency(r["code"], r["name"], r["source"]) for r in rows]


# --- the journal -----------------------------------------------------------------------------------


def _entry(r) -> JournalEntry:
    return JournalEntry(**{k: r[k] for k in JournalEntry.__dataclass_fields__})


def add_message(conn: Connection, **values) -> JournalEntry:
    """One journal line. `message_id` is unique: the same message is never journaled (or sent) twice."""
    values.setdefault("attempts", 0)
    key = conn.execute(insert(exchange_messages).values(**values)).inserted_primary_key
    assert key is not None
    entry = get_message(conn, key[0])
    assert entry is not None  # just inserted, in this transaction
    return entry


def get_message(conn: Connection, row_id: int) -> JournalEntry | None:
    r = conn.execute(select(exchange_messages).where(exchange_messages.c.id == row_id)).mappings().first()
    return _entry(r) if r else None


def message_by_id(conn: Connection, message_id: str) -> JournalEntry | None:
    q = select(exchange_messages).where(exchange_messages.c.message_id == message_id)
    r = conn.execute(q).mappings().first()
    return _entry(r) if r else None


def due_messages(conn: Connection, now: datetime) -> list[JournalEntry]:
    """Messages to send now: pending, and not waiting for a later try."""
    q = (
        select(exchange_messages)
        .where(
            exchange_messages.c.direction == Direction.OUT,
            exchange_messages.c.state == JournalState.PENDING,
            or_(exchange_messages.c.next_try_at.is_(None), exchange_messages.c.next_try_at <= now),
        )
        .order_by(exchange_messages.c.id)
    )
    return [_entry(r) for r in conn.execute(q).mappings()]


def mark_sent(conn: Connection, row_id: int, *, at: datetime, remote_id: str | None) -> bool:
    """Guarded on the state, so a message is marked sent once."""
    res = conn.execute(
        update(exchange_messages)
        .where(exchange_messages.c.id == row_id, exchange_messages.c.state == JournalState.PENDING)
        .values(
            state=JournalState.SENT,
            sent_at=at,
            remote_id=remote_id,
            attempts=exchange_messages.c.attempts + 1,
            last_error=None,
        )
    )
    return res.rowcount == 1


def mark_attempt_failed(conn: Connection, row_id: int, *, error: str, next_try_at: datetime) -> None:
    conn.execute(
        update(exchange_messages)
        .where(exchange_messages.c.id == row_id)
        .values(attempts=exchange_messages.c.attempts + 1, last_error=error[:2000], next_try_at=next_try_at)
    )


def set_message_file(conn: Connection, row_id: int, *, file_path: str, sha256: str) -> None:
    conn.execute(
        update(exchange_messages)
        .where(exchange_messages.c.id == row_id)
        .values(file_path=file_path, sha256=sha256)
    )


def list_journal(conn: Connection, direction: str | None = None) -> list[JournalEntry]:
    q = select(exchange_messages).order_by(exchange_messages.c.id)
    if direction:
        q = q.where(exchange_messages.c.direction == direction)
    return [_entry(r) for r in conn.execute(q).mappings()]


def messages_for_outgoing(conn: Connection, outgoing_ids: Iterable[int]) -> dict[int, list[JournalEntry]]:
    """Every message about these outgoing entries (sent documents, statuses received), oldest first."""
    ids = list(outgoing_ids)
    out: dict[int, list[JournalEntry]] = {i: [] for i in ids}
    if not ids:
        return out
    q = (
        select(exchange_messages)
        .where(exchange_messages.c.outgoing_id.in_(ids))
        .order_by(exchange_messages.c.event_at, exchange_messages.c.id)
    )
    for r in conn.execute(q).mappings():
        out[r["outgoing_id"]].append(_entry(r))
    return out


def messages_for_document(conn: Connection, document_id: int) -> list[JournalEntry]:
    q = (
        select(exchange_messages)
        .where(exchange_messages.c.document_id == document_id)
        .order_by(exchange_messages.c.id)
    )
    return [_entry(r) for r in conn.execute(q).mappings()]


def outgoing_unplanned(conn: Connection, since: datetime) -> list[int]:
    """Outgoing entries issued since `since` that no document message was journaled for (an issuance
    whose follower did not run: the process ended between the two)."""
    planned = select(exchange_messages.c.id).where(
        exchange_messages.c.outgoing_id == outgoing.c.id,
        exchange_messages.c.direction == Direction.OUT,
        exchange_messages.c.kind == Kind.DOCUMENT,
    )
    q = (
        select(outgoing.c.id)
        .where(
            outgoing.c.issued_at >= since,
            outgoing.c.status == OutgoingStatus.ISSUED,
            outgoing.c.origin == OutgoingOrigin.ISSUED,  # not a line of an earlier paper register
            ~planned.exists(),
        )
        .order_by(outgoing.c.id)
    )
    return [r[0] for r in conn.execute(q)]
