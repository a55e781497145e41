"""Restoring what can be known (khôi phục dấu) in text whose diacritics OCR has lost.

Only closed vocabularies are restored: the document type names and their abbreviations
(Nghị định 30, Phụ lục III), the fixed signing titles, and names the office configured
(organisation, units, groups). Anything else stays as the document wrote it.
"""

from __future__ import annotations

import re
from functools import lru_cache

from service.text.match import clean_space, has_diacritics
from service.text.normalize import fast_fold
from service.text.titles import COLLECTIVES, titles

# Type names with their symbol abbreviations (Nghị định 30/2020/NĐ-CP, Phụ lục III).
DOC_TYPES: dict[str, str] = {
    "Nghị quyết": "NQ",
    "Quyết định": "QĐ",
    "Chỉ thị": "CT",
    "Quy chế": "QC",
    "Quy định": "QyĐ",
    "Thông cáo": "TC",
    "Thông báo": "TB",
    "Hướng dẫn": "HD",
    "Chương trình": "CTr",
    "Kế hoạch": "KH",
    "Phương án": "PA",
    "Đề án": "ĐA",
    "Dự án": "DA",
    "Báo cáo": "BC",
    "Biên bản": "BB",
    "Tờ trình": "TTr",
    "Hợp đồng": "HĐ",
    "Công điện": "CĐ",
    "Bản ghi nhớ": "BGN",
    "Bản thỏa thuận": "BTT",
    "Giấy ủy quyền": "GUQ",
    "Giấy mời": "GM",
    "Giấy giới thiệu": "GGT",
    "Giấy nghỉ phép": "GNP",
    "Phiếu gửi": "PG",
    "Phiếu chuyển": "PC",
    "Phiếu báo": "PB",
    "Kết luận": "KL",
    "Công văn": "",
    # Legal normative documents (Luật Ban hành văn bản quy phạm pháp luật), cited as references.
    "Nghị định": "NĐ",
    "Thông tư": "TT",
    "Luật": "",
    "Bộ luật": "",
    "Pháp lệnh": "",
    "Hiến pháp": "",
    "Thông tư liên tịch": "TTLT",
}
TYPE_BY_FOLDED = {fast_fold(k): k for k in DOC_TYPES}
TYPE_BY_ABBR = {fast_fold(v): k for k, v in DOC_TYPES.items() if v}
# Spellings of the same type that differ only in where the tone mark sits ("hoà"/"hòa").
TYPE_BY_FOLDED["thoa thuan"] = "Bản thỏa thuận"

# Fixed words of signing blocks and headers (Nghị định 30, Phụ lục I), upper case: the signers'
# titles and the collective bodies (service/text/titles.py), and the words of a body's name.
FIXED_PHRASES = [
    *titles(),
    *COLLECTIVES,
    "VĂN PHÒNG",
    "SỞ",
    "BỘ",
    "PHÒNG",
    "HUYỆN",
    "TỈNH",
    "XÃ",
    "THỊ TRẤN",
    "PHƯỜNG",
    "THÀNH PHỐ",
    "QUẬN",
    "THỊ XÃ",
    "NỘI VỤ",
]
_PHRASE_BY_FOLDED = sorted(((fast_fold(p), p) for p in FIXED_PHRASES), key=lambda x: -len(x[0]))

# Abbreviations inside symbols that carry Đ (Phụ lục III; NĐ for Nghị định, HĐND): OCR drops
# the bar ("666/QD-TTg").
_D_ABBREVIATIONS = {fast_fold(a).upper(): a for a in ("QĐ", "QyĐ", "ĐA", "HĐ", "CĐ", "NĐ", "HĐND", "BCĐ")}


def restore_symbol(symbol: str) -> str:
    """Put the Đ back in the known abbreviations of a symbol that has none ("QD-TTg" -> "QĐ-TTg")."""
    if "Đ" in symbol or "đ" in symbol:
        return symbol
    out = []
    for part in re.split(r"([-/])", symbol):
        key = part.upper()
        known = key in _D_ABBREVIATIONS and (part.isupper() or part == "QyD")
        out.append(_D_ABBREVIATIONS[key] if known else part)
    return "".join(out)


