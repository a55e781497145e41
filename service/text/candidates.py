"""The readings OCR could have made of a word (ứng viên sửa lỗi): valid syllables within a small
confusion distance, ranked by how likely each is alone. Pure.

The neighbourhoods (which valid syllables a skeleton's known confusions lead to) depend on the
vocabulary only and are shared by every corrector of one model (``SkeletonIndex.neighbours``); the
ranking depends on the counts and is remembered per corrector, forgotten when the model grows.
"""

from __future__ import annotations

from collections.abc import Mapping

from service.text.confusion import Marks, mark_cost, marks_of
from service.text.ngrams import SyllableModel, token_key
from service.text.syllables import parts
from service.text.tokens import Options

MAX_CANDIDATES = 4
LEARNED_COST = 0.05
_SPLIT_COST = 0.8  # two syllables run together, before their marks
_UNSURE = 1.5  # a misreading costlier than this: look further (one letter off, two words run together)
_NEAR_MAX = 100_000  # neighbourhoods remembered
_CEILING = 8.0  # how much likelier than a valid word as read an alternative may be, before context


class Candidates:
    """Readings of lower-case words against one model; ``learned`` maps a misreading the clerk
    corrected to the syllables it stood for."""

    def __init__(self, model: SyllableModel, learned: Mapping[str, tuple[str, ...]]) -> None:
        self.model = model
        self.index = model.skeletons()
        self.learned = dict(learned)
        self._cache: dict[tuple[str, float], tuple[Options, bool]] = {}

    def __len__(self) -> int:
        return len(self._cache)

    def forget(self) -> None:
        self._cache.clear()

    def options(self, low: str, lost: float) -> tuple[Options, bool]:
        """Readings of one lower-case word, the word as read first, then the likeliest; and whether
        the word as read is a known one."""
        cache_key = (low, lost)
        hit = self._cache.get(cache_key)
        if hit is not None:
            return hit
        key = token_key(low)
        known = key in self.model.vocabulary
        scored, further = self._near(low, lost, key, known)
        if further:
            scored = {**scored, **self._splits(low)}
        if low in self.learned:
            scored = {**scored, self.learned[low]: LEARNED_COST}
        result = ([((key,), 0.0), *self._ranked(scored, key if known else None)], known)
        self._cache[cache_key] = result
        return result

    def _near(self, low: str, lost: float, key: str, known: bool) -> tuple[dict, bool]:
        """The valid syllables within confusion distance of a word, with their misreading cost, and
        whether to look for two words run together: the vocabulary's part of the readings, the same
        for every corrector of the model (remembered on its index)."""
        near_key = (low, lost, known)
        hit = self.index.near.get(near_key)
        if hit is not None:
            return hit
        skeleton = parts(low)[0]
        seen = marks_of(low)
        if known and lost >= 1.0 and not seen.unknown:
            near = {skeleton: 0.0}  # a valid word on a page that kept its marks: only marks may be off
        else:
            near = self.index.rewritten(skeleton)
        scored = self._score(near, seen, lost, key)
        further = False
        if not known and skeleton.isalpha() and min(scored.values(), default=99.0) > _UNSURE:
            for cand, cost in self._score(self.index.edited(skeleton), seen, lost, key).items():
                scored.setdefault(cand, cost)
            further = len(skeleton) >= 4
        if len(self.index.near) > _NEAR_MAX:
            self.index.near.clear()
        hit = self.index.near[near_key] = (scored, further)
        return hit

    def _ranked(self, scored: dict[tuple[str, ...], float], known: str | None) -> Options:
        """The likeliest readings alone (misreading cost minus unigram log probability); next to a
        known word, only those that context could still prefer."""
        unigram = self.model.unigram_logp
        ranked = sorted(
            (cost - (unigram(c[0]) if len(c) == 1 else sum(map(unigram, c))), c, cost)
            for c, cost in scored.items()
        )[:MAX_CANDIDATES]
        if known is not None:  # an alternative must be able to beat the word as read once context counts
            ceiling = _CEILING - unigram(known)
            return [(c, cost) for score, c, cost in ranked if score < ceiling]
        return [(c, cost) for _, c, cost in ranked]

    def _score(self, near: dict[str, float], seen: Marks, lost: float, key: str) -> dict:
        out: dict[tuple[str, ...], float] = {}
        by_skeleton = self.index.by_skeleton
        for skel, skel_cost in near.items():
            for syl, marks in by_skeleton.get(skel, ()):
                if syl != key:
                    cost = skel_cost + (0.0 if marks == seen else mark_cost(seen, marks, lost))
                    if cost < out.get((syl,), 99.0):
                        out[(syl,)] = cost
        return out

    def _splits(self, low: str) -> dict[tuple[str, ...], float]:
        """Two syllables OCR ran together ("chínhphủ", "vêviệc": the marks may be off too)."""
        out: dict[tuple[str, ...], float] = {}
        for cut in range(1, len(low)):
            left = self._nearest(low[:cut])
            right = self._nearest(low[cut:])
            if left and right:
                cost = _SPLIT_COST + left[1] + right[1]
                if cost < out.get((left[0], right[0]), 99.0):
                    out[(left[0], right[0])] = cost
        return out

    def _nearest(self, part: str) -> tuple[str, float] | None:
        """The likeliest syllable with this part's letters, and what its marks cost (lost marks cheap)."""
        skeleton = parts(part)[0]
        seen = marks_of(part)
        best = None
        for syl, marks in self.index.by_skeleton.get(skeleton, ()):
            cost = mark_cost(seen, marks, 0.6)
            if cost <= 1.3:
                score = cost - self.model.unigram_logp(syl)
                if best is None or score < best[2]:
                    best = (syl, cost, score)
        return (best[0], best[1]) if best else None
