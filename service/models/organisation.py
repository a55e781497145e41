"""The organisation (from config): its units, their groups, its working days."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Unit:
    """A unit (đơn vị) of the office: a bureau or a subordinate administration."""

    id: str
    name: str
    aliases: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    abbreviation: str = ""  # in công văn symbols and filing lines: UBND-LĐTBXH, "Lưu: VT, LĐTBXH"
    agency_code: str = ""  # mã định danh, for electronic exchange; stored as given


@dataclass(frozen=True)
class UnitGroup:
    id: str
    name: str  # "Các cơ quan, ban, ngành huyện"
    aliases: tuple[str, ...] = ()


# The public days off and weekend days worked of one year, from a holiday calendar (the `holidays`
# library for Vietnam in service/workdays.py).
YearDays = Callable[[int], tuple[frozenset[date], frozenset[date]]]


@dataclass(frozen=True)
class WorkCalendar:
    """The office's working days (ngày làm việc): Monday to Friday, less public holidays (ngày nghỉ
    lễ, Tết) and the days the government gives off in exchange (nghỉ bù), plus the weekend days
    worked in exchange (làm bù). `holidays` and `working_days` are the office's own (config); a
    day in `working_days` is worked whatever the public calendar says. `public` gives a year's
    public days off and weekend working days, computed once per year on first use."""

    holidays: frozenset[date] = frozenset()
    working_days: frozenset[date] = frozenset()
    public: YearDays | None = field(default=None, compare=False, repr=False)
    _years: dict[int, tuple[frozenset[date], frozenset[date]]] = field(
        default_factory=dict, compare=False, repr=False
    )

    def public_days(self, year: int) -> tuple[frozenset[date], frozenset[date]]:
        """(days off, weekend days worked) of `year` from the public calendar alone."""
        if self.public is None:
            return frozenset(), frozenset()
        if year not in self._years:
            self._years[year] = self.public(year)  # idempotent: a race computes the same value
        return self._years[year]

    def is_working_day(self, day: date) -> bool:
        if day in self.working_days:
            return True
        off, worked = self.public_days(day.year)
        if day.weekday() >= 5:
            return day in worked
        return day not in self.holidays and day not in off

    def adding(self, holidays: tuple[date, ...] | frozenset[date]) -> WorkCalendar:
        """The same calendar with more days off (a caller's own list)."""
        if not holidays:
            return self
        return WorkCalendar(self.holidays | frozenset(holidays), self.working_days, self.public, self._years)


@dataclass(frozen=True)
class Organisation:
    """The office that runs Vanthu; what extraction and drafting need to know of it."""

    name: str  # "Ủy ban nhân dân huyện Tam Đường"
    short_name: str  # "UBND" (symbol body)
    display_name: str  # "UBND huyện Tam Đường"
    parent: str  # "Ủy ban nhân dân tỉnh Lai Châu"
    place: str  # "Tam Đường"
    units: tuple[Unit, ...] = ()
    groups: tuple[UnitGroup, ...] = ()
    holidays: tuple[date, ...] = ()
    calendar: WorkCalendar | None = None  # working days: public holidays, config's additions
    parent_in_header: str = "auto"  # the parent body's line in the header: auto, always, never
    agency_code: str = ""  # mã định danh (QĐ 20/2020/QĐ-TTg), stored as given

    def unit(self, unit_id: str) -> Unit | None:
        return next((u for u in self.units if u.id == unit_id), None)

    def units_in_group(self, group_id: str) -> list[Unit]:
        return [u for u in self.units if group_id in u.groups]
