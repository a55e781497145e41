"""Moving journaled messages: build and send what is pending, fetch what arrived into the inbox.

A message's bytes are built once and kept (data/exchange/sent/<id>.edxml), so every try sends the
same bytes under the same id. A failed send waits longer each time (poll interval × 2^tries, at
most an hour) and is tried again by the next round; nothing is dropped.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from service.config import Config
from service.errors import MESSAGES, VanthuError
from service.exchange.compose import compose
from service.exchange.transport import FolderTransport, Transport, TransportError, write_atomic
from service.runtime import Runtime
from service.store import exchange as xs

log = logging.getLogger("vanthu.exchange")
MAX_WAIT = timedelta(hours=1)


@dataclass(frozen=True)
class SendResult:
    message_id: str
    to: str | None
    kind: str
    path: str  # the message's bytes as kept
    state: str  # sent, pending
    error: str | None = None
    transport_failed: bool = False  # the platform or the folder did not take it: stop the round


def make_transport(
    cfg: Config, *, sleep: Callable[[float], None] | None = None, hurried: bool = False
) -> Transport | None:
    """The configured transport; None when exchange is off. `hurried`: one try with a short time
    limit, for a send someone waits for (the exchange round tries again patiently)."""
    ex = cfg.exchange
    if ex.transport == "off":
        return None
    if ex.transport == "http":
        from service.exchange.http import Credentials, HttpTransport

        return HttpTransport(
            ex.url,
            account=Credentials(ex.client_id, os.environ.get(ex.secret_env, "")),
            office_code=cfg.organisation.agency_code,
            timeout=min(ex.timeout_seconds, 10.0) if hurried else ex.timeout_seconds,
            retries=1 if hurried else ex.retries,
            sleep=sleep,
        )
    return FolderTransport(ex.folder or cfg.path.parent / "exchange")


def sent_path(rt: Runtime, message_id: str) -> str:
    return f"exchange/sent/{message_id}.edxml"


def materialise(rt: Runtime, entry: xs.JournalEntry) -> tuple[Path, bytes]:
    """The message's bytes: built from the registers on first need, then always the same."""
    if entry.file_path:
        path = rt.data_path(entry.file_path)
        return path, path.read_bytes()
    with rt.store.read() as conn:
        data = compose(conn, rt.config, entry)
    rel = sent_path(rt, entry.message_id)
    write_atomic(rt.data_path(rel), data)
    with rt.store.write() as conn:
        xs.set_message_file(conn, entry.id, file_path=rel, sha256=hashlib.sha256(data).hexdigest())
    return rt.data_path(rel), data


def send_due(rt: Runtime, transport: Transport | None = None) -> list[SendResult]:
    """Send every pending message that is due. Never raises for a message that cannot go yet."""
    transport = transport or make_transport(rt.config)
    if transport is None:
        return []
    now = rt.now()
    with rt.store.read() as conn:
        due = xs.due_messages(conn, now)
    return _send_all(rt, transport, due)


def _send_all(rt: Runtime, transport: Transport, entries: list[xs.JournalEntry]) -> list[SendResult]:
    results: list[SendResult] = []
    for entry in entries:
        results.append(_send_one(rt, transport, entry))
        if results[-1].transport_failed:
            break  # the platform is away: the rest wait for the next round rather than each time out
    return results


def send_messages(
    rt: Runtime, entries: list[xs.JournalEntry], transport: Transport | None = None, *, hurried: bool = False
) -> list[SendResult]:
    """Send these (pending) messages now, whatever their wait; `hurried`: one short try each (someone
    is waiting; the exchange round sends what did not go)."""
    transport = transport or make_transport(rt.config, hurried=hurried)
    if transport is None:
        return []
    return _send_all(rt, transport, [e for e in entries if e.state == xs.JournalState.PENDING])


def _send_one(rt: Runtime, transport: Transport, entry: xs.JournalEntry) -> SendResult:
    rel = entry.file_path or sent_path(rt, entry.message_id)
    try:
        _path, data = materialise(rt, entry)
        remote_id = transport.send(entry.message_id, entry.peer_code or "", data)
    except Exception as exc:  # whatever it was, the message stays pending and the round goes on
        code = getattr(exc, "code", "exchange_send_failed" if isinstance(exc, OSError) else "internal")
        if not isinstance(exc, (TransportError, VanthuError, OSError)):
            log.exception("code=internal message=%s", entry.message_id)
        detail = f"{code}: {getattr(exc, 'detail', exc)}"
        wait = min(timedelta(seconds=rt.config.exchange.poll_seconds * 2 ** (entry.attempts + 1)), MAX_WAIT)
        with rt.store.write() as conn:
            xs.mark_attempt_failed(conn, entry.id, error=detail, next_try_at=rt.now() + wait)
        log.warning("code=%s message=%s to=%s detail=%s", code, entry.message_id, entry.peer_code, detail)
        return SendResult(
            entry.message_id,
            entry.peer_code,
            entry.kind,
            rel,
            "pending",
            MESSAGES.get(code, detail),
            transport_failed=isinstance(exc, TransportError),
        )
    with rt.store.write() as conn:
        xs.mark_sent(conn, entry.id, at=rt.now(), remote_id=remote_id)
    log.info(
        "code=exchange_sent message=%s kind=%s to=%s via=%s",
        entry.message_id,
        entry.kind,
        entry.peer_code,
        transport.name,
    )
    return SendResult(entry.message_id, entry.peer_code, entry.kind, rel, "sent")


def fetch_arrivals(rt: Runtime, transport: Transport | None = None) -> list[str]:
    """Take what the transport holds into the inbox (the intake registers or quarantines it there).
    Journaled by the transport's id and the bytes' hash, so a message fetched again after a crash,
    before its acknowledgement, is not put in the inbox twice."""
    transport = transport or make_transport(rt.config)
    if transport is None:
        return []
    names: list[str] = []
    for arrival in transport.arrivals():
        sha = hashlib.sha256(arrival.data).hexdigest()
        journal_id = f"fetch:{transport.name}:{arrival.remote_id}:{sha[:16]}"
        with rt.store.read() as conn:
            seen = xs.message_by_id(conn, journal_id)
        if seen is None:
            name = _inbox_name(rt, arrival.remote_id, sha)
            write_atomic(rt.config.inbox / name, arrival.data)
            with rt.store.write() as conn:
                xs.add_message(
                    conn,
                    message_id=journal_id,
                    direction=xs.Direction.IN,
                    kind=xs.Kind.FETCHED,
                    state=xs.JournalState.FETCHED,
                    remote_id=arrival.remote_id,
                    file_path=f"inbox:{name}",
                    sha256=sha,
                    created_at=rt.now(),
                )
            names.append(name)
            log.info("code=exchange_fetched via=%s id=%s file=%s", transport.name, arrival.remote_id, name)
        transport.acknowledge(arrival.remote_id)
    return names


def _inbox_name(rt: Runtime, remote_id: str, sha: str) -> str:
    stem = (
        "".join(ch if ch.isalnum() or ch in "-_." else "-" for ch in Path(remote_id).stem)[:80] or "goi-tin"
    )
    name = f"{stem}.edxml"
    existing = rt.config.inbox / name
    # the same bytes already there (fetched before a crash, not yet journaled): the same file again
    if existing.exists() and hashlib.sha256(existing.read_bytes()).hexdigest() != sha:
        name = f"{stem}-{sha[:12]}.edxml"
    return name
