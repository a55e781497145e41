"""Recognise an incoming document as a unit's submission (báo cáo) for a requirement. Pure.

A document that cites a requirement's source document ("Thực hiện Kế hoạch số 904/KH-UBND …",
also OCR'd as "904KH-UBND") is a submission for it; failing a citation, one whose type, summary
and date fit an open requirement closely is proposed. Only a link that is certain on every count
(which requirement, which unit, which period, that it is a report) is made without the clerk.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from service.models import Organisation, Requirement
from service.text import fold
from service.tracking.periods import (
    assign_period,
    date_fits,
    earliest_report_day,
    nearest_period,
    report_day,
)
from service.tracking.units import is_organisation, match_unit_scored, normalise_name

_NS = re.compile(r"^\s*0*(\d+)\s*/\s*(.+?)\s*$")
# OCR reads 0 as o and 1 as l; a slash is often lost or read as l, I, 1 or |.
_DIGIT_CLASS = {"0": "[0o]", "1": "[1li]"}
_SLASH = r"\s*[/|\\]?\s*"
_SEP = r"\s*[-\u2013\u2014_./]?\s*"
# Words every report's summary has ("báo cáo tình hình thực hiện nhiệm vụ năm …"): they say nothing
# about which requirement a report answers.
_STOP = frozenset(
    [
        "va",
        "cac",
        "cua",
        "ve",
        "cho",
        "theo",
        "tai",
        "tren",
        "voi",
        "nam",
        "so",
        "ngay",
        "thang",
        "nhung",
        "la",
        "de",
        "den",
        "trong",
        "tu",
        "nhu",
        "sau",
        "bao",
        "cao",
        "tinh",
        "hinh",
        "ket",
        "qua",
        "thuc",
        "hien",
        "to",
        "chuc",
        "cong",
        "tac",
        "nhiem",
        "vu",
        "giai",
        "doan",
        "dinh",
        "ky",
        "trien",
        "khai",
        "ubnd",
        "uy",
        "ban",
        "nhan",
        "dan",
        "huyen",
        "xa",
        "thi",
        "tran",
        "phong",
    ]
)
HEADER_LINES = 6  # the issuing body sits in the first lines; "Kính gửi" lists come later
SIMILAR_MIN = 0.6  # share of a summary's telling words the requirement must have
SIMILAR_WORDS = 4  # and at least this many of them
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


def ns_key(number_symbol: str | None) -> str:
    """A number-symbol in the form two spellings of it share: "904/KH-UBND" → "904khubnd"."""
    s = fold(number_symbol or "")
    m = _NS.match(s)
    if not m:
        return re.sub(r"[^a-z0-9&]", "", s)
    return m.group(1) + re.sub(r"[^a-z0-9&]", "", m.group(2))


def ns_pattern(number_symbol: str | None) -> re.Pattern | None:
    """A pattern finding a number-symbol in folded text, tolerant of OCR noise."""
    m = _NS.match(fold(number_symbol or ""))
    if not m:
        return None
    number = "".join(_DIGIT_CLASS.get(c, c) for c in m.group(1))
    parts = [re.escape(p) for p in re.split(r"[\s\-/\u2013\u2014_.]+", m.group(2)) if p]
    if not parts:
        return None
    return re.compile(rf"(?<![0-9a-z])0*{number}{_SLASH}{_SEP.join(parts)}(?![a-z0-9])")


def cites(text: str, reference_symbols: list[str], number_symbol: str | None) -> bool:
    """The document cites `number_symbol`, in its extracted references or anywhere in its text."""
    key = ns_key(number_symbol)
    if not key:
        return False
    if any(ns_key(r) == key for r in reference_symbols if r):
        return True
    pattern = ns_pattern(number_symbol)
    return bool(pattern and pattern.search(fold(text or "")))


def _words(text: str) -> set[str]:
    return {w for w in normalise_name(text).split() if w not in _STOP and not w.isdigit() and len(w) > 1}


def similarity(summary: str, req: Requirement, issuer: str | None = None) -> float:
    """The share of a summary's telling words found in the requirement's task and source title.

    The issuer's own name is left out (a summary read with the next line may carry it).
    """
    mine = _words(summary) - _words(issuer or "")
    if len(mine) < SIMILAR_WORDS:
        return 0.0
    theirs = _words(req.what) | _words(req.source_title or "")
    shared = len(mine & theirs)
    return shared / len(mine) if shared >= SIMILAR_WORDS else 0.0


def named_period(summary: str, recurrence: str | None) -> str | None:
    """A period the summary names itself: "… năm 2023", "quý III năm 2023", "tháng 5/2023"."""
    s = fold(summary or "")
    found: set[str] = set()
    if recurrence == "yearly":
        found = {m.group(1) for m in re.finditer(r"\bnam\s+(20\d\d)\b(?!\s*[-\u2013\u2014]\s*20\d\d)", s)}
    elif recurrence == "quarterly":
        for m in re.finditer(r"\bquy\s+(iv|iii|ii|i|[1-4])\s*(?:/|nam)\s*(20\d\d)\b", s):
            q = _ROMAN.get(m.group(1)) or int(m.group(1))
            found.add(f"{m.group(2)}-Q{q}")
    elif recurrence == "monthly":
        for m in re.finditer(r"\bthang\s+(\d{1,2})\s*(?:/|nam)\s*(20\d\d)\b", s):
            if 1 <= int(m.group(1)) <= 12:
                found.add(f"{m.group(2)}-{int(m.group(1)):02d}")
    return found.pop() if len(found) == 1 else None


def is_report(doc_type: str | None, summary: str | None, number_symbol: str | None) -> bool:
    """The document is a report (báo cáo) by its type, its summary or its symbol (…/BC-…)."""
    if "bao cao" in fold(doc_type or ""):
        return True
    if fold(summary or "").lstrip().startswith("bao cao"):
        return True
    return bool(re.search(r"/\s*bc\b", fold(number_symbol or "")))


@dataclass
class Candidate:
    """What matching needs to know of an incoming document."""

    text: str
    doc_type: str | None
    title_summary: str | None
    number_symbol: str | None
    issuer: str | None
    issue_date: date | None
    received_on: date
    sender_unit_id: str | None = None
    reference_symbols: list[str] = field(default_factory=list)
    document_id: int | None = None


@dataclass
class Link:
    """A proposed or certain link of a document to a unit's period of a requirement."""

    requirement_id: int
    unit_id: str
    period: str
    certain: bool
    confidence: float
    reasons: list[str] = field(default_factory=list)


