"""Pre-Unicode Vietnamese encodings (bảng mã cũ) → Unicode NFC.

TCVN3 (ABC, fonts `.VnTime`, `.VnArial`, upper-case fonts `.VnTimeH`…) puts each accented letter in
one byte; VNI (`VNI-Times`…) writes a base letter followed by a mark byte. Word stores such text as
the code page characters of those bytes, so both converters work on `str` whose characters are
Latin-1 / cp1252 stand-ins. Pure code: no I/O.
"""

from __future__ import annotations

import re
import unicodedata

from service.text.normalize import nfc
from service.text.quality import measure_text

# --- TCVN3 ---------------------------------------------------------------------------------------

# byte → letter, for the normal (lower-case) fonts. The upper-case fonts (.VnTimeH) draw the same
# bytes as capitals.
_TCVN3_BYTES = {
    0xB5: "à",
    0xB8: "á",
    0xB6: "ả",
    0xB7: "ã",
    0xB9: "ạ",
    0xA8: "ă",
    0xBB: "ằ",
    0xBE: "ắ",
    0xBC: "ẳ",
    0xBD: "ẵ",
    0xC6: "ặ",
    0xA9: "â",
    0xC7: "ầ",
    0xCA: "ấ",
    0xC8: "ẩ",
    0xC9: "ẫ",
    0xCB: "ậ",
    0xAE: "đ",
    0xCC: "è",
    0xD0: "é",
    0xCE: "ẻ",
    0xCF: "ẽ",
    0xD1: "ẹ",
    0xAA: "ê",
    0xD2: "ề",
    0xD5: "ế",
    0xD3: "ể",
    0xD4: "ễ",
    0xD6: "ệ",
    0xD7: "ì",
    0xDD: "í",
    0xD8: "ỉ",
    0xDC: "ĩ",
    0xDE: "ị",
    0xDF: "ò",
    0xE3: "ó",
    0xE1: "ỏ",
    0xE2: "õ",
    0xE4: "ọ",
    0xAB: "ô",
    0xE5: "ồ",
    0xE8: "ố",
    0xE6: "ổ",
    0xE7: "ỗ",
    0xE9: "ộ",
    0xAC: "ơ",
    0xEA: "ờ",
    0xED: "ớ",
    0xEB: "ở",
    0xEC: "ỡ",
    0xEE: "ợ",
    0xEF: "ù",
    0xF3: "ú",
    0xF1: "ủ",
    0xF2: "ũ",
    0xF4: "ụ",
    0xAD: "ư",
    0xF5: "ừ",
    0xF8: "ứ",
    0xF6: "ử",
    0xF7: "ữ",
    0xF9: "ự",
    0xFA: "ỳ",
    0xFD: "ý",
    0xFB: "ỷ",
    0xFC: "ỹ",
    0xFE: "ỵ",
    0xA1: "Ă",
    0xA2: "Â",
    0xA7: "Đ",
    0xA3: "Ê",
    0xA4: "Ô",
    0xA5: "Ơ",
    0xA6: "Ư",
}
_TCVN3_TABLE = {b: u for b, u in _TCVN3_BYTES.items()}
_TCVN3_STR = str.maketrans({chr(b): u for b, u in _TCVN3_TABLE.items()})


def _cp1252_to_latin1(text: str) -> str:
    """Word stores bytes 0x80–0x9F as their cp1252 characters; bring them back to U+0080–U+009F."""
    out = []
    for ch in text:
        if ord(ch) > 0xFF:
            try:
                out.append(chr(ch.encode("cp1252")[0]))
                continue
            except UnicodeEncodeError:
                pass
        out.append(ch)
    return "".join(out)


def tcvn3_to_unicode(text: str, *, upper: bool = False) -> str:
    """TCVN3/ABC stand-in characters → Unicode NFC. `upper` for the capital fonts (.VnTimeH)."""
    out = _cp1252_to_latin1(text).translate(_TCVN3_STR)
    return nfc(out.upper() if upper else out)


# --- VNI -----------------------------------------------------------------------------------------

