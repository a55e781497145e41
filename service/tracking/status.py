"""Statuses (tình trạng) per requirement, unit and period, as of a day. Pure.

The status of a whole office is tens of thousands of cells (units × requirements × periods), so it
is computed as one compact code per cell, period by period (`StatusBlock`), and handed back as a
`StatusTable`: a sequence of StatusRow that makes each row only when it is read. Callers that need
counts or one requirement's matrix do not pay for the rows they never look at.
"""

from __future__ import annotations

import gc
from bisect import bisect_right
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date, timedelta
from functools import lru_cache
from itertools import accumulate
from typing import Any, NamedTuple, overload

from service.models import STATUSES, Organisation, Requirement, StatusRow
from service.tracking.periods import periods_as_of
from service.tracking.received import ProposedIndex, Received, ReceivedGroup, ReceivedIndex

# One byte per cell; the index into CODES is the status.
CODES = ("not_due", "due_soon", "overdue", "on_time", "late")
NOT_DUE, DUE_SOON, OVERDUE, ON_TIME, LATE = range(len(CODES))
assert set(CODES) == set(STATUSES)


_EMPTY: dict = {}


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


@lru_cache(maxsize=4096)  # a few hundred distinct days stand for tens of thousands of submissions
def _as_date(day: date | str) -> date:
    return day if isinstance(day, date) else date.fromisoformat(day)


@contextmanager
def _no_cyclic_gc():
    """Rows hold no cycles; the cyclic collector would walk a growing list again and again."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


class PeriodDue(NamedTuple):
    """A period of a requirement (its label: "2023", "Q4/2023", "11/2023") and the day it is due."""

    label: str
    due: date


class Owing(NamedTuple):
    """The units that owe a requirement, once per unit, with their names and places."""

    unit_ids: tuple[str, ...]
    unit_names: tuple[str, ...]
    unit_pos: dict[str, int]


class StatusBlock:
    """One period of one requirement: a status code for each owing unit, in the requirement's order."""

    __slots__ = (
        "_rows",
        "codes",
        "due_date",
        "period",
        "proposed",
        "received",
        "requirement_id",
        "source_number_symbol",
        "unit_ids",
        "unit_names",
        "what",
    )

    def __init__(
        self,
        req: Requirement,
        period: PeriodDue,
        units: Owing,
        codes: bytes,
        received: Mapping[str, Received],
        proposed: dict,
    ):
        self.requirement_id = req.id
        self.source_number_symbol = req.source_number_symbol
        self.what = req.what
        self.period = period.label
        self.due_date = period.due
        self.unit_ids = units.unit_ids
        self.unit_names = units.unit_names
        self.codes = codes
        self.received = received
        self.proposed = proposed
        self._rows: list[StatusRow] | None = None

    def __len__(self) -> int:
        return len(self.codes)

    def status_of(self, index: int) -> str:
        return CODES[self.codes[index]]

    def counts(self) -> dict[str, int]:
        """How many units have each status (every status present, zeros included)."""
        return {name: self.codes.count(code) for code, name in enumerate(CODES)}

    def rows(self) -> list[StatusRow]:
        """The rows, made once on first use."""
        if self._rows is None:
            self._rows = self._make_rows()
        return self._rows

    def _make_rows(self) -> list[StatusRow]:
        rid, ns, what, label, due = (
            self.requirement_id,
            self.source_number_symbol,
            self.what,
            self.period,
            self.due_date,
        )
        got, waiting, row = self.received, self.proposed, StatusRow
        if not got and not waiting:  # nothing received yet: the common case, kept lean
            return [
                row(rid, ns, what, label, due, unit_id, name, CODES[code], None, None, None, None, 0)
                for unit_id, name, code in zip(self.unit_ids, self.unit_names, self.codes)
            ]
        out: list[StatusRow] = []
        append, as_date, status = out.append, _as_date, CODES
        for unit_id, name, code in zip(self.unit_ids, self.unit_names, self.codes):
            if code >= ON_TIME:  # sent (ON_TIME, LATE are the last codes): the earliest one is shown
                day, so_den, number_symbol, document_id = got[unit_id]
                received_on: date | None = as_date(day)
            else:
                so_den = number_symbol = received_on = document_id = None
            waits = waiting.get(unit_id, 0) if waiting else 0
            append(
                row(
                    rid,
                    ns,
                    what,
                    label,
                    due,
                    unit_id,
                    name,
                    status[code],
                    so_den,
                    number_symbol,
                    received_on,
                    document_id,
                    waits,
                )
            )
        return out