def find_sender(cand: Candidate, org: Organisation) -> tuple[str | None, bool]:
    """The sending unit: the inbox subfolder, else the issuer, else a name in the header (uncertain)."""
    if cand.sender_unit_id and org.unit(cand.sender_unit_id):
        return cand.sender_unit_id, True
    m = match_unit_scored(cand.issuer, org)
    if m.unit_id:
        return m.unit_id, m.certain
    # no issuer read: look for a unit's name in the header (first lines), but only propose
    head = "\n".join((cand.text or "").splitlines()[:HEADER_LINES])
    in_head = match_unit_scored(head, org) if head else None
    if in_head and in_head.unit_id and in_head.score >= 0.96:
        return in_head.unit_id, False
    return None, False


def match_submission(
    cand: Candidate,
    requirements: list[Requirement],
    org: Organisation,
    taken: dict[tuple[int, str], set[str]] | None = None,
) -> Link | None:
    """The best link of a document to a requirement, or None if it is no unit's submission.

    `taken` maps (requirement id, unit id) to the periods already reported for.
    """
    taken = taken or {}
    open_reqs = open_requirements(cand, requirements)
    if not open_reqs:
        return None
    if not cand.sender_unit_id and is_organisation(cand.issuer, org):
        return None  # the office's own document (a reminder, a plan) is nobody's report
    unit_id, unit_certain = find_sender(cand, org)
    day = report_day(cand.issue_date, cand.received_on)
    report = is_report(cand.doc_type, cand.title_summary or "", cand.number_symbol)
    choice = by_citation(cand, open_reqs, day[0])
    if choice is None and unit_id is not None:
        choice = by_likeness(cand, open_reqs, day[0], report)
    if choice is None:
        return None
    req = choice.req
    rid = req.id
    assert rid is not None  # open_reqs holds stored requirements only
    if unit_id is None:
        if not choice.cited or (cand.issuer or "").strip():
            return None  # a body that is none of the office's units
        unit_id = ""  # cited, but the sender could not be read: the clerk names it
    unit_taken = taken.get((rid, unit_id), set())
    found = report_period(cand, req, day, unit_taken, cited=choice.cited)
    if found is None:
        return None
    period, period_certain, reasons = found
    owes = unit_id in req.unit_ids
    already = period in unit_taken
    reasons = [
        choice.reason,
        *reasons,
        *_doubts(unit_id, unit_certain, owes, period_certain, report, already),
    ]
    certain = (
        choice.cited and choice.unique and unit_certain and period_certain and owes and report and not already
    )
    return Link(
        requirement_id=rid,
        unit_id=unit_id,
        period=period,
        certain=certain,
        confidence=1.0 if certain else min(choice.confidence, 0.8),
        reasons=reasons,
    )


