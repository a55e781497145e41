"""The office's clock everywhere: log lines, the register's and the quarantine's JSON and the
quarantine's sidecar carry the office's offset (`2026-12-05T21:36:58+07:00`) whatever the server's
time zone, and every command writes to the log."""

from __future__ import annotations

import json
import re
import time
from datetime import datetime

import pytest
from click.testing import CliRunner

from service.cli import main
from service.ingest import pipeline
from service.logs import setup_logging
from service.models import iso, office_zone

MOMENT = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00 ")


@pytest.fixture
def utc_server(monkeypatch):
    """The server's own clock set to UTC, as many are: the office's offset must not come from it."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def _cli(rt, *args):
    result = CliRunner().invoke(main, ["--config", str(rt.config.path), *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_iso_carries_the_offset():
    zone = office_zone(7)
    assert iso(datetime(2026, 12, 5, 21, 36, 58), zone) == "2026-12-05T21:36:58+07:00"
    assert iso(datetime(2026, 12, 5).date(), zone) == "2026-12-05"
    assert iso(None, zone) is None


def test_register_and_quarantine_json_and_the_log(office, clock, utc_server):
    clock.current = datetime(2026, 12, 5, 21, 36, 58)
    inbox = office.config.inbox
    (inbox / "cv.txt").write_text("ỦY BAN NHÂN DÂN\nXÃ BẢN BO\nSố: 12/BC-UBND\nBÁO CÁO\n", encoding="utf-8")
    (inbox / "empty.txt").write_bytes(b"")
    assert pipeline.process_file(office, inbox / "cv.txt").status == "registered"
    assert pipeline.process_file(office, inbox / "empty.txt").status == "quarantined"

    [entry] = [json.loads(x) for x in _cli(office, "register", "--json").splitlines()]
    assert entry["arrived_at"] == "2026-12-05T21:36:58+07:00"
    [q] = [json.loads(x) for x in _cli(office, "quarantine", "--json").splitlines()]
    assert q["created_at"] == "2026-12-05T21:36:58+07:00"
    sidecar = next(office.config.quarantine.rglob("*.ly-do.txt")).read_text(encoding="utf-8")
    assert "2026-12-05T21:36:58+07:00" in sidecar

    log = (office.config.logs / "vanthu.log").read_text(encoding="utf-8").splitlines()
    commands = [line for line in log if "code=command" in line]
    assert any("command=register" in line for line in commands)
    assert any("command=quarantine" in line for line in commands)
    # The moment is the real one (the log is not the fake clock's), in the office's offset while the
    # server's zone is UTC.
    assert commands and all(MOMENT.match(line) for line in commands), commands
    stamp = datetime.fromisoformat(commands[-1].split(" ", 1)[0])
    assert abs((stamp - datetime.now(office_zone(7))).total_seconds()) < 120


def test_the_service_log_format(tmp_path, utc_server):
    import logging

    setup_logging(tmp_path, zone=office_zone(7), stderr=False)
    logging.getLogger("vanthu.test").info("code=registered so_den=1/2026")
    logging.getLogger("vanthu").handlers[0].flush()
    [line] = (tmp_path / "vanthu.log").read_text(encoding="utf-8").splitlines()
    assert MOMENT.match(line) and line.endswith("INFO vanthu.test code=registered so_den=1/2026")
    setup_logging(None)


def test_handling_moments_carry_the_offset(office, clock, utc_server):
    """The handling's moments (the document's history in the API, the assignments' moments on the
    command line) and the document's audit trail carry the office's offset."""
    from service.handling import actions
    from service.store import audit
    from service.web import create_app
    from tests.handling.conftest import add_incoming, add_people
    from tests.web.test_handling_pages import as_user

    clock.current = datetime(2026, 12, 5, 21, 36, 58)
    add_people(office)
    doc = add_incoming(office, deadline=None)
    with office.store.write() as conn:
        audit.add_audit(
            conn,
            audit.NewAuditEntry(
                at=office.now(),
                actor="van.thu",
                action="correct_fields",
                object_type="document",
                object_id=doc,
            ),
        )
    with office.store.read() as conn:
        clerk, leader = actions.actor_of(conn, "van.thu"), actions.actor_of(conn, "lanh.dao")
    actions.present(office, clerk, doc, to="lanh.dao")
    clock.advance(hours=3)  # past midnight in Tam Đường, still 5 December in UTC
    actions.direct(
        office, leader, doc, actions.Direction("Giao Phòng Nội vụ chủ trì.", lead="cv.nv", due=None)
    )

    got = as_user(create_app(office, testing=True), "nguoi.xem").get(f"/api/documents/{doc}").get_json()
    assert [(s["code"], s["at"]) for s in got["history"]] == [
        ("presented", "2026-12-05T21:36:58+07:00"),
        ("directed", "2026-12-06T00:36:58+07:00"),
        ("assigned", "2026-12-06T00:36:58+07:00"),
    ]
    assert (
        got["history"][0]["to_user"] == "lanh.dao" and got["history"][2]["detail"]["lead"] == "noi-vu/cv.nv"
    )
    assert [(a["action"], a["at"]) for a in got["audit"]] == [("correct_fields", "2026-12-05T21:36:58+07:00")]
    [part] = [json.loads(x) for x in _cli(office, "assignments", "--json").splitlines()]
    assert part["assigned_at"] == "2026-12-06T00:36:58+07:00"
    assert part["acknowledged_at"] is None and part["done_at"] is None
