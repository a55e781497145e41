"""The type line and the summary (trích yếu) under the header: "KẾ HOẠCH" and what follows it, a
công văn's "V/v …", read to its end on a scan (past a blank line, beside the incoming stamp) and not
into the body."""

from __future__ import annotations

import re

from service.extract.document import Doc
from service.extract.header_lines import (
    BODY_OPENS,
    DATE_LINE_RE,
    PARAGRAPH_OPENS,
    VV_RE,
    Header,
    header_anchor,
    is_stamp,
    trailing_place,
)
from service.text.match import MOTTO, NATIONAL, clean_space, is_upper_line, noise_ratio
from service.text.normalize import fast_fold
from service.text.restore import TYPE_BY_ABBR, TYPE_BY_FOLDED


def read_type_and_summary(doc: Doc, h: Header) -> None:
    anchor = header_anchor(h)
    start = (max(x for x in (h.number_line, h.date_line) if x is not None) + 1) if anchor is not None else 0
    for i in range(start, min(len(doc.lines), start + 14)):
        t = doc.lines[i].text.strip().rstrip(":").strip()
        if not t or not is_upper_line(t) or len(t.split()) > 6:
            continue
        name = _type_name(t)
        if name:
            h.doc_type, h.type_line = name, i
            h.summary, h.summary_noisy, h.summary_span = _collect_summary(doc, i + 1)
            if h.summary is None and fast_fold(name) == "giay moi":
                h.summary = _invitation_subject(doc, i + 1)
            return
    # No type line. The symbol names the type where it has one (Phụ lục III: "QĐ-TTg"); a symbol
    # that starts with the body instead ("UBND-KGVX", "BNV-TCPCP") is a công văn's.
    typed = _type_of_symbol(h.symbol)
    # A công văn's summary is the "V/v …" under the number; a decision may open "Về việc …" too.
    lo = max(0, (anchor or 0) - 6)
    near_number = range(h.number_line, h.number_line + 3) if h.number_line is not None else range(0)
    for i in range(lo, min(len(doc.lines), lo + 24)):
        f = doc.lines[i].folded.strip()
        # At a line's start, or after the number when OCR merged them ("Số: 574/UBND-KTTH V/v …").
        if VV_RE.match(f) or (i in near_number and re.search(r"(?:^|\s)\(?v\s*/\s*v\s", f)):
            h.doc_type = typed or "Công văn"
            h.summary, h.summary_noisy, h.summary_span = _collect_summary(doc, i, first_is_vv=True)
            return
    if typed:
        # OCR broke the type line ("VÉT ĐINH" / "QU :"): the summary is the first line of prose
        # after the header's own lines.
        h.doc_type = typed
        first = _first_prose_line(doc, start)
        if first is not None:
            h.summary, h.summary_noisy, h.summary_span = _collect_summary(doc, first)
    elif h.symbol:
        h.doc_type = "Công văn"


def _type_of_symbol(symbol: str | None) -> str | None:
    """The document type a symbol's first part names ("QĐ-TTg" → Quyết định), or None."""
    if not symbol:
        return None
    name = TYPE_BY_ABBR.get(fast_fold(symbol.split("/")[-1].split("-")[0]))
    return name if name and name != "Công văn" else None


def _first_prose_line(doc: Doc, start: int) -> int | None:
    """The first line after the header written as prose (a capital, then small letters), passing
    the header's upper-case lines and the debris of stamps; None when the body opens first."""
    for i in range(start, min(len(doc.lines), start + 10)):
        raw = doc.lines[i].text.strip()
        f = doc.lines[i].folded.strip()
        if not raw or is_upper_line(raw) or len(raw.split()) < 3 or noise_ratio(raw) > 0.34 or is_stamp(raw):
            continue
        if BODY_OPENS.match(f) or PARAGRAPH_OPENS.match(f):
            return None
        return i if raw[:1].isupper() else None
    return None


