"""When a duty falls due (thời hạn), as a grammar of the phrases documents use. Pure.

A deadline phrase is a cue, an optional time of day and a date form:

    cue        trước · chậm nhất (là/vào) · không muộn hơn · không quá · hạn chót · hạn cuối ·
               thời hạn (hoàn thành/gửi/nộp) (là) · thời gian hoàn thành (là) · hoàn thành trong ·
               trong · đến hết
    time       17 giờ 00 · 16 giờ · 10h30 · 8 giờ 30 phút
    date form  d/m/y · d/m · ngày d tháng m năm y · ngày d tháng m · tháng m/y · tháng m ·
               quý I–IV/y · quý II · 6 tháng đầu (cuối) năm y · năm y · cuối năm (y) · ngày d ·
               thứ hai … chủ nhật

and a recurrence marker anywhere in its clause, before or after the date: hằng/hàng/mỗi
năm|quý|tháng|tuần, định kỳ hằng …, "của tháng cuối quý", "tháng đầu quý sau", "năm sau", "định kỳ 6
tháng". Everything here runs on folded text (``fast_fold``: no marks, lower case), whose offsets are
the document's own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from service.text.dates import (
    NAM,
    NGAY,
    THANG,
    last_day_of_month,
    make_date,
    next_monthly,
    next_yearly,
    parse_quarter,
    quarter_end,
)

TRUOC = r"tr[uw][o0-9]?[ce]"
HANG = r"h[a-z]{0,2}ng"  # hằng, hàng, and what OCR makes of them

# "Hạn chót nộp hồ sơ: …" or "… là …"
LABEL = (
    r"(?:han\s+(?:chot|cuoi)|thoi\s+han|thoi\s+gian\s+(?:nop|gui|tiep\s+nhan))[^:.;\n]{1,40}?(?::|\s+la\b)"
)
CUE = (
    rf"{TRUOC}|cham\s+nhat(?:\s+la)?(?:\s+vao)?|khong\s+muon\s+hon|khong\s+cham\s+hon|khong\s+qua"
    r"|han\s+(?:chot|cuoi)(?:\s+la)?\s*:?"
    r"|thoi\s+han(?:\s+hoan\s+thanh|\s+gui|\s+nop|\s+bao\s+cao)?(?:\s+la)?\s*:?"
    r"|thoi\s+gian\s+hoan\s+thanh(?:\s+la)?\s*:?"
    # a labelled time: "Hạn cuối nhận bài dự thi: …", "Thời gian nộp hồ sơ: …", "Hạn chót nộp là …"
    rf"|{LABEL}"
)
# A period's cue ("hoàn thành trong tháng 02/2026", "trong Quý I/2026", "đến hết năm 2025").
PERIOD_CUE = r"hoan\s+thanh\s+trong|hoan\s+thanh\s+truoc|trong|den\s+het|cuoi"
TIME = r"\d{1,2}\s*(?:gio|h|g)(?:\s*\d{1,2}(?:\s*phut)?)?(?:\s*(?:sang|chieu|toi))?"

_D, _M, _Y = r"\d{1,2}", r"\d{1,2}", r"(?:19|20)\d\d"
_SEP = r"\s?[/.\-]\s?"
_NO_MORE = r"(?![\d/])"
# what may not follow a form without its year: more digits, a separator and a number ("15/12/2025"),
# "năm 2025", ", năm 2025"
_NO_YEAR = rf"(?!\d)(?! ?[/.\-] ?\d)(?!\s*,?\s*{NAM}\s*\d)"
# The date forms, most specific first; each alternative names its own groups.
FORMS = (
    rf"(?P<dmy>(?:{NGAY}\s*)?(?P<d1>{_D}){_SEP}(?P<m1>{_M}){_SEP}(?P<y1>{_Y}){_NO_MORE})",
    rf"(?P<dmyw>(?:{NGAY}\s*)?(?P<d2>{_D})\s*{THANG}\s*(?P<m2>{_M})\s*,?\s*{NAM}\s*(?P<y2>{_Y}){_NO_MORE})",
    rf"(?P<dm>(?:{NGAY}\s*)?(?P<d3>{_D})\s*(?:/|{THANG})\s*(?P<m3>{_M}){_NO_YEAR})",
    # "tháng 11, tháng 12 năm 2025" (or "tháng 11 và tháng 12 năm 2025", "tháng 4-5/2026"): by the
    # later month's end
    rf"(?P<mm>{THANG}\s*(?P<ma>{_M})\s*(?:(?:,|va|den)\s*{THANG}|[-–])\s*(?P<mb>{_M})\s*(?:/|-|{NAM})\s*"
    rf"(?P<ymm>{_Y}){_NO_MORE})",
    rf"(?P<my>{THANG}\s*(?P<m4>{_M})\s*(?:/|-|{NAM})\s*(?P<y4>{_Y}){_NO_MORE})",
    # OCR reads the Roman I as 1 or l: "Quý 11/2026" is Quý II
    rf"(?P<q>quy\s+(?P<qn>[i1l]v|[i1l]{{1,3}}|[2-4])\b(?:\s*(?:/|-|{NAM})\s*(?P<y5>{_Y}))?)",
    rf"(?P<half>(?:6|sau)\s+{THANG}\s+(?P<hp>dau|cuoi)\s+{NAM}(?:\s+(?P<y6>{_Y}))?)",
    rf"(?P<yr>{NAM}\s+(?P<y7>{_Y}){_NO_MORE})",
    rf"(?P<eoy>cuoi\s+{NAM}(?:\s+(?P<y8>{_Y}))?)",
    rf"(?P<m>{THANG}\s+(?P<m9>{_M}){_NO_YEAR})",
    r"(?P<wd>(?:ngay\s+)?(?:thu\s+(?P<wdn>hai|ba|tu|nam|sau|bay)|chu\s+nhat)\b)",
    rf"(?P<d>{NGAY}\s+(?P<d10>{_D})(?!\d)(?! ?[/.\-] ?\d)(?!\s*{THANG}\s*\d))",
)
_FORM_ALT = "|".join(FORMS)
FORM = re.compile(_FORM_ALT)
# A cued phrase: cue, then an optional time of day, then a date form.
PHRASE = re.compile(rf"(?P<cue>{CUE})\s*(?:(?P<time>{TIME})\s*,?\s*)?(?:{_FORM_ALT})")
# "Thời gian tiếp nhận hồ sơ: từ ngày 01/11/2025 đến (hết) ngày 30/11/2025": the window's end
RANGE_END = re.compile(rf"(?:{LABEL})\s*tu\s+[^;.\n]{{1,40}}?\bden\s+(?:het\s+)?")
PERIOD_PHRASE = re.compile(rf"(?P<cue>{PERIOD_CUE})\s+(?:{_FORM_ALT})")

_WEEKDAYS = {"hai": 0, "ba": 1, "tu": 2, "nam": 3, "sau": 4, "bay": 5}

# Recurrence markers (dấu hiệu định kỳ).
RECUR = re.compile(rf"(?:{HANG}|moi)\s+(?P<kind>tuan|thang|quy|nam)\b")
_KINDS = {"tuan": "weekly", "thang": "monthly", "quy": "quarterly", "nam": "yearly"}
QUARTER_LAST_MONTH = re.compile(r"(?:cua\s+)?thang\s+cuoi\s+(?:cua\s+)?quy")
QUARTER_NEXT_FIRST = re.compile(r"(?:cua\s+)?thang\s+dau\s+(?:cua\s+)?quy\s+(?:sau|tiep\s+theo|ke\s+tiep)")
NEXT_YEAR = re.compile(rf"\s*{NAM}\s+(?:sau|tiep\s+theo|ke\s+tiep)\b")
HALF_YEARLY = re.compile(
    rf"dinh\s+ky\s+(?:6|sau)\s+{THANG}(?!\s*(?:dau|cuoi))|(?:6|sau)\s+{THANG}\s+mot\s+lan"
)
NOT_ONE_RULE = re.compile(r"dot\s+xuat|\d+\s+thang\s*,|/\s*(?:hang|moi)")


@dataclass(frozen=True)
class DateForm:
    """What a date form says: a day, a month, a quarter, a half, a year, a weekday. The values a
    kind does not use are 0; ``year`` is None where the form leaves it out."""

    kind: str  # "day", "month", "quarter", "half", "year", "weekday", "day_of_month"
    start: int
    end: int
    day: int = 0
    month: int = 0
    year: int | None = None
    quarter: int = 0
    half: int = 0  # 1 = first six months, 2 = last six
    weekday: int = 0  # 0 = Monday … 6 = Sunday


def date_form(m: re.Match) -> DateForm | None:
    """The date form a match of FORM (or of a phrase holding it) found; None if not a real date."""
    g = m.groupdict()
    span = next(
        (
            m.span(k)
            for k in ("dmy", "dmyw", "dm", "mm", "my", "q", "half", "yr", "eoy", "m", "wd", "d")
            if g.get(k)
        ),
        None,
    )
    if span is None:
        return None
    s, e = span
    if g.get("dmy") or g.get("dmyw"):
        d, mo, y = (int(g[k]) for k in (("d1", "m1", "y1") if g.get("dmy") else ("d2", "m2", "y2")))
        return DateForm("day", s, e, d, mo, y) if make_date(y, mo, d) else None
    if g.get("dm"):
        d, mo = int(g["d3"]), int(g["m3"])
        return DateForm("day", s, e, d, mo) if make_date(2024, mo, d) else None
    if g.get("mm"):
        mo = max(int(g["ma"]), int(g["mb"]))
        return DateForm("month", s, e, month=mo, year=int(g["ymm"])) if 1 <= mo <= 12 else None
    if g.get("my") or g.get("m"):
        mo = int(g["m4"] or g["m9"])
        return (
            DateForm("month", s, e, month=mo, year=int(g["y4"]) if g.get("y4") else None)
            if 1 <= mo <= 12
            else None
        )
    if g.get("q"):
        q = parse_quarter(re.sub(r"[1l]", "i", g["qn"]) if len(g["qn"]) > 1 else g["qn"])
        return DateForm("quarter", s, e, quarter=q, year=int(g["y5"]) if g.get("y5") else None) if q else None
    if g.get("half"):
        return DateForm("half", s, e, half=1 if g["hp"] == "dau" else 2, year=_int(g.get("y6")))
    if g.get("yr"):
        return DateForm("year", s, e, year=int(g["y7"]))
    if g.get("eoy"):
        return DateForm("year", s, e, year=_int(g.get("y8")))
    if g.get("wd"):
        return DateForm("weekday", s, e, weekday=_WEEKDAYS.get(g.get("wdn") or "", 6))
    d = int(g["d10"])
    return DateForm("day_of_month", s, e, day=d) if 1 <= d <= 31 else None


def _int(value: str | None) -> int | None:
    return int(value) if value else None


@dataclass(frozen=True)
class Recurrence:
    """A recurrence marker: its kind and, for a quarter, which month of it the day falls in."""

    kind: str  # yearly, quarterly, monthly, weekly, half_yearly
    start: int
    end: int
    month_of_quarter: int | None = None


# "báo cáo năm: trước ngày 15/12", "báo cáo quý gửi trước ngày 20 của tháng cuối quý": the kind of
# report says how often it is due (not "báo cáo năm 2025", "báo cáo tháng 12", "báo cáo năm nay").
REPORT_KIND = re.compile(
    r"\bbao\s+cao\s+(?:dinh\s+ky\s+)?(?:(?P<kind>tuan|thang|quy|nam)|(?P<half>6|sau)\s+thang)\b"
    r"(?!\s*(?:[ivx]+\b|\d|/|nay\b|qua\b|truoc\b(?!\s+(?:ngay|\d))|toi\b|sau\b|dau\b|cuoi\b))"
)
_NEAR_FORM = 25  # characters: a marker this close to a date form is that form's own


def recurrences(f: str, lo: int, hi: int) -> list[Recurrence]:
    """Every recurrence marker of ``f[lo:hi]``, in order."""
    found = [Recurrence(_KINDS[m.group("kind")], m.start(), m.end()) for m in RECUR.finditer(f, lo, hi)]
    for m in REPORT_KIND.finditer(f, lo, hi):
        kind = "half_yearly" if m.group("half") else _KINDS[m.group("kind")]
        found.append(Recurrence(kind, m.start(), m.end()))
    found += [Recurrence("quarterly", m.start(), m.end(), 3) for m in QUARTER_LAST_MONTH.finditer(f, lo, hi)]
    found += [Recurrence("quarterly", m.start(), m.end(), 1) for m in QUARTER_NEXT_FIRST.finditer(f, lo, hi)]
    found += [Recurrence("half_yearly", m.start(), m.end()) for m in HALF_YEARLY.finditer(f, lo, hi)]
    return sorted(found, key=lambda r: r.start)


def find_recurrence(f: str, lo: int, hi: int, near: tuple[int, int] | None = None) -> Recurrence | None:
    """The one recurrence the clause ``f[lo:hi]`` states; None if none; ``AMBIGUOUS`` if it names
    several or adds "đột xuất" (no single unambiguous rule). With ``near`` (a date form's span), a marker
    right beside the form is the form's own even where the clause names others ("báo cáo 6 tháng
    trước ngày 15/6; báo cáo năm trước ngày 15/12 hằng năm")."""
    found = recurrences(f, lo, hi)
    if not found:
        return None
    kinds = {r.kind for r in found}
    if len(kinds) == 1 and not NOT_ONE_RULE.search(f, lo, hi):
        return _merged(found)
    if near is not None:
        # a marker right after the form is its own ("ngày 15 của tháng đầu quý sau"); else the
        # nearest one right before it ("báo cáo quý trước ngày 20 …")
        after = [r for r in found if 0 <= r.start - near[1] <= _NEAR_FORM]
        if after and len({r.kind for r in after}) == 1:
            return _merged(after)
        before = [r for r in found if 0 <= near[0] - r.end <= _NEAR_FORM]
        if before and not after:
            nearest = max(before, key=lambda r: r.end)
            return _merged([r for r in before if r.kind == nearest.kind])
    return AMBIGUOUS


def clear_recurrence(f: str, lo: int, hi: int, near: tuple[int, int] | None = None) -> Recurrence | None:
    """``find_recurrence``, an ambiguous clause counted as none."""
    rec = find_recurrence(f, lo, hi, near)
    return None if rec is AMBIGUOUS else rec


def _merged(found: list[Recurrence]) -> Recurrence:
    """One kind's markers as one: the quarter's month where a marker names it."""
    return next((r for r in found if r.month_of_quarter), found[0])


AMBIGUOUS = Recurrence("ambiguous", 0, 0)  # a clause naming several rules: none of them is sure
_GAP = re.compile(r"[\s,]*")


def recurrence_at(f: str, pos: int) -> Recurrence | None:
    """The recurrence marker that follows ``pos`` at once ("… ngày 05 hằng tháng"), or None."""
    gap = _GAP.match(f, pos)
    m = RECUR.match(f, gap.end() if gap else pos)
    return Recurrence(_KINDS[m.group("kind")], m.start(), m.end()) if m else None


@dataclass(frozen=True)
class Due:
    """A resolved time phrase: the date (None where it cannot be known), its recurrence and rule."""

    date: date | None
    recurrence: str | None = None
    rule: dict | None = None


def resolve(
    form: DateForm,
    recurrence: Recurrence | None,
    anchor: date | None,
    *,
    exact: bool,
    next_year: bool = False,
) -> Due | None:
    """The due date of a date form under a recurrence, counted from the document's date ``anchor``
    (``exact`` False for a draft: only its year or month is known, so a recurring rule has no
    first day). None when the form cannot be a deadline (a weekday without a weekly rule)."""
    kind = recurrence.kind if recurrence else None
    if kind == "half_yearly" and form.kind == "day":
        kind = "yearly"  # "báo cáo 6 tháng trước ngày 15/6": due on that day every year
    elif kind == "half_yearly":
        return Due(None, None, {"every_months": 6})
    if form.kind == "weekday":
        return Due(None, "weekly", {"weekday": form.weekday}) if kind == "weekly" else None
    if form.kind == "day_of_month":
        if kind == "monthly":
            return Due(
                next_monthly(anchor, form.day) if anchor and exact else None, "monthly", {"day": form.day}
            )
        if kind == "quarterly" and recurrence and recurrence.month_of_quarter:
            rule = {"day": form.day, "month_of_quarter": recurrence.month_of_quarter}
            return Due(next_quarter_day(anchor, rule) if anchor and exact else None, "quarterly", rule)
        return None
    if form.kind == "day" and (kind == "yearly" or next_year):
        rule = {"day": form.day, "month": form.month}
        first = _given_or_next(form, anchor, exact)
        return Due(first, "yearly", rule)
    if form.kind == "day" and kind == "monthly":
        return Due(_given_or_next(form, anchor, exact, monthly=True), "monthly", {"day": form.day})
    if form.kind in ("month", "quarter") and kind == "yearly" and form.year is None:
        # "tháng 12 hằng năm", "Quý I hằng năm": by the month's (the quarter's) end, every year
        month = form.month if form.kind == "month" else 3 * form.quarter
        day = last_day_of_month(2023, month).day
        rule = {"day": day, "month": month}
        return Due(next_yearly(anchor, month, day) if anchor and exact else None, "yearly", rule)
    if kind in ("weekly", "monthly", "quarterly", "yearly") and form.year is None and form.kind != "day":
        return Due(None, kind, None)
    return Due(one_date(form, anchor), None, None)


def _given_or_next(form: DateForm, anchor: date | None, exact: bool, *, monthly: bool = False) -> date | None:
    if form.year is not None:
        return make_date(form.year, form.month, form.day)
    if anchor is None or not exact:
        return None
    return next_monthly(anchor, form.day) if monthly else next_yearly(anchor, form.month, form.day)


def one_date(form: DateForm, anchor: date | None) -> date | None:
    """The last day a one-off form allows; a form without its year takes the document's year (the
    next one when that day has passed)."""
    year = form.year
    if year is None:
        if anchor is None:
            return None
        year = anchor.year
    if form.kind == "day":
        when = make_date(year, form.month, form.day)
    elif form.kind == "month":
        when = last_day_of_month(year, form.month)
    elif form.kind == "quarter":
        when = quarter_end(year, form.quarter)
    elif form.kind == "half":
        when = date(year, 6, 30) if form.half == 1 else date(year, 12, 31)
    elif form.kind == "year":
        when = date(year, 12, 31)
    else:
        return None
    if when is not None and form.year is None and anchor is not None and when < anchor:
        return one_date(
            DateForm(
                form.kind, form.start, form.end, form.day, form.month, year + 1, form.quarter, form.half
            ),
            anchor,
        )
    return when


def next_quarter_day(after: date, rule: dict) -> date | None:
    """The first ``day`` of the given month of a quarter (1 = January, April …; 3 = March, June …)
    on or after ``after``."""
    day, moq = rule["day"], rule.get("month_of_quarter", 3)
    for year in (after.year, after.year + 1):
        for month in (moq, moq + 3, moq + 6, moq + 9):
            d = make_date(year, month, min(day, last_day_of_month(year, month).day))
            if d and d >= after:
                return d
    return None
