"""Two-column bands of an OCR'd page read column by column (đọc theo cột).

An administrative page (ND 30/2020) sets its header and its foot as two columns: the issuing body and
its number on the left, the national motto and the place-and-date on the right; the "Nơi nhận" list
on the left, the signer's title and name on the right. Tesseract reads such a band line by line
across both columns, or as blocks in an order of its own (the signer's title between two
recipients). A reader, and the text layer of a Word-made PDF, takes the left column whole, then the
right one.

A band is a run of printed rows (words side by side at one height) with one vertical gutter, a gap
wide enough between columns, that no row crosses. It starts at a row with words on both sides of the
gutter; rows on one side only (the lines of a long summary under the number, the signer's name)
belong to it while they stay near the row above; a row that crosses the gutter (body text) ends it.
The header table's second row (the number and summary | the place and date) stays in the band of its
first: each cell is read whole (the issuing body, its number and the summary; then the motto and the
place and date), as the table holds them.
Everything outside bands keeps tesseract's order; a band stands where tesseract read its first line.
"""

from __future__ import annotations

import itertools
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import median

COLUMN_GAP = 0.035  # a horizontal gap this wide (share of the page) may separate two columns
_MIN_GUTTER = 0.01  # the gutter a band keeps, share of the page's width
_LEFT_REACH = 0.55  # a left column may reach this far (a long issuing body passes the middle)
_ROW_GAP = 1.0  # a one-sided row further below the band than this many line heights is not in it
_BAND_GAP = 3.0  # … a row with both columns, this many: another part of the page
_SPECK_SIZE = 0.5  # of the page's median word height
_FLAT = 0.3  # of the median word height: lower than any letter
_SPECK_CONFIDENCE = 50.0


@dataclass(frozen=True)
class Word:
    left: int
    top: int
    right: int
    bottom: int
    text: str
    line: tuple[str, str, str]  # tesseract's (block, paragraph, line)
    confidence: float | None

    @property
    def centre(self) -> tuple[float, float]:
        return (self.left + self.right) / 2, (self.top + self.bottom) / 2


def column_cut(words: Sequence[tuple[int, int, str]], page_width: int) -> int:
    """Index of the first word of a right column on this line, or len(words)."""
    for index in range(1, len(words)):
        prev, word = words[index - 1], words[index]
        # a wide gap from the left half into the right half: two columns, not a blank left
        # for a handwritten number (`Số:      /TB-UBND` stays whole)
        if (
            page_width
            and word[0] - prev[1] > COLUMN_GAP * page_width
            and (prev[1] < _LEFT_REACH * page_width and word[0] > 0.4 * page_width)
        ):
            return index
    return len(words)


@dataclass
class _Piece:
    """A tesseract line, or its part on one side of a column gap. Where it stands is where its words
    other than specks stand (``solid``): a speck in the gutter must not tie one column to the other."""

    order: int  # place in tesseract's reading order
    words: list[Word]
    solid: list[Word]  # its words but specks; all of them if it holds specks only
    band: int | None = None
    side: int = 0  # 0 left, 1 right (in a band)
    speck: bool = False  # specks only: no part in finding the bands, put in one where it lies

    @property
    def left(self) -> int:
        return self.solid[0].left

    @property
    def right(self) -> int:
        return self.solid[-1].right

    @property
    def top(self) -> int:
        return min(w.top for w in self.solid)

    @property
    def bottom(self) -> int:
        return max(w.bottom for w in self.solid)


def is_speck(word: Word, height: float) -> bool:
    """A dot, a stroke or a rule tesseract read as a word (a seal's or a signature's ink, grain, a
    scanner's streak in the gutter): a mark that holds no letter or digit ("_", "|", "—"), or one read
    with low confidence in a box too low for a letter or under half a line both high and wide. It says
    nothing of the columns."""
    if not any(map(_letter_or_digit, word.text)):
        return True  # a stroke, a bar, a dash, however sure tesseract is of it: no letter in it
    if word.confidence is None or not 0 <= word.confidence < _SPECK_CONFIDENCE:
        return False
    tall, wide = word.bottom - word.top, word.right - word.left
    return tall < _FLAT * height or max(tall, wide) < _SPECK_SIZE * height


def _letter_or_digit(ch: str) -> bool:
    return ch.isdigit() or (ch.isalpha() and unicodedata.category(ch) != "Lm")  # "ˆ" is a mark


def _pieces(lines: Sequence[Sequence[Word]], page_width: int) -> list[_Piece]:
    """Each line cut at its column gap, with its specks and again without them (a speck in the gutter
    bridges no gap); a speck goes with the part on its side."""
    heights = [w.bottom - w.top for line in lines for w in line]
    height = median(heights) if heights else 0
    pieces: list[_Piece] = []
    for line in lines:
        words = sorted(line, key=lambda w: w.left)
        cut = column_cut([(w.left, w.right, w.text) for w in words], page_width)
        specks = {id(w) for w in words if is_speck(w, height)}  # judged once a word
        for part in (words[:cut], words[cut:]):
            solid = [w for w in part if id(w) not in specks]
            inner = column_cut([(w.left, w.right, w.text) for w in solid], page_width)
            if inner < len(solid):  # two columns a speck had bridged
                middle = solid[inner].left
                split = [[w for w in part if w.left < middle], [w for w in part if w.left >= middle]]
            else:
                split = [part]
            for piece in split:
                if piece:
                    solid = [w for w in piece if id(w) not in specks]
                    pieces.append(_Piece(len(pieces), piece, solid or piece, speck=not solid))
    return pieces


