"""An office moving in: the sample plan of 2022 and units' reports of November 2023, found in a folder
and registered today with `vanthu ingest --archive`, count as they did then.

The reports are made here: stamped .docx, a stamped text PDF (LibreOffice), a stamped paper scanned
(OCR by tesseract), and reports without a stamp (their own date stands for the arrival)."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest
from click.testing import CliRunner

from service.cli import main
from service.extract.stamp import read_incoming_stamp
from service.ingest import pipeline
from service.ingest.archive import Archive
from service.models import IncomingStamp
from tests.conftest import make_docx, require_tool
from tests.ingest.archive_docs import report_docx, report_pdf, report_scan
from tests.tracking.conftest import sample_text
from tests.tracking.reports import report_text

TODAY = datetime(2026, 12, 5, 9, 30)


def _cli(rt, *args, ok=True) -> str:
    result = CliRunner().invoke(main, ["--config", str(rt.config.path), *args])
    if ok:
        assert result.exit_code == 0, result.output
    return result.output


def _json(rt, *args) -> list[dict]:
    return [json.loads(x) for x in _cli(rt, *args).splitlines() if x.startswith("{")]


@pytest.mark.parametrize(
    "text, number, day",
    [
        ("CV ĐẾN Số: 2770 Ngày: 12/11/2023", 2770, date(2023, 11, 12)),
        ("CV DEN\nSo: 2770\nNgay: 12/11", 2770, date(2023, 11, 12)),  # OCR; the year from the document's
        ("CÔNG VĂN ĐẾN\nSố: 15   Ngày 03/01/2024\nChuyển: Phòng Nội vụ", 15, date(2024, 1, 3)),
        ("Số đến: 2352, ngày 21/11/23", 2352, date(2023, 11, 21)),
        ("VĂN BẢN ĐẾN Số: 88 Ngày: 31/02/2023", 88, None),  # no such day: not invented
        ("CV ĐẾN Số: 2770 Ngày: 01/10/2023", 2770, None),  # before the document's date: a misread
    ],
)
def test_the_stamp_is_read(text, number, day):
    stamp = read_incoming_stamp("UBND XÃ BẢN BO\n" + text + "\nSố: 50/BC-UBND", date(2023, 11, 6))
    assert (stamp.number, stamp.date) == (number, day)


@pytest.mark.parametrize(
    "text",
    [
        "đến ngày 31/3/2025 theo Mẫu số 14 Phụ lục III; số 36 đường Trần Phú.",
        "Số: 904/KH-UBND Tam Đường, ngày 21 tháng 7 năm 2022",
        "Công văn đến hạn mà chưa có báo cáo",
    ],
)
def test_no_stamp_is_invented(text):
    assert read_incoming_stamp(text, date(2023, 11, 6)) is None


def test_extraction_keeps_the_stamp_apart_from_the_number():
    from service.extract import extract_fields

    text = "CV ĐẾN Số: 2770 Ngày: 08/11/2023\n" + report_text(
        "UBND xã Bản Bo", "50/BC-UBND", date(2023, 11, 6), "Bản Bo"
    )
    f = extract_fields(text)
    assert f.number_symbol == "50/BC-UBND" and f.issue_date == date(2023, 11, 6)
    assert f.incoming_stamp == IncomingStamp(2770, date(2023, 11, 8), f.incoming_stamp.text)
    assert f.to_json()["incoming_stamp"]["number"] == 2770


@pytest.mark.slow
def test_the_archive_counts_as_it_did_then(office, clock, tmp_path):
    require_tool("tesseract")
    require_tool("soffice")
    clock.current = TODAY
    folder = tmp_path / "luu-tru"
    folder.mkdir()
    report_docx(
        folder / "a-ban-bo.docx",
        "UBND xã Bản Bo",
        "50/BC-UBND",
        date(2023, 11, 6),
        "Bản Bo",
        stamp=(2770, date(2023, 11, 8)),
    )
    report_pdf(
        folder,
        "b-ban-giang.pdf",
        "UBND xã Bản Giang",
        "41/BC-UBND",
        date(2023, 11, 9),
        "Bản Giang",
        stamp=(2790, date(2023, 11, 13)),
    )
    report_scan(
        folder / "c-ho-thau.pdf",
        "UBND xã Hồ Thầu",
        "52/BC-UBND",
        date(2023, 11, 7),
        "Hồ Thầu",
        stamp=(2771, date(2023, 11, 9)),
    )
    # a stamp whose số đến is already Bản Bo's: the register keeps one number per document
    report_docx(
        folder / "d-noi-vu.docx",
        "Phòng Nội vụ",
        "112/BC-NV",
        date(2023, 11, 8),
        "Tam Đường",
        stamp=(2770, date(2023, 11, 10)),
    )
    # no stamp: the report's own date stands for its arrival
    report_docx(folder / "e-na-tam.docx", "UBND xã Nà Tăm", "19/BC-UBND", date(2023, 11, 7), "Nà Tăm")
    # the plan comes last: its requirement then links the reports registered before it
    (folder / "z-ke-hoach-904.txt").write_text(sample_text(), encoding="utf-8")

    out = _cli(office, "ingest", "--archive", str(folder))
    assert "6 tệp đã đăng ký, 0 tệp không đăng ký được" in out and "a-ban-bo.docx: số đến 2770/2023" in out
    register = {r["file_name"]: r for r in _json(office, "register", "--json")}
    got = {name: (r["year"], r["so_den"], r["arrived_at"][:10]) for name, r in register.items()}
    assert got == {
        "a-ban-bo.docx": (2023, 2770, "2023-11-08"),
        "b-ban-giang.pdf": (2023, 2790, "2023-11-13"),
        "c-ho-thau.pdf": (2023, 2771, "2023-11-09"),
        "d-noi-vu.docx": (2023, 2791, "2023-11-10"),
        "e-na-tam.docx": (2023, 2792, "2023-11-07"),
        "z-ke-hoach-904.txt": (2022, 1, "2022-07-21"),
    }
    assert all(r["origin"] == "archive" for r in register.values())
    assert "2770/2023 trên dấu đã dùng" in register["d-noi-vu.docx"]["note"]
    assert "theo dấu CV đến" in register["c-ho-thau.pdf"]["note"]
    assert "theo ngày văn bản" in register["e-na-tam.docx"]["note"]

    # today's register is untouched: the next document of 2026 is number 1
    (office.config.inbox / "cv.txt").write_text("UBND XÃ BẢN BO\nSố: 70/UBND\nCông văn", encoding="utf-8")
    live = pipeline.process_file(office, office.config.inbox / "cv.txt")
    assert (live.year, live.so_den) == (2026, 1)

    rows = _json(office, "status", "--json", "--at", TODAY.date().isoformat())
    by = {(r["unit_id"], r["period"]): r for r in rows}
    assert {p for _u, p in by} == {"2022", "2023", "2024", "2025"}
    expected_2023 = {
        "ban-bo": "on_time",
        "ho-thau": "on_time",
        "noi-vu": "on_time",
        "na-tam": "on_time",
        "ban-giang": "late",  # stamped 13/11, after the 10th
    }
    for unit in office.config.organisation.units:
        assert by[(unit.id, "2023")]["status"] == expected_2023.get(unit.id, "overdue"), unit.id
        for period in ("2022", "2024", "2025"):
            assert by[(unit.id, period)]["status"] == "overdue", (unit.id, period)
    assert by[("ban-bo", "2023")]["submission_so_den"] == 2770
    assert _json(office, "links", "--json") == []  # every one linked for certain


def test_a_report_found_late_without_the_archive_choice_is_proposed(office, clock, tmp_path):
    clock.current = TODAY
    plan = tmp_path / "ke-hoach.txt"
    plan.write_text(sample_text(), encoding="utf-8")
    assert pipeline.process_external(office, plan, Archive()).status == "registered"
    # Dropped in as if it arrived today, its summary naming no year: its own date (three years
    # back) says 2023, and the gap is why it is only proposed: never dropped.
    lines = report_text("UBND xã Khun Há", "40/BC-UBND", date(2023, 11, 6), "Khun Há").splitlines()
    lines[4] = "Kết quả thực hiện phong trào thi đua chung tay vì người nghèo"
    report = make_docx(tmp_path / "kh.docx", lines)
    assert pipeline.process_external(office, report).status == "registered"
    [link] = _json(office, "links", "--json")
    assert (link["unit_id"], link["period"]) == ("khun-ha", "2023")
    assert "ngày văn bản 06/11/2023 cách ngày đến 1125 ngày" in link["note"]


def test_an_archived_file_without_any_day_is_quarantined_with_the_way_out(office, clock, tmp_path):
    clock.current = TODAY
    f = tmp_path / "khong-ngay.txt"
    f.write_text("UBND XÃ BẢN BO\nBÁO CÁO\nTình hình thực hiện nhiệm vụ\n", encoding="utf-8")
    out = pipeline.process_external(office, f, Archive())
    assert (out.status, out.code) == ("quarantined", "archive_no_date")
    assert "--arrived" in out.message
    assert f.exists()  # the clerk's file stays where it was
    [q] = _json(office, "quarantine", "--json")
    assert q["code"] == "archive_no_date"
    # the clerk gives the day: registered in that day's register
    f2 = tmp_path / "khong-ngay-2.txt"
    f2.write_text("UBND XÃ BẢN BO\nBÁO CÁO\nTình hình thực hiện nhiệm vụ năm 2023\n", encoding="utf-8")
    _cli(office, "ingest", "--archive", "--arrived", "2023-05-04", str(f2))
    [entry] = [r for r in _json(office, "register", "--json") if r["file_name"] == "khong-ngay-2.txt"]
    assert (entry["year"], entry["so_den"], entry["arrived_at"]) == (2023, 1, "2023-05-04T00:00:00+07:00")
    # --arrived is the archive's
    assert "--arrived" in _cli(office, "ingest", "--arrived", "2023-05-04", str(f2), ok=False)


def test_retrying_an_archived_file_keeps_it_in_the_archive(office, clock, tmp_path):
    clock.current = TODAY
    f = tmp_path / "khong-ngay.txt"
    f.write_text("UBND XÃ BẢN BO\nBÁO CÁO\nTình hình thực hiện nhiệm vụ\n", encoding="utf-8")
    pipeline.process_external(office, f, Archive())
    [q] = _json(office, "quarantine", "--json")
    again = pipeline.retry_quarantined(office, q["id"])
    assert (again.status, again.code) == ("quarantined", "archive_no_date")  # not registered as of today
    assert _cli(office, "register", "--json") == ""
