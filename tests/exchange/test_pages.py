"""The pages: a received message's attachments and the clerk's refusal; the outgoing register's
statuses per recipient and replies."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from werkzeug.security import generate_password_hash

from service.models import IssuedDocument
from service.store import exchange as xs
from service.store import users as ustore
from service.store.drafts import insert_outgoing
from tests.conftest import register_rows
from tests.exchange.conftest import drop
from tests.exchange.messages import COMMUNE, document_message, header
from tests.web.conftest import PASSWORD, login, post

USERS = {"van.thu": "clerk", "nguoi.xem": "viewer"}


@pytest.fixture
def client(district):
    from service.web import create_app

    with district.store.write() as conn:
        for name, role in USERS.items():
            ustore.add_user(
                conn,
                name,
                generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000"),
                role,
                now=district.now(),
            )
    return create_app(district, testing=True).test_client()


def test_a_received_message_shows_its_signed_pdf_and_can_be_refused(district, client, signed_letter):
    drop(district, "cv.edxml", document_message(header(), {"12-UBND-VP.pdf": signed_letter}))
    doc_id = register_rows(district)[0].id
    assert login(client, "nguoi.xem").status_code == 302
    page = client.get(f"/documents/{doc_id}").get_data(as_text=True)
    assert (
        "Nhận qua liên thông" in page and "12-UBND-VP.pdf" in page and "Từ chối, báo lại nơi gửi" not in page
    )
    pdf = client.get(f"/documents/{doc_id}/attachments/0?view=1")
    assert (pdf.status_code, pdf.mimetype, pdf.data) == (200, "application/pdf", signed_letter)
    assert "sandbox" not in pdf.headers["Content-Security-Policy"]
    assert client.get(f"/documents/{doc_id}/attachments/1").status_code == 404
    assert post(client, f"/documents/{doc_id}/refuse", {"reason": "Gửi nhầm"}).status_code == 403
    client.get("/logout")
    assert login(client, "van.thu").status_code == 302
    assert "Từ chối, báo lại nơi gửi" in client.get(f"/documents/{doc_id}").get_data(as_text=True)
    assert post(client, f"/documents/{doc_id}/refuse", {"reason": "Gửi nhầm cơ quan"}).status_code == 302
    assert register_rows(district)[0].status == "refused"
    with district.store.read() as conn:
        (refusal,) = [m for m in xs.list_journal(conn, "out") if m.status_code == "02"]
    assert refusal.description == "Gửi nhầm cơ quan"


def test_the_outgoing_register_shows_each_recipients_statuses(district, client):
    now = datetime(2026, 3, 2, 9, 0)
    with district.store.write() as conn:
        issued = IssuedDocument(
            outgoing_id=0,
            draft_id=None,  # an entry without a draft
            number=1,
            number_symbol="01/UBND",
            issue_date=date(2026, 3, 2),
            issued_at=now,
            doc_type="Công văn",
            title_summary="Đôn đốc báo cáo",
            signer_name="Nguyễn Văn An",
            recipients=("UBND xã Bản Bo",),
            copies=2,
            docx="",
            pdf="",
            demo_certificate=False,
        )
        oid = insert_outgoing(conn, issued, folder="", docx_sha256="", pdf_sha256="")
        common = dict(peer_code=COMMUNE, peer_name="UBND xã Bản Bo", outgoing_id=oid, created_at=now)
        xs.add_message(
            conn, message_id="m1", direction="out", kind="document", state="sent", sent_at=now, **common
        )
        for i, code in enumerate(("01", "03", "04")):
            xs.add_message(
                conn,
                message_id=f"s{i}",
                direction="in",
                kind="status",
                state="recorded",
                status_code=code,
                event_at=now,
                **common,
            )
    assert login(client, "nguoi.xem").status_code == 302
    page = client.get("/outgoing/").get_data(as_text=True)
    assert "UBND xã Bản Bo: <strong>Đã phân công</strong>" in page
    assert "Đã đến, Đã vào sổ, Đã phân công" in page
