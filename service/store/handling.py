"""Queries on the handling of incoming documents: the per-document row, the assignments, the steps.

The rules (which step fits which state, who may take it) are service.workflow's; this module only
reads and writes, inside the caller's transaction.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import date, datetime, tzinfo
from typing import Any

from sqlalchemy import Connection, insert, select, update

from service.models import iso
from service.store.db import insert_id
from service.store.schema import assignments, drafts, followups, handling_steps, handlings, outgoing
from service.workflow import AssignmentRole, HandlingState, StepCode


@dataclass(frozen=True)
class Handling:
    """A document's handling (one row per document that entered it)."""

    document_id: int
    state: HandlingState
    presented_to: str | None = None
    presented_by: str | None = None
    presented_at: datetime | None = None
    direction: str | None = None
    directed_by: str | None = None
    directed_at: datetime | None = None
    due_date: date | None = None
    recipient: str | None = None
    transferred_at: datetime | None = None
    acknowledged_by: str | None = None
    acknowledged_at: datetime | None = None
    done_at: datetime | None = None


@dataclass(frozen=True)
class Assignment:
    """A unit's or officer's part: chủ trì (lead) or phối hợp (support)."""

    id: int
    document_id: int
    role: AssignmentRole
    unit_id: str
    user_name: str | None
    due_date: date | None
    direction: str | None
    assigned_by: str
    assigned_at: datetime
    state: str  # open, done
    acknowledged_by: str | None = None
    acknowledged_at: datetime | None = None
    progress: str | None = None
    progress_at: datetime | None = None
    done_by: str | None = None
    done_at: datetime | None = None
    answer_number_symbol: str | None = None
    answer_outgoing_id: int | None = None
    note: str | None = None
    answer_file: str | None = None  # the answer as a file among the originals (tệp trả lời)
    answer_file_name: str | None = None

    @property
    def is_open(self) -> bool:
        return self.state == "open"


@dataclass(frozen=True)
class AnswerFile:
    """The answer to a document as a file (tệp trả lời), kept among the originals."""

    path: str  # relative to the data folder: originals/<sha[:2]>/<sha>.<ext>
    name: str  # as the officer uploaded it (NFC)


@dataclass(frozen=True)
class HandlingStep:
    """One step of a document's history. `id`s grow in the order steps are committed."""

    id: int
    document_id: int
    code: StepCode
    actor: str
    at: datetime
    assignment_id: int | None = None
    assignment_role: AssignmentRole | None = None
    to_user: str | None = None
    text: str | None = None
    detail: dict[str, Any] = field(default_factory=dict)

    def to_json(self, zone: tzinfo) -> dict[str, Any]:
        """As the API shows it: the moment with the office's offset."""
        return {
            "id": self.id,
            "code": str(self.code),
            "actor": self.actor,
            "at": iso(self.at, zone),
            "assignment_id": self.assignment_id,
            "assignment_role": str(self.assignment_role) if self.assignment_role else None,
            "to_user": self.to_user,
            "text": self.text,
            "detail": self.detail,
        }


_HANDLING_FIELDS = tuple(f for f in Handling.__dataclass_fields__)


def _handling(row) -> Handling:
    values = {k: getattr(row, k) for k in _HANDLING_FIELDS}
    values["state"] = HandlingState(values["state"])
    return Handling(**values)


def get_handling(conn: Connection, document_id: int) -> Handling | None:
    row = conn.execute(select(handlings).where(handlings.c.document_id == document_id)).first()
    return _handling(row) if row else None


def save_handling(conn: Connection, document_id: int, *, now: datetime, **values: Any) -> None:
    """Create or change the document's row (`values`: columns of Handling)."""
    unknown = set(values) - set(_HANDLING_FIELDS)
    if unknown:
        raise ValueError(f"not handling columns: {sorted(unknown)}")
    values = {k: (str(v) if k == "state" else v) for k, v in values.items()}
    done = conn.execute(
        update(handlings).where(handlings.c.document_id == document_id).values(updated_at=now, **values)
    ).rowcount
    if not done:
        values.setdefault("state", str(HandlingState.REGISTERED))
        conn.execute(insert(handlings).values(document_id=document_id, updated_at=now, **values))


_ASSIGNMENT_FIELDS = tuple(f for f in Assignment.__dataclass_fields__)


def _assignment(row) -> Assignment:
    values = {k: getattr(row, k) for k in _ASSIGNMENT_FIELDS}
    values["role"] = AssignmentRole(values["role"])
    return Assignment(**values)


@dataclass(frozen=True)
class NewAssignment:
    """A lead or support part given when a leader directs a document, before it has an id."""

    document_id: int
    role: AssignmentRole
    unit_id: str
    user_name: str | None
    due_date: date | None
    direction: str | None
    assigned_by: str
    assigned_at: datetime


def add_assignment(conn: Connection, new: NewAssignment) -> int:
    return insert_id(
        conn,
        insert(assignments).values(
            document_id=new.document_id,
            role=str(new.role),
            unit_id=new.unit_id,
            user_name=new.user_name,
            due_date=new.due_date,
            direction=new.direction,
            assigned_by=new.assigned_by,
            assigned_at=new.assigned_at,
            state="open",
        ),
    )


def get_assignment(conn: Connection, assignment_id: int) -> Assignment | None:
    row = conn.execute(select(assignments).where(assignments.c.id == assignment_id)).first()
    return _assignment(row) if row else None


