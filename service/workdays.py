"""Vietnam's working calendar (lịch làm việc) from the `holidays` library, with the office's own days.

The library knows the public holidays of every year (Tết Dương lịch, Tết Nguyên đán by the lunar
calendar, Giỗ Tổ Hùng Vương, 30/4, 1/5, Quốc khánh, and the days off in lieu of a holiday falling on
a weekend) and the days the government has swapped (a weekday off, a Saturday worked in exchange) for
the years announced when it was released. The government announces next year's swaps late in the
year: the office adds them in config.yaml (`holidays:` days off, `working_days:` Saturdays worked),
and `vanthu check` says when next year has nothing announced yet.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from service.models import WorkCalendar

COUNTRY = "VN"


def public_days(year: int) -> tuple[frozenset[date], frozenset[date]]:
    """(days off, weekend days worked) of `year` in Vietnam, from the library alone."""
    import holidays

    cal = holidays.country_holidays(COUNTRY, years=year)
    off = frozenset(d for d in cal if d.year == year)
    worked = frozenset(d for d in cal.weekend_workdays if d.year == year)
    return off, worked


def has_announced(year: int) -> bool:
    """Whether the library holds anything for `year` beyond the rules that recur every year: the
    government's swapped days off or Saturdays worked in exchange."""
    import holidays

    cal = holidays.country_holidays(COUNTRY, years=year)
    special = getattr(cal, "special_public_holidays", {}) or {}
    return bool(special.get(year)) or any(d.year == year for d in cal.weekend_workdays)


def vietnam_calendar(holidays: Iterable[date] = (), working_days: Iterable[date] = ()) -> WorkCalendar:
    """The office's calendar: Vietnam's public days, plus its own days off and days worked."""
    return WorkCalendar(
        holidays=frozenset(holidays), working_days=frozenset(working_days), public=public_days
    )


def next_year_warnings(
    today: date, holidays: Iterable[date] = (), working_days: Iterable[date] = ()
) -> list[str]:
    """What `vanthu check` says when next year has nothing announced beyond the library's rules."""
    year = today.year + 1
    own = [d for d in (*holidays, *working_days) if d.year == year]
    if own or has_announced(year):
        return []
    return [
        f"Chưa có lịch nghỉ lễ, nghỉ bù, làm bù năm {year} do Chính phủ công bố (chỉ có ngày lễ cố định "
        f"và Tết âm lịch): khi có thông báo, thêm ngày nghỉ vào `holidays:` và ngày làm bù vào "
        f"`working_days:` trong config.yaml"
    ]
