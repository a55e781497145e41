"""Deadlines (thời hạn): when, what, who, to whom, once or recurring.

Each rule is a generator of candidates (a time phrase found, with its date resolved); one place,
``to_deadline``, turns a candidate into a ``Deadline`` with its clause's duty and parties. The time
phrases themselves are the grammar of ``when``; task tables are read by ``task_tables``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from service.extract.clauses import (
    duty_span,
    labelled_item,
    parties_named,
    read_clause,
    read_parties,
    ws_compile,
)
from service.extract.document import Doc
from service.extract.events import read_events
from service.extract.task_tables import TaskRow, find_task_tables, row_candidates
from service.extract.when import (
    AMBIGUOUS,
    FORM,
    NEXT_YEAR,
    PERIOD_PHRASE,
    PHRASE,
    RANGE_END,
    RECUR,
    DateForm,
    clear_recurrence,
    date_form,
    find_recurrence,
    one_date,
    recurrence_at,
    resolve,
)
from service.models import Deadline, Event, Organisation, WorkCalendar
from service.text.dates import NAM, add_working_days
from service.text.match import clean_space
from service.text.normalize import fast_fold
from service.text.restore import restore_names


@dataclass
class Scope:
    """What every rule reads: the document, the body's span, the document's date."""

    doc: Doc
    lo: int
    hi: int
    anchor: date | None  # the issue date; for a draft its month or year
    exact: bool  # the anchor is the real issue date
    org: Organisation | None
    holidays: Sequence[date] | WorkCalendar
    names: tuple[str, ...]
    skip: list[tuple[int, int]] = field(default_factory=list)  # task tables, read by their cells

    def skipped(self, pos: int) -> bool:
        return any(a <= pos < b for a, b in self.skip)


@dataclass(frozen=True)
class Candidate:
    """A deadline found by a rule, before its duty and parties are read."""

    pos: int  # where its date form (or marker) stands in the text
    phrase: tuple[int, int]  # the time phrase's span, kept out of the duty
    when: date | None
    recurrence: str | None = None
    rule: dict | None = None
    confidence: float = 0.8
    task: TaskRow | None = None  # a task table's row names its own duty and parties


def read_deadlines(
    doc: Doc,
    body: tuple[int, int],
    anchor: date | None,
    *,
    exact_anchor: bool,
    org: Organisation | None,
    holidays: Sequence[date] | WorkCalendar,
    names: Sequence[str],
) -> tuple[list[Deadline], list[Event]]:
    scope = Scope(doc, body[0], body[1], anchor, exact_anchor, org, holidays, tuple(names))
    candidates: list[Candidate] = []
    for table, columns, span in find_task_tables(doc):
        if span is not None:
            scope.skip.append(span)
        for row in row_candidates(table, columns, anchor, exact=exact_anchor):
            candidates.append(Candidate(span[0] if span else body[0], (0, 0), *row))
    for rule in TEXT_RULES:
        candidates.extend(c for c in rule(scope) if not scope.skipped(c.pos))
    candidates = _drop_covered(scope, candidates)
    # A task table's rows are each their own duty, however many share a day; the text's rules
    # may find one deadline twice.
    rows = [d for d in (to_deadline(scope, c) for c in candidates if c.task) if d is not None]
    rows = [d for k, d in enumerate(rows) if d not in rows[:k]]
    found = [d for d in (to_deadline(scope, c) for c in candidates if not c.task) if d is not None]
    return _dedupe(rows + found, len(rows)), read_events(doc, body)


# --- the rules ---------------------------------------------------------------------------------


def marked_days(s: Scope) -> Iterator[Candidate]:
    """A day followed by its recurrence, cue or not: "ngày 10 tháng 11 hằng năm", "ngày 05 hằng tháng"."""
    f = s.doc.folded
    for marker in RECUR.finditer(f, s.lo, s.hi):
        # the date form that ends where the marker starts (found from the marker: cheaper than
        # trying every date form of the body)
        m = next(
            (
                x
                for x in FORM.finditer(f, max(s.lo, marker.start() - 30), marker.start())
                if f.startswith("ng", x.start()) and _GAP.fullmatch(f, x.end(), marker.start())
            ),
            None,
        )
        if m is None:
            continue
        rec = recurrence_at(f, m.end())
        form = date_form(m) if rec else None
        if rec is None or form is None or form.kind not in ("day", "day_of_month"):
            continue
        due = resolve(form, rec, s.anchor, exact=s.exact)
        if due is not None and due.recurrence:
            yield Candidate(
                m.start(), (_cue_before(f, m.start()), rec.end), due.date, due.recurrence, due.rule
            )


_GAP = re.compile(r"[\s,]*")


def cued_phrases(s: Scope) -> Iterator[Candidate]:
    """Cue, optional time of day, date form; the clause's recurrence marker wherever it stands. One
    cue may govern several days ("trước ngày 15/6 và 15/12 hằng năm")."""
    f = s.doc.folded
    for m in PHRASE.finditer(f, s.lo, s.hi):
        form, end = date_form(m), m.end()
        while form is not None:
            candidate = _cued(s, m, form, end)
            if candidate is not None:
                yield candidate
            more = _AND_FORM.match(f, end, s.hi)
            following = FORM.match(f, more.end(), s.hi) if more else None
            form = date_form(following) if following else None
            end = following.end() if following else end


_AND_FORM = re.compile(r"\s*(?:,|va|hoac)\s*(?=(?:ngay\s*)?\d)")


def _cued(s: Scope, m: re.Match, form: DateForm, end: int) -> Candidate | None:
    f = s.doc.folded
    cue = fast_fold(m.group("cue"))
    if form.kind in ("year", "month", "quarter", "half") and not _period_allowed(f, m, form, s.lo):
        return None
    c_lo, c_hi = read_clause(f, form.start, s.lo, s.hi)
    found = find_recurrence(f, c_lo, c_hi, near=(form.start, form.end))
    if found is AMBIGUOUS and form.year is None and form.kind != "day":
        return None  # "định kỳ 6 tháng, hằng năm hoặc đột xuất … trong tháng 12": no one rule
    rec = None if found is AMBIGUOUS else found
    next_year = bool(NEXT_YEAR.match(f, form.end)) and form.kind == "day" and form.year is None
    due = resolve(form, rec, s.anchor, exact=s.exact, next_year=next_year)
    if due is None:
        return None
    stop = end
    if rec and due.recurrence and form.end <= rec.start <= form.end + 15:
        stop = rec.end  # "trước ngày 10 tháng 11 hằng năm": the marker is part of the phrase
    confidence = 0.9 if form.year is not None or due.recurrence else 0.6
    if cue.startswith(("thoi han", "thoi gian")):
        confidence = max(confidence, 0.8)
    return Candidate(form.start, (m.start(), stop), due.date, due.recurrence, due.rule, confidence)


def range_ends(s: Scope) -> Iterator[Candidate]:
    """A labelled window's end: "Thời gian nộp hồ sơ: từ ngày 01/11/2025 đến ngày 30/11/2025"."""
    f = s.doc.folded
    for m in RANGE_END.finditer(f, s.lo, s.hi):
        form_m = FORM.match(f, m.end())
        form = date_form(form_m) if form_m else None
        when = one_date(form, s.anchor) if form and form.kind != "weekday" else None
        if form is not None and when is not None:
            yield Candidate(form.start, (m.start(), form.end), when, confidence=0.8)