def assignments_of(conn: Connection, document_id: int) -> list[Assignment]:
    """The lead first, then the supporting ones in the order given."""
    rows = conn.execute(
        select(assignments).where(assignments.c.document_id == document_id).order_by(assignments.c.id)
    )
    found = [_assignment(r) for r in rows]
    return sorted(found, key=lambda a: (a.role != AssignmentRole.LEAD, a.id))


def update_assignment(conn: Connection, assignment_id: int, **values: Any) -> None:
    unknown = set(values) - set(_ASSIGNMENT_FIELDS)
    if unknown:
        raise ValueError(f"not assignment columns: {sorted(unknown)}")
    conn.execute(update(assignments).where(assignments.c.id == assignment_id).values(**values))


@dataclass(frozen=True)
class NewStep:
    """A step of a document's history before it is stored (no id yet); the assignment it concerns,
    if any, by id and role."""

    document_id: int
    code: StepCode
    actor: str
    at: datetime
    assignment_id: int | None = None
    assignment_role: AssignmentRole | None = None
    to_user: str | None = None
    text: str | None = None
    detail: dict[str, Any] = field(default_factory=dict, hash=False)


def add_step(conn: Connection, new: NewStep, *, assignment: Assignment | None = None) -> HandlingStep:
    """Store a step; `assignment`, when given, says which part it concerns (its id and role)."""
    if assignment is not None:
        new = replace(new, assignment_id=assignment.id, assignment_role=assignment.role)
    values = dict(
        document_id=new.document_id,
        code=str(new.code),
        actor=new.actor,
        at=new.at,
        assignment_id=new.assignment_id,
        assignment_role=str(new.assignment_role) if new.assignment_role else None,
        to_user=new.to_user,
        text=new.text,
        detail_json=json.dumps(new.detail, ensure_ascii=False, default=str),
    )
    new_id = insert_id(conn, insert(handling_steps).values(**values))
    return HandlingStep(
        id=new_id,
        document_id=new.document_id,
        code=StepCode(new.code),
        actor=new.actor,
        at=new.at,
        assignment_id=new.assignment_id,
        assignment_role=AssignmentRole(new.assignment_role) if new.assignment_role else None,
        to_user=new.to_user,
        text=new.text,
        detail=dict(new.detail),
    )


def _step(row) -> HandlingStep:
    return HandlingStep(
        id=row.id,
        document_id=row.document_id,
        code=StepCode(row.code),
        actor=row.actor,
        at=row.at,
        assignment_id=row.assignment_id,
        assignment_role=AssignmentRole(row.assignment_role) if row.assignment_role else None,
        to_user=row.to_user,
        text=row.text,
        detail=json.loads(row.detail_json or "{}"),
    )


def steps_of(conn: Connection, document_id: int) -> list[HandlingStep]:
    """A document's history, oldest first."""
    q = (
        select(handling_steps)
        .where(handling_steps.c.document_id == document_id)
        .order_by(handling_steps.c.id)
    )
    return [_step(r) for r in conn.execute(q)]


def steps_after(
    conn: Connection, after_id: int, *, codes: tuple[StepCode, ...] = (), limit: int = 500
) -> list[HandlingStep]:
    """Steps committed after step `after_id`, oldest first: a reader that keeps the last id it has
    handled (the edXML status sender, for one) sees every step once, across restarts."""
    q = select(handling_steps).where(handling_steps.c.id > after_id)
    if codes:
        q = q.where(handling_steps.c.code.in_([str(c) for c in codes]))
    return [_step(r) for r in conn.execute(q.order_by(handling_steps.c.id).limit(limit))]


def find_outgoing(conn: Connection, number_symbol: str) -> tuple[int, str] | None:
    """An issued document of the outgoing register by its number and symbol (the newest if a
    symbol repeats across years): (id, number_symbol)."""
    row = conn.execute(
        select(outgoing.c.id, outgoing.c.number_symbol)
        .where(outgoing.c.number_symbol == number_symbol)
        .order_by(outgoing.c.year.desc())
        .limit(1)
    ).first()
    return (row.id, row.number_symbol) if row else None


def outgoing_answering(conn: Connection, document_id: int) -> list[tuple[int, str]]:
    """Issued replies drafted for this document (drafts.document_id), newest first."""
    rows = conn.execute(
        select(outgoing.c.id, outgoing.c.number_symbol)
        .select_from(outgoing.join(drafts, drafts.c.id == outgoing.c.draft_id))
        .where(drafts.c.document_id == document_id, drafts.c.kind == "reply")
        .order_by(outgoing.c.id.desc())
    )
    return [(r.id, r.number_symbol) for r in rows]


def sync_followup(
    conn: Connection,
    document_id: int,
    *,
    receiving_unit: str | None,
    deadline: date | None,
    progress: str,
    answer: tuple[int | None, str] | None,
) -> None:
    """The document's line in the follow-up register (the one that tracks no units' reports)
    follows its handling: the lead, the deadline, the progress and, once given, the answer."""
    values: dict[str, Any] = {"receiving_unit": receiving_unit, "deadline": deadline, "progress": progress}
    if answer:
        values.update(answer_outgoing_id=answer[0], answer_number_symbol=answer[1])
    where = (followups.c.document_id == document_id, followups.c.requirement_id.is_(None))
    if not conn.execute(update(followups).where(*where).values(**values)).rowcount:
        conn.execute(insert(followups).values(document_id=document_id, requirement_id=None, **values))
