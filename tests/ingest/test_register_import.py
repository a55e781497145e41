"""An office's registers kept in Excel, imported: odd headers (no marks, other words, another order,
a two-row header under a merged "Văn bản"), merged cells, days typed as text, as dates and as Excel
day numbers; what cannot be read is shown with its row and reason before anything is imported."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import Workbook

from service.cli import main
from service.ingest import pipeline
from service.ingest.register_rows import cell_date, header_field
from service.store.imports import find_registered
from tests.conftest import make_docx
from tests.tracking.reports import report_text

pytestmark = pytest.mark.both_databases  # tests/conftest.py: on SQLite and on PostgreSQL

TODAY = datetime(2026, 12, 5, 9, 30)


def incoming_workbook(path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "Sổ đến 2023"
    ws["A1"] = "SỔ ĐĂNG KÝ VĂN BẢN ĐẾN NĂM 2023"
    ws.merge_cells("A1:I1")
    # Two header rows: single headers merged down, "Văn bản" merged across its three columns.
    for col, title in zip(
        "ABFGHI", ["TRICH YEU NOI DUNG", "SO DEN", "Ngày đến", "Đơn vị/người nhận", "Ghi chú", "Người nhập"]
    ):
        ws[f"{col}3"] = title
        ws.merge_cells(f"{col}3:{col}4")
    ws["C3"] = "Văn bản"
    ws.merge_cells("C3:E3")
    ws["C4"], ws["D4"], ws["E4"] = "Tác giả", "Số/Ký hiệu", "Ngày, tháng"
    for i, col in enumerate("ABCDEFGHI", start=1):
        ws[f"{col}5"] = f"({i})"  # the row of column numbers
    rows = [
        # summary, số đến, issuer, number, date, ngày đến, recipient, note
        (
            "Báo cáo kết quả thực hiện Kế hoạch số 904/KH-UBND năm 2023",
            2768,
            "UBND xã Bản Bo",
            "50/BC-UBND",
            "06/11/2023",
            datetime(2023, 11, 8),
            "Phòng LĐ-TB&XH",
            None,
        ),
        (
            "V/v cập nhật số liệu cải cách hành chính",
            2769,
            "Sở Nội vụ",
            "2775/SNV-CCHC&VTLT",
            "ngày 01 tháng 11 năm 2023",
            None,
            "Phòng Nội vụ",
            "bản giấy",
        ),  # ngày đến merged with the row above
        (
            "Kế hoạch tổ chức thực hiện phong trào thi đua",
            "2770",
            "UBND tỉnh Lai Châu",
            "2282/KH-UBND",
            44743,
            "12-11-23",
            None,
            None,
        ),  # the document's date an Excel day number (01/7/2022)
        ("Giấy mời họp", "abc", "Sở Tư pháp", "12/GM-STP", "10/11/2023", "13/11/2023", None, None),
        ("Công văn đôn đốc", 2772, "Sở Tài chính", "88/STC-QLNS", "10/11/2023", "32/13/2023", None, None),
        ("Thông báo kết luận", 2773, "Văn phòng UBND tỉnh", "90/TB-VPUB", "10/11/2023", None, None, None),
        ("Báo cáo trùng số", "2770", "UBND xã Hồ Thầu", "51/BC-UBND", "09/11/2023", "14/11/2023", None, None),
        (None, None, None, None, None, None, None, None),  # an empty row
        ("Báo cáo ngày sai", 2774, "UBND xã Nà Tăm", "19/BC-UBND", "20/11/2023", "14/11/2023", None, None),
    ]
    for r, (summary, so_den, issuer, number, day, arrived, recipient, note) in enumerate(rows, start=6):
        ws[f"A{r}"], ws[f"B{r}"], ws[f"C{r}"], ws[f"D{r}"] = summary, so_den, issuer, number
        ws[f"E{r}"], ws[f"F{r}"], ws[f"G{r}"], ws[f"H{r}"] = day, arrived, recipient, note
        ws[f"I{r}"] = "Lan" if summary else None
    ws.merge_cells("F6:F7")  # one day of arrival for two documents
    wb.save(path)
    return path


def outgoing_workbook(path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(
        [
            "Ngày tháng văn bản",
            "Số, ký hiệu văn bản",
            "Tên loại và trích yếu nội dung",
            "Người ký",
            "Nơi nhận văn bản",
            "Số lượng bản",
        ]
    )
    ws.append(
        [
            date(2022, 7, 21),
            "904/KH-UBND",
            "Kế hoạch tổ chức thực hiện phong trào thi đua “Tam Đường "
            "chung tay vì người nghèo - Không để ai bị bỏ lại phía sau” giai đoạn 2021-2025",
            "Nguyễn Văn An",
            "Các phòng, ban, ngành huyện; UBND các xã, thị trấn",
            30,
        ]
    )
    ws.append(["25/7/2022", "910/UBND-VP", "V/v triển khai kế hoạch 904", "Nguyễn Văn An", "UBND các xã", 15])
    ws.append(["26/7/2022", "UBND-VP", "V/v không số", None, None, None])
    wb.save(path)
    return path


def _cli(rt, *args, ok=True):
    result = CliRunner().invoke(main, ["--config", str(rt.config.path), *args])
    if ok:
        assert result.exit_code == 0, result.output
    return result.output


def test_headers_by_name_and_fold():
    assert header_field("SO DEN")[0] == "so_den"
    assert header_field("Số/Ký hiệu")[0] == "number_symbol"
    assert header_field("Ngày, tháng")[0] == "issue_date"
    assert header_field("Đơn vị, người nhận bản lưu")[0] == "archive_unit"
    assert header_field("Số lượng bản")[0] == "copies"
    assert header_field("Người nhập") == (None, 0)
    assert cell_date("12-11-23") == date(2023, 11, 12) and cell_date(44743) == date(2022, 7, 1)
    assert cell_date("ngày 01 tháng 11 năm 2023") == date(2023, 11, 1) and cell_date("32/13/2023") is None


def test_an_incoming_register_in_excel(office, clock, tmp_path):
    clock.current = TODAY
    book = incoming_workbook(tmp_path / "so-den-2023.xlsx")

    preview = json.loads(_cli(office, "import-register", "--dry-run", "--json", str(book)))
    assert preview["kind"] == "incoming"
    assert preview["ignored_columns"] == ["Người nhập"]
    assert [(e["row"], e["so_den"], e["arrived_on"]) for e in preview["entries"]] == [
        (6, 2768, "2023-11-08"),
        (7, 2769, "2023-11-08"),
        (8, 2770, "2023-11-12"),
    ]
    assert preview["entries"][2]["issue_date"] == "2022-07-01"
    assert preview["problems"] == [
        {"row": 9, "reason": "Số đến không đọc được («abc»)."},
        {"row": 10, "reason": "Ngày đến không đọc được («32/13/2023»)."},
        {"row": 11, "reason": "Thiếu ngày đến."},
        {"row": 12, "reason": "Trùng số 2770/2023 với dòng 8."},
        {"row": 14, "reason": "Ngày văn bản 20/11/2023 sau ngày đến 14/11/2023."},
    ]
    assert _cli(office, "register", "--json") == ""  # a preview imports nothing

    text = _cli(office, "import-register", "--dry-run", str(book))
    assert "Sẽ nhập 3 dòng" in text and "dòng 10: Ngày đến không đọc được («32/13/2023»)." in text
    refused = CliRunner().invoke(
        main, ["--config", str(office.config.path), "import-register", str(book)], input="n\n"
    )
    assert refused.exit_code == 1 and _cli(office, "register", "--json") == ""

    _cli(office, "import-register", "--yes", str(book))
    register = [json.loads(x) for x in _cli(office, "register", "--json").splitlines()]
    assert [(r["year"], r["so_den"], r["arrived_at"], r["number_symbol"], r["origin"]) for r in register] == [
        (2023, 2768, "2023-11-08T00:00:00+07:00", "50/BC-UBND", "register"),
        (2023, 2769, "2023-11-08T00:00:00+07:00", "2775/SNV-CCHC&VTLT", "register"),
        (2023, 2770, "2023-11-12T00:00:00+07:00", "2282/KH-UBND", "register"),
    ]
    assert register[1]["issue_date"] == "2023-11-01" and register[1]["doc_type"] == "Công văn"
    assert register[2]["doc_type"] == "Kế hoạch" and register[0]["doc_type"] == "Báo cáo"
    assert register[1]["note"].startswith("bản giấy; Nhập từ sổ so-den-2023.xlsx, dòng 7")

    # Again: nothing twice; every row it had is now a number the register holds.
    again = json.loads(_cli(office, "import-register", "--yes", "--json", str(book)))
    assert (
        again["entries"] == []
        and {"row": 6, "reason": "Số đến 2768/2023 đã có trong sổ."} in again["problems"]
    )
    # A document registered later takes the next number of its year; today's register starts at 1.
    (office.config.inbox / "cv.txt").write_text("SỞ NỘI VỤ\nSố: 12/SNV\nCông văn", encoding="utf-8")
    assert pipeline.process_file(office, office.config.inbox / "cv.txt").so_den == 1


def test_an_outgoing_register_that_later_reports_cite(office, clock, tmp_path):
    clock.current = TODAY
    book = outgoing_workbook(tmp_path / "so-di-2022.xlsx")
    preview = json.loads(_cli(office, "import-register", "--dry-run", "--json", str(book)))
    assert preview["kind"] == "outgoing"
    assert preview["problems"] == [{"row": 4, "reason": "Số, ký hiệu không đọc được («UBND-VP»)."}]
    _cli(office, "import-register", "--yes", str(book))
    rows = [json.loads(x) for x in _cli(office, "outgoing", "--json").splitlines()]
    assert [(r["number"], r["number_symbol"], r["date"]) for r in rows] == [
        (904, "904/KH-UBND", "2022-07-21"),
        (910, "910/UBND-VP", "2022-07-25"),
    ]
    assert rows[0]["recipients"] == ["Các phòng, ban, ngành huyện", "UBND các xã, thị trấn"]

    # The clerk tracks the plan's yearly report; a commune's report citing it is linked, and the
    # citation leads back to the plan's line in the outgoing register.
    _cli(
        office,
        "requirement",
        "add",
        "--source",
        "904/KH-UBND",
        "--what",
        "Báo cáo phong trào thi đua",
        "--recurrence",
        "yearly",
        "--due",
        "2022-11-10",
        "--end",
        "2025-12-31",
        "--groups",
        "ubnd-xa",
    )
    report = make_docx(
        tmp_path / "bo.docx",
        report_text("UBND xã Bản Bo", "50/BC-UBND", date(2023, 11, 6), "Bản Bo").splitlines(),
    )
    from service.ingest.archive import Archive

    out = pipeline.process_external(office, report, Archive())
    status = [json.loads(x) for x in _cli(office, "status", "--json", "--at", "2023-11-30").splitlines()]
    assert {(r["unit_id"], r["period"]): r["status"] for r in status}[("ban-bo", "2023")] == "on_time"
    with office.store.read() as conn:
        [ref] = find_registered(conn, "904KH-UBND")  # as OCR spells it
    assert (ref.register, ref.number, ref.year, ref.has_file) == ("outgoing", 904, 2022, False)
    assert out.status == "registered"
