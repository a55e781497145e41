"""Queries on the people who use the pages (người dùng) and on failed logins."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, delete, insert, select, update

from service.models import SignerProfile
from service.store.db import insert_id
from service.store.schema import login_failures, users
from service.workflow.states import Role  # văn thư, lãnh đạo, chuyên viên, người xem

FREE_ATTEMPTS = 3  # failed logins allowed before each further one locks the pair for a while
MAX_LOCK = timedelta(minutes=15)
FORGET_AFTER = timedelta(days=1)  # a pair's failures this old, and unlocked, are dropped


ROLES = tuple(Role)


@dataclass(frozen=True)
class User:
    """A row of `users`. `session_epoch` is what a session must carry to stay valid."""

    id: int
    name: str
    role: Role
    created_at: datetime
    full_name: str | None
    password_hash: str
    session_epoch: int


def _user(row: Any) -> User | None:
    if row is None:
        return None
    return User(
        id=row.id,
        name=row.name,
        role=Role(row.role),
        created_at=row.created_at,
        full_name=row.full_name,
        password_hash=row.password_hash,
        session_epoch=row.session_epoch,
    )


def set_full_name(conn: Connection, name: str, full_name: str | None) -> bool:
    return conn.execute(update(users).where(users.c.name == name).values(full_name=full_name)).rowcount > 0


def add_user(conn: Connection, name: str, password_hash: str, role: str, *, now: datetime) -> int:
    if role not in ROLES:
        raise ValueError(f"role must be one of {ROLES}")
    return insert_id(
        conn,
        insert(users).values(
            name=name, password_hash=password_hash, role=role, created_at=now, session_epoch=0
        ),
    )


def set_password(conn: Connection, name: str, password_hash: str, role: str | None = None) -> bool:
    """A new password (and role): every session made before it ends."""
    values: dict[str, Any] = {"password_hash": password_hash, "session_epoch": users.c.session_epoch + 1}
    if role:
        values["role"] = role
    return conn.execute(update(users).where(users.c.name == name).values(**values)).rowcount > 0


def get_user(conn: Connection, user_id: int) -> User | None:
    return _user(conn.execute(select(users).where(users.c.id == user_id)).first())


def get_user_by_name(conn: Connection, name: str) -> User | None:
    return _user(conn.execute(select(users).where(users.c.name == name)).first())


def list_users(conn: Connection) -> list[User]:
    return [u for u in map(_user, conn.execute(select(users).order_by(users.c.name))) if u]


def lock_delay(failures: int) -> timedelta:
    """How long a pair waits after this many failures in a row: 0, then 30 s doubling to 15 min."""
    extra = failures - FREE_ATTEMPTS
    if extra < 0:
        return timedelta(0)
    return min(timedelta(seconds=30 * 2 ** min(extra, 10)), MAX_LOCK)


def login_locked_until(conn: Connection, name: str, address: str, *, now: datetime) -> datetime | None:
    """When logging in as `name` from `address` is allowed again, if it is locked now."""
    until = conn.execute(
        select(login_failures.c.locked_until).where(
            login_failures.c.name == name, login_failures.c.address == address
        )
    ).scalar()
    return until if until is not None and until > now else None


def record_failed_login(conn: Connection, name: str, address: str, *, now: datetime) -> datetime | None:
    """Count one failure of `name` (known or not) from `address`; the time the pair is locked until,
    if it now is. Another address, the leader's own desk, is not locked by it."""
    conn.execute(
        delete(login_failures).where(
            login_failures.c.last_at < now - FORGET_AFTER,
            (login_failures.c.locked_until.is_(None)) | (login_failures.c.locked_until < now),
        )
    )
    key = (login_failures.c.name == name, login_failures.c.address == address)
    count = (conn.execute(select(login_failures.c.failures).where(*key)).scalar() or 0) + 1
    delay = lock_delay(count)
    until = now + delay if delay else None
    values = {"failures": count, "locked_until": until, "last_at": now}
    if count == 1:
        conn.execute(insert(login_failures).values(name=name, address=address, **values))
    else:
        conn.execute(update(login_failures).where(*key).values(**values))
    return until


def record_login(conn: Connection, name: str, address: str) -> None:
    """A login that succeeded: the pair's failures are forgotten."""
    conn.execute(
        delete(login_failures).where(login_failures.c.name == name, login_failures.c.address == address)
    )


def signer_profile(conn: Connection, name: str) -> SignerProfile | None:
    """A user as a signer: full name, title, signing authority, signature image."""
    row = conn.execute(select(users).where(users.c.name == name)).mappings().first()
    if row is None:
        return None
    return SignerProfile(
        full_name=row["full_name"] or "",
        login=row["name"],
        title=row["title"],
        authority=row["authority"],
        signature_image=row["signature_image"],
    )


def set_signer_profile(conn: Connection, name: str, **values: str | None) -> bool:
    """Set a user's title, authority (TL, TUQ) or signature image; only the keys given change."""
    allowed = {k: v for k, v in values.items() if k in ("title", "authority", "signature_image", "full_name")}
    if not allowed:
        return False
    return conn.execute(update(users).where(users.c.name == name).values(**allowed)).rowcount > 0
