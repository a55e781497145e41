"""What the header's readers (header.py, title.py) share: the ``Header`` they fill, and the patterns
of its lines (the place-and-date line, the incoming stamp's words, the lines that open the body).
Pure, on folded text."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from service.text.dates import NAM, NGAY, THANG
from service.text.match import KINH_GUI
from service.text.normalize import fast_fold

# OCR may garble "ngày" with a handwritten day over it ("Quảng Ngãi, ngàW/† tháng 5 năm 2021").
DATE_LINE_RE = re.compile(
    rf",\s*(?:{NGAY}|ng\S{{1,4}}?)\s*(?P<d>\S{{0,4}}?)\s*{THANG}\s*(?P<m>\S{{0,4}}?)\s*{NAM}\s*(?P<y>(?:19|20)\d\d)"
)
DATE_LINE_LOOSE_RE = re.compile(
    rf"\s{NGAY}\s*(?P<d>\S{{0,4}}?)\s*{THANG}\s*(?P<m>\S{{0,4}}?)\s*{NAM}\s*(?P<y>(?:19|20)\d\d)"
)
VV_RE = re.compile(r"^\(?\s*(?:v\s*/\s*v|ve viec)\b")
# Lines that open the body: never part of a summary.
BODY_OPENS = re.compile(rf"^(?:{KINH_GUI}|c\S{{1,2}}n c\S{{1,3}}\b|so\s*:|noi nhan|theo de nghi|xet de nghi)")
# Words that open a body paragraph when they start a later, capitalised line (a summary may itself
# begin with "Triển khai thực hiện …", so they do not stop its first line).
PARAGRAPH_OPENS = re.compile(
    r"^(?:thuc hien\b|trien khai\b|tiep tuc\b|nham\b|de\s|trong\s|ngay\s|"
    r"tren co so|sau khi|vua qua|thoi gian qua)"
)
STAMP_WORDS = re.compile(
    r"ky boi|co quan:|thoi gian ky|@|\.gov\.vn|cong bao|\bden\b.*(so|ngay|chuyen)|chuyen:|\bngay\s*:"
)


def trailing_place(before: str) -> str | None:
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


def is_stamp(text: str) -> bool:
    return bool(STAMP_WORDS.search(fast_fold(text)))


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


def header_anchor(h: Header) -> int | None:
    cands = [x for x in (h.number_line, h.date_line) if x is not None]
    return min(cands) if cands else None
