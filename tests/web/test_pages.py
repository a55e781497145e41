"""What the clerk and the leader do on the pages, through the Flask test client on a real SQLite."""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta

import openpyxl
import pytest

from service.store import audit
from service.store import documents as docs
from service.store import quarantine as qstore
from service.store import tracking as tstore
from service.web import xlsx
from tests.web.conftest import login, post
from tests.web.seed import add_document, seed_office

pytestmark = pytest.mark.both_databases  # tests/conftest.py: on SQLite and on PostgreSQL


def _register_ids(client, query: str) -> list[int]:
    data = client.get(f"/api/documents?{query}").get_json()
    return [d["id"] for d in data["documents"]]


def test_search_ignores_accents_and_case_over_the_full_text(as_clerk, office):
    poor = add_document(office, title="Kết quả giảm nghèo", text="BÁO CÁO tình hình giảm NGHÈO năm 2025")
    other = add_document(
        office, title="Giấy mời họp", text="Mời dự họp về công tác văn thư", doc_type="Giấy mời"
    )
    plan = add_document(
        office, title="Kế hoạch", number_symbol="904/KH-UBND", text="Đường giao thông nông thôn"
    )
    for q in ["bao cao ngheo", "BÁO CÁO NGHÈO", "Báo Cáo nghèo", "ngheo"]:
        assert _register_ids(as_clerk, f"q={q}") == [poor.id], q
    assert _register_ids(as_clerk, "q=duong giao thong") == [plan.id]  # đ folds to d
    assert _register_ids(as_clerk, "q=904/KH") == [plan.id]
    assert _register_ids(as_clerk, "q=van thu") == [other.id]
    assert _register_ids(as_clerk, "q=khong+co+dau+nay") == []
    assert sorted(_register_ids(as_clerk, 'q="*)(OR')) == []  # FTS syntax from the user is inert
    html = as_clerk.get("/incoming/?q=bao+cao+ngheo").get_data(as_text=True)
    assert "Kết quả giảm nghèo" in html and "Giấy mời họp" not in html
    # Quotes make a phrase: words next to each other, in order.
    commune = add_document(office, title="Báo cáo của xã Bản Bo", text="UBND xã Bản Bo báo cáo")
    scattered = add_document(
        office,
        title="Ban hành quy chế",
        text="Ban hành quy chế; Bộ Nội vụ hướng dẫn; bổ sung",
        issuer="Phòng Nội vụ",
    )
    assert {commune.id, scattered.id} <= set(_register_ids(as_clerk, "q=ban bo"))
    for q in ['"Bản Bo"', "“ban bo”", '"ban bo" bao cao']:
        found = _register_ids(as_clerk, f"q={q}")
        assert commune.id in found and scattered.id not in found, q


def test_filters_and_pages(as_clerk, office, clock):
    for i in range(60):
        add_document(
            office,
            title=f"Văn bản thứ {i}",
            number_symbol=f"{i}/TB-UBND",
            doc_type="Thông báo" if i % 3 else "Báo cáo",
            issuer="UBND xã Bản Bo" if i % 2 else "Phòng Nội vụ",
            arrived_at=datetime(2025 if i < 20 else 2026, 3, 1, 8, 0) + timedelta(minutes=i),
        )
    data = as_clerk.get("/api/documents?year=2025").get_json()
    assert data["total"] == 20
    data = as_clerk.get("/api/documents?type=Báo cáo&issuer=Phòng Nội vụ").get_json()
    assert data["total"] == 10 and {d["issuer"] for d in data["documents"]} == {"Phòng Nội vụ"}
    page1 = as_clerk.get("/api/documents?per_page=25").get_json()
    page3 = as_clerk.get("/api/documents?per_page=25&page=3").get_json()
    assert page1["total"] == 60 and len(page1["documents"]) == 25 and len(page3["documents"]) == 10
    assert page1["documents"][0]["so_den"] == 40 and page1["documents"][0]["year"] == 2026  # newest first
    html = as_clerk.get("/incoming/?year=2026").get_data(as_text=True)
    assert "<strong>40</strong> văn bản" in html and "page=2" not in html
    html = as_clerk.get("/incoming/?type=Thông báo").get_data(as_text=True)
    assert "<strong>40</strong> văn bản" in html
    html = as_clerk.get("/incoming/?issuer=UBND xã Bản Bo&page=1").get_data(as_text=True)
    assert "<strong>30</strong> văn bản" in html
    html = as_clerk.get("/incoming/").get_data(as_text=True)
    assert "page=2" in html and html.count('<tr><td class="nowrap">') == 50
    assert as_clerk.get("/incoming/?status=registered").status_code == 200


