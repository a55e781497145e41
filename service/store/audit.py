"""The audit trail (nhật ký): every correction, link, approval and discard."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert, select

from service.store.schema import audit_log


@dataclass(frozen=True)
class NewAuditEntry:
    """A line to add to the audit trail: who did what to which object, when; `detail` what changed
    (stored as JSON; dates and other values as their text)."""

    at: datetime
    actor: str
    action: str
    object_type: str
    object_id: int | None
    detail: dict[str, Any] | None = field(default=None, hash=False)


def add_audit(conn: Connection, entry: NewAuditEntry) -> None:
    conn.execute(
        insert(audit_log).values(
            at=entry.at,
            actor=entry.actor,
            action=entry.action,
            object_type=entry.object_type,
            object_id=entry.object_id,
            detail_json=json.dumps(entry.detail or {}, ensure_ascii=False, default=str),
        )
    )


@dataclass(frozen=True)
class AuditEntry:
    """A line of the audit trail (nhật ký): who did what to which object, when; `detail` what changed."""

    id: int
    at: datetime
    actor: str
    action: str
    object_type: str
    object_id: int | None
    detail: dict[str, Any] = field(hash=False)


def list_audit(
    conn: Connection, object_type: str | None = None, object_id: int | None = None
) -> list[AuditEntry]:
    q = select(audit_log).order_by(audit_log.c.id)
    if object_type:
        q = q.where(audit_log.c.object_type == object_type)
    if object_id is not None:
        q = q.where(audit_log.c.object_id == object_id)
    return [
        AuditEntry(
            id=r.id,
            at=r.at,
            actor=r.actor,
            action=r.action,
            object_type=r.object_type,
            object_id=r.object_id,
            detail=json.loads(r.detail_json or "{}"),
        )
        for r in conn.execute(q)
    ]
