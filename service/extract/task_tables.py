"""Task tables (bảng phân công nhiệm vụ): one deadline per row. Pure.

A plan or a decision sets its tasks out as a table: "TT | Nội dung nhiệm vụ | Cơ quan chủ trì | Cơ quan
phối hợp | Thời gian hoàn thành" (or "Thời hạn", "Tiến độ", "Sản phẩm"); an appendix schedule does
the same. The columns are known by their headings; each row's task is its ``what``, its lead unit
its ``who``, and its time cell is read with the grammar of ``when``. A cell saying "Thường xuyên",
"Theo yêu cầu" or "Hằng năm" is understood as such, never read as a date; a time range
("Từ 20 giờ 15 phút … ngày 23 tháng 1") is a broadcast or a meeting, not a deadline.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from service.extract.document import Doc
from service.extract.when import FORM, DateForm, Due, clear_recurrence, date_form, resolve
from service.models import Table
from service.text.match import clean_space, locate_cells
from service.text.normalize import fast_fold

_TIME = re.compile(
    r"thoi\s+gian|thoi\s+han|tien\s+do|han\s+(?:hoan\s+thanh|nop|gui|chot)|ngay\s+hoan\s+thanh|"
    r"moc\s+thoi\s+gian|thoi\s+diem"
)
_TIME_END = re.compile(r"hoan\s+thanh|ket\s+thuc|thoi\s+han|\bhan\b")
_TIME_START = re.compile(r"bat\s+dau|khoi\s+cong")
_SUPPORT = re.compile(r"phoi\s+hop")
_PRODUCT = re.compile(r"san\s+pham|ket\s+qua\s+dau\s+ra|hinh\s+thuc")
_TASK = re.compile(
    r"noi\s+dung|nhiem\s+vu|cong\s+viec|hoat\s+dong|ten\s+(?:de\s+an|nhiem\s+vu|van\s+ban)|danh\s+muc"
)
_LEAD = re.compile(
    r"chu\s+tri|thuc\s+hien|trach\s+nhiem|phu\s+trach|duoc\s+giao|dau\s+moi|don\s+vi|co\s+quan|phan\s+cong"
)
_YEAR = re.compile(r"(?<![\d/])((?:19|20)\d\d)(?![\d/])")
_STANDING = re.compile(r"^(?:thuong\s+xuyen|lien\s+tuc|hang\s+ngay|thuong\s+ky)\b")
_ON_REQUEST = re.compile(
    r"theo\s+yeu\s+cau|khi\s+co\s+yeu\s+cau|theo\s+chi\s+dao|dot\s+xuat|khi\s+co\s+van\s+ban"
)
_CLOCK = re.compile(r"\d{1,2}\s*(?:gio|h)\s*\d{0,2}")
_RANGE = re.compile(r"\bden\b|\s[-–]\s|\d\s*[-–]\s*\d")
_ROW_MARK = re.compile(r"^\s*(?:\d{1,3}(?:\.\d{1,2})*|[ivxlc]+|[a-zđ])\s*[.)]?\s*$")
_LEADING_MARK = re.compile(r"^\s*(?:\d{1,3}(?:\.\d{1,2})*\s*[.)]|[a-zđ]\)|[-+•])\s*")
_TO_WHOM = re.compile(
    r"(?:gui|bao\s+cao|trinh)\s+(?:ve\s+)?(?P<to>(?:bo|so|ubnd|uy\s+ban\s+nhan\s+dan|van\s+phong|phong|ban|"
    r"lanh\s+dao|chu\s+tich|hdnd|hoi\s+dong)\b[^,.;:()\n]{0,80})"
)


@dataclass(frozen=True)
class Columns:
    """Which column of a task table holds what; ``year`` is one its time heading names."""

    header_rows: int
    time: int
    task: int | None = None
    lead: int | None = None
    support: int | None = None
    product: int | None = None
    year: int | None = None


@dataclass(frozen=True)
class TaskRow:
    """One row of a task table: its duty, lead and support units, where it goes, its time cell."""

    what: str
    lead: str
    support: str
    to_whom: str
    time_text: str


def find_task_tables(doc: Doc) -> list[tuple[Table, Columns, tuple[int, int] | None]]:
    """The document's task tables, each with its columns and where its cells stand in the text."""
    found: list[tuple[Table, Columns, tuple[int, int] | None]] = []
    cursor = 0
    last_page = 0  # the page the last task table found ends on
    for table in doc.tables:
        columns = task_columns(table)
        goes_on = columns is None and bool(found) and _continues(found[-1][0], last_page, table)
        if columns is None and not goes_on:
            continue
        span = locate_cells(doc.text, [list(row) for row in table.rows], cursor)
        if span is None and doc.text:
            continue  # not in this document's text: a second document in the same file
        if span:
            cursor = span[1]
        last_page = table.page
        if goes_on:
            # the rest of a task table on the next page, without its heading row: one table
            previous, columns, before = found.pop()
            table = _join_pages(previous, table)
            span = (before[0], span[1]) if before and span else before or span
        assert columns is not None
        found.append((table, columns, span))
    return found


def _continues(previous: Table, its_last_page: int, table: Table) -> bool:
    """A table that goes on from the previous one: the next page, as many columns."""
    return table.page == its_last_page + 1 and table.width == previous.width


