"""Pure groupings of tracking rows (StatusRow) for the dashboard and the tracking pages."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from service.models import STATUSES, StatusRow
from service.tracking.status import CODES, StatusBlock

DONE = ("on_time", "late")


@dataclass
class PeriodSummary:
    """One requirement's one period: the units' statuses counted."""

    requirement_id: int
    what: str
    source_number_symbol: str | None
    period: str
    due_date: date | None
    counts: Counter = field(default_factory=Counter)
    _rows: list[StatusRow] | None = field(default=None, repr=False)
    _block: StatusBlock | None = field(default=None, repr=False)  # rows made on demand

    @property
    def rows(self) -> list[StatusRow]:
        if self._rows is None:
            self._rows = self._block.rows() if self._block is not None else []
        return self._rows

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def done(self) -> int:
        return sum(self.counts[s] for s in DONE)

    @property
    def owing_count(self) -> int:
        return self.total - self.done

    def units_with(self, status: str, limit: int) -> list[str]:
        """The names of the first `limit` units with `status`, in the requirement's order, read from
        the block's codes without making a row for every unit (the dashboard lists a few)."""
        block = self._block
        if self._rows is None and isinstance(block, StatusBlock):
            code, start = CODES.index(status), 0
            names: list[str] = []
            while len(names) < limit and (index := block.codes.find(code, start)) >= 0:
                names.append(block.unit_names[index])
                start = index + 1
            return names
        return [r.unit_name for r in self.rows if r.status == status][:limit]

    @property
    def owing(self) -> list[StatusRow]:
        if not any(self.counts[s] for s in STATUSES if s not in DONE):
            return []
        return [r for r in self.rows if r.status not in DONE]

    def to_json(self) -> dict:
        return {
            "requirement_id": self.requirement_id,
            "what": self.what,
            "source_number_symbol": self.source_number_symbol,
            "period": self.period,
            "due_date": self.due_date.isoformat() if self.due_date else None,
            "total": self.total,
            "done": self.done,
            "counts": {s: self.counts.get(s, 0) for s in STATUSES},
        }


def summarise(rows) -> list[PeriodSummary]:
    """Group by requirement and period, newest due date first. A tracking StatusTable is summarised
    by its blocks' counts, without making a row for every unit (rows come when a page needs them)."""
    blocks = getattr(rows, "blocks", None)
    if blocks is not None:
        out = [
            PeriodSummary(
                b.requirement_id,
                b.what,
                b.source_number_symbol,
                b.period,
                b.due_date,
                Counter({k: v for k, v in b.counts().items() if v}),
                _block=b,
            )
            for b in blocks
            if len(b)
        ]
    else:
        buckets: dict[tuple, list[StatusRow]] = defaultdict(list)
        for r in rows:
            buckets[(r.requirement_id, r.period)].append(r)
        out = [
            PeriodSummary(
                rid,
                rs[0].what,
                rs[0].source_number_symbol,
                period,
                rs[0].due_date,
                Counter([r.status for r in rs]),
                rs,
            )
            for (rid, period), rs in buckets.items()
        ]
    return sorted(out, key=lambda s: (s.due_date or date.max, s.requirement_id), reverse=True)


def due_within(summaries: list[PeriodSummary], today: date, days: int) -> list[PeriodSummary]:
    """Periods due from today to today + days that some unit still owes, soonest first."""
    end = today + timedelta(days=days)
    found = [s for s in summaries if s.due_date and today <= s.due_date <= end and s.owing]
    return sorted(found, key=lambda s: (s.due_date, s.requirement_id))


def overdue(summaries: list[PeriodSummary]) -> list[PeriodSummary]:
    """Periods with units past the due date and nothing received, most recent first."""
    return [s for s in summaries if s.counts["overdue"]]


def current(groups: list[PeriodSummary], today: date) -> PeriodSummary | None:
    """The period a clerk acts on now: the latest one past due with units still missing,
    else the next one coming, else the latest."""
    late = [g for g in groups if g.due_date and g.due_date < today and g.counts["overdue"]]
    if late:
        return max(late, key=lambda g: g.due_date or date.min)  # each has its day (above)
    coming = [g for g in groups if g.due_date and g.due_date >= today]
    if coming:
        return min(coming, key=lambda g: g.due_date or date.max)
    return max(groups, key=lambda g: g.due_date or date.min) if groups else None


def matrix(rows: Sequence[StatusRow]) -> tuple[list[str], list[tuple[str, str]], dict]:
    """Periods (columns, oldest first), units (rows) and {(unit_id, period): StatusRow}."""
    due: dict[str, date] = {}
    for r in rows:
        due.setdefault(r.period, r.due_date or date.min)
    periods = sorted(due, key=lambda p: (due[p], p))
    units: dict[str, str] = {}
    cells = {}
    for r in rows:
        units.setdefault(r.unit_id, r.unit_name)
        cells[(r.unit_id, r.period)] = r
    return periods, list(units.items()), cells


def latest_due(summaries: list[PeriodSummary], today: date) -> list[PeriodSummary]:
    """Each requirement's current period: the latest one already due (the one a unit late with its
    report is late for now)."""
    current: dict[int, PeriodSummary] = {}
    for s in summaries:
        if s.due_date and s.due_date < today:
            held = current.get(s.requirement_id)
            if held is None or s.due_date > (held.due_date or date.min):
                current[s.requirement_id] = s
    return sorted(current.values(), key=lambda s: (s.due_date, s.requirement_id), reverse=True)


def split_overdue(
    summaries: list[PeriodSummary], today: date
) -> tuple[list[PeriodSummary], list[PeriodSummary]]:
    """(current, backlog): the periods with units overdue, the current period of each requirement
    apart from the earlier ones (a backlog of their own, not one alarming number)."""
    now = {(s.requirement_id, s.period) for s in latest_due(summaries, today)}
    late = overdue(summaries)
    return (
        [s for s in late if (s.requirement_id, s.period) in now],
        [s for s in late if (s.requirement_id, s.period) not in now],
    )
