"""Tables (bảng) of a text PDF as rows and cells (pdfplumber, from the page's ruling lines), and a
page's blocks in reading order: its text cut around the tables it prints.

pdfplumber parses a whole page to find its lines, which costs about half a second; it is asked only
about pages whose content stream draws enough strokes to make a grid.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from collections.abc import Iterator
from pathlib import Path

from service.models import Block, Paragraph, Table
from service.readers.grids import Rule, find_grids, is_real_table
from service.text.match import locate_cells
from service.text.normalize import nfc

logging.getLogger("pdfminer").setLevel(logging.ERROR)

# a number (12, 12.5, .5, -3): written so that a run of digits has one way to match, since the
# patterns are tried at every place of a content stream
_NUM = rb"(-?(?:\d+(?:\.\d+)?|\.\d+))"
_SEGMENT = re.compile(_NUM + rb"\s+" + _NUM + rb"\s+m\s+" + _NUM + rb"\s+" + _NUM + rb"\s+l\b")
_RECT = re.compile(rb"\s".join([_NUM] * 4) + rb"\s+re\s+(?![\sW])")  # a box that is not a clip (re W n)


def _run_marks(chars: bytes) -> bytes:
    """A translation table that keeps `chars`, turns every blank (\\s) into a space and everything
    else into NUL: the runs a pattern made of those characters can match in, cut by NULs."""
    table = bytearray(256)
    for c in chars:
        table[c] = c
    for c in b" \t\n\r\x0b\x0c":
        table[c] = ord(" ")
    return bytes(table)


# A segment or a box is made of these characters only, with its operator after a blank: the
# patterns above are tried only in the runs of them that hold the operator as the pattern ends it,
# since most of a page's stream is text and a search tried at every place of it costs more than
# pypdf's reading. A Word page clips each piece of text with a box (`re W* n`, hundreds a page):
# those operators are passed over by one search of the stream, without looking at their runs.
# (The operator's pattern starts with its letters, which the search looks for fast; the blank before
# them is checked after.)
_SEGMENT_RUNS = (_run_marks(b"-.0123456789ml"), re.compile(rb"l\b"))
_RECT_RUNS = (_run_marks(b"-.0123456789re"), re.compile(rb"re\s+(?![\sW])"))
_BLANKS = b" \t\n\r\x0b\x0c"  # what \s is in a pattern of bytes
_MIN_RULES = 3  # a 2 × 2 grid needs three rules each way


def content_rules(content: bytes) -> list[Rule]:
    """The straight rules a page's content stream draws (line segments, and thin filled boxes as Word
    draws borders), in the stream's own units."""
    rules = []
    for m in _matches(_SEGMENT, _SEGMENT_RUNS, content):
        x0, y0, x1, y1 = (float(g) for g in m.groups())
        if abs(y1 - y0) < 1 and abs(x1 - x0) > 10:
            rules.append(Rule(True, y0, min(x0, x1), max(x0, x1)))
        elif abs(x1 - x0) < 1 and abs(y1 - y0) > 10:
            rules.append(Rule(False, x0, min(y0, y1), max(y0, y1)))
    for m in _matches(_RECT, _RECT_RUNS, content):
        # most boxes are fills of some size, not rules: their size is read first, alone
        w, h = float(m.group(3)), float(m.group(4))
        if abs(h) < 3 and abs(w) > 10:
            x, y = float(m.group(1)), float(m.group(2))
            rules.append(Rule(True, y, min(x, x + w), max(x, x + w)))
        elif abs(w) < 3 and abs(h) > 10:
            x, y = float(m.group(1)), float(m.group(2))
            rules.append(Rule(False, x, min(y, y + h), max(y, y + h)))
    return rules


def _matches(
    pattern: re.Pattern[bytes], runs: tuple[bytes, re.Pattern[bytes]], content: bytes
) -> Iterator[re.Match[bytes]]:
    """The matches of `pattern` in `content`, the same as its finditer: a match is made of a run's
    characters only, so it lies inside one run, and it holds the run's operator as `operator` finds
    it, after a blank; the search runs one character past the run's end so that what follows an
    operator (`\\b`, `(?!W)`) is seen as it is."""
    table, operator = runs
    marks = b""
    end = 0
    for found in operator.finditer(content):
        at = found.start() - 1
        if at < end or content[at] not in _BLANKS:  # in the run just searched, or not an operator
            continue
        marks = marks or content.translate(table)
        start = marks.rfind(b"\0", 0, at) + 1
        end = marks.find(b"\0", at)
        end = len(marks) if end < 0 else end
        yield from pattern.finditer(content, start, end + 1)


def draws_rules(content: bytes, *, one_row: bool = False) -> bool:
    """Whether a page's content stream draws a grid of at least two rows and two columns: only then
    is pdfplumber asked (underlines, highlights and a boxed paragraph make none). ``one_row``: a
    single row of three cells or more is enough (the end of a row the previous page's table broke)."""
    rules = content_rules(content)
    across = sum(r.horizontal for r in rules)
    if one_row and across >= 2 and len(rules) - across >= 4:
        return True
    if across < _MIN_RULES or len(rules) - across < _MIN_RULES:
        return False
    return bool(find_grids(rules, near=2.0))


def pdf_tables(path: Path, indexes: list[int]) -> dict[int, list[Table]]:
    """The real tables of the given 0-based pages, top to bottom, by page index."""
    import pdfplumber

    found: dict[int, list[Table]] = {}
    with pdfplumber.open(str(path)) as pdf:
        for index in indexes:
            page = pdf.pages[index]
            tables: list[Table] = []
            before = found.get(index - 1, [])
            for table in sorted(page.find_tables(), key=lambda t: t.bbox[1]):
                # The page's first grid may be the rest of the previous page's last table, its first
                # row the end of the row the page broke (a row or two of text): kept if as wide.
                goes_on = before[-1].width if before and not tables else None
                grid = _grid(table, goes_on)
                if grid is not None:
                    tables.append(dataclasses.replace(grid, page=index + 1))
            if tables:
                found[index] = tables
    return found


def _grid(table, goes_on: int | None = None) -> Table | None:
    """A pdfplumber table as a Table: cells a merged cell covers are "" and the merge is noted.
    ``goes_on``: the width of a table the previous page ended with (its rest is kept)."""
    cells = [row.cells for row in table.rows]
    texts = [[nfc(c or "").strip() for c in row] for row in table.extract()]
    if not is_real_table(texts) and not _row_going_on(texts, goes_on):
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


def _row_going_on(texts: list[list[str]], width: int | None) -> bool:
    """The rest of the previous page's last table: as wide (three columns or more), some text."""
    return (
        width is not None
        and width >= 3
        and all(len(r) == width for r in texts)
        and any(any(r) for r in texts)
    )


def page_blocks(text: str, tables: list[Table], page: int) -> list[Block]:
    """A page's blocks: its text cut where each table's first and last cells are printed, the
    tables in between. A table whose cells cannot be found in the text comes after the page's text."""
    blocks: list[Block] = []
    cursor = 0
    unplaced: list[Table] = []
    for table in tables:
        span = locate_cells(text, [list(row) for row in table.rows], cursor)
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
