"""Date parsing and deadline arithmetic, with property tests."""

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from service.text.dates import (
    add_working_days,
    find_dates,
    last_day_of_month,
    next_monthly,
    next_yearly,
    parse_date,
    parse_quarter,
    quarter_end,
)
from service.text.normalize import fold

days = st.dates(min_value=date(1990, 1, 1), max_value=date(2099, 12, 31))


def _written(d: date, style: int, zero: bool) -> str:
    dd = f"{d.day:02d}" if zero else str(d.day)
    mm = f"{d.month:02d}" if zero else str(d.month)
    return [
        f"ngày {dd} tháng {mm} năm {d.year}",
        f"{dd}/{mm}/{d.year}",
        f"{dd}.{mm}.{d.year}",
        f"ngay {dd} thang {mm} nam {d.year}",
        f"Ngày {dd} tháng {mm}, năm {d.year}",
    ][style]


@given(
    days, st.integers(0, 4), st.booleans(), st.sampled_from(["", "trước ", "Căn cứ Kế hoạch số 12/KH-UBND "])
)
def test_written_dates_parse_back(d, style, zero, prefix):
    assert parse_date(prefix + _written(d, style, zero) + " của UBND tỉnh") == d


@given(days)
def test_ocr_spelling_of_the_date_words(d):
    # "ngiry 20 thang 11 nim 2025": OCR's date words still read.
    assert parse_date(f"ngiry {d.day} thang {d.month} nim {d.year}") == d


def test_impossible_dates_are_not_dates():
    assert parse_date("ngày 31/4/2025") is None
    assert parse_date("ngày 80 tháng 3 năm 2018") is None
    assert find_dates(fold("mã số 1.011963 và 22/22 xã")) == []


@given(days, st.integers(0, 40), st.lists(days, max_size=5))
def test_working_days_land_on_working_days(start, n, holidays):
    end = add_working_days(start, n, holidays)
    assert end >= start
    if n:
        assert end.weekday() < 5 and end not in holidays
        counted = sum(
            1
            for i in range(1, (end - start).days + 1)
            if (start + timedelta(i)).weekday() < 5 and start + timedelta(i) not in holidays
        )
        assert counted == n


@given(days, st.integers(1, 12), st.integers(1, 28))
def test_next_yearly_is_the_first_on_or_after(after, month, day):
    got = next_yearly(after, month, day)
    assert got >= after and (got.month, got.day) == (month, day)
    assert (got - after).days < 366


@given(days, st.integers(1, 31))
def test_next_monthly_within_a_month(after, day):
    got = next_monthly(after, day)
    assert after <= got and (got - after).days <= 31


@given(st.integers(1990, 2099), st.integers(1, 12))
def test_period_ends(year, month):
    end = last_day_of_month(year, month)
    assert (end + timedelta(days=1)).day == 1
    q = (month - 1) // 3 + 1
    assert quarter_end(year, q) >= end


def test_quarters():
    assert parse_quarter("I") == 1 and parse_quarter("iv") == 4 and parse_quarter("2") == 2
    assert parse_quarter("V") is None
    assert quarter_end(2026, 1) == date(2026, 3, 31)