def test_clerk_corrects_fields_and_every_change_is_audited(as_clerk, office, clock):
    doc = add_document(office, title="Trích yếu sai", number_symbol="15/BC-UBND")
    resp = post(
        as_clerk,
        f"/documents/{doc.id}/fields",
        {
            "doc_type": "Báo cáo",
            "number_symbol": "16/BC-UBND",
            "issuer": "UBND xã Bản Bo",
            "title_summary": "Báo cáo tình hình giảm nghèo",
            "issue_date": "05/11/2025",
            "recipient_unit": "Phòng Lao động - TB&XH",
            "note": "Chuyển bản giấy",
        },
    )
    assert resp.status_code == 302
    with office.store.read() as conn:
        row = docs.get_document(conn, doc.id)
        trail = audit.list_audit(conn, "document", doc.id)
    assert (row.number_symbol, row.issue_date, row.recipient_unit) == (
        "16/BC-UBND",
        date(2025, 11, 5),
        "Phòng Lao động - TB&XH",
    )
    fields = docs.document_fields(row)
    assert fields.confidence["number_symbol"] == 1.0
    detail = trail[-1].detail
    assert trail[-1].actor == "van.thu" and trail[-1].action == "correct_fields"
    assert detail["number_symbol"] == {"old": "15/BC-UBND", "new": "16/BC-UBND"}
    assert detail["title_summary"]["old"] == "Trích yếu sai"
    assert set(detail) == {"number_symbol", "title_summary", "issue_date", "recipient_unit", "note"}
    assert _register_ids(as_clerk, "q=tinh hinh giam ngheo") == [doc.id]  # search follows
    page = as_clerk.get(f"/documents/{doc.id}").get_data(as_text=True)
    assert "«15/BC-UBND» → «16/BC-UBND»" in page
    # A bad date is refused with a message, nothing stored, and what the clerk typed is kept on the page.
    resp = post(
        as_clerk,
        f"/documents/{doc.id}/fields",
        {"issue_date": "31/02/2025", "title_summary": "X mới", "number_symbol": "17/BC-UBND"},
    )
    html = resp.get_data(as_text=True)
    assert resp.status_code == 400 and "không có trên lịch" in html and "Chưa lưu" in html
    assert 'value="17/BC-UBND"' in html and ">X mới</textarea>" in html and 'value="31/02/2025"' in html
    with office.store.read() as conn:
        assert docs.get_document(conn, doc.id).title_summary == "Báo cáo tình hình giảm nghèo"
    # A summary too long for the register is refused, not cut short without a word.
    resp = post(as_clerk, f"/documents/{doc.id}/fields", {"title_summary": "Dài " * 800})
    assert resp.status_code == 400 and "quá dài" in resp.get_data(as_text=True)
    # A two-digit year is this century's, not the year 25.
    post(
        as_clerk,
        f"/documents/{doc.id}/fields",
        {
            **{k: "" for k in ("note",)},
            "doc_type": "Báo cáo",
            "number_symbol": "16/BC-UBND",
            "issuer": "UBND xã Bản Bo",
            "title_summary": "Báo cáo tình hình giảm nghèo",
            "issue_date": "6/11/25",
            "recipient_unit": "Phòng Lao động - TB&XH",
            "note": "Chuyển bản giấy",
        },
    )
    with office.store.read() as conn:
        assert docs.get_document(conn, doc.id).issue_date == date(2025, 11, 6)


def _sheet(resp):
    assert resp.status_code == 200
    assert resp.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return openpyxl.load_workbook(io.BytesIO(resp.data)).active


