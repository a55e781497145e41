"""Periods of recurring requirements and the status rule (pure)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from service.models import Requirement
from service.tracking.periods import (
    assign_period,
    first_due_after,
    label_for,
    next_due,
    periods,
    periods_as_of,
)
from service.tracking.status import status_for


def req(recurrence, due, rule=None, end=None) -> Requirement:
    return Requirement(
        id=1,
        source_document_id=None,
        source_number_symbol="904/KH-UBND",
        what="Báo cáo",
        recurrence=recurrence,
        due_date=due,
        rule=rule,
        end_date=end,
        unit_ids=["a"],
    )


PLAN = req("yearly", date(2022, 11, 10), {"day": 10, "month": 11}, date(2025, 12, 31))


def test_yearly_periods_of_the_sample_plan_end_in_2025():
    assert periods(PLAN, date(2030, 1, 1)) == [
        ("2022", date(2022, 11, 10)),
        ("2023", date(2023, 11, 10)),
        ("2024", date(2024, 11, 10)),
        ("2025", date(2025, 11, 10)),
    ]
    assert periods(PLAN, date(2023, 11, 9)) == [("2022", date(2022, 11, 10))]
    assert periods_as_of(PLAN, date(2023, 11, 9))[-1] == ("2023", date(2023, 11, 10))
    assert next_due(PLAN, date(2023, 11, 11)) == date(2024, 11, 10)
    assert next_due(PLAN, date(2027, 1, 1)) == date(2025, 11, 10)  # ended: the last one


def test_without_an_end_a_yearly_rule_goes_on():
    r = req("yearly", date(2022, 11, 10), {"day": 10, "month": 11})
    assert [p for p, _ in periods(r, date(2031, 12, 31))][-1] == "2031"


@pytest.mark.parametrize(
    "recurrence,due,rule,expected",
    [
        (
            "quarterly",
            date(2026, 3, 20),
            {"day": 20, "month_of_quarter": 3},
            [("2026-Q1", date(2026, 3, 20)), ("2026-Q2", date(2026, 6, 20)), ("2026-Q3", date(2026, 9, 20))],
        ),
        (
            "monthly",
            date(2026, 1, 31),
            {"day": 31},
            [("2026-01", date(2026, 1, 31)), ("2026-02", date(2026, 2, 28)), ("2026-03", date(2026, 3, 31))],
        ),
        (
            "weekly",
            date(2026, 1, 2),
            {"weekday": 4},
            [("2026-W01", date(2026, 1, 2)), ("2026-W02", date(2026, 1, 9)), ("2026-W03", date(2026, 1, 16))],
        ),
        (None, date(2026, 4, 8), None, [("once", date(2026, 4, 8))]),
    ],
)
def test_other_recurrences(recurrence, due, rule, expected):
    assert periods(req(recurrence, due, rule), expected[-1][1]) == expected


def test_first_due_after_an_issue_date():
    assert first_due_after("yearly", {"day": 10, "month": 11}, date(2022, 7, 21)) == date(2022, 11, 10)
    assert first_due_after("yearly", {"day": 10, "month": 11}, date(2022, 11, 10)) == date(2023, 11, 10)
    assert first_due_after("monthly", {"day": 5}, date(2026, 1, 20)) == date(2026, 2, 5)
    assert first_due_after("weekly", {"weekday": 4}, date(2026, 1, 2)) == date(2026, 1, 9)
    assert first_due_after(None, None, date(2026, 1, 2)) is None


def test_a_report_shortly_after_a_due_date_is_late_for_that_period():
    assert assign_period(PLAN, date(2023, 11, 20)) == ("2023", True)
    assert assign_period(PLAN, date(2024, 1, 9)) == ("2023", True)
    # ... unless the unit has already sent that period's report
    assert assign_period(PLAN, date(2024, 1, 9), taken={"2023"}) == ("2024", True)
    assert assign_period(PLAN, date(2023, 10, 1)) == ("2023", True)
    assert assign_period(PLAN, date(2023, 10, 1), named="2022") == ("2022", True)
    assert assign_period(PLAN, date(2023, 10, 1), named="2031") == ("2023", True)  # not a period
    assert assign_period(PLAN, date(2027, 3, 1)) == ("2025", False)  # after the end: the clerk judges


@pytest.mark.parametrize(
    "due,received,at,expected",
    [
        (date(2022, 11, 10), None, date(2022, 10, 1), "not_due"),
        (date(2022, 11, 10), None, date(2022, 11, 3), "due_soon"),
        (date(2022, 11, 10), None, date(2022, 11, 10), "due_soon"),
        (date(2022, 11, 10), None, date(2022, 11, 11), "overdue"),
        (date(2022, 11, 10), date(2022, 11, 10), date(2022, 11, 11), "on_time"),
        (date(2022, 11, 10), date(2022, 11, 11), date(2022, 11, 30), "late"),
        (date(2022, 11, 10), date(2022, 11, 11), date(2022, 11, 10), "due_soon"),  # not yet received then
    ],
)
def test_status_for(due, received, at, expected):
    assert status_for(due, received, at, 7) == expected


@given(
    st.sampled_from(["yearly", "quarterly", "monthly", "weekly"]),
    st.dates(date(2000, 1, 1), date(2090, 1, 1)),
    st.integers(1, 31),
)
def test_periods_are_increasing_and_uniquely_labelled(recurrence, due, day):
    r = req(recurrence, due, {"day": day} if recurrence != "weekly" else None)
    plist = periods_as_of(
        r,
        due.replace(year=due.year + 3)
        if not (due.month == 2 and due.day == 29)
        else date(due.year + 3, 3, 1),
    )
    dues = [d for _, d in plist]
    labels = [p for p, _ in plist]
    assert dues == sorted(dues) and len(set(dues)) == len(dues)
    assert len(set(labels)) == len(labels)
    assert all(label_for(recurrence, d) == p for p, d in plist)