def _type_name(upper_line: str) -> str | None:
    f = clean_space(re.sub(r"[\"“”'.:`~^_|]", " ", fast_fold(upper_line)))
    if f in TYPE_BY_FOLDED:
        return TYPE_BY_FOLDED[f]
    for folded_name, name in sorted(TYPE_BY_FOLDED.items(), key=lambda x: -len(x[0])):
        if f.startswith(folded_name + " ") and len(f.split()) - len(folded_name.split()) <= 2:
            rest = upper_line.split()[len(folded_name.split()) :]
            return name + " " + " ".join(w.lower() for w in rest)
    return None


def _invitation_subject(doc: Doc, i: int) -> str | None:
    """A giấy mời without a trích yếu: what the office "tổ chức" in its first sentence."""
    window = doc.folded[doc.lines[min(i, len(doc.lines) - 1)].start :][:600]
    m = re.search(r"\bto chuc\s+(?=\S)", window)
    if not m:
        return None
    start = doc.lines[min(i, len(doc.lines) - 1)].start + m.end()
    end = re.search(r"[.;](?:\s|$)", doc.folded[start : start + 400])
    text = doc.text[start : start + (end.start() if end else 200)]
    return "Giấy mời " + clean_space(text) if text.strip() else None


def _drop_debris(raw: str) -> tuple[str, bool]:
    """Cut a line's leading debris (a stamp OCR'd into the same line) up to its last junk token."""
    tokens = raw.split()
    last_bad = -1
    for k, tok in enumerate(tokens[:4]):
        if noise_ratio(tok) == 1.0:
            last_bad = k
    if last_bad < 0:
        return raw, False
    rest = tokens[last_bad + 1 :]
    while rest and len(rest[0]) == 1:
        rest.pop(0)
    return " ".join(rest), True


def _collect_summary(
    doc: Doc, i: int, first_is_vv: bool = False
) -> tuple[str | None, bool, tuple[int, int] | None]:
    """The summary from line ``i`` on: its text, whether a scan's noise was cut from it, its span."""
    parts: list[str] = []
    noisy = False
    n = len(doc.lines)
    while i < n and not doc.lines[i].text.strip():
        i += 1
    first = i
    while i < n and len(parts) < 8:
        line = doc.lines[i]
        raw = line.text.replace("`", " ").strip()  # a backtick is OCR's reading of a speck
        f = line.folded.replace("`", " ").strip()
        if not raw:
            nxt = _continued_after_blank(doc, i, parts)
            if nxt is None:
                break
            i = nxt
            continue
        if is_stamp(raw) and parts == [] and _after_stamp(raw):
            # the incoming stamp printed beside the summary's first line ("ĐẾN, Ngày:. 17/10 Thi hành …")
            raw = _after_stamp(raw)
            f = fast_fold(raw)
            noisy = True
        dm = DATE_LINE_RE.search(f)
        if dm:
            keep = _before_date(raw, dm.start())
            if keep and (parts or first_is_vv) and not is_upper_line(keep):
                parts.append(keep)
                i += 1
                continue  # the summary's column goes on under the merged line
            break
        if (parts or not first_is_vv) and _ends_summary(raw, f, bool(parts)):
            break
        if is_stamp(raw) or (noise_ratio(raw) > 0.4 and parts):
            noisy = True
            break
        raw, cut = _cut_line(raw, f, bool(parts))
        noisy = noisy or cut
        parts.append(raw)
        i += 1
    text = _summary_text(parts, first_is_vv) if parts else None
    if text is None:
        return None, noisy, None
    return text, noisy or noise_ratio(text) > 0.15, (doc.lines[first].start, doc.lines[i - 1].end)


def _before_date(raw: str, at: int) -> str:
    """The date line ends the summary; OCR may have merged it onto a summary line ("tại kỳ họp thứ 31
    Quảng Ngãi, ngày …"): what comes before the place."""
    before = raw[:at].rstrip()
    return before[: len(before) - len(trailing_place(before) or "")].rstrip(" ,")


def _ends_summary(raw: str, f: str, has_parts: bool) -> bool:
    """A line that is no longer the summary: the body, the national motto, a title, a rule."""
    if BODY_OPENS.match(f):
        return True
    if has_parts and raw[:1].isupper() and (PARAGRAPH_OPENS.match(f) or raw.rstrip().endswith(":")):
        return True  # a body paragraph starts with a capital; a wrapped summary line does not
    if has_parts and _LIST_ITEM.match(raw):
        return True  # "a) …", "1. …": the body's first item
    if NATIONAL.search(f) or MOTTO.search(f):
        return True
    if is_upper_line(raw) and len(raw) > 3:
        return True
    # the rule under the summary, or the debris of a stamp
    return bool(re.match(r"^[-_=.…—–~\s]{3,}$", raw)) or _letter_share(raw) < 0.5