def test_exports_open_with_the_decree_columns(as_clerk, office):
    ids = seed_office(office)
    add_document(office, title='=HYPERLINK("http://x")', number_symbol="=1+1")
    ws = _sheet(as_clerk.get("/incoming/export.xlsx?year=2022"))
    header = [c.value for c in ws[3]]
    assert header == list(xlsx.INCOMING_COLUMNS)
    assert header[:7] == [
        "Ngày đến",
        "Số đến",
        "Tác giả",
        "Số, ký hiệu",
        "Ngày tháng",
        "Tên loại và trích yếu",
        "Đơn vị hoặc người nhận",
    ]
    lines = list(ws.iter_rows(min_row=4, values_only=True))
    assert len(lines) == as_clerk.get("/api/documents?year=2022").get_json()["total"]
    assert lines[0][1] == 1 and lines[0][3] == "904/KH-UBND"
    assert isinstance(lines[0][0], datetime) and lines[0][4] == datetime(2022, 7, 21)  # dates, sortable
    assert ws.cell(row=4, column=5).number_format == "DD/MM/YYYY"
    assert not any(isinstance(v, str) and v.startswith("'") for line in lines for v in line)  # no stray quote
    ws = _sheet(as_clerk.get("/incoming/export.xlsx?q=hyperlink"))
    row = [c.value for c in ws[4]]
    assert row[5].startswith("Báo cáo: =HYPERLINK") and row[3] == "=1+1"
    assert ws.cell(row=4, column=4).data_type == "s"  # text, never a formula
    ws = _sheet(as_clerk.get("/outgoing/export.xlsx"))
    assert [c.value for c in ws[3]] == list(xlsx.OUTGOING_COLUMNS)
    ws = _sheet(as_clerk.get("/followup/export.xlsx"))
    assert [c.value for c in ws[3]] == list(xlsx.FOLLOWUP_COLUMNS)
    assert ws.cell(row=4, column=1).value == 1 and "904/KH-UBND" in ws.cell(row=4, column=2).value
    assert ids["plan"] == 1


def test_print_views_hold_the_register(as_clerk, office):
    seed_office(office)
    html = as_clerk.get("/incoming/print?year=2023").get_data(as_text=True)
    assert "SỔ ĐĂNG KÝ VĂN BẢN ĐẾN NĂM 2023" in html and html.count("<tr>") == 1 + 14
    assert "Ngày chuyển" in html and "Ký nhận" in html  # the decree's columns, filled in by hand
    assert "Chỉ gồm" not in html
    part = as_clerk.get("/incoming/print?year=2023&q=ngheo&type=Báo cáo").get_data(as_text=True)
    assert "Chỉ gồm văn bản có Loại văn bản: Báo cáo; Tìm: «ngheo»" in part  # a partial print says so
    assert "904/KH-UBND" in as_clerk.get("/followup/print").get_data(as_text=True)
    assert as_clerk.get("/outgoing/print").status_code == 200


