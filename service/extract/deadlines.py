"""Deadlines (thời hạn) and meetings (sự kiện): when, what, who, to whom, once or recurring."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Sequence

from service.extract.document import Doc
from service.extract.units import resolve_who
from service.models import Deadline, Event, Organisation
from service.text.dates import (NAM, NGAY, THANG, add_working_days, find_dates, last_day_of_month,
                                make_date, next_monthly, next_yearly, parse_quarter, quarter_end)
from service.text.match import clean_space, is_accent_poor
from service.text.normalize import fast_fold
from service.text.restore import restore_names

def _ws_compile(pattern: str) -> re.Pattern:
    """Compile with every literal space matching any run of white space (words wrap)."""
    return re.compile(re.sub(r"(?<!\\) ", r"\\s+", pattern))


TRUOC = r"tr[uw][o0-9]?[ce]"
HANG = r"h[a-z]{0,2}ng"
# A deadline cue right before a date: "trước ngày", "chậm nhất là ngày", "hạn chót", "không quá".
_DATE_CUE = re.compile(
    rf"(?:{TRUOC}|cham\s+nhat(?:\s+la)?(?:\s+vao)?|han\s+chot(?:\s+la)?|khong\s+qua|khong\s+muon\s+hon)"
    rf"(?:\s*\d{{1,2}}\s*(?:gio|h)(?:\s*\d{{1,2}}(?:\s*phut)?)?\s*,?)?\s*(?:{NGAY})?\s*$")
_YEARLY = re.compile(rf"{NGAY}\s*(\d{{1,2}})\s*{THANG}\s*(\d{{1,2}})\s*{HANG}\s*{NAM}\b")
# "trước ngày 15/12 hằng năm": a day and month without a year, in a yearly clause.
_DAY_MONTH = re.compile(rf"{TRUOC}\s*{NGAY}\s*(\d{{1,2}})\s*/\s*(\d{{1,2}})(?!\s*/\s*\d)(?!\d)")
_MONTHLY_DAY = re.compile(rf"{NGAY}\s*(\d{{1,2}})\s*(?:{HANG}|moi)\s*{THANG}\b")
_RECUR = re.compile(rf"(?:{HANG}|moi)\s+(tuan|thang|quy|nam)\b")
_ACTION = _ws_compile(
    r"bao cao|gui\b|cong khai|cap nhat|tong hop|tin, bai|danh sach|so lieu|de xuat|thong tin|ban hanh")
_PERIOD = re.compile(
    rf"(?P<cue>hoan thanh trong|hoan thanh truoc|trong|truoc|cuoi|den het)\s+"
    rf"(?:(?P<q>quy\s+(?P<qn>[ivx]+|\d)\s*(?:/|{NAM})\s*(?P<qy>(?:19|20)\d\d))"
    rf"|(?P<m2>{THANG}\s+(?P<ma>\d{{1,2}})\s*,\s*{THANG}\s+(?P<mb>\d{{1,2}})\s*{NAM}\s*"
    rf"(?P<my2>(?:19|20)\d\d))"
    rf"|(?P<m>{THANG}\s+(?P<mn>\d{{1,2}})\s*(?:/|{NAM})\s*(?P<my>(?:19|20)\d\d))"
    rf"|(?P<y>{NAM}\s+(?P<yy>(?:19|20)\d\d)))")
# A schedule item headed by its period: "2. Năm 2023: …", "b) Quý I/2027, …".
_PERIOD_HEAD = re.compile(
    rf"(?m)^\s*(?:\d{{1,2}}\s*[.)]|[a-z]\))?\s*(?:(?P<q>quy\s+(?P<qn>[ivx]+|\d)\s*/\s*(?P<qy>(?:19|20)\d\d))"
    rf"|(?P<y>{NAM}\s+(?P<yy>(?:19|20)\d\d)))\s*[:,]")
_WORKING = re.compile(
    r"trong\s+(?:thoi han|vong)?\s*(\d{1,3})\s*ngay\s*(lam viec)?\s*,?\s*(?:ke\s*)?tu\s+ngay\s+"
    r"(ky|ban hanh|van ban nay co hieu luc)?")
_EVENT = re.compile(r"thoi gian\s*:|vao luc|\d{1,2}\s*(?:gio|h)\s*\d{0,2}\s*(?:phut)?\s*,?\s*ngay")
_REPORT = _ws_compile(r"bao cao|gui\b|so lieu|danh sach|ho so|gop y|y kien|ke hoach|tin, bai|de xuat")
_TO_WHOM = _ws_compile(
    r"(?:gui|bao cao|ve)\s+(?:ve\s+)?(?P<to>(?:bo|so|ubnd|uy ban nhan dan|van phong|phong|ban|lanh dao)"
    r"\b[^,.;:()]{0,100})")
_TO_STOP = _ws_compile(r"\s(?:truoc|cham nhat|de\s|trong\s|theo\s|ket qua|doi voi|tinh hinh|ve viec|"
                      r"ve tinh hinh|ve cong tac|ve ket qua|chu tri|khi)")
_ACTOR_STOP = _ws_compile(
    r"\b(?:bao cao|gui|xay dung|hoan thanh|chu tri|tham muu|thuc hien|to chuc|ban hanh|danh gia|cong khai|"
    r"ra soat|cap nhat|tong hop|trien khai|phoi hop|de xuat|lap|chuan bi|co van ban|tien hanh|chi dao|"
    r"quan tam|khan truong|can cu|chu dong|theo doi|tiep tuc|nghien cuu|dinh ky|hang tuan|hang thang|"
    r"hang quy|hang nam|truoc ngay|cham nhat|trong thoi han)\b")
_SUPPORT = _ws_compile(r"\bphoi hop(?: chat che)?(?: voi)?\s+")


def read_deadlines(doc: Doc, body: tuple[int, int], anchor: date | None, *, exact_anchor: bool,
                   org: Organisation | None, holidays: Sequence[date],
                   names: list[str]) -> tuple[list[Deadline], list[Event]]:
    lo, hi = body
    f = doc.folded
    found: list[Deadline] = []

    def add(pos: int, rule_text: str, when: date | None, recurrence: str | None = None,
            rule: dict | None = None, confidence: float = 0.8) -> None:
        if when is not None and anchor is not None and when < anchor:
            return  # a date before the document is a reference, not a deadline
        clause_lo, clause_hi = _clause(f, pos, lo, hi)
        clause = doc.text[clause_lo:clause_hi]
        fclause = f[clause_lo:clause_hi]
        sentence_hi = _sentence_end(f, clause_lo, hi)
        actor = _actor(doc, clause_lo, doc.text[clause_lo:sentence_hi], f[clause_lo:sentence_hi],
                       pos - clause_lo, lo)
        who = resolve_who(actor, org, lead_text=clause)
        sup = _SUPPORT.search(fclause)
        if sup and org is not None:
            stop = _ACTOR_STOP.search(fclause, sup.end())
            support = resolve_who(clause[sup.end():stop.start() if stop else len(clause)], org)
            who.unit_ids += [u for u in support.unit_ids if u not in who.unit_ids]
            who.group_ids += [g for g in support.group_ids if g not in who.group_ids]
        to = _TO_WHOM.search(fclause)
        to_whom = ""
        if to:
            stop = _TO_STOP.search(fclause, to.start("to"), to.end("to"))
            to_whom = clean_space(clause[to.start("to"):stop.start() if stop else to.end("to")])
            if not stop and to.end("to") - to.start("to") >= 100:
                to_whom = to_whom.rsplit(" ", 1)[0]  # cut at the limit: drop the partial word
        who_text = "; ".join(who.names) if who.names and is_accent_poor(actor) else clean_space(actor)
        found.append(Deadline(
            date_or_rule=clean_space(restore_names(rule_text, names)), date=when,
            what=clean_space(restore_names(clause, names)).strip(" ;.-+"), who=who_text,
            to_whom=restore_names(to_whom, names), recurrence=recurrence, rule=rule,
            unit_ids=who.unit_ids, lead_unit_ids=who.lead_unit_ids, group_ids=who.group_ids,
            is_report=bool(_REPORT.search(fclause)), confidence=confidence))

    # Yearly rules first: "trước ngày 10 tháng 11 hằng năm".
    yearly_spans = []
    for m in _YEARLY.finditer(f, lo, hi):
        day, month = int(m.group(1)), int(m.group(2))
        if not make_date(2024, month, day):
            continue
        when = next_yearly(anchor, month, day) if (anchor and exact_anchor) else None
        cue_start = _cue_start(f, m.start())
        add(m.start(), doc.text[cue_start:m.end()], when, "yearly", {"day": day, "month": month})
        yearly_spans.append((cue_start, m.end()))
    for m in _DAY_MONTH.finditer(f, lo, hi):
        c_lo, c_hi = _clause(f, m.start(), lo, hi)
        if not re.search(rf"{HANG}\s+{NAM}", f[c_lo:c_hi]):
            continue
        day, month = int(m.group(1)), int(m.group(2))
        if make_date(2024, month, day):
            when = next_yearly(anchor, month, day) if (anchor and exact_anchor) else None
            add(m.start(), doc.text[m.start():m.end()] + " hằng năm", when, "yearly",
                {"day": day, "month": month})
            yearly_spans.append((m.start(), m.end()))
    # Explicit dates behind a cue.
    for d in find_dates(f[lo:hi]):
        s, e = lo + d.start, lo + d.end
        if any(a <= s < b for a, b in yearly_spans):
            continue
        cue = _DATE_CUE.search(f[max(lo, s - 40):s])
        if not cue:
            continue
        if re.match(rf"\s*{HANG}\s*{NAM}", f[e:e + 12]):
            continue
        start = max(lo, s - 40) + cue.start()
        add(s, doc.text[start:e], d.value, confidence=0.9)
    # Periods: "trong Quý I/2026", "hoàn thành trong tháng 02/2026", "trong năm 2025".
    for m in _PERIOD.finditer(f, lo, hi):
        when = _period_end(m)
        if when is None:
            continue
        if m.group("y"):
            back = f[max(lo, m.start() - 120):m.start()]
            if "hoan thanh" not in back and not m.group("cue").startswith("hoan thanh"):
                continue
            if re.match(r"\s*(?:va|den|-)", f[m.end():m.end() + 6]):
                continue
        if re.search(r"\btu\s*$", f[max(lo, m.start() - 4):m.start()]):
            continue  # a start ("từ tháng 01/2026"), not a deadline
        if re.search(r"ket qua|tinh hinh", f[max(lo, m.start() - 40):m.start()]):
            continue  # the period a report covers ("kết quả thực hiện trong tháng 01 năm 2025")
        add(m.start(), doc.text[m.start():m.end()], when, confidence=0.7)
    for m in _PERIOD_HEAD.finditer(f, lo, hi):
        when = _period_end(m)
        if when is not None:
            add(m.end(), doc.text[m.start():m.end()].strip(" :,"), when, confidence=0.6)
    # Working days counted from signing.
    for m in _WORKING.finditer(f, lo, hi):
        n = int(m.group(1))
        when = None
        if m.group(3) in ("ky", "ban hanh") and anchor and exact_anchor:
            when = (add_working_days(anchor, n, holidays) if m.group(2)
                    else anchor + timedelta(days=n))
        add(m.start(), doc.text[m.start():m.end()], when, confidence=0.7 if when else 0.5)
    # Recurring duties: "định kỳ hằng tuần", "chậm nhất vào ngày 05 hằng tháng", "hằng quý".
    for m in _MONTHLY_DAY.finditer(f, lo, hi):
        day = int(m.group(1))
        if 1 <= day <= 31:
            when = next_monthly(anchor, day) if (anchor and exact_anchor) else None
            cue_start = _cue_start(f, m.start())
            add(m.start(), doc.text[cue_start:m.end()], when, "monthly", {"day": day})
    for m in _RECUR.finditer(f, lo, hi):
        kind = {"tuan": "weekly", "thang": "monthly", "quy": "quarterly", "nam": "yearly"}[m.group(1)]
        c_lo, c_hi = _clause(f, m.start(), lo, hi)
        fclause = f[c_lo:c_hi]
        if not _ACTION.search(fclause):
            continue
        kinds = {k for k in re.findall(rf"(?:{HANG}|moi)\s+(tuan|thang|quy|nam)\b", fclause)}
        if len(kinds) > 1 or re.search(r"\d+\s*thang\s*,|dot xuat|/\s*(?:hang|moi)", fclause):
            continue  # "định kỳ 6 tháng, hằng năm hoặc đột xuất": no single unambiguous rule
        if kind == "monthly" and _MONTHLY_DAY.search(fclause):
            continue
        if kind == "yearly" and _YEARLY.search(fclause):
            continue
        if kind == "yearly" and not re.search(r"dinh ky\s*$", f[max(lo, m.start() - 12):m.start()]):
            continue  # "chỉ số … hằng năm" names a yearly thing; only "định kỳ hằng năm" is a duty
        start = m.start()
        lead = re.search(r"dinh ky\s*$", f[max(lo, start - 12):start])
        if lead:
            start = max(lo, start - 12) + lead.start()
        add(m.start(), doc.text[start:m.end()], None, kind, None, confidence=0.6)
    return _dedupe(found), read_events(doc, body)


def _cue_start(f: str, pos: int) -> int:
    m = re.search(rf"(?:{TRUOC}|cham\s+nhat(?:\s+la)?(?:\s+vao)?|han\s+chot)\s*$", f[max(0, pos - 25):pos])
    return max(0, pos - 25) + m.start() if m else pos


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


def _sentence_end(f: str, start: int, hi: int) -> int:
    m = re.search(r"\.(?:\s|$)|\n\s*(?:\d{1,2}\s*[.)]|[a-zđ]\)|[-+•])\s", f[start:min(hi, start + 600)])
    return start + m.start() if m else min(hi, start + 600)


_CLAUSE_BREAK = re.compile(r"[.;]\s|\n\s*(?:\d{1,2}\s*[.)]|[a-zđ]\)|[-+•])\s|:\s*\n")
_CLAUSE_END = re.compile(r"[.;](?:\s|$)|\n\s*(?:\d{1,2}\s*[.)]|[a-zđ]\)|[-+•])\s")


def _clause(f: str, pos: int, lo: int, hi: int) -> tuple[int, int]:
    """The sentence or list item around ``pos``."""
    window_lo = max(lo, pos - 1000)
    start = window_lo
    for m in _CLAUSE_BREAK.finditer(f, window_lo, pos):
        start = m.end()
    end = hi
    m = _CLAUSE_END.search(f, pos, min(hi, pos + 800))
    if m:
        end = m.start()
    return start, end


_ASKS = _ws_compile(r"\b(?:de nghi|giao|yeu cau|kinh de nghi|kinh moi)\s+")
_ACTOR_WORDS = _ws_compile(
    r"\b(?:so|bo|ubnd|uy ban|phong|ban|van phong|co quan|don vi|dia phuong|trung tam|cong an|"
    r"thanh vien|hoi|doanh nghiep|nganh|huyen|xa|tinh|chu tich|thu truong|giam doc|truong|cuc)\b")
_LEAD_IN = _ws_compile(r"^\s*(?:can cu|thuc hien|theo|tren co so|de|nham|sau khi)\b[^,]*,\s*")


def _subject(text: str, ftext: str, cue_at: int) -> str:
    """The unit named as the doer of a clause, or ""."""
    # "đề nghị" after "hồ sơ" or "văn bản" is a noun ("hồ sơ đề nghị khen thưởng"), not an ask.
    all_asks = [m for m in _ASKS.finditer(ftext)
                if not re.search(r"(?:ho so|van ban|to trinh|giay)\s+$", ftext[max(0, m.start() - 10):m.start()])]
    asks = [m for m in all_asks if m.start() < max(cue_at, 1)] or all_asks[:1]
    if asks:
        s0 = asks[-1].end()
    else:
        s0 = 0
        item = re.match(r"^\s*(?:\d{1,2}\s*[.)]|[a-zđ]\)|[-+•])\s*", ftext)
        if item:
            s0 = item.end()
        cue = re.match(rf"\s*(?:{TRUOC}|cham\s+nhat|han\s+chot|dinh ky|{HANG}|{NAM}\s+\d{{4}}|quy\s+[ivx]+)[^,:]*[,:]\s*",
                       ftext[s0:])
        if cue:
            s0 += cue.end()
        lead = _LEAD_IN.match(ftext[s0:])
        if lead:
            s0 += lead.end()
    m = _ACTOR_STOP.search(ftext, s0)
    subject = text[s0:m.start() if m else min(len(text), s0 + 150)]
    subject = re.split(r":|\n\s*(?:\d{1,2}\s*[.)]|[a-zđ]\))", subject)[0].strip(" ,:;")
    return subject if len(subject) >= 3 and _ACTOR_WORDS.search(fast_fold(subject)) else ""


_LEVELS = [r"[IVX]{1,4}\.", r"\d{1,2}\s*\.", r"[a-zđ]\)", r"[-+•]"]


def _actor(doc: Doc, c_lo: int, clause: str, fclause: str, cue_at: int, lo: int) -> str:
    """Who must act: the unit asked in the clause ("đề nghị X …", "X báo cáo …"), the subject of
    the item it sits in, or that item's heading ("2. Văn phòng UBND tỉnh (…)")."""
    subject = _subject(clause, fclause, cue_at)
    if subject:
        return subject
    f = doc.folded
    li = doc.line_at(c_lo)
    # The item the clause belongs to: its first line gives the subject ("- UBND huyện X …; kịp thời …").
    level = None
    for i in range(li, max(-1, li - 12), -1):
        line = doc.lines[i]
        if line.start < lo:
            break
        for k, pat in enumerate(_LEVELS):
            if re.match(rf"^\s*{pat}\s", line.text):
                level = k
                break
        if level is not None:
            item_lo = line.start
            item_f = f[item_lo:c_lo + len(clause)]
            sub = _subject(doc.text[item_lo:c_lo + len(clause)], item_f, len(item_f))
            if sub:
                return sub
            break
    # The sentence the clause belongs to ("… giao Sở X chủ trì, …; tổng hợp, báo cáo … trước …").
    sent_lo = max(lo, max(f.rfind(". ", lo, c_lo), f.rfind(".\n", lo, c_lo)) + 2)
    if sent_lo < c_lo:
        seg_f = f[sent_lo:c_lo + len(clause)]
        if _ASKS.search(seg_f):
            sub = _subject(doc.text[sent_lo:c_lo + len(clause)], seg_f, len(seg_f))
            if sub:
                return sub
    # Otherwise the lead-in line of the list ("Giao Sở Nội vụ chủ trì, …:") or the heading above.
    if level is None:
        level = len(_LEVELS)
    for i in range(li - 1, max(-1, li - 40), -1):
        line = doc.lines[i]
        if line.start < lo:
            break
        if line.text.rstrip().endswith(":") and _ASKS.search(line.folded):
            sub = _subject(line.text, line.folded, len(line.folded))
            if sub:
                return sub
        for k, pat in enumerate(_LEVELS[:level]):
            hm = re.match(rf"^\s*{pat}\s*(.{{3,160}})$", line.text)
            if hm and _ACTOR_WORDS.search(line.folded[:80]):
                return re.sub(r"(?i)^(?:giao|đề nghị|yêu cầu)\s+", "", hm.group(1).strip(" :"))
    return ""


def _dedupe(items: list[Deadline]) -> list[Deadline]:
    out: list[Deadline] = []
    for d in items:
        dup = next((x for x in out if x.date == d.date and x.recurrence == d.recurrence
                    and (d.date is not None or x.what == d.what)), None)
        if dup is None:
            out.append(d)
    return out


def read_events(doc: Doc, body: tuple[int, int]) -> list[Event]:
    """Meetings and other dated events ("Thời gian: 14h00 ngày 22/01/2026")."""
    lo, hi = body
    f = doc.folded
    events: list[Event] = []
    for m in _EVENT.finditer(f, lo, hi):
        window = f[m.start():m.start() + 90]
        dates = find_dates(window)
        if not dates:
            continue
        d = dates[0]
        if _DATE_CUE.search(window[:d.start]):
            continue
        when = clean_space(doc.text[m.start():m.start() + d.end])
        c_lo, c_hi = _clause(f, m.start(), lo, hi)
        if any(e.date == d.value for e in events):
            continue
        events.append(Event(when=when, date=d.value, what=clean_space(doc.text[c_lo:c_hi])[:200]))
    return events
