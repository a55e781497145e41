"""The daily e-mail digest (thư nhắc việc hằng ngày) to each leader and officer: what is theirs and
due. Off unless `email.enabled`; sent once a person a day from `email.digest_hour` of the office's
clock (the service checks every minute; `vanthu digest --send` sends at once)."""

from __future__ import annotations

import logging
import os
import smtplib
import threading
from dataclasses import dataclass
from datetime import date, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, make_msgid

from sqlalchemy import Connection

from service.errors import VanthuError
from service.models import DraftStatus
from service.runtime import Runtime
from service.store import drafts as dstore
from service.store import handling_views as hviews
from service.store import people
from service.workflow.digest import DigestItem, compose
from service.workflow.states import AssignmentRole

log = logging.getLogger("vanthu.digest")
SHOWN = 30  # items a section lists at most


class DigestError(VanthuError):
    def __init__(self, code: str, message: str):
        super().__init__(code, message, message)


@dataclass(frozen=True)
class DigestMessage:
    user_name: str
    to: str
    subject: str
    body: str
    items: int


def _line(a) -> str:
    what = ": ".join(x for x in (a.doc_type, a.title_summary) if x) or f"văn bản số đến {a.so_den}"
    return f"Số đến {a.so_den}/{a.year}{' ' + a.number_symbol if a.number_symbol else ''} — {what}"


def leader_items(conn: Connection, person: people.Person, today: date) -> list[DigestItem]:
    waiting, _ = hviews.awaiting_direction(conn, person.name, limit=SHOWN)
    items = [
        DigestItem("Văn bản chờ đồng chí cho ý kiến", _line(q), path=f"/documents/{q.document_id}")
        for q in waiting
    ]
    drafts = dstore.list_drafts(conn, status=DraftStatus.DRAFT)
    if drafts:
        items.append(DigestItem("Dự thảo chờ ký", f"{len(drafts)} dự thảo", path="/drafts/"))
    late = hviews.list_assignment_lines(conn, open_only=True, role=AssignmentRole.LEAD, overdue_on=today)
    items += [
        DigestItem("Văn bản quá hạn giải quyết", _line(a), a.due_date, True, f"/documents/{a.document_id}")
        for a in late[:SHOWN]
    ]
    return items


def officer_items(conn: Connection, person: people.Person, today: date, soon_days: int) -> list[DigestItem]:
    """The open parts given to the officer (or to their whole unit; all the unit's for its head)
    that are late, due within `soon_days`, or not yet acknowledged."""
    if not person.unit_id:
        return []
    mine = hviews.list_assignment_lines(
        conn, unit_id=person.unit_id, user_name=None if person.unit_head else person.name, open_only=True
    )
    horizon = today + timedelta(days=soon_days)
    items = []
    for a in mine:
        due_now = a.due_date is not None and a.due_date <= horizon
        if not (due_now or a.acknowledged_at is None):
            continue
        role = "chủ trì" if a.role == "lead" else "phối hợp"
        items.append(
            DigestItem(
                "Văn bản giao cho đồng chí" if a.user_name else "Văn bản giao cho đơn vị",
                f"{_line(a)} ({role})",
                a.due_date,
                a.due_date is not None and a.due_date < today,
                "/my/",
            )
        )
    return items[:SHOWN]


def build_digests(rt: Runtime, conn: Connection) -> list[DigestMessage]:
    """Every leader's and officer's digest for today that has something in it and an address."""
    cfg, today = rt.config, rt.now().date()
    out = []
    for person in people.list_people(conn):
        if not person.email:
            continue
        if person.role == "leader":
            items = leader_items(conn, person, today)
        elif person.role == "officer":
            items = officer_items(conn, person, today, cfg.due_soon_days)
        else:
            continue
        if not items:
            continue
        office = cfg.organisation.display_name
        subject, body = compose(person.shown, today, items, office=office, base_url=cfg.email.base_url)
        out.append(DigestMessage(person.name, person.email, subject, body, len(items)))
    return out


def _message(rt: Runtime, digest: DigestMessage) -> EmailMessage:
    cfg = rt.config
    msg = EmailMessage()
    msg["From"] = formataddr((cfg.organisation.display_name, cfg.email.sender))
    msg["To"] = digest.to
    msg["Subject"] = digest.subject
    msg["Date"] = format_datetime(rt.now().replace(tzinfo=rt.zone))  # the office's clock and offset
    msg["Message-ID"] = make_msgid(domain=cfg.email.sender.rpartition("@")[2] or None)
    msg.set_content(digest.body)  # UTF-8: Vietnamese stays readable in every mail client
    return msg


def send_due_digests(rt: Runtime, *, force: bool = False) -> list[DigestMessage]:
    """Send today's digests not yet sent, once the digest hour has come. Each sent one is recorded
    at once, so a failure half way (the server gone) sends the rest on the next try, none twice."""
    cfg, now = rt.config, rt.now()
    if not force and (not cfg.email.enabled or now.hour < cfg.email.digest_hour):
        return []
    if not (cfg.email.smtp_host and cfg.email.sender):
        raise DigestError(
            "email_not_configured", "Chưa cấu hình máy chủ thư (email.smtp_host, email.sender)."
        )
    with rt.store.read() as conn:
        todo = [
            d
            for d in build_digests(rt, conn)
            if force or not people.digest_sent(conn, now.date(), d.user_name)
        ]
    if not todo:
        return []
    sent = []
    try:
        with smtplib.SMTP(cfg.email.smtp_host, cfg.email.smtp_port, timeout=30) as smtp:
            if cfg.email.starttls:
                smtp.starttls()
            if cfg.email.username:
                smtp.login(cfg.email.username, os.environ.get(cfg.email.password_env, ""))
            for digest in todo:
                smtp.send_message(_message(rt, digest))
                with rt.store.write() as conn:
                    if not people.digest_sent(conn, now.date(), digest.user_name):
                        people.record_digest(
                            conn, now.date(), digest.user_name, digest.to, digest.items, rt.now()
                        )
                log.info("code=digest_sent user=%s items=%d", digest.user_name, digest.items)
                sent.append(digest)
    except (OSError, smtplib.SMTPException) as exc:
        log.warning("code=digest_failed sent=%d detail=%s", len(sent), exc)
        raise DigestError("email_failed", f"Không gửi được thư nhắc việc: {exc}") from exc
    return sent


def run_digest_loop(rt: Runtime, stop: threading.Event, interval: float = 60.0) -> None:
    """The service's digest clock: try every `interval` seconds until `stop` is set."""
    while not stop.is_set():
        try:
            send_due_digests(rt)
        except DigestError:
            pass  # logged; the next minute tries again
        except Exception:  # the intake and the pages must not stop for the mail
            log.exception("code=digest_loop_failed")
        stop.wait(interval)
