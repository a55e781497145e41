"""Correcting OCR'd Vietnamese (sửa lỗi chữ OCR): each word read wrongly gets the syllable it most
likely was, in context; a valid and likely syllable is left as read; an unsure choice keeps what OCR
read and is flagged for the clerk.

Noisy channel: a candidate's cost is its misreading cost (``confusion``) minus its log probability
under the syllable bigram model (``ngrams``), and the cheapest sequence over each phrase wins
(Viterbi). Pure: the model and the learned pairs are handed in; nothing is read or written here.

    corrector = Corrector(model, learned={"đòng": ("đồng",)})
    result = corrector.correct(ocr_text)   # result.text, result.changes
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping
from dataclasses import dataclass
from operator import itemgetter

from service.text.changes import TOKEN, Change, Correction
from service.text.confusion import STACKED, Marks, SkeletonIndex, lost_mark_cost, mark_cost, marks_of
from service.text.ngrams import NUMBER, START, SyllableModel, token_key
from service.text.normalize import nfc
from service.text.syllables import canonical, mark_count, parts, well_formed
from service.text.words import SPECK, leave_alone, lines_of, phrases, spell, starts_line

SURE = 1.0  # nats a change must win by over the next best reading
SURE_VALID = 2.0  # … and over a valid syllable as read, on a line that kept its marks
_MAX_CANDIDATES = 4
_LEARNED_COST = 0.05
_BEAM = 8.0
_STATES = 3  # readings kept per word in the search
_CACHE_MAX = 50_000  # words whose readings are remembered
_SCORE = itemgetter(1)
_SPECKS = frozenset("~^`¬")  # what SPECK starts with
_OWN_MIN = 2  # sightings of a pair in the document before it vouches for a reading
_OPENERS = frozenset("\n“\"‘'(«[")


@dataclass(slots=True)
class _Token:
    start: int
    end: int
    text: str
    key: str  # the gram key of the reading kept as is
    options: list[tuple[tuple[str, ...], float]]  # (syllables, misreading cost); [0] is as read
    fixed: bool  # nothing to choose (a number, a symbol, an abbreviation)
    known: bool
    lost: float = 2.2  # what a lost mark costs on this line (low where OCR lost the marks)
    upper_line: bool = False  # the line is in capitals (a heading): a capital says nothing there
    opens: bool = False  # at a line's start or after an opening quote: a capital there is no name's


class Corrector:
    """Corrects OCR text against a syllable model; ``learned`` maps a misreading the clerk corrected
    (lower case) to the syllables it stood for."""

    def __init__(self, model: SyllableModel, learned: Mapping[str, tuple[str, ...]] | None = None) -> None:
        self.model = model
        self.index = SkeletonIndex(w for w in model.vocabulary if w.isalpha())
        self.learned = dict(learned or {})
        self._cache: dict[tuple[str, float], tuple[list[tuple[tuple[str, ...], float]], bool]] = {}
        self._memo: dict[str, dict[str, float]] = {}  # prev -> word -> -log P(word | prev)
        # A word's readings on a kind of line: (text, lost, upper_line) -> (options, fixed, known).
        self._fills: dict[
            tuple[str, float, bool], tuple[list[tuple[tuple[str, ...], float]], bool, bool]
        ] = {}
        self._own: frozenset[str] = frozenset()  # the document's own pairs, while it is corrected

    def learn(self, counts: Mapping[str, float], learned: Mapping[str, tuple[str, ...]]) -> None:
        """Grow the model with new counts and new readings learned from a clerk."""
        for word in self.model.add(counts):
            if word.isalpha():
                self.index.add(word)
        self.learned.update(learned)
        self._cache.clear()
        self._memo.clear()
        self._fills.clear()

    # --- candidates ---------------------------------------------------------------------------

    def options(self, low: str, lost: float) -> tuple[list[tuple[tuple[str, ...], float]], bool]:
        """Readings of one lower-case word, the word as read first, then the likeliest; and whether
        the word as read is a known one."""
        cache_key = (low, lost)
        hit = self._cache.get(cache_key)
        if hit is not None:
            return hit
        key = token_key(low)
        known = self.model.known(key)
        skeleton = parts(low)[0]
        seen = marks_of(low)
        if known and lost >= 1.0 and not seen.unknown:
            near = {skeleton: 0.0}  # a valid word on a page that kept its marks: only marks may be off
        else:
            near = self.index.rewritten(skeleton)
        scored = self._score(near, seen, lost, key)
        if not known and skeleton.isalpha() and min(scored.values(), default=99.0) > 1.5:
            for cand, cost in self._score(self.index.edited(skeleton), seen, lost, key).items():
                scored.setdefault(cand, cost)
            if len(skeleton) >= 4:
                scored.update(self._splits(low))
        if low in self.learned:
            scored[self.learned[low]] = _LEARNED_COST
        prior, unigram = self._prior, self.model.unigram_logp
        ranked = sorted(
            (cost - (unigram(c[0]) if len(c) == 1 else prior(c)), c, cost) for c, cost in scored.items()
        )[:_MAX_CANDIDATES]
        if known:  # an alternative must be able to beat the word as read once context is counted
            ceiling = 8.0 - self._prior((key,))
            ranked = [r for r in ranked if r[0] < ceiling]
        result = ([((key,), 0.0), *((c, cost) for _, c, cost in ranked)], known)
        self._cache[cache_key] = result
        return result

    def _score(self, near: dict[str, float], seen: Marks, lost: float, key: str) -> dict:
        out: dict[tuple[str, ...], float] = {}
        for skel, skel_cost in near.items():
            for syl, marks in self.index.by_skeleton.get(skel, ()):
                if syl != key:
                    cost = skel_cost + (0.0 if marks == seen else mark_cost(seen, marks, lost))
                    if cost < out.get((syl,), 99.0):
                        out[(syl,)] = cost
        return out

    def _prior(self, syllables: tuple[str, ...]) -> float:
        if len(syllables) == 1:
            return self.model.unigram_logp(syllables[0])
        return sum(self.model.unigram_logp(s) for s in syllables)

    def _splits(self, low: str) -> dict[tuple[str, ...], float]:
        """Two syllables OCR ran together ("chínhphủ", "vêviệc": the marks may be off too)."""
        out: dict[tuple[str, ...], float] = {}
        for cut in range(1, len(low)):
            left = self._nearest(low[:cut])
            right = self._nearest(low[cut:])
            if left and right:
                cost = 0.8 + left[1] + right[1]
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

    # --- the text -----------------------------------------------------------------------------

    def correct(self, text: str) -> Correction:
        """The corrected text and every word changed or flagged."""
        raw = nfc(text)
        if len(self._cache) > _CACHE_MAX or sum(map(len, self._memo.values())) > 10 * _CACHE_MAX:
            self._cache.clear()  # a long-running service meets ever new misreadings: memory stays bounded
            self._memo.clear()
            self._fills.clear()
            self.model.trim()
        tokens = self._tokens(raw)
        segments = list(phrases(tokens, raw))
        self._own = self._own_pairs(segments)
        decisions = {}
        for segment in segments:
            for tok, choice, confidence, flagged in self._decide(segment):
                if choice is not None or flagged:
                    decisions[tok.start] = (choice, confidence, flagged)
        return self._write(raw, tokens, decisions)

    def _write(self, raw: str, tokens: list[_Token], decisions: dict) -> Correction:
        """The text with the words changed (and the specks OCR glued to words dropped): the raw text
        copied in runs between edits."""
        changes: list[Change] = []
        pieces: list[str] = []
        last = prev_end = delta = 0  # copied up to; the previous word's end; length gained so far
        alpha = False  # the previous word as written ends with a letter
        for tok in tokens:
            if alpha and raw[prev_end] in _SPECKS:
                # "sau~ giai đoạn"; a speck that was all that stood between two words parts them ("Phó`Chủ")
                gap = raw[prev_end : tok.start]
                new_gap = SPECK.sub("", gap) or " "
                pieces += (raw[last:prev_end], new_gap)
                last, delta = tok.start, delta + len(new_gap) - len(gap)
            word = tok.text
            if tok.start in decisions:
                choice, confidence, flagged = decisions[tok.start]
                if choice is not None:
                    word = spell(choice, tok.text, starts_line(raw, tok.start))
                    pieces += (raw[last : tok.start], word)
                    last = tok.end
                changes.append(
                    Change(
                        tok.start, tok.end, tok.text, word, round(confidence, 3), flagged, tok.start + delta
                    )
                )
                delta += len(word) - len(tok.text)
            alpha, prev_end = word[-1:].isalpha(), tok.end
        if alpha and raw[prev_end : prev_end + 1] in _SPECKS:
            pieces += (raw[last:prev_end], SPECK.sub("", raw[prev_end:]))
        else:
            pieces.append(raw[last:])
        return Correction(raw=raw, text="".join(pieces), changes=tuple(changes))

    def _own_pairs(self, segments: list[list[_Token]]) -> frozenset[str]:
        """The pairs of valid words the document holds as OCR read them, each seen at least twice: a
        word misread in one place is usually read right in another (a cache model)."""
        seen: dict[str, int] = {}
        for segment in segments:
            for a, b in itertools.pairwise(segment):
                if a.known and b.known and a.key != NUMBER and b.key != NUMBER:
                    pair = f"{a.key} {b.key}"
                    seen[pair] = seen.get(pair, 0) + 1
        return frozenset(pair for pair, n in seen.items() if n >= _OWN_MIN)

    def _tokens(self, raw: str) -> list[_Token]:
        out: list[_Token] = []
        append, vocabulary = out.append, self.model.vocabulary
        page_marked, page_letters = mark_count(raw)
        page_letters = max(page_letters, 1)
        for line_start, line in lines_of(raw):
            if not line:
                continue
            marked, letters = mark_count(line)
            if letters < 24:  # a short line says little: the page's marking stands for it
                marked, letters = marked + page_marked * 24 // page_letters, letters + 24
            lost = lost_mark_cost(marked, letters)
            upper_line = sum(map(str.isupper, line)) > 0.6 * max(letters, 1)
            for m in TOKEN.finditer(line):
                start, end = m.span()
                start, end = line_start + start, line_start + end
                word = m.group()
                if word.isdigit():
                    append(_Token(start, end, word, NUMBER, [((NUMBER,), 0.0)], True, True))
                    continue
                key = canonical(word.lower())  # ``token_key`` of a word that is no number
                if leave_alone(word, raw, start, end):
                    append(_Token(start, end, word, key, [((key,), 0.0)], True, True))
                    continue
                before = start - 1
                while before >= 0 and raw[before] == " ":
                    before -= 1
                # Candidates come later (``_fill``), and only for words their neighbours do not vouch for.
                opens = before < 0 or raw[before] in _OPENERS
                append(
                    _Token(
                        start,
                        end,
                        word,
                        key,
                        [((key,), 0.0)],
                        False,
                        key in vocabulary,
                        lost,
                        upper_line,
                        opens,
                    )
                )
        return out

    def _fill(self, tok: _Token) -> None:
        """The readings of a word still in question (the first is the word as read)."""
        word, lost = tok.text, tok.lost
        fill_key = (word, lost, tok.upper_line)
        hit = self._fills.get(fill_key)
        if hit is None:
            options, known = self.options(word.lower(), lost)
            if not known and lost >= 1.0 and word[:1].isupper() and well_formed(word.lower()):
                known = True  # a name the dictionary lacks ("Duệ"), on a page that kept its marks
            if not known and not tok.upper_line and word[:1].isupper() and lost >= 1.0 and word.isascii():
                options = options[:1]  # an abbreviation or a foreign name ("PAPI", "Zalo")
            hit = self._fills[fill_key] = (options, len(options) == 1, known)
        tok.options, tok.fixed, tok.known = hit

    def _cost(self, prev: str, word: str) -> float:
        """-log P(word | prev), remembered (a document asks the same pairs again and again)."""
        row = self._memo.get(prev)
        if row is None:
            row = self._memo[prev] = {}
        value = row.get(word)
        if value is None:
            value = row[word] = -self.model.logp(prev, word)
        return value

    def _decide(self, segment: list[_Token]):
        """Each word's choice in one phrase: (token, syllables or None, confidence, flagged). A word
        with one reading cuts the phrase: the readings of each run of open words between two such are
        chosen together (Viterbi), given the fixed words on either side."""
        self._settle_likely(segment)
        path = [0] * len(segment)
        start = 0
        while start < len(segment):
            if segment[start].fixed:
                start += 1
                continue
            end = start + 1
            while end < len(segment) and not segment[end].fixed:
                end += 1
            prev = segment[start - 1].options[0][0][-1] if start else START
            nxt = segment[end].options[0][0][0] if end < len(segment) else None
            path[start:end] = self._best_run(segment[start:end], prev, nxt)
            start = end
        for t, tok in enumerate(segment):
            if tok.fixed or (path[t] == 0 and tok.known):
                continue  # one reading, or a valid word kept as read: nothing to say
            prev = segment[t - 1].options[path[t - 1]][0][-1] if t else START
            nxt = segment[t + 1].options[path[t + 1]][0][0] if t + 1 < len(segment) else None
            yield self._judge(tok, path[t], prev, nxt)

    def _best_run(self, run: list[_Token], prev: str, nxt: str | None) -> list[int]:
        """Viterbi over a run of words, from the word before it to the word after it."""
        memo, logp, cost_of = self._memo, self.model.logp, self._cost
        back: list[list[int]] = []
        states = [(prev, 0.0, 0)]  # (last syllable, score, option index)
        for t, tok in enumerate(run):
            options = tok.options
            firsts = [syls[0] for syls, _ in options]
            best = [math.inf] * len(options)
            came = [0] * len(options)
            for last, score, index in states:  # each reading's best way in, the earliest state on a tie
                row = memo.get(last)
                if row is None:
                    row = memo[last] = {}
                for j, first in enumerate(firsts):
                    step = row.get(first)
                    if step is None:
                        step = row[first] = -logp(last, first)
                    if score + step < best[j]:
                        best[j], came[j] = score + step, index
            new = []
            for j, (syls, own) in enumerate(options):
                if len(syls) > 1:
                    for a, b in itertools.pairwise(syls):
                        own += cost_of(a, b)
                new.append((syls[-1], best[j] + own, j))
            back.append(came)
            if t + 1 < len(run):  # beam: a reading this far behind cannot come back within the run
                new.sort(key=_SCORE)
                floor = new[0][1] + _BEAM
                new = [x for x in new[:_STATES] if x[1] <= floor]
            states = new
        if nxt is not None:
            states = [(last, score + cost_of(last, nxt), index) for last, score, index in states]
        path = [min(states, key=_SCORE)[2]]
        for t in range(len(run) - 1, 0, -1):
            path.append(back[t][path[-1]])
        path.reverse()
        return path

    def _supported(self, tok: _Token, chosen: int, prev: str, nxt: str | None) -> bool:
        """Context shows the reading: the model has seen it next to a neighbour ("tổ chức", "đẩy
        mạnh"), or next to both where the misreading is not the usual lost stacked mark, or the word
        is capitalised inside a line (a name: "Vân", "Duệ"). Another reading than OCR's may also be
        vouched for by the document itself: the pair as OCR read it elsewhere in its text."""
        syllables, cost = tok.options[chosen]
        bigrams, own = self.model.bigrams, (self._own if chosen else frozenset())
        pair = f"{prev} {syllables[0]}"
        before = prev != START and (pair in bigrams or pair in own)
        pair = f"{syllables[-1]} {nxt}"
        after = nxt is not None and (pair in bigrams or pair in own)
        name = tok.text[:1].isupper() and not tok.text.isupper() and prev != START and not tok.opens
        if (cost <= STACKED or tok.lost < 1.0) and not name:
            return before or after
        return before and after

    def _settle_likely(self, segment: list[_Token]) -> None:
        """A valid word the model has seen next to its neighbour, as read, is likely in context:
        it is not questioned. The others get their candidates."""
        bigrams = self.model.bigrams
        keys = ["", *(tok.key for tok in segment), ""]  # a phrase's start is no context
        for t, tok in enumerate(segment):
            if tok.fixed:
                continue
            if tok.known and (f"{keys[t]} {tok.key}" in bigrams or f"{tok.key} {keys[t + 2]}" in bigrams):
                tok.fixed = True
            else:
                self._fill(tok)

    def _judge(self, tok: _Token, chosen: int, prev: str, nxt: str | None):
        if chosen == 0 and tok.known:
            return tok, None, 1.0, False  # a valid word kept as read: nothing to say
        memo, cost_of = self._memo, self._cost  # the remembered costs read inline: this runs per word
        before = memo.get(prev, {})
        scores = []
        for syls, score in tok.options:
            step = before.get(syls[0])
            score += cost_of(prev, syls[0]) if step is None else step
            if len(syls) > 1:
                for a, b in itertools.pairwise(syls):
                    score += cost_of(a, b)
            if nxt:
                after = memo.get(syls[-1])
                step = None if after is None else after.get(nxt)
                score += cost_of(syls[-1], nxt) if step is None else step
            scores.append(score)
        others = [s for i, s in enumerate(scores) if i != chosen]
        margin = (min(others) - scores[chosen]) if others else 9.0
        confidence = 1.0 / (1.0 + math.exp(-margin))
        if chosen == 0:  # kept as read
            if tok.known:
                return tok, None, confidence, False
            return tok, None, confidence, len(tok.options) > 1  # unreadable: nothing was sure
        # A valid syllable on a line that lost its marks is weak evidence: "bi" there may be "bị".
        sure_valid = SURE + (SURE_VALID - SURE) * min(1.0, tok.lost / 2.2)
        syllables = tok.options[chosen][0]
        if f"{prev} {syllables[0]}" in self._own or f"{syllables[-1]} {nxt}" in self._own:
            sure_valid = SURE  # the document itself reads it so elsewhere
        if tok.known and scores[0] - scores[chosen] < sure_valid:
            return tok, None, 1.0 / (1.0 + math.exp(scores[chosen] - scores[0])), False
        if tok.known and not self._supported(tok, chosen, prev, nxt):
            # Frequency alone is no reason to change a valid word: on a page that kept its marks it
            # stays; where the marks were lost ("bo": bỏ, bộ, bó?) it stays, flagged unless its
            # neighbours vouch for it as read.
            return tok, None, confidence, tok.lost < 1.0 and not self._supported(tok, 0, prev, nxt)
        if margin < SURE:
            return tok, None, confidence, True
        return tok, tok.options[chosen][0], confidence, False
