"""A worksheet as a grid of values: what an office's register kept in Excel holds.

Merged cells are spread: every cell of a merged range holds the range's value (a header "Văn bản"
over two columns, a day of arrival merged down the rows of that day's documents). Values stay as
Excel gives them (dates as datetime, numbers as int or float, text NFC).
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from service.errors import VanthuError
from service.text import nfc

MAX_ROWS = 200_000
MAX_COLUMNS = 60


def read_sheet(path: Path, sheet: str | None = None) -> list[list[object]]:
    """The rows of `sheet` (else the first with content) of an .xlsx workbook, merged cells spread."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, data_only=True)  # the values Excel computed, not formulas
    except (OSError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise VanthuError("register_unreadable", f"{type(exc).__name__}: {exc}") from exc
    try:
        if sheet is not None:
            if sheet not in book.sheetnames:
                raise VanthuError(
                    "register_unreadable",
                    f"no sheet {sheet!r}",
                    f"Tệp không có trang tính «{sheet}» (có: {', '.join(book.sheetnames)}).",
                )
            ws = book[sheet]
        else:
            ws = next((w for w in book.worksheets if w.max_row > 1 or w.max_column > 1), book.worksheets[0])
        return _grid(ws)
    finally:
        book.close()


def _grid(ws) -> list[list[object]]:
    rows = min(ws.max_row, MAX_ROWS)
    cols = min(ws.max_column, MAX_COLUMNS)
    grid: list[list[object]] = [
        [_value(c) for c in row]
        for row in ws.iter_rows(min_row=1, max_row=rows, max_col=cols, values_only=True)
    ]
    for merged in ws.merged_cells.ranges:
        top = grid[merged.min_row - 1][merged.min_col - 1] if merged.min_row <= rows else None
        for r in range(merged.min_row, min(merged.max_row, rows) + 1):
            for c in range(merged.min_col, min(merged.max_col, cols) + 1):
                grid[r - 1][c - 1] = top
    return grid


def _value(v: object) -> object:
    if isinstance(v, str):
        v = nfc(v).strip()
        return v or None
    return v
