"""Dates (ngày tháng) as Vietnamese documents write them, and calendar arithmetic for deadlines.

All functions work on the accent-folded, lower-case form (see ``fold``) so that OCR text without
diacritics reads the same as typed text.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from service.models import Organisation, WorkCalendar

# OCR-tolerant spellings of the date words, on folded text: "ngay" ("ngiry"), "thang", "nam" ("nim").
NGAY = r"ng[a-z0-9@]{0,3}y"
THANG = r"th[a-z0-9]{1,2}ng"
NAM = r"n[a-z0-9]m"

_NUM = r"\d{1,2}"
_YEAR = r"(?:19|20)\d\d"

# "21 tháng 7 năm 2022" / "ngày 02 tháng 6 năm 2022"
# (Patterns start with the digits themselves so that the regex engine can skip ahead to digits;
# "not preceded by a digit or a slash" is checked in code.)
WORDY_DATE = re.compile(rf"({_NUM})\s*{THANG}\s*({_NUM})\s*,?\s*{NAM}\s*({_YEAR})(?!\d)")
# "01/7/2022", "21.01.2025", "08-01-2025"
NUMERIC_DATE = re.compile(rf"({_NUM})\s?([/.\-])\s?({_NUM})\s?\2\s?({_YEAR})(?![\d/])")

ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


@dataclass(frozen=True)
class DateMatch:
    """A date found in text: its span in the (folded) text and its value."""

    start: int
    end: int
    value: date


def make_date(year: int, month: int, day: int) -> date | None:
    """A real calendar date, or None (31/4 and the like are OCR or typing errors)."""
    try:
        return date(year, month, day)
    except ValueError:
        return None


def find_dates(folded: str) -> list[DateMatch]:
    """Every full date (day, month and year) in folded text, in order of position."""
    found: list[DateMatch] = []
    for m in WORDY_DATE.finditer(folded):
        if m.start() and folded[m.start() - 1] in "0123456789/":
            continue
        d = make_date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        if d:
            start = m.start()
            pre = re.search(rf"{NGAY}\s*$", folded[max(0, start - 8) : start])
            if pre:
                start -= len(pre.group(0))
            found.append(DateMatch(start, m.end(), d))
    for m in NUMERIC_DATE.finditer(folded):
        if m.start() and folded[m.start() - 1] in "0123456789/.":
            continue
        d = make_date(int(m.group(4)), int(m.group(3)), int(m.group(1)))
        if d:
            found.append(DateMatch(m.start(), m.end(), d))
    found.sort(key=lambda x: x.start)
    return found


def parse_date(text: str) -> date | None:
    """The first full date in ``text`` (folded or not), or None."""
    from service.text.normalize import fast_fold

    dates = find_dates(fast_fold(text))
    return dates[0].value if dates else None


def last_day_of_month(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def quarter_end(year: int, quarter: int) -> date:
    return last_day_of_month(year, quarter * 3)


def parse_quarter(token: str) -> int | None:
    """Quarter number from "I", "II", "1", "iv"…; None if it is not one."""
    token = token.strip().lower()
    if token.isdigit():
        q = int(token)
    else:
        q = ROMAN.get(token, 0)
    return q if 1 <= q <= 4 else None


def work_calendar(
    holidays: Iterable[date] | WorkCalendar = (), org: Organisation | None = None
) -> WorkCalendar:
    """One calendar from a caller's holidays (a list, or a calendar) and the office's own."""
    extra: tuple[date, ...]
    if isinstance(holidays, WorkCalendar):
        base, extra = holidays, ()
    else:
        base = org.calendar if org is not None and org.calendar is not None else WorkCalendar()
        extra = tuple(holidays)
    return base.adding(extra + (tuple(org.holidays) if org is not None else ()))


def add_working_days(start: date, days: int, holidays: Iterable[date] | WorkCalendar = ()) -> date:
    """The day ``days`` working days after ``start``: Saturdays, Sundays and holidays skipped, a
    weekend day worked in exchange counted (with a WorkCalendar)."""
    cal = work_calendar(holidays)
    d = start
    left = days
    while left > 0:
        d += timedelta(days=1)
        if cal.is_working_day(d):
            left -= 1
    return d


def next_yearly(after: date, month: int, day: int) -> date | None:
    """The first ``day``/``month`` on or after ``after`` (None for an impossible day)."""
    for year in (after.year, after.year + 1, after.year + 2):
        d = make_date(year, month, day)
        if d and d >= after:
            return d
    return None


def next_monthly(after: date, day: int) -> date | None:
    """The first ``day`` of a month on or after ``after``; short months give their last day."""
    year, month = after.year, after.month
    for _ in range(3):
        d = date(year, month, min(day, calendar.monthrange(year, month)[1]))
        if d >= after:
            return d
        month += 1
        if month == 13:
            year, month = year + 1, 1
    return None


def iter_days(start: date, end: date) -> Iterator[date]:
    d = start
    while d <= end:
        yield d
        d += timedelta(days=1)
