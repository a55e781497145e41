"""The tracking commands: status, requirements, requirement add|edit|confirm|close, submission record,
links, followup — through click's CliRunner on `vanthu`, on a real SQLite file."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest
from click.testing import CliRunner

from service.cli import main
from service.store.audit import list_audit
from service.store.db import open_store
from tests.conftest import write_office_config
from tests.tracking.conftest import Office, plan_fields, sample_text
from tests.tracking.reports import report_fields, report_text

pytestmark = pytest.mark.both_databases  # tests/conftest.py: on SQLite and on PostgreSQL


@pytest.fixture()
def setup(tmp_path, database_url):
    from service.config import load_config

    path = write_office_config(tmp_path / "office", database__url=database_url)
    cfg = load_config(path)
    store = open_store(cfg.database_url)
    office = Office(cfg, store)
    office.register(datetime(2022, 7, 25, 8), sample_text(), plan_fields())
    text = report_text("UBND xã Bản Bo", "45/BC-UBND", date(2022, 11, 3), "Bản Bo")
    office.register(
        datetime(2022, 11, 4, 9), text, report_fields("UBND xã Bản Bo", "45/BC-UBND", date(2022, 11, 3))
    )
    text = report_text("UBND xã Khun Há", "40/BC-UBND", date(2022, 11, 17), "Khun Há", cite=None)
    office.register(
        datetime(2022, 11, 18, 9),
        text,
        report_fields("UBND xã Khun Há", "40/BC-UBND", date(2022, 11, 17), cite=None),
    )
    yield path, store
    store.dispose()


def run(path, *args, ok=True):
    result = CliRunner().invoke(main, ["--config", str(path), *args])
    if ok:
        assert result.exit_code == 0, result.output
    return result


def lines(result) -> list[dict]:
    return [json.loads(line) for line in result.output.splitlines() if line.strip()]


def test_status_json_and_table(setup):
    path, _store = setup
    rows = lines(run(path, "status", "--json", "--at", "2022-12-01"))
    assert len(rows) == 2 * 27
    keys = {
        "requirement_id",
        "source_number_symbol",
        "period",
        "due_date",
        "unit_id",
        "unit_name",
        "status",
        "submission_so_den",
        "submission_number_symbol",
    }
    assert all(keys <= set(r) for r in rows)
    bo = next(r for r in rows if r["unit_id"] == "ban-bo" and r["period"] == "2022")
    assert (bo["status"], bo["submission_so_den"], bo["submission_number_symbol"]) == (
        "on_time",
        2,
        "45/BC-UBND",
    )
    assert bo["unit_name"] == "UBND xã Bản Bo" and bo["due_date"] == "2022-11-10"
    assert lines(run(path, "status", "--json", "--requirement", "99")) == []
    table = run(path, "status", "--at", "2022-12-01").output
    assert "đúng hạn" in table and "Quá hạn, chưa gửi" in table and "UBND xã Bản Bo" in table
    assert run(path, "status", "--at", "2022-13-01", ok=False).exit_code != 0


def test_requirements_and_their_changes(setup):
    path, store = setup
    [req] = lines(run(path, "requirements", "--json", "--at", "2023-01-01"))
    assert req["due_date"] == "2023-11-10" and req["confirmed"] is False and len(req["unit_ids"]) == 27
    run(path, "requirement", "confirm", str(req["id"]))
    run(path, "requirement", "edit", str(req["id"]), "--units", "ban-bo,noi-vu")
    [req] = lines(run(path, "requirements", "--json", "--at", "2023-01-01"))
    assert req["confirmed"] is True and req["unit_ids"] == ["noi-vu", "ban-bo"]  # the config's order
    table = run(path, "requirements", "--at", "2023-01-01").output
    assert "Hằng năm" in table and "904/KH-UBND" in table and "2023-11-10" in table
    out = run(
        path,
        "requirement",
        "add",
        "--source",
        "15/CV-UBND",
        "--what",
        "Báo cáo quý công tác cải cách",
        "--recurrence",
        "quarterly",
        "--due",
        "2023-03-20",
        "--groups",
        "ubnd-xa",
    ).output
    assert "Đã thêm" in out
    reqs = lines(run(path, "requirements", "--json", "--at", "2023-04-01"))
    new = reqs[-1]
    assert new["recurrence"] == "quarterly" and new["due_date"] == "2023-06-20" and len(new["unit_ids"]) == 14
    assert new["confirmed"] is True
    run(path, "requirement", "close", str(new["id"]))
    assert len(lines(run(path, "requirements", "--json"))) == 1
    assert len(lines(run(path, "requirements", "--json", "--all"))) == 2
    bad = run(path, "requirement", "edit", "999", "--what", "x", ok=False)
    assert bad.exit_code != 0 and "Không có yêu cầu" in bad.output
    bad = run(path, "requirement", "add", "--what", "x", "--due", "2023-01-01", "--units", "nope", ok=False)
    assert bad.exit_code != 0
    with store.read() as conn:
        actions = [a.action for a in list_audit(conn, "requirement")]
    assert actions.count("requirement_updated") == 3 and "requirement_added" in actions


def test_paper_submission_links_and_followup(setup):
    path, _store = setup
    [link] = lines(run(path, "links", "--json"))
    assert link["unit_id"] == "khun-ha" and link["period"] == "2022" and link["so_den"] == 3
    run(path, "links", "--change", str(link["id"]), "--unit", "ban-hon")
    rows = {
        r["unit_id"]: r["status"]
        for r in lines(run(path, "status", "--json", "--at", "2022-12-01"))
        if r["period"] == "2022"
    }
    assert rows["ban-hon"] == "late" and rows["khun-ha"] == "overdue"
    assert run(path, "links", "--change", str(link["id"]), "--unit", "nope", ok=False).exit_code != 0
    run(path, "links", "--reject", str(link["id"]))
    assert lines(run(path, "links", "--json")) == []
    out = run(
        path,
        "submission",
        "record",
        "--requirement",
        "1",
        "--unit",
        "vp",
        "--period",
        "2022",
        "--date",
        "2022-11-12",
        "--number",
        "15/BC-VP",
    ).output
    assert "Đã ghi nhận" in out
    rows = {
        r["unit_id"]: r
        for r in lines(run(path, "status", "--json", "--at", "2022-12-01"))
        if r["period"] == "2022"
    }
    assert rows["vp"]["status"] == "late" and rows["vp"]["submission_number_symbol"] == "15/BC-VP"
    assert rows["vp"]["submission_so_den"] is None  # on paper: no số đến of its own
    assert rows["khun-ha"]["status"] == "overdue"
    bad = run(
        path,
        "submission",
        "record",
        "--requirement",
        "1",
        "--unit",
        "vp",
        "--period",
        "2031",
        "--date",
        "2022-11-12",
        ok=False,
    )
    assert bad.exit_code != 0 and "Kỳ" in bad.output
    [fu] = [r for r in lines(run(path, "followup", "--json", "--at", "2022-12-01")) if r["requirement_id"]]
    assert fu["so_den"] == 1 and fu["number_symbol"] == "904/KH-UBND" and fu["deadline"] == "2023-11-10"
    assert fu["progress"].startswith("Kỳ 2022: 2/27 đơn vị đã gửi")
    table = run(path, "followup", "--at", "2022-12-01").output
    assert "904/KH-UBND" in table and "2023-11-10" in table and "Kỳ 2022: 2/27" in table
