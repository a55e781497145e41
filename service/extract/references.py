"""Cited documents (văn bản dẫn chiếu): legal bases (Căn cứ), Thực hiện / Theo đề nghị, and every
number-symbol cited in the body, each with its date and issuer where the text gives them."""

from __future__ import annotations

import bisect
import re

from service.extract.document import Doc
from service.models import Reference
from service.text.dates import find_dates
from service.text.match import clean_space
from service.text.normalize import fast_fold
from service.text.restore import DOC_TYPES, TYPE_BY_FOLDED, restore_symbol

# On folded text: "2282/kh-ubnd", "71/2016/nd-cp", "222, 223, 224/hdnd-ktns", "734, 735 va 736/qd-ubnd".
_NUM_LIST = r"\d{1,6}(?:\.\d{1,3})?(?:\s*,\s*\d{1,6})*(?:\s*(?:,|va)\s*\d{1,6})?"
_SYM = r"(?:[a-z]|5(?=[a-z]{1,5}-))[a-z0-9&]*(?:[-.][a-z0-9&]+)*(?:\([a-z0-9]+\))?"
# (It starts with the digits so the regex engine can skip ahead; what precedes is checked in code.)
REF_RE = re.compile(rf"(?P<nums>{_NUM_LIST})\s*/\s*(?P<year>(?:19|20)\d\d\s*/\s*)?(?P<sym>{_SYM})")
# Party documents number as "22-KH/TU", "57-NQ/TW".
PARTY_RE = re.compile(r"(\d{1,6})-([A-ZĐ]{1,5})/([A-ZĐ]{1,6}(?:[A-ZĐ0-9]{0,4}))(?![\w/])")
_TYPE_WORDS = sorted(TYPE_BY_FOLDED, key=len, reverse=True) + ["van ban", "ket luan", "luat"]
_TYPE_BEFORE = re.compile(rf"({'|'.join(re.escape(t) for t in _TYPE_WORDS)})(?:\s+so)?\s*$")
_CUE_BEFORE = re.compile(r"(?:\bso|\bvan ban|\bcong van|\bquyet dinh|\bke hoach)\s*$")
_ISSUER_STOP = re.compile(
    r"\s(?:ve\s|ve viec|ban hanh|quy dinh|huong dan|phe duyet|sua doi|thanh lap|to chuc|trien khai|"
    r"thuc hien|trong|nhu sau|tai\s|va\s|da\s|do\s|de\s|cho\s|voi\s|nham|theo)"
)


# Breaks OCR and line wrapping put inside a symbol; group "gap" is what to drop.
_BREAKS = re.compile(
    r"(?P<gap>-[ \t]*\n[ \t]*)(?=[A-ZĐ]{2})"
    r"|/[A-ZĐÐa-zđ&][A-ZĐÐa-zđ&1]{0,9}(?P<gap2>-[ \t-]*[ \t][ \t-]*)(?=[A-ZĐ]{2})"
    r"|/(?P<gap3>[ \t]*\n[ \t]*)(?=[A-ZĐ]{2}|(?:19|20)\d\d/)"
)


class _Offsets:
    """Maps an offset in the joined text back to the original: ``shifts`` holds, for each cut,
    the joined offset where it happened and the characters removed up to there."""

    def __init__(self) -> None:
        self.at: list[int] = []
        self.removed: list[int] = []

    def __call__(self, joined: int) -> int:
        k = bisect.bisect_right(self.at, joined)
        return joined + (self.removed[k - 1] if k else 0)


def _join_broken_symbols(text: str, folded: str) -> tuple[str, str, _Offsets]:
    """Undo breaks inside symbols ("287/STC-\\nHCSN", "08/QĐ- -TTg", "346/UBND- NC"); returns the
    joined text, its fold, and the map of its offsets back to ``text``."""
    pieces: list[str] = []
    fpieces: list[str] = []
    where = _Offsets()
    pos = joined = removed = 0
    for m in _BREAKS.finditer(text):
        if m.group("gap") and not (m.start() and text[m.start() - 1].isalnum()):
            continue  # a dash ending a line of prose, not a symbol broken at its hyphen
        name = "gap" if m.group("gap") else ("gap2" if m.group("gap2") else "gap3")
        g0, g1 = m.span(name)
        keep = "-" if name != "gap3" else ""
        pieces += [text[pos:g0], keep]
        fpieces += [folded[pos:g0], keep]
        joined += g0 - pos + len(keep)
        removed += (g1 - g0) - len(keep)
        where.at.append(joined)
        where.removed.append(removed)
        pos = g1
    pieces.append(text[pos:])
    fpieces.append(folded[pos:])
    return "".join(pieces), "".join(fpieces), where


