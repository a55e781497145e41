"""Reading the submissions a status needs.

Used by compute_status (service/store/tracking.py); the statuses themselves are pure
(service/tracking/status.py). On SQLite the linked submissions come from `received_packs`, one row
per requirement and period kept in step by triggers (migration 0004): a few hundred rows for the
status of a whole office instead of tens of thousands. Elsewhere, the submissions table is read.
"""

from __future__ import annotations

import json
from datetime import date
from functools import lru_cache, partial

from sqlalchemy import Connection, select

from service.store.schema import submissions
from service.tracking.status import ProposedIndex, Received, ReceivedGroup, ReceivedIndex

_PACKS_SQL = "SELECT requirement_id, period, units, days, details, last_day FROM received_packs"
_PROPOSED_SQL = (
    "SELECT requirement_id, period, unit_id FROM submissions WHERE state = 'proposed' AND received_on <= ?"
)
_RECEIVED_COLUMNS = (
    "s.requirement_id",
    "s.period",
    "s.unit_id",
    "s.received_on",
    "s.so_den",
    "s.number_symbol",
    "s.document_id",
    "s.state = 'linked'",
)
_RECEIVED_SQL = (
    "SELECT "
    + ", ".join(_RECEIVED_COLUMNS)
    + " FROM submissions s WHERE s.state IN ('linked', 'proposed') AND s.received_on <= ?"
)


def received_index(
    conn: Connection, at: date, requirement_id: int | None
) -> tuple[ReceivedIndex, ProposedIndex]:
    """Earliest linked submission per (requirement, period) and unit on or before `at`; proposed counts.

    On SQLite, plain SQL on the driver's cursor (same connection, same transaction), days left as ISO
    text (see Received): SQLAlchemy's per-row processing would cost more than the statuses.
    """
    if conn.dialect.name != "sqlite":
        return _received_index_portable(conn, at, requirement_id)
    driver = conn.connection.driver_connection
    assert driver is not None  # a live connection, inside the caller's transaction
    cursor = driver.cursor()
    try:
        if not has_packs(cursor):  # an SQLite without JSON functions (migration 0004)
            return _received_index_rows(cursor, at, requirement_id)
        day = at.isoformat()
        params: tuple[object, ...]
        where, params = (
            ("", ()) if requirement_id is None else (" WHERE requirement_id = ?", (requirement_id,))
        )
        received = _unpack(cursor.execute(_PACKS_SQL + where, params), day)
        proposed: ProposedIndex = {}
        if requirement_id is not None:
            where, params = " AND requirement_id = ?", (day, requirement_id)
        else:
            where, params = "", (day,)
        for rid, period, unit in cursor.execute(_PROPOSED_SQL + where, params):
            waiting = proposed.setdefault((rid, period), {})
            waiting[unit] = waiting.get(unit, 0) + 1
        return received, proposed
    finally:
        cursor.close()


def has_packs(cursor) -> bool:
    return (
        cursor.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'received_packs'"
        ).fetchone()
        is not None
    )


# A pack changes only when a submission of its period does, so the same text comes back on every
# status of the office (each page of the dashboard): its decoding is kept, keyed by the text itself.
# The lists are shared between calls, so they are tuples.
@lru_cache(maxsize=4096)
def _unit_ids(packed: str) -> tuple[str, ...]:
    return tuple(json.loads(packed))


@lru_cache(maxsize=4096)
def _days(packed: str) -> tuple[str, ...]:
    return tuple(packed.split(","))


def _unpack(rows, day: str) -> ReceivedIndex:
    """Packed rows -> groups: unit ids and days decoded now, the rest when a row is shown."""
    loads, unit_ids, days_of = json.loads, _unit_ids, _days
    received: ReceivedIndex = {}
    for rid, period, units, days, details, last_day in rows:
        if last_day <= day:  # every submission of the period counts on `day` (the usual case)
            received[(rid, period)] = ReceivedGroup(
                unit_ids(units), days_of(days), partial(loads, details), last_day=last_day
            )
        else:  # a day in the past: only what had arrived by then
            got = {
                unit: Received(d, *rest)
                for unit, d, rest in zip(unit_ids(units), days_of(days), loads(details))
                if d <= day
            }
            if got:
                received[(rid, period)] = ReceivedGroup.of(got)
    return received


def _received_index_rows(cursor, at: date, requirement_id: int | None) -> tuple[ReceivedIndex, ProposedIndex]:
    params: tuple = (at.isoformat(),)
    extra = ""
    if requirement_id is not None:
        extra, params = " AND s.requirement_id = ?", params + (requirement_id,)
    return _index(cursor.execute(_RECEIVED_SQL + extra, params).fetchall())


def _index(fetched) -> tuple[ReceivedIndex, ProposedIndex]:
    """(requirement, period, unit, day, so_den, number_symbol, document_id, linked) rows -> indexes."""
    received: dict[tuple[int | None, str], dict[str, Received]] = {}
    proposed: ProposedIndex = {}
    for rid, period, unit, day, so_den, ns, doc_id, linked in fetched:
        if linked:
            by_unit = received.get((rid, period))
            if by_unit is None:
                by_unit = received[(rid, period)] = {}
            best = by_unit.get(unit)
            if best is None or day < best[0]:  # the earliest one counts
                by_unit[unit] = Received(day, so_den, ns, doc_id)
        else:
            waiting = proposed.setdefault((rid, period), {})
            waiting[unit] = waiting.get(unit, 0) + 1
    return dict(received), proposed


def _received_index_portable(
    conn: Connection, at: date, requirement_id: int | None
) -> tuple[ReceivedIndex, ProposedIndex]:
    q = select(
        submissions.c.requirement_id,
        submissions.c.period,
        submissions.c.unit_id,
        submissions.c.received_on,
        submissions.c.so_den,
        submissions.c.number_symbol,
        submissions.c.document_id,
        submissions.c.state == "linked",
    ).where(submissions.c.state.in_(("linked", "proposed")), submissions.c.received_on <= at)
    if requirement_id is not None:
        q = q.where(submissions.c.requirement_id == requirement_id)
    return _index(conn.execute(q).all())
