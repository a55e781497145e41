"""A register kept in Excel, read as the decree lays it out (Nghị định 30/2020, Phụ lục IV). Pure.

The office's own workbook rarely matches the decree to the letter: columns in another order, headers
in other words or case or without marks ("SO DEN", "Số/Ký hiệu", "Trích yếu nội dung"), a header
over two rows under a merged "Văn bản", a row of column numbers under it, days typed as text
("12/11/2023", "12-11-23", "ngày 12 tháng 11 năm 2023") or stored as dates or as Excel's day
numbers. Each column is matched by name on the accent-folded header; each row becomes an entry or a
problem naming its row and why, never a guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum

from service.models import IncomingLine, OutgoingLine
from service.text.dates import make_date, parse_date
from service.text.normalize import fast_fold, normalize_space
from service.text.restore import TYPE_BY_ABBR, TYPE_BY_FOLDED


class RegisterKind(StrEnum):
    INCOMING = "incoming"  # sổ đăng ký văn bản đến
    OUTGOING = "outgoing"  # sổ đăng ký văn bản đi


# field -> the folded header words that name it, most specific first. A header names the field
# whose words it holds most fully (the longest match wins: "so luong ban" is not "so").
HEADERS: dict[str, tuple[str, ...]] = {
    "arrived_on": ("ngay den", "ngay nhan"),
    "so_den": ("so den", "so thu tu den"),
    "issuer": ("tac gia", "co quan ban hanh", "noi ban hanh", "noi gui", "co quan gui", "don vi gui"),
    "number_symbol": ("so ky hieu", "so va ky hieu", "so hieu", "ky hieu", "so van ban"),
    "issue_date": ("ngay thang", "ngay van ban", "ngay ban hanh", "ngay thang van ban", "ngay ky"),
    "summary": ("ten loai va trich yeu", "trich yeu", "noi dung", "ten loai"),
    "recipient": ("don vi hoac nguoi nhan", "don vi nhan", "nguoi nhan", "noi nhan ban luu"),
    "handed_on": ("ngay chuyen",),
    "signed_for": ("ky nhan",),
    "note": ("ghi chu",),
    "signer": ("nguoi ky",),
    "recipients": ("noi nhan van ban", "noi nhan"),
    "archive_unit": ("don vi nguoi nhan ban luu", "ban luu"),
    "copies": ("so luong ban", "so ban"),
}
INCOMING_MARKS = {"arrived_on", "so_den"}
OUTGOING_MARKS = {"signer", "recipients", "copies"}
HEADER_ROWS = 20  # the header is among the first rows
EXCEL_EPOCH = date(1899, 12, 30)


@dataclass(frozen=True)
class RowProblem:
    """A row that cannot be imported, and why (in Vietnamese, for the clerk)."""

    row: int
    reason: str


@dataclass
class ImportPlan:
    """What an import will do: the entries it will add and the rows it cannot read."""

    kind: RegisterKind
    columns: dict[str, str]  # field -> the header as written
    ignored: list[str] = field(default_factory=list)  # headers understood as no column of the decree
    entries: list[IncomingLine | OutgoingLine] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)


def header_field(text: object) -> tuple[str | None, int]:
    """The field a header names, and how fully (the matched words' length; 0: none)."""
    words = _words(text)
    best: tuple[str | None, int] = (None, 0)
    for name, names in HEADERS.items():
        for n in names:
            if words == n or f" {n} " in f" {words} ":
                score = len(n) + (100 if words == n else 0)
                if score > best[1]:
                    best = (name, score)
    return best


def _words(text: object) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", fast_fold(str(text or ""))).split())


def find_header(grid: list[list[object]]) -> tuple[int, dict[str, int], list[str]] | None:
    """(index of the last header row, field -> column, headers not understood), or None.

    A header may span two rows: a column's name is its own cell or, where that names nothing, the
    cell above it (a header merged down), or both read together ("Văn bản" over "Số, ký hiệu")."""
    best: tuple[int, dict[str, int], list[str]] | None = None
    for r in range(min(HEADER_ROWS, len(grid))):
        columns: dict[str, tuple[int, int]] = {}
        unknown: list[str] = []
        for c, cell in enumerate(grid[r]):
            above = grid[r - 1][c] if r > 0 and c < len(grid[r - 1]) else None
            options = [cell, above, f"{above or ''} {cell or ''}"] if cell != above else [cell]
            name, score = max((header_field(o) for o in options if o), key=lambda x: x[1], default=(None, 0))
            if name and (name not in columns or score > columns[name][1]):
                columns[name] = (c, score)
            elif not name and isinstance(cell, str) and not _is_numbering(cell):
                unknown.append(cell)
        found = {k: v[0] for k, v in columns.items()}
        if len(found) >= 3 and (best is None or len(found) > len(best[1])):
            best = (r, found, unknown)
    return best


def _is_numbering(value: object) -> bool:
    """A cell of the row of column numbers under a header: 1, "(2)", "3"."""
    return bool(re.fullmatch(r"\(?\s*\d{1,2}\s*\)?", str(value).strip()))


def cell_date(value: object) -> date | None:
    """A day from a cell: a date, an Excel day number, or text as offices type it."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return EXCEL_EPOCH + timedelta(days=int(value)) if 20_000 < value < 80_000 else None
    if not isinstance(value, str):
        return None
    found = parse_date(value)
    if found:
        return found
    m = re.fullmatch(r"\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2})\s*", value)  # 12/11/23
    return make_date(2000 + int(m.group(3)), int(m.group(2)), int(m.group(1))) if m else None


def cell_int(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    m = re.fullmatch(r"\s*0*(\d{1,7})\s*", str(value or ""))
    return int(m.group(1)) if m else None


def cell_text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = normalize_space(str(value)).strip()
    return text or None


def doc_type_of(summary: str | None, number_symbol: str | None) -> str | None:
    """The type (tên loại) a register names at the start of its summary, else its symbol's."""
    words = _words(summary)
    for folded, name in sorted(TYPE_BY_FOLDED.items(), key=lambda kv: -len(kv[0])):
        if words.startswith(folded + " ") or words == folded:
            return name
    m = re.match(r"\s*\d+\s*/\s*(?:\d{4}\s*/\s*)?([^\s/\-]+)\s*-", number_symbol or "")
    if m and fast_fold(m.group(1)) in TYPE_BY_ABBR:
        return TYPE_BY_ABBR[fast_fold(m.group(1))]
    return "Công văn" if number_symbol else None


def guess_kind(columns: dict[str, int]) -> RegisterKind:
    if INCOMING_MARKS & set(columns):
        return RegisterKind.INCOMING
    return RegisterKind.OUTGOING if OUTGOING_MARKS & set(columns) else RegisterKind.INCOMING


def plan_rows(grid: list[list[object]], today: date, kind: RegisterKind | None = None) -> ImportPlan | None:
    """What importing `grid` would add, row by row; None when no header of the decree is found."""
    header = find_header(grid)
    if header is None:
        return None
    last, columns, unknown = header
    kind = kind or guess_kind(columns)
    names = {f: str(grid[last][c] or (grid[last - 1][c] if last else "")) for f, c in columns.items()}
    plan = ImportPlan(kind=kind, columns=names, ignored=unknown)
    seen: dict[tuple[int, int], int] = {}
    for r in range(last + 1, len(grid)):
        cells = {f: (grid[r][c] if c < len(grid[r]) else None) for f, c in columns.items()}
        filled = [v for v in cells.values() if v not in (None, "")]
        if not filled or all(_is_numbering(v) for v in filled):
            continue  # an empty row, or the row of column numbers
        read = _incoming_row if kind == RegisterKind.INCOMING else _outgoing_row
        entry = read(r + 1, cells, today)
        if isinstance(entry, RowProblem):
            plan.problems.append(entry)
            continue
        key = (
            (entry.arrived_on.year, entry.so_den)
            if isinstance(entry, IncomingLine)
            else (
                entry.issue_date.year,
                entry.number,
            )
        )
        if key in seen:
            plan.problems.append(RowProblem(r + 1, f"Trùng số {key[1]}/{key[0]} với dòng {seen[key]}."))
            continue
        seen[key] = r + 1
        plan.entries.append(entry)
    return plan


def _day(cells: dict[str, object], name: str, label: str) -> date | str | None:
    """The day in a column, None if empty, or the reason it cannot be read."""
    value = cells.get(name)
    if value in (None, ""):
        return None
    return cell_date(value) or f"{label} không đọc được («{cell_text(value)}»)."


def _incoming_row(row: int, cells: dict[str, object], today: date) -> IncomingLine | RowProblem:
    so_den = cell_int(cells.get("so_den"))
    arrived = _day(cells, "arrived_on", "Ngày đến")
    issued = _day(cells, "issue_date", "Ngày tháng văn bản")
    if so_den is None or so_den <= 0:
        raw = cell_text(cells.get("so_den"))
        return RowProblem(row, f"Số đến không đọc được («{raw}»)." if raw else "Thiếu số đến.")
    if isinstance(arrived, str):
        return RowProblem(row, arrived)
    if isinstance(issued, str):
        return RowProblem(row, issued)
    if arrived is None:
        return RowProblem(row, "Thiếu ngày đến.")
    if arrived > today:
        return RowProblem(row, f"Ngày đến {arrived:%d/%m/%Y} sau hôm nay.")
    if issued and issued > arrived:
        return RowProblem(row, f"Ngày văn bản {issued:%d/%m/%Y} sau ngày đến {arrived:%d/%m/%Y}.")
    summary, number_symbol = cell_text(cells.get("summary")), cell_text(cells.get("number_symbol"))
    return IncomingLine(
        row=row,
        arrived_on=arrived,
        so_den=so_den,
        issuer=cell_text(cells.get("issuer")),
        number_symbol=number_symbol,
        issue_date=issued,
        summary=summary,
        doc_type=doc_type_of(summary, number_symbol),
        recipient=cell_text(cells.get("recipient")),
        note=cell_text(cells.get("note")),
    )


def _outgoing_row(row: int, cells: dict[str, object], today: date) -> OutgoingLine | RowProblem:
    number_symbol = cell_text(cells.get("number_symbol"))
    m = re.match(r"\s*0*(\d{1,7})\s*/", number_symbol or "")
    issued = _day(cells, "issue_date", "Ngày tháng văn bản")
    if not number_symbol:
        return RowProblem(row, "Thiếu số, ký hiệu.")
    if not m or int(m.group(1)) <= 0:
        return RowProblem(row, f"Số, ký hiệu không đọc được («{number_symbol}»).")
    if isinstance(issued, str):
        return RowProblem(row, issued)
    if issued is None:
        return RowProblem(row, "Thiếu ngày tháng văn bản.")
    if issued > today:
        return RowProblem(row, f"Ngày văn bản {issued:%d/%m/%Y} sau hôm nay.")
    summary = cell_text(cells.get("summary"))
    recipients = [x.strip(" -;.") for x in re.split(r"[;\n]", cell_text(cells.get("recipients")) or "")]
    return OutgoingLine(
        row=row,
        number=int(m.group(1)),
        number_symbol=number_symbol,
        issue_date=issued,
        summary=summary,
        doc_type=doc_type_of(summary, number_symbol),
        signer=cell_text(cells.get("signer")),
        recipients=tuple(x for x in recipients if x),
        copies=cell_int(cells.get("copies")) or 1,
        note=cell_text(cells.get("note")),
    )
