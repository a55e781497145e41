"""The pure rules of handling: states and steps, who may take them, the default deadline, statuses."""

from __future__ import annotations

from datetime import date

import pytest

from service.models import Deadline
from service.workflow import (
    Actor,
    AssignmentRole,
    AssignmentStatus,
    HandlingState,
    StepCode,
    WorkflowError,
    assignment_status,
    default_handling_due,
    document_deadline,
    edxml_status,
    handling_status,
    next_state,
)
from service.workflow import states as rules

S, C = HandlingState, StepCode


@pytest.mark.parametrize(
    ("state", "step", "after"),
    [
        (S.REGISTERED, C.PRESENTED, S.PRESENTED),
        (S.RETURNED, C.PRESENTED, S.PRESENTED),
        (S.PRESENTED, C.RETURNED, S.RETURNED),
        (S.PRESENTED, C.FORWARDED, S.PRESENTED),
        (S.PRESENTED, C.ASSIGNED, S.IN_PROGRESS),
        (S.IN_PROGRESS, C.PROGRESS, S.IN_PROGRESS),
        (S.IN_PROGRESS, C.REASSIGNED, S.IN_PROGRESS),
        (S.IN_PROGRESS, C.DONE, S.DONE),
        (S.DONE, C.PROGRESS, S.DONE),  # a supporting unit finishing its part after the lead
        (S.REGISTERED, C.FILED, S.FILED),  # lưu, không trình: for information
        (S.RETURNED, C.FILED, S.FILED),  # given back by the leader as nothing to do
        (S.FILED, C.PRESENTED, S.PRESENTED),  # it turned out to need a direction after all
    ],
)
def test_steps_that_fit(state, step, after):
    assert next_state(state, step) is after


@pytest.mark.parametrize(
    ("state", "step"),
    [
        (S.PRESENTED, C.PRESENTED),  # presented twice
        (S.IN_PROGRESS, C.PRESENTED),
        (S.REGISTERED, C.ASSIGNED),  # directed before it was presented
        (S.REGISTERED, C.RETURNED),
        (S.IN_PROGRESS, C.FORWARDED),
        (S.DONE, C.REASSIGNED),
        (S.RETURNED, C.DONE),
        (S.PRESENTED, C.FILED),  # a leader has it: the leader returns it first
        (S.IN_PROGRESS, C.FILED),
        (S.FILED, C.FILED),
        (S.FILED, C.ASSIGNED),
    ],
)
def test_steps_that_do_not_fit_are_refused_with_a_code(state, step):
    with pytest.raises(WorkflowError) as err:
        next_state(state, step)
    assert err.value.code == "handling_step_refused" and "văn bản" in err.value.message


def test_only_the_leads_done_finishes_the_document():
    assert next_state(S.IN_PROGRESS, C.DONE, lead=False) is S.IN_PROGRESS
    assert next_state(S.IN_PROGRESS, C.DONE, lead=True) is S.DONE


def test_who_may_take_a_step():
    clerk = Actor("vt", "clerk")
    leader, other = Actor("ld", "leader"), Actor("pct", "leader")
    officer = Actor("cv", "officer", unit_id="noi-vu")
    head = Actor("tp", "officer", unit_id="noi-vu", unit_head=True)
    stranger = Actor("cv2", "officer", unit_id="tu-phap")
    rules.check_clerk(clerk)
    rules.check_leader(leader, None)
    rules.check_leader(other, None)  # presented to the office's leaders: any of them
    rules.check_leader(leader, "ld")
    rules.check_officer(officer, "noi-vu", None)
    rules.check_officer(officer, "noi-vu", "cv")
    rules.check_officer(head, "noi-vu", "cv")  # the head may act for any of the unit
    rules.check_unit_head(head, "noi-vu")
    refused = [
        lambda: rules.check_clerk(leader),
        lambda: rules.check_leader(clerk, None),
        lambda: rules.check_leader(officer, None),
        lambda: rules.check_leader(other, "ld"),  # presented to another leader
        lambda: rules.check_officer(stranger, "noi-vu", None),
        lambda: rules.check_officer(leader, "noi-vu", None),
        lambda: rules.check_officer(Actor("cv3", "officer", unit_id="noi-vu"), "noi-vu", "cv"),
        lambda: rules.check_unit_head(officer, "noi-vu"),
        lambda: rules.check_unit_head(Actor("h", "officer", unit_id="tu-phap", unit_head=True), "noi-vu"),
    ]
    for attempt in refused:
        with pytest.raises(WorkflowError) as err:
            attempt()
        assert err.value.code == "handling_forbidden"
    rules.check_leader(Actor("cli", "operator", operator=True), "ld")  # the command line acts for the office


