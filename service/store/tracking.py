"""Queries on requirements and submissions (the follow-up register is in store/followups.py).

Every change a person makes writes an audit row. The rules (periods, statuses) are the pure
functions of service.tracking; this module only reads and writes.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, func, insert, select, update

from service.errors import VanthuError
from service.models import LinkState, Organisation, Requirement, Submission
from service.store.audit import NewAuditEntry, add_audit
from service.store.db import insert_id
from service.store.documents import Document
from service.store.followups import refresh_progress
from service.store.received import received_index
from service.store.requirements import get_requirement, list_requirements
from service.store.schema import documents, requirements, submissions
from service.tracking.periods import RECURRENCES, iter_due_dates
from service.tracking.status import StatusTable, build_status

EDITABLE = (
    "source_number_symbol",
    "what",
    "to_whom",
    "recurrence",
    "due_date",
    "rule",
    "end_date",
    "unit_ids",
    "confirmed",
    "closed",
)
LINK_STATES = ("linked", "proposed", "rejected")


class TrackingError(VanthuError):
    """A change that cannot be made (unknown id, bad value): a stable code, a sentence for the clerk."""

    def __init__(self, code: str, message: str):
        super().__init__(code, message, message)

    def __str__(self) -> str:  # shown as is to the clerk
        return self.message


# --- Requirements -----------------------------------------------------------------------------


def _check(req: Requirement) -> None:
    if req.recurrence is not None and req.recurrence not in RECURRENCES:
        raise TrackingError(
            "invalid_requirement",
            f"Chu kỳ không hợp lệ: {req.recurrence!r} (yearly, quarterly, monthly, weekly).",
        )
    if req.due_date is None:
        raise TrackingError("invalid_requirement", "Yêu cầu báo cáo phải có hạn (ngày đến hạn đầu tiên).")
    if req.end_date is not None and req.end_date < req.due_date:
        raise TrackingError("invalid_requirement", "Ngày kết thúc trước hạn đầu tiên.")
    if not (req.what or "").strip():
        raise TrackingError("invalid_requirement", "Yêu cầu báo cáo phải có nội dung.")


def _values(req: Requirement) -> dict[str, Any]:
    return dict(
        source_document_id=req.source_document_id,
        source_number_symbol=req.source_number_symbol,
        what=req.what.strip(),
        to_whom=req.to_whom or "",
        recurrence=req.recurrence,
        due_date=req.due_date,
        rule_json=json.dumps(req.rule or {}, ensure_ascii=False),
        end_date=req.end_date,
        unit_ids_json=json.dumps(list(req.unit_ids)),
        confirmed=bool(req.confirmed),
        closed=bool(req.closed),
    )


def add_requirement(
    conn: Connection, req: Requirement, *, now: datetime, proposed: bool = False, actor: str | None = None
) -> int:
    """Insert a requirement. `proposed`: found by extraction (the clerk confirms it later)."""
    _check(req)
    values = _values(req)
    values.update(proposed=proposed, confirmed=bool(req.confirmed) or not proposed, created_at=now)
    new_id = insert_id(conn, insert(requirements).values(**values))
    add_audit(
        conn,
        NewAuditEntry(
            at=now,
            actor=actor or ("system" if proposed else "clerk"),
            action="requirement_proposed" if proposed else "requirement_added",
            object_type="requirement",
            object_id=new_id,
            detail={k: v for k, v in values.items() if k != "created_at"},
        ),
    )
    return new_id


def find_duplicate_requirement(conn: Connection, req: Requirement) -> int | None:
    """An existing requirement with the same source, recurrence, first due date and units."""
    for other in list_requirements(conn, include_closed=True):
        if (
            other.source_number_symbol == req.source_number_symbol
            and other.recurrence == req.recurrence
            and other.due_date == req.due_date
            and set(other.unit_ids) == set(req.unit_ids)
        ):
            return other.id
    return None


def update_requirement(conn: Connection, req_id: int, *, now: datetime, actor: str, **changes: Any) -> None:
    """Change a requirement's fields (see EDITABLE); unknown keys are refused."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise TrackingError("invalid_requirement", f"Không sửa được trường: {', '.join(sorted(unknown))}.")
    req = get_requirement(conn, req_id)
    if req is None:
        raise TrackingError("requirement_not_found", f"Không có yêu cầu báo cáo số {req_id}.")
    before = {k: getattr(req, k) for k in changes}
    for key, value in changes.items():
        setattr(req, key, list(value) if key == "unit_ids" else value)
    if "due_date" in changes and "rule" not in changes:
        req.rule = None  # the new date's day (and month) now set the rhythm, not the old rule
    _check(req)
    values = _values(req)
    values.pop("source_document_id")
    conn.execute(update(requirements).where(requirements.c.id == req_id).values(**values))
    add_audit(
        conn,
        NewAuditEntry(
            at=now,
            actor=actor,
            action="requirement_updated",
            object_type="requirement",
            object_id=req_id,
            detail={"before": before, "after": changes},
        ),
    )
    _refresh_progress(conn, req_id, now.date())


def follow_source_correction(
    conn: Connection, document_id: int, old: str | None, new: str | None, *, now: datetime, actor: str
) -> list[int]:
    """A clerk corrected a source document's number: the requirements that cite it by the old
    number (or by none) take the new one. Returns the requirements changed."""
    changed = [
        r.id
        for r in list_requirements(conn, include_closed=True)
        if r.id is not None
        and r.source_document_id == document_id
        and r.source_number_symbol in (old, None, "")
        and r.source_number_symbol != new
    ]
    for req_id in changed:
        update_requirement(conn, req_id, now=now, actor=actor, source_number_symbol=new)
    return changed


def _refresh_progress(conn: Connection, requirement_id: int, at: date) -> None:
    """The follow-up register's progress of the requirement's source document, rewritten."""
    refresh_progress(conn, requirement_id, at)


def confirm_requirement(conn: Connection, req_id: int, *, now: datetime, actor: str) -> None:
    req = get_requirement(conn, req_id)
    if req is not None and req.closed:
        raise TrackingError("requirement_closed", f"Yêu cầu báo cáo số {req_id} đã ngừng theo dõi.")
    update_requirement(conn, req_id, now=now, actor=actor, confirmed=True)


def close_requirement(conn: Connection, req_id: int, *, now: datetime, actor: str) -> None:
    update_requirement(conn, req_id, now=now, actor=actor, closed=True)


# --- Statuses ---------------------------------------------------------------------------------


def compute_status(
    conn: Connection, org: Organisation, at: date, due_soon_days: int, requirement_id: int | None = None
) -> StatusTable:
    """Every owing unit's status for every period that matters on day `at`.

    A StatusTable: iterate it (or index it, or take len) for StatusRow, or ask it for counts.
    """
    if requirement_id is not None:
        req = get_requirement(conn, requirement_id)
        reqs = [req] if req else []
    else:
        reqs = list_requirements(conn)
    received, proposed = received_index(conn, at, requirement_id)
    return build_status(reqs, org, at, due_soon_days, received, proposed)


# --- Submissions --------------------------------------------------------------------------------


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
    _refresh_progress(conn, requirement_id, now.date())
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
        _refresh_progress(conn, rid, now.date())
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
