"""Statuses (tình trạng) per requirement, unit and period, as of a day. Pure."""

from __future__ import annotations

import gc
from datetime import date, timedelta
from typing import NamedTuple

from service.models import Organisation, Requirement, StatusRow
from service.tracking.periods import periods_as_of


class Received(NamedTuple):
    """A linked submission as status needs it (the earliest one counts)."""

    received_on: date
    so_den: int | None = None
    number_symbol: str | None = None
    document_id: int | None = None


# (requirement id, period) -> unit id -> the earliest linked submission received on or before the day
ReceivedIndex = dict[tuple[int, str], dict[str, Received]]
# (requirement id, period) -> unit id -> how many links wait for the clerk
ProposedIndex = dict[tuple[int, str], dict[str, int]]


def status_for(due: date | None, received_on: date | None, at: date, due_soon_days: int) -> str:
    """not_due, due_soon, on_time, late (sent after the due date) or overdue (due, nothing sent)."""
    if received_on is not None and received_on <= at:
        return "late" if due is not None and received_on > due else "on_time"
    if due is None:
        return "not_due"
    if at > due:
        return "overdue"
    if (due - at).days <= due_soon_days:
        return "due_soon"
    return "not_due"


def build_status(requirements: list[Requirement], org: Organisation, at: date, due_soon_days: int,
                 received: ReceivedIndex, proposed: ProposedIndex | None = None) -> list[StatusRow]:
    """One row per requirement, owing unit and period that matters on day `at`.

    Units no longer configured are still shown (by id) so that a changed configuration does not
    hide what was owed.
    """
    names = {u.id: u.name for u in org.units}
    proposed = proposed or {}
    empty: dict = {}
    soon = timedelta(days=due_soon_days)
    rows: list[StatusRow] = []
    append, row = rows.append, StatusRow
    # Tens of thousands of rows are allocated at once; the cyclic collector would walk the growing
    # list again and again for nothing (rows hold no cycles), so it waits until the list is built.
    collecting = gc.isenabled()
    gc.disable()
    try:
        for req in requirements:
            rid, ns, what, unit_ids = req.id, req.source_number_symbol, req.what, req.unit_ids
            unit_names = [(u, names.get(u, u)) for u in unit_ids]
            for label, due in periods_as_of(req, at):
                # without a submission, every unit of a period has the same status
                if at > due:
                    blank = "overdue"
                elif due - at <= soon:
                    blank = "due_soon"
                else:
                    blank = "not_due"
                got_by_unit = received.get((rid, label), empty)
                waiting = proposed.get((rid, label), empty)
                if not got_by_unit and not waiting:  # nothing received yet: the common case, kept lean
                    rows.extend([row(rid, ns, what, label, due, unit_id, unit_name, blank, None, None, None,
                                     None, 0) for unit_id, unit_name in unit_names])
                    continue
                for unit_id, unit_name in unit_names:
                    got = got_by_unit.get(unit_id)
                    if got is None or got[0] > at:
                        append(row(rid, ns, what, label, due, unit_id, unit_name, blank, None, None, None,
                                   None, waiting.get(unit_id, 0)))
                    else:
                        append(row(rid, ns, what, label, due, unit_id, unit_name,
                                   "late" if got[0] > due else "on_time", got[1], got[2], got[0], got[3],
                                   waiting.get(unit_id, 0)))
    finally:
        if collecting:
            gc.enable()
    return rows


def summarise(rows: list[StatusRow]) -> dict[str, int]:
    """Counts per status."""
    out: dict[str, int] = {}
    for r in rows:
        out[r.status] = out.get(r.status, 0) + 1
    return out