def _clean_symbol(sym: str) -> str:
    """OCR doubles the crossed D ("QĐÐ", "HĐÐĐND"): symbols never repeat it; it reads the S that
    opens a body's abbreviation as a 5 ("5TC-HCSN"): symbols start with a letter; it reads a type's
    T as a 1 ("04/2022/T1-BXD"): a type's abbreviation has no digit."""
    sym = re.sub(r"[ĐÐ]{2,}", "Đ", sym.replace("Ð", "Đ"))
    sym = "S" + sym[1:] if re.match(r"5[A-ZĐ]{1,5}-", sym) else sym
    head, dash, rest = sym.partition("-")
    if dash and "1" in head and head.replace("1", "T") in _TYPE_CODES:
        return head.replace("1", "T") + dash + rest
    return sym


_TYPE_CODES = {a for a in DOC_TYPES.values() if a}
_TYPE_ABBRS = sorted({fast_fold(a) for a in _TYPE_CODES}, key=len, reverse=True)
# "số 125TTr-HĐND": a number glued to a type's symbol, after "số" (on folded text).
_GLUED_RE = re.compile(
    rf"\bso\s(?P<num>\d{{1,6}})(?P<sym>(?:{'|'.join(_TYPE_ABBRS)})-[a-z][a-z0-9&]*(?:-[a-z0-9&]+)*)"
)


_OWN_LABEL = re.compile(r"(?:S|\$)[oô0ố6]\s*[:;.]\s*$")


def read_references(
    doc: Doc, own_key: str | None, skip_spans: tuple[tuple[int, int], ...] = ()
) -> list[Reference]:
    """References in the order cited; ``skip_spans`` (the own number line, the summary) are not
    searched, since the text after the header only cites there what the body cites again."""
    text, folded, where = _join_broken_symbols(doc.text, doc.folded)
    refs: list[Reference] = []
    seen: set[str] = set()
    own = fast_fold(own_key or "").replace(" ", "")
    for m in REF_RE.finditer(folded):
        if _is_citation(text, folded, m) and not any(a <= where(m.start()) < b for a, b in skip_spans):
            refs += _numbered_references(text, folded, m, seen, own)
    refs += _glued_references(text, folded, seen, own)
    refs += _party_references(text, folded, seen)
    refs += _read_laws(doc, {r.text for r in refs})
    return refs


def _is_citation(text: str, folded: str, m: re.Match[str]) -> bool:
    """A number-symbol that cites another document: not this one's own number, not inside a longer
    token, with a symbol in capitals and a dash, a year or a cue ("theo Kế hoạch số …")."""
    if _OWN_LABEL.search(text[max(0, m.start() - 8) : m.start()].replace("$", "S")):
        return False  # this document's own number
    if (m.start() and folded[m.start() - 1] in "/.") or folded[m.start() - 1 : m.start()].isalnum():
        return False  # inside a longer token ("66.7/2025/…" is read from its start)
    sym_raw = text[m.start("sym") : m.end("sym")]
    before = folded[max(0, m.start() - 40) : m.start()]
    has_cue = bool(_CUE_BEFORE.search(before.rstrip()) or _TYPE_BEFORE.search(before.rstrip()))
    if "-" not in sym_raw and not m.group("year") and not has_cue:
        return False
    if not re.search(r"[A-ZĐ5]", sym_raw[:1] or ""):
        return False  # symbols are written in capitals ("KH-UBND", "TTr-STP")
    return not re.fullmatch(r"[A-ZĐ]", sym_raw)


def _numbered_references(
    text: str, folded: str, m: re.Match[str], seen: set[str], own: str
) -> list[Reference]:
    """One citation's references, one a number ("các Kế hoạch số 12, 15/KH-UBND"), each once."""
    sym_raw = text[m.start("sym") : m.end("sym")]
    before = folded[max(0, m.start() - 40) : m.start()]
    year = (m.group("year") or "").replace(" ", "")
    numbers = re.findall(r"\d{1,6}(?:\.\d{1,3})?", m.group("nums"))
    start = _excerpt_start(folded, m.start())
    lead = text[start : m.start()]
    if lead.endswith("$") and _CUE_BEFORE.search(before[:-1].rstrip()):
        numbers[0] = "5" + numbers[0]  # "số $17/TTr-BNV": OCR's 5 (no sum of money has a symbol)
        lead = lead[:-1] + "5"
    sym_raw = restore_symbol(_clean_symbol(sym_raw))
    end, ref_date, issuer = _excerpt_tail(text, folded, m.end())
    excerpt = clean_space(lead + text[m.start() : m.start("sym")] + sym_raw + text[m.end("sym") : end])
    doc_type = _type_of(folded[start : m.start()])
    refs = []
    for num in numbers:
        key = f"{num}/{year}{sym_raw}"
        if key in seen or fast_fold(key) == own:
            continue
        seen.add(key)
        refs.append(
            Reference(text=excerpt, number_symbol=key, doc_type=doc_type, date=ref_date, issuer=issuer)
        )
    return refs


