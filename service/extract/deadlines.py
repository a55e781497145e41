"""Deadlines (thời hạn): when, what, who, to whom, once or recurring.

Each rule (``deadline_rules``) is a generator of candidates (a time phrase found, with its date
resolved); one place, ``to_deadline``, turns a candidate into a ``Deadline`` with its clause's duty and
parties. The time phrases themselves are the grammar of ``when``; task tables are read by
``task_tables``.
"""

from __future__ import annotations

import re
from dataclasses import replace

from service.extract.clauses import (
    Parties,
    duty_span,
    labelled_item,
    parties_named,
    read_clause,
    read_parties,
    ws_compile,
)
from service.extract.deadline_rules import TEXT_RULES, Candidate, Scope
from service.extract.events import read_events
from service.extract.task_tables import TaskRow, find_task_tables, row_candidates
from service.models import Deadline, Event
from service.text.match import clean_space
from service.text.normalize import fast_fold
from service.text.restore import restore_names

__all__ = ["Candidate", "Scope", "read_deadlines", "to_deadline"]


def read_deadlines(scope: Scope) -> tuple[list[Deadline], list[Event]]:
    """The body's deadlines (task tables' rows first, then what the text's rules find) and events."""
    candidates, skip = _task_candidates(scope)
    scope = replace(scope, skip=skip)
    for rule in TEXT_RULES:
        candidates.extend(c for c in rule(scope) if not scope.skipped(c.pos))
    candidates = _drop_covered(scope, candidates)
    # A task table's rows are each their own duty, however many share a day; the text's rules
    # may find one deadline twice.
    rows = [d for d in (to_deadline(scope, c) for c in candidates if c.task) if d is not None]
    rows = [d for k, d in enumerate(rows) if d not in rows[:k]]
    found = [d for d in (to_deadline(scope, c) for c in candidates if not c.task) if d is not None]
    return _dedupe(rows + found, len(rows)), read_events(scope.doc, (scope.lo, scope.hi))


def _task_candidates(s: Scope) -> tuple[list[Candidate], tuple[tuple[int, int], ...]]:
    """Each task table's rows as candidates, and the tables' spans (the text's rules skip them)."""
    candidates: list[Candidate] = []
    spans: list[tuple[int, int]] = []
    for table, columns, span in find_task_tables(s.doc):
        if span is not None:
            spans.append(span)
        for row in row_candidates(table, columns, s.anchor, exact=s.exact):
            candidates.append(Candidate(span[0] if span else s.lo, (0, 0), *row))
    return candidates, tuple(spans)


_ITEM_MARK = re.compile(r"\n\s*(?:\d{1,2}\s*[.)]|[a-zđ]\)|[-+•])\s")


def _item_span(f: str, pos: int, lo: int, hi: int) -> tuple[int, int]:
    """The list item (or paragraph) holding ``pos``."""
    start = lo
    for m in _ITEM_MARK.finditer(f, max(lo, pos - 1500), pos + 1):
        start = m.start()
    end = _ITEM_MARK.search(f, pos, min(hi, pos + 1500))
    return start, end.start() if end else min(hi, pos + 1500)


def _drop_covered(s: Scope, candidates: list[Candidate]) -> list[Candidate]:
    """A recurring duty without its day is dropped where its item states the same rule with a day."""
    dated = [c for c in candidates if c.recurrence and (c.rule or c.when)]
    kept = []
    for c in candidates:
        if c.recurrence and not (c.rule or c.when) and c.task is None:
            item = _item_span(s.doc.folded, c.pos, s.lo, s.hi)
            if any(d.recurrence == c.recurrence and item[0] <= d.pos < item[1] for d in dated):
                continue
        kept.append(c)
    return kept


# --- candidate → Deadline ------------------------------------------------------------------------

# A clause that names no duty of its own, only that it is to be done ("Thực hiện trong tháng 11").
_GENERIC_DUTY = ws_compile(r"(?:thuc hien|hoan thanh|trien khai|thoi han|thoi gian(?: thuc hien)?|tien do)")
_REPORT = re.compile(
    r"bao\s+cao|gui\b|so\s+lieu|danh\s+sach|ho\s+so|gop\s+y|y\s+kien|ke\s+hoach|tin,\s+bai|de\s+xuat"
)