def _cut_line(raw: str, f: str, has_parts: bool) -> tuple[str, bool]:
    """A summary line without what a scan put before it: the text before "V/v" on the first line, a
    stamp's debris on the next ones; and whether anything was cut."""
    m = re.search(r"\b(v/v|ve viec)\b", f)
    if m and m.start() > 0 and not has_parts:
        return raw[m.start() :], True
    if has_parts and noise_ratio(raw) > 0:
        return _drop_debris(raw)
    return raw, False


def _summary_text(parts: list[str], first_is_vv: bool) -> str | None:
    """The summary's lines as one text; None for the body's first sentence (a giấy mời has none)."""
    text = clean_space(" ".join(parts).replace("`", " ")).lstrip("_-–—=~.,:;| ")
    clipped = re.match(r"^[VvÈèỀềEe]{1,2}\s+(?=việc\b)", text)
    if clipped:  # "è việc …": the scan clipped the V of "Về việc"
        text = "Về " + text[clipped.end() :]
    if not first_is_vv and PARAGRAPH_OPENS.match(fast_fold(text)) and re.search(r"[.:;](?:\s|$)", text):
        return None
    if text.startswith("(") and text.endswith(")"):
        text = text[1:-1].strip()
    return text.rstrip(" ;,.") or None


_LIST_ITEM = re.compile(r"^(?:[IVX]{1,4}\.|\d{1,2}(?:\.\d{1,2})*\s*[.)]|[a-zđ]\)|[-+•])\s")
_STAMP_TOKEN = re.compile(r"^(?:den|ngay|gio|so|chuyen|cv|cong|van)\W*$")
# A wrapped summary line that ends on these words goes on after a blank line.
_RUNS_ON = re.compile(r"(?:,|\bva|\bcua|\bve|\bvoi|\btren|\btai|\bcho|\btrong|\bden|\s-)\s*$")


def _letter_share(raw: str) -> float:
    visible = [c for c in raw if not c.isspace()]
    return sum(c.isalnum() for c in visible) / len(visible) if visible else 0.0


def _after_stamp(raw: str) -> str:
    """The line without the incoming stamp's words and the handwriting in it, or "" if nothing of
    three words or more is left."""
    tokens = raw.split()
    k = 0
    while k < len(tokens) and (
        _STAMP_TOKEN.match(fast_fold(tokens[k]))
        or noise_ratio(tokens[k]) == 1.0
        or any(c.isdigit() for c in tokens[k])
        or not any(c.isalpha() for c in tokens[k])
    ):
        k += 1
    rest = tokens[k:]
    return " ".join(rest) if len(rest) >= 3 and not is_stamp(" ".join(rest)) else ""


def _continued_after_blank(doc: Doc, i: int, parts: list[str]) -> int | None:
    """The next line if the summary goes on past a blank line (a scan's wide line spacing): the
    part before it runs on ("…, ", "… trên") or the next line starts with a small letter."""
    if not parts:
        return None
    for j in range(i + 1, min(len(doc.lines), i + 3)):
        raw = doc.lines[j].text.strip()
        if not raw:
            continue
        f = doc.lines[j].folded.strip()
        if (
            BODY_OPENS.match(f)
            or NATIONAL.search(f)
            or MOTTO.search(f)
            or is_upper_line(raw)
            or is_stamp(raw)
        ):
            return None
        if re.search(r"\.{4,}|…{2,}", raw):
            return None  # the dotted blanks of a stamp ("Giờ ………")
        if _LIST_ITEM.match(raw) or raw.endswith((".", ";", ":")):
            return None  # a list item or a sentence of the body, not a wrapped summary line
        text, _ = _drop_debris(raw)
        first = next((c for c in text if c.isalpha()), "")
        if _RUNS_ON.search(fast_fold(parts[-1])) or first.islower():
            return j
        return None
    return None
