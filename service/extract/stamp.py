"""The incoming stamp (dấu "CV ĐẾN") on a received paper: its số đến and its day of arrival. Pure.

A clerk stamps each paper as it arrives and fills the box in, by hand or with a numbering stamp:

    CV ĐẾN   Số: 2770   Ngày: 12/11/2023   Chuyển: …
    CÔNG VĂN ĐẾN / VĂN BẢN ĐẾN, or "Số đến: 2352, ngày 21/3/18"

OCR of a scan loses the marks ("CV DEN So: 2770 Ngay: 12/11/2023"), splits the box over several
lines and mixes it with the header beside it, so the reader works on the accent-folded text, near
the stamp's own words. The stamp is never the document's number: extraction reads that from the
header and ignores the stamp (header.py); this module reads the stamp for itself. A part it cannot
read is None, never guessed: a day without a year takes the year that puts it on or after the
document's own date, and a day before that date (a misread) is dropped.
"""

from __future__ import annotations

import re
from datetime import date

from service.models import IncomingStamp
from service.text.dates import NGAY, make_date
from service.text.normalize import fast_fold

HEAD_CHARS = 8000  # the stamp is on the first page
_ANCHOR = re.compile(r"(?:\bc\s?\.?\s?v|\bcong\s*van|\bvan\s*ban|\bv\s?\.?\s?b)\s*[:.\-]?\s*\bden\b")
_SO_DEN = re.compile(r"\bso\s*den\s*[:.;,]?\s*(\d{1,6})(?![\d/])(?!\s*/)")
_NUMBER = re.compile(r"\bs[o0]\s*[:.;,]?\s*(\d{1,6})(?![\d/])(?!\s*/)")
_DAY = re.compile(
    rf"\b{NGAY}\s*(?:den)?\s*[:.;,]?\s*(\d{{1,2}})\s*[/.\-]\s*(\d{{1,2}})(?:\s*[/.\-]\s*(\d{{4}}|\d{{2}}))?(?![\d/])"
)
BEFORE = 40  # OCR may put the number or the day just before the stamp's title
AFTER = 160


def read_incoming_stamp(text: str, issue_date: date | None = None) -> IncomingStamp | None:
    """The incoming stamp read from a document's text, or None if it bears none.

    `issue_date` is the document's own date: it gives a year to a day written without one, and
    rules out a day before it."""
    head = text[:HEAD_CHARS]
    folded = fast_fold(head)
    anchor = _ANCHOR.search(folded)
    if anchor:
        start, end = max(0, anchor.start() - BEFORE), min(len(folded), anchor.end() + AFTER)
        window = folded[anchor.end() : end]
        number = _first(_NUMBER, window) or _first(_NUMBER, folded[start : anchor.start()])
        day_match = _DAY.search(window) or _DAY.search(folded[start : anchor.start()])
        snippet = head[anchor.start() : end]
    else:
        found = _SO_DEN.search(folded)
        if not found:
            return None
        number = int(found.group(1))
        day_match = _DAY.search(folded, found.end(), min(len(folded), found.end() + 60))
        snippet = head[found.start() : found.end() + 60]
    day = _stamp_day(day_match, issue_date) if day_match else None
    if number is None and day is None:
        return None
    return IncomingStamp(number=number, date=day, text=" ".join(snippet.split())[:120])


def _first(pattern: re.Pattern, text: str) -> int | None:
    m = pattern.search(text)
    return int(m.group(1)) if m and int(m.group(1)) > 0 else None


def _stamp_day(m: re.Match, issue_date: date | None) -> date | None:
    day, month, year_text = int(m.group(1)), int(m.group(2)), m.group(3)
    if year_text:
        year = int(year_text) + (2000 if len(year_text) == 2 else 0)
    elif issue_date is not None:
        year = issue_date.year
        first = make_date(year, month, day)
        if first is not None and first < issue_date:
            year += 1
    else:
        return None
    found = make_date(year, month, day)
    if found is None or (issue_date is not None and found < issue_date):
        return None  # no such day, or before the document existed: a misread
    return found
