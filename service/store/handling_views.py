"""Read queries over handling for the pages and commands: queues, "my documents", the register's
handling columns and the dashboards' counts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Connection, and_, exists, func, or_, select, union

from service.store.schema import assignments, documents, followups, handlings, submissions
from service.workflow import AssignmentRole, AssignmentStatus, HandlingState, assignment_status


@dataclass(frozen=True)
class QueueLine:
    """A document waiting for someone: the văn thư to present it, or a leader to direct it."""

    document_id: int
    year: int
    so_den: int
    arrived_at: datetime
    number_symbol: str | None
    doc_type: str | None
    title_summary: str | None
    issuer: str | None
    file_name: str
    state: HandlingState
    presented_to: str | None = None
    presented_at: datetime | None = None


@dataclass(frozen=True)
class AssignmentLine:
    """An assignment with what its document is, for lists and the command line."""

    id: int
    document_id: int
    year: int
    so_den: int
    number_symbol: str | None
    doc_type: str | None
    title_summary: str | None
    issuer: str | None
    role: AssignmentRole
    unit_id: str
    user_name: str | None
    due_date: date | None
    direction: str | None
    state: str
    assigned_at: datetime
    acknowledged_at: datetime | None
    progress: str | None
    done_at: datetime | None
    answer_number_symbol: str | None
    answer_file_name: str | None = None  # the answer as a file (tệp trả lời)

    def status(self, today: date) -> AssignmentStatus:
        return assignment_status(self.due_date, self.done_at.date() if self.done_at else None, today)


@dataclass(frozen=True)
class RegisterHandling:
    """What the incoming register shows of a document's handling."""

    state: HandlingState
    recipient: str | None
    transferred_at: datetime | None
    acknowledged_by: str | None
    acknowledged_at: datetime | None
    due_date: date | None
    done_at: datetime | None


_QUEUE = (
    documents.c.id,
    documents.c.year,
    documents.c.so_den,
    documents.c.arrived_at,
    documents.c.number_symbol,
    documents.c.doc_type,
    documents.c.title_summary,
    documents.c.issuer,
    documents.c.file_name,
    handlings.c.state,
    handlings.c.presented_to,
    handlings.c.presented_at,
)


def _queue_line(r) -> QueueLine:
    return QueueLine(
        document_id=r.id,
        year=r.year,
        so_den=r.so_den,
        arrived_at=r.arrived_at,
        number_symbol=r.number_symbol,
        doc_type=r.doc_type,
        title_summary=r.title_summary,
        issuer=r.issuer,
        file_name=r.file_name,
        state=HandlingState(r.state or HandlingState.REGISTERED),
        presented_to=r.presented_to,
        presented_at=r.presented_at,
    )


def _page(conn: Connection, where, order, limit: int) -> tuple[list[QueueLine], int]:
    base = documents.outerjoin(handlings, handlings.c.document_id == documents.c.id)
    total = conn.execute(select(func.count()).select_from(base).where(where)).scalar() or 0
    rows = conn.execute(select(*_QUEUE).select_from(base).where(where).order_by(*order).limit(limit))
    return [_queue_line(r) for r in rows], total


def awaiting_presentation(conn: Connection, *, limit: int = 20) -> tuple[list[QueueLine], int]:
    """Registered documents not yet presented (or given back by a leader), newest first. A unit's
    report linked (or proposed) to a reporting requirement is the tracking's, not a leader's.

    Cheap on a year's register (the dashboard asks on every view): the newest lines by the
    register's order, each document's report and handling looked up by index; the number is the
    register's size less the documents that are reports or past presentation (both few next to it,
    each read from an index), not a count over every document."""
    reports = (submissions.c.document_id.is_not(None), submissions.c.state.in_(_REPORT_STATES))
    waiting = (str(HandlingState.REGISTERED), str(HandlingState.RETURNED))
    is_report = select(submissions.c.document_id).where(submissions.c.document_id == documents.c.id, *reports)
    where = and_(
        or_(handlings.c.state.is_(None), handlings.c.state.in_(waiting)),
        ~exists(is_report),
    )
    base = documents.outerjoin(handlings, handlings.c.document_id == documents.c.id)
    rows = conn.execute(
        select(*_QUEUE)
        .select_from(base)
        .where(where)
        .order_by(documents.c.year.desc(), documents.c.so_den.desc())
        .limit(limit)
    )
    lines = [_queue_line(r) for r in rows]
    not_waiting = union(
        select(submissions.c.document_id).where(*reports),
        select(handlings.c.document_id).where(handlings.c.state.not_in(waiting)),
    ).subquery()
    total = conn.execute(select(func.count()).select_from(documents)).scalar() or 0
    total -= conn.execute(select(func.count()).select_from(not_waiting)).scalar() or 0
    return lines, total


_REPORT_STATES = ("linked", "proposed")


