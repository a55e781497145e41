"""Reading the submissions a status needs: one pass over the table, only the needed columns.

Used by compute_status (service/store/tracking.py); the statuses themselves are pure
(service/tracking/status.py).
"""

from __future__ import annotations

import json
import sqlite3
from datetime import date

from sqlalchemy import Connection, select

from service.store.schema import submissions
from service.tracking.status import ProposedIndex, ReceivedIndex


_RECEIVED_COLUMNS = ("s.requirement_id", "s.period", "s.unit_id", "s.received_on", "s.so_den", "s.number_symbol",
                     "s.document_id", "s.state = 'linked'")
_RECEIVED_FROM = " FROM submissions s WHERE s.state IN ('linked', 'proposed') AND s.received_on <= ?"
_RECEIVED_SQL = "SELECT " + ", ".join(_RECEIVED_COLUMNS) + _RECEIVED_FROM
# The same rows packed by SQLite as one JSON array per column: one row crosses to Python instead of
# tens of thousands, each of which the driver would hand over one at a time. json_group_array
# keeps NULLs and every aggregate of a group sees the rows in the same order, so the arrays align.
_RECEIVED_JSON_SQL = ("SELECT count(*), " + ", ".join(f"json_group_array({c})" for c in _RECEIVED_COLUMNS)
                      + _RECEIVED_FROM)


def received_index(conn: Connection, at: date, requirement_id: int | None
                    ) -> tuple[ReceivedIndex, ProposedIndex]:
    """Earliest linked submission per (requirement, period) and unit on or before `at`; proposed counts.

    On SQLite, plain SQL on the driver's cursor, only the needed columns, days left as ISO text
    (see Received): the status of a whole office reads tens of thousands of submissions, and
    SQLAlchemy's per-row processing and date parsing would cost more than the statuses.
    """
    if conn.dialect.name != "sqlite":
        return _received_index_portable(conn, at, requirement_id)
    params: tuple = (at.isoformat(),)
    extra = ""
    if requirement_id is not None:
        extra, params = " AND s.requirement_id = ?", params + (requirement_id,)
    cursor = conn.connection.driver_connection.cursor()  # same connection, same transaction
    try:
        try:
            count, *packed = cursor.execute(_RECEIVED_JSON_SQL + extra, params).fetchone()
        except sqlite3.OperationalError as exc:
            if "no such function" not in str(exc):
                raise
            # an SQLite built without its JSON functions: the same columns, row by row
            return _index(cursor.execute(_RECEIVED_SQL + extra, params).fetchall())
    finally:
        cursor.close()
    columns = [json.loads(c) for c in packed]
    if any(len(c) != count for c in columns):
        raise RuntimeError("submission columns out of step")  # cannot happen: one aggregate pass
    return _index(zip(*columns))


def _index(fetched) -> tuple[ReceivedIndex, ProposedIndex]:
    """(requirement, period, unit, day, so_den, number_symbol, document_id, linked) rows -> indexes."""
    received: ReceivedIndex = {}
    proposed: ProposedIndex = {}
    for rid, period, unit, day, so_den, ns, doc_id, linked in fetched:
        if linked:
            by_unit = received.get((rid, period))
            if by_unit is None:
                by_unit = received[(rid, period)] = {}
            best = by_unit.get(unit)
            if best is None or day < best[0]:  # the earliest one counts
                by_unit[unit] = (day, so_den, ns, doc_id)
        else:
            waiting = proposed.setdefault((rid, period), {})
            waiting[unit] = waiting.get(unit, 0) + 1
    return received, proposed


def _received_index_portable(conn: Connection, at: date, requirement_id: int | None
                             ) -> tuple[ReceivedIndex, ProposedIndex]:
    q = (select(submissions.c.requirement_id, submissions.c.period, submissions.c.unit_id,
                submissions.c.received_on, submissions.c.so_den, submissions.c.number_symbol,
                submissions.c.document_id, submissions.c.state == "linked")
         .where(submissions.c.state.in_(("linked", "proposed")), submissions.c.received_on <= at))
    if requirement_id is not None:
        q = q.where(submissions.c.requirement_id == requirement_id)
    return _index(conn.execute(q).all())