def _party_references(text: str, folded: str, seen: set[str]) -> list[Reference]:
    """The Party's documents, cited by number and kind alone ("Chỉ thị số 05-CT/TW")."""
    refs = []
    for m in PARTY_RE.finditer(text):
        if m.start() and (text[m.start() - 1].isalnum() or text[m.start() - 1] in "/.-"):
            continue
        key = m.group(0)
        if key in seen:
            continue
        seen.add(key)
        start = _excerpt_start(folded, m.start())
        end, ref_date, issuer = _excerpt_tail(text, folded, m.end())
        refs.append(
            Reference(
                text=clean_space(text[start:end]),
                number_symbol=key,
                doc_type=_type_of(folded[start : m.start()]),
                date=ref_date,
                issuer=issuer,
            )
        )
    return refs


def _glued_references(text: str, folded: str, seen: set[str], own: str) -> list[Reference]:
    """ "Tờ trình số 125TTr-HĐND": OCR lost the slash between the number and a type's symbol."""
    refs = []
    for m in _GLUED_RE.finditer(folded):
        sym_raw = restore_symbol(_clean_symbol(text[m.start("sym") : m.end("sym")]))
        key = f"{m.group('num')}/{sym_raw}"
        if key in seen or fast_fold(key) == own or not sym_raw[:1].isupper():
            continue
        seen.add(key)
        end, ref_date, issuer = _excerpt_tail(text, folded, m.end())
        start = _excerpt_start(folded, m.start("num"))
        excerpt = clean_space(text[start : m.start("sym")] + "/" + sym_raw + text[m.end("sym") : end])
        refs.append(Reference(excerpt, key, _type_of(folded[start : m.start("num")]), ref_date, issuer))
    return refs


# Laws are cited by name and date, without a number: "Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015",
# "Luật Tố tụng hành chính năm 2015".
_LAW = re.compile(
    r"(?<!\w)(?P<kind>bo luat|luat|hien phap|phap lenh)\s+(?P<name>[^\W\d][^.;:()\n]{2,110}?)"
    r"\s+(?P<when>ngay\s+\d{1,2}(?:\s*/\s*\d{1,2}\s*/\s*|\s+thang\s+\d{1,2}\s+nam\s+)(?:19|20)\d\d"
    r"|nam\s+(?:19|20)\d\d)"
)


def _read_laws(doc: Doc, seen_texts: set[str]) -> list[Reference]:
    out: list[Reference] = []
    pos = 0
    while (m := _LAW.search(doc.folded, pos)) is not None:
        pos = m.end()
        if not doc.text[m.start("kind")].isupper() or not doc.text[m.start("name")].isupper():
            pos = m.start("kind") + 1  # "luật" as a common noun ("pháp luật và Luật …"): look on
            continue
        if re.search(r"\d{1,6}\s*/", m.group("name")):
            continue  # a numbered citation, read above
        text = clean_space(doc.text[m.start() : m.end()])
        if text in seen_texts:
            continue
        seen_texts.add(text)
        dates = find_dates(doc.folded[m.start("when") : m.end("when")])
        out.append(
            Reference(
                text=text,
                number_symbol=None,
                doc_type=TYPE_BY_FOLDED.get(m.group("kind")),
                date=dates[0].value if dates else None,
            )
        )
    return out


def _excerpt_start(folded: str, pos: int) -> int:
    window_start = max(0, pos - 45)
    window = folded[window_start:pos]
    best = None
    for t in _TYPE_WORDS:
        i = window.rfind(t)
        if i >= 0 and (best is None or i > best):
            best = i
    if best is None:
        return pos
    start = window_start + best
    # Don't run back across a sentence break.
    brk = max(folded.rfind(";", start, pos), folded.rfind(". ", start, pos))
    return pos if brk >= 0 else start


def _excerpt_tail(text: str, folded: str, pos: int):
    """Extend past the symbol over "ngày …" and "của <issuer>"."""
    end = pos
    ref_date = None
    window = folded[pos : pos + 60]
    dm = re.match(r"[\s,(]*(?:ngay\s*)?", window)
    dates = find_dates(window)
    if dates and dates[0].start <= (dm.end() if dm else 0) + 6:
        ref_date = dates[0].value
        end = pos + dates[0].end
    issuer = None
    cm = re.match(r"\)?\s*,?\s*cua\s+", folded[end : end + 12])
    if cm:
        s = end + cm.end()
        tail = folded[s : s + 90]
        stop = len(tail)
        for pat in (re.compile(r"[,;.:()\n]"), _ISSUER_STOP):
            mm = pat.search(tail)
            if mm:
                stop = min(stop, mm.start())
        issuer = clean_space(text[s : s + stop]) or None
        if issuer:
            end = s + stop
    return end, ref_date, issuer


def _type_of(prefix_folded: str) -> str | None:
    for t in _TYPE_WORDS:
        if prefix_folded.startswith(t):
            return TYPE_BY_FOLDED.get(t)
    return None
