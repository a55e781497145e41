"""The handling pages through Flask's test client: every new action refused (403) for the roles and
people it is not theirs, done for those it is; the document page shows the history; "Văn bản của tôi"."""

from __future__ import annotations

from datetime import datetime

import pytest

from service.store import handling as hstore
from tests.handling.conftest import PASSWORD, add_incoming, add_issued, add_people
from tests.web.conftest import csrf_token

pytestmark = pytest.mark.both_databases


@pytest.fixture
def app(office, clock):
    from datetime import date

    from service.web import create_app

    clock.current = datetime(2026, 3, 2, 8, 30)
    add_people(office)
    office.doc_id = add_incoming(office, deadline=date(2026, 3, 13))
    return create_app(office, testing=True)


def as_user(app, name):
    client = app.test_client()
    token = csrf_token(client)
    resp = client.post("/login", data={"name": name, "password": PASSWORD, "csrf_token": token})
    assert resp.status_code == 302, name
    return client


def post(client, path, data=None):
    data = dict(data or {})
    data["csrf_token"] = csrf_token(client, "/")
    return client.post(path, data=data)


def test_each_step_only_for_its_people(app, office):
    doc = office.doc_id
    clients = {
        n: as_user(app, n)
        for n in ("van.thu", "lanh.dao", "pho.ct", "cv.nv", "cv.nv2", "truong.nv", "cv.tp", "nguoi.xem")
    }

    def refused(path, data, *names):
        for n in names:
            assert post(clients[n], path, data).status_code == 403, (path, n)

    present = f"/documents/{doc}/present"
    refused(present, {"to": "lanh.dao"}, "lanh.dao", "cv.nv", "nguoi.xem")
    assert post(clients["van.thu"], present, {"to": "lanh.dao"}).status_code == 302

    direct = f"/documents/{doc}/direct"
    data = {
        "direction": "Giao Phòng Nội vụ chủ trì.",
        "lead": "unit:noi-vu",
        "support": ["user:cv.tp"],
        "due": "2026-03-11",
    }
    refused(direct, data, "van.thu", "cv.nv", "nguoi.xem", "pho.ct")  # pho.ct: presented to lanh.dao
    refused(f"/documents/{doc}/return", {"note": "x"}, "van.thu", "cv.nv", "nguoi.xem", "pho.ct")
    refused(f"/documents/{doc}/forward", {"to": "pho.ct"}, "van.thu", "cv.nv", "nguoi.xem", "pho.ct")
    assert post(clients["lanh.dao"], direct, data).status_code == 302
    with office.store.read() as conn:
        lead, support = hstore.assignments_of(conn, doc)

    for action, extra in (
        ("acknowledge", {}),
        ("progress", {"text": "x"}),
        ("done", {}),
        ("reassign", {"to_user": "cv.nv"}),
    ):
        refused(f"/assignments/{lead.id}/{action}", extra, "van.thu", "lanh.dao", "nguoi.xem", "cv.tp")
    refused(f"/assignments/{lead.id}/reassign", {"to_user": "cv.nv"}, "cv.nv")  # not the unit's head
    refused(f"/assignments/{support.id}/progress", {"text": "x"}, "cv.nv", "truong.nv")  # another unit's
    refused(f"/assignments/{lead.id}/reply", {}, "van.thu", "lanh.dao", "cv.tp", "nguoi.xem")
    assert (
        post(clients["truong.nv"], f"/assignments/{lead.id}/reassign", {"to_user": "cv.nv"}).status_code
        == 302
    )
    refused(f"/assignments/{lead.id}/progress", {"text": "x"}, "cv.nv2")  # now given to cv.nv
    assert (
        post(clients["cv.nv"], f"/assignments/{lead.id}/progress", {"text": "Đang tổng hợp"}).status_code
        == 302
    )
    add_issued(office, "15/UBND-NV", document_id=doc)
    assert post(clients["cv.nv"], f"/assignments/{lead.id}/done", {"answer": "15/UBND-NV"}).status_code == 302
    assert post(clients["cv.nv"], "/assignments/999/done", {}).status_code == 404

    page = clients["nguoi.xem"].get(f"/documents/{doc}").get_data(as_text=True)
    for words in (
        "Quá trình xử lý",
        "Trình lãnh đạo",
        "Ý kiến chỉ đạo",
        "Giao xử lý",
        "Giao lại trong đơn vị",
        "Ký nhận",
        "Đang tổng hợp",
        "Hoàn thành",
        "15/UBND-NV",
        "Đã xử lý xong",
        "Vàng Thị Mai",
    ):
        assert words in page, words
    assert 'id="direct-form"' not in page and "Báo cáo hoàn thành" not in page  # a viewer gets no form


def test_a_refused_value_is_said_on_the_page(app, office):
    clerk, leader = as_user(app, "van.thu"), as_user(app, "lanh.dao")
    doc = office.doc_id
    post(clerk, f"/documents/{doc}/present", {})
    resp = post(leader, f"/documents/{doc}/direct", {"direction": "Giao", "lead": "unit:khong-co"})
    assert resp.status_code == 302
    page = leader.get(f"/documents/{doc}").get_data(as_text=True)
    assert "không phải đơn vị trong cấu hình" in page and 'id="direct-form"' in page
    resp = post(
        leader, f"/documents/{doc}/direct", {"direction": "Giao", "lead": "unit:noi-vu", "due": "31/02/2026"}
    )
    assert "không có trên lịch" in leader.get(f"/documents/{doc}").get_data(as_text=True)


def test_my_documents_by_role(app, office):
    doc = office.doc_id
    clerk = as_user(app, "van.thu")
    assert "Văn bản chờ trình (1)" in clerk.get("/my/").get_data(as_text=True)
    post(clerk, f"/documents/{doc}/present", {})
    leader = as_user(app, "pho.ct")
    assert "Văn bản chờ cho ý kiến (1)" in leader.get("/my/").get_data(as_text=True)
    post(
        leader,
        f"/documents/{doc}/direct",
        {"direction": "Giao Tư pháp", "lead": "unit:tu-phap", "due": "11/03/2026"},
    )
    page = as_user(app, "cv.tp").get("/my/").get_data(as_text=True)
    assert "2775/SNV-CCHC" in page and "Giao Tư pháp" in page and "11/03/2026" in page
    assert "Chưa có văn bản nào được giao" in as_user(app, "cv.nv").get("/my/").get_data(as_text=True)


def test_filing_without_presenting(app, office):
    doc = office.doc_id
    clerk = as_user(app, "van.thu")
    assert 'id="file-form"' in clerk.get(f"/documents/{doc}").get_data(as_text=True)
    for name in ("lanh.dao", "cv.nv", "nguoi.xem"):
        assert post(as_user(app, name), f"/documents/{doc}/file", {}).status_code == 403, name
    assert post(clerk, f"/documents/{doc}/file", {"note": "Văn bản để biết"}).status_code == 302
    page = clerk.get(f"/documents/{doc}").get_data(as_text=True)
    assert "Đã lưu, không trình" in page and "Văn bản để biết" in page and 'id="file-form"' not in page
    assert 'id="present-form"' in page  # it may still be presented
    mine = clerk.get("/my/").get_data(as_text=True)
    assert "Văn bản chờ trình (0)" in mine and f"/documents/{doc}#handling" not in mine
