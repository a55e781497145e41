"""The steps of handling a document, each one transaction: check the state and the person, write
the step into the history, keep the register's and the follow-up register's columns in step, then
tell the listeners (hooks)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import cast

from sqlalchemy import Connection

from service.handling import assignees, hooks
from service.runtime import Runtime
from service.store import documents as docs
from service.store import handling as hstore
from service.store.handling import AnswerFile, Assignment, HandlingStep
from service.store.people import Person, get_person
from service.text import nfc
from service.workflow import (
    Actor,
    AssignmentRole,
    HandlingState,
    StepCode,
    WorkflowError,
    next_state,
)
from service.workflow import states as rules

TEXT_MAX = 4000
DEFAULT_DUE = object()  # `Direction(due=…)` not given: the document's deadline less the office's margin


def actor_of(conn: Connection, name: str, *, operator: bool = False) -> Actor:
    """The Actor for a user name (the command line passes `operator=True` for itself)."""
    if operator:
        return Actor(name=name, role="operator", operator=True)
    person = get_person(conn, name)
    if person is None:
        raise WorkflowError("user_unknown", f"Không có người dùng {name}.")
    return Actor(name=person.name, role=person.role, unit_id=person.unit_id, unit_head=person.unit_head)


def _run(rt: Runtime, work: Callable[[Connection], list[HandlingStep]]) -> list[HandlingStep]:
    with rt.store.write() as conn:
        steps = work(conn)
    hooks.notify(rt, steps)  # after the commit: a listener sees only what is kept
    return steps


def _text(value: str | None, what: str, *, required: bool = False) -> str | None:
    value = nfc(value or "").strip()
    if len(value) > TEXT_MAX:
        raise WorkflowError("handling_text_too_long", f"{what} quá dài (tối đa {TEXT_MAX} ký tự).")
    if required and not value:
        raise WorkflowError("handling_text_missing", f"Nhập {what.lower()}.")
    return value or None


def _state(conn: Connection, doc_id: int) -> HandlingState:
    if docs.get_document(conn, doc_id) is None:
        raise WorkflowError("document_not_found", f"Không có văn bản đến mã {doc_id}.")
    h = hstore.get_handling(conn, doc_id)
    return h.state if h else HandlingState.REGISTERED


def _leader(conn: Connection, name: str | None) -> str | None:
    if not name:
        return None
    person = get_person(conn, name)
    if person is None or person.role != "leader":
        raise WorkflowError("leader_unknown", f"{name} không phải tài khoản lãnh đạo.")
    return person.name


def present(rt: Runtime, actor: Actor, doc_id: int, *, to: str | None = None) -> list[HandlingStep]:
    """Trình: to one leader (`to`), or to the office's leaders (None)."""

    def work(conn):
        state = next_state(_state(conn, doc_id), StepCode.PRESENTED)
        rules.check_clerk(actor)
        leader, now = _leader(conn, to), rt.now()
        hstore.save_handling(
            conn, doc_id, now=now, state=state, presented_to=leader, presented_by=actor.name, presented_at=now
        )
        return [
            hstore.add_step(
                conn, hstore.NewStep(doc_id, StepCode.PRESENTED, actor=actor.name, at=now, to_user=leader)
            )
        ]

    return _run(rt, work)


def file_document(rt: Runtime, actor: Actor, doc_id: int, *, note: str | None = None) -> list[HandlingStep]:
    """Lưu, không trình: the văn thư files a document that needs no direction (for information, or
    given back by a leader as nothing to do); it leaves the queue of documents to present."""

    def work(conn):
        state = next_state(_state(conn, doc_id), StepCode.FILED)
        rules.check_clerk(actor)
        text, now = _text(note, "Ghi chú"), rt.now()
        hstore.save_handling(conn, doc_id, now=now, state=state)
        return [
            hstore.add_step(conn, hstore.NewStep(doc_id, StepCode.FILED, actor=actor.name, at=now, text=text))
        ]

    return _run(rt, work)


def return_to_clerk(rt: Runtime, actor: Actor, doc_id: int, *, note: str | None = None) -> list[HandlingStep]:
    """The leader gives it back to the văn thư (wrongly presented, or nothing to do), saying why."""

    def work(conn):
        state = next_state(_state(conn, doc_id), StepCode.RETURNED)
        rules.check_leader(actor, hstore.get_handling(conn, doc_id).presented_to)
        text, now = _text(note, "Lý do trả lại", required=True), rt.now()
        hstore.save_handling(conn, doc_id, now=now, state=state)
        return [
            hstore.add_step(
                conn, hstore.NewStep(doc_id, StepCode.RETURNED, actor=actor.name, at=now, text=text)
            )
        ]

    return _run(rt, work)