def to_deadline(s: Scope, c: Candidate) -> Deadline | None:
    """The deadline of a candidate: its duty (what), its doers (who), to whom; None for a date
    before the document (a reference, not a deadline)."""
    if c.when is not None and s.anchor is not None and c.when < s.anchor:
        return None
    if c.task is not None:
        return _task_deadline(s, c, c.task)
    doc, f = s.doc, s.doc.folded
    clause_lo, clause_hi = read_clause(f, c.pos, s.lo, s.hi)
    p = read_parties(doc, clause_lo, clause_hi, c.pos, (s.lo, s.hi), s.org)
    what_lo, what_hi = duty_span(f, clause_lo, clause_hi, *c.phrase)
    item = labelled_item(doc, c.pos, s.lo, s.hi)  # "- Thời hạn: …" under its task's heading
    if item and item.heading:
        what_lo, what_hi = item.heading
    if item and item.doers:
        p = parties_named(item.doers, item.support, s.org, p.to_whom)
    what = _clean(s, doc.text[what_lo:what_hi])
    if _GENERIC_DUTY.fullmatch(fast_fold(what)) and not (item and item.heading):
        what = _duty_before(s, clause_lo) or what
    if len(what) < 8:  # nothing but the verb: keep the whole clause
        what = _clean(s, doc.text[clause_lo:clause_hi])
    is_report = bool(
        _REPORT.search(f, clause_lo, clause_hi)
        or (item and item.heading and _REPORT.search(f, *item.heading))
    )
    phrase = clean_space(restore_names(doc.text[c.phrase[0] : c.phrase[1]], s.names))
    return _deadline(c, p, phrase, what, restore_names(p.to_whom, s.names), is_report)


def _task_deadline(s: Scope, c: Candidate, task: TaskRow) -> Deadline:
    p = parties_named(task.lead, task.support, s.org, task.to_whom, leads=True)
    what = clean_space(restore_names(task.what, s.names))
    to_whom = restore_names(task.to_whom, s.names)
    return _deadline(
        c, p, clean_space(task.time_text), what, to_whom, bool(_REPORT.search(fast_fold(task.what)))
    )


def _deadline(c: Candidate, p: Parties, phrase: str, what: str, to_whom: str, is_report: bool) -> Deadline:
    return Deadline(
        date_or_rule=phrase,
        date=c.when,
        what=what[:1].upper() + what[1:],
        who=p.who_text,
        to_whom=to_whom,
        recurrence=c.recurrence,
        rule=c.rule,
        unit_ids=p.who.unit_ids,
        lead_unit_ids=p.who.lead_unit_ids,
        group_ids=p.who.group_ids,
        is_report=is_report,
        confidence=c.confidence,
    )


def _clean(s: Scope, text: str) -> str:
    return clean_space(restore_names(text, s.names)).strip(" ,;:.-+")


def _duty_before(s: Scope, clause_lo: int) -> str:
    """ "… để nâng cao tỷ lệ thanh toán. Thực hiện trong tháng 11": the item's sentence before."""
    item_lo = _item_span(s.doc.folded, clause_lo, s.lo, s.hi)[0]
    if item_lo >= clause_lo:
        return ""
    before = re.sub(
        r"^\s*(?:[ivx]+\.|\d{1,2}(?:\.\d{1,2})*\s*[.)]|[a-zđ]\)|[-+•])\s*", "", s.doc.text[item_lo:clause_lo]
    )
    before = _clean(s, before)
    return before if len(before) >= 8 else ""


def _dedupe(items: list[Deadline], kept: int = 0) -> list[Deadline]:
    """Without a deadline found again (the same day and recurrence); the first ``kept`` stay."""
    out: list[Deadline] = items[:kept]
    for d in items[kept:]:
        if not any(
            x.date == d.date and x.recurrence == d.recurrence and (d.date is not None or x.what == d.what)
            for x in out
        ):
            out.append(d)
    return out
