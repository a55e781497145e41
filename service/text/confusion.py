"""What OCR makes of a Vietnamese syllable (nhầm lẫn OCR), and the syllables a misread word may be.

A candidate's cost (in nats) is how unlikely the misreading is: marks lost cost little on a page whose
marks OCR lost everywhere, much on a page that kept them; letter confusions tesseract makes on
Vietnamese print ("ư" read "w", "m" read "rn", "ô" read "6" or "0", "Đ" read "P", "ức" read "itc")
cost less than an arbitrary letter changed.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import NamedTuple

from service.text.syllables import parts, split_letter

# (seen, meant, cost): letter confusions on the accent-free skeleton, seen in tesseract `vie` output.
REWRITES: tuple[tuple[str, str, float], ...] = (
    ("w", "u", 0.4),  # ư
    ("rn", "m", 0.6),
    ("ii", "u", 0.7),  # "ciia" của
    ("ti", "u", 1.0),  # "ctia" của
    ("it", "u", 0.8),  # "chitc" chức
    ("ir", "u", 0.7),  # "thirc" thức
    ("tr", "u", 0.9),  # "chtrc" chức
    ("y", "u", 0.8),  # "thyc" thực
    ("do", "o", 0.9),  # "ngwdoi" người
    ("de", "o", 0.9),  # "nudec" nước
    ("d", "o", 1.0),  # "ndi" nội, "hd" hộ
    ("e", "c", 1.0),  # "thue" thực
    ("e", "o", 1.1),  # "Té" Tổ
    ("p", "d", 0.6),  # "Pang" Đảng
    ("dp", "d", 0.6),  # "DPUONG" ĐƯỜNG
    ("6", "o", 0.3),  # "t6" tổ, "c6" có
    ("0", "o", 0.3),
    ("4", "a", 0.6),  # "x4" xã
    ("1", "l", 0.6),
    ("1", "i", 0.6),
    ("€", "e", 0.3),  # "ti€u" tiêu
    ("¢", "e", 0.4),  # "Vi¢c" Việc
    ("&", "e", 0.6),  # "K&" Kế
    ("$", "s", 0.4),  # "$6" Số
)
_REWRITE_HEADS = {seen[0] for seen, _, _ in REWRITES}
# Characters that stand for a marked letter: the marks the word had are unknown, not absent.
JUNK = frozenset("0123456789€¢&$")
EDIT_COST = 3.0  # one letter added, dropped or changed, outside the known confusions
MAX_SKELETON_COST = 3.2


class Marks(NamedTuple):
    """The marks of one reading: its tone, the quality marks of its vowels (sorted), the bar of đ,
    and whether a digit or a sign stood in for a letter (then the marks it had are unknown)."""

    tone: int
    quality: str
    bar: bool = False
    unknown: bool = False


@lru_cache(maxsize=65536)  # a page asks the marks of the same words (and parts of words) again and again
def marks_of(word: str) -> Marks:
    _, _, tone = parts(word)
    quality = "".join(sorted(q for q in (split_letter(c)[1] for c in word) if q and q != "-"))
    return Marks(tone, quality, "đ" in word, any(c in JUNK for c in word))


LOST_KEPT = 2.2  # what a lost mark costs on a line that kept its marks


def lost_mark_cost(marked: int, letters: int) -> float:
    """What a mark OCR did not give costs: little where the page lost its marks (few marked
    letters), much where it kept them. Vietnamese print carries marks on about a third of its
    letters; OCR that lost them leaves a few per cent."""
    if letters < 8:
        return 1.2
    ratio = marked / letters
    # Three kinds of page (the candidates of a word are worked out once for each kind).
    if ratio <= 0.11:
        return 0.3
    if ratio >= 0.19:
        return LOST_KEPT
    return 1.2


EXTRA_MARK = 1.6  # a mark OCR gave that the candidate lacks
WRONG_TONE = 1.3  # another tone: sắc, hỏi and ngã look alike in print
STACKED = 0.6  # one of a stacked pair of marks lost


@lru_cache(maxsize=65536)  # few kinds of marks: the same pairs come again and again
def mark_cost(seen: Marks, cand: Marks, lost: float) -> float:
    """What it costs to have read a syllable with marks ``cand`` as one with marks ``seen``."""
    bar = 0.0 if seen.bar == cand.bar else (lost if cand.bar else EXTRA_MARK)
    if seen.tone == cand.tone and seen.quality == cand.quality:
        return bar
    lost = 0.3 if seen.unknown else lost
    # Tesseract reads a stacked pair of marks (a hat and a tone: ổ, ế, ẩ) as one of the two, on any
    # page: "tô" for "tổ", "phó" for "phố".
    if seen.quality == cand.quality and seen.quality and not seen.tone and cand.tone:
        return bar + min(STACKED, lost)
    if seen.tone == cand.tone and seen.tone and not seen.quality and cand.quality == "^":
        return bar + min(STACKED, lost)
    if seen.quality == cand.quality == "^" and {seen.tone, cand.tone} == {1, 3}:
        return bar + STACKED  # the hook on a hat read as an acute: "tố" for "tổ", "thế" for "thể"
    cost = bar
    if seen.tone != cand.tone:
        if not seen.tone:
            cost += lost
        elif not cand.tone:
            cost += EXTRA_MARK
        else:
            cost += WRONG_TONE
    if seen.quality != cand.quality:
        missing = list(cand.quality)
        extra = 0
        for q in seen.quality:
            if q in missing:
                missing.remove(q)
            else:
                extra += 1
        cost += len(missing) * lost + extra * EXTRA_MARK
        if missing and extra:  # a mark read as another ("ô" as "ơ"): one misreading, not two
            cost -= min(len(missing), extra) * min(lost, EXTRA_MARK) * 0.5
    return cost


class SkeletonIndex:
    """Valid syllables by skeleton, with their marks, and a one-deletion index (SymSpell) for
    one-letter edits."""

    def __init__(self, syllables: Iterable[str]) -> None:
        self.by_skeleton: dict[str, list[tuple[str, Marks]]] = {}
        self.deletes: dict[str, list[str]] = {}
        # What the readers of this index work out from the vocabulary alone (a word's neighbourhood),
        # remembered for every corrector of the model until the vocabulary grows.
        self.near: dict = {}
        for syl in sorted(set(syllables)):
            self.add(syl)

    def add(self, syllable: str) -> None:
        skeleton = parts(syllable)[0]
        if not skeleton.isalpha():
            return
        if skeleton not in self.by_skeleton:
            self.by_skeleton[skeleton] = []
            for variant in _deletions(skeleton):
                self.deletes.setdefault(variant, []).append(skeleton)
        entries = self.by_skeleton[skeleton]
        if all(syl != syllable for syl, _ in entries):
            entries.append((syllable, marks_of(syllable)))
            self.near.clear()

    def rewritten(self, skeleton: str) -> dict[str, float]:
        """Skeletons the known confusions make of this one (itself included), with their cost."""
        return {v: c for v, c in _rewrites(skeleton) if v in self.by_skeleton}

    def edited(self, skeleton: str) -> dict[str, float]:
        """Skeletons one letter away (added, dropped or changed), each at ``EDIT_COST``."""
        found: dict[str, float] = {}
        for other in self.deletes.get(skeleton, ()):  # OCR dropped a letter
            found[other] = EDIT_COST
        for shorter in _deletions(skeleton):
            if shorter in self.by_skeleton:
                found[shorter] = EDIT_COST  # OCR added a letter
            for other in self.deletes.get(shorter, ()):  # OCR changed a letter
                if len(other) == len(skeleton):
                    found[other] = EDIT_COST
        found.pop(skeleton, None)
        return found


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))} if len(word) > 1 else set()


def _rewrites(skeleton: str) -> list[tuple[str, float]]:
    """The skeleton and what up to two known confusions make of it."""
    best = {skeleton: 0.0}
    frontier = [(skeleton, 0.0)]
    for _ in range(2):
        nxt = []
        for word, cost in frontier:
            if not _REWRITE_HEADS.intersection(word):
                continue
            for seen, meant, c in REWRITES:
                if seen not in word:
                    continue
                start = word.find(seen)
                while start >= 0:
                    if seen == "p" and start:  # Đ read as P: only where a syllable starts
                        break
                    new = word[:start] + meant + word[start + len(seen) :]
                    total = cost + c
                    if total <= MAX_SKELETON_COST and total < best.get(new, 99.0):
                        best[new] = total
                        nxt.append((new, total))
                    start = word.find(seen, start + 1)
        frontier = nxt
    return list(best.items())
