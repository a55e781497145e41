"""The round trip between two offices, each with its own config, database and folders, through a
local fake platform over HTTP: the district issues a công văn to the commune of Bản Bo; the commune
registers it from the message with the same number, date and subject, assigns and answers it; the
district's outgoing register shows the commune's statuses and its reply, linked."""

from __future__ import annotations

import base64
import json
from datetime import date, datetime

import pytest
import yaml
from click.testing import CliRunner

from service.cli import main
from service.drafts import pdf as pdf_module
from service.drafts.issuance import issue_draft
from service.drafts.service import create_draft, edit_draft
from service.exchange.deliver import fetch_arrivals, send_due
from service.exchange.summary import outgoing_exchange
from service.handling import actions
from service.ingest.pipeline import process_file
from service.runtime import open_runtime
from service.store import handling as hstore
from service.store.exchange import messages_for_outgoing, received_entry
from tests.conftest import FakeClock, register_rows, write_office_config
from tests.exchange.conftest import overdue_requirement
from tests.exchange.messages import COMMUNE, DISTRICT
from tests.exchange.platform import FakePlatform

pytestmark = pytest.mark.both_databases


@pytest.fixture
def platform():
    p = FakePlatform({"huyen-td": ("mat-khau-a", DISTRICT), "xa-banbo": ("mat-khau-b", COMMUNE)}).start()
    yield p
    p.stop()


@pytest.fixture
def offices(tmp_path, converter, monkeypatch, platform, database_url, postgres_url_b):
    monkeypatch.setattr(pdf_module, "_shared", converter)
    monkeypatch.setenv("A_EXCHANGE_SECRET", "mat-khau-a")
    monkeypatch.setenv("B_EXCHANGE_SECRET", "mat-khau-b")
    clock = FakeClock(datetime(2026, 3, 2, 8, 30))
    a_cfg = write_office_config(
        tmp_path / "huyen",
        database__url=database_url,
        exchange={
            "transport": "http",
            "url": platform.url,
            "client_id": "huyen-td",
            "secret_env": "A_EXCHANGE_SECRET",
        },
    )
    data = yaml.safe_load(a_cfg.read_text(encoding="utf-8"))
    data["organisation"]["agency_code"] = DISTRICT
    for unit in data["units"]:
        if unit["id"] == "ban-bo":
            unit["agency_code"] = COMMUNE
    a_cfg.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    b_cfg = write_office_config(
        tmp_path / "xa",
        database__url=postgres_url_b,
        organisation={
            "name": "Ủy ban nhân dân xã Bản Bo",
            "short_name": "UBND",
            "display_name": "UBND xã Bản Bo",
            "parent": "Ủy ban nhân dân huyện Tam Đường",
            "place": "Bản Bo",
            "agency_code": COMMUNE,
        },
        groups=[],
        units=[{"id": "van-phong", "name": "Văn phòng HĐND và UBND xã"}],
        exchange={
            "transport": "http",
            "url": platform.url,
            "client_id": "xa-banbo",
            "secret_env": "B_EXCHANGE_SECRET",
        },
    )
    a, b = open_runtime(a_cfg, clock=clock), open_runtime(b_cfg, clock=clock)
    yield a, b, clock
    a.store.dispose()
    b.store.dispose()


@pytest.fixture
def postgres_url_b(request, database_url):
    """The second office's database: SQLite beside it, or its own PostgreSQL database."""
    if database_url:
        return request.getfixturevalue("postgres_server").new_database()
    return ""


def _sent_for(rt, outgoing_id: int) -> list:
    """The document messages journaled for an outgoing entry."""
    with rt.store.read() as conn:
        return [m for m in messages_for_outgoing(conn, [outgoing_id])[outgoing_id] if m.kind == "document"]


def _take_in(rt) -> list:
    """The exchange round's fetch, then the intake of what it put in the inbox."""
    names = fetch_arrivals(rt)
    return [process_file(rt, rt.config.inbox / n) for n in names]


