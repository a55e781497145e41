"""Transports: the folder pair, and HTTP against a local fake platform (a real server the test starts):
retries, a message id never delivered twice, the journal of what was sent and acknowledged."""

from __future__ import annotations

from datetime import timedelta

import pytest

from service.exchange.codes import StatusCode
from service.exchange.deliver import fetch_arrivals, send_due
from service.exchange.http import Credentials, HttpTransport
from service.exchange.outgoing import StatusNotice, plan_status_to
from service.exchange.transport import FolderTransport, TransportError
from service.store import exchange as xs
from tests.exchange.messages import DISTRICT, PROVINCE
from tests.exchange.platform import FakePlatform

DOC = f"{PROVINCE},2026/03/02,12/UBND-VP"


@pytest.fixture
def platform():
    p = FakePlatform({"huyen": ("bi-mat", DISTRICT), "tinh": ("khac", PROVINCE)}).start()
    yield p
    p.stop()


def _http(platform, sid="huyen", secret="bi-mat", code=DISTRICT, waits=None):
    return HttpTransport(
        platform.url,
        account=Credentials(sid, secret),
        office_code=code,
        retries=3,
        sleep=(waits.append if waits is not None else lambda s: None),
    )


def _plan(rt, code=StatusCode.REGISTERED):
    with rt.store.write() as conn:
        return plan_status_to(
            conn,
            rt.config,
            StatusNotice(sender=(PROVINCE, "UBND tỉnh"), edxml_document_id=DOC, code=code),
            now=rt.now(),
        )


def _journal(rt):
    with rt.store.read() as conn:
        return xs.list_journal(conn, "out")


def test_a_send_is_tried_again_after_server_errors(platform):
    waits: list[float] = []
    platform.fail_next = [503, 502]
    remote = _http(platform, waits=waits).send("m-1", PROVINCE, b"<edXML/>")
    assert remote == "m-1" and waits == [1.0, 2.0]
    assert [m.id for m in platform.delivered_to(PROVINCE)] == ["m-1"]


def test_a_lost_answer_makes_the_same_id_go_again_and_arrive_once(platform):
    platform.drop_after_store = 1
    _http(platform).send("m-2", PROVINCE, b"<edXML/>")
    (stored,) = platform.delivered_to(PROVINCE)
    assert stored.posts == 2  # sent twice on the wire, one message at the platform


def test_wrong_credentials_are_said_so(platform):
    with pytest.raises(TransportError) as err:
        _http(platform, secret="sai").send("m-3", PROVINCE, b"<edXML/>")
    assert err.value.code == "exchange_auth_failed"


def test_the_journal_keeps_a_failed_message_and_sends_it_once_later(district, platform, clock):
    entry = _plan(district)
    platform.fail_next = [503, 503, 503]
    (result,) = send_due(district, _http(platform))
    assert (result.state, result.transport_failed) == ("pending", True)
    (row,) = _journal(district)
    assert (row.state, row.attempts) == ("pending", 1) and "503" in row.last_error
    assert row.next_try_at == clock() + timedelta(seconds=district.config.exchange.poll_seconds * 2)
    assert send_due(district, _http(platform)) == []  # not due yet
    clock.advance(minutes=5)
    (result,) = send_due(district, _http(platform))
    assert result.state == "sent"
    (row,) = _journal(district)
    assert (row.state, row.sent_at, row.remote_id, row.attempts) == ("sent", clock(), entry.message_id, 2)
    assert send_due(district, _http(platform)) == []  # never sent twice
    (stored,) = platform.delivered_to(PROVINCE)
    assert stored.posts == 1
    assert district.data_path(row.file_path).read_bytes().startswith(b"<?xml")


def test_arrivals_are_fetched_into_the_inbox_once_and_acknowledged(district, platform):
    province = _http(platform, "tinh", "khac", PROVINCE)
    province.send("from-province", DISTRICT, b"<edXML>1</edXML>")
    names = fetch_arrivals(district, _http(platform))
    assert names == ["from-province.edxml"]
    assert (district.config.inbox / "from-province.edxml").read_bytes() == b"<edXML>1</edXML>"
    assert platform.messages["from-province"].status == "done"
    platform.messages["from-province"].status = "initial"  # the acknowledgement was lost
    assert fetch_arrivals(district, _http(platform)) == []  # journaled: not put in the inbox twice
    assert platform.messages["from-province"].status == "done"


def test_the_folder_pair(district):
    transport = FolderTransport(district.config.exchange.folder)
    entry = _plan(district)
    (result,) = send_due(district, transport)
    assert result.state == "sent"
    out = district.config.exchange.folder / "out" / f"{entry.message_id}.edxml"
    assert out.read_bytes() == district.data_path(_journal(district)[0].file_path).read_bytes()
    incoming = district.config.exchange.folder / "in"
    (incoming / "a.edxml").write_bytes(b"<edXML>a</edXML>")
    (incoming / ".b.edxml.part").write_bytes(b"half")  # still being written by the connector
    assert fetch_arrivals(district, transport) == ["a.edxml"]
    assert sorted(p.name for p in incoming.iterdir()) == [".b.edxml.part"]
    assert (district.config.inbox / "a.edxml").read_bytes() == b"<edXML>a</edXML>"