def _join_pages(previous: Table, rest: Table) -> Table:
    """A table and its rest on the next page as one. A first row without its number (or first
    cell) is the end of the row the page broke: its cells are joined to that row's."""
    rows, more = list(previous.rows), list(rest.rows)
    broken = bool(more and rows and not more[0][0].strip())
    if broken:
        rows[-1] = tuple("\n".join(x for x in (a, b) if x.strip()) for a, b in zip(rows[-1], more.pop(0)))
    shift = len(previous.rows) - broken
    merged = [(r + shift, c, h, w) for r, c, h, w in rest.merged if not (broken and r == 0)]
    return dataclasses.replace(
        previous, rows=tuple(rows) + tuple(more), merged=previous.merged + tuple(merged)
    )


def task_columns(table: Table) -> Columns | None:
    """The columns of a task table from its heading rows; None if it is not one (a time column and
    a task or lead column are needed)."""
    if len(table.rows) < 2 or table.width < 2:
        return None
    for header_rows in (1, 2):
        if len(table.rows) <= header_rows:
            break
        heads = [
            fast_fold(" ".join(cell_text(table, r, c) for r in range(header_rows)))
            for c in range(table.width)
        ]
        columns = _roles(heads, header_rows)
        if columns is not None and (header_rows == 2 or not _is_heading_row(table, 1)):
            return columns
    return None


def _roles(heads: list[str], header_rows: int) -> Columns | None:
    roles: dict[str, int] = {}
    times = []
    for c, head in enumerate(heads):
        if not head.strip() or len(head) > 120:
            continue
        if _SUPPORT.search(head):
            roles.setdefault("support", c)
        elif _TIME.search(head):
            times.append(c)
        elif _PRODUCT.search(head):
            roles.setdefault("product", c)
        elif _TASK.search(head):
            roles.setdefault("task", c)
        elif _LEAD.search(head):
            roles.setdefault("lead", c)
    if not times or not ("task" in roles or "lead" in roles or "product" in roles):
        return None
    ends = [c for c in times if _TIME_END.search(heads[c]) and not _TIME_START.search(heads[c])]
    time = ends[-1] if ends else times[-1]
    year = _YEAR.search(heads[time])
    return Columns(header_rows, time, year=int(year.group(1)) if year else None, **roles)


def _is_heading_row(table: Table, r: int) -> bool:
    """A second heading row ("Bắt đầu | Hoàn thành" under a merged "Thời gian")."""
    cells = [fast_fold(c) for c in table.rows[r] if c.strip()]
    return bool(cells) and not any(_ROW_MARK.match(c) for c in cells[:1]) and all(len(c) < 40 for c in cells)


def cell_text(table: Table, r: int, c: int) -> str:
    """A cell's text; a position a merged cell covers gives the merged cell's text."""
    text = table.rows[r][c]
    if text:
        return text
    for top, left, rows, cols in table.merged:
        if top <= r < top + rows and left <= c < left + cols:
            return table.rows[top][left]
    return ""


def row_candidates(
    table: Table, columns: Columns, anchor: date | None, *, exact: bool
) -> Iterator[tuple[date | None, str | None, dict | None, float, TaskRow]]:
    """(date, recurrence, rule, confidence, row) for each task row with a time cell."""
    for r in range(columns.header_rows, len(table.rows)):
        time_text = clean_space(cell_text(table, r, columns.time))
        what = _cell(table, r, columns.task) or _cell(table, r, columns.product)
        lead = _cell(table, r, columns.lead)
        if not time_text or not what or (not lead and _is_section(table, r, columns)):
            continue
        due = cell_due(time_text, anchor, exact=exact, year=columns.year)
        if due is None:
            continue
        to = _TO_WHOM.search(fast_fold(what))
        to_whom = clean_space(what[to.start("to") : to.end("to")]) if to else ""
        row = TaskRow(what, lead, _cell(table, r, columns.support), to_whom, time_text)
        yield due.date, due.recurrence, due.rule, 0.8, row


def _cell(table: Table, r: int, c: int | None) -> str:
    return _LEADING_MARK.sub("", clean_space(cell_text(table, r, c))) if c is not None else ""


def _is_section(table: Table, r: int, columns: Columns) -> bool:
    """A row that only heads a group of tasks ("I | Nhiệm vụ chung" across the table)."""
    own = [c for c in table.rows[r] if c.strip()]
    return len(own) <= 2 and not table.rows[r][columns.time].strip()


def cell_due(text: str, anchor: date | None, *, exact: bool, year: int | None = None) -> Due | None:
    """What a task table's time cell says: a date, a recurring rule, a standing or on-request duty;
    None for a time range (an event) or a start."""
    f = fast_fold(text)
    if _STANDING.search(f):
        return Due(None, None, {"standing": True})
    if _ON_REQUEST.search(f):
        return Due(None, None, {"on_request": True})
    if _CLOCK.search(f) and re.search(r"\btu\b", f):
        return None  # "Từ 20 giờ 15 phút - 20 giờ 45 phút ngày …": a time slot, not a deadline
    forms = [x for x in (date_form(m) for m in FORM.finditer(f)) if x is not None]
    if not forms:
        bare = list(_YEAR.finditer(f))
        forms = [DateForm("year", m.start(), m.end(), year=int(m.group(1))) for m in bare]
    rec = clear_recurrence(f, 0, len(f))
    if not forms:
        return Due(None, rec.kind, None) if rec and rec.kind != "half_yearly" else None
    form = forms[-1] if len(forms) > 1 and _RANGE.search(f[forms[0].end : forms[-1].start]) else forms[0]
    if len(forms) == 1 and re.search(r"\btu\s*$", f[: form.start]):
        return None  # "Từ tháng 01/2026": a start
    if form.year is None and year is not None and rec is None and form.kind != "day_of_month":
        form = DateForm(form.kind, form.start, form.end, form.day, form.month, year, form.quarter, form.half)
    return resolve(form, rec, anchor, exact=exact)
