"""Clauses and parties (chủ thể): the sentence a deadline sits in, who must act, to whom.

Pure: works on a Doc's folded text, returns spans and strings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from service.extract.document import Doc
from service.extract.units import Who, resolve_who
from service.extract.when import HANG, TRUOC
from service.models import Organisation
from service.text.dates import NAM
from service.text.match import clean_space, is_accent_poor
from service.text.normalize import fast_fold


def ws_compile(pattern: str) -> re.Pattern:
    """Compile with every literal space matching any run of white space (words wrap)."""
    return re.compile(re.sub(r"(?<!\\) ", r"\\s+", pattern))


_TO_WHOM = ws_compile(
    r"(?:gui|bao cao|ve)\s+(?:ve\s+)?(?P<to>(?:bo|so|ubnd|uy ban nhan dan|van phong|phong|ban|lanh dao)"
    r"\b[^,.;:()]{0,100})"
)
_TO_STOP = ws_compile(
    r"\s(?:truoc|cham nhat|de\s|trong\s|theo\s|ket qua|doi voi|tinh hinh|ve viec|"
    r"ve tinh hinh|ve cong tac|ve ket qua|chu tri|khi)"
)
# Verbs of a duty, and the time words that may stand between the doer and the duty.
_DUTY_VERBS = (
    r"bao cao|gui|xay dung|hoan thanh|chu tri|tham muu|thuc hien|to chuc|ban hanh|danh gia|"
    r"cong khai|ra soat|cap nhat|tong hop|trien khai|phoi hop|de xuat|lap|chuan bi|co van ban|"
    r"tien hanh|chi dao|quan tam|khan truong|can cu|chu dong|theo doi|tiep tuc|nghien cuu"
)
_DUTY = ws_compile(rf"\b(?:{_DUTY_VERBS})\b")
_ACTOR_STOP = ws_compile(
    rf"\b(?:{_DUTY_VERBS}|dinh ky|hang tuan|hang thang|hang quy|hang nam|truoc ngay|cham nhat|"
    r"trong thoi han)\b"
)
_SUPPORT = ws_compile(r"\bphoi hop(?: chat che)?(?: voi)?\s+")


def duty_span(f: str, clause_lo: int, clause_hi: int, cue_lo: int, cue_hi: int) -> tuple[int, int]:
    """The part of a clause that says what must be done ("báo cáo tình hình … về UBND huyện"),
    without the doer before it and without the time phrase ``[cue_lo, cue_hi)``."""
    start = clause_lo
    # The duty follows the ask ("đề nghị UBND tỉnh … xây dựng báo cáo …"), when there is one.
    asks = [m for m in _ASKS.finditer(f, clause_lo, max(clause_lo, cue_lo))]
    duty = _first_duty(f, asks[-1].end() if asks else clause_lo, clause_hi, cue_lo, cue_hi)
    if duty:
        start = duty.start()
    elif cue_lo <= clause_lo + 2 and cue_hi < clause_hi:
        start = cue_hi  # the clause opens with its time: what follows it
    end = clause_hi
    if start < cue_lo < end:  # "… báo cáo UBND tỉnh trước ngày 15/12/2025": drop the trailing time
        end = cue_lo
    return start, end


def _first_duty(f: str, lo: int, hi: int, cue_lo: int, cue_hi: int) -> re.Match | None:
    for m in _DUTY.finditer(f, lo, hi):
        if cue_lo <= m.start() < cue_hi:
            continue  # a verb inside the time phrase is not the duty
        if (
            f[m.end() : m.end() + 2].lstrip().startswith(":")
            or f[max(0, m.start() - 5) : m.start()] == "kinh "
        ):
            continue  # "Kính gửi:", a heading
        return m
    return None


@dataclass
class Parties:
    who: Who
    who_text: str
    to_whom: str


def read_parties(
    doc: Doc, clause_lo: int, clause_hi: int, pos: int, body: tuple[int, int], org: Organisation | None
) -> Parties:
    """Who must act on the clause ``[clause_lo, clause_hi)`` (lead and support units resolved to
    the office's configuration) and to whom it goes."""
    lo, hi = body
    f = doc.folded
    clause, fclause = doc.text[clause_lo:clause_hi], f[clause_lo:clause_hi]
    sentence_hi = _sentence_end(f, clause_lo, hi)
    actor = _actor(
        doc, clause_lo, doc.text[clause_lo:sentence_hi], f[clause_lo:sentence_hi], pos - clause_lo, lo
    )
    who = resolve_who(actor, org, lead_text=clause)
    sup = _SUPPORT.search(fclause)
    if sup and org is not None:
        stop = _ACTOR_STOP.search(fclause, sup.end())
        _add_support(who, resolve_who(clause[sup.end() : stop.start() if stop else len(clause)], org))
    to = _TO_WHOM.search(fclause)
    to_whom = ""
    if to:
        stop = _TO_STOP.search(fclause, to.start("to"), to.end("to"))
        to_whom = clean_space(clause[to.start("to") : stop.start() if stop else to.end("to")])
        if not stop and to.end("to") - to.start("to") >= 100:
            to_whom = to_whom.rsplit(" ", 1)[0]  # cut at the limit: drop the partial word
    return Parties(who, _who_text(who, actor), to_whom)


def parties_named(
    doers: str, support: str, org: Organisation | None, to_whom: str, *, leads: bool = False
) -> Parties:
    """Parties named by a task's labelled fields ("Đơn vị thực hiện: …", "Đơn vị phối hợp: …") or
    a task table's cells; ``leads``: the doers are the lead units (a "chủ trì" column)."""
    who = resolve_who(doers, org)
    if leads:
        who.lead_unit_ids = list(who.unit_ids)
    if support and org is not None:
        _add_support(who, resolve_who(support, org))
    return Parties(who, _who_text(who, doers), to_whom)


def _add_support(who: Who, support: Who) -> None:
    who.unit_ids += [u for u in support.unit_ids if u not in who.unit_ids]
    who.group_ids += [g for g in support.group_ids if g not in who.group_ids]


def _who_text(who: Who, actor: str) -> str:
    # Text whose marks OCR lost is named by the configured names it matched.
    return "; ".join(who.names) if who.names and is_accent_poor(actor) else clean_space(actor)


def _sentence_end(f: str, start: int, hi: int) -> int:
    m = re.search(r"\.(?:\s|$)|\n\s*(?:\d{1,2}\s*[.)]|[a-zđ]\)|[-+•])\s", f[start : min(hi, start + 600)])
    return start + m.start() if m else min(hi, start + 600)


_CLAUSE_BREAK = re.compile(r"[.;]\s|\n\s*(?:\d{1,2}\s*[.)]|[a-zđ]\)|[-+•])\s|:\s*\n")
_CLAUSE_END = re.compile(r"[.;](?:\s|$)|\n\s*(?:\d{1,2}\s*[.)]|[a-zđ]\)|[-+•])\s")


_LIST_MARK = re.compile(r"(?:^|(?<=\n))\s*(?:\d{1,2}|[a-zđ])\)")  # "d) ", "1) ": not brackets


def read_clause(f: str, pos: int, lo: int, hi: int) -> tuple[int, int]:
    """The sentence or list item around ``pos``; a ";" or "." inside brackets ("(quy hoạch sử dụng
    đất; quy hoạch xây dựng)") does not end it."""
    window_lo = max(lo, pos - 1000)
    start = window_lo
    for m in _CLAUSE_BREAK.finditer(f, window_lo, pos):
        between = _LIST_MARK.sub("", f[m.end() : pos])
        if between.count(")") > between.count("(") and m.group(0)[0] in ".;":
            continue  # the break stands inside brackets that close before pos
        start = m.end()
    end = hi
    search_from = pos
    while True:
        close = _CLAUSE_END.search(f, search_from, min(hi, pos + 800))
        if not close:
            break
        between = _LIST_MARK.sub("", f[pos : close.start()])
        if between.count("(") > between.count(")") and close.group(0)[0] in ".;":
            search_from = close.end()  # inside brackets opened after pos: read on
            continue
        end = close.start()
        break
    return start, end


_ASKS = ws_compile(r"\b(?:de nghi|giao|yeu cau|kinh de nghi|kinh moi)\s+")
_ACTOR_WORDS = ws_compile(
    r"\b(?:so|bo|ubnd|uy ban|phong|ban|van phong|co quan|don vi|dia phuong|trung tam|cong an|"
    r"thanh vien|hoi|doanh nghiep|nganh|huyen|xa|tinh|chu tich|thu truong|giam doc|truong|cuc)\b"
)
_NOUN_BEFORE_ASK = re.compile(r"(?:ho so|van ban|to trinh|giay)\s+$")
# A clause that opens with its time ("Trước ngày 10 tháng 11 hằng năm, các cơ quan …").
_CUE_LEAD = re.compile(
    rf"\s*(?:{TRUOC}|cham\s+nhat|han\s+chot|dinh ky|{HANG}|{NAM}\s+\d{{4}}|quy\s+[ivx]+)[^,:]*[,:]\s*"
)
_LEAD_IN = ws_compile(r"^\s*(?:can cu|thuc hien|theo|tren co so|de|nham|sau khi)\b[^,]*,\s*")


def _subject(text: str, ftext: str, cue_at: int) -> str:
    """The unit named as the doer of a clause, or ""."""
    # "đề nghị" after "hồ sơ" or "văn bản" is a noun ("hồ sơ đề nghị khen thưởng"), not an ask.
    all_asks = [
        m
        for m in _ASKS.finditer(ftext)
        if not _NOUN_BEFORE_ASK.search(ftext, max(0, m.start() - 10), m.start())
    ]
    asks = [m for m in all_asks if m.start() < max(cue_at, 1)] or all_asks[:1]
    if asks:
        s0 = asks[-1].end()
    else:
        s0 = 0
        item = re.match(r"^\s*(?:\d{1,2}\s*[.)]|[a-zđ]\)|[-+•])\s*", ftext)
        if item:
            s0 = item.end()
        cue = _CUE_LEAD.match(ftext[s0:])
        # Only a time phrase is skipped ("Trước ngày 10 tháng 11 hằng năm, …"), not a duty that
        # follows it up to a comma ("định kỳ hằng tuần báo cáo kết quả …, …").
        if cue and not _DUTY.search(ftext, s0, s0 + cue.end()):
            s0 += cue.end()
        lead = _LEAD_IN.match(ftext[s0:])
        if lead:
            s0 += lead.end()
    m = _ACTOR_STOP.search(ftext, s0)
    subject = text[s0 : m.start() if m else min(len(text), s0 + 150)]
    subject = re.split(r":|\n\s*(?:\d{1,2}\s*[.)]|[a-zđ]\))", subject)[0].strip(" ,:;")
    return subject if len(subject) >= 3 and _ACTOR_WORDS.search(fast_fold(subject)) else ""


_LEVELS = [r"[IVX]{1,4}\.", r"\d{1,2}\s*\.", r"[a-zđ]\)", r"[-+•]"]

# A list item written as labelled fields, as plans set out their tasks:
#   1. Báo cáo kết quả thực hiện
#   - Đơn vị thực hiện: Các cơ quan, ban, ngành huyện; UBND các xã, thị trấn.
#   - Thời hạn: trước ngày 05 tháng 11 hằng năm.
# The deadline on the time field is the item's: its duty is the heading, its doers the doer field.
_FIELD = re.compile(r"^\s*(?:[-+•]\s*)?(?P<label>[a-z][a-z /,()]{1,40}?)\s*:\s*(?P<value>\S.*)?$")
_TIME_FIELD = re.compile(r"(?:thoi han|thoi gian|han (?:hoan thanh|nop|gui|chot)|tien do)\b")
_DOER_FIELD = re.compile(r"(?:(?:don vi|co quan|bo phan)\s+)?(?:thuc hien|chu tri)\b")
_SUPPORT_FIELD = re.compile(r"(?:(?:don vi|co quan)\s+)?phoi hop\b")
_ITEM_MARK = re.compile(r"^\s*(?:[IVX]{1,4}\.|\d{1,2}(?:\.\d{1,2})*\s*[.)]?|[a-zđ]\)|[-+•])\s+")


@dataclass
class LabelledItem:
    heading: tuple[int, int] | None  # the heading's text, without its number or bullet
    doers: str  # the value of "Đơn vị thực hiện:", "Cơ quan chủ trì:" …
    support: str  # the value of "Đơn vị phối hợp:" …


def labelled_item(doc: Doc, pos: int, lo: int, hi: int) -> LabelledItem | None:
    """The labelled list item whose time field holds ``pos``, or None."""
    li = doc.line_at(pos)
    own = _FIELD.match(doc.lines[li].folded)
    if not own or not _TIME_FIELD.match(own.group("label")):
        return None
    fields: dict[str, str] = {}

    def field_of(i: int) -> bool:
        line = doc.lines[i]
        m = _FIELD.match(line.folded)
        if not m or not m.group("value") or _TIME_FIELD.match(m.group("label")):
            return bool(m and m.group("value"))
        fields.setdefault(m.group("label").strip(), line.text[m.start("value") :].strip(" ;."))
        return True

    heading = None
    for i in range(li - 1, max(-1, li - 10), -1):
        line = doc.lines[i]
        if line.start < lo:
            break
        if not line.text.strip() or field_of(i):
            continue
        mark = _ITEM_MARK.match(line.text)
        if mark or len(line.text.strip()) <= 150:  # a heading, not a paragraph of prose
            heading = (line.start + (mark.end() if mark else 0), line.end)
        break
    for i in range(li + 1, min(len(doc.lines), li + 10)):
        if doc.lines[i].start >= hi or not field_of(i):
            break
    doers = next((v for k, v in fields.items() if _DOER_FIELD.match(k)), "")
    support = next((v for k, v in fields.items() if _SUPPORT_FIELD.match(k)), "")
    return LabelledItem(heading, doers, support)


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
            item_f = f[item_lo : c_lo + len(clause)]
            sub = _subject(doc.text[item_lo : c_lo + len(clause)], item_f, len(item_f))
            if sub:
                return sub
            break
    # The sentence the clause belongs to ("… giao Sở X chủ trì, …; tổng hợp, báo cáo … trước …").
    sent_lo = max(lo, max(f.rfind(". ", lo, c_lo), f.rfind(".\n", lo, c_lo)) + 2)
    if sent_lo < c_lo:
        seg_f = f[sent_lo : c_lo + len(clause)]
        if _ASKS.search(seg_f):
            sub = _subject(doc.text[sent_lo : c_lo + len(clause)], seg_f, len(seg_f))
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
        for pat in _LEVELS[:level]:
            hm = re.match(rf"^\s*{pat}\s*(.{{3,160}})$", line.text)
            if hm and _ACTOR_WORDS.search(line.folded[:80]):
                return re.sub(r"(?i)^(?:giao|đề nghị|yêu cầu)\s+", "", hm.group(1).strip(" :"))
    return ""