class StatusTable(Sequence[StatusRow]):
    """Every owing unit's status, requirement by requirement and period by period.

    A Sequence of StatusRow (len, index, iterate: rows are made when first read, then kept), with
    `counts()` and `blocks` for callers that need no rows at all.
    """

    def __init__(self, blocks: list[StatusBlock]):
        self.blocks = blocks
        self._ends = list(accumulate(len(b) for b in blocks))
        self._rows: list[StatusRow] | None = None

    def __len__(self) -> int:
        return self._ends[-1] if self._ends else 0

    @overload
    def __getitem__(self, index: int) -> StatusRow: ...

    @overload
    def __getitem__(self, index: slice) -> list[StatusRow]: ...

    def __getitem__(self, index):
        if isinstance(index, slice):
            return self._all_rows()[index]
        if self._rows is not None:
            return self._rows[index]
        n = len(self)
        if index < 0:
            index += n
        if not 0 <= index < n:
            raise IndexError("status row index out of range")
        k = bisect_right(self._ends, index)
        start = self._ends[k - 1] if k else 0
        return self.blocks[k].rows()[index - start]

    def __iter__(self) -> Iterator[StatusRow]:
        # every row is made up front, not block by block: a paused generator would keep the
        # collector off (see rows()) for as long as a caller holds it
        return iter(self._all_rows())

    def __repr__(self) -> str:
        return f"<StatusTable {len(self)} rows in {len(self.blocks)} periods>"

    def rows(self) -> list[StatusRow]:
        """Every row, as a new list (the rows themselves are made once)."""
        return list(self._all_rows())

    def _all_rows(self) -> list[StatusRow]:
        if self._rows is None:
            with _no_cyclic_gc():  # tens of thousands of rows: the collector waits till they are made
                self._rows = [r for block in self.blocks for r in block.rows()]
        return self._rows

    def counts(self) -> dict[str, int]:
        """How many rows have each status (every status present, zeros included)."""
        total = dict.fromkeys(CODES, 0)
        for block in self.blocks:
            for name, n in block.counts().items():
                total[name] += n
        return total

    def block(self, requirement_id: int, period: str) -> StatusBlock | None:
        return next(
            (b for b in self.blocks if b.requirement_id == requirement_id and b.period == period), None
        )

    def for_requirement(self, requirement_id: int) -> StatusTable:
        return StatusTable([b for b in self.blocks if b.requirement_id == requirement_id])


def _codes_with_received(
    blank_codes: bytes, unit_pos: dict[str, int], got: Mapping[str, Received], due: date, at: date
) -> bytes:
    """Each owing unit's code: ON_TIME or LATE if it sent its report by `at`, else as in `blank_codes`.

    Units that sent it but no longer owe it are not counted.
    """
    last_day: Any = None
    if isinstance(got, ReceivedGroup):
        units, days, last_day = got.units, got.day_list, got.last_day
    else:
        units, days = list(got), [sub[0] for sub in got.values()]
    due_key: Any  # of the days' own kind: ISO text compares in date order
    at_key: Any
    if isinstance(days[0], str):
        due_key, at_key = due.isoformat(), at.isoformat()
    else:
        due_key, at_key = due, at
    cells = bytearray(blank_codes)
    if last_day is not None and type(last_day) is type(days[0]) and last_day <= at_key:
        # every one sent by `at` (the usual case): tens of thousands of cells, so the lean loop
        position = unit_pos.get
        try:
            for unit_id, day in zip(units, days):
                cells[position(unit_id)] = LATE if day > due_key else ON_TIME  # type: ignore[index]
            return bytes(cells)
        except TypeError:  # a unit that no longer owes it: the careful loop below
            cells = bytearray(blank_codes)
    for unit_id, day in zip(units, days):
        pos = unit_pos.get(unit_id)
        if pos is not None and day <= at_key:
            cells[pos] = LATE if day > due_key else ON_TIME
    return bytes(cells)


def build_status(
    requirements: list[Requirement],
    org: Organisation,
    at: date,
    due_soon_days: int,
    received: ReceivedIndex,
    proposed: ProposedIndex | None = None,
) -> StatusTable:
    """The status of every owing unit for every period that matters on day `at`, in one pass.

    Units no longer configured are still shown (by id) so that a changed configuration does not
    hide what was owed.
    """
    names = {u.id: u.name for u in org.units}
    proposed = proposed or {}
    soon = timedelta(days=due_soon_days)
    blocks: list[StatusBlock] = []
    owing: dict[tuple[str, ...], Owing] = {}  # requirements mostly share a group's units
    for req in requirements:
        listed = tuple(req.unit_ids)
        units = owing.get(listed)
        if units is None:
            unit_ids = tuple(dict.fromkeys(listed))  # a unit owes one report per period
            units = owing[listed] = Owing(
                unit_ids,
                tuple(map(names.get, unit_ids, unit_ids)),  # else its id
                {u: i for i, u in enumerate(unit_ids)},
            )
        unit_ids = units.unit_ids
        for label, due in periods_as_of(req, at):
            # without a submission, every unit of a period has the same status
            blank = OVERDUE if at > due else DUE_SOON if due - at <= soon else NOT_DUE
            codes = bytes((blank,)) * len(unit_ids)
            got = received.get((req.id, label), _EMPTY)
            if got:
                codes = _codes_with_received(codes, units.unit_pos, got, due, at)
            blocks.append(
                StatusBlock(
                    req, PeriodDue(label, due), units, codes, got, proposed.get((req.id, label), _EMPTY)
                )
            )
    return StatusTable(blocks)


def summarise(rows: Sequence[StatusRow]) -> dict[str, int]:
    """Counts per status."""
    if isinstance(rows, StatusTable):
        return {k: v for k, v in rows.counts().items() if v}
    out: dict[str, int] = {}
    for r in rows:
        out[r.status] = out.get(r.status, 0) + 1
    return out
