"""Vietnamese syllables (âm tiết): letters, marks and where the tone mark sits.

A syllable is a skeleton of plain letters, the marks that change a vowel's quality (ă â ê ô ơ ư, and
đ) and one tone (thanh). Two spellings that differ only in where the tone sits ("hoà"/"hòa",
"thuỷ"/"thủy") are one syllable: ``canonical`` writes every syllable the way the decree's own text
does ("Cộng hòa", "Ủy ban").
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Tones (thanh): 0 ngang, 1 sắc, 2 huyền, 3 hỏi, 4 ngã, 5 nặng.
_TONE_MARKS = {"\u0301": 1, "\u0300": 2, "\u0309": 3, "\u0303": 4, "\u0323": 5}
_TONE_CHARS = {v: k for k, v in _TONE_MARKS.items()}
# Quality marks (dấu mũ, dấu trăng, dấu móc) and the bar of đ.
_QUALITY = {"\u0302": "^", "\u0306": "(", "\u031b": "+"}
_QUALITY_CHARS = {v: k for k, v in _QUALITY.items()}
VOWELS = frozenset("aeiouy")
_MARKED = frozenset("ăâêôơư")
WORD = re.compile(r"[^\W_]+")
_DIGIT = re.compile(r"\d")
_MARKED_LETTER = re.compile(r"[^\W\d_\x00-\x7f]")  # a letter beyond ASCII: it carries a mark


@lru_cache(maxsize=4096)
def split_letter(ch: str) -> tuple[str, str, int]:
    """One lower-case letter as (plain letter, quality mark, tone): "ộ" -> ("o", "^", 5)."""
    if ch == "đ":
        return "d", "-", 0
    if ord(ch) < 128:
        return ch, "", 0
    quality, tone, base = "", 0, ""
    for part in unicodedata.normalize("NFD", ch):
        if part in _TONE_MARKS:
            tone = _TONE_MARKS[part]
        elif part in _QUALITY:
            quality = _QUALITY[part]
        elif not base:
            base = part
    return base or ch, quality, tone


def _join_letter(plain: str, quality: str, tone: int) -> str:
    if quality == "-":
        return "đ"
    marks = (_QUALITY_CHARS.get(quality, "")) + (_TONE_CHARS.get(tone, ""))
    return unicodedata.normalize("NFC", plain + marks) if marks else plain


@lru_cache(maxsize=65536)
def parts(syllable: str) -> tuple[str, str, int]:
    """(skeleton, letters with quality marks but no tone, tone) of a lower-case syllable:
    "người" -> ("nguoi", "ngươi", 2). A second tone mark (OCR debris) counts once."""
    skeleton, toneless, tone = [], [], 0
    for ch in syllable:
        plain, quality, t = split_letter(ch)
        skeleton.append(plain)
        toneless.append(_join_letter(plain, quality, 0))
        tone = tone or t
    return "".join(skeleton), "".join(toneless), tone


def _vowel_span(toneless: str) -> tuple[int, int]:
    """Start and end of the vowel nucleus, after the onset ("qu" and "gi" belong to the onset)."""
    plain = "".join(split_letter(c)[0] for c in toneless)
    start = 0
    while start < len(plain) and plain[start] not in VOWELS:
        start += 1
    if start < len(plain) - 1 and (
        (plain[start] == "u" and start and plain[start - 1] == "q")
        or (plain[start] == "i" and start and plain[start - 1] == "g" and plain[start + 1] in VOWELS)
    ):
        start += 1
    end = start
    while end < len(plain) and plain[end] in VOWELS:
        end += 1
    return start, end


@lru_cache(maxsize=65536)
def place_tone(toneless: str, tone: int) -> str:
    """Write the tone where the decree's text puts it (the traditional placement: "hòa", "thủy")."""
    if not tone:
        return toneless
    start, end = _vowel_span(toneless)
    if start >= end:
        return toneless
    nucleus = toneless[start:end]
    marked = [i for i, c in enumerate(nucleus) if c in _MARKED]
    if marked:
        at = marked[-1]  # "ươ" takes it on ơ, "ưu" on ư
    elif end < len(toneless):
        at = len(nucleus) - 1  # a closed syllable: on the last vowel ("hoạch", "toán")
    elif len(nucleus) >= 3:
        at = 1  # "ngoài", "khuỷu"
    else:
        at = 0  # an open syllable: "hòa", "thủy", "mùa"
    ch = nucleus[at]
    plain, quality, _ = split_letter(ch)
    pos = start + at
    return toneless[:pos] + _join_letter(plain, quality, tone) + toneless[pos + 1 :]


@lru_cache(maxsize=65536)
def canonical(syllable: str) -> str:
    """The one spelling of a lower-case syllable: its tone placed as ``place_tone`` does."""
    _, toneless, tone = parts(syllable)
    return place_tone(toneless, tone)


@lru_cache(maxsize=65536)
def case_of(word: str) -> str:
    """ "upper", "title" or "lower": the shape a replacement must keep."""
    letters = [c for c in word if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return "upper"
    if letters and letters[0].isupper():
        return "title"
    return "lower"


def apply_case(word: str, case: str) -> str:
    if case == "upper":
        return word.upper()
    if case == "title":
        return word[:1].upper() + word[1:]
    return word


def mark_count(text: str) -> tuple[int, int]:
    """(letters carrying a Vietnamese mark, letters) in the words of running text: how much of the
    marking survived OCR. Abbreviations in capitals ("UBND", "CCHC") carry no marks and are not
    counted, unless the text is all capitals."""
    words = WORD.findall(text)
    if any(len(w) > 1 and not w.isupper() for w in words):
        words = [w for w in words if not (len(w) > 1 and w.isupper())]
    joined = "".join(words)
    # The words hold letters and digits only: the letters are what is not a digit (counted so, as a
    # page holds thousands of letters and few digits).
    letters = len(joined) - len(_DIGIT.findall(joined))
    return len(_MARKED_LETTER.findall(joined)), letters


_SHAPE = re.compile(
    r"^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?"
    r"(?:oai|oay|oeo|uai|uay|uoi|uou|uya|uye|uyu|ieu|yeu|ai|ao|au|ay|eo|eu|ia|ie|iu|oa|oe|oi|oo|ua|ue|ui|uo|uu|"
    r"uy|ya|ye|[aeiouy])"
    r"(?:ch|ng|nh|[cmnpt])?$"
)


def well_formed(syllable: str) -> bool:
    """Shaped like a Vietnamese syllable (onset, vowels, ending), with a tone its ending allows: a word
    missing from the dictionary ("duệ") rather than a misreading ("chitc", "câp": p, t, c and ch
    take only sắc or nặng)."""
    skeleton, _, tone = parts(syllable)
    match = _SHAPE.match(skeleton)
    if not match:
        return False
    return not (skeleton.endswith(("p", "t", "c", "ch")) and tone not in (1, 5))