def test_the_documents_own_deadline_is_its_earliest_date_not_before_arrival():
    deadlines = [
        Deadline("ngày 10/01/2026", date=date(2026, 1, 10)),  # cited from the past
        Deadline("trước ngày 20/3/2026", date=date(2026, 3, 20)),
        Deadline("trước ngày 13/3/2026", date=date(2026, 3, 13)),
        Deadline("hằng năm", date=None, recurrence="yearly"),
    ]
    assert document_deadline(deadlines, date(2026, 3, 2)) == date(2026, 3, 13)
    assert document_deadline(deadlines[:1], date(2026, 3, 2)) is None


def test_default_due_counts_the_margin_in_working_days():
    today = date(2026, 3, 2)  # a Monday
    # Friday 13 less 2 working days: Wednesday 11
    assert default_handling_due(date(2026, 3, 13), today=today, margin_days=2) == date(2026, 3, 11)
    # Monday 16 less 2 working days skips the weekend: Thursday 12
    assert default_handling_due(date(2026, 3, 16), today=today, margin_days=2) == date(2026, 3, 12)
    # a holiday in between is skipped too
    assert default_handling_due(
        date(2026, 3, 13), today=today, margin_days=2, holidays=[date(2026, 3, 12)]
    ) == date(2026, 3, 10)
    # a deadline on a Sunday with no margin falls back to Friday
    assert default_handling_due(date(2026, 3, 15), today=today, margin_days=0) == date(2026, 3, 13)
    # too close to keep the margin: today; already past: the deadline as it is; none: none
    assert default_handling_due(date(2026, 3, 3), today=today, margin_days=2) == today
    assert default_handling_due(date(2026, 2, 27), today=today, margin_days=2) == date(2026, 2, 27)
    assert default_handling_due(None, today=today, margin_days=2) is None


def test_assignment_and_register_statuses():
    due, today = date(2026, 3, 11), date(2026, 3, 12)
    assert assignment_status(due, None, date(2026, 3, 11)) is AssignmentStatus.OPEN
    assert assignment_status(due, None, today) is AssignmentStatus.OVERDUE
    assert assignment_status(due, date(2026, 3, 11), today) is AssignmentStatus.DONE
    assert assignment_status(due, date(2026, 3, 12), today) is AssignmentStatus.DONE_LATE
    assert assignment_status(None, None, today) is AssignmentStatus.OPEN
    assert handling_status(None, None, None, today) == "registered"
    assert handling_status(S.PRESENTED, None, None, today) == "presented"
    assert handling_status(S.IN_PROGRESS, due, None, today) == "overdue"
    assert handling_status(S.DONE, due, date(2026, 3, 10), today) == "done"


def test_edxml_status_of_each_step():
    assert edxml_status(C.ASSIGNED, AssignmentRole.LEAD) == "04"
    assert edxml_status(C.PROGRESS, AssignmentRole.SUPPORT) == "05"
    assert edxml_status(C.ACKNOWLEDGED, AssignmentRole.LEAD) == "05"
    assert edxml_status(C.DONE, AssignmentRole.LEAD) == "06"
    assert edxml_status(C.DONE, AssignmentRole.SUPPORT) is None  # only the lead's finishes it
    assert edxml_status(C.PRESENTED, None) is None
