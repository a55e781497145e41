"""Dot leaders of a form (dòng chấm để điền): "Họ và tên:……………", "Lý do:………". Tesseract takes a line
that ends in a long row of dots for a picture and drops it whole, label and all ("Và có tham gia ý
kiến thêm:", "3. Không tán thành"); painted out, the label reads.

A leader is a row of ink thin and alone in its height (nothing just above or below it, as there is
under a letter's mark) that runs on along the line and breaks off again and again: dots, not a drawn
line (a rule, a box's edge or an underline stays: painted out, it would join what it parts). Found on a
copy of the page squeezed sideways (a cell about a dot and its gap wide), with numpy.
"""

from __future__ import annotations

from PIL import Image, ImageDraw

_CELL = 1 / 200  # a cell of the squeezed page: share of its width (a dot and its gap at 300 dpi)
_THIN = 0.004  # a leader's ink is at most this high, share of the page's width
_ALONE = 0.006  # … with no ink this far above and below it (a letter's mark sits nearer its letter)
_RUN = 12  # cells in a row at least (6% of the width): a short row is an ellipsis, a dash or specks
_ROW = 1 / 1300  # the height a squeezed row stands for, share of the page's width
_FILL = 20  # of 255: a cell this much darker than the paper holds some ink
_GAP = 2  # cells a row of dots may skip (a cell between two dots)

Box = tuple[int, int, int, int]


def find_leaders(image: Image.Image) -> list[Box]:
    """The boxes of the page's dot leaders, in page pixels."""
    import numpy as np

    gray = image if image.mode == "L" else image.convert("L")
    width, height = gray.size
    step = max(3, round(width * _CELL))
    down = max(1, round(width * _ROW))  # rows a squeezed row stands for (two at 300 dpi)
    if width // step < _RUN or height // down < 3:
        return []
    squeezed = gray.reduce((step, down))  # each cell's mean shade
    histogram = squeezed.histogram()
    paper = histogram.index(max(histogram))  # the commonest shade
    filled = np.less(np.asarray(squeezed).T, paper - _FILL)  # cells x rows: darker than the paper: ink
    cols, rows = filled.shape
    thin, alone = max(1, round(width * _THIN / down)), max(2, round(width * _ALONE / down))
    # every run of ink down each cell, cell by cell and top to bottom: where it starts and ends
    pad = np.zeros((cols, 1), bool)
    edges = np.diff(np.hstack([pad, filled, pad]).astype(np.int8), axis=1)
    cell, top = np.nonzero(edges == 1)
    end = np.nonzero(edges == -1)[1]  # one past each run's last row, in the same order
    first = np.r_[True, cell[1:] != cell[:-1]]  # a cell's first run: nothing above it
    last = np.r_[cell[1:] != cell[:-1], True]
    gap = np.r_[top[1:] - end[:-1], rows]  # to the next run down
    above, below = np.where(first, rows, np.r_[rows, gap[:-1]]), np.where(last, rows, gap)
    keep = (end - top <= thin) & (above >= alone) & (below >= alone)
    marks: list[list[tuple[int, int]]] = [[] for _ in range(cols)]  # per cell: thin runs standing alone
    for c, t, e in zip(cell[keep].tolist(), top[keep].tolist(), end[keep].tolist(), strict=True):
        marks[c].append((t, e))
    boxes = [(x0, y0 * down, x1, (y1 + 1) * down) for x0, y0, x1, y1 in _rows(marks, step, thin)]
    return [box for box in boxes if _dotted(np.asarray(gray.crop(box), dtype=np.int16), paper, step)]


def _dotted(band, paper: int, step: int) -> bool:
    """A row of dots, not a drawn line (a rule, a box's edge, an underline: painting those out would
    join what they part): along it, the ink breaks off again and again."""
    import numpy as np

    ink = band.min(axis=0) < paper - 2 * _FILL  # the darkest pixel of each column across the row
    pieces = int(np.count_nonzero(ink[1:] & ~ink[:-1])) + int(ink[0])
    return pieces >= max(_RUN // 2, band.shape[1] / (3 * step))


def _rows(marks: list[list[tuple[int, int]]], step: int, thin: int) -> list[Box]:
    """Rows of thin marks at one height across at least ``_RUN`` cells, skipping at most ``_GAP``."""
    boxes: list[Box] = []
    rows: list[list[int]] = []  # [first cell, last cell, top, bottom, centre]
    for cell, found in enumerate(marks):
        for top, end in found:
            centre = (top + end) // 2
            row = next(
                (r for r in rows if cell - _GAP <= r[1] < cell and 2 * abs(r[4] - centre) <= thin), None
            )
            if row is None:
                rows.append([cell, cell, top, end, centre])
            else:
                row[1], row[2], row[3] = cell, min(row[2], top), max(row[3], end)
        ended = [r for r in rows if r[1] < cell - _GAP]
        rows = [r for r in rows if r[1] >= cell - _GAP]
        boxes += [_box(r, step) for r in ended if r[1] - r[0] + 1 >= _RUN]
    return boxes + [_box(r, step) for r in rows if r[1] - r[0] + 1 >= _RUN]


def _box(row: list[int], step: int) -> Box:
    return row[0] * step, row[2], (row[1] + 1) * step, row[3]


def erase_leaders(image: Image.Image, boxes: list[Box], margin: int = 2) -> Image.Image:
    """A copy of the page with the leaders painted white."""
    clean = image.convert("L") if image.mode != "L" else image.copy()
    draw = ImageDraw.Draw(clean)
    for x0, y0, x1, y1 in boxes:
        draw.rectangle((x0, y0 - margin, x1, y1 + margin), fill=255)
    return clean
