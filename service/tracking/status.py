"""Statuses (tình trạng) per requirement, unit and period, as of a day. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from service.models import Organisation, Requirement, StatusRow
from service.tracking.periods import periods_as_of


@dataclass(frozen=True)
class Received:
    """A linked submission as status needs it (the earliest one counts)."""

    received_on: date
    so_den: int | None = None
    number_symbol: str | None = None
    document_id: int | None = None


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
                 received: dict[tuple[int, str, str], Received],
                 proposed: dict[tuple[int, str, str], int] | None = None) -> list[StatusRow]:
    """One row per requirement, owing unit and period that matters on day `at`.

    `received` holds the earliest linked submission per (requirement, unit, period), received on
    or before `at`; `proposed` counts links waiting for the clerk. Units no longer configured are
    still shown (by id) so that a changed configuration does not hide what was owed.
    """
    names = {u.id: u.name for u in org.units}
    proposed = proposed or {}
    soon = timedelta(days=due_soon_days)
    rows: list[StatusRow] = []
    append = rows.append
    for req in requirements:
        rid, ns, what = req.id, req.source_number_symbol, req.what
        for label, due in periods_as_of(req, at):
            # the status of a period without a submission is the same for every unit
            if due is None:
                blank = "not_due"
            elif at > due:
                blank = "overdue"
            elif due - at <= soon:
                blank = "due_soon"
            else:
                blank = "not_due"
            for unit_id in req.unit_ids:
                key = (rid, unit_id, label)
                got = received.get(key)
                if got is None or got.received_on > at:
                    append(StatusRow(rid, ns, what, label, due, unit_id, names.get(unit_id, unit_id),
                                     blank, None, None, None, None, proposed.get(key, 0)))
                else:
                    append(StatusRow(rid, ns, what, label, due, unit_id, names.get(unit_id, unit_id),
                                     "late" if due is not None and got.received_on > due else "on_time",
                                     got.so_den, got.number_symbol, got.received_on, got.document_id,
                                     proposed.get(key, 0)))
    return rows


def summarise(rows: list[StatusRow]) -> dict[str, int]:
    """Counts per status."""
    out: dict[str, int] = {}
    for r in rows:
        out[r.status] = out.get(r.status, 0) + 1
    return out
