"""Numbers OCR read partly as letters (chữ số đọc nhầm): "tháng l1 năm" is "tháng 11 năm". Pure.

A word of digits and the letters OCR takes for them (l and I for 1, O and o for 0), with a digit in
it, is no Vietnamese word and no code: it is written in digits. A letter alone ("l", "O") or a word
joined to letters or to a code's dash is left as read.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence

from service.text.changes import Spanned

_AS_DIGIT = str.maketrans({"l": "1", "I": "1", "O": "0", "o": "0"})
# Digits and look-alike letters, a letter and a digit among them, not inside a word or a code.
_MIXED = re.compile(r"(?<![\w-])(?=[0-9]*[lIOo])(?=[lIOo]*[0-9])[0-9lIOo]{2,}(?![\w-])")


def digit_readings(raw: str, words: Sequence[Spanned]) -> Iterator[tuple[int, str]]:
    """(index of a word, the number it stands for) for each number read partly as letters."""
    starts = None
    for m in _MIXED.finditer(raw):
        if starts is None:
            starts = [w.start for w in words]
        i = bisect.bisect_left(starts, m.start())
        if i < len(words) and words[i].start == m.start() and words[i].end == m.end():
            yield i, m.group().translate(_AS_DIGIT)
