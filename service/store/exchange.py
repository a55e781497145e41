"""Queries of the electronic exchange: the agency directory, the message journal (what was sent,
acknowledged and received) and the register entries that came as edXML messages."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Connection, and_, insert, or_, select, update

from service.models import OutgoingOrigin, OutgoingStatus
from service.store.schema import (
    agencies,
    documents,
    exchange_documents,
    exchange_messages,
    handling_steps,
    outgoing,
)
from service.text import fold


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


class EntryState(StrEnum):
    """A received entry's standing (the entry itself is never deleted)."""

    ACTIVE = "active"
    REVOKED = "revoked"
    REPLACED = "replaced"
    REFUSED = "refused"


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


@dataclass(frozen=True)
class StoredAttachment:
    """An attachment of a received message, kept as an original."""

    name: str
    content_type: str
    sha256: str
    size: int
    original_path: str  # relative to the data folder
    role: str  # main (the signed document), appendix


@dataclass(frozen=True)
class ReceivedEntry:
    """A register entry that came as an edXML message."""

    document_id: int
    edxml_document_id: str
    sender_code: str | None
    sender_name: str | None
    receiver_code: str | None
    message_sha256: str
    due_date: date | None
    priority: str | None
    response_for: tuple[dict, ...]
    answers_outgoing_id: int | None
    answers_document_id: int | None
    attachments: tuple[StoredAttachment, ...]
    state: str
    replaced_by: int | None


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


# --- received entries ------------------------------------------------------------------------------


def _received(r) -> ReceivedEntry:
    return ReceivedEntry(
        document_id=r["document_id"],
        edxml_document_id=r["edxml_document_id"],
        sender_code=r["sender_code"],
        sender_name=r["sender_name"],
        receiver_code=r["receiver_code"],
        message_sha256=r["message_sha256"],
        due_date=r["due_date"],
        priority=r["priority"],
        response_for=tuple(json.loads(r["response_for_json"] or "[]")),
        answers_outgoing_id=r["answers_outgoing_id"],
        answers_document_id=r["answers_document_id"],
        attachments=tuple(StoredAttachment(**a) for a in json.loads(r["attachments_json"] or "[]")),
        state=r["state"],
        replaced_by=r["replaced_by"],
    )


def add_received(conn: Connection, entry: ReceivedEntry) -> None:
    conn.execute(
        insert(exchange_documents).values(
            document_id=entry.document_id,
            edxml_document_id=entry.edxml_document_id,
            sender_code=entry.sender_code,
            sender_name=entry.sender_name,
            receiver_code=entry.receiver_code,
            message_sha256=entry.message_sha256,
            due_date=entry.due_date,
            priority=entry.priority,
            response_for_json=json.dumps(list(entry.response_for), ensure_ascii=False),
            answers_outgoing_id=entry.answers_outgoing_id,
            answers_document_id=entry.answers_document_id,
            attachments_json=json.dumps([a.__dict__ for a in entry.attachments], ensure_ascii=False),
            state=entry.state,
        )
    )


def received_entry(conn: Connection, document_id: int) -> ReceivedEntry | None:
    q = select(exchange_documents).where(exchange_documents.c.document_id == document_id)
    r = conn.execute(q).mappings().first()
    return _received(r) if r else None


def received_by_edxml_id(conn: Connection, edxml_document_id: str) -> ReceivedEntry | None:
    """The entry registered from the message with this DocumentId (the newest one if several)."""
    q = (
        select(exchange_documents)
        .where(exchange_documents.c.edxml_document_id == edxml_document_id)
        .order_by(exchange_documents.c.id.desc())
    )
    r = conn.execute(q).mappings().first()
    return _received(r) if r else None


def set_received_state(
    conn: Connection, document_id: int, state: str, *, replaced_by: int | None = None
) -> None:
    conn.execute(
        update(exchange_documents)
        .where(exchange_documents.c.document_id == document_id)
        .values(state=state, replaced_by=replaced_by)
    )
    conn.execute(update(documents).where(documents.c.id == document_id).values(status=state))


def replies_to_outgoing(conn: Connection, outgoing_ids: Iterable[int]) -> dict[int, list[dict]]:
    """Received entries that answer these outgoing entries (ResponseFor): số đến, number, date."""
    ids = list(outgoing_ids)
    out: dict[int, list[dict]] = {i: [] for i in ids}
    if not ids:
        return out
    q = (
        select(
            exchange_documents.c.answers_outgoing_id,
            documents.c.id,
            documents.c.so_den,
            documents.c.year,
            documents.c.number_symbol,
            documents.c.issue_date,
            documents.c.issuer,
        )
        .join(documents, documents.c.id == exchange_documents.c.document_id)
        .where(exchange_documents.c.answers_outgoing_id.in_(ids))
        .order_by(documents.c.year, documents.c.so_den)
    )
    for r in conn.execute(q).mappings():
        out[r["answers_outgoing_id"]].append(
            {
                "document_id": r["id"],
                "so_den": r["so_den"],
                "year": r["year"],
                "number_symbol": r["number_symbol"],
                "issue_date": r["issue_date"].isoformat() if r["issue_date"] else None,
                "issuer": r["issuer"],
            }
        )
    return out


def outgoing_by_reference(conn: Connection, number_symbol: str, on: date | None) -> int | None:
    """The outgoing entry a message names by its number and symbol (as written, NFC) and date."""
    cond = [outgoing.c.number_symbol == number_symbol]
    if on is not None:
        cond.append(outgoing.c.issue_date == on)
    q = select(outgoing.c.id).where(and_(*cond)).order_by(outgoing.c.id.desc())
    return conn.execute(q).scalar()


def document_by_reference(conn: Connection, number_symbol: str, on: date | None) -> int | None:
    """An incoming entry named by its number and symbol (and date, when given)."""
    cond = [documents.c.number_symbol == number_symbol]
    if on is not None:
        cond.append(documents.c.issue_date == on)
    q = select(documents.c.id).where(and_(*cond)).order_by(documents.c.id.desc())
    return conn.execute(q).scalar()


# --- the handling steps of received entries (service.handling) ---------------------------------------


@dataclass(frozen=True)
class StepToReport:
    """A handling step on a document that came as a message: the status it may send back."""

    id: int
    document_id: int
    code: str
    assignment_role: str | None
    at: datetime
    text: str | None


def last_reported_step(conn: Connection) -> int:
    q = select(exchange_messages.c.handling_step_id).where(exchange_messages.c.handling_step_id.is_not(None))
    return conn.execute(q.order_by(exchange_messages.c.handling_step_id.desc()).limit(1)).scalar() or 0


def steps_to_report(
    conn: Connection, after_id: int, codes: Iterable[str], limit: int = 500
) -> list[StepToReport]:
    """Steps after `after_id`, of these codes, on documents received as messages, oldest first."""
    q = (
        select(
            handling_steps.c.id,
            handling_steps.c.document_id,
            handling_steps.c.code,
            handling_steps.c.assignment_role,
            handling_steps.c.at,
            handling_steps.c.text,
        )
        .join(exchange_documents, exchange_documents.c.document_id == handling_steps.c.document_id)
        .where(handling_steps.c.id > after_id, handling_steps.c.code.in_(list(codes)))
        .order_by(handling_steps.c.id)
        .limit(limit)
    )
    return [StepToReport(*r) for r in conn.execute(q)]


def step_reported(conn: Connection, step_id: int) -> bool:
    q = select(exchange_messages.c.id).where(exchange_messages.c.handling_step_id == step_id)
    return conn.execute(q).first() is not None


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
