"""The dashboards' counts by role against a reference computed here from the rows themselves, on a
random office (documents presented, directed, done, late; requirements with several periods); and
the register's handling columns in the .xlsx export."""

from __future__ import annotations

import io
import random
import re
from datetime import date, datetime, timedelta

import pytest

from service.handling import actions
from service.models import Requirement
from service.store import handling as hstore
from service.store import handling_views as hviews
from service.store import tracking as tstore
from service.workflow import HandlingState
from tests.handling.conftest import PASSWORD, add_incoming, add_people
from tests.web.conftest import csrf_token

pytestmark = pytest.mark.both_databases
TODAY = datetime(2026, 6, 15, 9, 0)


def tile(html: str, ident: str) -> int:
    m = re.search(rf'id="{ident}">(\d+)<', html)
    assert m, ident
    return int(m.group(1))


def build(office, clock, seed: int):
    """A random office; returns what each role's reference counts need."""
    rng = random.Random(seed)
    clock.current = datetime(2026, 3, 2, 8, 0)
    add_people(office)
    with office.store.read() as conn:
        who = {n: actions.actor_of(conn, n) for n in ("van.thu", "lanh.dao", "pho.ct", "cv.nv", "cv.tp")}
    docs = [add_incoming(office, deadline=None, title=f"Công văn số {i}") for i in range(14)]
    for doc in docs:
        fate = rng.choice(["none", "presented", "returned", "assigned", "done"])
        if fate == "none":
            continue
        actions.present(office, who["van.thu"], doc, to=rng.choice([None, "lanh.dao", "pho.ct"]))
        with office.store.read() as conn:
            to = hstore.get_handling(conn, doc).presented_to or "lanh.dao"
        if fate == "presented":
            continue
        if fate == "returned":
            actions.return_to_clerk(office, who[to], doc, note="Không thuộc thẩm quyền")
            continue
        lead = rng.choice(["cv.nv", "unit:tu-phap", "unit:noi-vu"])
        due = date(2026, 3, 2) + timedelta(days=rng.randint(0, 200))
        actions.direct(office, who[to], doc, actions.Direction("Giao xử lý", lead=lead, due=due))
        if fate == "done":
            with office.store.read() as conn:
                part = hstore.assignments_of(conn, doc)[0]
            actions.mark_done(office, who["cv.tp" if part.unit_id == "tu-phap" else "cv.nv"], part.id)
    with office.store.write() as conn:  # a yearly and a quarterly requirement: earlier periods owed too
        for rec, first in (("yearly", date(2024, 11, 10)), ("quarterly", date(2025, 3, 31))):
            tstore.add_requirement(
                conn,
                Requirement(
                    id=None,
                    source_document_id=None,
                    source_number_symbol=None,
                    what=f"Báo cáo {rec}",
                    recurrence=rec,
                    due_date=first,
                    unit_ids=["ban-bo", "ban-hon", "noi-vu"],
                    confirmed=True,
                ),
                now=clock.current,
            )
    clock.current = TODAY
    return docs


def reference(office, docs):
    """Counts from the rows, without the pages' queries."""
    today = TODAY.date()
    with office.store.read() as conn:
        handled = {d: hstore.get_handling(conn, d) for d in docs}
        parts = {d: hstore.assignments_of(conn, d) for d in docs}
    state = {d: (h.state if h else HandlingState.REGISTERED) for d, h in handled.items()}
    to_present = sum(1 for d in docs if state[d] in (HandlingState.REGISTERED, HandlingState.RETURNED))
    waiting = {
        n: sum(
            1 for d in docs if state[d] is HandlingState.PRESENTED and handled[d].presented_to in (None, n)
        )
        for n in ("lanh.dao", "pho.ct")
    }
    late = sum(1 for d in docs for a in parts[d] if a.role == "lead" and a.is_open and a.due_date < today)
    mine = [
        a
        for d in docs
        for a in parts[d]
        if a.is_open and a.unit_id == "noi-vu" and a.user_name in (None, "cv.nv")
    ]
    # each requirement's current period: yearly → 2025 (10/11/2025), quarterly → 2026-Q1 (31/03/2026)
    current_units = 3 + 3
    return {
        "to_present": to_present,
        "waiting": waiting,
        "late": late,
        "mine": len(mine),
        "mine_late": sum(1 for a in mine if a.due_date < today),
        "mine_soon": sum(1 for a in mine if today <= a.due_date <= today + timedelta(days=7)),
        "current_units": current_units,
        "backlog_units": 3 + 3 * 4,  # 2024; 2025-Q1…Q4
    }


def client_for(app, name):
    c = app.test_client()
    c.post("/login", data={"name": name, "password": PASSWORD, "csrf_token": csrf_token(c)})
    return c