def periods(s: Scope) -> Iterator[Candidate]:
    """A period a duty must be done within: "trong Quý I/2026", "hoàn thành trong tháng 02/2026"."""
    f = s.doc.folded
    for m in PERIOD_PHRASE.finditer(f, s.lo, s.hi):
        form = date_form(m)
        if form is None or form.kind not in ("month", "quarter", "half", "year"):
            continue
        if not _period_allowed(f, m, form, s.lo):
            continue
        rec = None
        if form.year is None:
            c_lo, c_hi = read_clause(f, form.start, s.lo, s.hi)
            rec = clear_recurrence(f, c_lo, c_hi, near=(form.start, form.end))
            if rec is None and not m.group("cue").startswith("hoan"):
                continue  # "trong tháng 11" alone may tell what happened; a duty says "hoàn thành"
        due = resolve(form, rec, s.anchor, exact=s.exact)
        if due is not None and (due.date is not None or due.recurrence):
            end = rec.end if rec and form.end <= rec.start <= form.end + 15 else m.end()
            yield Candidate(m.start(), (m.start(), end), due.date, due.recurrence, due.rule, confidence=0.7)


_PERIOD_HEAD = re.compile(
    rf"(?m)^\s*(?:\d{{1,2}}\s*[.)]|[a-z]\))?\s*(?P<form>quy\s+(?:[ivx]+|\d)\s*/\s*(?:19|20)\d\d"
    rf"|{NAM}\s+(?:19|20)\d\d)\s*[:,]"
)


def period_heads(s: Scope) -> Iterator[Candidate]:
    """A schedule item headed by its period: "2. Năm 2023: …", "b) Quý I/2027, …"."""
    f = s.doc.folded
    for m in _PERIOD_HEAD.finditer(f, s.lo, s.hi):
        form_m = FORM.match(f, m.start("form"))
        form = date_form(form_m) if form_m else None
        when = one_date(form, s.anchor) if form else None
        if when is not None:
            yield Candidate(m.end(), (m.start("form"), m.end("form")), when, confidence=0.6)


# (every space matches a line's end too: "trong thời\nhạn 5 ngày" wraps in a text PDF)
_RELATIVE = ws_compile(
    r"(?:trong|cham nhat|sau)\s+(?:thoi han|vong)?\s*(?P<n>\d{1,3})\s*ngay\s*(?P<work>lam viec)?\s*,?\s*"
    r"(?:ke\s*)?tu\s+(?:ngay\s+|khi\s+)?(?P<start>ky|ban hanh|nhan duoc|van ban (?:nay )?co hieu luc)?"
)


