"""Queries on quarantined files (tệp bị cách ly) and their reasons."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Connection, insert, select, update

from service.store.db import insert_id
from service.store.schema import quarantine


class QuarantineStatus(StrEnum):
    """Where a quarantined file stands: waiting (đang cách ly), registered on a retry, discarded."""

    OPEN = "open"
    RETRIED = "retried"
    DISCARDED = "discarded"


@dataclass(frozen=True)
class QuarantineEntry:
    """A row of `quarantine`: a file that could not be registered, where its bytes are, and why."""

    id: int
    created_at: datetime
    file_name: str
    stored_path: str  # relative to the data folder
    sha256: str | None
    size: int | None
    code: str
    message: str  # Vietnamese, for the clerk
    detail: str | None
    duplicate_of: int | None  # the document it repeats
    sender_unit_id: str | None
    status: QuarantineStatus

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def _entry(row: Any) -> QuarantineEntry:
    values = dict(row._mapping)
    values["status"] = QuarantineStatus(values["status"])
    return QuarantineEntry(**values)


@dataclass(frozen=True)
class NewQuarantine:
    """What is known of a file when it enters the quarantine (its row, before it has an id)."""

    created_at: datetime
    file_name: str
    stored_path: str  # relative to the data folder
    sha256: str | None
    size: int | None
    code: str
    message: str
    detail: str = ""
    duplicate_of: int | None = None
    sender_unit_id: str | None = None


def add_quarantine(conn: Connection, new: NewQuarantine) -> int:
    """Its row (one per file: quarantined again after a crash, the open row is kept)."""
    existing = conn.execute(
        select(quarantine.c.id).where(
            quarantine.c.stored_path == new.stored_path, quarantine.c.status == QuarantineStatus.OPEN
        )
    ).scalar()
    if existing:  # the same file quarantined again after a crash: one row
        return existing
    return insert_id(
        conn,
        insert(quarantine).values(
            created_at=new.created_at,
            file_name=new.file_name,
            stored_path=new.stored_path,
            sha256=new.sha256,
            size=new.size,
            code=new.code,
            message=new.message,
            detail=new.detail[:4000],
            duplicate_of=new.duplicate_of,
            sender_unit_id=new.sender_unit_id,
            status=QuarantineStatus.OPEN,
        ),
    )


def list_quarantine(
    conn: Connection, status: QuarantineStatus | None = QuarantineStatus.OPEN
) -> list[QuarantineEntry]:
    q = select(quarantine).order_by(quarantine.c.id)
    if status:
        q = q.where(quarantine.c.status == status)
    return [_entry(r) for r in conn.execute(q)]


def get_quarantine(conn: Connection, qid: int) -> QuarantineEntry | None:
    row = conn.execute(select(quarantine).where(quarantine.c.id == qid)).first()
    return _entry(row) if row else None


def set_quarantine_status(conn: Connection, qid: int, status: QuarantineStatus) -> None:
    conn.execute(update(quarantine).where(quarantine.c.id == qid).values(status=status))


def discard_quarantined(conn: Connection, qid: int, *, actor: str, now: datetime) -> None:
    """Mark a quarantined file discarded (loại bỏ), in the audit trail. Its bytes stay where they are."""
    from service.store.audit import NewAuditEntry, add_audit

    set_quarantine_status(conn, qid, QuarantineStatus.DISCARDED)
    add_audit(
        conn, NewAuditEntry(at=now, actor=actor, action="discard", object_type="quarantine", object_id=qid)
    )
