"""Queries on the people who use the pages (người dùng) and their failed logins."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, insert, select, update

from service.store.schema import users

ROLES = ("clerk", "leader", "officer", "viewer")  # officer: chuyên viên of a unit (0006)
FREE_ATTEMPTS = 3  # failed logins allowed before each further one locks the account for a while
MAX_LOCK = timedelta(minutes=15)


def set_full_name(conn: Connection, name: str, full_name: str | None) -> bool:
    return conn.execute(update(users).where(users.c.name == name).values(full_name=full_name)).rowcount > 0


def add_user(conn: Connection, name: str, password_hash: str, role: str, *, now: datetime) -> int:
    if role not in ROLES:
        raise ValueError(f"role must be one of {ROLES}")
    return conn.execute(
        insert(users).values(
            name=name, password_hash=password_hash, role=role, created_at=now, failed_logins=0
        )
    ).inserted_primary_key[0]


def set_password(conn: Connection, name: str, password_hash: str, role: str | None = None) -> bool:
    values: dict[str, Any] = {"password_hash": password_hash, "failed_logins": 0, "locked_until": None}
    if role:
        values["role"] = role
    return conn.execute(update(users).where(users.c.name == name).values(**values)).rowcount > 0


def get_user(conn: Connection, user_id: int) -> dict[str, Any] | None:
    row = conn.execute(select(users).where(users.c.id == user_id)).mappings().first()
    return dict(row) if row else None


def get_user_by_name(conn: Connection, name: str) -> dict[str, Any] | None:
    row = conn.execute(select(users).where(users.c.name == name)).mappings().first()
    return dict(row) if row else None


def list_users(conn: Connection) -> list[dict[str, Any]]:
    rows = conn.execute(
        select(users.c.id, users.c.name, users.c.role, users.c.created_at).order_by(users.c.name)
    ).mappings()
    return [dict(r) for r in rows]


def lock_delay(failed_logins: int) -> timedelta:
    """How long an account waits after this many failures in a row: 0, then 30 s doubling to 15 min."""
    extra = failed_logins - FREE_ATTEMPTS
    if extra < 0:
        return timedelta(0)
    return min(timedelta(seconds=30 * 2 ** min(extra, 10)), MAX_LOCK)


def record_failed_login(conn: Connection, user_id: int, *, now: datetime) -> datetime | None:
    """Count one failure; returns the time the account is locked until, if it now is."""
    count = conn.execute(select(users.c.failed_logins).where(users.c.id == user_id)).scalar() or 0
    count += 1
    delay = lock_delay(count)
    until = now + delay if delay else None
    conn.execute(update(users).where(users.c.id == user_id).values(failed_logins=count, locked_until=until))
    return until


def record_login(conn: Connection, user_id: int) -> None:
    conn.execute(update(users).where(users.c.id == user_id).values(failed_logins=0, locked_until=None))
