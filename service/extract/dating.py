"""The issue date (ngày ban hành): the place-and-date line first, digital signatures as evidence."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime, timedelta, timezone

from service.extract.document import Doc
from service.extract.header_lines import Header
from service.models import SignatureInfo
from service.text.dates import make_date

# Signature stamps printed in a text layer or OCR'd: "2022-07-21T05:06:25+0700",
# "Thời gian ký: 04/02/2025 16:42:36", "17.01.2025 08:56:09 +07:00", "06/01/2026; 16:42:26".
_ISO_TIME = re.compile(r"((?:19|20)\d\d)-(\d\d)-(\d\d)T\d\d:\d\d")
_DMY_TIME = re.compile(r"(?<!\d)(\d{1,2})[./-](\d{1,2})[./-]((?:19|20)\d\d)[\s;,]{1,3}\d{1,2}:\d\d")


VIETNAM = timezone(timedelta(hours=7))


def local_day(when: datetime) -> date:
    """The calendar day in Vietnam (UTC+7, one zone nationwide) of a signing time."""
    if when.tzinfo is not None:
        when = when.astimezone(VIETNAM)
    return when.date()


def signature_days(doc: Doc, signatures: Sequence[SignatureInfo]) -> list[date]:
    """Days of every digital signature: from the reader's signature data and stamps in the text."""
    days = [local_day(s.signing_time) for s in signatures if s.signing_time]
    # Stamps sit at the top of the first page or after the last; the body between is not searched.
    text = doc.text if len(doc.text) < 8000 else doc.text[:4000] + "\n" + doc.text[-4000:]
    for m in _ISO_TIME.finditer(text):
        d = make_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if d:
            days.append(d)
    for m in _DMY_TIME.finditer(text):
        d = make_date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        if d:
            days.append(d)
    return sorted(days)


def _token_number(token: str | None, strict: bool) -> tuple[str, int | None]:
    """("blank"|"read"|"unreadable", value). A day is handwritten on scans, so only clean digits
    count; a printed month tolerates OCR punctuation around it ("”7")."""
    t = (token or "").strip()
    if not t:
        return "blank", None
    if t.isdigit():
        return "read", int(t)
    if not strict:
        digits = re.sub(r"[^\d]", "", t)
        if digits and len(digits) <= 2 and not re.search(r"[A-Za-z]", t):
            return "read", int(digits)
    return "unreadable", None


def read_issue_date(
    h: Header, widget_digits: list[str], sig_days: list[date], *, draft: bool
) -> tuple[date | None, str]:
    """(date, how) where how is "line", "widget", "signature" or "mismatch"."""
    if draft or h.year is None:
        if not draft and h.year is None and sig_days:
            return sig_days[0], "signature"
        return None, ""
    day_state, day = _token_number(h.day_token, strict=True)
    month_state, month = _token_number(h.month_token, strict=False)
    how = "line"
    if day_state == "blank" and widget_digits:
        cand = widget_digits.pop(0)
        if 1 <= int(cand) <= 31:
            day, day_state, how = int(cand), "read", "widget"
    if month_state == "blank" and widget_digits:
        cand = widget_digits.pop(0)
        if 1 <= int(cand) <= 12:
            month, month_state = int(cand), "read"
    if day_state == "read" and month_state == "read" and day is not None and month is not None:
        d = make_date(h.year, month, day)
        if d:
            if sig_days and how == "line" and min(abs((s - d).days) for s in sig_days) > 10:
                return d, "mismatch"
            return d, how
    # The line is unreadable: a signature in the same month (or year) fills the day.
    same = [s for s in sig_days if s.year == h.year and (month is None or s.month == month)]
    if same:
        return same[0], "signature"
    return None, ""