def relative_days(s: Scope) -> Iterator[Candidate]:
    """N (working) days from signing or issue: counted from the document's date; from receipt or
    any other start that cannot be known here: no date, the rule kept."""
    f = s.doc.folded
    for m in _RELATIVE.finditer(f, s.lo, s.hi):
        n, working, start = (
            int(m.group("n")),
            bool(m.group("work")),
            " ".join((m.group("start") or "").split()),
        )
        when = None
        if start in ("ky", "ban hanh") and s.anchor and s.exact:
            when = add_working_days(s.anchor, n, s.holidays) if working else s.anchor + timedelta(days=n)
        origin = {"ky": "signing", "ban hanh": "issue", "nhan duoc": "receipt"}.get(start, "other")
        rule = {"days": n, "working": working, "from": origin}
        yield Candidate(m.start(), (m.start(), m.end()), when, rule=rule, confidence=0.7 if when else 0.5)


_ACTION = re.compile(
    r"bao\s+cao|gui\b|nop\b|cong\s+khai|cap\s+nhat|tong\s+hop|tin,\s+bai|danh\s+sach|so\s+lieu|de\s+xuat|"
    r"thong\s+tin|ban\s+hanh|danh\s+gia|kiem\s+tra"
)


def recurring_duties(s: Scope) -> Iterator[Candidate]:
    """A duty recurring without a day: "định kỳ hằng tuần báo cáo …", "gửi tin, bài hằng quý"."""
    f = s.doc.folded
    for m in RECUR.finditer(f, s.lo, s.hi):
        lead = re.search(r"dinh\s+ky\s*$", f[max(s.lo, m.start() - 12) : m.start()])
        if m.group("kind") == "nam" and not lead:
            continue  # "chỉ số … hằng năm" names a yearly thing; only "định kỳ hằng năm" is a duty
        c_lo, c_hi = read_clause(f, m.start(), s.lo, s.hi)
        rec = clear_recurrence(f, c_lo, c_hi)
        if rec is None or rec.kind == "half_yearly" or not _ACTION.search(f, c_lo, c_hi):
            continue
        start = max(s.lo, m.start() - 12) + lead.start() if lead else m.start()
        yield Candidate(m.start(), (start, m.end()), None, rec.kind, None, 0.6)


TEXT_RULES: tuple[Callable[[Scope], Iterator[Candidate]], ...] = (
    marked_days,
    cued_phrases,
    range_ends,
    periods,
    period_heads,
    relative_days,
    recurring_duties,
)


def _period_allowed(f: str, m: re.Match, form, lo: int) -> bool:
    """A period is a deadline, not a start ("từ tháng 01/2026"), not what a report covers ("kết quả
    thực hiện trong tháng 01 năm 2025"); a year only where the clause says "hoàn thành"."""
    start = m.start()
    if re.search(r"\btu\s*$", f[max(lo, start - 4) : start]):
        return False
    if re.search(r"(?:ket qua|tinh hinh)[^,;.]*$", f[max(lo, start - 40) : start]) and not recurrence_at(
        f, form.end
    ):
        return False  # "kết quả thực hiện trong tháng 01": the period a report covers
    if form.kind == "year" and not f.startswith("cuoi", form.start):  # "cuối năm" is an end already
        back = f[max(lo, start - 120) : start]
        if "hoan thanh" not in back and not fast_fold(m.group("cue")).startswith(("hoan thanh", "thoi")):
            return False
        if re.match(r"\s*(?:va|den|-)", f[form.end : form.end + 6]):
            return False  # "năm 2025 và những năm tiếp theo", "2025 - 2030": a span, not an end
    return True


def _cue_before(f: str, pos: int) -> int:
    m = re.search(
        r"(?:tr[uw][o0-9]?[ce]|cham\s+nhat(?:\s+la)?(?:\s+vao)?|han\s+chot)\s*$", f[max(0, pos - 25) : pos]
    )
    return max(0, pos - 25) + m.start() if m else pos


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
    return Deadline(
        date_or_rule=clean_space(restore_names(doc.text[c.phrase[0] : c.phrase[1]], s.names)),
        date=c.when,
        what=what[:1].upper() + what[1:],
        who=p.who_text,
        to_whom=restore_names(p.to_whom, s.names),
        recurrence=c.recurrence,
        rule=c.rule,
        unit_ids=p.who.unit_ids,
        lead_unit_ids=p.who.lead_unit_ids,
        group_ids=p.who.group_ids,
        is_report=is_report,
        confidence=c.confidence,
    )


def _task_deadline(s: Scope, c: Candidate, task: TaskRow) -> Deadline:
    p = parties_named(task.lead, task.support, s.org, task.to_whom, leads=True)
    what = clean_space(restore_names(task.what, s.names))
    return Deadline(
        date_or_rule=clean_space(task.time_text),
        date=c.when,
        what=what[:1].upper() + what[1:],
        who=p.who_text,
        to_whom=restore_names(task.to_whom, s.names),
        recurrence=c.recurrence,
        rule=c.rule,
        unit_ids=p.who.unit_ids,
        lead_unit_ids=p.who.lead_unit_ids,
        group_ids=p.who.group_ids,
        is_report=bool(_REPORT.search(fast_fold(task.what))),
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
