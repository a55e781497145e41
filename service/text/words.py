"""Words in OCR text (từ ngữ): which runs of letters are words to correct, where a phrase ends, and how
a corrected word is written back (its case, a speck OCR glued to it)."""

from __future__ import annotations

import itertools
import re
from functools import lru_cache

from service.text.confusion import JUNK
from service.text.syllables import apply_case, case_of, parts

_JOIN_GAP = re.compile(r"[\s“”\"'‘’`~^¬]*")  # specks OCR leaves between words ("Phó`Chú") join too
_VOWEL = re.compile(r"[aeiouy]")
_ROMAN = re.compile(r"[IVXLC]+")
# A speck OCR glued to a word's end ("sau~"): not part of any word.
SPECK = re.compile(r"^[~^`¬]+(?=[\s”\"),.;:]|$)")


def starts_line(raw: str, pos: int) -> bool:
    return not raw[raw.rfind("\n", 0, pos) + 1 : pos].strip(" \t|")


def spell(syllables: tuple[str, ...], seen: str, starts_line: bool = False) -> str:
    case = case_of(seen)
    if starts_line and not any(c.isalpha() for c in seen):
        case = "title"  # "$6:" at a line's start is "Số:"
    words = [apply_case(s, case) for s in syllables]
    if case == "title":
        words[1:] = syllables[1:]
    return " ".join(words)


def lines_of(raw: str):
    pos = 0
    for line in raw.split("\n"):
        yield pos, line
        pos += len(line) + 1


def phrases(tokens: list, raw: str):
    """Phrases: tokens with only spaces, quotes or a single line break between them."""
    run: list = []
    for tok in tokens:
        gap = _JOIN_GAP.fullmatch(raw, run[-1].end, tok.start) if run else None
        if run and (gap is None or gap.group(0).count("\n") > 1):
            yield run
            run = []
        run.append(tok)
    if run:
        yield run


def leave_alone(word: str, raw: str, start: int, end: int) -> bool:
    """Symbols, codes, abbreviations, addresses: not words to correct."""
    alone, caps = word_shape(word)
    return alone or in_code(raw, start, end, caps)


def in_code(raw: str, start: int, end: int, caps: bool) -> bool:
    """The word at ``raw[start:end]`` is part of an address, a path or a code ("KH-UBND" when in
    capitals)."""
    before = raw[start - 1] if start else " "
    after = raw[end] if end < len(raw) else " "
    if before in "/@." or after in "/@" or (after == "." and end + 1 < len(raw) and raw[end + 1].isalnum()):
        return True
    return caps and "-" in (before, after)


def word_shape(word: str) -> tuple[bool, bool]:
    """(no word to correct whatever stands around it, in capitals): "TTg", "KH", "XII"."""
    caps = word.isupper()
    return _not_a_word(word) or (caps and bool(_ROMAN.fullmatch(word))), caps


@lru_cache(maxsize=65536)
def _not_a_word(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    if len(letters) < 2 and not any(c in JUNK for c in word):
        return True  # a letter alone: a list mark, an initial, or a speck of a stamp
    if any(a.islower() and b.isupper() for a, b in itertools.pairwise(word)):
        return True  # "TTg", "mTTQ"
    skeleton = parts(word.lower())[0]
    if not _VOWEL.search(skeleton) and not any(c in JUNK for c in word):
        return True  # "KH", "VT", "TP"
    return len(letters) > 14
