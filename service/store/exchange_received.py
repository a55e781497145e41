"""Queries of the electronic exchange's received entries: the register entries that came as edXML
messages (their sender, attachments, what they answer, their standing) and the handling steps on them
whose status goes back to the sender. Re-exported by store/exchange.py."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Connection, and_, insert, select, update

from service.store.schema import (
    documents,
    exchange_documents,
    exchange_messages,
    handling_steps,
    outgoing,
)


class EntryState(StrEnum):
    """A received entry's standing (the entry itself is never deleted)."""

    ACTIVE = "active"
    REVOKED = "revoked"
    REPLACED = "replaced"
    REFUSED = "refused"


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


@dataclass(frozen=True)
class Reply:
    """A received entry that answers an outgoing one (ResponseFor): its số đến, number, date, issuer."""

    document_id: int
    so_den: int
    year: int
    number_symbol: str | None
    issue_date: date | None
    issuer: str | None

    def to_json(self) -> dict[str, Any]:
        return dict(
            dataclasses.asdict(self), issue_date=self.issue_date.isoformat() if self.issue_date else None
        )


def replies_to_outgoing(conn: Connection, outgoing_ids: Iterable[int]) -> dict[int, list[Reply]]:
    """Received entries that answer these outgoing entries (ResponseFor): số đến, number, date."""
    ids = list(outgoing_ids)
    out: dict[int, list[Reply]] = {i: [] for i in ids}
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
    for answers, *values in conn.execute(q):
        out[answers].append(Reply(*values))
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
