"""The layout of an OCR'd page (bố cục trang quét): tesseract's words and line boxes, the ruled tables
found in the page image, and the page as blocks in reading order.

Tesseract reads a ruled table line by line across its columns ("1 Xây dựng kế | Sở Khoa học | …"),
which mixes the cells of a row. The table's ruling lines are found in the image (long runs of ink,
on copies of the page squeezed along and across), its cells are the boxes between them (a missing
rule merges two cells), and each word goes to the cell that holds its centre. The page's text then
shows the table cell by cell, as a Word file's text does.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from PIL import Image

from service.models import Block, Box, Paragraph, Table
from service.readers.grids import Grid, Rule, is_real_table
from service.readers.ocr_columns import Word, in_reading_order
from service.text.normalize import nfc

_INK = 170  # grey level below which a pixel is ink (a thin rule is anti-aliased grey)
_RULE_FILL = 200  # mean ink (0–255) over a squeezed pixel that a rule fills
_MIN_RULE = 0.06  # a rule is at least this share of the page's width (or height)
_NEAR = 12  # pixels: rules this close meet (the scan's residual skew, the rule's own width)


def read_tsv(tsv: str) -> tuple[int, list[Word]]:
    """The page's width and its words (tesseract TSV, level 5 rows), in tesseract's order."""
    width = 0
    words: list[Word] = []
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12:
            continue
        if cols[0] == "1":
            width = int(cols[8] or 0)
        if cols[0] != "5" or not cols[11].strip():
            continue
        left, top, w, h = (int(cols[k]) for k in (6, 7, 8, 9))
        try:
            conf = float(cols[10])
        except ValueError:
            conf = None
        words.append(Word(left, top, left + w, top + h, cols[11].strip(), (cols[2], cols[3], cols[4]), conf))
    return width, words


# --- ruling lines ------------------------------------------------------------------------------


def find_rules(image: Image.Image, least_horizontal: int = 0) -> list[Rule]:
    """Long straight runs of ink, horizontal and vertical, in page pixels. With fewer horizontal rules
    than `least_horizontal`, only those: the vertical ones are not looked for (a table has three
    rules each way; most pages have one or two, under the heading and the motto)."""
    gray = image if image.mode == "L" else image.convert("L")
    ink = gray.point(lambda v: 255 if v < _INK else 0)
    width, height = ink.size
    step = max(8, width // 60)  # about 3.5 mm at 300 dpi: longer than any stroke of a letter
    rules = _runs(ink.resize((max(1, width // step), height), Image.Resampling.BOX), step, True, width)
    if len(rules) < least_horizontal:
        return rules
    rules += _runs(ink.resize((width, max(1, height // step)), Image.Resampling.BOX), step, False, height)
    return rules


_FULL = bytes(0x31 if v >= _RULE_FILL else 0x30 for v in range(256))  # a pixel → b"1" full, b"0" not


def _runs(squeezed: Image.Image, step: int, horizontal: bool, extent: int) -> list[Rule]:
    """Rules in a squeezed copy: per pixel row (or column), runs of full pixels long enough, then
    runs on neighbouring rows that overlap joined into one rule."""
    w, h = squeezed.size
    data = squeezed.tobytes().translate(_FULL)
    run = re.compile(b"1{%d,}" % max(2, int(_MIN_RULE * extent / step)))
    found: list[list[float]] = []  # [at_sum, count, start, end, last_at]
    for at in range(h) if horizontal else range(w):
        values = data[at * w : (at + 1) * w] if horizontal else data[at::w]
        for m in run.finditer(values):
            # the rule may reach into the squeezed pixels at either end, partly filled
            _join(found, at, (m.start() - 1) * step, (m.end() + 1) * step)
    return [Rule(horizontal, f[0] / f[1], f[2], f[3]) for f in found]


def _join(found: list[list[float]], at: int, start: float, end: float) -> None:
    for f in reversed(found):
        if at - f[4] > 3:
            break
        if start <= f[3] + _NEAR and end >= f[2] - _NEAR:
            f[0] += at
            f[1] += 1
            f[2], f[3], f[4] = min(f[2], start), max(f[3], end), at
            return
    found.append([at, 1, start, end, at])


def erase_grids(image: Image.Image, grids: list[Grid], half_width: int = 6) -> Image.Image:
    """A copy of the page with the tables' rules painted out: tesseract drops words that touch a
    rule, and reads a cell's text better alone."""
    from PIL import ImageDraw

    clean = image.convert("L") if image.mode != "L" else image.copy()
    draw = ImageDraw.Draw(clean)
    for grid in grids:
        x0, y0, x1, y1 = grid.box
        for y in grid.ys:
            draw.rectangle((x0 - half_width, y - half_width, x1 + half_width, y + half_width), fill=255)
        for x in grid.xs:
            draw.rectangle((x - half_width, y0 - half_width, x + half_width, y1 + half_width), fill=255)
    return clean


