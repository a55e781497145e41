"""The deadline rules (quy tắc đọc thời hạn): each one a generator of candidates from a Scope, a time
phrase found with its date resolved, testable alone with a Scope built on a string. The grammar of the
time phrases is ``when``'s; ``deadlines`` runs the rules and makes each candidate a ``Deadline``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from service.extract.clauses import read_clause, ws_compile
from service.extract.document import Doc
from service.extract.task_tables import TaskRow
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
from service.models import Organisation, WorkCalendar
from service.text.dates import NAM, add_working_days
from service.text.normalize import fast_fold


@dataclass(frozen=True)
class Scope:
    """What every rule reads (and what ``read_deadlines`` is given): the document, the body's span, the
    document's date, the office's units, its working days and the names to restore."""

    doc: Doc
    lo: int
    hi: int
    anchor: date | None  # the issue date; for a draft its month or year
    exact: bool  # the anchor is the real issue date
    org: Organisation | None
    holidays: Sequence[date] | WorkCalendar
    names: tuple[str, ...]
    skip: tuple[tuple[int, int], ...] = ()  # task tables, read by their cells

    def skipped(self, pos: int) -> bool:
        return any(a <= pos < b for a, b in self.skip)

    def find(self, pattern: re.Pattern[str]) -> Iterator[re.Match[str]]:
        """The pattern's matches in the body's folded text."""
        return pattern.finditer(self.doc.folded, self.lo, self.hi)


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


def marked_days(s: Scope) -> Iterator[Candidate]:
    """A day followed by its recurrence, cue or not: "ngày 10 tháng 11 hằng năm", "ngày 05 hằng tháng"."""
    f = s.doc.folded
    for marker in s.find(RECUR):
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
    for m in s.find(PHRASE):
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
    for m in s.find(RANGE_END):
        found = _date_at(s, m.end(), weekday=False)
        if found is not None:
            form, when = found
            yield Candidate(form.start, (m.start(), form.end), when, confidence=0.8)


def _date_at(s: Scope, pos: int, *, weekday: bool) -> tuple[DateForm, date] | None:
    """The date form that starts at ``pos`` and its one date (a weekday's only where ``weekday``)."""
    form_m = FORM.match(s.doc.folded, pos)
    form = date_form(form_m) if form_m else None
    if form is None or (form.kind == "weekday" and not weekday):
        return None
    when = one_date(form, s.anchor)
    return (form, when) if when is not None else None


def periods(s: Scope) -> Iterator[Candidate]:
    """A period a duty must be done within: "trong Quý I/2026", "hoàn thành trong tháng 02/2026"."""
    f = s.doc.folded
    for m in s.find(PERIOD_PHRASE):
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
    for m in s.find(_PERIOD_HEAD):
        found = _date_at(s, m.start("form"), weekday=True)
        if found is not None:
            yield Candidate(m.end(), (m.start("form"), m.end("form")), found[1], confidence=0.6)


# (every space matches a line's end too: "trong thời\nhạn 5 ngày" wraps in a text PDF)
_RELATIVE = ws_compile(
    r"(?:trong|cham nhat|sau)\s+(?:thoi han|vong)?\s*(?P<n>\d{1,3})\s*ngay\s*(?P<work>lam viec)?\s*,?\s*"
    r"(?:ke\s*)?tu\s+(?:ngay\s+|khi\s+)?(?P<start>ky|ban hanh|nhan duoc|van ban (?:nay )?co hieu luc)?"
)


def relative_days(s: Scope) -> Iterator[Candidate]:
    """N (working) days from signing or issue: counted from the document's date; from receipt or
    any other start that cannot be known here: no date, the rule kept."""
    for m in s.find(_RELATIVE):
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
    for m in s.find(RECUR):
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