# mark byte (lower-case font character) → what it adds to the letter before it
_VNI_MARKS = {
    "ù": "\u0301",
    "ø": "\u0300",
    "û": "\u0309",
    "õ": "\u0303",
    "ï": "\u0323",
    "â": "\u0302",
    "á": "\u0302\u0301",
    "à": "\u0302\u0300",
    "å": "\u0302\u0309",
    "ã": "\u0302\u0303",
    "ä": "\u0302\u0323",
    "ê": "\u0306",
    "é": "\u0306\u0301",
    "è": "\u0306\u0300",
    "ú": "\u0306\u0309",
    "ü": "\u0306\u0303",
    "ë": "\u0306\u0323",
}
# single characters that are whole letters in VNI
_VNI_SINGLE = {
    "ñ": "đ",
    "Ñ": "Đ",
    "ô": "ơ",
    "Ô": "Ơ",
    "ö": "ư",
    "Ö": "Ư",
    "í": "í",
    "ì": "ì",
    "æ": "ỉ",
    "ó": "ĩ",
    "ò": "ị",
    "î": "ỵ",
    "Í": "Í",
    "Ì": "Ì",
    "Æ": "Ỉ",
    "Ó": "Ĩ",
    "Ò": "Ị",
    "Î": "Ỵ",
}
_VNI_BASES = "aeouyAEOUYơưƠƯ"


def _build_vni() -> dict[str, str]:
    table: dict[str, str] = {}
    for base in _VNI_BASES:
        for mark, combining in list(_VNI_MARKS.items()) + [(m.upper(), c) for m, c in _VNI_MARKS.items()]:
            if ("\u0302" in combining and base.lower() not in "aeo") or (
                "\u0306" in combining and base.lower() != "a"
            ):
                continue
            if base in "ơưƠƯ" and ("\u0302" in combining or "\u0306" in combining):
                continue
            table[base + mark] = unicodedata.normalize("NFC", base + combining)
    return table


_VNI_PAIRS = _build_vni()
_VNI_RE = re.compile("|".join(sorted(map(re.escape, _VNI_PAIRS), key=len, reverse=True)))


def vni_to_unicode(text: str) -> str:
    """VNI stand-in characters (VNI-Times…) → Unicode NFC."""
    text = _cp1252_to_latin1(text)
    text = "".join(_VNI_SINGLE.get(ch, ch) for ch in text)
    return nfc(_VNI_RE.sub(lambda m: _VNI_PAIRS[m.group(0)], text))


# --- which fonts are legacy ----------------------------------------------------------------------


def font_encoding(font_name: str | None) -> str | None:
    """'tcvn3', 'tcvn3_upper' or 'vni' for a legacy font name, else None."""
    if not font_name:
        return None
    name = font_name.strip().lower()
    if name.startswith(".vn"):
        # .VnTimeH, .VnArialH …: the capital variants end their family name in H
        family = name.split()[0].split(",")[0]
        return "tcvn3_upper" if family.endswith("h") else "tcvn3"
    if name.startswith(("vni-", "vni ")):
        return "vni"
    return None


def detect_legacy(text: str) -> str:
    """Which reading of `text` is the most Vietnamese: 'unicode', 'tcvn3' or 'vni'."""
    candidates = {"unicode": nfc(text), "tcvn3": tcvn3_to_unicode(text), "vni": vni_to_unicode(text)}
    scores = {name: measure_text(value).score for name, value in candidates.items()}
    best = max(scores, key=lambda k: scores[k])
    # Unicode wins ties: the converters leave plain ASCII unchanged
    return best if scores[best] > scores["unicode"] + 0.02 else "unicode"


def convert_legacy(text: str, encoding: str) -> str:
    """Apply one of the names `detect_legacy` returns."""
    if encoding == "tcvn3":
        return tcvn3_to_unicode(text)
    if encoding == "tcvn3_upper":
        return tcvn3_to_unicode(text, upper=True)
    if encoding == "vni":
        return vni_to_unicode(text)
    return nfc(text)
