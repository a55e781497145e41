"""`vanthu present`, `assign`, `assignments --json`, `done`, `register --json` and `user add --unit`."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

import pytest
from click.testing import CliRunner

from service.cli import main
from service.runtime import open_runtime
from tests.conftest import FakeClock, write_office_config
from tests.handling.conftest import add_incoming, add_issued, add_people

pytestmark = pytest.mark.both_databases


@pytest.fixture
def office_path(tmp_path, database_url):
    path = write_office_config(tmp_path / "office", database__url=database_url)
    rt = open_runtime(path, clock=FakeClock(datetime(2026, 3, 2, 8, 30)))
    add_people(rt)
    # the commands run on the real clock: a deadline a month from today
    doc = add_incoming(rt, deadline=date.today() + timedelta(days=30))
    other = add_incoming(rt, deadline=None, title="Giấy mời dự hội nghị")
    add_issued(rt, "15/UBND-NV", document_id=doc)
    rt.store.dispose()
    return path, doc, other


def run(path, *args, ok=True, stdin=None):
    result = CliRunner().invoke(main, ["--config", str(path), *args], input=stdin)
    if ok:
        assert result.exit_code == 0, result.output
    return result


def lines(result):
    return [json.loads(x) for x in result.output.splitlines() if x.strip()]


def test_present_assign_list_and_done(office_path):
    path, doc, other = office_path
    run(path, "present", str(doc), "--to", "lanh.dao")
    out = run(
        path,
        "assign",
        str(doc),
        "--lead",
        "noi-vu",
        "--support",
        "cv.tp",
        "--support",
        "tu-phap",
        "--direction",
        "Phòng Nội vụ chủ trì tham mưu.",
        "--by",
        "lanh.dao",
    )
    assert "Đã giao" in out.output
    run(
        path, "assign", str(other), "--lead", "cv.nv", "--due", "2030-01-31"
    )  # not presented: presented by cli

    rows = lines(run(path, "assignments", "--json"))
    assert {r["role"] for r in rows} == {"lead", "support"} and len(rows) == 3
    first = next(r for r in rows if r["document_id"] == doc and r["role"] == "lead")
    assert first["lead"] == "noi-vu" and first["support"] == ["tu-phap/cv.tp"]
    assert first["direction"] == "Phòng Nội vụ chủ trì tham mưu." and first["status"] == "open"
    assert first["due_date"] is not None  # the document's own deadline less the margin
    keys = {"id", "document_id", "lead", "support", "due_date", "direction", "status"}
    assert all(keys <= set(r) for r in rows)
    mine = lines(run(path, "assignments", "--json", "--unit", "noi-vu"))
    assert {r["unit"] for r in mine} == {"noi-vu"} and len(mine) == 2
    second = next(r for r in mine if r["document_id"] == other)
    assert second["user"] == "cv.nv" and second["due_date"] == "2030-01-31"
    assert second["direction"] == "Giao cv.nv chủ trì giải quyết."

    bad = run(path, "done", str(first["id"]), "--answer", "99/XX", ok=False)
    assert bad.exit_code != 0 and "answer_not_found" in bad.output and "Traceback" not in bad.output
    run(path, "done", str(first["id"]), "--answer", "15/UBND-NV", "--note", "Đã gửi Sở Nội vụ")
    opened = lines(run(path, "assignments", "--json", "--open"))
    assert first["id"] not in {r["id"] for r in opened} and len(opened) == 2
    again = run(path, "done", str(first["id"]), ok=False)
    assert "assignment_closed" in again.output

    reg = {r["id"]: r for r in lines(run(path, "register", "--json"))}
    assert reg[doc]["recipient"] == "Phòng Nội vụ chủ trì; phối hợp: Phòng Tư pháp (Đỗ Minh Tâm)"
    assert reg[doc]["transferred_at"]
    assert reg[doc]["handling_status"] == "done" and reg[doc]["handling_due"]
    assert reg[other]["handling_status"] == "open" and reg[other]["handling_due"] == "2030-01-31"
    assert {"recipient", "transferred_at", "handling_due", "handling_status"} <= set(reg[doc])


def test_done_with_an_answer_file(office_path, tmp_path):
    path, _doc, other = office_path
    run(path, "assign", str(other), "--lead", "cv.nv", "--no-due")
    [part] = lines(run(path, "assignments", "--json", "--unit", "noi-vu"))
    empty = tmp_path / "rong.pdf"
    empty.write_bytes(b"")
    out = run(path, "done", str(part["id"]), "--answer-file", str(empty), ok=False)
    assert "answer_file_empty" in out.output and "Traceback" not in out.output
    answer = tmp_path / "Báo cáo đã gửi.pdf"
    answer.write_bytes(b"%PDF-1.4 the answer")
    out = run(path, "done", str(part["id"]), "--answer-file", str(answer))
    assert "tệp trả lời: Báo cáo đã gửi.pdf" in out.output
    [done] = lines(run(path, "assignments", "--json", "--unit", "noi-vu"))
    assert done["status"] == "done" and done["answer_file"] == "Báo cáo đã gửi.pdf"
    kept = list((path.parent / "data" / "originals").rglob("*.pdf"))
    assert any(p.read_bytes() == b"%PDF-1.4 the answer" for p in kept)
    assert answer.exists()  # the officer's own file is copied, never moved


def test_file_without_presenting(office_path):
    path, _doc, other = office_path
    out = run(path, "file", str(other), "--note", "Văn bản để biết")
    assert "Đã lưu văn bản" in out.output
    reg = {r["id"]: r for r in lines(run(path, "register", "--json"))}
    assert reg[other]["handling_status"] == "filed"
    again = run(path, "file", str(other), ok=False)
    assert "handling_step_refused" in again.output and "Traceback" not in again.output


def test_refused_commands_say_why(office_path):
    path, doc, _other = office_path
    out = run(path, "present", "999", ok=False)
    assert "document_not_found" in out.output and "Traceback" not in out.output
    out = run(path, "assign", str(doc), "--lead", "khong-co", ok=False)
    assert "assignee_unknown" in out.output
    out = run(path, "assign", str(doc), "--lead", "noi-vu", "--by", "van.thu", ok=False)
    assert "handling_forbidden" in out.output


def test_user_add_officer_needs_a_configured_unit(office_path):
    path, _doc, _other = office_path
    out = run(
        path,
        "user",
        "add",
        "cv.moi",
        "--role",
        "officer",
        "--password-stdin",
        stdin="mat-khau-1234\n",
        ok=False,
    )
    assert out.exit_code != 0 and "--unit" in out.output
    out = run(
        path,
        "user",
        "add",
        "cv.moi",
        "--role",
        "officer",
        "--unit",
        "khong-co",
        "--password-stdin",
        stdin="mat-khau-1234\n",
        ok=False,
    )
    assert "khong-co" in out.output
    run(
        path,
        "user",
        "add",
        "cv.moi",
        "--role",
        "officer",
        "--unit",
        "y-te",
        "--unit-head",
        "--email",
        "moi@tamduong.test",
        "--password-stdin",
        stdin="mat-khau-1234\n",
    )
    from service.config import load_config
    from service.store.db import open_store
    from service.store.people import get_person

    store = open_store(load_config(path).database_url)
    with store.read() as conn:
        person = get_person(conn, "cv.moi")
    store.dispose()
    assert (person.role, person.unit_id, person.unit_head, person.email) == (
        "officer",
        "y-te",
        True,
        "moi@tamduong.test",
    )