def test_tracking_matrix_and_a_paper_submission(as_clerk, office, clock):
    clock.current = datetime(2026, 11, 20, 9, 0)
    ids = seed_office(office)
    url = f"/tracking/requirements/{ids['yearly']}"
    html = as_clerk.get(url).get_data(as_text=True)
    assert html.count('class="cell st-overdue"') > 0 and "Năm 2026" in html
    owing = [
        r
        for r in as_clerk.get(f"/api/tracking/{ids['yearly']}").get_json()["statuses"]
        if r["period"] == "2026" and r["status"] == "overdue"
    ]
    unit = owing[0]["unit_id"]
    resp = post(
        as_clerk,
        f"{url}/paper",
        {"unit_id": unit, "period": "2026", "received_on": "19/11/2026", "number_symbol": "99/BC-UBND"},
    )
    assert resp.status_code == 302
    after = {
        (r["unit_id"], r["period"]): r
        for r in as_clerk.get(f"/api/tracking/{ids['yearly']}").get_json()["statuses"]
    }
    assert after[(unit, "2026")]["status"] == "late"
    assert after[(unit, "2026")]["submission_number_symbol"] == "99/BC-UBND"
    refused = {
        "31/02/2026": "không có trên lịch",
        "21/11/2026": "chưa đến",
        "01/01/1890": "Năm 1890",
        "hôm qua": "không phải một ngày",
        "": "Nhập ngày nhận",
    }
    for typed, message in refused.items():  # impossible, future (the clock says 20/11/2026), absurd, blank
        resp = post(
            as_clerk,
            f"{url}/paper",
            {"unit_id": owing[1]["unit_id"], "period": "2026", "received_on": typed},
            follow_redirects=True,
        )
        page = resp.get_data(as_text=True)
        assert message in page, typed
        assert (
            f'value="{owing[1]["unit_id"]}" selected' in page and f'value="{typed}"' in page
        )  # kept as typed
    still = {
        (r["unit_id"], r["period"]): r["status"]
        for r in as_clerk.get(f"/api/tracking/{ids['yearly']}").get_json()["statuses"]
    }
    assert still[(owing[1]["unit_id"], "2026")] == "overdue"  # none of them was recorded
    # A paper entry typed wrong is mended: its day, then the whole entry taken back.
    with office.store.read() as conn:
        paper = next(
            s for s in tstore.list_submissions(conn, ids["yearly"]) if s.unit_id == unit and s.on_paper
        )
    link = f"/tracking/links/{paper.id}"
    assert "Ngày nhận bản giấy" in as_clerk.get(link).get_data(as_text=True)
    post(
        as_clerk,
        link,
        {
            "action": "change",
            "unit_id": unit,
            "period": "2026",
            "received_on": "09/11/2026",
            "requirement_id": ids["yearly"],
        },
    )
    fixed = {
        (r["unit_id"], r["period"]): r
        for r in as_clerk.get(f"/api/tracking/{ids['yearly']}").get_json()["statuses"]
    }
    assert fixed[(unit, "2026")]["status"] == "on_time"  # due 10/11: now on time
    assert "chưa đến" in post(
        as_clerk, link, {"action": "change", "received_on": "30/11/2026"}, follow_redirects=True
    ).get_data(as_text=True)
    post(as_clerk, link, {"action": "reject"})
    gone = {
        (r["unit_id"], r["period"]): r
        for r in as_clerk.get(f"/api/tracking/{ids['yearly']}").get_json()["statuses"]
    }
    assert (
        gone[(unit, "2026")]["status"] == "overdue"
        and gone[(unit, "2026")]["submission_number_symbol"] is None
    )
    # A period the requirement does not have is refused with the tracking's own message.
    resp = post(
        as_clerk,
        f"{url}/paper",
        {"unit_id": unit, "period": "1999", "received_on": "19/11/2026"},
        follow_redirects=True,
    )
    assert "không thuộc yêu cầu" in resp.get_data(as_text=True)


def test_clerk_confirms_rejects_and_changes_proposed_links(as_clerk, office, clock):
    clock.current = datetime(2026, 11, 20, 9, 0)
    ids = seed_office(office)
    with office.store.read() as conn:
        proposed = tstore.list_proposed_links(conn)
    assert proposed
    sub = proposed[0]
    assert "Báo cáo đến chờ xác nhận liên kết" in as_clerk.get("/tracking/").get_data(as_text=True)
    post(
        as_clerk,
        f"/tracking/links/{sub.id}",
        {"action": "change", "period": "2025", "unit_id": ids["communes"][-1]},
    )
    with office.store.read() as conn:
        changed = tstore.get_submission(conn, sub.id)
    assert (changed.state, changed.period, changed.unit_id) == (
        "linked",
        "2025",
        ids["communes"][-1],
    )
    post(as_clerk, f"/tracking/links/{sub.id}", {"action": "reject"})
    with office.store.read() as conn:
        assert tstore.get_submission(conn, sub.id).state == "rejected"
    assert post(as_clerk, f"/tracking/links/{sub.id}", {"action": "explode"}).status_code == 400
    assert (
        post(
            as_clerk, f"/tracking/links/{sub.id}", {"action": "change", "unit_id": "no-such-unit"}
        ).status_code
        == 400
    )


