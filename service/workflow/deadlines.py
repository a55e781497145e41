"""The handling deadline (thời hạn giải quyết) and where an assignment stands against it."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from service.models import Deadline, WorkCalendar
from service.text.dates import work_calendar
from service.workflow.states import AssignmentStatus, HandlingState


def document_deadline(deadlines: Iterable[Deadline], arrived: date) -> date | None:
    """The document's own deadline: its earliest dated deadline on or after the day it arrived (an
    earlier date is a reference to the past, not something asked of the office)."""
    days = [d.date for d in deadlines if d.date is not None and d.date >= arrived]
    return min(days) if days else None


def default_handling_due(
    own: date | None, *, today: date, margin_days: int, holidays: Iterable[date] | WorkCalendar = ()
) -> date | None:
    """The document's own deadline less the office's margin, counted in working days (so that the
    văn thư has that many working days to send the answer); never before today. A deadline already
    past stays as it is (the assignment is overdue from the start, which is the truth). None when
    the document sets no deadline."""
    if own is None:
        return None
    if own < today:
        return own
    cal = work_calendar(holidays)  # Vietnam's calendar: holidays, Tết, Saturdays worked in exchange
    due, left = own, max(margin_days, 0)
    while left > 0:
        due -= timedelta(days=1)
        if cal.is_working_day(due):
            left -= 1
    while not cal.is_working_day(due) and due > today:  # a deadline on a Sunday falls back to Friday
        due -= timedelta(days=1)
    return max(due, today)


def assignment_status(due: date | None, done_on: date | None, today: date) -> AssignmentStatus:
    if done_on is not None:
        return AssignmentStatus.DONE_LATE if due and done_on > due else AssignmentStatus.DONE
    if due and today > due:
        return AssignmentStatus.OVERDUE
    return AssignmentStatus.OPEN


def handling_status(state: HandlingState | None, due: date | None, done_on: date | None, today: date) -> str:
    """A document's handling as one word for the register and the command line: registered,
    presented, returned, filed, open, overdue, done or done_late."""
    state = HandlingState(state or HandlingState.REGISTERED)
    if state in (HandlingState.IN_PROGRESS, HandlingState.DONE):
        return str(assignment_status(due, done_on if state is HandlingState.DONE else None, today))
    return str(state)