# --- words into cells, lines, blocks -------------------------------------------------------------


def _inside(point: tuple[float, float], box: Box) -> bool:
    return box[0] <= point[0] <= box[2] and box[1] <= point[1] <= box[3]


def words_to_lines(words: list[Word]) -> list[list[Word]]:
    """Words (of one cell) as printed lines: top to bottom, each left to right."""
    lines: list[list[Word]] = []
    for word in sorted(words, key=lambda w: w.top):
        mid = word.centre[1]
        line = next((ln for ln in lines if ln[0].top <= mid <= max(w.bottom for w in ln)), None)
        if line is None:
            lines.append([word])
        else:
            line.append(word)
    return [sorted(line, key=lambda w: w.left) for line in lines]


def grid_table(grid: Grid, words: list[Word], page: int) -> Table | None:
    """The grid filled with the words whose centre each cell holds; None if it is not a real table."""
    n_rows, n_cols = len(grid.ys) - 1, len(grid.xs) - 1
    rows = [["" for _ in range(n_cols)] for _ in range(n_rows)]
    for cell in grid.cells:
        box = grid.cell_box(cell)
        # a rule read as a bar ("Sở Khoa học |") is not a word of the cell
        inside = [dataclasses.replace(w, text=w.text.strip("|")) for w in words if _inside(w.centre, box)]
        inside = [w for w in inside if w.text]
        text = "\n".join(" ".join(w.text for w in line) for line in words_to_lines(inside))
        rows[cell[0]][cell[1]] = nfc(text)
    if not is_real_table(rows):
        return None
    merged = tuple(c for c in grid.cells if c[2] > 1 or c[3] > 1)
    return Table(tuple(tuple(r) for r in rows), page=page, source="ocr", merged=merged, box=grid.box)


def wide_paragraphs_in_place(words: list[Word], page_width: int) -> list[Word]:
    """Tesseract's words with a paragraph that spans or sits on the page's middle (a centred title)
    moved back above the paragraphs it reads before but that lie wholly below it: tesseract sometimes reads a
    summary after the legal bases printed under it. Paragraphs within one column keep its order
    (the header's two columns are put in order later)."""
    paragraphs: list[list[Word]] = []
    for word in words:
        if not paragraphs or paragraphs[-1][0].line[:2] != word.line[:2]:
            paragraphs.append([])
        paragraphs[-1].append(word)
    ordered: list[tuple[Box, list[Word]]] = []
    for para in paragraphs:
        box = line_box(para)
        middle = (box[0] + box[2]) / 2
        centred = (
            page_width
            and (box[0] < 0.45 * page_width < 0.55 * page_width < box[2] or 0.4 < middle / page_width < 0.6)
            and not _has_column_gap(para, page_width)
        )
        spot = len(ordered)
        if centred:
            # before the first paragraph read so far that lies wholly below this one
            # (a speck in the margin, narrower than a word or two, is no paragraph to go above)
            spot = next(
                (k for k, (b, _) in enumerate(ordered) if b[1] > box[3] and b[2] - b[0] > 0.1 * page_width),
                spot,
            )
        ordered.insert(spot, (box, para))
    return [w for _, para in ordered for w in para]


def _has_column_gap(words: list[Word], page_width: int) -> bool:
    """Whether a line of these words jumps a gap as wide as between the header's two columns."""
    return any(
        a.line == b.line and b.left - a.right > 0.035 * page_width for a, b in itertools.pairwise(words)
    )


def line_box(words: list[Word]) -> Box:
    return (
        min(w.left for w in words),
        min(w.top for w in words),
        max(w.right for w in words),
        max(w.bottom for w in words),
    )