def test_dashboard_shows_today_deadlines_overdue_and_polls_new_arrivals(as_clerk, office, clock):
    clock.current = datetime(2026, 11, 26, 10, 0)
    ids = seed_office(office)
    html = as_clerk.get("/").get_data(as_text=True)
    assert "Báo cáo công tác văn thư, lưu trữ" in html  # due in 5 days
    assert "UBND xã Nùng Nàng" in html or "đơn vị khác" in html  # overdue communes
    data = as_clerk.get("/api/dashboard").get_json()
    assert data["today_count"] == 2 and data["due_soon"][0]["requirement_id"] == ids["soon"]
    assert {u for s in data["overdue"] for u in s["units"]} <= set(ids["communes"])
    latest = max(d["id"] for d in data["arrivals"])
    assert as_clerk.get(f"/api/arrivals?after={latest}").get_json()["arrivals"] == []
    new = add_document(office, title="Văn bản vừa đến", number_symbol="1/TB-UBND")
    polled = as_clerk.get(f"/api/arrivals?after={latest}").get_json()
    assert [d["id"] for d in polled["arrivals"]] == [new.id] and polled["today_count"] == 3


def test_dashboard_follows_tracking_changes_at_once(as_clerk, office, clock):
    clock.current = datetime(2026, 11, 26, 10, 0)
    ids = seed_office(office)
    before = as_clerk.get("/api/dashboard").get_json()
    late = before["overdue"][0]
    unit = late["units"][0]
    post(
        as_clerk,
        f"/tracking/requirements/{late['requirement_id']}/paper",
        {"unit_id": unit, "period": late["period"], "received_on": "26/11/2026"},
    )
    after = as_clerk.get("/api/dashboard").get_json()
    still = [s for s in after["overdue"] if s["period"] == late["period"]]
    assert unit not in still[0]["units"] and len(still[0]["units"]) == len(late["units"]) - 1
    with office.store.write() as conn:
        sub = tstore.list_proposed_links(conn)[0]
    link_page = as_clerk.get(f"/tracking/links/{sub.id}").get_data(as_text=True)
    assert "Sửa đơn vị, kỳ hoặc yêu cầu" in link_page and ids["yearly"] == sub.requirement_id
    clock.advance(days=400)  # a new day: statuses move on without any change in the tables
    assert as_clerk.get("/api/dashboard").get_json()["today"] == "2027-12-31"


def test_quarantine_discard_is_audited(as_clerk, office):
    stored = office.config.quarantine / "abc" / "hong.docx"
    stored.parent.mkdir(parents=True)
    stored.write_bytes(b"PK broken")
    with office.store.write() as conn:
        qid = qstore.add_quarantine(
            conn,
            qstore.NewQuarantine(
                created_at=office.now(),
                file_name="hong.docx",
                stored_path="quarantine/abc/hong.docx",
                sha256="ab" * 32,
                size=9,
                code="corrupt_docx",
                message="Tệp Word bị hỏng",
            ),
        )
    html = as_clerk.get("/quarantine/").get_data(as_text=True)
    assert "hong.docx" in html and "Tệp Word bị hỏng" in html
    resp = as_clerk.get(f"/quarantine/{qid}/file")
    assert resp.data == b"PK broken" and resp.headers["Content-Disposition"].startswith("attachment")
    assert post(as_clerk, f"/quarantine/{qid}/discard").status_code == 302
    with office.store.read() as conn:
        assert qstore.get_quarantine(conn, qid).status == "discarded"
        trail = audit.list_audit(conn, "quarantine", qid)
    assert trail[-1].action == "discard" and trail[-1].actor == "van.thu"
    assert stored.exists()  # discarded, not deleted


def test_quarantine_retry_goes_through_the_pipeline(as_clerk, office):
    stored = office.config.quarantine / "q1" / "ghi-chu.txt"
    stored.parent.mkdir(parents=True)
    stored.write_text("Thông báo lịch họp giao ban tuần.", encoding="utf-8")
    with office.store.write() as conn:
        qid = qstore.add_quarantine(
            conn,
            qstore.NewQuarantine(
                created_at=office.now(),
                file_name="ghi-chu.txt",
                stored_path="quarantine/q1/ghi-chu.txt",
                sha256=None,
                size=10,
                code="internal",
                message="Lỗi nội bộ",
            ),
        )
    resp = post(as_clerk, f"/quarantine/{qid}/retry")
    assert resp.status_code == 302 and "/documents/" in resp.headers["Location"]
    with office.store.read() as conn:
        assert qstore.get_quarantine(conn, qid).status == "retried"


