"""The header (phần đầu văn bản): number and symbol, issuing body, place and date line, type,
summary (trích yếu), urgency and secrecy marks, draft mark."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from service.extract.document import Doc
from service.text.dates import NAM, NGAY, THANG
from service.text.match import (
    KINH_GUI,
    MOTTO,
    NATIONAL,
    SO_LABEL,
    clean_space,
    is_upper_line,
    noise_ratio,
    strip_motto,
)
from service.text.normalize import fast_fold
from service.text.restore import DOC_TYPES, TYPE_BY_ABBR, TYPE_BY_FOLDED, restore_symbol, sentence_case_name

_ABBRS = sorted({fast_fold(v) for v in DOC_TYPES.values() if v}, key=len, reverse=True)
# A legal normative document adds its year: "01/2025/QĐ-UBND". A công văn of a body without a drafting
# unit carries the body alone ("Số: 45/UBND"): accepted only in capitals (see _read_number).
_SYMBOL = r"(?:(?:19|20)\d\d\s*/\s*)?[a-z][a-z0-9&().]*(?:\s?-\s?[a-z0-9&().]+)*"
_BARE_BODY = re.compile(r"[A-ZĐ][A-ZĐ&]{1,11}")
# "Số: 904/KH-UBND"; OCR may drop the colon ("Số /TTr- CAT-PC04"), then only at a line's start.
NUMBER_RE = re.compile(
    rf"(?:^|(?<=[\s|:]))(?P<label>{SO_LABEL})\s*[:;.]\s*(?P<num>[^\s/]{{0,8}}?)\s*/\s*(?P<sym>{_SYMBOL})"
    rf"|^[ \t|]*(?P<label3>{SO_LABEL})[ \t]+(?P<num3>\d{{0,6}})\s*/\s*(?P<sym3>{_SYMBOL})"
    rf"|(?:^|(?<=[\s|]))(?P<label2>{SO_LABEL})\s*[:;.]\s*(?P<num2>\d{{1,6}})\s*"
    rf"(?P<sym2>(?:{'|'.join(_ABBRS)})-[a-z0-9&().\-]+)",  # OCR lost the slash: "$6:904KH-UBND"
    re.M,
)
DATE_LINE_RE = re.compile(
    rf",\s*{NGAY}\s*(?P<d>\S{{0,4}}?)\s*{THANG}\s*(?P<m>\S{{0,4}}?)\s*{NAM}\s*(?P<y>(?:19|20)\d\d)"
)
DATE_LINE_LOOSE_RE = re.compile(
    rf"\s{NGAY}\s*(?P<d>\S{{0,4}}?)\s*{THANG}\s*(?P<m>\S{{0,4}}?)\s*{NAM}\s*(?P<y>(?:19|20)\d\d)"
)
VV_RE = re.compile(r"^\(?\s*(?:v\s*/\s*v|ve viec)\b")
# Lines that open the body: never part of a summary.
_BODY_OPENS = re.compile(
    rf"^(?:{KINH_GUI}|c\S{{1,2}}n c\S{{1,3}}\b|so\s*:|noi nhan|theo de nghi|xet de nghi)"
)
# Words that open a body paragraph when they start a later, capitalised line (a summary may itself
# begin with "Triển khai thực hiện …", so they do not stop its first line).
_PARAGRAPH_OPENS = re.compile(
    r"^(?:thuc hien\b|trien khai\b|tiep tuc\b|nham\b|de\s|trong\s|ngay\s|"
    r"tren co so|sau khi|vua qua|thoi gian qua)"
)
_STAMP_WORDS = re.compile(
    r"ky boi|co quan:|thoi gian ky|@|\.gov\.vn|cong bao|\bden\b.*(so|ngay|chuyen)|chuyen:|\bngay\s*:"
)
_URGENCY = [("hoa toc", "Hỏa tốc"), ("thuong khan", "Thượng khẩn"), ("khan", "Khẩn")]
_SECRECY = [("tuyet mat", "Tuyệt mật"), ("toi mat", "Tối mật"), ("mat", "Mật")]
_SYMBOL_LIKE = re.compile(r"/\s*[A-ZĐ][A-Za-zĐđ]{0,5}\s?-\s?[A-ZĐ]")
_HEADS_WITH_LOCALITY = re.compile(r"\b(tinh|huyen|thanh pho|quan|thi xa|xa|phuong|thi tran|dac khu)\b")
_BODY_HEADS = re.compile(
    r"^(so|bo|ban|van phong|cong an|phong|chi cuc|cuc|tong cuc|trung tam|uy ban|hoi dong|thanh tra|"
    r"truong|vien|vu|toa an|kho bac|chi nhanh|doan|hoi|thu tuong|chinh phu|ubnd|hdnd)\b"
)


@dataclass
class Header:
    number: str | None = None  # "904"; None if blank or unreadable
    number_state: str = "missing"  # "read", "blank", "unreadable", "missing"
    symbol: str | None = None  # "KH-UBND"
    number_line: int | None = None
    number_span: tuple[int, int] | None = None
    place: str | None = None
    day_token: str | None = None
    month_token: str | None = None
    year: int | None = None
    date_line: int | None = None
    issuer_lines: list[str] = field(default_factory=list)
    doc_type: str | None = None
    type_line: int | None = None
    summary: str | None = None
    summary_noisy: bool = False
    summary_span: tuple[int, int] | None = None
    urgency: str | None = None
    secrecy: str | None = None
    draft_mark: bool = False


def read_header(doc: Doc) -> Header:
    h = Header()
    _read_number(doc, h)
    _read_date_line(doc, h)
    _read_issuer_lines(doc, h)
    _read_type_and_summary(doc, h)
    _read_marks(doc, h)
    return h


def _read_number(doc: Doc, h: Header) -> None:
    for m in NUMBER_RE.finditer(doc.folded):
        k = next(k for k in ("", "2", "3") if m.group("label" + k))
        label, start = m.group("label" + k), m.start("label" + k)
        if label[0] == "s" and not doc.text[start].isupper():
            continue  # "số 287/STC-HCSN" in running text is a reference, not this document's number
        num, sym_span = m.group("num" + k), m.span("sym" + k)
        printed = re.sub(r"\s+", "", doc.text[sym_span[0] : sym_span[1]]).rstrip(".")
        if "-" not in printed and not _BARE_BODY.fullmatch(printed):
            continue  # "Số: 5/năm": no symbol
        symbol = restore_symbol(printed)
        h.symbol = symbol
        h.number_span = (start, sym_span[1])
        h.number_line = doc.line_at(start)
        if not num:
            h.number_state = "blank"
        elif num.isdigit() and int(num) > 0:
            h.number, h.number_state = num, "read"
        else:
            h.number_state = "unreadable"
        return


def _read_date_line(doc: Doc, h: Header) -> None:
    if _read_date_line_with(doc, h, DATE_LINE_RE, None):
        return
    # OCR may drop the comma ("Tam Duong ngay 21 thang 7 nam 2022"): then only near the header.
    near = h.number_line if h.number_line is not None else 0
    _read_date_line_with(doc, h, DATE_LINE_LOOSE_RE, (max(0, near - 4), near + 5))


def _read_date_line_with(doc: Doc, h: Header, pattern: re.Pattern, lines: tuple[int, int] | None) -> bool:
    for m in pattern.finditer(doc.folded):
        if lines and not lines[0] <= doc.line_at(m.start()) < lines[1]:
            continue
        li = doc.line_at(m.start())
        line = doc.lines[li]
        before = doc.text[line.start : m.start()]
        place = _trailing_place(before)
        if not place:
            continue
        h.place = place
        h.date_line = li
        h.day_token = doc.text[m.start("d") : m.end("d")]
        h.month_token = doc.text[m.start("m") : m.end("m")]
        h.year = int(m.group("y"))
        return True
    return False


def _trailing_place(before: str) -> str | None:
    """The capitalised place name that ends ``before`` ("Quảng Ngãi", "TP. Hồ Chí Minh",
    "Thành phố Hồ Chí Minh")."""
    tokens = before.split()
    words: list[str] = []
    while tokens and len(words) < 6:
        tok = tokens.pop()
        if tok[:1].isupper() and tok.replace(".", "").isalpha():
            words.append(tok)
        elif fast_fold(tok) in ("pho", "xa", "tran") and tokens and fast_fold(tokens[-1]) in ("thanh", "thi"):
            words += [tok, tokens.pop()]  # "Thành phố", "Thị xã", "Thị trấn"
        else:
            break
    if not words:
        return None
    words.reverse()
    # Drop header words that OCR merged onto the date line ("TỈNH QUẢNG NGÃI Quảng Ngãi").
    while len(words) > 1 and words[0].isupper() and len(words[0].strip(".")) > 2:
        words.pop(0)
    return " ".join(words)


def _header_anchor(h: Header) -> int | None:
    cands = [x for x in (h.number_line, h.date_line) if x is not None]
    return min(cands) if cands else None


def _read_issuer_lines(doc: Doc, h: Header) -> None:
    anchor = _header_anchor(h)
    if anchor is None:
        anchor = min(len(doc.lines), 12)
        # With neither number nor date line the header is the top of the text.
        candidates = range(0, anchor)
        lines = [doc.lines[i].text for i in candidates]
        picked = []
        for text in lines:
            t = strip_motto(text).strip(" -–—_|.")
            if t and is_upper_line(t) and not _is_stamp(t):
                picked.append(t)
            elif picked:
                break
        h.issuer_lines = picked[:3]
        return
    picked: list[str] = []
    i = anchor
    # Walk upwards from the number (or date) line over the upper-case name lines above it.
    while i > 0 and len(picked) < 4:
        i -= 1
        raw = doc.lines[i].text
        if not raw.strip():
            continue
        folded = doc.lines[i].folded
        t = strip_motto(raw).strip(" -–—_|.")
        if not t:
            continue  # a line that held only the motto or the national title
        if _SYMBOL_LIKE.search(t) and not _is_stamp(t):
            continue  # a number line OCR mangled beyond reading ("Sẻ: 12/KH-UBND")
        if _is_stamp(t) or ":" in t or ";" in t or re.search(r"\d[-/.]\d|\d:\d|\d{5}", t):
            break
        if not is_upper_line(t) or noise_ratio(t) > 0.34:
            if NATIONAL.search(folded) or MOTTO.search(folded):
                continue
            break
        picked.append(t)
    picked.reverse()
    h.issuer_lines = picked


def _is_stamp(text: str) -> bool:
    return bool(_STAMP_WORDS.search(fast_fold(text)))


def split_issuer(lines: list[str]) -> tuple[str | None, str | None]:
    """(issuer, parent) from the upper-case header lines, as a register names them."""
    bodies: list[str] = []
    for line in lines:
        f = fast_fold(line)
        if not bodies:
            bodies.append(line)
            continue
        prev = fast_fold(bodies[-1])
        if prev.endswith(("uy ban nhan dan", "hoi dong nhan dan")) and _HEADS_WITH_LOCALITY.match(f):
            bodies[-1] += " " + line
        elif _BODY_HEADS.match(f) or _HEADS_WITH_LOCALITY.search(prev):
            bodies.append(line)
        else:
            bodies[-1] += " " + line
    if not bodies:
        return None, None
    names = [sentence_case_name(b) for b in bodies]
    issuer = names[-1]
    parent = names[-2] if len(names) > 1 else None
    if parent:
        f_issuer, f_parent = fast_fold(issuer), fast_fold(parent)
        if f_issuer in ("van phong", "thanh tra"):
            issuer = f"{issuer} {parent}"
        elif not _HEADS_WITH_LOCALITY.search(f_issuer):
            m = _HEADS_WITH_LOCALITY.search(f_parent)
            if m:
                issuer = f"{issuer} {parent[m.start() :]}"
    return issuer, parent


def _read_type_and_summary(doc: Doc, h: Header) -> None:
    anchor = _header_anchor(h)
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
    # A công văn has no type line: its summary is the "V/v …" under the number.
    lo = max(0, (anchor or 0) - 6)
    near_number = range(h.number_line, h.number_line + 3) if h.number_line is not None else range(0)
    for i in range(lo, min(len(doc.lines), lo + 24)):
        f = doc.lines[i].folded.strip()
        # At a line's start, or after the number when OCR merged them ("Số: 574/UBND-KTTH V/v …").
        if VV_RE.match(f) or (i in near_number and re.search(r"(?:^|\s)\(?v\s*/\s*v\s", f)):
            h.doc_type = "Công văn"
            h.summary, h.summary_noisy, h.summary_span = _collect_summary(doc, i, first_is_vv=True)
            return
    if h.symbol:
        # OCR lost the type line: the symbol names the type (Phụ lục III); a symbol that starts
        # with the body instead ("UBND-KGVX", "BNV-TCPCP") is a công văn's.
        head = fast_fold(h.symbol.split("/")[-1].split("-")[0])
        h.doc_type = TYPE_BY_ABBR.get(head, "Công văn")


def _type_name(upper_line: str) -> str | None:
    f = clean_space(re.sub(r"[\"“”'.:]", " ", fast_fold(upper_line)))
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


def _collect_summary(doc: Doc, i: int, first_is_vv: bool = False):
    parts: list[str] = []
    noisy = False
    n = len(doc.lines)
    while i < n and not doc.lines[i].text.strip() and not parts:
        i += 1
    first = i
    while i < n and len(parts) < 8:
        line = doc.lines[i]
        raw = line.text.strip()
        f = line.folded.strip()
        if not raw:
            break
        dm = DATE_LINE_RE.search(f)
        if dm:
            # The date line ends the summary; OCR may have merged it onto a summary line
            # ("tại kỳ họp thứ 31 Quảng Ngãi, ngày …"): keep what comes before the place.
            before = raw[: dm.start()].rstrip()
            keep = before[: len(before) - len(_trailing_place(before) or "")].rstrip(" ,")
            if keep and (parts or first_is_vv) and not is_upper_line(keep):
                parts.append(keep)
                i += 1
                continue  # the summary's column goes on under the merged line
            break
        if parts or not first_is_vv:
            if _BODY_OPENS.match(f):
                break
            if parts and raw[:1].isupper() and (_PARAGRAPH_OPENS.match(f) or raw.rstrip().endswith(":")):
                break  # a body paragraph starts with a capital; a wrapped summary line does not
            if NATIONAL.search(f) or MOTTO.search(f):
                break
            if is_upper_line(raw) and len(raw) > 3:
                break
            if re.match(r"^[-_=.…\s]{3,}$", raw):
                break
        if _is_stamp(raw) or (noise_ratio(raw) > 0.4 and parts):
            noisy = True
            break
        m = re.search(r"\b(v/v|ve viec)\b", f)
        if m and m.start() > 0 and not parts:
            noisy = True
            raw = raw[m.start() :]
        elif parts and noise_ratio(raw) > 0:
            raw, dropped = _drop_debris(raw)
            noisy = noisy or dropped
        parts.append(raw)
        i += 1
    if not parts:
        return None, noisy, None
    span = (doc.lines[first].start, doc.lines[i - 1].end)
    text = clean_space(" ".join(parts)).lstrip("_-–—=~.,:;| ")
    if not first_is_vv and _PARAGRAPH_OPENS.match(fast_fold(text)) and re.search(r"[.:;](?:\s|$)", text):
        return None, noisy, None  # the body's first sentence, not a summary (a giấy mời has none)
    if text.startswith("(") and text.endswith(")"):
        text = text[1:-1].strip()
    text = text.rstrip(" ;,.")
    noisy = noisy or noise_ratio(text) > 0.15
    return (text or None), noisy, span


def _read_marks(doc: Doc, h: Header) -> None:
    for line in doc.lines[: min(len(doc.lines), (h.type_line or 20) + 3)]:
        raw = line.text.strip()
        if not raw or len(raw.split()) > 4:
            continue
        f = clean_space(line.folded)
        if is_upper_line(raw) or raw.istitle():
            if re.fullmatch(r"\(?\s*du\s*thao\s*\)?", f):
                h.draft_mark = True
            for key, name in _URGENCY:
                if re.fullmatch(rf"{key}", f) and h.urgency is None:
                    h.urgency = name
            for key, name in _SECRECY:
                if re.fullmatch(rf"{key}", f) and h.secrecy is None:
                    h.secrecy = name
