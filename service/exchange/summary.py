"""What the registers and the commands show of the exchange: for each outgoing entry, each recipient's
statuses ("Đã đến", "Đã vào sổ", "Đã phân công", "Hoàn thành") and the replies linked to it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection

from service.exchange.codes import status_label
from service.store import exchange as xs


@dataclass(frozen=True)
class StatusSeen:
    code: str
    label: str
    at: datetime | None
    description: str

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "label": self.label,
            "at": self.at.isoformat() if self.at else None,
            "description": self.description,
        }


@dataclass(frozen=True)
class RecipientExchange:
    """One recipient of an outgoing document: the message sent and the statuses it sent back."""

    code: str
    name: str
    state: str  # sent, pending, "" (statuses from a body no message went to)
    sent_at: datetime | None
    statuses: tuple[StatusSeen, ...]

    @property
    def latest(self) -> str:
        return self.statuses[-1].label if self.statuses else ("Đã gửi" if self.state == "sent" else "Chờ gửi")

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "state": self.state,
            "sent_at": self.sent_at.isoformat() if self.sent_at else None,
            "statuses": [s.to_json() for s in self.statuses],
            "latest": self.latest,
        }


@dataclass(frozen=True)
class OutgoingExchange:
    recipients: tuple[RecipientExchange, ...] = ()
    replies: tuple[xs.Reply, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "recipients": [r.to_json() for r in self.recipients],
            "replies": [r.to_json() for r in self.replies],
        }

    def note(self) -> str:
        """One line for the register's Ghi chú column."""
        parts = [f"{r.name or r.code}: {r.latest}" for r in self.recipients]
        parts += [f"Trả lời: {x.number_symbol} (số đến {x.so_den}/{x.year})" for x in self.replies]
        return "; ".join(parts)


def _seen(m: xs.JournalEntry) -> StatusSeen:
    return StatusSeen(m.status_code or "", status_label(m.status_code or ""), m.event_at, m.description or "")


def outgoing_exchange(conn: Connection, outgoing_ids: Iterable[int]) -> dict[int, OutgoingExchange]:
    ids = list(outgoing_ids)
    messages = xs.messages_for_outgoing(conn, ids)
    replies = xs.replies_to_outgoing(conn, ids)
    out: dict[int, OutgoingExchange] = {}
    for oid in ids:
        sent = [m for m in messages[oid] if m.direction == xs.Direction.OUT and m.kind == xs.Kind.DOCUMENT]
        statuses = [m for m in messages[oid] if m.direction == xs.Direction.IN and m.kind == xs.Kind.STATUS]
        codes = [m.peer_code or "" for m in sent]
        codes += [c for c in dict.fromkeys(m.peer_code or "" for m in statuses) if c not in codes]
        recipients = []
        for code in codes:
            msg = next((m for m in sent if m.peer_code == code), None)
            theirs = [m for m in statuses if m.peer_code == code]
            name = (
                (msg.peer_name if msg else None)
                or next((m.peer_name for m in theirs if m.peer_name), "")
                or ""
            )
            recipients.append(
                RecipientExchange(
                    code=code,
                    name=name,
                    state=msg.state if msg else "",
                    sent_at=msg.sent_at if msg else None,
                    statuses=tuple(_seen(m) for m in theirs),
                )
            )
        out[oid] = OutgoingExchange(tuple(recipients), tuple(replies[oid]))
    return out


def journal_report(conn: Connection) -> list[dict[str, Any]]:
    """Every message sent, with the transport's acknowledgement and, for a document, the statuses
    its recipient sent back."""
    sent = xs.list_journal(conn, xs.Direction.OUT)
    summaries = outgoing_exchange(conn, sorted({m.outgoing_id for m in sent if m.outgoing_id}))
    rows = []
    for m in sent:
        back = []
        if m.outgoing_id:
            back = next(
                (
                    [s.to_json() for s in r.statuses]
                    for r in summaries[m.outgoing_id].recipients
                    if r.code == m.peer_code
                ),
                [],
            )
        rows.append(
            {
                "message_id": m.message_id,
                "kind": m.kind,
                "to": m.peer_code,
                "to_name": m.peer_name,
                "outgoing_id": m.outgoing_id,
                "document_id": m.document_id,
                "status_code": m.status_code,
                "state": m.state,
                "acknowledged": m.state == xs.JournalState.SENT,
                "sent_at": m.sent_at.isoformat() if m.sent_at else None,
                "remote_id": m.remote_id,
                "attempts": m.attempts,
                "last_error": m.last_error,
                "path": m.file_path,
                "statuses": back,
            }
        )
    return rows