def paragraphs_of(lines: list[tuple[str, Box | None]], page: int) -> list[Block]:
    """Paragraphs from output lines, a blank line ending one; each with the box of its lines."""
    blocks: list[Block] = []
    texts: list[str] = []
    boxes: list[Box] = []

    def flush() -> None:
        if any(t.strip() for t in texts):
            box = (
                (
                    min(b[0] for b in boxes),
                    min(b[1] for b in boxes),
                    max(b[2] for b in boxes),
                    max(b[3] for b in boxes),
                )
                if boxes
                else None
            )
            blocks.append(Paragraph(nfc("\n".join(texts).strip("\n")), page, box))
        texts.clear()
        boxes.clear()

    for text, box in lines:
        if not text.strip():
            flush()
            continue
        texts.append(text)
        if box:
            boxes.append(box)
    flush()
    return blocks


@dataclass(frozen=True)
class OcrLayout:
    text: str
    confidence: float | None  # mean word confidence, 0–100
    blocks: tuple[Block, ...] = ()


def parse_tsv(tsv: str) -> tuple[str, float | None]:
    """Text and mean word confidence from tesseract TSV (see ``layout_tsv``)."""
    layout = layout_tsv(tsv)
    return layout.text, layout.confidence


def layout_tsv(tsv: str, grids: Sequence[Grid] = (), page: int = 1) -> OcrLayout:
    """Text, confidence and blocks of a page from tesseract TSV and the ruled grids of its image.

    A two-column band (the header, the foot's "Nơi nhận" beside the signer) gives its left column
    whole, then its right column (see ``ocr_columns``), so that `Số: …` and the place-and-date line
    stay apart and the issuing body's lines stay together.
    The words inside a ruled table become its cells, and the table stands where its first line was.
    """
    page_width, words = read_tsv(tsv)
    words = wide_paragraphs_in_place(words, page_width)
    confidences = [w.confidence for w in words if w.confidence is not None and w.confidence >= 0]
    tables: list[tuple[Table, Box]] = []
    for grid in grids:
        table = grid_table(grid, words, page)
        if table is not None:
            tables.append((table, grid.box))
    rows: list[_Row] = []
    placed: set[int] = set()
    segment: list[list[Word]] = []  # the lines since the last table, read column by column

    def flush() -> None:
        for new_par, line in in_reading_order(segment, page_width):
            rows.append(_Row(new_par and bool(rows), " ".join(w.text for w in line), line_box(line)))
        segment.clear()

    for _key, line_words in _lines_by_key(words):
        kept = []
        for word in line_words:
            home = next((k for k, (_, box) in enumerate(tables) if _inside(word.centre, box)), None)
            if home is None:
                kept.append(word)
            elif home not in placed:
                placed.add(home)
                flush()
                rows.append(_Row(True, "", None, tables[home][0]))
        if kept:
            segment.append(kept)
    flush()
    lines, blocks = _columns_in_order(rows, page)
    text = nfc("\n".join(lines))
    return OcrLayout(text, sum(confidences) / len(confidences) if confidences else None, tuple(blocks))


@dataclass(frozen=True)
class _Row:
    new_par: bool
    text: str
    box: Box | None
    table: Table | None = None


def _lines_by_key(words: list[Word]) -> list[tuple[tuple[str, str, str], list[Word]]]:
    lines: list[tuple[tuple[str, str, str], list[Word]]] = []
    for word in words:
        if not lines or lines[-1][0] != word.line:
            lines.append((word.line, []))
        lines[-1][1].append(word)
    return lines


def _columns_in_order(rows: list[_Row], page: int) -> tuple[list[str], list[Block]]:
    """Lines and blocks; a table gives its cells, row by row."""
    lines: list[str] = []
    blocks: list[Block] = []
    para: list[tuple[str, Box | None]] = []

    def end_paragraph() -> None:
        blocks.extend(paragraphs_of(para, page))
        para.clear()

    for row in rows:
        if row.table is not None:
            end_paragraph()
            blocks.append(row.table)
            lines.extend(row.table.flat_text().split("\n"))
            continue
        if row.new_par:
            lines.append("")
            end_paragraph()
        lines.append(row.text)
        para.append((row.text, row.box))
    end_paragraph()
    return lines, blocks
