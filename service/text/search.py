"""Choosing among a phrase's readings (tìm cách đọc): the cheapest sequence of readings under the
syllable bigram model (Viterbi), and how sure each choice is. Pure.

A reading's cost is its misreading cost minus its log probability after the word before it. A valid
word as read changes only when the other reading wins clearly and its neighbours vouch for it.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from operator import itemgetter

from service.text.confusion import LOST_KEPT, STACKED
from service.text.ngrams import NUMBER, START, SyllableModel
from service.text.tokens import Options, Token

SURE = 1.0  # nats a change must win by over the next best reading
SURE_VALID = 2.0  # … and over a valid syllable as read, on a line that kept its marks
# A valid word unseen beside both its neighbours yields to a reading OCR could have misread as it
# ("đề" for "để") only when context wants that reading this much more (nats, misreading counted),
# and the model has seen it beside its neighbours this often; somewhat less: kept and flagged.
CONTRAST = 6.5
CONTRAST_UNSURE = 5.0
# On a line that lost marks a valid syllable is weak evidence ("cong" there is mostly "công"): less.
CONTRAST_LOST, CONTRAST_LOST_UNSURE = 4.0, 3.0
CONTRAST_SEEN = 1.0
_BEAM = 8.0
_STATES = 3  # readings kept per word in the search
_SCORE = itemgetter(1)
_NONE: dict = {}

# (token, syllables or None, confidence, flagged)
Judged = tuple[Token, tuple[str, ...] | None, float, bool]


class _Row(dict):
    """-log P(word | prev) for one ``prev``, worked out the first time a word is asked for."""

    __slots__ = ("logp",)

    def __init__(self, logp: Callable[[str], float]) -> None:
        super().__init__()
        self.logp = logp

    def __missing__(self, word: str) -> float:
        value = self[word] = -self.logp(word)
        return value


class _Memo(dict):
    """prev -> its ``_Row``: a document asks the same pairs again and again. Every word the model
    never saw before another shares one row: what follows it is only as likely as it is alone."""

    __slots__ = ("model", "unigrams")

    def __init__(self, model: SyllableModel) -> None:
        super().__init__()
        self.model = model
        self.unigrams = _Row(model.unigram_logp)

    def __missing__(self, prev: str) -> _Row:
        logp = self.model.after(prev)
        row = self[prev] = self.unigrams if logp is None else _Row(logp)
        return row


class Search:
    """The search over one model, remembering the bigram costs as they are asked for. ``own`` holds
    the document's own pairs while it is corrected."""

    def __init__(self, model: SyllableModel) -> None:
        self.model = model
        self.memo = _Memo(model)
        self.own: frozenset[str] = frozenset()

    def forget(self) -> None:
        self.memo = _Memo(self.model)

    def remembered(self) -> int:
        """How many costs are remembered (the shared row once)."""
        shared = self.memo.unigrams
        return len(shared) + sum(len(row) for row in self.memo.values() if row is not shared)

    def best_run(self, run: list[Token], prev: str, nxt: str | None) -> list[int]:
        """Viterbi over a run of words, from the word before it to the word after it."""
        memo = self.memo
        back: list[list[int]] = []
        states = [(prev, 0.0, 0)]  # (last syllable, score, option index)
        last_word = len(run) - 1
        for t, tok in enumerate(run):
            firsts, tails = tok.firsts, tok.tails
            if firsts is None or tails is None:
                firsts, tails = tok.firsts, tok.tails = self.steps(tok.options)
            if len(states) == 1:  # one way in (a run's first word; a word after a sure one)
                last, score, index = states[0]
                row = memo[last]
                best = [score + row[first] for first in firsts]
                came = [index] * len(firsts)
            else:
                best = [math.inf] * len(firsts)
                came = [0] * len(firsts)
                for last, score, index in states:  # each reading's best way in, the earliest on a tie
                    row = memo[last]
                    for j, first in enumerate(firsts):
                        step = score + row[first]
                        if step < best[j]:
                            best[j], came[j] = step, index
            new = [(tail, best[j] + own, j) for j, (tail, own) in enumerate(tails)]
            back.append(came)
            if t < last_word:  # beam: a reading this far behind cannot come back within the run
                new.sort(key=_SCORE)
                floor = new[0][1] + _BEAM
                new = [x for x in new[:_STATES] if x[1] <= floor]
            states = new
        if nxt is not None:
            states = [(last, score + memo[last][nxt], index) for last, score, index in states]
        path = [min(states, key=_SCORE)[2]]
        for t in range(len(run) - 1, 0, -1):
            path.append(back[t][path[-1]])
        path.reverse()
        return path

    def steps(self, options: Options) -> tuple[list[str], list[tuple[str, float]]]:
        """Each reading's first syllable; its last with what it costs inside itself."""
        memo = self.memo
        tails = []
        for syls, own in options:
            if len(syls) > 1:
                for a, b in itertools.pairwise(syls):
                    own += memo[a][b]
            tails.append((syls[-1], own))
        return [syls[0] for syls, _ in options], tails

    def supported(self, tok: Token, chosen: int, prev: str, nxt: str | None) -> bool:
        """Context shows the reading: the model has seen it next to a neighbour ("tổ chức", "đẩy
        mạnh"), or next to both where the misreading is not the usual lost stacked mark, or the word
        is capitalised inside a line (a name: "Vân", "Duệ"). Another reading than OCR's may also be
        vouched for by the document itself: the pair as OCR read it elsewhere in its text."""
        syllables, cost = tok.options[chosen]
        follows, own = self.model.follows, (self.own if chosen else frozenset())
        before = prev != START and (
            syllables[0] in follows.get(prev, _NONE) or f"{prev} {syllables[0]}" in own
        )
        after = nxt is not None and (
            nxt in follows.get(syllables[-1], _NONE) or f"{syllables[-1]} {nxt}" in own
        )
        name = tok.text[:1].isupper() and not tok.text.isupper() and prev != START and not tok.opens
        if (cost <= STACKED or tok.lost < 1.0) and not name:
            return before or after
        return before and after

    def scores(self, tok: Token, prev: str, nxt: str | None) -> list[float]:
        """Each reading's cost between its neighbours' chosen readings."""
        memo = self.memo
        before = memo[prev]
        out = []
        for syls, score in tok.options:
            score += before[syls[0]]
            if len(syls) > 1:
                for a, b in itertools.pairwise(syls):
                    score += memo[a][b]
            if nxt:
                score += memo[syls[-1]][nxt]
            out.append(score)
        return out

    def judge(self, tok: Token, chosen: int, prev: str, nxt: str | None) -> Judged:
        """What becomes of one word the search chose ``chosen`` for: changed, kept, or kept and flagged."""
        if chosen == 0 and tok.known:
            return tok, None, 1.0, False  # a valid word kept as read: nothing to say
        scores = self.scores(tok, prev, nxt)
        others = [s for i, s in enumerate(scores) if i != chosen]
        margin = (min(others) - scores[chosen]) if others else 9.0
        confidence = 1.0 / (1.0 + math.exp(-margin))
        if chosen == 0:  # kept as read: unreadable, nothing was sure
            return tok, None, confidence, len(tok.options) > 1
        # A valid syllable on a line that lost its marks is weak evidence: "bi" there may be "bị".
        sure_valid = SURE + (SURE_VALID - SURE) * min(1.0, tok.lost / 2.2)
        syllables = tok.options[chosen][0]
        if f"{prev} {syllables[0]}" in self.own or f"{syllables[-1]} {nxt}" in self.own:
            sure_valid = SURE  # the document itself reads it so elsewhere
        if tok.known and scores[0] - scores[chosen] < sure_valid:
            return tok, None, 1.0 / (1.0 + math.exp(scores[chosen] - scores[0])), False
        if tok.known and not self.supported(tok, chosen, prev, nxt):
            # Frequency alone is no reason to change a valid word: on a page that kept its marks it
            # stays; where the marks were lost ("bo": bỏ, bộ, bó?) it stays, flagged unless its
            # neighbours vouch for it as read.
            return tok, None, confidence, tok.lost < 1.0 and not self.supported(tok, 0, prev, nxt)
        if margin < SURE:
            return tok, None, confidence, True
        return tok, syllables, confidence, False

    def contrast(self, tok: Token, prev: str, nxt: str | None) -> Judged | None:
        """A valid word the search kept, unlikely in its context (never seen beside either neighbour),
        where one of its readings is far likelier given both: changed, or flagged if less sure.

        A side that never saw the reading says only what is against it ("tính" must not become "tỉnh"
        for being less common). At a phrase's edge or beside a number the one neighbour a word has
        may carry the reading, where the word as read is one the model never saw ("cong", "bồ"); a word
        it knows keeps its place there. In capitals (a heading, or a name) the reading must be seen
        beside both neighbours."""
        text = tok.text
        if len(tok.options) < 2:
            return None
        follows, memo = self.model.follows, self.memo
        key = tok.options[0][0][0]
        rare = key not in self.model.unigrams
        has_prev, has_next = prev not in (START, NUMBER), nxt is not None and nxt != NUMBER
        both = tok.upper_line or not (text.islower() or (tok.opens and text[1:].islower()))
        if not (has_prev and has_next) and (both or not rare):
            return None
        if (has_prev and key in follows.get(prev, _NONE)) or (has_next and nxt in follows.get(key, _NONE)):
            return None  # seen in this context: likely enough
        best: tuple[float, int] | None = None
        for i, ((*head, alt), cost) in enumerate(tok.options[1:], 1):
            if head:
                continue  # two words run together: not a misread mark
            left = follows.get(prev, _NONE).get(alt, 0.0) if has_prev else 0.0
            right = follows.get(alt, _NONE).get(nxt, 0.0) if has_next else 0.0
            if left + right < CONTRAST_SEEN or (both and min(left, right) < CONTRAST_SEEN):
                continue  # never seen beside a neighbour: not a candidate (and no costs worked out for it)
            # What each side says for the reading.
            gain = -cost
            if has_prev:
                says = memo[prev][key] - memo[prev][alt]
                gain += says if left else min(says, 0.0)
            if has_next:
                says = memo[key][nxt] - memo[alt][nxt]
                gain += says if right else min(says, 0.0)
            if best is None or gain > best[0]:
                best = (gain, i)
        sure, unsure = (
            (CONTRAST, CONTRAST_UNSURE) if tok.lost >= LOST_KEPT else (CONTRAST_LOST, CONTRAST_LOST_UNSURE)
        )
        if best is None or best[0] < unsure:
            return None
        gain, i = best
        confidence = 1.0 / (1.0 + math.exp(-gain))
        if gain < sure:
            return tok, None, confidence, True
        return tok, tok.options[i][0], confidence, False