def test_a_cong_van_goes_to_the_commune_and_its_statuses_and_reply_come_back(offices, platform):
    a, b, clock = offices
    # The district asks Bản Bo for a report due on 20 February; on 2 March it is overdue.
    req_id = overdue_requirement(a, clock())
    draft = create_draft(a, "reminder", requirement_id=req_id, actor="clerk")
    issued = issue_draft(a, draft.id, signer="Nguyễn Văn An", actor="leader")
    # the issuance's follower (service.exchange.issued) sent it at once
    assert [(m.peer_code, m.state) for m in _sent_for(a, issued.outgoing_id)] == [(COMMUNE, "sent")]
    (sent,) = platform.delivered_to(COMMUNE)

    # The commune takes it in: registered from the header, same number, date and subject.
    clock.advance(minutes=20)
    (outcome,) = _take_in(b)
    assert outcome.status == "registered", outcome
    (row,) = register_rows(b)
    assert (row.number_symbol, row.issue_date) == (issued.number_symbol, date(2026, 3, 2))
    with a.store.read() as conn:
        from service.store.drafts import get_outgoing

        out = get_outgoing(conn, issued.outgoing_id)
    assert (
        out is not None
        and row.title_summary == out.title_summary
        and row.issuer == "Ủy ban nhân dân huyện Tam Đường"
    )
    assert json.loads(row.signatures_json)[0]["intact"] is True
    with b.store.read() as conn:
        assert received_entry(conn, row.id).sender_code == DISTRICT
    assert [r.state for r in send_due(b)] == ["sent", "sent"]  # 01 and 03

    # Presented, directed and assigned (issue 14's handling), answered by a reply, done.
    clock.advance(hours=1)
    with b.store.read() as conn:
        operator = actions.actor_of(conn, "cli", operator=True)
    actions.present(b, operator, row.id)
    actions.direct(
        b, operator, row.id, actions.Direction("Giao Văn phòng báo cáo huyện.", lead="unit:van-phong")
    )
    with b.store.read() as conn:
        (lead,) = hstore.assignments_of(conn, row.id)
    reply = create_draft(b, "reply", document_id=row.id, actor="clerk")
    edit_draft(
        b,
        reply.id,
        text="UBND xã Bản Bo báo cáo: đã hoàn thành báo cáo kết quả thực hiện phong trào thi đua năm 2025.",
        actor="clerk",
    )
    clock.advance(hours=1)
    answered = issue_draft(b, reply.id, signer="Lò Văn Minh", actor="leader")
    assert [m.peer_code for m in _sent_for(b, answered.outgoing_id)] == [DISTRICT]
    actions.mark_done(b, operator, lead.id, answer=answered.number_symbol)
    # 04 assigned, 05 being handled (the lead took it up), 06 done: each once
    assert [r.state for r in send_due(b)] == ["sent", "sent", "sent"]

    # Back at the district: the statuses are noted, the reply registered and linked.
    clock.advance(minutes=30)
    outcomes = _take_in(a)
    assert sorted(o.status for o in outcomes) == ["recorded"] * 5 + ["registered"]
    result = CliRunner().invoke(main, ["--config", str(a.config.path), "outgoing", "--json"])
    assert result.exit_code == 0, result.output
    (entry,) = [json.loads(line) for line in result.output.splitlines()]
    (recipient,) = entry["exchange"]["recipients"]
    assert recipient["code"] == COMMUNE and recipient["state"] == "sent"
    assert [s["label"] for s in recipient["statuses"]] == [
        "Đã đến",
        "Đã vào sổ",
        "Đã phân công",
        "Đang xử lý",
        "Hoàn thành",
    ]
    assert recipient["latest"] == "Hoàn thành"
    (linked,) = entry["exchange"]["replies"]
    assert (linked["number_symbol"], linked["issue_date"]) == (answered.number_symbol, "2026-03-02")
    reply_row = next(r for r in register_rows(a) if r.id == linked["document_id"])
    # the commune is one of the district's units: known by its code
    assert (reply_row.issuer, reply_row.sender_unit_id) == ("UBND xã Bản Bo", "ban-bo")
    assert reply_row.number_symbol == answered.number_symbol

    # What the district sent, and what came back, in its journal; the export names the message kept.
    status = CliRunner().invoke(main, ["--config", str(a.config.path), "exchange", "status", "--json"])
    lines = [json.loads(line) for line in status.output.splitlines()]
    mine = next(x for x in lines if x["kind"] == "document")
    assert mine["acknowledged"] and mine["to"] == COMMUNE and len(mine["statuses"]) == 5
    export = CliRunner().invoke(
        main, ["--config", str(a.config.path), "exchange", "export", str(issued.outgoing_id), "--json"]
    )
    assert export.exit_code == 0, export.output
    (path,) = json.loads(export.output)["paths"]
    with open(path, "rb") as fh:
        assert fh.read() == base64.b64decode(sent.content)

    # The district tells the commune it registered the reply: shown against the commune's entry.
    assert [r.state for r in send_due(a)] == ["sent", "sent"]
    assert [o.status for o in _take_in(b)] == ["recorded", "recorded"]
    with b.store.read() as conn:
        (theirs,) = outgoing_exchange(conn, [answered.outgoing_id])[answered.outgoing_id].recipients
    assert (theirs.code, [s.label for s in theirs.statuses]) == (DISTRICT, ["Đã đến", "Đã vào sổ"])