@dataclass(frozen=True)
class Choice:
    """The requirement a document answers, and how sure: by a citation, or by a likeness alone."""

    req: Requirement
    cited: bool
    unique: bool  # no other cited requirement fits nearly as well
    confidence: float
    reason: str


def open_requirements(cand: Candidate, requirements: list[Requirement]) -> list[Requirement]:
    """The stored, open requirements a document may answer: not those it is the source of itself."""
    own = ns_key(cand.number_symbol)
    return [
        r
        for r in requirements
        if r.id is not None
        and not r.closed
        and (cand.document_id is None or r.source_document_id != cand.document_id)
        and not (own and ns_key(r.source_number_symbol) == own)
    ]


def by_citation(cand: Candidate, open_reqs: list[Requirement], on: date) -> Choice | None:
    """The cited requirement (the best fitting one if several are cited), or None."""
    summary = cand.title_summary or ""
    cited = [r for r in open_reqs if cites(cand.text, cand.reference_symbols, r.source_number_symbol)]
    if not cited:
        return None

    def fit(r: Requirement) -> float:
        return similarity(summary, r, cand.issuer)

    scored = sorted(cited, key=lambda r: (fit(r), date_fits(r, on)), reverse=True)
    req = scored[0]
    unique = len(cited) == 1 or fit(scored[0]) > fit(scored[1]) + 0.2
    return Choice(req, True, unique, 0.9, f"trích dẫn {req.source_number_symbol}")


def by_likeness(cand: Candidate, open_reqs: list[Requirement], on: date, report: bool) -> Choice | None:
    """Failing a citation, the report's requirement whose summary and dates it fits best (never certain)."""
    summary = cand.title_summary or ""
    fits = [(similarity(summary, r, cand.issuer), r) for r in open_reqs if date_fits(r, on)]
    fits = [(s, r) for s, r in fits if s >= SIMILAR_MIN and report]
    if not fits:
        return None
    fits.sort(key=lambda sr: sr[0], reverse=True)
    score, req = fits[0]
    reason = f"giống yêu cầu {req.source_number_symbol or req.id} ({score:.0%})"
    return Choice(req, False, False, round(0.4 + 0.4 * score, 2), reason)


def report_period(
    cand: Candidate, req: Requirement, day: tuple[date, str | None], taken: set[str], *, cited: bool
) -> tuple[str, bool, list[str]] | None:
    """The period a report answers (from ``report_day``'s day and doubt), whether that is certain,
    and why not; None when no period fits and nothing cites the requirement."""
    on, doubt = day
    earliest = earliest_report_day(req)
    if doubt and earliest and on < earliest:  # older than the requirement itself: a misread year
        on = cand.received_on
        doubt = f"ngày văn bản {cand.issue_date:%d/%m/%Y} có trước yêu cầu: tính theo ngày đến"
    named = named_period(cand.title_summary or "", req.recurrence)
    period, period_certain = assign_period(req, on, named, taken)
    reasons = []
    if period is None and cited:
        # A citation is never dropped: the nearest period is proposed, for the clerk to judge.
        period, period_certain = nearest_period(req, on) or "once", False
        reasons.append("ngoài mọi kỳ báo cáo của yêu cầu")
    if period is None:
        return None
    if doubt and period != named:  # the period rests on a doubtful date alone
        period_certain = False
        reasons.append(doubt)
    return period, period_certain, reasons


def _doubts(
    unit_id: str, unit_certain: bool, owes: bool, period_certain: bool, report: bool, already: bool
) -> list[str]:
    """Why a link is only proposed, in the words the clerk reads."""
    reasons = []
    if unit_id and not owes:
        reasons.append("đơn vị không có trong danh sách phải báo cáo")
    if not unit_id:
        reasons.append("chưa rõ đơn vị gửi")
    elif not unit_certain:
        reasons.append("chưa chắc đơn vị gửi")
    if not period_certain:
        reasons.append("chưa chắc kỳ báo cáo")
    if not report:
        reasons.append("không phải báo cáo")
    if already:
        reasons.append("đơn vị đã có báo cáo kỳ này")
    return reasons
