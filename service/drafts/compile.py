"""Compiling what the units reported (tổng hợp số liệu): their tables added up, the numbers stated in
their text aligned by label, their key sentences quoted (``quotes``). Pure: plain data in, plain data out.

Nothing is guessed: a cell that is not a number, a report that could not be read, a total over a
column with a value missing are listed as such (`Compilation.unread`), and a total is written only
where adding makes sense (never percentages, never a row number).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from difflib import SequenceMatcher

from service.drafts.quotes import key_sentences
from service.drafts.wording import format_short_date
from service.text import fold, nfc

MISSING = "…"
_TOTAL_WORDS = ("tong cong", "tong so", "cong", "tong")
_NO_SUM = re.compile(r"^(s?tt|so tt|stt|ma so|ma|ghi chu|don vi tinh|dvt)$")
_PERCENT = re.compile(r"%|ty le|phan tram")


@dataclass(frozen=True)
class UnitReport:
    """One unit's report for the period, as read again: its tables (rows of cells) and its text."""

    unit_id: str
    unit_name: str
    number_symbol: str | None
    dated: date | None  # the report's own date, else the day it was received
    tables: tuple[tuple[tuple[str, ...], ...], ...] = ()
    text: str = ""
    problem: str | None = None  # why it could not be read (then tables and text are empty)

    @property
    def cited(self) -> str:
        """`báo cáo số 15/BC-UBND ngày 13/11/2023` (what is known of it)."""
        out = "Báo cáo"
        if self.number_symbol:
            out += f" số {self.number_symbol}"
        if self.dated:
            out += f" ngày {format_short_date(self.dated)}"
        return out


@dataclass(frozen=True)
class CompiledTable:
    """A table of the draft: its title, header, rows and total row (None where adding makes no sense)."""

    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    total: tuple[str, ...] | None = None

    def to_json(self) -> dict:
        return {
            "title": self.title,
            "header": list(self.header),
            "rows": [list(r) for r in self.rows],
            "total": list(self.total) if self.total else None,
        }


@dataclass(frozen=True)
class Quote:
    unit_name: str
    cited: str
    sentences: tuple[str, ...]


@dataclass
class Compilation:
    tables: list[CompiledTable] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    unread: list[str] = field(default_factory=list)


# --- numbers as Vietnamese documents write them -------------------------------------------------

_NUMBER = re.compile(r"^[+-]?(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?$|^[+-]?\d+\.\d{1,2}$")


def parse_number(cell: str) -> float | None:
    """`1.234` → 1234, `12,5` → 12.5, `1.234,5` → 1234.5, `7` → 7; anything else (text, "-", "…")
    → None. A dot before exactly three digits groups thousands, as Vietnamese documents write."""
    s = nfc(cell).strip().replace(" ", "").replace("\u00a0", "")
    s = s.rstrip("%")
    if not s or not _NUMBER.match(s):
        return None
    if re.fullmatch(r"[+-]?\d+\.\d{1,2}", s):  # 12.5: a decimal point, not a thousands dot
        return float(s)
    return float(s.replace(".", "").replace(",", "."))


def format_number(value: float) -> str:
    """As the report writes it: `1.234`, `12,5`."""
    if abs(value - round(value)) < 1e-9:
        return f"{round(value):,}".replace(",", ".")
    whole, _, frac = f"{value:,.2f}".rstrip("0").partition(".")
    return whole.replace(",", ".") + ("," + frac if frac else "")


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", fold(nfc(text)).lower()).strip(" .:;")


def _is_blank(cell: str) -> bool:
    return not nfc(cell).strip() or nfc(cell).strip() in ("-", "–", "x", "X")


# --- the units' tables ---------------------------------------------------------------------------


def _numbering_row(row) -> bool:
    """The row a form numbers its columns with ("1 2 3 4" or "(1) (2) (3)"): part of the header."""
    values = [c.strip().strip("()") for c in row if c.strip()]
    return len(values) >= 2 and values == [str(n) for n in range(1, len(values) + 1)]


def _header_rows(table) -> int:
    """How many rows head the table: until the first row holding a number in a later column (a row
    numbering the columns belongs to the header)."""
    for i, row in enumerate(table):
        if i > 0 and not _numbering_row(row) and any(parse_number(c) is not None for c in row[1:]):
            return i
    return 1


def _header_labels(table) -> tuple[str, ...]:
    """Each column's heading: its header cells top to bottom ("Số hộ nghèo / Đầu kỳ"). A heading
    merged across columns has its text at its left and "" where it spans: it heads each column below
    it that has a heading of its own."""
    width = len(table[0])
    grid = [
        [nfc(row[i] if i < len(row) else "").strip() for i in range(width)]
        for row in table[: _header_rows(table)]
        if not _numbering_row(row)
    ]
    for k in range(len(grid) - 1):
        for i in range(1, width):
            if not grid[k][i] and grid[k + 1][i]:
                grid[k][i] = grid[k][i - 1]
    return tuple(" / ".join(dict.fromkeys(r[i] for r in grid if r[i])) for i in range(width))


