"""What real Vietnamese looks like (văn bản tiếng Việt thật): well-formed syllables, marks, odd
characters. Used to choose a legacy encoding's reading, to judge a PDF's text layer and an OCR page's
text. Pure code: no I/O.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from service.text.normalize import nfc

_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_INITIALS = (
    "ngh",
    "ch",
    "gh",
    "gi",
    "kh",
    "ng",
    "nh",
    "ph",
    "qu",
    "th",
    "tr",
    "b",
    "c",
    "d",
    "đ",
    "g",
    "h",
    "k",
    "l",
    "m",
    "n",
    "p",
    "r",
    "s",
    "t",
    "v",
    "x",
    "",
)
_RHYMES = set(
    [
        "a",
        "e",
        "ê",
        "i",
        "o",
        "ô",
        "ơ",
        "u",
        "ư",
        "y",
        "ai",
        "ao",
        "au",
        "ay",
        "âu",
        "ây",
        "eo",
        "êu",
        "ia",
        "iu",
        "oa",
        "oai",
        "oay",
        "oe",
        "oi",
        "ôi",
        "ơi",
        "ua",
        "uâ",
        "ui",
        "uê",
        "uy",
        "ưa",
        "ưi",
        "ưu",
        "ươi",
        "ươu",
        "iêu",
        "yêu",
        "uôi",
        "uya",
        "uyu",
        "oao",
        "oeo",
        "uơ",
        "ya",
        "ac",
        "ach",
        "am",
        "an",
        "ang",
        "anh",
        "ap",
        "at",
        "ăc",
        "ăm",
        "ăn",
        "ăng",
        "ăp",
        "ăt",
        "âc",
        "âm",
        "ân",
        "âng",
        "âp",
        "ât",
        "ec",
        "em",
        "en",
        "eng",
        "ep",
        "et",
        "êch",
        "êm",
        "ên",
        "ênh",
        "êp",
        "êt",
        "ich",
        "im",
        "in",
        "inh",
        "ip",
        "it",
        "oc",
        "om",
        "on",
        "ong",
        "op",
        "ot",
        "oong",
        "ooc",
        "ôc",
        "ôm",
        "ôn",
        "ông",
        "ôp",
        "ôt",
        "ơm",
        "ơn",
        "ơp",
        "ơt",
        "uc",
        "um",
        "un",
        "ung",
        "up",
        "ut",
        "ưc",
        "ưm",
        "ưn",
        "ưng",
        "ưt",
        "iêc",
        "iêm",
        "iên",
        "iêng",
        "iêp",
        "iêt",
        "yêm",
        "yên",
        "yêt",
        "yêng",
        "uôc",
        "uôm",
        "uôn",
        "uông",
        "uôt",
        "ươc",
        "ươm",
        "ươn",
        "ương",
        "ươp",
        "ươt",
        "oac",
        "oach",
        "oam",
        "oan",
        "oang",
        "oanh",
        "oap",
        "oat",
        "oăc",
        "oăm",
        "oăn",
        "oăng",
        "oăt",
        "oen",
        "oet",
        "oem",
        "uân",
        "uâng",
        "uât",
        "uênh",
        "uêch",
        "uych",
        "uyn",
        "uynh",
        "uyp",
        "uyt",
        "uyên",
        "uyêt",
    ]
)
_STOP_FINALS = ("c", "ch", "p", "t")
_WORD_RE = re.compile(r"[^\s\d.,;:!?()\[\]{}\"'“”‘’/\\|<>=+*&%$#@^_~`«»…–—-]+|\S*\d\S*")
_VIET_EXTRA = set("ăâđêôơưĂÂĐÊÔƠƯ")


def _strip_tone(word: str) -> tuple[str, int]:
    """(the word without tone marks, NFC; how many tone marks it had)."""
    decomposed = unicodedata.normalize("NFD", word)
    tones = sum(1 for ch in decomposed if ch in _TONES)
    bare = "".join(ch for ch in decomposed if ch not in _TONES)
    return unicodedata.normalize("NFC", bare), tones


def is_syllable(word: str) -> bool:
    """A well-formed Vietnamese syllable (âm tiết): initial + rhyme, at most one tone, the tone
    allowed by the final (c, ch, p, t take only sắc or nặng)."""
    return _is_syllable(nfc(word).lower())


@lru_cache(maxsize=65536)
def _is_syllable(word: str) -> bool:  # a page repeats its words: the cache makes scoring cheap
    if not word or len(word) > 7:
        return False
    bare, tones = _strip_tone(word)
    if tones > 1:
        return False
    for initial in _INITIALS:
        if not bare.startswith(initial):
            continue
        rhyme = bare[len(initial) :]
        if rhyme in _RHYMES or (not rhyme and initial == "gi"):
            if tones and rhyme.endswith(_STOP_FINALS):
                decomposed = unicodedata.normalize("NFD", word)
                if not any(ch in decomposed for ch in ("\u0301", "\u0323")):
                    return False
            return True
    return False


@dataclass(frozen=True)
class TextQuality:
    """How much a text looks like real Vietnamese."""

    words: int  # alphabetic tokens considered
    valid_share: float  # tokens that are well-formed syllables
    diacritic_share: float  # tokens that carry a Vietnamese mark (real prose: about half)
    odd_share: float  # tokens with characters Vietnamese does not use (Ø, Ñ, ¡…) or digits in letters

    @property
    def score(self) -> float:
        return self.valid_share * min(1.0, self.diacritic_share / 0.35) * (1.0 - self.odd_share)

    def is_vietnamese(self, min_words: int = 8) -> bool:
        return (
            self.words >= min_words
            and self.valid_share >= 0.75
            and self.diacritic_share >= 0.25
            and self.odd_share <= 0.08
        )


def _is_acronym(token: str) -> bool:
    return token.isupper() and len(token) <= 6 and not any(ch in _VIET_EXTRA for ch in token)


def _has_mark(token: str) -> bool:
    return any(ord(ch) > 127 for ch in token)


def _is_odd(token: str) -> bool:
    if any(ch.isdigit() for ch in token) and any(ch.isalpha() for ch in token):
        return True
    for ch in token:
        if ord(ch) < 128 or ch in _VIET_EXTRA:
            continue
        base = unicodedata.normalize("NFD", ch)[0]
        if not ("a" <= base.lower() <= "z") and base not in _VIET_EXTRA:
            return True
    return False


# what a token counts for in measure_text: skipped, odd, or a word (well-formed?, marked?)
_SKIP, _ODD = 0, 1
_WORD_KINDS = {(False, False): 2, (True, False): 3, (False, True): 4, (True, True): 5}


@lru_cache(maxsize=65536)  # a text repeats its words: each is judged once
def _token_kind(token: str) -> int:
    if not any(ch.isalpha() for ch in token):
        return _SKIP
    if _is_odd(token):
        return _ODD
    if _is_acronym(token) and not is_syllable(token):
        return _SKIP  # UBND, TCPCP: neither for nor against
    return _WORD_KINDS[(is_syllable(token), _has_mark(token))]


def measure_text(text: str) -> TextQuality:
    """Score a text by its words: well-formed syllables, marked syllables, odd characters."""
    kinds = Counter(map(_token_kind, _WORD_RE.findall(nfc(text))))
    valid = kinds[3] + kinds[5]
    marked = kinds[4] + kinds[5]
    odd = kinds[_ODD]
    words = odd + kinds[2] + valid + kinds[4]
    if not words:
        return TextQuality(0, 0.0, 0.0, 0.0)
    return TextQuality(words, valid / words, marked / words, odd / words)
