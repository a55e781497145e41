"""What the OCR corrector made of a text (kết quả sửa lỗi OCR): the text, and each word it changed or
was unsure of, with how sure it was. Pure."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

TOKEN = re.compile(r"(?:[^\W_]|[€¢&$])+")  # a word: letters, and the signs OCR reads for some of them


class Spanned(Protocol):
    """A word of a text and where it stands (the corrector's ``Token`` is one)."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Change:
    """One word: what OCR read, what it became (the same when unsure) and how sure that is."""

    start: int  # offsets in the OCR text
    end: int
    raw: str
    new: str
    confidence: float
    flagged: bool = False  # unsure: OCR's reading kept, the clerk should look
    at: int = -1  # where it stands in the corrected text


@dataclass(frozen=True)
class Correction:
    raw: str
    text: str
    changes: tuple[Change, ...] = ()

    @property
    def changed(self) -> bool:
        return self.text != self.raw

    def field_confidence(self, value: str | None) -> tuple[float, tuple[str, ...]]:
        """How sure the words of a field are (1.0 if none was touched) and its unsure words: the
        changes inside the stretch of corrected text the field was read from."""
        if not value or not self.changes:
            return 1.0, ()
        words = TOKEN.findall(value)
        if not words:
            return 1.0, ()
        pattern = r"\W+".join(re.escape(w) for w in words)
        found = re.search(pattern, self.text)
        if found:
            inside = [c for c in self.changes if found.start() <= c.at < found.end()]
        else:  # a field put together from several places: its words wherever they were touched
            present = set(words)
            inside = [c for c in self.changes if c.new in present]
        confidence, unsure = 1.0, []
        for change in inside:
            confidence = min(confidence, change.confidence)
            if change.flagged and change.raw not in unsure:
                unsure.append(change.raw)
        return confidence, tuple(unsure)
