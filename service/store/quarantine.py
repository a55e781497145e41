"""Queries on quarantined files (tệp bị cách ly) and their reasons."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert, select, update

from service.store.schema import quarantine


def add_quarantine(
    conn: Connection,
    *,
    created_at: datetime,
    file_name: str,
    stored_path: str,
    sha256: str | None,
    size: int | None,
    code: str,
    message: str,
    detail: str = "",
    duplicate_of: int | None = None,
    sender_unit_id: str | None = None,
) -> int:
    existing = conn.execute(
        select(quarantine.c.id).where(quarantine.c.stored_path == stored_path, quarantine.c.status == "open")
    ).scalar()
    if existing:  # the same file quarantined again after a crash: one row
        return existing
    return conn.execute(
        insert(quarantine).values(
            created_at=created_at,
            file_name=file_name,
            stored_path=stored_path,
            sha256=sha256,
            size=size,
            code=code,
            message=message,
            detail=detail[:4000],
            duplicate_of=duplicate_of,
            sender_unit_id=sender_unit_id,
            status="open",
        )
    ).inserted_primary_key[0]


def list_quarantine(conn: Connection, status: str | None = "open") -> list[dict[str, Any]]:
    q = select(quarantine).order_by(quarantine.c.id)
    if status:
        q = q.where(quarantine.c.status == status)
    return [dict(r) for r in conn.execute(q).mappings()]


def get_quarantine(conn: Connection, qid: int) -> dict[str, Any] | None:
    row = conn.execute(select(quarantine).where(quarantine.c.id == qid)).mappings().first()
    return dict(row) if row else None


def set_quarantine_status(conn: Connection, qid: int, status: str) -> None:
    conn.execute(update(quarantine).where(quarantine.c.id == qid).values(status=status))


def discard_quarantined(conn: Connection, qid: int, *, actor: str, now: datetime) -> None:
    """Mark a quarantined file discarded (loại bỏ), in the audit trail. Its bytes stay where they are."""
    from service.store.audit import add_audit

    set_quarantine_status(conn, qid, "discarded")
    add_audit(conn, at=now, actor=actor, action="discard", object_type="quarantine", object_id=qid)
