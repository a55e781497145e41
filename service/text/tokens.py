"""The words of an OCR'd text as the corrector sees them (từ của văn bản OCR), and the text written back
with the words it changed. Pure.

A ``Token`` is one word with where it stands, its gram key and, once asked for, its readings; a text
is tokenized once, each line with what its marking says about the page (``lost``).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from service.text.changes import TOKEN, Change, Correction
from service.text.confusion import lost_mark_cost
from service.text.ngrams import NUMBER
from service.text.syllables import canonical, mark_count
from service.text.words import SPECK, in_code, lines_of, spell, starts_line, word_shape

SPECKS = frozenset("~^`¬")  # what SPECK starts with
_OPENERS = frozenset("\n“\"‘'(«[")
_OWN_MIN = 2  # sightings of a pair in the document before it vouches for a reading
_SHORT_LINE = 24  # letters: a shorter line says little about its marks

Options = list[tuple[tuple[str, ...], float]]  # (syllables, misreading cost); [0] is as read


@dataclass(slots=True)
class Token:
    start: int
    end: int
    text: str
    key: str  # the gram key of the reading kept as is
    options: Options
    fixed: bool  # nothing to choose (a number, a symbol, an abbreviation)
    known: bool
    lost: float = 2.2  # what a lost mark costs on this line (low where OCR lost the marks)
    upper_line: bool = False  # the line is in capitals (a heading): a capital says nothing there
    opens: bool = False  # at a line's start or after an opening quote: a capital there is no name's
    # For the search, once the readings are known: each reading's first syllable, and its last
    # syllable with what the reading costs inside itself (misreading, and the pairs within a split).
    firsts: list[str] | None = None
    tails: list[tuple[str, float]] | None = None


def tokenize(raw: str, vocabulary: set[str]) -> list[Token]:
    """The words of ``raw``; numbers and what is no word to correct are fixed as read."""
    out: list[Token] = []
    page_marked, page_letters = mark_count(raw)
    page_letters = max(page_letters, 1)
    shapes: dict[str, tuple] = {}  # what a word is whatever its place: a text repeats its words
    for line_start, line in lines_of(raw):
        if line:
            marked, letters = mark_count(line)
            if letters < _SHORT_LINE:  # a short line says little: the page's marking stands for it
                marked += page_marked * _SHORT_LINE // page_letters
                letters += _SHORT_LINE
            upper = sum(map(str.isupper, line)) > 0.6 * max(letters, 1)
            lost = lost_mark_cost(marked, letters)
            _line_tokens(out, raw, (line_start, line_start + len(line)), (vocabulary, shapes), lost, upper)
    return out


def _line_tokens(
    out: list[Token],
    raw: str,
    line: tuple[int, int],
    known: tuple[set[str], dict[str, tuple]],
    lost: float,
    upper: bool,
) -> None:
    """The words of one line (``line``: its start and end in ``raw``); ``known``: the vocabulary, and
    the shapes of the words met so far."""
    append = out.append
    vocabulary, shapes = known
    for m in TOKEN.finditer(raw, *line):
        word = m.group()
        start, end = m.span()
        shape = shapes.get(word)
        if shape is None:
            shape = shapes[word] = _shape(word, vocabulary)
        key, as_read, alone, caps, valid = shape
        if alone or in_code(raw, start, end, caps):  # numbers too
            append(Token(start, end, word, key, as_read, True, True))
            continue
        before = start - 1
        while before >= 0 and raw[before] == " ":
            before -= 1
        # Candidates come later, and only for words their neighbours do not vouch for.
        opens = before < 0 or raw[before] in _OPENERS
        append(Token(start, end, word, key, as_read, False, valid, lost, upper, opens))


def _shape(word: str, vocabulary: set[str]) -> tuple[str, Options, bool, bool, bool]:
    """(gram key, the reading as read, no word to correct, in capitals, known) of one word."""
    if word.isdigit():
        return NUMBER, [((NUMBER,), 0.0)], True, False, True
    key = canonical(word.lower())  # ``token_key`` of a word that is no number
    alone, caps = word_shape(word)
    return key, [((key,), 0.0)], alone, caps, key in vocabulary


def own_pairs(segments: list[list[Token]]) -> frozenset[str]:
    """The pairs of valid words the document holds as OCR read them, each seen at least twice: a
    word misread in one place is usually read right in another (a cache model)."""
    seen: dict[str, int] = {}
    for segment in segments:
        for a, b in itertools.pairwise(segment):
            if a.known and b.known and a.key != NUMBER and b.key != NUMBER:
                pair = f"{a.key} {b.key}"
                seen[pair] = seen.get(pair, 0) + 1
    return frozenset(pair for pair, n in seen.items() if n >= _OWN_MIN)


Decision = tuple[tuple[str, ...] | None, float, bool]  # (syllables or None, confidence, flagged)


def write(raw: str, tokens: list[Token], decisions: dict[int, Decision]) -> Correction:
    """The text with the words changed (and the specks OCR glued to words dropped): the raw text
    copied in runs between edits. Only the words decided on and the words a speck follows are
    visited: the rest is copied as is."""
    changes: list[Change] = []
    pieces: list[str] = []
    last = delta = 0  # copied up to; length gained so far
    after_speck = {i + 1 for i, tok in enumerate(tokens[:-1]) if raw[tok.end] in SPECKS}
    visit = sorted(after_speck.union(i for i, tok in enumerate(tokens) if tok.start in decisions))
    written: dict[int, str] = {}  # a visited word as written, when it differs from OCR's
    for i in visit:
        tok = tokens[i]
        word = tok.text
        if i in after_speck and written.get(i - 1, tokens[i - 1].text)[-1:].isalpha():
            # "sau~ giai đoạn"; a speck that was all between two words parts them ("Phó`Chủ")
            prev_end = tokens[i - 1].end
            gap = raw[prev_end : tok.start]
            new_gap = SPECK.sub("", gap) or " "
            pieces += (raw[last:prev_end], new_gap)
            last, delta = tok.start, delta + len(new_gap) - len(gap)
        if tok.start in decisions:
            choice, confidence, flagged = decisions[tok.start]
            if choice is not None:
                word = written[i] = spell(choice, tok.text, starts_line(raw, tok.start))
                pieces += (raw[last : tok.start], word)
                last = tok.end
            changes.append(
                Change(tok.start, tok.end, tok.text, word, round(confidence, 3), flagged, tok.start + delta)
            )
            delta += len(word) - len(tok.text)
    return Correction(
        raw=raw, text="".join(_tail(raw, tokens, written, pieces, last)), changes=tuple(changes)
    )


def _tail(raw: str, tokens: list[Token], written: dict[int, str], pieces: list[str], last: int) -> list[str]:
    """The text after the last word: a speck glued to it dropped."""
    if tokens:
        end, word = tokens[-1].end, written.get(len(tokens) - 1, tokens[-1].text)
        if word[-1:].isalpha() and raw[end : end + 1] in SPECKS:
            return [*pieces, raw[last:end], SPECK.sub("", raw[end:])]
    return [*pieces, raw[last:]]
