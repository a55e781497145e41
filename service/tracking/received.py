"""What status needs of the linked submissions (báo cáo đã nhận): the earliest one of each unit and
period, its day at once and the rest only when a row is read."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date
from typing import NamedTuple


class Received(NamedTuple):
    """A linked submission as status needs it (the earliest one counts).

    `received_on` is a date or its ISO text ("2023-11-09"; ISO dates compare in date order, so the
    store need not parse tens of thousands of them). A plain tuple in this order is accepted too.
    """

    received_on: date | str
    so_den: int | None = None
    number_symbol: str | None = None
    document_id: int | None = None


class ReceivedGroup(Mapping[str, Received]):
    """One period's linked submissions, unit id -> the earliest one: its day at once, the rest later.

    A status needs only the day of each unit's submission; the số đến, number and document id are
    needed only for the rows a caller reads. `units` and `day_list` are aligned sequences, one entry
    per unit (no unit twice); `details` gives (so_den, number_symbol, document_id) in the same order and
    is called once, when the first of them is read. `last_day`, if known, is the latest of the days.
    """

    __slots__ = ("_details", "_subs", "day_list", "last_day", "units")

    def __init__(
        self,
        units: Sequence[str],
        day_list: Sequence[date | str],
        details: Callable[[], Iterable[tuple]],
        last_day: date | str | None = None,
    ):
        if len(units) != len(day_list):
            raise ValueError("units out of step with their days")
        self.units = units
        self.day_list = day_list
        self.last_day = last_day
        self._details: Callable[[], Iterable[tuple]] | None = details
        self._subs: dict[str, Received] | None = None

    @classmethod
    def of(cls, subs: Mapping[str, Received | tuple]) -> ReceivedGroup:
        """A group of submissions already at hand."""
        group = cls(list(subs), [sub[0] for sub in subs.values()], tuple)
        group._subs = {unit: Received(*sub) for unit, sub in subs.items()}
        group._details = None
        return group

    def _all(self) -> dict[str, Received]:
        if self._subs is None:
            assert self._details is not None  # set until the details are read, then _subs is
            details = list(self._details())
            if len(details) != len(self.units):
                raise ValueError("submission details out of step with their days")
            self._subs = {
                unit: Received(day, *rest) for unit, day, rest in zip(self.units, self.day_list, details)
            }
            self._details = None
        return self._subs

    def __getitem__(self, unit_id: str) -> Received:
        return self._all()[unit_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self.units)

    def __len__(self) -> int:
        return len(self.units)

    def __contains__(self, unit_id: object) -> bool:  # without decoding the details
        return unit_id in self.units

    def __repr__(self) -> str:
        return f"<ReceivedGroup {len(self)} units>"


# (requirement id, period) -> unit id -> the earliest linked submission received on or before the day
# (a plain dict of Received, or a ReceivedGroup that decodes them when first read)
ReceivedIndex = dict[tuple[int | None, str], Mapping[str, Received]]
# (requirement id, period) -> unit id -> how many links wait for the clerk
ProposedIndex = dict[tuple[int | None, str], dict[str, int]]
