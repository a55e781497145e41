"""Requirements fully editable on the pages: added by hand, due date, recurrence, end, units and
groups corrected; refused values said; "chờ xác nhận" in a colour of its own."""

from __future__ import annotations

from datetime import date

import pytest

from service.models import Requirement
from service.store import tracking as tstore
from tests.web.conftest import login, post

pytestmark = pytest.mark.both_databases


def test_add_and_edit_a_requirement(as_clerk, office, client):
    communes = [u.id for u in office.config.organisation.units_in_group("ubnd-xa")]
    resp = post(
        as_clerk,
        "/tracking/requirements/new",
        {
            "what": "Báo cáo tình hình phòng chống thiên tai",
            "to_whom": "Phòng Nông nghiệp và PTNT",
            "due_date": "2026-03-31",
            "recurrence": "quarterly",
            "end_date": "2026-12-31",
            "group_ids": ["ubnd-xa"],
            "unit_ids": ["noi-vu"],
        },
    )
    assert resp.status_code == 302
    with office.store.read() as conn:
        (req,) = tstore.list_requirements(conn)
    assert (req.recurrence, req.due_date, req.end_date, req.confirmed) == (
        "quarterly",
        date(2026, 3, 31),
        date(2026, 12, 31),
        True,
    )
    assert set(req.unit_ids) == {"noi-vu", *communes}

    resp = post(
        as_clerk,
        f"/tracking/requirements/{req.id}/edit",
        {
            "what": req.what,
            "due_date": "15/04/2026",
            "recurrence": "monthly",
            "end_date": "",
            "unit_ids": ["noi-vu", "tu-phap"],
        },
    )
    assert resp.status_code == 302
    with office.store.read() as conn:
        req = tstore.get_requirement(conn, req.id)
    assert (req.recurrence, req.due_date, req.end_date, req.unit_ids) == (
        "monthly",
        date(2026, 4, 15),
        None,
        ["noi-vu", "tu-phap"],
    )

    for bad, words in (
        ({"what": "x", "due_date": "", "unit_ids": ["noi-vu"]}, "Nhập hạn báo cáo"),
        ({"what": "x", "due_date": "31/02/2026", "unit_ids": ["noi-vu"]}, "không có trên lịch"),
        ({"what": "x", "due_date": "2026-05-01"}, "Chọn ít nhất một đơn vị"),
        (
            {
                "what": "x",
                "due_date": "2026-05-01",
                "recurrence": "yearly",
                "end_date": "2026-01-01",
                "unit_ids": ["noi-vu"],
            },
            "kết thúc",
        ),
    ):
        post(as_clerk, f"/tracking/requirements/{req.id}/edit", bad)
        page = as_clerk.get(f"/tracking/requirements/{req.id}").get_data(as_text=True)
        assert words.lower() in page.lower(), words
    assert (
        post(
            as_clerk,
            "/tracking/requirements/new",
            {"what": "x", "recurrence": "daily", "due_date": "2026-05-01", "unit_ids": ["noi-vu"]},
        ).status_code
        == 400
    )


def test_only_the_clerk_and_the_proposed_colour(app, office):
    with office.store.write() as conn:
        tstore.add_requirement(
            conn,
            Requirement(
                id=None,
                source_document_id=None,
                source_number_symbol=None,
                what="Đề xuất",
                due_date=date(2026, 4, 1),
                unit_ids=["noi-vu"],
            ),
            now=office.now(),
            proposed=True,
        )
    for name in ("lanh.dao", "nguoi.xem"):
        c = app.test_client()
        login(c, name)
        assert (
            post(
                c,
                "/tracking/requirements/new",
                {"what": "x", "due_date": "2026-05-01", "unit_ids": ["noi-vu"]},
            ).status_code
            == 403
        )
        assert (
            post(
                c,
                "/tracking/requirements/1/edit",
                {"what": "x", "due_date": "2026-05-01", "unit_ids": ["noi-vu"]},
            ).status_code
            == 403
        )
    c = app.test_client()
    login(c, "van.thu")
    assert 'class="badge st-proposed">Chờ xác nhận' in c.get("/tracking/").get_data(as_text=True)
