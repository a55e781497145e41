"""The register's .xlsx streams (its first bytes before the lines are read) and its print view
comes in sheaves; what they hold is the register's."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime

import openpyxl
import pytest

from service.web import incoming, xlsx
from service.web.xlsx_stream import column_letter
from tests.web.seed import add_document, seed_office

pytestmark = pytest.mark.both_databases  # tests/conftest.py: on SQLite and on PostgreSQL


def test_the_workbook_starts_before_its_lines_are_read():
    read = []

    def lines():
        for i in range(1, 1201):
            read.append(i)
            yield (datetime(2026, 3, 2, 8, 30), i, "UBND tỉnh", f"{i}/BC", date(2026, 3, 1), "Báo cáo")

    pieces = xlsx.stream_workbook("Sổ đăng ký văn bản đến", "UBND huyện", xlsx.INCOMING_COLUMNS, lines())
    first = next(pieces)
    assert first.startswith(b"PK") and read == []  # the download has begun, no line read yet
    rest = b"".join(pieces)
    assert len(read) == 1200
    ws = openpyxl.load_workbook(io.BytesIO(first + rest)).active
    assert [c.value for c in ws[3]] == list(xlsx.INCOMING_COLUMNS)
    assert ws.max_row == 3 + 1200 and ws.cell(row=1203, column=2).value == 1200


def test_cells_keep_their_kinds_and_text_stays_text():
    data = xlsx.build_workbook(
        "Sổ's ký",
        "UBND <huyện> & xã",
        ["Ngày", "Lúc", "Số", "Tỷ lệ", "Chữ", "Trống"],
        [
            (date(2026, 3, 2), datetime(2026, 3, 2, 14, 5), 7, 0.5, '=HYPERLINK("http://x")', None),
            (date(1999, 12, 31), None, 0, -1.25, "  đầu\x01cuối  \x0b", ""),
        ],
    )
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb.active
    assert ws.title == "Sổ's ký" and ws["A1"].value == "UBND <huyện> & xã" and ws["A2"].value == "SỔ'S KÝ"
    assert ws["A4"].value == datetime(2026, 3, 2) and ws["A4"].number_format == "DD/MM/YYYY"
    assert ws["B4"].value == datetime(2026, 3, 2, 14, 5) and ws["B4"].number_format == "DD/MM/YYYY HH:MM"
    assert (ws["C4"].value, ws["D4"].value, ws["C5"].value, ws["D5"].value) == (7, 0.5, 0, -1.25)
    assert ws["E4"].value == '=HYPERLINK("http://x")' and ws["E4"].data_type == "s"  # never a formula
    assert ws["E5"].value == "  đầucuối  "  # spaces kept, control characters dropped
    assert ws["A5"].value == datetime(1999, 12, 31) and ws["F4"].value is None
    assert ws["A4"].font.name == "Times New Roman" and ws["A4"].border.left.style == "thin"
    assert ws["A3"].font.b and ws.freeze_panes == "A4" and ws.print_title_rows == "$3:$3"
    assert ws.page_setup.orientation == "landscape"
    assert zipfile.ZipFile(io.BytesIO(data)).testzip() is None
    assert [column_letter(i) for i in (1, 26, 27, 52, 53, 702, 703)] == [
        "A",
        "Z",
        "AA",
        "AZ",
        "BA",
        "ZZ",
        "AAA",
    ]


def test_the_register_export_is_sent_as_it_is_made(as_clerk, office):
    seed_office(office)
    resp = as_clerk.get("/incoming/export.xlsx?year=2023", buffered=False)
    assert resp.is_streamed and resp.status_code == 200
    ws = openpyxl.load_workbook(io.BytesIO(b"".join(resp.response))).active
    resp.close()
    assert len(list(ws.iter_rows(min_row=4))) == as_clerk.get("/api/documents?year=2023").get_json()["total"]


def test_a_long_register_prints_in_sheaves(as_clerk, office, monkeypatch):
    seed_office(office)
    for i in range(9):
        add_document(office, title=f"Thông báo số {i}", number_symbol=f"{i + 1}/TB-UBND")
    monkeypatch.setattr(incoming, "PRINT_PAGE", 5)
    total = as_clerk.get("/api/documents").get_json()["total"]
    pages = -(-total // 5)
    seen = []
    for page in range(1, pages + 1):
        html = as_clerk.get(f"/incoming/print?page={page}").get_data(as_text=True)
        rows = html.count("<tr>") - 1
        assert rows == (5 if page < pages else total - 5 * (pages - 1))
        assert (
            f"Tập {page}/{pages}: dòng {5 * (page - 1) + 1}–{5 * (page - 1) + rows} trong {total} dòng"
            in html
        )
        assert ("Tập sau" in html) == (page < pages) and ("Tập trước" in html) == (page > 1)
        seen.append(html)
    assert len(set(seen)) == pages  # each sheaf its own lines
    assert "Tập" not in as_clerk.get("/incoming/print?year=1999").get_data(as_text=True)  # short: one sheaf
