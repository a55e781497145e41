"""Crashes of the exchange: `vanthu exchange send` killed with SIGKILL at the moments the fake platform
sees (a message stored but its answer not yet sent; a message's content about to go out; an
acknowledgement about to be applied), then run again; and an issuance whose follower never ran.

Each kill is aimed at a moment the platform holds, never at a sleep. Afterwards the office's message is
at the platform once (a repeated send is the same id), the journal says sent once, and the province's
message is in the inbox once and acknowledged.
"""

from __future__ import annotations

import os
import signal
import subprocess
from datetime import datetime

import pytest

from service.exchange.codes import StatusCode
from service.exchange.http import Credentials, HttpTransport
from service.exchange.outgoing import StatusNotice, document_message_id, plan_status_to
from service.runtime import open_runtime
from service.store import exchange as xs
from tests.conftest import ROOT, FakeClock, write_office_config
from tests.exchange.conftest import _set_codes, overdue_requirement
from tests.exchange.messages import COMMUNE, DISTRICT, PROVINCE
from tests.exchange.platform import FakePlatform
from tests.ingest.service_proc import VANTHU

pytestmark = pytest.mark.both_databases
DOC = f"{PROVINCE},2026/03/02,12/UBND-VP"
FROM_PROVINCE = b'<?xml version="1.0"?><edXML>from the province</edXML>'


@pytest.fixture
def platform():
    p = FakePlatform({"huyen": ("bi-mat", DISTRICT), "tinh": ("khac", PROVINCE)}).start()
    yield p
    p.stop()


def _office(tmp_path, platform, monkeypatch, database_url, codes: dict[str, str]):
    monkeypatch.setenv("TEST_EXCHANGE_SECRET", "bi-mat")  # the commands below inherit it
    cfg = write_office_config(
        tmp_path,
        database__url=database_url,
        exchange={
            "transport": "http",
            "url": platform.url,
            "client_id": "huyen",
            "secret_env": "TEST_EXCHANGE_SECRET",
        },
    )
    _set_codes(cfg, {"organisation": DISTRICT, **codes})
    return cfg


@pytest.fixture
def office(tmp_path, platform, monkeypatch, database_url):
    return _office(tmp_path, platform, monkeypatch, database_url, {})


def _send(cfg) -> subprocess.Popen:
    # Its own session: the kill takes the whole command, as a power cut would.
    return subprocess.Popen(
        [*VANTHU, "--config", str(cfg), "exchange", "send", "--json"],
        cwd=ROOT,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )


@pytest.mark.parametrize("moment", ["send", "fetch", "ack"])
def test_kill_9_of_a_round_sends_once_and_fetches_once(office, platform, moment):
    rt = open_runtime(office)
    with rt.store.write() as conn:  # the district registered the province's công văn: 03 goes back
        entry = plan_status_to(
            conn,
            rt.config,
            StatusNotice(sender=(PROVINCE, "UBND tỉnh"), edxml_document_id=DOC, code=StatusCode.REGISTERED),
            now=rt.now(),
        )
    assert entry is not None
    province = HttpTransport(platform.url, account=Credentials("tinh", "khac"), office_code=PROVINCE)
    province.send("from-province", DISTRICT, FROM_PROVINCE)

    platform.hold = moment
    proc = _send(office)
    try:
        assert platform.held.wait(timeout=120), proc.communicate()[1].decode()[-2000:]
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    platform.hold = ""
    platform.release.set()
    with rt.store.read() as conn:
        (before,) = xs.list_journal(conn, "out")
    assert before.state == "pending"  # killed before the answer: the journal does not say sent

    again = _send(office)
    _out, err = again.communicate(timeout=300)
    assert again.returncode == 0, err.decode()[-2000:]

    (stored,) = platform.delivered_to(PROVINCE)
    assert stored.id == entry.message_id
    assert stored.posts == (2 if moment == "send" else 1)  # the same id again: one message
    with rt.store.read() as conn:
        (sent,) = xs.list_journal(conn, "out")
        fetched = xs.list_journal(conn, "in")
    assert (sent.message_id, sent.state) == (entry.message_id, "sent")
    assert [(m.kind, m.remote_id) for m in fetched] == [("fetched", "from-province")]
    assert [p.read_bytes() for p in rt.config.inbox.iterdir()] == [FROM_PROVINCE]
    assert platform.messages["from-province"].status == "done"
    rt.store.dispose()