def obligations_past_due(
    conn: Connection, today: date, *, limit: int = 20
) -> tuple[list[tuple[QueueLine, date]], int]:
    """The office's own obligations past due (việc của cơ quan đã quá hạn): incoming documents whose
    own deadline (their follow-up line's, read from the document) has passed while nobody has been
    assigned to them (not presented, waiting for a direction, or given back) and no answer is
    recorded; oldest deadline first. Assigned ones are the overdue handling's."""
    line = and_(followups.c.document_id == documents.c.id, followups.c.requirement_id.is_(None))
    base = documents.join(followups, line).outerjoin(handlings, handlings.c.document_id == documents.c.id)
    waiting = (HandlingState.REGISTERED, HandlingState.PRESENTED, HandlingState.RETURNED)
    where = and_(
        followups.c.deadline < today,
        followups.c.answer_number_symbol.is_(None),
        or_(handlings.c.state.is_(None), handlings.c.state.in_([str(s) for s in waiting])),
    )
    total = conn.execute(select(func.count()).select_from(base).where(where)).scalar() or 0
    q = select(*_QUEUE, followups.c.deadline).select_from(base).where(where)
    rows = conn.execute(q.order_by(followups.c.deadline, documents.c.id).limit(limit))
    return [(_queue_line(r), r.deadline) for r in rows], total


def awaiting_direction(
    conn: Connection, leader: str | None = None, *, limit: int = 20
) -> tuple[list[QueueLine], int]:
    """Documents presented and waiting for a direction: to this leader (or to all leaders), oldest
    first; every one of them when `leader` is None."""
    where = handlings.c.state == str(HandlingState.PRESENTED)
    if leader is not None:
        where = and_(where, or_(handlings.c.presented_to.is_(None), handlings.c.presented_to == leader))
    return _page(conn, where, (handlings.c.presented_at, documents.c.id), limit)


_LINE = (
    assignments,
    documents.c.year,
    documents.c.so_den,
    documents.c.number_symbol,
    documents.c.doc_type,
    documents.c.title_summary,
    documents.c.issuer,
)


def _assignment_line(r) -> AssignmentLine:
    return AssignmentLine(
        id=r.id,
        document_id=r.document_id,
        year=r.year,
        so_den=r.so_den,
        number_symbol=r.number_symbol,
        doc_type=r.doc_type,
        title_summary=r.title_summary,
        issuer=r.issuer,
        role=AssignmentRole(r.role),
        unit_id=r.unit_id,
        user_name=r.user_name,
        due_date=r.due_date,
        direction=r.direction,
        state=r.state,
        assigned_at=r.assigned_at,
        acknowledged_at=r.acknowledged_at,
        progress=r.progress,
        done_at=r.done_at,
        answer_number_symbol=r.answer_number_symbol,
        answer_file_name=r.answer_file_name,
    )


def list_assignment_lines(
    conn: Connection,
    *,
    unit_id: str | None = None,
    user_name: str | None = None,
    open_only: bool = False,
    role: AssignmentRole | None = None,
    overdue_on: date | None = None,
) -> list[AssignmentLine]:
    """Assignments, open ones first by deadline (none last), then the finished ones newest first.
    `user_name` with `unit_id`: what the unit gave that officer or left to the whole unit.
    `overdue_on`: only the open ones past their deadline on that day."""
    q = select(*_LINE).select_from(assignments.join(documents, documents.c.id == assignments.c.document_id))
    if unit_id:
        q = q.where(assignments.c.unit_id == unit_id)
    if user_name:
        q = q.where(or_(assignments.c.user_name.is_(None), assignments.c.user_name == user_name))
    if open_only or overdue_on:
        q = q.where(assignments.c.state == "open")
    if overdue_on:
        q = q.where(assignments.c.due_date < overdue_on)
    if role:
        q = q.where(assignments.c.role == str(role))
    lines = [_assignment_line(r) for r in conn.execute(q.order_by(assignments.c.id))]
    return sorted(
        lines,
        key=lambda a: (
            a.state != "open",
            (a.due_date or date.max).toordinal() if a.state == "open" else -a.id,
            a.id,
        ),
    )


def register_handling(conn: Connection, document_ids: list[int] | None = None) -> dict[int, RegisterHandling]:
    """The handling columns of the incoming register, by document id (all documents handled when
    `document_ids` is None: one query for a whole export)."""
    q = select(handlings)
    if document_ids is not None:
        if not document_ids:
            return {}
        q = q.where(handlings.c.document_id.in_(document_ids))
    return {
        r.document_id: RegisterHandling(
            state=HandlingState(r.state),
            recipient=r.recipient,
            transferred_at=r.transferred_at,
            acknowledged_by=r.acknowledged_by,
            acknowledged_at=r.acknowledged_at,
            due_date=r.due_date,
            done_at=r.done_at,
        )
        for r in conn.execute(q)
    }


def overdue_handling_count(conn: Connection, today: date) -> int:
    """Documents whose handling is past its deadline and not done (the lead's part still open)."""
    q = select(func.count()).where(
        handlings.c.state == str(HandlingState.IN_PROGRESS), handlings.c.due_date < today
    )
    return conn.execute(q).scalar() or 0
