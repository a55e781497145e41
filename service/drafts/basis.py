"""What a draft was built from (its basis), and what has changed since, in a clerk's words. Pure.

A reminder or a summary is built from the units' statuses for one period; a reply or a plan from
the incoming document's fields. The basis is a plain JSON value stored with the draft; comparing it
with the same value computed now says whether the draft still tells the truth ("UBND xã Bản Bo đã
nộp báo cáo số 15/BC-UBND ngày 13/11/2023").
"""

from __future__ import annotations

from datetime import date
from typing import Any

from service.drafts.wording import format_short_date
from service.models import DraftChange, Fields, StatusRow

# The status words of a change (the tracking labels' meaning, phrased as a sentence's end).
_NOW = {
    "overdue": "nay đã quá hạn, chưa nộp",
    "due_soon": "nay sắp đến hạn, chưa nộp",
    "not_due": "nay chưa đến hạn",
    "on_time": "nay được tính là nộp đúng hạn",
    "late": "nay được tính là nộp chậm hạn",
}
SENT = ("on_time", "late")
_FIELDS = {
    "number_symbol": "số, ký hiệu",
    "issue_date": "ngày ban hành",
    "issuer": "cơ quan ban hành",
    "title_summary": "trích yếu",
}


def tracking_basis(rows: list[StatusRow], period: str | None) -> dict[str, Any]:
    """The statuses of one period, unit by unit: what a reminder or summary says about each unit."""
    units = {}
    for r in rows:
        if r.period != period:
            continue
        units[r.unit_id] = {
            "name": r.unit_name,
            "status": r.status,
            "due": r.due_date.isoformat() if r.due_date else None,
            "number_symbol": r.submission_number_symbol,
            "date": r.submission_date.isoformat() if r.submission_date else None,
            "document_id": r.submission_document_id,
        }
    return {"period": period, "units": units}


def document_basis(fields: Fields) -> dict[str, Any]:
    """The incoming document's facts a reply or a plan cites."""
    return {
        "document": {
            "number_symbol": fields.number_symbol,
            "issue_date": fields.issue_date.isoformat() if fields.issue_date else None,
            "issuer": fields.issuer,
            "title_summary": fields.title_summary,
        }
    }


def _day(iso: str | None) -> str:
    return format_short_date(date.fromisoformat(iso)) if iso else ""


def _report(unit: dict[str, Any]) -> str:
    """`báo cáo số 15/BC-UBND ngày 13/11/2023`, with what is known of it."""
    out = "báo cáo"
    if unit.get("number_symbol"):
        out += f" số {unit['number_symbol']}"
    if unit.get("date"):
        out += f" ngày {_day(unit['date'])}"
    return out


def _unit_change(uid: str, old: dict[str, Any], new: dict[str, Any]) -> DraftChange | None:
    name = new.get("name") or old.get("name") or uid
    was_sent, is_sent = old.get("status") in SENT, new.get("status") in SENT
    if is_sent and not was_sent:
        return DraftChange(uid, "submitted", f"{name} đã nộp {_report(new)}")
    if was_sent and not is_sent:
        return DraftChange(
            uid, "withdrawn", f"{name}: {_report(old)} không còn được tính là đã nộp ({_NOW[new['status']]})"
        )
    same_report = all(old.get(k) == new.get(k) for k in ("number_symbol", "date", "document_id"))
    if is_sent and not same_report:
        return DraftChange(uid, "resubmitted", f"{name}: nay là {_report(new)} (trước đây: {_report(old)})")
    if old.get("status") != new.get("status"):
        due = f" (hạn {_day(new['due'])})" if new.get("due") else ""
        return DraftChange(uid, "status", f"{name} {_NOW.get(new['status'], new['status'])}{due}")
    return None


def _tracking_changes(old: dict[str, Any], new: dict[str, Any]) -> list[DraftChange]:
    before, after = old.get("units") or {}, new.get("units") or {}
    out: list[DraftChange] = []
    for uid, unit in after.items():
        if uid not in before:
            out.append(DraftChange(uid, "added", f"{unit['name']} nay thuộc diện phải báo cáo"))
        elif (change := _unit_change(uid, before[uid], unit)) is not None:
            out.append(change)
    for uid, unit in before.items():
        if uid not in after:
            out.append(DraftChange(uid, "removed", f"{unit['name']} không còn thuộc diện phải báo cáo"))
    return out


def _document_changes(old: dict[str, Any], new: dict[str, Any]) -> list[DraftChange]:
    out = []
    for key, label in _FIELDS.items():
        a, b = old.get(key), new.get(key)
        if a != b:
            shown = _day(b) if key == "issue_date" else b
            text = f"Văn bản đến đã được hiệu chỉnh: {label} nay là «{shown or '…'}»"
            out.append(DraftChange(key, "corrected", text))
    return out


def changes(built: dict[str, Any], now: dict[str, Any]) -> list[DraftChange]:
    """What differs between the basis a draft was built (or confirmed) on and the data as it is now.
    An empty basis (a draft made before bases were kept) compares as unchanged."""
    if not built:
        return []
    if "units" in built:
        return _tracking_changes(built, now)
    if "document" in built:
        return _document_changes(built["document"] or {}, now.get("document") or {})
    return []
