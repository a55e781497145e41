"""The people a document's handling reaches (người dùng): leaders, officers (chuyên viên) in their units,
their e-mail addresses. Logins and passwords stay in store/users.py."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, select, update

from service.store.schema import email_digests, users


@dataclass(frozen=True)
class Person:
    name: str
    role: str
    full_name: str | None = None
    unit_id: str | None = None
    unit_head: bool = False
    email: str | None = None

    @property
    def shown(self) -> str:
        """The name a page shows: the full name, else the login."""
        return self.full_name or self.name


_COLUMNS = (users.c.name, users.c.role, users.c.full_name, users.c.unit_id, users.c.unit_head, users.c.email)


def _person(row) -> Person:
    return Person(
        name=row.name,
        role=row.role,
        full_name=row.full_name,
        unit_id=row.unit_id,
        unit_head=bool(row.unit_head),
        email=row.email,
    )


def get_person(conn: Connection, name: str) -> Person | None:
    row = conn.execute(select(*_COLUMNS).where(users.c.name == name)).first()
    return _person(row) if row else None


def list_people(conn: Connection, role: str | None = None, unit_id: str | None = None) -> list[Person]:
    q = select(*_COLUMNS).order_by(users.c.name)
    if role:
        q = q.where(users.c.role == role)
    if unit_id:
        q = q.where(users.c.unit_id == unit_id)
    return [_person(r) for r in conn.execute(q)]


def set_profile(
    conn: Connection, name: str, *, unit_id: str | None, unit_head: bool, email: str | None
) -> bool:
    """An officer's unit and headship, anyone's e-mail address."""
    values = {"unit_id": unit_id, "unit_head": unit_head, "email": email}
    return conn.execute(update(users).where(users.c.name == name).values(**values)).rowcount > 0


def digest_sent(conn: Connection, day, user_name: str) -> bool:
    """Whether this person's digest for `day` has gone (one a day, whatever restarts the service)."""
    q = select(email_digests.c.id).where(email_digests.c.day == day, email_digests.c.user_name == user_name)
    return conn.execute(q).first() is not None


def record_digest(conn: Connection, day, user_name: str, address: str, items: int, sent_at) -> None:
    conn.execute(
        email_digests.insert().values(
            day=day, user_name=user_name, address=address, items=items, sent_at=sent_at
        )
    )
