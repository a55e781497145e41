"""The text being read: NFC, folded twin, lines, and the part that is the document itself."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from service.models import Table
from service.text.match import NATIONAL, NOI_NHAN, Line, is_upper_line, split_lines
from service.text.normalize import fast_fold, nfc


@dataclass
class Doc:
    """One document's text. ``text`` and ``folded`` have the same length (offsets are shared)."""

    text: str
    folded: str
    lines: list[Line] = field(default_factory=list)
    tables: tuple[Table, ...] = ()  # the reader's tables, in reading order

    @classmethod
    def from_text(cls, raw: str, tables: Sequence[Table] = ()) -> Doc:
        text = raw or ""
        for brk in ("\r\n", "\r", "\f", "\v"):  # page and line breaks of every origin
            text = text.replace(brk, "\n")
        text = nfc(text)
        text = text.replace("\u2044", "/").replace("\u2215", "/")  # fraction slashes OCR reads in "749⁄QĐ"
        folded = fast_fold(text)
        end = first_document_end(text, folded)
        text, folded = text[:end], folded[:end]
        return cls(text=text, folded=folded, lines=split_lines(text, folded), tables=tuple(tables))

    def line_at(self, pos: int) -> int:
        """Index of the line holding offset ``pos``."""
        lo, hi = 0, len(self.lines) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.lines[mid].start <= pos:
                lo = mid
            else:
                hi = mid - 1
        return lo


def first_document_end(text: str, folded: str) -> int:
    """Keep only the first document when a file holds several (a công văn with its attached draft
    decision and opinion form each carry their own national title after the first Nơi nhận)."""
    titles = [m.start() for m in NATIONAL.finditer(folded)]
    if len(titles) < 2:
        return len(text)
    receivers = [m.start() for m in re.finditer(NOI_NHAN + r"\s*:", folded)]
    if not receivers:
        return len(text)
    first_receivers = receivers[0]
    later = [t for t in titles if t > first_receivers]
    # The header may come after the body in a PDF's text layer: only cut when the first
    # national title comes before the first Nơi nhận (so that one document is already complete).
    if not later or titles[0] > first_receivers:
        return len(text)
    cut = later[0]
    # Back up over the upper-case issuer lines printed beside/above that title.
    line_start = text.rfind("\n", 0, cut) + 1
    if text[line_start:cut].strip() and is_upper_line(text[line_start:cut]):
        cut = line_start
    else:
        cut = line_start
    while True:
        prev_end = cut - 1
        if prev_end <= 0:
            break
        prev_start = text.rfind("\n", 0, prev_end) + 1
        prev = text[prev_start:prev_end]
        if prev.strip() and is_upper_line(prev) and len(prev.strip()) < 60:
            cut = prev_start
        else:
            break
    return cut
