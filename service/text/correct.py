"""Correcting OCR'd Vietnamese (sửa lỗi chữ OCR): each word read wrongly gets the syllable it most
likely was, in context; a valid and likely syllable is left as read; an unsure choice keeps what OCR
read and is flagged for the clerk.

Noisy channel: a candidate's cost is its misreading cost (``confusion``, ``candidates``) minus its log
probability under the syllable bigram model (``ngrams``), and the cheapest sequence over each phrase
wins (``search``). Pure: the model and the learned pairs are handed in; nothing is read or written here.

    corrector = Corrector(model, learned={"đòng": ("đồng",)})
    result = corrector.correct(ocr_text)   # result.text, result.changes
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping

from service.text.candidates import Candidates
from service.text.changes import Change, Correction
from service.text.debris import drop_debris_lines
from service.text.digits import digit_readings
from service.text.fixed_lines import fixed_line_readings
from service.text.ngrams import START, SyllableModel
from service.text.normalize import nfc
from service.text.places import place_readings
from service.text.search import SURE, SURE_VALID, Judged, Search
from service.text.syllables import well_formed
from service.text.tokens import Decision, Options, Token, own_pairs, tokenize, write
from service.text.words import phrases

__all__ = ["SURE", "SURE_VALID", "Change", "Correction", "Corrector"]

_CACHE_MAX = 50_000  # words whose readings are remembered
_NONE: dict = {}


class Corrector:
    """Corrects OCR text against a syllable model; ``learned`` maps a misreading the clerk corrected
    (lower case) to the syllables it stood for."""

    def __init__(self, model: SyllableModel, learned: Mapping[str, tuple[str, ...]] | None = None) -> None:
        self.model = model
        self.candidates = Candidates(model, learned or {})
        self.search = Search(model)
        # A word's readings on a kind of line: (text, lost, upper_line) -> (options, fixed, known, the
        # search's steps).
        self._fills: dict[tuple[str, float, bool], tuple[Options, bool, bool, tuple]] = {}

    @property
    def learned(self) -> dict[str, tuple[str, ...]]:
        return self.candidates.learned

    def learn(self, counts: Mapping[str, float], learned: Mapping[str, tuple[str, ...]]) -> None:
        """Grow the model with new counts and new readings learned from a clerk."""
        self.model.add(counts)  # the model's skeleton index grows with it
        self.candidates.learned.update(learned)
        self._forget()

    def _forget(self) -> None:
        self.candidates.forget()
        self.search.forget()
        self._fills.clear()

    def correct(self, text: str) -> Correction:
        """The corrected text and every word changed or flagged."""
        raw = nfc(text)
        if len(self.candidates) > _CACHE_MAX or self.search.remembered() > 10 * _CACHE_MAX:
            self._forget()  # a long-running service meets ever new misreadings: memory stays bounded
        tokens = tokenize(raw, self.model.vocabulary)
        segments = list(phrases(tokens, raw))
        self.search.own = own_pairs(segments)
        decisions: dict[int, Decision] = {}
        for segment in segments:
            for tok, choice, confidence, flagged in self._decide(segment):
                if choice is not None or flagged:
                    decisions[tok.start] = (choice, confidence, flagged)
        known = (place_readings(raw, tokens), fixed_line_readings(raw, tokens), digit_readings(raw, tokens))
        for index, syllable in itertools.chain(*known):
            decisions[tokens[index].start] = ((syllable,), 1.0, False)  # the list's or the decree's spelling
        return drop_debris_lines(write(raw, tokens, decisions), self.model.vocabulary)

    def _fill(self, tok: Token) -> None:
        """The readings of a word still in question (the first is the word as read)."""
        word, lost = tok.text, tok.lost
        fill_key = (word, lost, tok.upper_line)
        hit = self._fills.get(fill_key)
        if hit is None:
            options, known = self.candidates.options(word.lower(), lost)
            if not known and lost >= 1.0 and word[:1].isupper() and well_formed(word.lower()):
                known = True  # a name the dictionary lacks ("Duệ"), on a page that kept its marks
            if not known and not tok.upper_line and word[:1].isupper() and lost >= 1.0 and word.isascii():
                options = options[:1]  # an abbreviation or a foreign name ("PAPI", "Zalo")
            hit = self._fills[fill_key] = (options, len(options) == 1, known, self.search.steps(options))
        tok.options, tok.fixed, tok.known, (tok.firsts, tok.tails) = hit

    def _settle_likely(self, segment: list[Token]) -> None:
        """A valid word the model has seen next to its neighbour, as read, is likely in context:
        it is not questioned. The others get their candidates."""
        follows = self.model.follows
        keys = ["", *(tok.key for tok in segment), ""]  # a phrase's start is no context
        for t, tok in enumerate(segment):
            if tok.fixed:
                continue
            if tok.known and (
                tok.key in follows.get(keys[t], _NONE) or keys[t + 2] in follows.get(tok.key, _NONE)
            ):
                tok.fixed = True
            else:
                self._fill(tok)

    def _decide(self, segment: list[Token]) -> Iterator[Judged]:
        """Each word's choice in one phrase. A word with one reading cuts the phrase: the readings of
        each run of open words between two such are chosen together (Viterbi), given the fixed words
        on either side."""
        self._settle_likely(segment)
        n = len(segment)
        path = [0] * n
        start = 0
        while start < n:
            if segment[start].fixed:
                start += 1
                continue
            end = start + 1
            while end < n and not segment[end].fixed:
                end += 1
            prev = segment[start - 1].options[0][0][-1] if start else START
            nxt = segment[end].options[0][0][0] if end < n else None
            path[start:end] = self.search.best_run(segment[start:end], prev, nxt)
            start = end
        for t, tok in enumerate(segment):
            if tok.fixed:
                continue  # one reading, or a valid word its neighbours vouch for
            prev = segment[t - 1].options[path[t - 1]][0][-1] if t else START
            nxt = segment[t + 1].options[path[t + 1]][0][0] if t + 1 < n else None
            judged = None if path[t] == 0 and tok.known else self.search.judge(tok, path[t], prev, nxt)
            if tok.known and (judged is None or judged[1] is None):
                # A valid word kept as read may still be unlikely where it stands ("đề thực hiện").
                judged = self.search.contrast(tok, prev, nxt) or judged
            if judged is not None:
                yield judged
