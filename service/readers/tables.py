"""Tables (bảng) of a text PDF as rows and cells (pdfplumber, from the page's ruling lines), and a
page's blocks in reading order: its text cut around the tables it prints.

pdfplumber parses a whole page to find its lines, which costs about half a second; it is asked only
about pages whose content stream draws enough strokes to make a grid.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from pathlib import Path

from service.models import Block, Paragraph, Table
from service.text.match import locate_cells
from service.text.normalize import nfc

logging.getLogger("pdfminer").setLevel(logging.ERROR)

_NUM = rb"(-?\d*\.?\d+)"
_SEGMENT = re.compile(_NUM + rb"\s+" + _NUM + rb"\s+m\s+" + _NUM + rb"\s+" + _NUM + rb"\s+l\b")
_RECT = re.compile(rb"\s".join([_NUM] * 4) + rb"\s+re\s+(?!W)")  # a box that is not a clip
_MIN_RULES = 3  # a 2 × 2 grid needs three rules each way
_MIN_CELLS_ROW_SHARE = 0.5  # a grid whose rows mostly hold one cell is a boxed paragraph


def draws_rules(content: bytes) -> bool:
    """Whether a page's content stream draws at least three horizontal and three vertical rules
    (line segments, or thin filled boxes as Word draws borders): the least a table needs."""
    across = down = 0
    for m in _SEGMENT.finditer(content):
        x0, y0, x1, y1 = (float(g) for g in m.groups())
        across += abs(y1 - y0) < 1 and abs(x1 - x0) > 10
        down += abs(x1 - x0) < 1 and abs(y1 - y0) > 10
        if across >= _MIN_RULES and down >= _MIN_RULES:
            return True
    for m in _RECT.finditer(content):
        w, h = abs(float(m.group(3))), abs(float(m.group(4)))
        across += h < 3 and w > 10
        down += w < 3 and h > 10
        if across >= _MIN_RULES and down >= _MIN_RULES:
            return True
    return False


def is_real_table(rows: list[list[str]]) -> bool:
    """A grid of at least 2 × 2 whose rows mostly fill two cells or more: not a paragraph that a
    border, a highlight or an underline boxed in."""
    if len(rows) < 2 or max((len(r) for r in rows), default=0) < 2:
        return False
    full = sum(1 for r in rows if sum(1 for c in r if c.strip()) >= 2)
    return full >= 2 and full >= _MIN_CELLS_ROW_SHARE * len(rows)


def pdf_tables(path: Path, indexes: list[int]) -> dict[int, list[Table]]:
    """The real tables of the given 0-based pages, top to bottom, by page index."""
    import pdfplumber

    found: dict[int, list[Table]] = {}
    with pdfplumber.open(str(path)) as pdf:
        for index in indexes:
            page = pdf.pages[index]
            tables = []
            for table in sorted(page.find_tables(), key=lambda t: t.bbox[1]):
                grid = _grid(table)
                if grid is not None:
                    tables.append(dataclasses.replace(grid, page=index + 1))
            if tables:
                found[index] = tables
    return found


def _grid(table) -> Table | None:
    """A pdfplumber table as a Table: cells a merged cell covers are "" and the merge is noted."""
    cells = [row.cells for row in table.rows]
    texts = [[nfc(c or "").strip() for c in row] for row in table.extract()]
    if not is_real_table(texts):
        return None
    width = max(len(r) for r in texts)
    xs = sorted({round(c[0], 1) for row in cells for c in row if c})
    ys = sorted({round(c[1], 1) for row in cells for c in row if c})
    merged = []
    for r, row in enumerate(cells):
        for c, box in enumerate(row):
            if not box:
                continue
            cols = sum(1 for x in xs if box[0] - 0.5 <= x < box[2] - 0.5)
            rows = sum(1 for y in ys if box[1] - 0.5 <= y < box[3] - 0.5)
            if cols > 1 or rows > 1:
                merged.append((r, c, max(rows, 1), max(cols, 1)))
    rows_out = tuple(tuple(r + [""] * (width - len(r))) for r in texts)
    return Table(rows_out, source="pdf", merged=tuple(merged), box=tuple(table.bbox))


def page_blocks(text: str, tables: list[Table], page: int) -> list[Block]:
    """A page's blocks: its text cut where each table's first and last cells are printed, the
    tables in between. A table whose cells cannot be found in the text comes after the page's text."""
    blocks: list[Block] = []
    cursor = 0
    unplaced: list[Table] = []
    for table in tables:
        span = locate_cells(text, [c for row in table.rows for c in row], cursor)
        if span is None:
            unplaced.append(table)
            continue
        start, end = span
        if text[cursor:start].strip():
            blocks.append(Paragraph(text[cursor:start].strip("\n"), page))
        blocks.append(table)
        cursor = end
    if text[cursor:].strip():
        blocks.append(Paragraph(text[cursor:].strip("\n"), page))
    return blocks + unplaced
