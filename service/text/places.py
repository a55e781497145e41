"""Place names in running text (địa danh trong văn bản): a province or city read with a mark wrong
("tỉnh Lâm Đông", "TỈNH QUẢNG NGAI", "Lâm Đông, ngày …") is written as the list writes it. Pure.

A name is taken for a place only where the text says it is one: after a word of a locality's kind
("tỉnh", "thành phố", "huyện", "xã", "UBND") or before the date of the place-and-date line (", ngày").
Elsewhere the same letters may be a person's name ("ông Lâm Đông").
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from functools import lru_cache

from service.text.changes import Spanned
from service.text.gazetteer import LOCALITY_TYPES, known_places
from service.text.normalize import fast_fold
from service.text.syllables import canonical

_KINDS = frozenset(fast_fold(w) for kind in LOCALITY_TYPES for w in kind.split()) | {"ubnd"}
# The kind of a province or city, by its accent-free form: "tinh" before a province is "tỉnh".
_KIND_OF = {"tinh": "tỉnh", "pho": "phố"}
_LONGEST = 4  # syllables in a place's name at most


@lru_cache(maxsize=1)
def _places() -> tuple[dict[tuple[str, ...], tuple[str, ...]], frozenset[tuple[str, ...]], frozenset[str]]:
    """Each place's syllables (canonical, lower case) by their accent-free form; all of them; and the
    accent-free first syllables."""
    by_fold: dict[tuple[str, ...], tuple[str, ...]] = {}
    for place in known_places():
        words = [w for w in place.split() if w.isalpha()]
        if len(words) >= 2:
            by_fold.setdefault(tuple(fast_fold(w) for w in words), tuple(canonical(w.lower()) for w in words))
    return by_fold, frozenset(by_fold.values()), frozenset(key[0] for key in by_fold)


def _capitalised(word: str) -> bool:
    return word[:1].isupper()


def place_readings(raw: str, words: Sequence[Spanned]) -> Iterator[tuple[int, str]]:
    """(index of a word, the syllable the list writes there) for each word of a place's name read
    with other marks than the list's, where the text says it is a place."""
    by_fold, spelled, firsts = _places()
    for i in range(1, len(words)):
        text = words[i].text
        if not text[:1].isupper() or fast_fold(text) not in firsts:
            continue  # most words: no place's name starts here
        before = words[i - 1]
        after_kind = raw[before.end : words[i].start] == " " and fast_fold(before.text) in _KINDS
        if not after_kind and not _dated(raw, words, i):
            continue
        for n in range(min(_LONGEST, len(words) - i), 1, -1):
            run = words[i : i + n]
            if not all(_capitalised(w.text) for w in run) or any(
                raw[a.end : b.start] != " " for a, b in itertools.pairwise(run)
            ):
                continue
            name = by_fold.get(tuple(fast_fold(w.text) for w in run))
            if name is None:
                continue
            read = tuple(canonical(w.text.lower()) for w in run)
            if read != name and read not in spelled:
                yield from ((i + k, s) for k, s in enumerate(name) if s != read[k])
            if after_kind and (read == name or read not in spelled):
                kind = _KIND_OF.get(fast_fold(before.text))
                if kind is not None and canonical(before.text.lower()) != kind:
                    yield i - 1, kind  # "TÍNH QUẢNG NGÃI": a province's kind read with another mark
            break


def _dated(raw: str, words: Sequence[Spanned], i: int) -> bool:
    """A run of capitalised words from ``i`` up to ", ngày": the place of the place-and-date line."""
    for j in range(i, min(i + _LONGEST, len(words) - 1)):
        if not _capitalised(words[j].text):
            return False
        nxt = words[j + 1]
        if raw[words[j].end : nxt.start].strip() == "," and fast_fold(nxt.text) == "ngay":
            return raw[words[i - 1].end : words[i].start].strip(" ") != "" or not _capitalised(
                words[i - 1].text
            )
    return False
