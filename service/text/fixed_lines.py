"""Lines the decree fixes word for word (dòng cố định): the national title and motto, "Kính gửi:",
"Nơi nhận:", the signing marks and titles ("KT. CHỦ TỊCH", "PHÓ GIÁM ĐỐC", "THỨ TRƯỞNG"). A line
that is one of them but for its marks ("THỰ TRƯỜNG", "KT. CHU TỊCH", "PHO GIÁM ĐỐC") is written as
the decree writes it. Pure.

Only a whole line is matched, letter for letter once marks are set aside: a title inside a sentence
is left to the corrector.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence
from functools import lru_cache

from service.text.changes import Spanned
from service.text.normalize import fast_fold, nfc
from service.text.syllables import canonical
from service.text.titles import signing_lines

# The decree's fixed lines outside the signing block (service/text/titles.py holds the block's).
_LINES = (
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "Kính gửi:",
    "Nơi nhận:",
    "- Như trên;",
)


_LETTERS = re.compile(r"[^\W\d_]+")


def _key(line: str) -> str:
    return " ".join(fast_fold(line).replace(".", " . ").replace(":", " : ").replace(";", " ; ").split())


@lru_cache(maxsize=1)
def _fixed() -> dict[str, tuple[str, ...]]:
    """Each fixed line's words (canonical, lower case) by the line's accent-free form."""
    lines = _LINES + signing_lines()
    return {_key(line): tuple(canonical(w.lower()) for w in _LETTERS.findall(nfc(line))) for line in lines}


def fixed_line_readings(raw: str, words: Sequence[Spanned]) -> Iterator[tuple[int, str]]:
    """(index of a word, the syllable the decree writes there) for each word of a fixed line read with
    other marks than the decree's."""
    fixed = _fixed()
    starts = [w.start for w in words]
    pos = 0
    for line in raw.split("\n"):
        begin, pos = pos, pos + len(line) + 1
        stripped = line.strip()
        if not 2 <= len(stripped) <= 40 or not (stripped[0].isupper() or stripped[0] == "-"):
            continue  # every fixed line is short and starts with a capital or a dash
        meant = fixed.get(_key(line))
        if meant is None:
            continue
        first, last = bisect.bisect_left(starts, begin), bisect.bisect_left(starts, begin + len(line))
        line_words = [k for k in range(first, last) if words[k].text.isalpha()]
        if len(line_words) != len(meant):
            continue
        for k, syllable in zip(line_words, meant, strict=True):
            if canonical(words[k].text.lower()) != syllable:
                yield k, syllable
