"""A page's text layer in reading order by geometry: the truth the OCR WER set compares with.

A text layer holds its words in content-stream order, which is not always the order a person reads:
a Word-made header is held column by column, many PDFs hold the header table row by row across both
columns, one puts its header after the signature. Here the words are laid out again from their boxes,
by a rule of the bench's own (deliberately not Vanthu's layout in service/readers/ocr_columns.py, so
that the layout is judged against an independent reading order):

- words are grouped into lines by their baseline, lines read top to bottom, words left to right;
- a band is a run of consecutive lines that share a horizontal gap at least ``GAP`` of the page's
  width wide, at one x, that no word of those lines crosses, with words on both sides of it. A band is
  read left column whole, then right column, at its widest gap that has words on each side in two of
  its lines at least (a gap with one line on a side, e.g. a blank left in one line for a date, is no
  column); otherwise its lines are read top to bottom;
- a line right under a two-column band (its baseline no more than ``NEXT_LINE`` of its height below
  the band's last) that stays on one side of the band's columns (it does not reach the other column's
  nearest word) continues that column, though it narrows the gap: a summary under the number wider
  than the issuing body ("V/v ..." to the right column's edge) is still the left column's.

``GAP`` is 3%: the header columns of five corpus PDFs are 3.2-4.0% of the page apart (vb-015 3.2%),
while a justified body line's spaces are under 1.5% and two lines never share one.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

GAP = 0.03  # a column gap: this share of the page's width at least
SAME_LINE = 0.5  # baselines closer than this share of the words' height are one line
NEXT_LINE = 1.6  # the next line of a paragraph: its baseline at most this many heights below


@dataclass(frozen=True)
class PlacedWord:
    """A word of the text layer and its box, y measured from the page's top (down)."""

    text: str
    x0: float
    x1: float
    baseline: float
    height: float


def lines_of(words: list[PlacedWord]) -> list[list[PlacedWord]]:
    """The words grouped into lines by baseline, top to bottom; each line left to right."""
    lines: list[list[PlacedWord]] = []
    anchor = 0.0
    for word in sorted(words, key=lambda w: (w.baseline, w.x0)):
        if lines and word.baseline - anchor <= SAME_LINE * max(word.height, lines[-1][0].height):
            lines[-1].append(word)
        else:
            lines.append([word])
            anchor = word.baseline
    return [sorted(line, key=lambda w: w.x0) for line in lines]


def widest_gap(lines: list[list[PlacedWord]], min_width: float, sides: int = 1) -> tuple[float, float] | None:
    """The widest x-interval, ``min_width`` wide at least, that no word of ``lines`` crosses, with words
    on each side of it in ``sides`` of the lines at least."""
    spans = sorted((w.x0, w.x1) for line in lines for w in line)
    best: tuple[float, float] | None = None
    reach = spans[0][1]
    for x0, x1 in spans[1:]:
        if x0 - reach >= min_width and (best is None or x0 - reach > best[1] - best[0]):
            left = sum(any(w.x1 <= reach for w in line) for line in lines)
            right = sum(any(w.x0 >= x0 for w in line) for line in lines)
            if min(left, right) >= sides:
                best = (reach, x0)
        reach = max(reach, x1)
    return best


def reading_order(words: list[PlacedWord], page_width: float) -> list[list[PlacedWord]]:
    """The page's lines in reading order (a two-column band's left column whole, then its right)."""
    lines = lines_of(words)
    min_width = GAP * page_width
    out: list[list[PlacedWord]] = []
    i = 0
    while i < len(lines):
        end = i + 1
        while end < len(lines) and widest_gap(lines[i : end + 1], min_width) is not None:
            end += 1
        band = lines[i:end]
        gap = widest_gap(band, min_width, sides=2)
        if gap is None:
            out.extend(band)
            i = end
            continue
        middle = (gap[0] + gap[1]) / 2
        columns: tuple[list, list] = (
            [[w for w in line if w.x1 <= middle] for line in band],
            [[w for w in line if w.x1 > middle] for line in band],
        )
        while end < len(lines) and (side := _continues(lines[end], band, columns)) is not None:
            band.append(lines[end])
            columns[side].append(lines[end])
            end += 1
        for column in columns:
            out.extend(line for line in column if line)
        i = end
    return out


def _continues(
    line: list[PlacedWord], band: list[list[PlacedWord]], columns: tuple[list, list]
) -> int | None:
    """The column (0 left, 1 right) the line right under a two-column band continues: the one it stays
    on the side of, not reaching the other's nearest word; None if it is no next line or reaches both."""
    height = max(w.height for w in line)
    if line[0].baseline - band[-1][0].baseline > NEXT_LINE * height:
        return None
    left_edge = max(w.x1 for side in columns[0] for w in side)
    right_edge = min(w.x0 for side in columns[1] for w in side)
    if all(w.x1 < right_edge for w in line) and line[0].x0 < left_edge:
        return 0
    if all(w.x0 > left_edge for w in line) and line[-1].x1 > right_edge:
        return 1
    return None


def as_text(lines: list[list[PlacedWord]]) -> str:
    return "\n".join(" ".join(w.text for w in line) for line in lines)


def page_words(pdf: Path, index: int) -> tuple[list[PlacedWord], float, int]:
    """The words of a PDF page's text layer (``get_text_range()`` split at white space, so the very
    words of the stream-order truth) with their boxes; and the page's width, and how many words had no
    box of their own (placed right after the word before them in the stream)."""
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    doc = pdfium.PdfDocument(str(pdf))
    try:
        page = doc[index]
        width, height = page.get_size()
        textpage = page.get_textpage()
        text = textpage.get_text_range()
        x, y = ctypes.c_double(), ctypes.c_double()
        words: list[PlacedWord] = []
        missing = 0
        start = None
        for t, char in enumerate(text + " "):
            if not char.isspace():
                start = t if start is None else start
                continue
            if start is None:
                continue
            boxes = []
            for c in (raw.FPDFText_GetCharIndexFromTextIndex(textpage, k) for k in range(start, t)):
                if c >= 0 and raw.FPDFText_GetCharOrigin(textpage, c, x, y):
                    left, bottom, right, top = textpage.get_charbox(c, loose=True)
                    if right > left or top > bottom:
                        boxes.append((left, right, height - y.value, top - bottom))
            if boxes:
                word = PlacedWord(
                    text[start:t],
                    min(b[0] for b in boxes),
                    max(b[1] for b in boxes),
                    sorted(b[2] for b in boxes)[len(boxes) // 2],
                    max(b[3] for b in boxes),
                )
            elif words:
                missing += 1
                before = words[-1]
                word = PlacedWord(text[start:t], before.x1, before.x1, before.baseline, before.height)
            else:
                missing += 1
                word = PlacedWord(text[start:t], 0.0, 0.0, 0.0, 1.0)
            words.append(word)
            start = None
        return words, width, missing
    finally:
        doc.close()


def geometric_text(pdf: Path, index: int) -> tuple[str, int]:
    """The page's text layer in reading order by geometry, and how many of its words had no box."""
    words, width, missing = page_words(pdf, index)
    return as_text(reading_order(words, width)), missing