def _is_total_row(row) -> bool:
    return any(_key(c) in _TOTAL_WORDS for c in row[:3])


def _signature(table) -> tuple[str, ...]:
    """The header as compared between units: folded, without spaces or punctuation (OCR joins and
    splits words: "Tên đơnvị")."""
    return tuple(re.sub(r"[\W_]+", "", _key(label)) for label in _header_labels(table))


def _same_header(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """The same form's header, read from a file or through OCR: column by column nearly the same."""
    if len(a) != len(b):
        return False
    return all(x == y or SequenceMatcher(None, x, y).ratio() >= 0.85 for x, y in zip(a, b))


def _label_column(header: tuple[str, ...]) -> int:
    """The column naming the row (the unit, or the indicator): the first that is not a row number."""
    for i, h in enumerate(header):
        if not _NO_SUM.match(_key(h)):
            return i
    return 0


def _summable(header: tuple[str, ...]) -> list[bool]:
    return [not (_NO_SUM.match(_key(h)) or _PERCENT.search(_key(h))) for h in header]


def compile_tables(reports: list[UnitReport], unread: list[str]) -> list[CompiledTable]:
    """Tables with the same header in the units' reports (the form a plan attaches), added up unit by
    unit with a total row. A form filled with one row per unit gives a row per unit; a form of several
    indicators gives each indicator's sum over the units."""
    groups: dict[tuple[str, ...], list[tuple[UnitReport, tuple]]] = {}
    headers: dict[tuple[str, ...], tuple[str, ...]] = {}
    for rep in reports:
        for table in rep.tables:
            if len(table) < 2 or len(table[0]) < 2:
                continue
            sig = _signature(table)
            sig = next((known for known in groups if _same_header(known, sig)), sig)
            groups.setdefault(sig, []).append((rep, table))
            headers.setdefault(sig, _header_labels(table))
    out: list[CompiledTable] = []
    for sig, filled in groups.items():
        if len({rep.unit_id for rep, _ in filled}) < 2 and len(reports) > 1:
            continue  # a table of one unit's own, not the form the units fill in
        out.append(_compile_form(headers[sig], filled, unread, len(out) + 1))
    return out


def _data_rows(table) -> list[tuple[str, ...]]:
    rows = [tuple(r) for r in table[_header_rows(table) :]]
    return [r for r in rows if not _is_total_row(r) and any(not _is_blank(c) for c in r)]


def _value(rep: UnitReport, header, row, col: int, unread: list[str]) -> float | None:
    cell = nfc(row[col] if col < len(row) else "").strip()
    if cell in ("-", "–"):
        return 0.0  # a dash: none, as forms write it
    value = parse_number(cell) if cell else None
    if value is None:
        shown = f"ghi «{cell}», không phải số" if cell else "để trống"
        unread.append(f"{rep.unit_name}: ô «{header[col]}» {shown}")
    return value


def _total(values: list[float | None]) -> str:
    """The sum, or "…" when a value is missing: a total that leaves one out is not written."""
    known = [v for v in values if v is not None]
    return MISSING if len(known) < len(values) else format_number(sum(known))


def _padded(row, width: int) -> list[str]:
    return ([nfc(c).strip() for c in row] + [""] * width)[:width]


def _compile_form(header, filled, unread: list[str], index: int) -> CompiledTable:
    label = _label_column(header)
    columns = [i for i, s in enumerate(_summable(header)) if s and i != label]
    title = f"Bảng {index}. Tổng hợp theo biểu mẫu"
    if not all(len(_data_rows(t)) == 1 for _, t in filled):
        return CompiledTable(title, tuple(header), _indicator_rows(header, filled, unread, label, columns))
    rows: list[tuple[str, ...]] = []
    sums: dict[int, list[float | None]] = {c: [] for c in columns}
    for n, (rep, table) in enumerate(filled, 1):
        row = _data_rows(table)[0]
        cells = _padded(row, len(header))
        cells[label] = rep.unit_name
        if label > 0:
            cells[0] = str(n)
        for col in columns:
            sums[col].append(_value(rep, header, row, col, unread))
        rows.append(tuple(cells))
    total = [""] * len(header)
    total[label] = "Tổng cộng"
    for col, values in sums.items():
        if any(v is None for v in values):
            missing = [rep.unit_name for (rep, _), v in zip(filled, values) if v is None]
            unread.append(f"Tổng cột «{header[col]}» chưa tính được: thiếu số liệu của {', '.join(missing)}")
        total[col] = _total(values)
    return CompiledTable(title, tuple(header), tuple(rows), tuple(total))


def _indicator_rows(header, filled, unread, label: int, columns: list[int]) -> tuple[tuple[str, ...], ...]:
    """A form of several indicators (rows): each indicator's values added over the units."""
    first: dict[str, list[str]] = {}
    values: dict[str, dict[int, list[float | None]]] = {}
    for rep, table in filled:
        for row in _data_rows(table):
            name = _key(row[label]) if label < len(row) else ""
            if name not in first:
                first[name] = _padded(row, len(header))
                values[name] = {c: [] for c in columns}
            for col in columns:
                values[name][col].append(_value(rep, header, row, col, unread))
    rows = []
    for name, cells in first.items():
        for col in columns:
            cells[col] = _total(values[name][col])
        rows.append(tuple(cells))
    return tuple(rows)


# --- numbers stated in the text -------------------------------------------------------------------

# "<label> [là|được|đạt|còn|:] <number> [<measure>]"; the label runs back to the clause's start.
_STATED = re.compile(
    r"(?P<label>[^\n.;:,()]{6,120}?)\s*(?::|\blà\b|\bđạt\b|\bđược\b|\bcòn\b|\bgồm\b)?\s*"
    r"(?<![\d.,/])(?P<number>\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?)\s*"
    r"(?P<measure>%|triệu đồng|tỷ đồng|nghìn đồng|đồng|hộ|người|khẩu|lượt|ha|km|m2|m²|tấn|công trình|"
    r"lớp|trường|xã|thôn|bản|cuộc|buổi|căn|nhà|con|chiếc|cơ sở|doanh nghiệp|hồ sơ|văn bản|đơn vị)?"
    r"(?=[\s.,;)]|$)",
    re.I,
)
_FILLERS = {"la", "duoc", "dat", "con", "gom", "co", "khoang", "gan", "tren", "voi", "la:", "tong so:"}


@dataclass(frozen=True)
class Stated:
    label: str  # as the report writes it
    key: str  # folded, for aligning the units
    value: float
    measure: str


def stated_numbers(text: str) -> list[Stated]:
    """The numbers a report states in its text with what they count."""
    out = []
    for line in nfc(text).splitlines():
        for m in _STATED.finditer(line):
            label = re.sub(r"^(?:[-+•*]|\d+[.)]|[a-zđ][.)])\s*", "", m["label"].strip())
            words = label.split()
            while words and fold(words[-1]).lower() in _FILLERS:
                words.pop()
            words = words[-9:]
            if len(words) < 2 or re.search(r"\b(ngày|tháng|năm|số|quý)$", " ".join(words), re.I):
                continue  # a date, a document number: not a count
            value = parse_number(m["number"])
            if value is None:
                continue
            text_label = " ".join(words)
            out.append(Stated(text_label, _key(text_label), value, (m["measure"] or "").lower()))
    return out


def compile_stated(reports: list[UnitReport], index: int) -> CompiledTable | None:
    """The numbers the units state under the same label, aligned by unit; totals where adding makes
    sense (same measure, not a rate or a percentage)."""
    per_unit = {rep.unit_id: {s.key: s for s in stated_numbers(rep.text)} for rep in reports}
    seen: dict[str, Stated] = {}
    count: dict[str, int] = {}
    for found in per_unit.values():
        for key, s in found.items():
            seen.setdefault(key, s)
            count[key] = count.get(key, 0) + 1
    keys = [k for k in seen if count[k] >= 2]  # a label at least two units state
    if not keys:
        return None
    header = ("TT", "Đơn vị", *(_column_title(seen[k]) for k in keys))
    rows = []
    for n, rep in enumerate(reports, 1):
        found = per_unit[rep.unit_id]
        cells = [format_number(found[k].value) if k in found else "" for k in keys]
        rows.append((str(n), rep.unit_name, *cells))
    total = ["", "Tổng cộng"]
    for k in keys:
        measures = {per_unit[r.unit_id][k].measure for r in reports if k in per_unit[r.unit_id]}
        addable = len(measures) == 1 and "%" not in measures and not _PERCENT.search(k)
        values = [per_unit[r.unit_id][k].value for r in reports if k in per_unit[r.unit_id]]
        total.append(format_number(sum(values)) if addable else "")
    return CompiledTable(
        f"Bảng {index}. Số liệu các đơn vị nêu trong báo cáo", header, tuple(rows), tuple(total)
    )


def _column_title(s: Stated) -> str:
    label = s.label[:1].upper() + s.label[1:]
    return f"{label} ({s.measure})" if s.measure else label


def compile_reports(reports: list[UnitReport]) -> Compilation:
    """Everything the summary says about what the units reported."""
    result = Compilation()
    readable = []
    for rep in reports:
        if rep.problem:
            result.unread.append(f"{rep.unit_name} ({rep.cited}): {rep.problem}")
        else:
            readable.append(rep)
    result.tables = compile_tables(readable, result.unread)
    stated = compile_stated(readable, len(result.tables) + 1)
    if stated is not None:
        result.tables.append(stated)
    for rep in readable:
        sentences = key_sentences(rep.text)
        if sentences:
            result.quotes.append(Quote(rep.unit_name, rep.cited, tuple(sentences)))
        elif not rep.tables:
            result.unread.append(f"{rep.unit_name} ({rep.cited}): không tìm thấy nội dung để trích dẫn")
    return result