def forward(
    rt: Runtime, actor: Actor, doc_id: int, *, to: str, note: str | None = None
) -> list[HandlingStep]:
    """Chuyển lãnh đạo khác: the document now waits for that leader's direction."""

    def work(conn):
        state = next_state(_state(conn, doc_id), StepCode.FORWARDED)
        rules.check_leader(actor, hstore.get_handling(conn, doc_id).presented_to)
        leader = _leader(conn, to)
        if leader is None or leader == actor.name:
            raise WorkflowError("leader_unknown", "Chọn một lãnh đạo khác để chuyển.")
        now = rt.now()
        hstore.save_handling(conn, doc_id, now=now, state=state, presented_to=leader)
        step = hstore.add_step(
            conn,
            hstore.NewStep(
                doc_id,
                StepCode.FORWARDED,
                actor=actor.name,
                at=now,
                to_user=leader,
                text=_text(note, "Ghi chú"),
            ),
        )
        return [step]

    return _run(rt, work)


@dataclass(frozen=True)
class Direction:
    """A leader's direction (bút phê): its text, who leads (a unit id, "unit:…" or a user name), who
    supports, and the handling deadline (DEFAULT_DUE: the document's deadline less the office's
    margin; None: none)."""

    text: str
    lead: str
    support: Sequence[str] = ()
    due: date | object | None = DEFAULT_DUE


@dataclass(frozen=True)
class _Plan:
    """A direction checked and resolved: the text, the lead and the helpers (unit, officer), the day."""

    text: str
    lead: tuple[str, str | None]
    helpers: list[tuple[str, str | None]]
    due: date | None


def direct(rt: Runtime, actor: Actor, doc_id: int, order: Direction) -> list[HandlingStep]:
    """The leader's direction (bút phê) and assignment: a lead, supporting units or officers, and
    the handling deadline. Two steps: directed, then assigned."""
    org = rt.config.organisation

    def work(conn):
        before = _state(conn, doc_id)
        next_state(before, StepCode.DIRECTED)
        state = next_state(before, StepCode.ASSIGNED)
        rules.check_leader(actor, hstore.get_handling(conn, doc_id).presented_to)
        plan = _plan(rt, conn, doc_id, order)
        now = rt.now()
        directed = hstore.NewStep(doc_id, StepCode.DIRECTED, actor=actor.name, at=now, text=plan.text)
        steps = [hstore.add_step(conn, directed)]
        lead_id = _add_assignments(conn, doc_id, actor, plan, now)
        hstore.save_handling(
            conn,
            doc_id,
            now=now,
            state=state,
            direction=plan.text,
            directed_by=actor.name,
            directed_at=now,
            due_date=plan.due,
            transferred_at=now,
        )
        detail = {
            "lead": assignees.who(plan.lead),
            "support": [assignees.who(h) for h in plan.helpers],
            "due_date": plan.due.isoformat() if plan.due else None,
        }
        assigned = hstore.NewStep(
            doc_id, StepCode.ASSIGNED, actor=actor.name, at=now, assignment_id=lead_id, detail=detail
        )
        steps.append(hstore.add_step(conn, replace(assigned, assignment_role=AssignmentRole.LEAD)))
        assignees.refresh(conn, org, doc_id, now)
        return steps

    return _run(rt, work)


def _plan(rt: Runtime, conn: Connection, doc_id: int, order: Direction) -> _Plan:
    """The direction's text checked, its lead and helpers resolved (one a unit), its day (not past)."""
    org = rt.config.organisation
    text = _text(order.text, "Ý kiến chỉ đạo", required=True)
    assert text is not None  # required
    lead = assignees.resolve(conn, org, order.lead)
    helpers = [assignees.resolve(conn, org, s) for s in order.support if s and s.strip()]
    helpers = assignees.one_per_unit(helpers, lead[0])
    given = order.due is not DEFAULT_DUE
    day = cast("date | None", order.due) if given else assignees.default_due(rt, conn, doc_id)
    if given and day is not None and day < rt.now().date():
        raise WorkflowError("handling_due_past", "Hạn xử lý không được trước ngày hôm nay.")
    return _Plan(text, lead, helpers, day)


def _add_assignments(conn: Connection, doc_id: int, actor: Actor, plan: _Plan, now: datetime) -> int:
    """The lead's part and each helper's, carrying the direction; the lead's id."""
    lead_part = hstore.NewAssignment(
        doc_id,
        AssignmentRole.LEAD,
        *plan.lead,
        due_date=plan.due,
        direction=plan.text,
        assigned_by=actor.name,
        assigned_at=now,
    )
    parts = [lead_part] + [
        replace(lead_part, role=AssignmentRole.SUPPORT, unit_id=u, user_name=n) for u, n in plan.helpers
    ]
    ids = [hstore.add_assignment(conn, part) for part in parts]
    return ids[0]


def _open_assignment(conn: Connection, assignment_id: int) -> Assignment:
    a = hstore.get_assignment(conn, assignment_id)
    if a is None:
        raise WorkflowError("assignment_not_found", f"Không có phần việc số {assignment_id}.")
    if not a.is_open:
        raise WorkflowError("assignment_closed", "Phần việc này đã hoàn thành.")
    return a


