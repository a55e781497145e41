"""Tracking (theo dõi): reporting requirements, their status, the submissions linked to them."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from enum import StrEnum
from typing import Any

from service.models.clock import iso

STATUSES = ("not_due", "due_soon", "on_time", "late", "overdue")


@dataclass
class Requirement:
    """A reporting requirement: units must send `what` to `to_whom` by a date or on a recurrence."""

    id: int | None
    source_document_id: int | None
    source_number_symbol: str | None
    what: str
    to_whom: str = ""
    recurrence: str | None = None  # None (once), yearly, quarterly, monthly, weekly
    due_date: date | None = None  # the one date, or the first one of a recurrence
    rule: dict[str, Any] | None = None  # e.g. {"day": 10, "month": 11}
    end_date: date | None = None  # last period ends on/before this
    unit_ids: list[str] = field(default_factory=list)
    confirmed: bool = False
    closed: bool = False
    source_title: str | None = None  # the source document's summary (trích yếu), for matching
    proposed: bool = False  # found by extraction, not entered by a clerk


@dataclass
class StatusRow:
    """The status of one unit for one period of one requirement."""

    requirement_id: int | None  # None only for a requirement not stored (the pure tests')
    source_number_symbol: str | None
    what: str
    period: str  # "2023", "2023-Q1", "2023-05", "2023-W07", or "once"
    due_date: date | None
    unit_id: str
    unit_name: str
    status: str  # one of STATUSES
    submission_so_den: int | None = None
    submission_number_symbol: str | None = None
    submission_date: date | None = None
    submission_document_id: int | None = None
    proposed_links: int = 0  # submissions waiting for the clerk to confirm

    def to_json(self) -> dict[str, Any]:
        d = dataclasses.asdict(self)
        for k in ("due_date", "submission_date"):
            d[k] = d[k].isoformat() if d[k] else None
        return d


class LinkState(StrEnum):
    """Where a submission's link to a requirement stands."""

    LINKED = "linked"  # counts as the unit's report for the period
    PROPOSED = "proposed"  # the matcher's guess, waiting for the văn thư
    REJECTED = "rejected"  # the văn thư said no: kept, not counted


@dataclass(frozen=True)
class Submission:
    """A report counted (or proposed) for a unit and period of a requirement (báo cáo đã nộp), with
    the registered document it came in (none for a report on paper) and the requirement it answers.

    Two số đến: `so_den` is the one copied into the submission when the link was made (it never
    changes, the status table reads it); `doc_so_den` is the document's own, from the join."""

    id: int
    requirement_id: int
    unit_id: str
    period: str
    document_id: int | None
    so_den: int | None
    received_on: date
    number_symbol: str | None
    on_paper: bool
    state: LinkState
    confidence: float
    note: str | None
    created_at: datetime
    # the document (None for a report on paper)
    doc_so_den: int | None
    doc_year: int | None
    issuer: str | None
    title_summary: str | None
    issue_date: date | None
    doc_number_symbol: str | None
    # the requirement
    source_number_symbol: str | None
    what: str

    def to_json(self, zone: tzinfo) -> dict[str, Any]:
        """As the API shows it: every column of the row, moments with the office's offset. The
        document's số đến keeps the key it has always had there (`so_den_1`)."""
        out: dict[str, Any] = {}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            key = "so_den_1" if f.name == "doc_so_den" else f.name
            out[key] = iso(value, zone) if isinstance(value, date) else value
        out["state"] = str(self.state)
        return out