@pytest.fixture
def issuing(tmp_path, converter, monkeypatch, platform, database_url):
    """The district (its commune Bản Bo has a code) on 2 March, with an overdue report to remind of;
    issuing the reminder (LibreOffice, pyHanko) sends it to the commune."""
    from service.drafts import pdf as pdf_module
    from service.drafts.issuance import issue_draft
    from service.drafts.service import create_draft

    monkeypatch.setattr(pdf_module, "_shared", converter)
    cfg = _office(tmp_path, platform, monkeypatch, database_url, {"ban-bo": COMMUNE})
    clock = FakeClock(datetime(2026, 3, 2, 8, 30))
    rt = open_runtime(cfg, clock=clock)

    def issue():
        draft = create_draft(rt, "reminder", requirement_id=overdue_requirement(rt, clock()), actor="clerk")
        return issue_draft(rt, draft.id, signer="Nguyễn Văn An", actor="leader")

    yield rt, clock, issue
    rt.store.dispose()


def _journaled(rt, outgoing_id: int) -> list:
    with rt.store.read() as conn:
        return xs.messages_for_outgoing(conn, [outgoing_id])[outgoing_id]


def test_an_issuance_whose_follower_never_ran_is_sent_by_the_next_round(issuing, platform, monkeypatch):
    """The process ended between the issuance's commit and its follower (no follower ran here): the
    exchange round journals the message and sends it; the follower coming late adds nothing."""
    from service.drafts import issuance
    from service.exchange.issued import on_issued
    from service.exchange.rounds import run_round

    rt, clock, issue = issuing
    monkeypatch.setattr(issuance, "ON_ISSUED_MODULES", ())
    issued = issue()
    assert _journaled(rt, issued.outgoing_id) == [] and platform.delivered_to(COMMUNE) == []

    clock.advance(minutes=1)
    _fetched, sent = run_round(rt)
    wanted = document_message_id(DISTRICT, issued.outgoing_id, COMMUNE)
    assert [(r.message_id, r.to, r.state) for r in sent] == [(wanted, COMMUNE, "sent")]
    on_issued(rt, issued)  # the follower, late: the same id, nothing new
    assert run_round(rt) == ([], [])
    (stored,) = platform.delivered_to(COMMUNE)
    assert (stored.id, stored.posts) == (wanted, 1)
    (journaled,) = _journaled(rt, issued.outgoing_id)
    assert (journaled.kind, journaled.state) == ("document", "sent")


def test_a_platform_away_at_issuance_gets_the_message_at_a_later_round(issuing, platform):
    """The follower's one brief try meets a platform that answers 503: the document is issued all the
    same, its message waits in the journal, and the round after the wait sends it once."""
    from service.exchange.rounds import run_round

    rt, clock, issue = issuing
    platform.fail_next = [503]
    issued = issue()
    (waiting,) = _journaled(rt, issued.outgoing_id)
    assert (waiting.state, waiting.attempts) == ("pending", 1) and "503" in waiting.last_error
    assert platform.delivered_to(COMMUNE) == []
    assert run_round(rt) == ([], [])  # not due yet: it waits poll_seconds × 2
    clock.advance(seconds=rt.config.exchange.poll_seconds * 2)
    _fetched, sent = run_round(rt)
    assert [(r.message_id, r.state) for r in sent] == [(waiting.message_id, "sent")]
    (stored,) = platform.delivered_to(COMMUNE)
    assert (stored.id, stored.posts) == (waiting.message_id, 1)