def reassign(rt: Runtime, actor: Actor, assignment_id: int, *, to_user: str | None) -> list[HandlingStep]:
    """The unit's head gives the unit's part to one of its officers (None: back to the unit)."""

    def work(conn):
        a = _open_assignment(conn, assignment_id)
        next_state(_state(conn, a.document_id), StepCode.REASSIGNED)
        rules.check_unit_head(actor, a.unit_id)
        person: Person | None = get_person(conn, to_user) if to_user else None
        if to_user and (person is None or person.role != "officer" or person.unit_id != a.unit_id):
            raise WorkflowError("assignee_unknown", f"{to_user} không phải chuyên viên của đơn vị này.")
        hstore.update_assignment(conn, a.id, user_name=person.name if person else None)
        step = hstore.add_step(
            conn,
            hstore.NewStep(
                a.document_id,
                StepCode.REASSIGNED,
                actor=actor.name,
                at=rt.now(),
                to_user=person.name if person else None,
            ),
            assignment=a,
        )
        assignees.refresh(conn, rt.config.organisation, a.document_id, rt.now())
        return [step]

    return _run(rt, work)


def _acknowledge(conn: Connection, a: Assignment, actor: Actor, rt: Runtime) -> list[HandlingStep]:
    if a.acknowledged_at is not None:
        return []
    now = rt.now()
    hstore.update_assignment(conn, a.id, acknowledged_by=actor.name, acknowledged_at=now)
    return [
        hstore.add_step(
            conn, hstore.NewStep(a.document_id, StepCode.ACKNOWLEDGED, actor=actor.name, at=now), assignment=a
        )
    ]


def acknowledge(rt: Runtime, actor: Actor, assignment_id: int) -> list[HandlingStep]:
    """Ký nhận: the officer has taken the document (the register's "Ký nhận" column)."""

    def work(conn):
        a = _open_assignment(conn, assignment_id)
        next_state(_state(conn, a.document_id), StepCode.ACKNOWLEDGED)
        rules.check_officer(actor, a.unit_id, a.user_name)
        steps = _acknowledge(conn, a, actor, rt)
        assignees.refresh(conn, rt.config.organisation, a.document_id, rt.now())
        return steps

    return _run(rt, work)


def record_progress(rt: Runtime, actor: Actor, assignment_id: int, *, text: str) -> list[HandlingStep]:
    def work(conn):
        a = _open_assignment(conn, assignment_id)
        next_state(_state(conn, a.document_id), StepCode.PROGRESS)
        rules.check_officer(actor, a.unit_id, a.user_name)
        note, now = _text(text, "Tiến độ", required=True), rt.now()
        steps = _acknowledge(conn, a, actor, rt)
        hstore.update_assignment(conn, a.id, progress=note, progress_at=now)
        steps.append(
            hstore.add_step(
                conn,
                hstore.NewStep(a.document_id, StepCode.PROGRESS, actor=actor.name, at=now, text=note),
                assignment=a,
            )
        )
        assignees.refresh(conn, rt.config.organisation, a.document_id, rt.now())
        return steps

    return _run(rt, work)


def mark_done(
    rt: Runtime,
    actor: Actor,
    assignment_id: int,
    *,
    answer: str | None = None,
    note: str | None = None,
    answer_file: AnswerFile | None = None,
) -> list[HandlingStep]:
    """Hoàn thành, with the outgoing document that answered it (số, ký hiệu from the outgoing
    register) and/or the answer as a file (kept by service.ingest.answers), if any. The lead's
    finishes the document's handling."""

    def work(conn):
        a = _open_assignment(conn, assignment_id)
        state = next_state(_state(conn, a.document_id), StepCode.DONE, lead=a.role == AssignmentRole.LEAD)
        rules.check_officer(actor, a.unit_id, a.user_name)
        found = None
        if answer and answer.strip():
            found = hstore.find_outgoing(conn, nfc(answer).strip())
            if found is None:
                raise WorkflowError(
                    "answer_not_found", f"Sổ văn bản đi không có văn bản số {answer.strip()}."
                )
        text, now = _text(note, "Ghi chú"), rt.now()
        steps = _acknowledge(conn, a, actor, rt)
        hstore.update_assignment(
            conn,
            a.id,
            state="done",
            done_by=actor.name,
            done_at=now,
            note=text,
            answer_outgoing_id=found[0] if found else None,
            answer_number_symbol=found[1] if found else None,
            answer_file=answer_file.path if answer_file else None,
            answer_file_name=answer_file.name if answer_file else None,
        )
        hstore.save_handling(conn, a.document_id, now=now, state=state)
        detail = {"answer": found[1]} if found else {}
        if answer_file:
            detail["answer_file"] = answer_file.name
        steps.append(
            hstore.add_step(
                conn,
                hstore.NewStep(
                    a.document_id, StepCode.DONE, actor=actor.name, at=now, text=text, detail=detail
                ),
                assignment=a,
            )
        )
        assignees.refresh(conn, rt.config.organisation, a.document_id, rt.now())
        return steps

    return _run(rt, work)