@pytest.mark.parametrize(
    "path",
    [
        "/api/dashboard",
        "/api/documents",
        "/api/tracking",
        "/api/drafts",
        "/api/outgoing",
        "/api/followup",
        "/api/quarantine",
        "/api/me",
    ],
)
def test_api_answers_json_for_a_viewer(client, office, path):
    seed_office(office)
    login(client, "nguoi.xem")
    resp = client.get(path)
    assert resp.status_code == 200 and resp.is_json


def test_cli_user_add_stores_a_hash_and_the_user_can_log_in(office):
    from click.testing import CliRunner

    from service.cli import main
    from service.store import users as ustore
    from service.web import create_app

    runner = CliRunner()
    cfg = str(office.config.path)
    res = runner.invoke(
        main,
        ["--config", cfg, "user", "add", "Nguyễn Thị Hoa", "--role", "leader", "--password-stdin"],
        input="mat-khau-rat-dai\n",
    )
    assert res.exit_code == 0, res.output
    res = runner.invoke(
        main,
        ["--config", cfg, "user", "add", "Nguyễn Thị Hoa", "--role", "leader", "--password-stdin"],
        input="mat-khau-khac-1\n",
    )
    assert res.exit_code != 0  # exists; --update is needed
    res = runner.invoke(
        main, ["--config", cfg, "user", "add", "ngan", "--role", "viewer", "--password-stdin"], input="ngan\n"
    )
    assert res.exit_code != 0  # too short
    res = runner.invoke(
        main,
        ["--config", cfg, "user", "add", "x", "--role", "admin", "--password-stdin"],
        input="mat-khau-rat-dai\n",
    )
    assert res.exit_code != 0
    with office.store.read() as conn:
        user = ustore.get_user_by_name(conn, "Nguyễn Thị Hoa")
    assert user.role == "leader" and "mat-khau-rat-dai" not in user.password_hash
    client = create_app(office, testing=True).test_client()
    assert login(client, "Nguyễn Thị Hoa", "mat-khau-rat-dai").status_code == 302
    assert client.get("/api/me").get_json()["role"] == "leader"
    # A leader's full name is what the signing form offers (never the login name).
    res = runner.invoke(
        main,
        [
            "--config",
            cfg,
            "user",
            "add",
            "lanh.dao2",
            "--role",
            "leader",
            "--password-stdin",
            "--full-name",
            "Lò Văn Pó",
        ],
        input="mat-khau-rat-dai\n",
    )
    assert res.exit_code == 0, res.output
    from service.store import drafts as dstore

    with office.store.write() as conn:
        draft_id = dstore.insert_draft(
            conn,
            dstore.NewDraft(
                kind="reply",
                created_at=office.now(),
                created_by="van.thu",
                requirement_id=None,
                document_id=None,
                period=None,
                context={},
            ),
        )
    leader = create_app(office, testing=True).test_client()
    assert login(leader, "lanh.dao2", "mat-khau-rat-dai").status_code == 302
    assert 'id="signer" name="signer" value="Lò Văn Pó"' in leader.get(f"/drafts/{draft_id}").get_data(
        as_text=True
    )


