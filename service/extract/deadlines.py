"""Deadlines (thời hạn) and meetings (sự kiện): when, what, who, to whom, once or recurring."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, timedelta

from service.extract.clauses import (
    HANG,
    TRUOC,
    duty_span,
    labelled_item,
    parties_named,
    read_clause,
    read_parties,
    ws_compile,
)
from service.extract.document import Doc
from service.models import Deadline, Event, Organisation
from service.text.dates import (
    NAM,
    NGAY,
    THANG,
    add_working_days,
    find_dates,
    last_day_of_month,
    make_date,
    next_monthly,
    next_yearly,
    parse_quarter,
    quarter_end,
)
from service.text.match import clean_space
from service.text.normalize import fast_fold
from service.text.restore import restore_names

# A deadline cue right before a date: "trước ngày", "chậm nhất là ngày", "hạn chót", "không quá".
_CUES = (
    rf"{TRUOC}|cham\s+nhat(?:\s+la)?(?:\s+vao)?|han\s+chot(?:\s+la)?|khong\s+qua|khong\s+muon\s+hon"
    r"|thoi\s+gian\s+hoan\s+thanh(?:\s+la)?\s*:?"
    r"|thoi\s+han(?:\s+hoan\s+thanh|\s+gui|\s+nop)?(?:\s+la)?\s*:?"
)
_DATE_CUE = re.compile(
    rf"(?:{_CUES})"
    rf"(?:\s*\d{{1,2}}\s*(?:gio|h)(?:\s*\d{{1,2}}(?:\s*phut)?)?\s*,?)?\s*(?:{NGAY})?\s*$"
)
_YEARLY = re.compile(rf"{NGAY}\s*(\d{{1,2}})\s*{THANG}\s*(\d{{1,2}})\s*{HANG}\s*{NAM}\b")
# "trước ngày 15/12 hằng năm": a day and month without a year, in a yearly clause.
_DAY_MONTH = re.compile(rf"{TRUOC}\s*{NGAY}\s*(\d{{1,2}})\s*/\s*(\d{{1,2}})(?!\s*/\s*\d)(?!\d)")
# "trước ngày 20/12", "chậm nhất ngày 05 tháng 01": the year is the document's own.
_YEARLESS = re.compile(
    rf"(?:{_CUES})\s*(?:{NGAY})?\s*(\d{{1,2}})\s*(?:/|-|{THANG})\s*(\d{{1,2}})"
    rf"(?!\s*(?:/|-|,|{NAM})\s*\d)(?!\d)"
)
# The day of a recurring duty written after it ("định kỳ hằng tháng trước ngày 20").
_RECUR_DAY = re.compile(
    rf"(?:{TRUOC}|cham\s+nhat(?:\s+la)?(?:\s+vao)?)\s*{NGAY}\s*(\d{{1,2}})(?!\s*(?:/|{THANG})\s*\d)(?!\d)"
)
_WEEKDAY = re.compile(r"\bthu\s+(hai|ba|tu|nam|sau|bay)\b|\bchu\s+nhat\b")
_WEEKDAYS = {"hai": 0, "ba": 1, "tu": 2, "nam": 3, "sau": 4, "bay": 5}
_MONTHLY_DAY = re.compile(rf"{NGAY}\s*(\d{{1,2}})\s*(?:{HANG}|moi)\s*{THANG}\b")
_RECUR = re.compile(rf"(?:{HANG}|moi)\s+(tuan|thang|quy|nam)\b")
_ACTION = ws_compile(
    r"bao cao|gui\b|nop\b|cong khai|cap nhat|tong hop|tin, bai|danh sach|so lieu|de xuat|thong tin|ban hanh|"
    r"danh gia|kiem tra"
)
_PERIOD = re.compile(
    rf"(?P<cue>hoan thanh trong|hoan thanh truoc|trong|truoc|cuoi|den het|thoi gian hoan thanh\s*:|"
    rf"thoi han\s*:)\s*(?:trong\s+)?"
    rf"(?:(?P<q>quy\s+(?P<qn>[ivx]+|\d)\s*(?:/|{NAM})\s*(?P<qy>(?:19|20)\d\d))"
    rf"|(?P<m2>{THANG}\s+(?P<ma>\d{{1,2}})\s*,\s*{THANG}\s+(?P<mb>\d{{1,2}})\s*{NAM}\s*"
    rf"(?P<my2>(?:19|20)\d\d))"
    rf"|(?P<m>{THANG}\s+(?P<mn>\d{{1,2}})\s*(?:/|{NAM})\s*(?P<my>(?:19|20)\d\d))"
    rf"|(?P<y>{NAM}\s+(?P<yy>(?:19|20)\d\d)))"
)
# A schedule item headed by its period: "2. Năm 2023: …", "b) Quý I/2027, …".
_PERIOD_HEAD = re.compile(
    rf"(?m)^\s*(?:\d{{1,2}}\s*[.)]|[a-z]\))?\s*(?:(?P<q>quy\s+(?P<qn>[ivx]+|\d)\s*/\s*(?P<qy>(?:19|20)\d\d))"
    rf"|(?P<y>{NAM}\s+(?P<yy>(?:19|20)\d\d)))\s*[:,]"
)
_WORKING = re.compile(
    r"trong\s+(?:thoi han|vong)?\s*(\d{1,3})\s*ngay\s*(lam viec)?\s*,?\s*(?:ke\s*)?tu\s+ngay\s+"
    r"(ky|ban hanh|van ban nay co hieu luc)?"
)
_EVENT = re.compile(r"thoi gian\s*:|vao luc|\d{1,2}\s*(?:gio|h)\s*\d{0,2}\s*(?:phut)?\s*,?\s*ngay")
_DAY = rf"(?P<date>{NGAY}\s+\d{{1,2}}\s*/\s*\d{{1,2}}\s*/\s*(?:19|20)\d\d)"
# "buổi làm việc ngày 07/11/2025"; a paragraph opening "Ngày 24/12/2024, tại trụ sở …".
_MEETINGS = (
    re.compile(rf"(?:buoi lam viec|cuoc hop|phien hop|buoi hop)\s+(?:[^.;\n]{{0,30}}?\s)?{_DAY}"),
    re.compile(rf"(?m)^\s*{_DAY}\s*,\s*tai\b"),
)
_REPORT = ws_compile(r"bao cao|gui\b|so lieu|danh sach|ho so|gop y|y kien|ke hoach|tin, bai|de xuat")


def read_deadlines(
    doc: Doc,
    body: tuple[int, int],
    anchor: date | None,
    *,
    exact_anchor: bool,
    org: Organisation | None,
    holidays: Sequence[date],
    names: list[str],
) -> tuple[list[Deadline], list[Event]]:
    lo, hi = body
    f = doc.folded
    found: list[Deadline] = []

    def add(
        pos: int,
        rule_text: str,
        when: date | None,
        recurrence: str | None = None,
        rule: dict | None = None,
        confidence: float = 0.8,
    ) -> None:
        if when is not None and anchor is not None and when < anchor:
            return  # a date before the document is a reference, not a deadline
        clause_lo, clause_hi = read_clause(f, pos, lo, hi)
        clause = doc.text[clause_lo:clause_hi]
        p = read_parties(doc, clause_lo, clause_hi, pos, body, org)
        cue_lo, cue_hi = _rule_span(f, pos, rule_text)
        what_lo, what_hi = duty_span(f, clause_lo, clause_hi, cue_lo, cue_hi)
        item = labelled_item(doc, pos, lo, hi)  # "- Thời hạn: …" under its task's heading
        if item and item.heading:
            what_lo, what_hi = item.heading
        if item and item.doers:
            p = parties_named(item.doers, item.support, org, p.to_whom)
        what = clean_space(restore_names(doc.text[what_lo:what_hi], names)).strip(" ,;:.-+")
        if _GENERIC_DUTY.fullmatch(fast_fold(what)) and not (item and item.heading):
            # "… để nâng cao tỷ lệ thanh toán. Thực hiện trong tháng 11": the duty is the item's
            # sentence before it
            item_lo = _item_start(f, clause_lo, lo)
            if item_lo < clause_lo:
                before = re.sub(
                    r"^\s*(?:[ivx]+\.|\d{1,2}(?:\.\d{1,2})*\s*[.)]|[a-zđ]\)|[-+•])\s*",
                    "",
                    doc.text[item_lo:clause_lo],
                )
                before = clean_space(restore_names(before, names)).strip(" ,;:.-+")
                if len(before) >= 8:
                    what = before
        if len(what) < 8:  # nothing but the verb: keep the whole clause
            what = clean_space(restore_names(clause, names)).strip(" ;.-+")
        is_report = bool(
            _REPORT.search(f, clause_lo, clause_hi)
            or (item and item.heading and _REPORT.search(f, *item.heading))
        )
        found.append(
            Deadline(
                date_or_rule=clean_space(restore_names(rule_text, names)),
                date=when,
                what=what[:1].upper() + what[1:],
                who=p.who_text,
                to_whom=restore_names(p.to_whom, names),
                recurrence=recurrence,
                rule=rule,
                unit_ids=p.who.unit_ids,
                lead_unit_ids=p.who.lead_unit_ids,
                group_ids=p.who.group_ids,
                is_report=is_report,
                confidence=confidence,
            )
        )

    # Yearly rules first: "trước ngày 10 tháng 11 hằng năm".
    yearly_spans = []
    for m in _YEARLY.finditer(f, lo, hi):
        day, month = int(m.group(1)), int(m.group(2))
        if not make_date(2024, month, day):
            continue
        when = next_yearly(anchor, month, day) if (anchor and exact_anchor) else None
        cue_start = _cue_start(f, m.start())
        add(m.start(), doc.text[cue_start : m.end()], when, "yearly", {"day": day, "month": month})
        yearly_spans.append((cue_start, m.end()))
    for m in _DAY_MONTH.finditer(f, lo, hi):
        c_lo, c_hi = read_clause(f, m.start(), lo, hi)
        if not re.search(rf"{HANG}\s+{NAM}", f[c_lo:c_hi]):
            continue
        day, month = int(m.group(1)), int(m.group(2))
        if make_date(2024, month, day):
            when = next_yearly(anchor, month, day) if (anchor and exact_anchor) else None
            add(
                m.start(),
                doc.text[m.start() : m.end()] + " hằng năm",
                when,
                "yearly",
                {"day": day, "month": month},
            )
            yearly_spans.append((m.start(), m.end()))
    # Explicit dates behind a cue.
    for d in find_dates(f[lo:hi]):
        s, e = lo + d.start, lo + d.end
        if any(a <= s < b for a, b in yearly_spans):
            continue
        cue = _DATE_CUE.search(f[max(lo, s - 40) : s])
        if not cue:
            continue
        if re.match(rf"\s*{HANG}\s*{NAM}", f[e : e + 12]):
            continue
        start = max(lo, s - 40) + cue.start()
        add(s, doc.text[start:e], d.value, confidence=0.9)
    # Dates without their year: the document's year (the next one when that day has passed).
    if anchor is not None:
        for m in _YEARLESS.finditer(f, lo, hi):
            if any(a <= m.start() < b for a, b in yearly_spans):
                continue
            c_lo, c_hi = read_clause(f, m.start(), lo, hi)
            if re.search(rf"{HANG}\s+(?:{NAM}|{THANG}|quy)", f[c_lo:c_hi]):
                continue  # a recurring rule, read below
            day, month = int(m.group(1)), int(m.group(2))
            when = make_date(anchor.year, month, day)
            if when is not None and when < anchor:
                when = make_date(anchor.year + 1, month, day)
            if when is not None:
                add(m.start(), doc.text[m.start() : m.end()], when, confidence=0.6)
    # Periods: "trong Quý I/2026", "hoàn thành trong tháng 02/2026", "trong năm 2025".
    for m in _PERIOD.finditer(f, lo, hi):
        when = _period_end(m)
        if when is None:
            continue
        if m.group("y"):
            back = f[max(lo, m.start() - 120) : m.start()]
            if "hoan thanh" not in back and not m.group("cue").startswith("hoan thanh"):
                continue
            if re.match(r"\s*(?:va|den|-)", f[m.end() : m.end() + 6]):
                continue
        if re.search(r"\btu\s*$", f[max(lo, m.start() - 4) : m.start()]):
            continue  # a start ("từ tháng 01/2026"), not a deadline
        if re.search(r"ket qua|tinh hinh", f[max(lo, m.start() - 40) : m.start()]):
            continue  # the period a report covers ("kết quả thực hiện trong tháng 01 năm 2025")
        add(m.start(), doc.text[m.start() : m.end()], when, confidence=0.7)
    for m in _PERIOD_HEAD.finditer(f, lo, hi):
        when = _period_end(m)
        if when is not None:
            add(m.end(), doc.text[m.start() : m.end()].strip(" :,"), when, confidence=0.6)
    # Working days counted from signing.
    for m in _WORKING.finditer(f, lo, hi):
        n = int(m.group(1))
        when = None
        if m.group(3) in ("ky", "ban hanh") and anchor and exact_anchor:
            when = add_working_days(anchor, n, holidays) if m.group(2) else anchor + timedelta(days=n)
        add(m.start(), doc.text[m.start() : m.end()], when, confidence=0.7 if when else 0.5)
    # Recurring duties: "định kỳ hằng tuần", "chậm nhất vào ngày 05 hằng tháng", "hằng quý".
    for m in _MONTHLY_DAY.finditer(f, lo, hi):
        day = int(m.group(1))
        if 1 <= day <= 31:
            when = next_monthly(anchor, day) if (anchor and exact_anchor) else None
            cue_start = _cue_start(f, m.start())
            add(m.start(), doc.text[cue_start : m.end()], when, "monthly", {"day": day})
    for m in _RECUR.finditer(f, lo, hi):
        kind = {"tuan": "weekly", "thang": "monthly", "quy": "quarterly", "nam": "yearly"}[m.group(1)]
        c_lo, c_hi = read_clause(f, m.start(), lo, hi)
        fclause = f[c_lo:c_hi]
        if not _ACTION.search(fclause):
            continue
        kinds = {k for k in re.findall(rf"(?:{HANG}|moi)\s+(tuan|thang|quy|nam)\b", fclause)}
        if len(kinds) > 1 or re.search(r"\d+\s*thang\s*,|dot xuat|/\s*(?:hang|moi)", fclause):
            continue  # "định kỳ 6 tháng, hằng năm hoặc đột xuất": no single unambiguous rule
        item = f[_item_start(f, c_lo, lo) : _item_end(f, c_hi, hi)]
        if kind == "monthly" and _MONTHLY_DAY.search(item):
            continue  # the same duty with its day is read above ("… chậm nhất vào ngày 05 hằng tháng")
        if kind == "yearly" and (_YEARLY.search(item) or _DAY_MONTH.search(item)):
            continue
        if kind == "yearly" and not re.search(r"dinh ky\s*$", f[max(lo, m.start() - 12) : m.start()]):
            continue  # "chỉ số … hằng năm" names a yearly thing; only "định kỳ hằng năm" is a duty
        rule, when = None, None
        day_m = _RECUR_DAY.search(fclause)
        if kind == "monthly" and day_m and 1 <= int(day_m.group(1)) <= 31:
            rule = {"day": int(day_m.group(1))}
            when = next_monthly(anchor, rule["day"]) if (anchor and exact_anchor) else None
        elif kind == "quarterly" and day_m and re.search(r"thang\s+cuoi\s+(?:cua\s+)?quy", fclause):
            rule = {"day": int(day_m.group(1)), "month_of_quarter": 3}
            when = _next_quarter_day(anchor, rule["day"]) if (anchor and exact_anchor) else None
        elif kind == "weekly":
            wd = _WEEKDAY.search(fclause)
            if wd:
                rule = {"weekday": _WEEKDAYS.get(wd.group(1) or "", 6)}
        start = m.start()
        lead = re.search(r"dinh ky\s*$", f[max(lo, start - 12) : start])
        if lead:
            start = max(lo, start - 12) + lead.start()
        end = max(m.end(), c_lo + day_m.end()) if (rule and day_m) else m.end()
        add(m.start(), doc.text[start:end], when, kind, rule, confidence=0.6)
    return _dedupe(found), read_events(doc, body)


def _rule_span(f: str, pos: int, rule_text: str) -> tuple[int, int]:
    """Where the time phrase of a deadline stands in the text (it may begin before ``pos``)."""
    needle = fast_fold(rule_text).strip()
    k = f.find(needle, max(0, pos - len(needle) - 30), pos + len(needle) + 30) if needle else -1
    if k >= 0:
        return min(k, _cue_start(f, k)), k + len(needle)
    lo = _cue_start(f, pos)
    return lo, pos + len(rule_text)


def _cue_start(f: str, pos: int) -> int:
    m = re.search(rf"(?:{TRUOC}|cham\s+nhat(?:\s+la)?(?:\s+vao)?|han\s+chot)\s*$", f[max(0, pos - 25) : pos])
    return max(0, pos - 25) + m.start() if m else pos


_ITEM_MARK = re.compile(r"\n\s*(?:\d{1,2}\s*[.)]|[a-zđ]\)|[-+•])\s")


# A clause that names no duty of its own, only that it is to be done ("Thực hiện trong tháng 11").
_GENERIC_DUTY = re.compile(r"(?:thuc hien|hoan thanh|trien khai|thoi han|thoi gian(?: thuc hien)?|tien do)")


def _item_start(f: str, pos: int, lo: int) -> int:
    """Start of the list item (or paragraph) holding ``pos``."""
    start = lo
    for m in _ITEM_MARK.finditer(f, max(lo, pos - 1500), pos + 1):
        start = m.start()
    return start


def _item_end(f: str, pos: int, hi: int) -> int:
    m = _ITEM_MARK.search(f, pos, min(hi, pos + 1500))
    return m.start() if m else min(hi, pos + 1500)


def _next_quarter_day(after: date, day: int) -> date | None:
    """The first ``day`` of a quarter's last month (March, June, September, December) on or after
    ``after``."""
    for year in (after.year, after.year + 1):
        for month in (3, 6, 9, 12):
            d = make_date(year, month, min(day, last_day_of_month(year, month).day))
            if d and d >= after:
                return d
    return None


def _period_end(m: re.Match) -> date | None:
    if m.group("q"):
        q = parse_quarter(m.group("qn"))
        return quarter_end(int(m.group("qy")), q) if q else None
    gd = m.groupdict()
    if gd.get("m2"):
        month = max(int(m.group("ma")), int(m.group("mb")))
        return last_day_of_month(int(m.group("my2")), month) if 1 <= month <= 12 else None
    if gd.get("m"):
        month = int(m.group("mn"))
        return last_day_of_month(int(m.group("my")), month) if 1 <= month <= 12 else None
    if m.group("y"):
        return date(int(m.group("yy")), 12, 31)
    return None


def _dedupe(items: list[Deadline]) -> list[Deadline]:
    out: list[Deadline] = []
    for d in items:
        dup = next(
            (
                x
                for x in out
                if x.date == d.date
                and x.recurrence == d.recurrence
                and (d.date is not None or x.what == d.what)
            ),
            None,
        )
        if dup is None:
            out.append(d)
    return out


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
        if _DATE_CUE.search(window[: d.start]):
            continue
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
