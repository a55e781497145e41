"""The follow-up register (sổ theo dõi giải quyết văn bản đến): the incoming documents that ask for
something, their deadline, progress (tiến độ giải quyết) and the number of the document that answered."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, func, insert, select, update

from service.models import Requirement
from service.store.audit import NewAuditEntry, add_audit
from service.store.db import insert_id
from service.store.requirements import get_requirement, list_requirements
from service.store.schema import documents, followups, submissions
from service.tracking.periods import next_due, periods_as_of


@dataclass(frozen=True)
class NewFollowup:
    """A line of the follow-up register to add: an incoming document that asks for something, the
    requirement it gave rise to (if any), the unit that handles it, its deadline."""

    document_id: int
    requirement_id: int | None
    receiving_unit: str | None  # đơn vị (người) nhận
    deadline: date | None
    progress: str = ""  # tiến độ giải quyết
    note: str | None = None


def add_followup(conn: Connection, line: NewFollowup) -> int:
    return insert_id(conn, insert(followups).values(**asdict(line)))


def set_followup_answer(
    conn: Connection,
    document_id: int,
    number_symbol: str,
    outgoing_id: int | None,
    *,
    now: datetime,
    actor: str,
) -> None:
    """Record the outgoing document that answered an incoming one (số, ký hiệu văn bản trả lời); an
    incoming document not yet in the follow-up register enters it with its answer."""
    done = conn.execute(
        update(followups)
        .where(followups.c.document_id == document_id)
        .values(answer_number_symbol=number_symbol, answer_outgoing_id=outgoing_id)
    ).rowcount
    # a row that tracks no units' reports is settled by the answer (the others keep their units' progress)
    conn.execute(
        update(followups)
        .where(followups.c.document_id == document_id, followups.c.requirement_id.is_(None))
        .values(progress="Đã trả lời")
    )
    if not done:
        conn.execute(
            insert(followups).values(
                document_id=document_id,
                progress="Đã trả lời",
                answer_number_symbol=number_symbol,
                answer_outgoing_id=outgoing_id,
            )
        )
    add_audit(
        conn,
        NewAuditEntry(
            at=now,
            actor=actor,
            action="followup_answered",
            object_type="document",
            object_id=document_id,
            detail={"number_symbol": number_symbol, "outgoing_id": outgoing_id},
        ),
    )


def progress_text(req: Requirement, counts: dict[str, int], pending: int, at: date) -> str:
    """ "2022: 20/27 đơn vị đã gửi; 2023: 3/27 …" for the periods due so far and the next one."""
    labels = [label for label, _due in periods_as_of(req, at)]
    labels += sorted(p for p in counts if p not in labels)
    total = len(req.unit_ids)
    parts = [
        f"{counts.get(label, 0)}/{total} đơn vị đã gửi"
        if label == "once"
        else f"Kỳ {label}: {counts.get(label, 0)}/{total} đơn vị đã gửi"
        for label in labels
    ]
    if pending:
        parts.append(f"{pending} báo cáo chờ xác nhận")
    if req.closed:
        parts.append("đã đóng")
    return "; ".join(parts)


def refresh_progress(conn: Connection, requirement_id: int, at: date) -> None:
    """Rewrite the progress (tiến độ giải quyết) of the source document's follow-up row."""
    req = get_requirement(conn, requirement_id)
    if req is None:
        return
    rows = conn.execute(
        select(submissions.c.period, submissions.c.state, func.count(func.distinct(submissions.c.unit_id)))
        .where(
            submissions.c.requirement_id == requirement_id, submissions.c.state.in_(("linked", "proposed"))
        )
        .group_by(submissions.c.period, submissions.c.state)
    )
    counts: dict[str, int] = {}
    pending = 0
    for period, state, n in rows:
        if state == "linked":
            counts[period] = n
        else:
            pending += n
    conn.execute(
        update(followups)
        .where(followups.c.requirement_id == requirement_id)
        .values(progress=progress_text(req, counts, pending, at))
    )


@dataclass(frozen=True)
class FollowupLine:
    """A line of the follow-up register (sổ theo dõi giải quyết văn bản đến): the incoming document
    it follows and how its handling stands (receiving unit, deadline, progress, the answer)."""

    id: int
    document_id: int
    requirement_id: int | None
    receiving_unit: str | None
    deadline: date | None  # with `at`, a recurring requirement's next due date
    progress: str | None
    answer_number_symbol: str | None
    answer_outgoing_id: int | None
    note: str | None
    # the document
    so_den: int | None
    year: int | None
    arrived_at: datetime | None
    doc_type: str | None
    number_symbol: str | None
    issue_date: date | None
    issuer: str | None
    title_summary: str | None

    def to_json(self) -> dict[str, Any]:
        """As the command line and the API show it."""

        def iso(v: date | None) -> str | None:
            return v.isoformat() if v else None

        return {
            "so_den": self.so_den,
            "year": self.year,
            "doc_type": self.doc_type,
            "number_symbol": self.number_symbol,
            "issue_date": iso(self.issue_date),
            "issuer": self.issuer,
            "title_summary": self.title_summary,
            "receiving_unit": self.receiving_unit,
            "deadline": iso(self.deadline),
            "progress": self.progress,
            "answer_number_symbol": self.answer_number_symbol,
            "note": self.note,
            "document_id": self.document_id,
            "requirement_id": self.requirement_id,
        }


def followup_register(conn: Connection, *, at: date | None = None) -> list[FollowupLine]:
    """The follow-up register, by số đến. With `at`, a recurring deadline shows its next due date."""
    q = (
        select(
            followups,
            documents.c.so_den,
            documents.c.year,
            documents.c.arrived_at,
            documents.c.doc_type,
            documents.c.number_symbol,
            documents.c.issue_date,
            documents.c.issuer,
            documents.c.title_summary,
        )
        .select_from(followups.join(documents, documents.c.id == followups.c.document_id))
        .order_by(documents.c.year, documents.c.so_den, followups.c.id)
    )
    reqs = {r.id: r for r in list_requirements(conn, include_closed=True)}
    out = []
    for row in conn.execute(q).mappings():
        line = FollowupLine(**row)
        req = reqs.get(line.requirement_id)
        if at is not None and req is not None and req.recurrence:
            line = replace(line, deadline=next_due(req, at) or line.deadline)
        out.append(line)
    return out
