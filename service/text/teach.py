"""What a clerk's correction teaches (học từ hiệu chỉnh): a field read by OCR and the value the clerk
wrote are lined up word by word, and each word OCR misread becomes a reading the corrector prefers
the next time it sees that misreading.
"""

from __future__ import annotations

from collections.abc import Iterable
from difflib import SequenceMatcher

from service.text.ngrams import token_key
from service.text.normalize import fast_fold, nfc
from service.text.syllables import WORD


def learned_readings(pairs: Iterable[tuple[str, str]]) -> dict[str, tuple[str, ...]]:
    """{misreading (lower case): the syllables meant} from (OCR text, truth) pairs; later pairs win."""
    out: dict[str, tuple[str, ...]] = {}
    for ocr, truth in pairs:
        seen = WORD.findall(nfc(ocr or ""))
        meant = WORD.findall(nfc(truth or ""))
        matcher = SequenceMatcher(None, [fast_fold(w) for w in seen], [fast_fold(w) for w in meant])
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op == "equal":  # same letters: the marks may differ ("Đòng" for "Đồng")
                pairs_ = zip(seen[i1:i2], meant[j1:j2], strict=True)
                out.update({s.lower(): (token_key(m),) for s, m in pairs_ if s != m and m.isalpha()})
            elif op == "replace" and i2 - i1 == j2 - j1:
                for s, m in zip(seen[i1:i2], meant[j1:j2], strict=True):
                    if m.isalpha() and not s.isdigit():
                        out[s.lower()] = (token_key(m),)
            elif op == "replace" and i2 - i1 == 1 and all(m.isalpha() for m in meant[j1:j2]):
                out[seen[i1].lower()] = tuple(token_key(m) for m in meant[j1:j2])  # run together
    return out
