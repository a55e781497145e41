"""The header (phần đầu văn bản): number and symbol, issuing body, place and date line, urgency and
secrecy marks, draft mark; the type line and summary (trích yếu) are title.py's."""

from __future__ import annotations

import re

from service.extract.document import Doc
from service.extract.header_lines import (
    DATE_LINE_LOOSE_RE,
    DATE_LINE_RE,
    Header,
    header_anchor,
    is_stamp,
    trailing_place,
)
from service.extract.title import read_type_and_summary
from service.text.match import (
    MOTTO,
    NATIONAL,
    SO_LABEL,
    clean_space,
    is_upper_line,
    noise_ratio,
    strip_motto,
)
from service.text.normalize import fast_fold
from service.text.restore import DOC_TYPES, restore_symbol, sentence_case_name

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
_URGENCY = [("hoa toc", "Hỏa tốc"), ("thuong khan", "Thượng khẩn"), ("khan", "Khẩn")]
_SECRECY = [("tuyet mat", "Tuyệt mật"), ("toi mat", "Tối mật"), ("mat", "Mật")]
# The national title wrapped over two lines ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA" / "VIỆT NAM"): neither is a body.
_NATIONAL_PART = re.compile(
    r"^(?:cong hoa(?: xa hoi)?(?: chu nghia)?(?: viet nam)?|(?:(?:xa hoi )?chu nghia )?viet nam)$"
)
_SYMBOL_LIKE = re.compile(r"/\s*[A-ZĐ][A-Za-zĐđ]{0,5}\s?-\s?[A-ZĐ]")
_HEADS_WITH_LOCALITY = re.compile(r"\b(tinh|huyen|thanh pho|quan|thi xa|xa|phuong|thi tran|dac khu)\b")
_BODY_HEADS = re.compile(
    r"^(so|bo|ban|van phong|cong an|phong|chi cuc|cuc|tong cuc|trung tam|uy ban|hoi dong|thanh tra|"
    r"truong|vien|vu|toa an|kho bac|chi nhanh|doan|hoi|thu tuong|chinh phu|ubnd|hdnd)\b"
)


def read_header(doc: Doc) -> Header:
    h = Header()
    _read_number(doc, h)
    _read_date_line(doc, h)
    _read_issuer_lines(doc, h)
    read_type_and_summary(doc, h)
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
        symbol = restore_symbol(re.sub(r"[ĐÐ]{2,}", "Đ", printed.replace("Ð", "Đ")))  # OCR doubles Đ
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
        place = trailing_place(before)
        if not place:
            continue
        h.place = place
        h.date_line = li
        h.day_token = doc.text[m.start("d") : m.end("d")]
        h.month_token = doc.text[m.start("m") : m.end("m")]
        h.year = int(m.group("y"))
        return True
    return False


def _read_issuer_lines(doc: Doc, h: Header) -> None:
    anchor = header_anchor(h)
    if anchor is None:
        anchor = min(len(doc.lines), 12)
        # With neither number nor date line the header is the top of the text.
        candidates = range(0, anchor)
        lines = [doc.lines[i].text for i in candidates]
        top: list[str] = []
        for text in lines:
            t = strip_motto(text).strip(" -–—_|.")
            if t and is_upper_line(t) and not is_stamp(t):
                top.append(t)
            elif top:
                break
        h.issuer_lines = top[:3]
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
        if not t or _NATIONAL_PART.match(clean_space(fast_fold(t))) or sum(c.isalpha() for c in t) < 2:
            continue  # the motto or the national title (or a part of it) alone; a speck of the scan
        if _SYMBOL_LIKE.search(t) and not is_stamp(t):
            continue  # a number line OCR mangled beyond reading ("Sẻ: 12/KH-UBND")
        if is_stamp(t) or ":" in t or ";" in t or re.search(r"\d[-/.]\d|\d:\d|\d{5}", t):
            break
        if not is_upper_line(t) or noise_ratio(t) > 0.34:
            if NATIONAL.search(folded) or MOTTO.search(folded):
                continue
            break
        picked.append(t)
    picked.reverse()
    h.issuer_lines = picked


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
