"""A syllable n-gram model (mô hình ngôn ngữ âm tiết) learned from clean Vietnamese.

Counts come from text the office trusts (its born-digital documents, templates, the decree's fixed
phrases) and grow as documents arrive; the store keeps them as (gram, count) rows. Grams are lower-case
canonical syllables (``syllables.canonical``) joined by a space: "người" is a unigram, "người nghèo"
a bigram. A number counts as ``<num>`` and ``<s>`` starts each stretch of running text.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping

from service.text.confusion import SkeletonIndex
from service.text.normalize import nfc
from service.text.syllables import canonical

START = "<s>"
NUMBER = "<num>"
_TOKEN = re.compile(r"[^\W_]+|[^\w\s]+")
# What may stand between two syllables of one phrase: spaces, line breaks and quotes (a comma or a
# dash between them starts another phrase).
_JOINERS = frozenset("“”\"'‘’")
_DISCOUNT = 0.75


def token_key(token: str) -> str:
    """The gram spelling of one word token: lower-case canonical syllable, or <num>."""
    if token.isdigit():
        return NUMBER
    return canonical(token.lower())


def segments(text: str) -> Iterator[list[str]]:
    """Runs of word tokens (as gram keys) that read as one phrase: broken at sentence marks."""
    run: list[str] = []
    for m in _TOKEN.finditer(nfc(text)):
        tok = m.group(0)
        if tok[0].isalnum() or tok[0] == "_":
            if any(c.isdigit() for c in tok) and not tok.isdigit():
                if run:
                    yield run
                run = []  # a symbol or a code ("QĐ-TTg", "06b"): not language
                continue
            run.append(token_key(tok))
        elif not set(tok) <= _JOINERS:
            if run:
                yield run
            run = []
    if run:
        yield run


def count_grams(text: str) -> Counter[str]:
    """Unigram and bigram counts of a clean text."""
    counts: Counter[str] = Counter()
    for run in segments(text):
        prev = START
        for word in run:
            counts[word] += 1
            counts[f"{prev} {word}"] += 1
            prev = word
    return counts


class SyllableModel:
    """Interpolated absolute-discounting bigram model over syllables.

    ``vocabulary`` is every valid syllable (canonical, lower case): one never seen in the counts still
    gets a share of the probability; a word neither valid nor seen gets ``unknown_logp``. ``add`` grows
    the model with more counts (a document registered, a clerk's correction).
    """

    def __init__(self, counts: Mapping[str, float], vocabulary: Iterable[str]) -> None:
        self.unigrams: dict[str, float] = {}
        self.bigrams: dict[str, float] = {}
        # The same counts by previous word: prev -> word -> count (no "prev word" string to build).
        self.follows: dict[str, dict[str, float]] = {}
        self._context_total: dict[str, float] = {}
        self._context_types: dict[str, int] = {}
        self.vocabulary: set[str] = set(vocabulary)
        self._total = 0.0
        # Each context's (total, backoff weight), worked out once: ``logp`` is asked thousands of times
        # a page.
        self._contexts: dict[str, tuple[float, float]] = {}
        self._index: SkeletonIndex | None = None
        self.add(counts)

    def skeletons(self) -> SkeletonIndex:
        """The valid syllables by skeleton (the candidates' index), built once for the model and grown
        with it: every corrector of the model shares it."""
        if self._index is None:
            self._index = SkeletonIndex(w for w in self.vocabulary if w.isalpha())
        return self._index

    def add(self, counts: Mapping[str, float]) -> list[str]:
        """Add counts; returns the words the model did not know before."""
        new_words = []
        heads = set()
        for gram, count in counts.items():
            if count <= 0:
                continue
            if " " in gram:
                head, word = gram.split(" ", 1)
                if gram not in self.bigrams:
                    self.bigrams[gram] = 0.0
                    self._context_types[head] = self._context_types.get(head, 0) + 1
                self.bigrams[gram] += count
                row = self.follows.get(head)
                if row is None:
                    row = self.follows[head] = {}
                row[word] = self.bigrams[gram]
                self._context_total[head] = self._context_total.get(head, 0.0) + count
                heads.add(head)
            else:
                self.unigrams[gram] = self.unigrams.get(gram, 0.0) + count
                self._total += count
                if gram not in self.vocabulary:
                    self.vocabulary.add(gram)
                    new_words.append(gram)
                    if self._index is not None and gram.isalpha():
                        self._index.add(gram)
        # Every valid syllable is given half a sighting, so an unseen one is possible but unlikely.
        self._uni_denominator = self._total + 0.5 * max(len(self.vocabulary), 1)
        self.unknown_logp = math.log(0.05 / self._uni_denominator)
        self._unknown_p = 0.05 / self._uni_denominator
        for head in heads:
            total = self._context_total[head]
            self._contexts[head] = (total, _DISCOUNT * self._context_types[head] / total)
        self._unigram_table()
        return new_words

    def _unigram_table(self) -> None:
        """Each seen word's unigram probability and its log, worked out once per growth of the model
        (a few thousand words: the correction asks them thousands of times a page); a valid word
        never seen has one probability, a word outside the vocabulary another."""
        denominator = self._uni_denominator
        self._seen_p = {w: (n + 0.5) / denominator for w, n in self.unigrams.items()}
        self._seen_logp = {w: math.log(p) for w, p in self._seen_p.items()}
        self._unseen_p = (0.0 + 0.5) / denominator
        self._unseen_logp = math.log(self._unseen_p)

    def known(self, word: str) -> bool:
        return word in self.vocabulary

    def unigram_logp(self, word: str) -> float:
        value = self._seen_logp.get(word)
        if value is None:
            return self._unseen_logp if word in self.vocabulary else self.unknown_logp
        return value

    def _unigram_p(self, word: str) -> float:
        value = self._seen_p.get(word)
        if value is None:
            return self._unseen_p if word in self.vocabulary else self._unknown_p
        return value

    def logp(self, prev: str, word: str) -> float:
        """log P(word | prev)."""
        context = self._contexts.get(prev)
        if context is None:
            return self.unigram_logp(word)
        total, backoff = context
        unigram = self._unigram_p(word)
        seen = self.follows[prev].get(word, 0.0)
        if seen <= _DISCOUNT:  # the pair's own share is nothing: the backoff alone
            return math.log(backoff * unigram)
        return math.log((seen - _DISCOUNT) / total + backoff * unigram)

    def after(self, prev: str) -> Callable[[str], float] | None:
        """``logp(prev, ·)`` with the context looked up once; None where ``prev`` is no context the
        model has seen (then every word gets its unigram probability, whatever came before)."""
        context = self._contexts.get(prev)
        if context is None:
            return None
        total, backoff = context
        row = self.follows[prev]

        def logp(word: str) -> float:
            unigram = self._seen_p.get(word)
            if unigram is None:
                unigram = self._unseen_p if word in self.vocabulary else self._unknown_p
            seen = row.get(word, 0.0)
            if seen <= _DISCOUNT:
                return math.log(backoff * unigram)
            return math.log((seen - _DISCOUNT) / total + backoff * unigram)

        return logp