# Body types written in several words: only their first word is capitalised ("Văn phòng").
_MULTIWORD_HEADS = (
    "van phong",
    "cong an",
    "thanh tra",
    "ban chi dao",
    "thu tuong",
    "trung tam",
    "chi cuc",
    "tong cuc",
    "toa an",
    "kho bac",
    "ban quan ly",
)

LOCALITY_WORDS = ("tinh", "huyen", "thanh pho", "quan", "thi xa", "xa", "phuong", "thi tran", "dac khu")


def restore_doc_type(folded_name: str) -> str | None:
    """The accented type name for a folded one ("ke hoach" -> "Kế hoạch")."""
    return TYPE_BY_FOLDED.get(clean_space(folded_name).lower())


def restore_phrases(text: str) -> str:
    """Put the marks back on the fixed upper-case phrases of a line that has none at all."""
    if has_diacritics(text):
        return text
    out = text
    for folded, phrase in _PHRASE_BY_FOLDED:
        out = re.sub(rf"(?<![A-Za-z]){re.escape(folded)}(?![A-Za-z])", phrase, out, flags=re.I)
    return out


@lru_cache(maxsize=64)
def _names_pattern(names: tuple[str, ...]) -> tuple[re.Pattern | None, dict[str, str]]:
    by_key: dict[str, str] = {}
    for name in sorted(set(names), key=len, reverse=True):
        key = " ".join(fast_fold(name).split())
        if len(key) >= 4 and key != name.lower() and key not in by_key:
            by_key[key] = name
    if not by_key:
        return None, by_key
    alternation = "|".join(r"\s+".join(re.escape(w) for w in k.split()) for k in by_key)
    return re.compile(rf"(?<!\w)(?:{alternation})(?!\w)"), by_key


def restore_names(text: str, names: list[str] | tuple[str, ...]) -> str:
    """Replace accent-less occurrences of configured names by their accented spelling."""
    if not names or not text:
        return text
    pattern, by_key = _names_pattern(tuple(names))
    if pattern is None:
        return text
    folded = fast_fold(text)
    out = []
    pos = 0
    for m in pattern.finditer(folded):
        original = text[m.start() : m.end()]
        if has_diacritics(original):
            continue  # the document's own accented words stay
        out.append(text[pos : m.start()])
        out.append(by_key[" ".join(m.group(0).split())])
        pos = m.end()
    out.append(text[pos:])
    return "".join(out)


def sentence_case_name(upper: str) -> str:
    """An upper-case body name as a register writes it: "SỞ NỘI VỤ" -> "Sở Nội vụ",
    "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG" -> "UBND tỉnh Lâm Đồng"."""
    text = clean_space(upper)
    if not text:
        return text
    if not (sum(c.isupper() for c in text if c.isalpha()) > 0.7 * sum(c.isalpha() for c in text)):
        return text
    words = text.split()
    folded = [fast_fold(w) for w in words]
    out: list[str] = []
    i = 0
    title_rest = False
    first_of_name = True
    name_start = 1  # words before the proper name begins (the type word, or a multi-word head)
    for head in _MULTIWORD_HEADS:
        n = len(head.split())
        if " ".join(folded[:n]) == head:
            out = [words[0][:1].upper() + words[0][1:].lower()] + [w.lower() for w in words[1:n]]
            i = name_start = n
            break
    while i < len(words):
        fw = folded[i]
        four = " ".join(folded[i : i + 4])
        if four in ("uy ban nhan dan", "hoi dong nhan dan"):
            out.append("UBND" if four.startswith("uy") else "HĐND")
            i += 4
            first_of_name = True
            continue
        two = " ".join(folded[i : i + 2])
        if two in LOCALITY_WORDS and two.count(" ") == 1:
            out.append(words[i].lower() + " " + words[i + 1].lower())
            i += 2
            title_rest = True
            continue
        if fw in LOCALITY_WORDS:
            out.append(words[i].lower())
            i += 1
            title_rest = True
            continue
        w = words[i]
        if fw in ("ubnd", "hdnd", "mttq") or (len(w) <= 4 and any(c.isdigit() for c in w)):
            out.append(w)
        elif title_rest or first_of_name:
            out.append(w[:1].upper() + w[1:].lower())
        else:
            out.append(w.lower())
        # The type word ("Sở", "Bộ", "Ban"…) and the first word of the proper name are capitalised.
        first_of_name = len(out) == name_start
        i += 1
    return " ".join(out)