@pytest.mark.parametrize("seed", [1, 2])
def test_dashboard_counts_by_role(office, clock, seed):
    from service.web import create_app

    docs = build(office, clock, seed)
    want = reference(office, docs)
    app = create_app(office, testing=True)
    clerk = client_for(app, "van.thu").get("/").get_data(as_text=True)
    assert tile(clerk, "n-to-present") == want["to_present"]
    assert tile(clerk, "n-overdue-handling") == want["late"]
    assert tile(clerk, "n-overdue-units") == want["current_units"]
    assert tile(clerk, "n-proposed-reqs") == 0 and tile(clerk, "n-quarantine") == 0
    follow = client_for(app, "van.thu").get("/followup/").get_data(as_text=True)  # the follow-up register
    said = re.search(r'id="overdue-handling"[^>]*>(?:<strong>(\d+)</strong> văn bản quá hạn)?', follow)
    assert int(said.group(1) or 0) == want["late"]
    for leader in ("lanh.dao", "pho.ct"):
        html = client_for(app, leader).get("/").get_data(as_text=True)
        assert tile(html, "n-to-direct") == want["waiting"][leader], leader
        assert tile(html, "n-overdue-handling") == want["late"]
        assert tile(html, "n-overdue-units") == want["current_units"]
    officer = client_for(app, "cv.nv").get("/").get_data(as_text=True)
    assert (tile(officer, "n-mine"), tile(officer, "n-mine-overdue"), tile(officer, "n-mine-soon")) == (
        want["mine"],
        want["mine_late"],
        want["mine_soon"],
    )
    backlog = client_for(app, "van.thu").get("/tracking/backlog").get_data(as_text=True)
    assert tile(backlog, "backlog-total") == want["backlog_units"]
    assert f"{want['backlog_units']} lượt đơn vị còn nợ báo cáo các kỳ trước" in clerk


def test_the_register_export_has_the_handling_columns(office, clock):
    from openpyxl import load_workbook

    from service.web import create_app

    clock.current = datetime(2026, 3, 2, 8, 0)
    add_people(office)
    doc = add_incoming(office, deadline=None)
    with office.store.read() as conn:
        clerk, leader, officer = (actions.actor_of(conn, n) for n in ("van.thu", "lanh.dao", "cv.nv"))
    actions.present(office, clerk, doc)
    clock.advance(hours=2)
    actions.direct(office, leader, doc, actions.Direction("Giao", lead="cv.nv", due=date(2026, 3, 20)))
    clock.advance(days=1)
    with office.store.read() as conn:
        part = hstore.assignments_of(conn, doc)[0]
    actions.acknowledge(office, officer, part.id)
    data = client_for(create_app(office, testing=True), "van.thu").get("/incoming/export.xlsx").data
    ws = load_workbook(io.BytesIO(data)).active
    header = [c.value for c in ws[3]]
    row = [c.value for c in ws[4]]
    line = dict(zip(header, row))
    assert line["Đơn vị hoặc người nhận"] == "Phòng Nội vụ (Vàng Thị Mai) chủ trì"
    assert line["Ngày chuyển"] == datetime(2026, 3, 2, 0, 0)  # a date cell
    assert line["Ký nhận"] == "Vàng Thị Mai, 10:00 03/03/2026"


def test_the_offices_own_obligations_past_due(office, clock):
    """A request from the province with its own deadline, registered through the inbox: once the
    deadline passes while nobody has been given it, the văn thư's dashboard says so; presenting it
    does not clear it, assigning it does (then it is the overdue handling's), filing it does."""
    from service.ingest import pipeline
    from service.web import create_app

    clock.current = datetime(2026, 3, 2, 8, 0)
    add_people(office)
    texts = {
        "cv-bao-cao.txt": ("2775/SNV-CCHC", "báo cáo kết quả cải cách hành chính", "10"),
        "cv-de-xuat.txt": ("2776/SNV-TCBC", "đề xuất nhu cầu đào tạo", "12"),
    }
    for name, (number, what, day) in texts.items():
        (office.config.inbox / name).write_text(
            f"UBND TỈNH LAI CHÂU\nSỞ NỘI VỤ\nSố: {number}\nV/v {what}\n"
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nLai Châu, ngày 26 tháng 02 năm 2026\n"
            f"Đề nghị UBND huyện Tam Đường {what} về Sở Nội vụ trước ngày {day}/3/2026.\n",
            encoding="utf-8",
        )
        assert pipeline.process_file(office, office.config.inbox / name).status == "registered"
    app = create_app(office, testing=True)
    assert tile(client_for(app, "van.thu").get("/").get_data(as_text=True), "n-obligations") == 0

    clock.current = datetime(2026, 3, 13, 8, 0)  # both deadlines passed
    page = client_for(app, "van.thu").get("/").get_data(as_text=True)
    assert tile(page, "n-obligations") == 2 and "2775/SNV-CCHC" in page and "10/03/2026" in page
    with office.store.read() as conn:
        clerk, leader = (actions.actor_of(conn, n) for n in ("van.thu", "lanh.dao"))
        first, second = (w[0].document_id for w in hviews.obligations_past_due(conn, clock.current.date())[0])
    actions.present(office, clerk, first, to="lanh.dao")
    assert tile(client_for(app, "van.thu").get("/").get_data(as_text=True), "n-obligations") == 2
    actions.direct(
        office, leader, first, actions.Direction("Giao Phòng Nội vụ", lead="unit:noi-vu", due=None)
    )
    actions.file_document(office, clerk, second, note="Đã trả lời bằng điện thoại")
    page = client_for(app, "van.thu").get("/").get_data(as_text=True)
    assert tile(page, "n-obligations") == 0 and 'id="obligations"' not in page
