"""The audit trail (nhật ký): every correction, link, approval and discard."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert, select

from service.store.schema import audit_log


def add_audit(
    conn: Connection,
    *,
    at: datetime,
    actor: str,
    action: str,
    object_type: str,
    object_id: int | None,
    detail: dict[str, Any] | None = None,
) -> None:
    conn.execute(
        insert(audit_log).values(
            at=at,
            actor=actor,
            action=action,
            object_type=object_type,
            object_id=object_id,
            detail_json=json.dumps(detail or {}, ensure_ascii=False, default=str),
        )
    )


def list_audit(
    conn: Connection, object_type: str | None = None, object_id: int | None = None
) -> list[dict[str, Any]]:
    q = select(audit_log).order_by(audit_log.c.id)
    if object_type:
        q = q.where(audit_log.c.object_type == object_type)
    if object_id is not None:
        q = q.where(audit_log.c.object_id == object_id)
    return [dict(r) for r in conn.execute(q).mappings()]
