"""Queries on requirements and their status (submissions are in store/submissions.py, re-exported
here; the follow-up register is in store/followups.py).

Every change a person makes writes an audit row. The rules (periods, statuses) are the pure
functions of service.tracking; this module only reads and writes.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, insert, update

from service.models import Organisation, Requirement
from service.store.audit import NewAuditEntry, add_audit
from service.store.db import insert_id
from service.store.followups import refresh_progress
from service.store.received import received_index
from service.store.requirements import LINK_STATES, TrackingError, get_requirement, list_requirements
from service.store.schema import requirements
from service.store.submissions import (
    LinkChange,
    NewSubmission,
    PaperReport,
    change_link,
    confirm_link,
    count_proposed_links,
    documents_citing,
    get_submission,
    insert_submission,
    list_proposed_links,
    list_submissions,
    record_paper_submission,
    reject_link,
    submissions_of_document,
    taken_periods,
)
from service.tracking.periods import RECURRENCES
from service.tracking.status import StatusTable, build_status

__all__ = [
    "EDITABLE",
    "LINK_STATES",
    "LinkChange",
    "NewSubmission",
    "PaperReport",
    "TrackingError",
    "add_requirement",
    "change_link",
    "close_requirement",
    "compute_status",
    "confirm_link",
    "confirm_requirement",
    "count_proposed_links",
    "documents_citing",
    "find_duplicate_requirement",
    "follow_source_correction",
    "get_requirement",
    "get_submission",
    "insert_submission",
    "list_proposed_links",
    "list_requirements",
    "list_submissions",
    "record_paper_submission",
    "reject_link",
    "submissions_of_document",
    "taken_periods",
    "update_requirement",
]

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
