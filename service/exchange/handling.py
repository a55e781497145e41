"""The handling workflow's listener (service.handling.hooks): an assignment, the handling and its end
on a document that came as an edXML message send 04, 05 and 06 back to its sender.

The hooks run after each step's commit; a step whose status was not journaled (the process ended in
between) is found again by `catch_up`, which the exchange round runs first: every status step on a
received document is journaled once, by its step id.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from sqlalchemy import Connection

from service.config import Config
from service.exchange.codes import StatusCode
from service.exchange.outgoing import ReceivedStatus, plan_status
from service.runtime import Runtime
from service.store import exchange as xs
from service.workflow.states import AssignmentRole, StepCode, edxml_status

if TYPE_CHECKING:
    from service.store.handling import HandlingStep

# The steps that may send a status (edxml_status says which, and the lead's done only).
STATUS_STEPS = (
    StepCode.ASSIGNED,
    StepCode.ACKNOWLEDGED,
    StepCode.PROGRESS,
    StepCode.REASSIGNED,
    StepCode.DONE,
)


def on_handling_steps(rt: Runtime, steps: Sequence[HandlingStep]) -> None:
    """The hook: steps just committed (service.store.handling.HandlingStep)."""
    wanted = [s for s in steps if s.code in STATUS_STEPS]
    if not wanted:
        return
    with rt.store.write() as conn:
        for s in wanted:
            step = xs.StepToReport(s.id, s.document_id, s.code, s.assignment_role, s.at, s.text)
            _report(conn, rt.config, step)


def catch_up(rt: Runtime) -> int:
    """Journal the statuses of steps committed while no listener ran. Returns how many."""
    with rt.store.write() as conn:
        steps = xs.steps_to_report(conn, xs.last_reported_step(conn), [str(c) for c in STATUS_STEPS])
        return sum(_report(conn, rt.config, s) for s in steps)


def _report(conn: Connection, cfg: Config, step: xs.StepToReport) -> bool:
    role = step.assignment_role
    status = edxml_status(StepCode(step.code), AssignmentRole(role) if role else None)
    if status is None or xs.step_reported(conn, step.id):
        return False
    about = ReceivedStatus(step.document_id, StatusCode(status), step.text or "", handling_step_id=step.id)
    return plan_status(conn, cfg, about, now=step.at) is not None
