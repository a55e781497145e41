"""What the office sends: one document message per recipient with an agency code when a document is
issued, and status messages back to the sender of a received one. Messages are journaled inside
the transaction that issues or registers (so none is lost to a crash) and built and sent after it."""

from __future__ import annotations

import logging
import re
import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection

from service.config import Config
from service.exchange.codes import STATUS_DESCRIPTIONS, BusinessType, StatusCode
from service.models import Organisation
from service.store import exchange as xs
from service.text import fold

log = logging.getLogger("vanthu.exchange")


@dataclass(frozen=True)
class Recipient:
    """A body a document goes to electronically."""

    code: str
    name: str


def _key(name: str) -> str:
    """A recipient as the register writes it, without "(b/c)", "(để báo cáo)" and the like."""
    return fold(re.sub(r"\([^)]*\)", " ", name)).strip(" -;.,")


def resolve_recipients(
    names: list[str], org: Organisation, directory: list[xs.Agency]
) -> tuple[list[Recipient], list[str]]:
    """The recipients with an agency code (from the units, their groups and the directory, by name),
    and the names left without one (ToPlaces). The office's own codes are never a recipient."""
    by_name: dict[str, list[Recipient]] = {}
    for unit in org.units:
        if unit.agency_code:
            for n in (unit.name, *unit.aliases):
                by_name.setdefault(_key(n), []).append(Recipient(unit.agency_code, unit.name))
    for group in org.groups:
        members = [Recipient(u.agency_code, u.name) for u in org.units_in_group(group.id) if u.agency_code]
        for n in (group.name, *group.aliases):
            by_name.setdefault(_key(n), []).extend(members)
    for agency in directory:
        by_name.setdefault(_key(agency.name), []).append(Recipient(agency.code, agency.name))
    own = {org.agency_code}
    found: dict[str, Recipient] = {}
    unresolved: list[str] = []
    for name in names:
        matches = [r for r in by_name.get(_key(name), []) if r.code not in own]
        if not matches:
            unresolved.append(name)
        for r in matches:
            found.setdefault(r.code, r)
    return list(found.values()), unresolved


def new_message_id() -> str:
    return uuid.uuid4().hex


def document_message_id(office_code: str, outgoing_id: int, recipient_code: str) -> str:
    """A document message's id: the same for the same entry and recipient, so that it is journaled
    (and sent) once however many paths try."""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"edxml:{office_code}:out:{outgoing_id}:{recipient_code}").hex


def issued_recipients(
    conn: Connection,
    cfg: Config,
    outgoing_id: int,
    *,
    recipients: list[str],
    answered_document_id: int | None,
) -> list[Recipient]:
    """Who an issued document goes to electronically, when its messages are not journaled yet: each
    recipient with an agency code, and the sender of a document it answers whatever its name."""
    org = cfg.organisation
    if cfg.exchange.transport == "off" or not org.agency_code:
        return []
    if xs.messages_for_outgoing(conn, [outgoing_id])[outgoing_id]:
        return []  # already planned (an export after the issuance)
    found, _places = resolve_recipients(recipients, org, xs.list_agencies(conn))
    answered = xs.received_entry(conn, answered_document_id) if answered_document_id else None
    if answered and answered.sender_code and answered.sender_code not in {r.code for r in found}:
        found.insert(0, Recipient(answered.sender_code, answered.sender_name or answered.sender_code))
    return found


def plan_issued(
    conn: Connection,
    cfg: Config,
    outgoing_id: int,
    *,
    recipients: list[str],
    answered_document_id: int | None,
    now: datetime,
) -> list[xs.JournalEntry]:
    """Journal one document message per recipient with an agency code (issued_recipients)."""
    found = issued_recipients(
        conn, cfg, outgoing_id, recipients=recipients, answered_document_id=answered_document_id
    )
    answering = (
        answered_document_id
        if answered_document_id and xs.received_entry(conn, answered_document_id)
        else None
    )
    planned = [
        xs.add_message(
            conn,
            message_id=document_message_id(cfg.organisation.agency_code, outgoing_id, r.code),
            direction=xs.Direction.OUT,
            kind=xs.Kind.DOCUMENT,
            state=xs.JournalState.PENDING,
            peer_code=r.code,
            peer_name=r.name,
            outgoing_id=outgoing_id,
            document_id=answering,
            business_type=BusinessType.NEW,
            created_at=now,
            event_at=now,
        )
        for r in found
    ]
    if planned:
        log.info("code=exchange_planned outgoing=%s messages=%d", outgoing_id, len(planned))
    return planned


@dataclass(frozen=True)
class StatusNotice:
    """A status message to send about a received document (thông báo trạng thái): to its sender
    (code, name), about its edXML document id; the registered document and the handling step it
    reports, when there are any."""

    sender: tuple[str, str]
    edxml_document_id: str
    code: StatusCode
    description: str = ""
    document_id: int | None = None
    handling_step_id: int | None = None


@dataclass(frozen=True)
class ReceivedStatus:
    """A status to send back about a document received as an edXML message: its code, what it says,
    and the handling step it reports, if one does."""

    document_id: int
    code: StatusCode
    description: str = ""
    handling_step_id: int | None = None


def plan_status(
    conn: Connection, cfg: Config, about: ReceivedStatus, *, now: datetime
) -> xs.JournalEntry | None:
    """Journal a status message to the sender of a document received as an edXML message (nothing
    for a document that came otherwise). Call inside the transaction that makes the change."""
    entry = xs.received_entry(conn, about.document_id)
    if entry is None or not entry.sender_code:
        return None
    return plan_status_to(
        conn,
        cfg,
        StatusNotice(
            sender=(entry.sender_code, entry.sender_name or ""),
            edxml_document_id=entry.edxml_document_id,
            code=about.code,
            description=about.description,
            document_id=about.document_id,
            handling_step_id=about.handling_step_id,
        ),
        now=now,
    )


def plan_status_to(
    conn: Connection, cfg: Config, notice: StatusNotice, *, now: datetime
) -> xs.JournalEntry | None:
    """Journal a status message about the document `notice.edxml_document_id` to its sender; also for
    a message that never became an entry (refused at the door: 02)."""
    sender, code, document_id = notice.sender, notice.code, notice.document_id
    if cfg.exchange.transport == "off" or not sender[0]:
        return None
    journaled = xs.add_message(
        conn,
        message_id=new_message_id(),
        direction=xs.Direction.OUT,
        kind=xs.Kind.STATUS,
        state=xs.JournalState.PENDING,
        peer_code=sender[0],
        peer_name=sender[1],
        document_id=document_id,
        status_code=str(code),
        edxml_document_id=notice.edxml_document_id,
        description=notice.description or STATUS_DESCRIPTIONS.get(code, ""),
        created_at=now,
        event_at=now,
        handling_step_id=notice.handling_step_id,
    )
    log.info("code=exchange_status_planned document=%s status=%s to=%s", document_id, code, sender[0])
    return journaled
