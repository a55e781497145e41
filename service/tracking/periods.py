"""Periods (kỳ báo cáo) of a requirement: one due date after another, up to its end. Pure.

A period is labelled by when it falls due: "2023" (yearly), "2023-Q4" (quarterly), "2023-11"
(monthly), "2023-W45" (weekly, ISO week), or "once".

Rules (as extraction gives them, every key optional; a missing one comes from the first due date):
- yearly:    {"day": 10, "month": 11}
- quarterly: {"day": 20, "month_of_quarter": 3}   (1 = first month of the quarter, 3 = last)
- monthly:   {"day": 5}
- weekly:    {"weekday": 4}                        (0 = Monday … 6 = Sunday)
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from typing import Any

from service.models import Requirement

RECURRENCES = ("yearly", "quarterly", "monthly", "weekly")
ONCE = "once"
MAX_PERIODS = 2000  # a weekly rule over 38 years; guards a mistyped end date
# How long a period lasts, in days: a report dated up to half of it after a due date is a late
# report for that period rather than an early one for the next.
PERIOD_DAYS = {"yearly": 365, "quarterly": 91, "monthly": 30, "weekly": 7}


def _clamp_day(year: int, month: int, day: int) -> date:
    return date(year, month, min(max(day, 1), calendar.monthrange(year, month)[1]))


def _rule_value(rule: dict[str, Any] | None, key: str, fallback: int) -> int:
    value = (rule or {}).get(key)
    try:
        return int(value) if value is not None else fallback
    except (TypeError, ValueError):
        return fallback


def label_for(recurrence: str | None, due: date) -> str:
    """The label of the period that falls due on `due`."""
    if recurrence == "yearly":
        return str(due.year)
    if recurrence == "quarterly":
        return f"{due.year}-Q{(due.month - 1) // 3 + 1}"
    if recurrence == "monthly":
        return f"{due.year}-{due.month:02d}"
    if recurrence == "weekly":
        iso = due.isocalendar()
        return f"{iso[0]}-W{iso[1]:02d}"
    return ONCE


def _due_in(recurrence: str, rule: dict[str, Any] | None, anchor: date, step: int) -> date:
    """The due date `step` periods after the period of `anchor` (anchor's own when step is 0)."""
    if recurrence == "yearly":
        month = _rule_value(rule, "month", anchor.month)
        day = _rule_value(rule, "day", anchor.day)
        return _clamp_day(anchor.year + step, min(max(month, 1), 12), day)
    if recurrence == "quarterly":
        first_month = (anchor.month - 1) // 3 * 3 + 1
        moq = _rule_value(rule, "month_of_quarter", (anchor.month - 1) % 3 + 1)
        months = anchor.year * 12 + first_month - 1 + 3 * step + min(max(moq, 1), 3) - 1
        return _clamp_day(months // 12, months % 12 + 1, _rule_value(rule, "day", anchor.day))
    if recurrence == "monthly":
        months = anchor.year * 12 + anchor.month - 1 + step
        return _clamp_day(months // 12, months % 12 + 1, _rule_value(rule, "day", anchor.day))
    if recurrence == "weekly":
        weekday = _rule_value(rule, "weekday", anchor.weekday()) % 7
        monday = anchor - timedelta(days=anchor.weekday())
        return monday + timedelta(days=7 * step + weekday)
    raise ValueError(f"unknown recurrence {recurrence!r}")


def first_due_after(recurrence: str | None, rule: dict[str, Any] | None, after: date) -> date | None:
    """The first due date of a recurring rule strictly after `after` (e.g. a plan's issue date)."""
    if recurrence not in RECURRENCES:
        return None
    for step in range(0, 3):
        due = _due_in(recurrence, rule, after, step)
        if due > after:
            return due
    return None


def iter_due_dates(req: Requirement):
    """Every (label, due date) of a requirement, in order, up to its end (unbounded if none)."""
    if req.due_date is None:
        return
    if req.recurrence not in RECURRENCES:
        yield ONCE, req.due_date
        return
    for step in range(MAX_PERIODS):
        due = _due_in(req.recurrence, req.rule, req.due_date, step)
        if req.end_date is not None and due > req.end_date:
            return
        yield label_for(req.recurrence, due), due


def periods(req: Requirement, until: date) -> list[tuple[str, date]]:
    """The periods of `req` whose due date is on or before `until`."""
    out = []
    for label, due in iter_due_dates(req):
        if due > until:
            break
        out.append((label, due))
    return out


def periods_as_of(req: Requirement, at: date) -> list[tuple[str, date]]:
    """The periods that matter on day `at`: every one already due, and the next one coming."""
    out = []
    for label, due in iter_due_dates(req):
        out.append((label, due))
        if due >= at:
            break
    return out


def next_due(req: Requirement, at: date) -> date | None:
    """The first due date on or after `at`; the last one if the requirement has ended."""
    last = None
    for _label, due in iter_due_dates(req):
        last = due
        if due >= at:
            return due
    return last


def assign_period(
    req: Requirement, on: date, named: str | None = None, taken: frozenset[str] | set[str] = frozenset()
) -> tuple[str | None, bool]:
    """Which period a report dated `on` is for, and whether that is certain.

    `named` is a period label read from the report's own summary ("... năm 2023"); `taken` the
    periods the unit has already reported for. A report dated shortly after a due date is a late
    report for that period, unless the unit has already sent that one.
    """
    horizon = on + timedelta(days=PERIOD_DAYS.get(req.recurrence or "", 0) + 400)
    plist = periods(req, horizon)
    if not plist:
        return None, False
    if req.recurrence not in RECURRENCES:
        return ONCE, True
    labels = [p[0] for p in plist]
    if named is not None and named in labels:
        return named, True
    half = timedelta(days=PERIOD_DAYS[req.recurrence] // 2)
    span = timedelta(days=PERIOD_DAYS[req.recurrence])
    prev = next((p for p in reversed(plist) if p[1] < on), None)
    nxt = next((p for p in plist if p[1] >= on), None)
    if prev is not None and on - prev[1] <= half and prev[0] not in taken:
        return prev[0], True
    if nxt is not None:
        return nxt[0], nxt[1] - on <= span
    if prev is not None:
        return prev[0], False  # after the last period: a very late report, for the clerk to judge
    return None, False


# --- the day a report speaks for, and its period ---------------------------------------------------

MAX_TRANSIT = timedelta(days=120)  # a report dated longer before it arrived: its date is doubted


def report_day(issue_date: date | None, received_on: date) -> tuple[date, str | None]:
    """The day a report speaks for, and why that day is uncertain (None when it is not).

    Its own date, which may be far before its arrival: a report of 2023 registered from the archive,
    or found in a folder years later, still speaks for 2023; a month misread by OCR gives the same
    picture, so such a link is only proposed, with the reason. A date after the arrival cannot be
    the report's (OCR, or a typing slip): the day it arrived stands in."""
    if issue_date is None:
        return received_on, None
    if issue_date > received_on + timedelta(days=1):
        return received_on, f"ngày văn bản {issue_date:%d/%m/%Y} sau ngày đến {received_on:%d/%m/%Y}"
    if received_on - issue_date > MAX_TRANSIT:
        gap = (received_on - issue_date).days
        return issue_date, f"ngày văn bản {issue_date:%d/%m/%Y} cách ngày đến {gap} ngày"
    return issue_date, None


def earliest_report_day(req: Requirement) -> date | None:
    """The earliest day a report for `req` can bear: a period before its first due date."""
    first = next(iter_due_dates(req), None)
    if first is None:
        return None
    return first[1] - timedelta(days=PERIOD_DAYS.get(req.recurrence or "", 365))


def nearest_period(req: Requirement, on: date) -> str | None:
    """The period whose due date is nearest `on` (a report outside every period's reach)."""
    best: tuple[int, str] | None = None
    for label, due in iter_due_dates(req):
        gap = abs((due - on).days)
        if best is None or gap < best[0]:
            best = (gap, label)
        elif due > on:
            break
    return best[1] if best else None


def date_fits(req: Requirement, on: date) -> bool:
    """A report dated `on` could be for some period of the requirement."""
    span = timedelta(days=PERIOD_DAYS.get(req.recurrence or "", 60))
    window = min(span, timedelta(days=60))
    return any(due - window <= on <= due + window for _label, due in periods(req, on + window))
