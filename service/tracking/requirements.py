"""Reporting requirements (yêu cầu báo cáo) proposed from a document's deadlines. Pure."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

from service.models import Deadline, Fields, Organisation, Requirement
from service.text import fold
from service.tracking.periods import RECURRENCES, first_due_after
from service.tracking.units import units_of_deadline

# A deadline asks units to *send* something when its task says so.
_SENDING = re.compile(r"\b(bao cao|gui|nop|de xuat|dang ky|cung cap)\b")
_YEAR = r"((?:19|20)\d\d)"
_DASH = r"\s*[-\u2013\u2014~]\s*"
# "giai đoạn 2021-2025", "giai đoạn 2021 — 2025", "giai đoạn 2021-\n2025"
_PHASE = re.compile(rf"giai doan\s+{_YEAR}{_DASH}{_YEAR}\b")
# "đến năm 2025", "đến hết năm 2025" (not "tầm nhìn đến năm 2045": a vision is not an end)
_UNTIL = re.compile(rf"(?<!tam nhin )\b(?:den|toi)\s+(?:het\s+)?nam\s+{_YEAR}\b")
_RANGE = re.compile(rf"\b(?:nam\s+){_YEAR}{_DASH}{_YEAR}\b")


def is_report_deadline(deadline: Deadline) -> bool:
    """The deadline asks someone to send something (a report, a list, a proposal)."""
    return deadline.is_report or bool(_SENDING.search(fold(deadline.what or "")))


def end_years(text: str, start_year: int) -> list[int]:
    """Years a text says its programme ends in, most often said first."""
    folded = fold(text or "")
    found: list[int] = []
    for m in _PHASE.finditer(folded):
        first, last = int(m.group(1)), int(m.group(2))
        if first <= last <= first + 15:
            found.append(last)
    found += [int(m.group(1)) for m in _UNTIL.finditer(folded)]
    for m in _RANGE.finditer(folded):
        first, last = int(m.group(1)), int(m.group(2))
        if first < last <= first + 15:
            found.append(last)
    counts = Counter(y for y in found if y >= start_year)
    return [y for y, _n in sorted(counts.items(), key=lambda kv: (-kv[1], -kv[0]))]


def find_end_date(summary: str | None, text: str, start: date) -> date | None:
    """The last day of a recurring programme: from the summary (trích yếu) first, else the text."""
    for source in (summary or "", text or ""):
        years = end_years(source, start.year)
        if years:
            return date(years[0], 12, 31)
    return None


def requirements_from_fields(
    fields: Fields,
    org: Organisation,
    source_number_symbol: str | None,
    source_document_id: int | None,
    *,
    text: str = "",
    start: date | None = None,
) -> list[Requirement]:
    """Each deadline that asks the office's units to send something becomes a proposed requirement.

    `start` is the day the document counts from (its issue date, else the day it arrived): a
    recurring rule's first period is the first due date after it. Deadlines owed by no configured
    unit (e.g. the office's own deadline towards the province) are not requirements here.
    """
    start = fields.issue_date or start
    out: list[Requirement] = []
    seen: set[tuple] = set()
    for d in fields.deadlines:
        if not is_report_deadline(d):
            continue
        unit_ids = units_of_deadline(d, org)
        if not unit_ids:
            continue
        recurrence = d.recurrence if d.recurrence in RECURRENCES else None
        due = d.date
        if recurrence and start is not None and (due is None or due <= start):
            due = first_due_after(recurrence, d.rule, start)
        if due is None:
            continue  # no day can be known (a draft): the clerk adds it by hand
        rule = dict(d.rule) if d.rule else None
        end = find_end_date(fields.title_summary, text, start or due) if recurrence else None
        key = (recurrence, due, tuple(unit_ids))
        if key in seen:
            continue
        seen.add(key)
        out.append(
            Requirement(
                id=None,
                source_document_id=source_document_id,
                source_number_symbol=source_number_symbol or fields.number_symbol,
                what=(d.what or d.date_or_rule or "").strip() or "Báo cáo",
                to_whom=d.to_whom or "",
                recurrence=recurrence,
                due_date=due,
                rule=rule,
                end_date=end if end and end >= due else None,
                unit_ids=unit_ids,
                confirmed=False,
                closed=False,
                source_title=fields.title_summary,
            )
        )
    return out
