"""The directory of other bodies' agency codes (danh bạ mã định danh) from a CSV. Pure: text in.

The CSV is what an office exports from a spreadsheet: comma, semicolon or tab separated, with or
without a header row; the header names the code and name columns in Vietnamese or English.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from service.exchange.codes import is_agency_code
from service.text import fold, nfc

CODE_HEADERS = {"ma", "ma dinh danh", "ma_dinh_danh", "madinhdanh", "code", "organid", "agency_code"}
NAME_HEADERS = {"ten", "ten co quan", "ten_co_quan", "ten don vi", "name", "organname", "co quan"}


@dataclass(frozen=True)
class DirectoryEntry:
    code: str
    name: str


def decode_csv(data: bytes) -> str:
    """UTF-8 (with or without BOM) as spreadsheets save it, else Vietnamese Windows' code page."""
    for enc in ("utf-8-sig", "cp1258"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", "replace")


def _delimiter(first_line: str) -> str:
    return max((",", ";", "\t"), key=first_line.count)


def parse_directory(text: str) -> tuple[list[DirectoryEntry], list[str]]:
    """The entries, and a Vietnamese sentence for each line refused ("dòng 4: …")."""
    text = nfc(text)
    lines = text.splitlines()
    if not lines:
        return [], ["Tệp danh bạ rỗng."]
    rows = list(csv.reader(io.StringIO(text), delimiter=_delimiter(lines[0])))
    code_col, name_col, start = 0, 1, 0
    header = [fold(c).strip() for c in rows[0]] if rows else []
    if rows and not is_agency_code(rows[0][0].strip() if rows[0] else ""):
        code_col = next((i for i, h in enumerate(header) if h in CODE_HEADERS), -1)
        name_col = next((i for i, h in enumerate(header) if h in NAME_HEADERS), -1)
        if code_col < 0 or name_col < 0:
            return [], ["Dòng tiêu đề phải có cột mã định danh (ma_dinh_danh/code) và cột tên (ten/name)."]
        start = 1
    entries: dict[str, DirectoryEntry] = {}
    problems: list[str] = []
    for n, row in enumerate(rows[start:], start + 1):
        if not any(c.strip() for c in row):
            continue
        code = row[code_col].strip() if code_col < len(row) else ""
        name = " ".join(row[name_col].split()) if name_col < len(row) else ""
        if not is_agency_code(code):
            problems.append(
                f"dòng {n}: mã định danh {code!r} không hợp lệ (tối đa 35 ký tự: chữ in hoa, chữ số, dấu chấm)"
            )
        elif not name:
            problems.append(f"dòng {n}: thiếu tên cơ quan")
        elif code in entries and entries[code].name != name:
            problems.append(f"dòng {n}: mã {code} đã có ở dòng trước với tên khác ({entries[code].name})")
        else:
            entries[code] = DirectoryEntry(code, name)
    return list(entries.values()), problems
