"""The page for moving an office in: a folder of earlier papers registered as received then, a register
workbook shown before it is imported; entries without files on the document page and as citations."""

from __future__ import annotations

import io
from datetime import date, datetime

from service.ingest import pipeline
from service.store import documents as docs
from tests.conftest import make_docx
from tests.ingest.archive_docs import report_docx
from tests.ingest.test_register_import import incoming_workbook
from tests.web.conftest import login, post


def _files(*paths) -> list:
    return [(io.BytesIO(p.read_bytes()), f"luu-tru/{p.name}") for p in paths]


def test_a_folder_of_earlier_papers(as_clerk, office, clock, tmp_path):
    clock.current = datetime(2026, 12, 5, 9, 30)
    stamped = report_docx(
        tmp_path / "bo.docx",
        "UBND xã Bản Bo",
        "50/BC-UBND",
        date(2023, 11, 6),
        "Bản Bo",
        stamp=(2770, date(2023, 11, 8)),
    )
    undated = tmp_path / "khong-ngay.txt"
    undated.write_text("UBND XÃ BẢN BO\nBÁO CÁO\nTình hình thực hiện nhiệm vụ\n", encoding="utf-8")
    resp = post(
        as_clerk, "/import/archive", {"files": _files(stamped, undated)}, content_type="multipart/form-data"
    )
    html = resp.get_data(as_text=True)
    assert resp.status_code == 200, html
    assert "Số đến 2770/2023" in html and "archive_no_date" in html and "--arrived" in html
    with office.store.read() as conn:
        [row] = docs.list_register(conn)
    assert (row.year, row.so_den, row.origin, row.file_name) == (2023, 2770, "archive", "bo.docx")
    assert not list((office.config.data / "imports").rglob("*.*"))  # the upload is not kept twice
    # the clerk types the day for the undated one
    resp = post(
        as_clerk,
        "/import/archive",
        {"files": _files(undated), "arrived": "04/05/2023"},
        content_type="multipart/form-data",
    )
    assert "Số đến 2771/2023" in resp.get_data(as_text=True)  # the year's numbering continues


def test_a_register_shown_then_imported_then_cited(as_clerk, office, clock, tmp_path):
    clock.current = datetime(2026, 12, 5, 9, 30)
    book = incoming_workbook(tmp_path / "so-den-2023.xlsx")
    resp = post(
        as_clerk,
        "/import/register",
        {"workbook": (io.BytesIO(book.read_bytes()), book.name)},
        content_type="multipart/form-data",
    )
    html = resp.get_data(as_text=True)
    assert resp.status_code == 200, html
    assert "Sẽ nhập 3 dòng" in html and "Không đọc được 5 dòng" in html
    assert "Ngày đến không đọc được («32/13/2023»)." in html
    with office.store.read() as conn:
        assert docs.list_register(conn) == []  # shown, not imported
    token = html.split('name="token" value="')[1].split('"')[0]
    resp = post(as_clerk, "/import/register/confirm", {"token": token, "name": book.name, "kind": ""})
    assert resp.status_code == 302 and resp.headers["Location"].endswith("/incoming/")
    with office.store.read() as conn:
        rows = {r.number_symbol: r for r in docs.list_register(conn)}
    entry = rows["2282/KH-UBND"]
    page = as_clerk.get(f"/documents/{entry.id}").get_data(as_text=True)
    assert "không có tệp" in page and "Tải bản gốc" not in page

    # A later document citing that plan leads back to its line in the register.
    later = make_docx(
        tmp_path / "cv.docx",
        [
            "ỦY BAN NHÂN DÂN",
            "XÃ BẢN BO",
            "Số: 70/UBND",
            "Bản Bo, ngày 01 tháng 12 năm 2026",
            "V/v triển khai thực hiện",
            "Thực hiện Kế hoạch số 2282/KH-UBND ngày 01/7/2022 của UBND tỉnh Lai Châu, UBND xã báo cáo như sau:",
            "Nơi nhận:",
            "- Lưu: VT.",
        ],
    )
    out = pipeline.process_file(office, _into_inbox(office, later))
    page = as_clerk.get(f"/documents/{out.document_id}").get_data(as_text=True)
    assert f'href="/documents/{entry.id}"' in page and "số đến 2770/2023" in page and "(mục sổ cũ)" in page


def _into_inbox(office, path):
    target = office.config.inbox / path.name
    target.write_bytes(path.read_bytes())
    return target


def test_only_a_clerk_imports(client, office):
    assert login(client, "nguoi.xem").status_code == 302
    assert client.get("/import/").status_code == 403
    assert post(client, "/import/register/confirm", {"token": "0" * 64}).status_code == 403


def test_a_folder_larger_than_a_form_is_taken(as_clerk, office, clock, tmp_path):
    """A folder of scans weighs megabytes: the page's own limit holds, not the 1 MiB of a form (the
    CSRF check reads the body before the view, so the limit must be set before it)."""
    clock.current = datetime(2026, 12, 5, 9, 30)
    heavy = tmp_path / "bao-cao-day.txt"
    line = "Tình hình thực hiện nhiệm vụ giảm nghèo của xã trong năm, các chỉ tiêu đạt được.\n"
    heavy.write_text("UBND XÃ BẢN BO\nBÁO CÁO\n" + line * (1_300_000 // len(line.encode())), encoding="utf-8")
    assert heavy.stat().st_size > 2**20
    resp = post(
        as_clerk,
        "/import/archive",
        {"files": _files(heavy), "arrived": "04/05/2023"},
        content_type="multipart/form-data",
    )
    assert resp.status_code == 200, resp.status_code
    with office.store.read() as conn:
        [row] = docs.list_register(conn)
    assert (row.year, row.file_name) == (2023, "bao-cao-day.txt")
