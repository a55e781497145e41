"""Queries on submissions (báo cáo của đơn vị): a unit's report linked to a requirement and period,
received as a registered document or on paper; links proposed to the clerk, confirmed, rejected or
changed. Every change a person makes writes an audit row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, func, insert, select, update

from service.models import LinkState, Requirement, Submission
from service.store.audit import NewAuditEntry, add_audit
from service.store.db import insert_id
from service.store.documents import Document
from service.store.followups import refresh_progress
from service.store.requirements import LINK_STATES, TrackingError, get_requirement
from service.store.schema import documents, requirements, submissions
from service.tracking.periods import iter_due_dates


@dataclass(frozen=True)
class NewSubmission:
    """A unit's report for a period of a requirement (báo cáo đã nộp), before it has an id: the
    document that carries it, or a paper copy; `state` one of LINK_STATES (proposed until confirmed)."""

    requirement_id: int
    unit_id: str
    period: str
    received_on: date
    document_id: int | None = None
    number_symbol: str | None = None
    on_paper: bool = False
    state: str = "linked"
    confidence: float = 1.0
    note: str | None = None


def insert_submission(conn: Connection, new: NewSubmission, *, now: datetime) -> int:
    if new.state not in LINK_STATES:
        raise TrackingError("invalid_link", f"Trạng thái liên kết không hợp lệ: {new.state!r}.")
    so_den = None
    if new.document_id is not None:
        so_den = conn.execute(select(documents.c.so_den).where(documents.c.id == new.document_id)).scalar()
    return insert_id(
        conn,
        insert(submissions).values(
            requirement_id=new.requirement_id,
            unit_id=new.unit_id,
            period=new.period,
            document_id=new.document_id,
            so_den=so_den,
            received_on=new.received_on,
            number_symbol=new.number_symbol,
            on_paper=new.on_paper,
            state=new.state,
            confidence=new.confidence,
            note=new.note,
            created_at=now,
        ),
    )


def _valid_period(req: Requirement, period: str) -> bool:
    return any(label == period for label, _due in iter_due_dates(req))


@dataclass(frozen=True)
class PaperReport:
    """A unit's report received on paper (bản giấy): for which requirement and period, on which day,
    under which number (if it has one)."""

    requirement_id: int
    unit_id: str
    period: str
    received_on: date
    number_symbol: str | None = None


def record_paper_submission(conn: Connection, report: PaperReport, *, now: datetime, actor: str) -> int:
    """A report received on paper, recorded by the clerk."""
    requirement_id, unit_id, period = report.requirement_id, report.unit_id, report.period
    received_on, number_symbol = report.received_on, report.number_symbol
    req = get_requirement(conn, requirement_id)
    if req is None:
        raise TrackingError("requirement_not_found", f"Không có yêu cầu báo cáo số {requirement_id}.")
    if not _valid_period(req, period):
        raise TrackingError(
            "invalid_period", f"Kỳ {period!r} không thuộc yêu cầu báo cáo số {requirement_id}."
        )
    if unit_id not in req.unit_ids:
        raise TrackingError(
            "unit_not_owing", f"Đơn vị {unit_id!r} không phải báo cáo theo yêu cầu số {requirement_id}."
        )
    sub_id = insert_submission(
        conn,
        NewSubmission(
            requirement_id=requirement_id,
            unit_id=unit_id,
            period=period,
            received_on=received_on,
            number_symbol=number_symbol,
            on_paper=True,
            note="Nhận bản giấy",
        ),
        now=now,
    )
    add_audit(
        conn,
        NewAuditEntry(
            at=now,
            actor=actor,
            action="submission_recorded",
            object_type="submission",
            object_id=sub_id,
            detail={
                "requirement_id": requirement_id,
                "unit_id": unit_id,
                "period": period,
                "received_on": received_on,
                "number_symbol": number_symbol,
            },
        ),
    )
    refresh_progress(conn, requirement_id, now.date())
    return sub_id


def taken_periods(conn: Connection, unit_id: str) -> dict[tuple[int, str], set[str]]:
    """Periods a unit has a linked submission for, per (requirement, unit)."""
    rows = conn.execute(
        select(submissions.c.requirement_id, submissions.c.period).where(
            submissions.c.unit_id == unit_id, submissions.c.state == "linked"
        )
    )
    out: dict[tuple[int, str], set[str]] = {}
    for rid, period in rows:
        out.setdefault((rid, unit_id), set()).add(period)
    return out


def _submission_view():
    return select(
        submissions,
        documents.c.so_den.label("doc_so_den"),
        documents.c.year.label("doc_year"),
        documents.c.issuer,
        documents.c.title_summary,
        documents.c.issue_date,
        documents.c.number_symbol.label("doc_number_symbol"),
        requirements.c.source_number_symbol,
        requirements.c.what,
    ).select_from(
        submissions.outerjoin(documents, documents.c.id == submissions.c.document_id).join(
            requirements, requirements.c.id == submissions.c.requirement_id
        )
    )


def _submission(row: Any) -> Submission:
    return Submission(**{**row, "state": LinkState(row["state"]), "on_paper": bool(row["on_paper"])})


def get_submission(conn: Connection, submission_id: int) -> Submission | None:
    row = conn.execute(_submission_view().where(submissions.c.id == submission_id)).mappings().first()
    return _submission(row) if row else None


def list_submissions(conn: Connection, requirement_id: int | None = None) -> list[Submission]:
    q = _submission_view().order_by(submissions.c.id)
    if requirement_id is not None:
        q = q.where(submissions.c.requirement_id == requirement_id)
    return [_submission(r) for r in conn.execute(q).mappings()]


def submissions_of_document(conn: Connection, document_id: int) -> list[Submission]:
    """Links (any state) made for a document."""
    q = _submission_view().where(submissions.c.document_id == document_id).order_by(submissions.c.id)
    return [_submission(r) for r in conn.execute(q).mappings()]


def documents_citing(conn: Connection, number_symbol: str) -> list[Document]:
    """Registered documents whose text may cite `number_symbol` (its number appears in the folded
    text); the caller confirms the citation with the OCR-tolerant pattern."""
    number = re.match(r"\s*0*(\d+)", number_symbol or "")
    if not number:
        return []
    q = (
        select(*Document.columns())
        .where(documents.c.search_text.contains(number.group(1), autoescape=True))
        .order_by(documents.c.id)
    )
    return [Document.of(r) for r in conn.execute(q).mappings()]


def count_proposed_links(conn: Connection) -> int:
    """How many links wait for the clerk (the dashboard's tile)."""
    return conn.execute(select(func.count()).where(submissions.c.state == "proposed")).scalar() or 0


def list_proposed_links(conn: Connection, limit: int | None = None) -> list[Submission]:
    """Links waiting for the clerk, the oldest first (the first `limit`): the document, the
    requirement, the unit and period guessed."""
    q = _submission_view().where(submissions.c.state == "proposed").order_by(submissions.c.id).limit(limit)
    return [_submission(r) for r in conn.execute(q).mappings()]


def _set_link(
    conn: Connection, submission_id: int, *, now: datetime, actor: str, action: str, **values: Any
) -> Submission:
    sub = get_submission(conn, submission_id)
    if sub is None:
        raise TrackingError("link_not_found", f"Không có liên kết báo cáo số {submission_id}.")
    conn.execute(update(submissions).where(submissions.c.id == submission_id).values(**values))
    add_audit(
        conn,
        NewAuditEntry(
            at=now,
            actor=actor,
            action=action,
            object_type="submission",
            object_id=submission_id,
            detail={"before": {k: getattr(sub, k) for k in values}, "after": values},
        ),
    )
    for rid in {sub.requirement_id, values.get("requirement_id", sub.requirement_id)}:
        refresh_progress(conn, rid, now.date())
    return sub


def confirm_link(conn: Connection, submission_id: int, *, now: datetime, actor: str) -> None:
    _set_link(
        conn, submission_id, now=now, actor=actor, action="link_confirmed", state="linked", confidence=1.0
    )


def reject_link(conn: Connection, submission_id: int, *, now: datetime, actor: str) -> None:
    _set_link(conn, submission_id, now=now, actor=actor, action="link_rejected", state="rejected")


@dataclass(frozen=True)
class LinkChange:
    """What the văn thư corrects in a link: its unit, period or requirement, and a paper submission's
    day of receipt; None leaves that part as it is."""

    unit_id: str | None = None
    period: str | None = None
    requirement_id: int | None = None
    received_on: date | None = None


def change_link(
    conn: Connection, submission_id: int, change: LinkChange, *, now: datetime, actor: str
) -> None:
    """Correct a link as `change` says; the corrected link counts (state linked)."""
    unit_id, period, requirement_id = change.unit_id, change.period, change.requirement_id
    received_on = change.received_on
    sub = get_submission(conn, submission_id)
    if sub is None:
        raise TrackingError("link_not_found", f"Không có liên kết báo cáo số {submission_id}.")
    if received_on is not None and received_on != sub.received_on and not sub.on_paper:
        raise TrackingError(
            "received_fixed", "Ngày nhận của văn bản đến là ngày đăng ký vào sổ, không sửa ở đây."
        )
    rid = requirement_id or sub.requirement_id
    req = get_requirement(conn, rid)
    if req is None:
        raise TrackingError("requirement_not_found", f"Không có yêu cầu báo cáo số {rid}.")
    new_period = period or sub.period
    if not _valid_period(req, new_period):
        raise TrackingError("invalid_period", f"Kỳ {new_period!r} không thuộc yêu cầu báo cáo số {rid}.")
    values: dict[str, Any] = {"state": "linked", "confidence": 1.0}
    if unit_id:
        values["unit_id"] = unit_id
    if period:
        values["period"] = period
    if requirement_id:
        values["requirement_id"] = requirement_id
    if received_on is not None and received_on != sub.received_on:
        values["received_on"] = received_on
    _set_link(conn, submission_id, now=now, actor=actor, action="link_changed", **values)
