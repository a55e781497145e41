"""Lines of an OCR'd page that are no text (dòng rác OCR): a seal, a signature, a rule or specks read
as letters ("ý Ệ", "ấ Ắ ệ", "tboyrhrmAi BÌN LỆ", "TEPTEETSEEDOETTEEDDVUPONETEONNEI"). Pure.

Printed Vietnamese is made of syllables; a line of an administrative page holds some. OCR of a drawn
mark gives letters that no printed line has: a vowel alone under a tone mark, capitals inside a word
after small letters next to a marked letter, a letter Vietnamese does not write (ÿ, ñ, œ), a run of
capitals longer than any acronym. A line whose words are more such than syllables and numbers is
debris: the corrected text leaves it out (the raw OCR keeps it). Nothing else is judged: an unknown
word, an acronym, a foreign name, a single capital ("A", "I") or "x" in a table stay; a line of
letters alone goes only if one of them is marked.
"""

from __future__ import annotations

import bisect
import itertools
import re
import unicodedata
from dataclasses import replace

from service.text.changes import Change, Correction
from service.text.syllables import WORD, canonical

_LATIN = frozenset("abcdefghijklmnopqrstuvwxyz")
_VOWELS = frozenset("aeiouy")
_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323\u0302\u0306\u031b")  # tones; â ê ô, ă, ơ ư
_LONG_CAPS = 12  # letters: no acronym of an office is this long (ĐBSCL, KGVXNV, NCKSTTHC)
_LONG_MIXED = 8  # a word this long with a capital after small letters is none ("iPhone", "eKYC" are shorter)


def _vietnamese_letters() -> tuple[str, str]:
    """The lower and the capital letters Vietnamese and English write, marks included."""
    lower = []
    for code in range(0x61, 0x1EFA):
        ch = chr(code)
        if ch.isalpha() and ch.islower() and _letters_ok(ch):
            lower.append(ch)
    upper = [ch.upper() for ch in lower if len(ch.upper()) == 1]
    return "".join(lower), "".join(upper)


def _letters_ok(word: str) -> bool:
    """Every letter is one Vietnamese or English writes: a Latin letter or "đ", and only the marks of
    Vietnamese, on a vowel ("ñ", "ç", "ÿ", "œ" are none)."""
    for ch in word.lower():
        decomposed = unicodedata.normalize("NFD", ch)
        base, marks = decomposed[0], set(decomposed[1:])
        if base.isalpha() and base not in _LATIN and base != "đ":
            return False
        if marks and (base not in _VOWELS or not _MARKS.issuperset(marks)):
            return False
    return True


def _mixed(word: str) -> bool:
    """A capital after a small letter inside the word ("tEá", "ÿVe")."""
    return any(a.islower() and b.isupper() for a, b in itertools.pairwise(word))


_LOWER, _UPPER = _vietnamese_letters()
_MARKED = "".join(ch for ch in _LOWER + _UPPER if not ch.isascii())
# What only a line holding a debris word can show: a letter of neither language, a marked letter
# alone, a capital after a small letter, a long run of capitals (the lines without any, nearly all,
# are not looked at word by word).
_SUSPECT = re.compile(
    rf"[^\W\d_{_LOWER}{_UPPER}]|(?<![^\W_])[{_MARKED}](?![^\W_])|[{_LOWER}][{_UPPER}]|[{_UPPER}]{{{_LONG_CAPS}}}"
)


def is_debris_word(word: str) -> bool:
    """A word no printed line holds (see the module's docstring)."""
    if word.isascii():  # "A", "x", "b" may be printed; "eKYC" too
        return (len(word) >= _LONG_MIXED and _mixed(word)) or (len(word) >= _LONG_CAPS and word.isupper())
    if len(word) == 1 or not _letters_ok(word):
        return True  # a marked vowel alone ("ệ", "Ắ"), a letter Vietnamese does not write
    if _mixed(word) and (not word.isascii() or len(word) >= _LONG_MIXED):
        return True
    return word.isupper() and len(word) >= _LONG_CAPS


def is_debris_line(line: str, vocabulary: set[str]) -> bool:
    """A line of marked letters alone, or whose debris words are half its words at least and as many
    as its syllables at least (more than its syllables and numbers where it holds a number)."""
    words = WORD.findall(line)
    if not words:
        return False
    if all(len(w) == 1 for w in words) and not all(map(str.isascii, words)):
        return True  # marked letters alone ("ý Ệ", "ễ i"): no printed line is made of them
    bad = good = 0
    number = False
    half = len(words) // 2
    for word in words:
        if word.isdigit():
            good += 1
            number = True
        elif (low := word.lower()) in vocabulary or (not low.isascii() and canonical(low) in vocabulary):
            good += len(word) > 1  # a syllable, whatever its case ("nghiỆp"); "ở", "ý" say little
        elif is_debris_word(word):
            bad += 1
        if good > half:
            return False  # most of the line is text (most lines: the rest is not looked at)
    # at least half the line is debris, and more of it than syllables (than syllables and numbers
    # together where a number stands: a table's "x 2" stays)
    if 2 * bad < len(words):
        return False
    return bad > good if number else bad >= good


DEBRIS_CONFIDENCE = 0.5  # a line left out is shown as a change the clerk can see


def drop_debris_lines(correction: Correction, vocabulary: set[str]) -> Correction:
    """The corrected text without the raw text's debris lines: their changes give way to one change
    per line left out (its raw words, new ""), and the later changes' places in the text move up."""
    if not _SUSPECT.search(correction.raw):
        return correction
    raw_lines = correction.raw.split("\n")
    lines = correction.text.split("\n")
    drop = {
        i for i, line in enumerate(raw_lines) if _SUSPECT.search(line) and is_debris_line(line, vocabulary)
    }
    if not drop or len(lines) != len(raw_lines) or len(drop) == len(lines):
        return correction
    kept: list[str] = []
    starts: list[int] = []  # where each line left out started in the text, and its end
    ends: list[int] = []
    removed: list[int] = [0]  # the text taken out before each of them, then after the last
    changes: list[Change] = []
    at = raw_at = 0
    for i, line in enumerate(lines):
        raw_line = raw_lines[i]
        if i in drop:
            starts.append(at)
            ends.append(at + len(line) + 1)
            removed.append(removed[-1] + len(line) + 1)
            lead = len(raw_line) - len(raw_line.lstrip())
            words = raw_line.strip()
            start = raw_at + lead
            changes.append(
                Change(start, start + len(words), words, "", DEBRIS_CONFIDENCE, False, at - removed[-2])
            )
        else:
            kept.append(line)
        at += len(line) + 1
        raw_at += len(raw_line) + 1
    for change in correction.changes:
        k = bisect.bisect_right(starts, change.at)  # the lines left out that start at or before it
        if k and change.at < ends[k - 1]:
            continue  # in a line left out
        changes.append(replace(change, at=change.at - removed[k]) if removed[k] else change)
    changes.sort(key=lambda c: c.start)
    return Correction(raw=correction.raw, text="\n".join(kept), changes=tuple(changes))