def test_a_proposed_requirement_is_corrected_or_closed_and_not_counted_before_it_is_confirmed(
    as_clerk, office, clock
):
    from service.models import Requirement

    clock.current = datetime(2026, 11, 20, 9, 0)
    ids = seed_office(office)
    before = as_clerk.get("/api/dashboard").get_json()
    bureaus = [u.id for u in office.config.organisation.units if "co-quan-huyen" in u.groups]
    assert bureaus
    with office.store.write() as conn:  # what the extraction proposed from a province's notice
        wrong = tstore.add_requirement(
            conn,
            Requirement(
                id=None,
                source_document_id=None,
                source_number_symbol=None,
                what="Bao cao tinh hinh t6 chirc",
                due_date=date(2025, 11, 10),
                unit_ids=bureaus,
            ),
            now=clock.current,
            actor="extract",
            proposed=True,
        )
    after = as_clerk.get("/api/dashboard").get_json()
    assert wrong in after["proposed_requirements"]
    assert [s["requirement_id"] for s in after["overdue"]] == [s["requirement_id"] for s in before["overdue"]]
    html = as_clerk.get("/").get_data(as_text=True)
    assert "1 yêu cầu báo cáo do hệ thống đề xuất" in html
    # The clerk corrects the text and the units, then confirms: now it counts.
    url = f"/tracking/requirements/{wrong}"
    resp = post(
        as_clerk,
        f"{url}/edit",
        {
            "what": "Báo cáo tình hình tổ chức thực hiện",
            "to_whom": "Sở Nội vụ",
            "source_number_symbol": "12/TB-UBND",
            "unit_ids": bureaus[:2],
        },
    )
    assert resp.status_code == 302
    with office.store.read() as conn:
        req = tstore.get_requirement(conn, wrong)
        trail = audit.list_audit(conn, "requirement", wrong)
    assert (req.what, req.to_whom, req.source_number_symbol, req.unit_ids) == (
        "Báo cáo tình hình tổ chức thực hiện",
        "Sở Nội vụ",
        "12/TB-UBND",
        bureaus[:2],
    )
    assert trail[-1].actor == "van.thu" and trail[-1].action == "requirement_updated"
    assert "Chọn ít nhất một đơn vị" in post(
        as_clerk, f"{url}/edit", {"what": "X"}, follow_redirects=True
    ).get_data(as_text=True)
    post(as_clerk, f"{url}/confirm", {})
    confirmed = as_clerk.get("/api/dashboard").get_json()
    assert wrong not in confirmed["proposed_requirements"]
    assert any(s["requirement_id"] == wrong for s in confirmed["overdue"])
    # Closed, it is tracked no more, and its page says so.
    assert post(as_clerk, f"{url}/close", {}).status_code == 302
    closed = as_clerk.get("/api/dashboard").get_json()
    assert not any(s["requirement_id"] == wrong for s in closed["overdue"])
    page = as_clerk.get(url).get_data(as_text=True)
    assert "Đã ngừng theo dõi" in page and "/close" not in page
    assert "đã ngừng theo dõi" in post(as_clerk, f"{url}/confirm", {}, follow_redirects=True).get_data(
        as_text=True
    )
    # A document dated in the future is a typing slip.
    doc = add_document(office, title="Văn bản")
    assert "chưa đến" in post(as_clerk, f"/documents/{doc.id}/fields", {"issue_date": "30/11/2027"}).get_data(
        as_text=True
    )
    assert ids["yearly"] != wrong


def test_a_corrected_source_number_reaches_the_requirements_it_gave(as_clerk, office, clock):
    from service.models import Requirement

    clock.current = datetime(2026, 11, 20, 9, 0)
    doc = add_document(office, title="Thông báo kết luận", number_symbol=None, doc_type="Thông báo")
    with office.store.write() as conn:
        req_id = tstore.add_requirement(
            conn,
            Requirement(
                id=None,
                source_document_id=doc.id,
                source_number_symbol=None,
                what="Báo cáo kết quả",
                due_date=date(2026, 12, 10),
                unit_ids=["ban-bo"],
            ),
            now=clock.current,
            actor="extract",
            proposed=True,
        )
    post(
        as_clerk,
        f"/documents/{doc.id}/fields",
        {
            "doc_type": "Thông báo",
            "number_symbol": "1234/TB-VPUBND",
            "title_summary": "Thông báo kết luận",
            "issuer": "UBND xã Bản Bo",
        },
    )
    with office.store.read() as conn:
        assert tstore.get_requirement(conn, req_id).source_number_symbol == "1234/TB-VPUBND"
    assert "1234/TB-VPUBND" in as_clerk.get(f"/tracking/requirements/{req_id}").get_data(as_text=True)
