"""The daily digest by e-mail, against a real SMTP server the test starts (aiosmtpd): off by default,
sent from the digest hour to each leader and officer with what is theirs, once a day."""

from __future__ import annotations

import email
from datetime import date, datetime

import pytest

from service.handling import actions, digest
from service.runtime import open_runtime
from tests.conftest import FakeClock, write_office_config
from tests.handling.conftest import add_incoming, add_people


class Mailbox:
    """aiosmtpd's handler: keeps every message it is given."""

    def __init__(self):
        self.messages: list[email.message.Message] = []

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd's hook name
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 OK"


@pytest.fixture
def smtp():
    from aiosmtpd.controller import Controller

    from tests.ingest.service_proc import free_port

    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller, box
    controller.stop()


def office_with(tmp_path, clock, *, port: int, enabled: bool = True):
    path = write_office_config(
        tmp_path / "office",
        email={
            "enabled": enabled,
            "smtp_host": "127.0.0.1",
            "smtp_port": port,
            "sender": "vanthu@tamduong.test",
            "digest_hour": 7,
            "base_url": "http://vanthu.local:8080",
        },
    )
    rt = open_runtime(path, clock=clock)
    add_people(rt)
    return rt


def test_the_digest_goes_once_a_day_to_whom_it_concerns(tmp_path, smtp):
    controller, box = smtp
    clock = FakeClock(datetime(2026, 3, 2, 6, 50))
    rt = office_with(tmp_path, clock, port=controller.port)
    doc = add_incoming(rt, deadline=date(2026, 3, 13))
    other = add_incoming(rt, deadline=None, title="Giấy mời họp giao ban")
    with rt.store.read() as conn:
        clerk, leader = actions.actor_of(conn, "van.thu"), actions.actor_of(conn, "lanh.dao")
    actions.present(rt, clerk, doc, to="lanh.dao")
    actions.direct(
        rt, leader, doc, actions.Direction("Giao Phòng Nội vụ chủ trì.", lead="cv.nv", due=date(2026, 3, 4))
    )
    actions.present(rt, clerk, other, to="lanh.dao")

    assert digest.send_due_digests(rt) == [] and box.messages == []  # before the digest hour
    clock.current = datetime(2026, 3, 2, 7, 0)
    sent = digest.send_due_digests(rt)
    by_to = {m["To"]: m for m in box.messages}
    # the leader (a document waits for a direction) and the officer (a part due in 2 days, not yet
    # signed for); the head of the unit sees the unit's part too; nobody else has anything or an address
    assert set(by_to) == {"an@tamduong.test", "mai@tamduong.test", "binh@tamduong.test"}
    assert {d.user_name for d in sent} == {"lanh.dao", "cv.nv", "truong.nv"}
    lead_mail = by_to["an@tamduong.test"]
    body = lead_mail.get_content()
    assert "Văn bản chờ đồng chí cho ý kiến" in body and "Giấy mời họp giao ban" in body
    assert "Kính gửi Nguyễn Văn An" in body and "http://vanthu.local:8080/documents/" in body
    assert lead_mail["Subject"].startswith("[UBND huyện Tam Đường] Việc cần xử lý ngày 02/03/2026")
    assert lead_mail.get_all("Date") == ["Mon, 02 Mar 2026 07:00:00 +0700"]  # the office's clock and offset
    officer = by_to["mai@tamduong.test"].get_content()
    assert "2775/SNV-CCHC" in officer and "hạn 04/03/2026" in officer and "chủ trì" in officer

    clock.current = datetime(2026, 3, 2, 15, 0)
    assert digest.send_due_digests(rt) == [] and len(box.messages) == 3  # once a day
    clock.current = datetime(2026, 3, 5, 7, 5)  # the part is now late
    digest.send_due_digests(rt)
    late = [m for m in box.messages[3:] if m["To"] == "mai@tamduong.test"]
    assert len(late) == 1 and "QUÁ HẠN" in late[0].get_content() and "1 quá hạn" in late[0]["Subject"]
    rt.store.dispose()


def test_off_by_default_and_a_server_that_is_down_is_said(tmp_path, smtp):
    controller, box = smtp
    clock = FakeClock(datetime(2026, 3, 2, 9, 0))
    rt = office_with(tmp_path / "a", clock, port=controller.port, enabled=False)
    doc = add_incoming(rt, deadline=None)
    with rt.store.read() as conn:
        actions.present(rt, actions.actor_of(conn, "van.thu"), doc, to="lanh.dao")
    assert digest.send_due_digests(rt) == [] and box.messages == []
    assert rt.config.email.enabled is False
    rt.store.dispose()

    from tests.ingest.service_proc import free_port

    rt = office_with(tmp_path / "b", clock, port=free_port())  # nothing listens there
    doc = add_incoming(rt, deadline=None)
    with rt.store.read() as conn:
        actions.present(rt, actions.actor_of(conn, "van.thu"), doc, to="lanh.dao")
    with pytest.raises(digest.DigestError) as err:
        digest.send_due_digests(rt)
    assert err.value.code == "email_failed"
    rt.store.dispose()


def test_the_shipped_config_keeps_the_digest_off(tmp_path):
    from service.config import load_config
    from tests.conftest import write_office_config

    # the shipped config.yaml, its folders in tmp_path: a fresh clone has no data/ beside it
    assert load_config(write_office_config(tmp_path)).email.enabled is False


def test_vanthu_digest_prints_and_sends(tmp_path, smtp):
    from click.testing import CliRunner

    from service.cli import main

    controller, box = smtp
    rt = office_with(tmp_path, FakeClock(datetime(2026, 3, 2, 9, 0)), port=controller.port, enabled=False)
    doc = add_incoming(rt, deadline=None)
    with rt.store.read() as conn:
        actions.present(rt, actions.actor_of(conn, "van.thu"), doc, to="lanh.dao")
    config = rt.config.path
    rt.store.dispose()
    shown = CliRunner().invoke(main, ["--config", str(config), "digest"])
    assert shown.exit_code == 0 and "an@tamduong.test" in shown.output and box.messages == []
    sent = CliRunner().invoke(main, ["--config", str(config), "digest", "--send", "--force"])
    assert sent.exit_code == 0, sent.output
    assert [m["To"] for m in box.messages] == ["an@tamduong.test"]
