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
from dataclasses import dataclass, field

from PIL import Image

from service.models import Block, Box, Paragraph, Table
from service.text.normalize import nfc

_INK = 170  # grey level below which a pixel is ink (a thin rule is anti-aliased grey)
_RULE_FILL = 200  # mean ink (0–255) over a squeezed pixel that a rule fills
_MIN_RULE = 0.06  # a rule is at least this share of the page's width (or height)
_NEAR = 12  # pixels: rules this close meet (the scan's residual skew, the rule's own width)


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


@dataclass(frozen=True)
class Rule:
    horizontal: bool
    at: float  # y of a horizontal rule, x of a vertical one
    start: float  # x0 (horizontal) or y0 (vertical)
    end: float


@dataclass
class Grid:
    """A ruled table: column and row edges, and its cells as (row, col, rows, cols) over them."""

    xs: list[float]
    ys: list[float]
    cells: list[tuple[int, int, int, int]] = field(default_factory=list)

    @property
    def box(self) -> Box:
        return (self.xs[0], self.ys[0], self.xs[-1], self.ys[-1])

    def cell_box(self, cell: tuple[int, int, int, int]) -> Box:
        r, c, nr, nc = cell
        return (self.xs[c], self.ys[r], self.xs[c + nc], self.ys[r + nr])


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


def find_rules(image: Image.Image) -> list[Rule]:
    """Long straight runs of ink, horizontal and vertical, in page pixels."""
    gray = image.convert("L")
    ink = gray.point(lambda v: 255 if v < _INK else 0)
    width, height = ink.size
    step = max(8, width // 60)  # about 3.5 mm at 300 dpi: longer than any stroke of a letter
    rules = _runs(ink.resize((max(1, width // step), height), Image.BOX), step, True, width)
    rules += _runs(ink.resize((width, max(1, height // step)), Image.BOX), step, False, height)
    return rules


def _runs(squeezed: Image.Image, step: int, horizontal: bool, extent: int) -> list[Rule]:
    """Rules in a squeezed copy: per pixel row (or column), runs of full pixels long enough, then
    runs on neighbouring rows that overlap joined into one rule."""
    w, h = squeezed.size
    data = squeezed.tobytes()
    min_len = max(2, int(_MIN_RULE * extent / step))
    lines = range(h) if horizontal else range(w)
    found: list[list[float]] = []  # [at_sum, count, start, end, last_at]
    for at in lines:
        if horizontal:
            values = data[at * w : (at + 1) * w]
        else:
            values = data[at::w]
        run_start = None
        for k in range(len(values) + 1):
            full = k < len(values) and values[k] >= _RULE_FILL
            if full and run_start is None:
                run_start = k
            elif not full and run_start is not None:
                if k - run_start >= min_len:
                    # the rule may reach into the squeezed pixels at either end, partly filled
                    _join(found, at, (run_start - 1) * step, (k + 1) * step)
                run_start = None
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


def find_grids(rules: list[Rule]) -> list[Grid]:
    """Tables: groups of rules that cross or meet, with at least three rules each way."""
    parent = list(range(len(rules)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, a in enumerate(rules):
        for j in range(i + 1, len(rules)):
            b = rules[j]
            if a.horizontal != b.horizontal and _meet(a, b):
                parent[root(i)] = root(j)
    groups: dict[int, list[Rule]] = {}
    for i, rule in enumerate(rules):
        groups.setdefault(root(i), []).append(rule)
    grids = []
    for group in groups.values():
        hs = [r for r in group if r.horizontal]
        vs = [r for r in group if not r.horizontal]
        if len(hs) >= 3 and len(vs) >= 3:
            grids.append(_grid(hs, vs))
    return sorted(grids, key=lambda g: g.ys[0])


def _meet(a: Rule, b: Rule) -> bool:
    h, v = (a, b) if a.horizontal else (b, a)
    return h.start - _NEAR <= v.at <= h.end + _NEAR and v.start - _NEAR <= h.at <= v.end + _NEAR


def _edges(values: list[float]) -> list[float]:
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= _NEAR * 2:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(c) / len(c) for c in out]


def _grid(hs: list[Rule], vs: list[Rule]) -> Grid:
    xs, ys = _edges([v.at for v in vs]), _edges([h.at for h in hs])
    grid = Grid(xs, ys)

    def ruled(rules: list[Rule], at: float, mid: float) -> bool:
        return any(abs(r.at - at) <= _NEAR * 2 and r.start - _NEAR <= mid <= r.end + _NEAR for r in rules)

    taken: set[tuple[int, int]] = set()
    for r in range(len(ys) - 1):
        for c in range(len(xs) - 1):
            if (r, c) in taken:
                continue
            cols = 1  # reach right while no vertical rule stands between
            while c + cols < len(xs) - 1 and not ruled(vs, xs[c + cols], (ys[r] + ys[r + 1]) / 2):
                cols += 1
            rows = 1
            while r + rows < len(ys) - 1 and not ruled(hs, ys[r + rows], (xs[c] + xs[c + cols]) / 2):
                rows += 1
            for dr in range(rows):
                for dc in range(cols):
                    taken.add((r + dr, c + dc))
            grid.cells.append((r, c, rows, cols))
    return grid


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
    from service.readers.tables import is_real_table

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
