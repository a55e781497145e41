"""Meetings and other dated events (sự kiện): a giấy mời's time, a meeting a conclusion reports.
Not deadlines: nobody owes anything by them."""

from __future__ import annotations

import re

from service.extract.clauses import read_clause
from service.extract.document import Doc
from service.extract.when import PHRASE
from service.models import Event
from service.text.dates import NGAY, find_dates
from service.text.match import clean_space

_EVENT = re.compile(r"thoi gian\s*:|vao luc|\d{1,2}\s*(?:gio|h)\s*\d{0,2}\s*(?:phut)?\s*,?\s*ngay")
_DAY = rf"(?P<date>{NGAY}\s+\d{{1,2}}\s*/\s*\d{{1,2}}\s*/\s*(?:19|20)\d\d)"
# "buổi làm việc ngày 07/11/2025"; a paragraph opening "Ngày 24/12/2024, tại trụ sở …".
_MEETINGS = (
    re.compile(rf"(?:buoi lam viec|cuoc hop|phien hop|buoi hop)\s+(?:[^.;\n]{{0,30}}?\s)?{_DAY}"),
    re.compile(rf"(?m)^\s*{_DAY}\s*,\s*tai\b"),
)


def read_events(doc: Doc, body: tuple[int, int]) -> list[Event]:
    """Meetings and other dated events ("Thời gian: 14h00 ngày 22/01/2026")."""
    lo, hi = body
    f = doc.folded
    events: list[Event] = []
    for m in _EVENT.finditer(f, lo, hi):
        window = f[m.start() : m.start() + 90]
        dates = find_dates(window)
        if not dates:
            continue
        d = dates[0]
        if _cued(f, max(lo, m.start() - 30), m.start() + d.start):
            continue  # "trước 17 giờ ngày …": a deadline's time of day
        when = clean_space(doc.text[m.start() : m.start() + d.end])
        c_lo, c_hi = read_clause(f, m.start(), lo, hi)
        if any(e.date == d.value for e in events):
            continue
        events.append(Event(when=when, date=d.value, what=clean_space(doc.text[c_lo:c_hi])[:200]))
    # A meeting named next to its date: "tại buổi làm việc ngày 07/11/2025", "Ngày 24/12/2024, tại
    # trụ sở …, … chủ trì cuộc họp".
    for m in (m for pattern in _MEETINGS for m in pattern.finditer(f, lo, hi)):
        d = find_dates(f[m.start("date") : m.end("date")])[0]
        if not any(e.date == d.value for e in events):
            c_lo, c_hi = read_clause(f, m.start(), lo, hi)
            events.append(
                Event(
                    when=clean_space(doc.text[m.start("date") : m.end("date")]),
                    date=d.value,
                    what=clean_space(doc.text[c_lo:c_hi])[:200],
                )
            )
    return events


def _cued(f: str, lo: int, date_at: int) -> bool:
    """Whether a deadline's cue governs the date at ``date_at`` ("trước 17 giờ ngày …")."""
    return any(m.start("cue") < date_at < m.end() for m in PHRASE.finditer(f, lo, date_at + 40))
