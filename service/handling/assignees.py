"""Who a document is given to: resolving a unit or an officer, the default deadline, and the
registers' columns rewritten from the assignments after every step (same transaction)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Connection

from service.models import Organisation
from service.runtime import Runtime
from service.store import documents as docs
from service.store import handling as hstore
from service.store.people import get_person, list_people
from service.text import nfc
from service.workflow import WorkflowError, default_handling_due, document_deadline
from service.workflow.wording import Part, progress_text, recipient_text


def resolve(conn: Connection, org: Organisation, token: str) -> tuple[str, str | None]:
    """A unit id of the config, or an officer's user name (then: their unit, them);
    the pages send "unit:ID" or "user:NAME"."""
    token = nfc(token or "").strip()
    kind, _, value = token.partition(":")
    if kind not in ("unit", "user"):
        kind, value = ("unit" if org.unit(token) else "user"), token
    if kind == "unit" and org.unit(value):
        return value, None
    person = get_person(conn, value) if kind == "user" else None
    if person is not None and person.role == "officer" and person.unit_id and org.unit(person.unit_id):
        return person.unit_id, person.name
    raise WorkflowError(
        "assignee_unknown", f"«{value}» không phải đơn vị trong cấu hình hay chuyên viên nào."
    )


def default_due(rt: Runtime, conn: Connection, doc_id: int) -> date | None:
    """The document's own deadline less the office's margin (None if it sets none)."""
    row = docs.get_document(conn, doc_id)
    if row is None:
        return None
    own = document_deadline(docs.document_fields(row).deadlines, row.arrived_at.date())
    cfg = rt.config
    return default_handling_due(
        own, today=rt.now().date(), margin_days=cfg.handling_margin_days, holidays=cfg.calendar
    )


def one_per_unit(helpers: list[tuple[str, str | None]], lead_unit: str) -> list[tuple[str, str | None]]:
    """A unit supports once (named through one of its officers if any was), and never the lead's."""
    chosen: dict[str, tuple[str, str | None]] = {}
    for unit, user in helpers:
        if unit != lead_unit and (unit not in chosen or (user and not chosen[unit][1])):
            chosen[unit] = (unit, user)
    return list(chosen.values())


def who(assignee: tuple[str, str | None]) -> str:
    unit, user = assignee
    return f"{unit}/{user}" if user else unit


def refresh(conn: Connection, org: Organisation, doc_id: int, now: datetime) -> None:
    """The register's recipient and acknowledgement and the follow-up register's line, from the
    assignments as they now stand (called in every step's transaction: they cannot drift)."""
    parts = hstore.assignments_of(conn, doc_id)
    if not parts:
        return
    names = {p.name: p.shown for p in list_people(conn)}

    def unit_name(unit_id: str) -> str:
        unit = org.unit(unit_id)
        return unit.name if unit else unit_id

    recipient = recipient_text(
        [
            Part(a.role, unit_name(a.unit_id), names.get(a.user_name, a.user_name) if a.user_name else None)
            for a in parts
        ]
    )
    lead = parts[0]
    ack_by = names.get(lead.acknowledged_by, lead.acknowledged_by) if lead.acknowledged_by else None
    hstore.save_handling(
        conn,
        doc_id,
        now=now,
        recipient=recipient,
        acknowledged_by=ack_by,
        acknowledged_at=lead.acknowledged_at,
        done_at=lead.done_at,
    )
    progress = progress_text(
        state_done=not lead.is_open,
        done_at=lead.done_at,
        progress=lead.progress,
        progress_at=lead.progress_at,
        acknowledged_at=lead.acknowledged_at,
        answer_file_name=lead.answer_file_name,
    )
    answer = (lead.answer_outgoing_id, lead.answer_number_symbol) if lead.answer_number_symbol else None
    hstore.sync_followup(
        conn, doc_id, receiving_unit=recipient, deadline=lead.due_date, progress=progress, answer=answer
    )