def _rows(pieces: list[_Piece]) -> list[list[_Piece]]:
    """Pieces side by side at one height, top to bottom, each row left to right."""
    rows: list[list[_Piece]] = []
    # a row reaches as low as a line does: a stamp's or a signature's tall debris joins no two lines
    height = 1.5 * median(p.bottom - p.top for p in pieces) if pieces else 0
    for piece in sorted(pieces, key=lambda p: p.top):
        mid = (piece.top + piece.bottom) / 2
        row = next(
            (r for r in reversed(rows) if r[0].top <= mid <= min(r[0].bottom, r[0].top + height)), None
        )
        if row is None:
            rows.append([piece])
        else:
            row.append(piece)
    return [sorted(r, key=lambda p: p.left) for r in rows]


def _gutter(row: list[_Piece], page_width: int) -> tuple[int, int] | None:
    """The gap between the two columns of a row with words on both sides, or None."""
    for a, b in itertools.pairwise(row):
        wide = b.left - a.right > COLUMN_GAP * page_width
        # the right column lies right of the middle: a centred title beside a speck is no column
        right_half = b.left > 0.4 * page_width and b.left + b.right > 1.1 * page_width
        if wide and a.right < _LEFT_REACH * page_width and 0.5 * page_width < b.right and right_half:
            return a.right, b.left
    return None


def _join(row: list[_Piece], gutter: tuple[int, int], page_width: int) -> tuple[int, int] | None:
    """The band's gutter narrowed by a row, or None if the row crosses it (or leaves too little)."""
    a, b = gutter
    for piece in row:
        if piece.right <= b:
            a = max(a, piece.right)
        elif piece.left >= a:
            b = min(b, piece.left)
        else:
            return None
    return (a, b) if b - a >= _MIN_GUTTER * page_width else None


def find_bands(pieces: list[_Piece], page_width: int) -> None:
    """Mark the pieces of each two-column band with the band's number and their side."""
    if not page_width:
        return
    specks = [p for p in pieces if p.speck]
    pieces = [p for p in pieces if not p.speck]
    rows = _rows(pieces)
    height = median(p.bottom - p.top for p in pieces) if pieces else 0
    band = 0
    index = 0
    while index < len(rows):
        gutter = _gutter(rows[index], page_width)
        if gutter is None:
            index += 1
            continue
        members = [rows[index]]
        gaps: list[float] = []  # between the band's rows: its line spacing
        index += 1
        while index < len(rows):
            row = rows[index]
            both = _gutter(row, page_width)
            below = row[0].top - max(p.bottom for p in members[-1])
            spacing = median(gaps) if gaps else 0.0
            if both is None and below > max(_ROW_GAP * height, 1.5 * spacing):
                break  # far below the band's rows (a list set wide keeps its wide lines)
            if both is not None and below > _BAND_GAP * height:
                break  # far below: two columns of another part of the page
            gaps.append(below)
            joined = _join(row, gutter, page_width)
            if joined is None:
                break
            gutter = joined
            members.append(row)
            index += 1
        band += 1
        middle = (gutter[0] + gutter[1]) / 2
        for row in members:
            for piece in row:
                piece.band, piece.side = band, int(piece.left >= middle)
        top, bottom = members[0][0].top, max(p.bottom for p in members[-1])
        for speck in specks:
            if speck.band is None and top <= (speck.top + speck.bottom) / 2 <= bottom:
                speck.band, speck.side = band, int((speck.left + speck.right) / 2 >= middle)


def in_reading_order(lines: Sequence[Sequence[Word]], page_width: int) -> list[tuple[bool, list[Word]]]:
    """The lines (tesseract's, in its order) as printed lines in reading order, each with whether
    it starts a paragraph: two-column bands give their left column whole, then their right column."""
    pieces = _pieces(lines, page_width)
    find_bands(pieces, page_width)
    out: list[tuple[bool, list[Word]]] = []
    done: set[int] = set()
    previous: _Piece | None = None
    for piece in pieces:
        if piece.band is None:
            new_par = previous is None or previous.words[0].line[:2] != piece.words[0].line[:2]
            out.append((new_par, piece.words))
            previous = piece
            continue
        if piece.band in done:
            continue
        done.add(piece.band)
        members = [p for p in pieces if p.band == piece.band]
        for side in (0, 1):
            column = sorted((p for p in members if p.side == side), key=lambda p: (p.top, p.left))
            for k, p in enumerate(column):
                new_par = k == 0 or p.words[0].line[:2] != column[k - 1].words[0].line[:2]
                out.append((new_par, p.words))
        previous = None
    return out
