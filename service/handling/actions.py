"""The steps of handling a document, each one transaction: check the state and the person, write
the step into the history, keep the register's and the follow-up register's columns in step, then
tell the listeners (hooks)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from sqlalchemy import Connection

from service.handling import hooks
from service.models import Organisation
from service.runtime import Runtime
from service.store import documents as docs
from service.store import handling as hstore
from service.store.handling import Assignment, HandlingStep
from service.store.people import Person, get_person, list_people
from service.text import nfc
from service.workflow import (
    Actor,
    AssignmentRole,
    HandlingState,
    StepCode,
    WorkflowError,
    default_handling_due,
    document_deadline,
    next_state,
)
from service.workflow import states as rules
from service.workflow.wording import Part, progress_text, recipient_text

TEXT_MAX = 4000
DEFAULT_DUE = object()  # `direct(due=…)` not given: the document's deadline less the office's margin


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
        return [hstore.add_step(conn, doc_id, StepCode.PRESENTED, actor=actor.name, at=now, to_user=leader)]

    return _run(rt, work)


def return_to_clerk(rt: Runtime, actor: Actor, doc_id: int, *, note: str | None = None) -> list[HandlingStep]:
    """The leader gives it back to the văn thư (wrongly presented, or nothing to do), saying why."""

    def work(conn):
        state = next_state(_state(conn, doc_id), StepCode.RETURNED)
        rules.check_leader(actor, hstore.get_handling(conn, doc_id).presented_to)
        text, now = _text(note, "Lý do trả lại", required=True), rt.now()
        hstore.save_handling(conn, doc_id, now=now, state=state)
        return [hstore.add_step(conn, doc_id, StepCode.RETURNED, actor=actor.name, at=now, text=text)]

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
            doc_id,
            StepCode.FORWARDED,
            actor=actor.name,
            at=now,
            to_user=leader,
            text=_text(note, "Ghi chú"),
        )
        return [step]

    return _run(rt, work)


def resolve_assignee(conn: Connection, org: Organisation, token: str) -> tuple[str, str | None]:
    """A unit id of the config, or an officer's user name (then: their unit, them);
    the pages send "unit:ID" or "user:NAME"."""
    token = nfc(token or "").strip()
    kind, _, value = token.partition(":")
    if kind not in ("unit", "user"):
        kind, value = ("unit" if org.unit(token) else "user"), token
    if kind == "unit" and org.unit(value):
        return value, None
    person = get_person(conn, value) if kind == "user" else None
    if person is not None and person.role == "officer" and person.unit_id and org.unit(person.unit_id):
        return person.unit_id, person.name
    raise WorkflowError(
        "assignee_unknown", f"«{value}» không phải đơn vị trong cấu hình hay chuyên viên nào."
    )


def default_due(rt: Runtime, conn: Connection, doc_id: int) -> date | None:
    """The document's own deadline less the office's margin (None if it sets none)."""
    row = docs.get_document(conn, doc_id)
    if row is None:
        return None
    own = document_deadline(docs.document_fields(row).deadlines, row["arrived_at"].date())
    cfg = rt.config
    return default_handling_due(
        own, today=rt.now().date(), margin_days=cfg.handling_margin_days, holidays=cfg.organisation.holidays
    )


def direct(
    rt: Runtime,
    actor: Actor,
    doc_id: int,
    *,
    direction: str,
    lead: str,
    support: list[str] | tuple[str, ...] = (),
    due: date | object | None = DEFAULT_DUE,
) -> list[HandlingStep]:
    """The leader's direction (bút phê) and assignment: a lead, supporting units or officers, and
    the handling deadline. Two steps: directed, then assigned."""
    org = rt.config.organisation

    def work(conn):
        before = _state(conn, doc_id)
        next_state(before, StepCode.DIRECTED)
        state = next_state(before, StepCode.ASSIGNED)
        rules.check_leader(actor, hstore.get_handling(conn, doc_id).presented_to)
        text = _text(direction, "Ý kiến chỉ đạo", required=True)
        lead_to = resolve_assignee(conn, org, lead)
        helpers = [resolve_assignee(conn, org, s) for s in support if s and s.strip()]
        helpers = _one_per_unit(helpers, lead_to[0])
        day = default_due(rt, conn, doc_id) if due is DEFAULT_DUE else due
        if due is not DEFAULT_DUE and day is not None and day < rt.now().date():
            raise WorkflowError("handling_due_past", "Hạn xử lý không được trước ngày hôm nay.")
        now = rt.now()
        steps = [hstore.add_step(conn, doc_id, StepCode.DIRECTED, actor=actor.name, at=now, text=text)]
        ids = [
            hstore.add_assignment(
                conn, doc_id, role, unit, user, due_date=day, direction=text, by=actor.name, at=now
            )
            for role, (unit, user) in [(AssignmentRole.LEAD, lead_to)]
            + [(AssignmentRole.SUPPORT, h) for h in helpers]
        ]
        hstore.save_handling(
            conn,
            doc_id,
            now=now,
            state=state,
            direction=text,
            directed_by=actor.name,
            directed_at=now,
            due_date=day,
            transferred_at=now,
        )
        detail = {
            "lead": _who(lead_to),
            "support": [_who(h) for h in helpers],
            "due_date": day.isoformat() if day else None,
        }
        steps.append(
            hstore.add_step(
                conn,
                doc_id,
                StepCode.ASSIGNED,
                actor=actor.name,
                at=now,
                assignment_id=ids[0],
                assignment_role=AssignmentRole.LEAD,
                detail=detail,
            )
        )
        refresh(conn, org, doc_id, now)
        return steps

    return _run(rt, work)


def _one_per_unit(helpers: list[tuple[str, str | None]], lead_unit: str) -> list[tuple[str, str | None]]:
    """A unit supports once (named through one of its officers if any was), and never the lead's."""
    chosen: dict[str, tuple[str, str | None]] = {}
    for unit, user in helpers:
        if unit != lead_unit and (unit not in chosen or (user and not chosen[unit][1])):
            chosen[unit] = (unit, user)
    return list(chosen.values())


def _who(assignee: tuple[str, str | None]) -> str:
    unit, user = assignee
    return f"{unit}/{user}" if user else unit


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
            a.document_id,
            StepCode.REASSIGNED,
            actor=actor.name,
            at=rt.now(),
            assignment=a,
            to_user=person.name if person else None,
        )
        refresh(conn, rt.config.organisation, a.document_id, rt.now())
        return [step]

    return _run(rt, work)


def _acknowledge(conn: Connection, a: Assignment, actor: Actor, rt: Runtime) -> list[HandlingStep]:
    if a.acknowledged_at is not None:
        return []
    now = rt.now()
    hstore.update_assignment(conn, a.id, acknowledged_by=actor.name, acknowledged_at=now)
    return [
        hstore.add_step(conn, a.document_id, StepCode.ACKNOWLEDGED, actor=actor.name, at=now, assignment=a)
    ]


def acknowledge(rt: Runtime, actor: Actor, assignment_id: int) -> list[HandlingStep]:
    """Ký nhận: the officer has taken the document (the register's "Ký nhận" column)."""

    def work(conn):
        a = _open_assignment(conn, assignment_id)
        next_state(_state(conn, a.document_id), StepCode.ACKNOWLEDGED)
        rules.check_officer(actor, a.unit_id, a.user_name)
        steps = _acknowledge(conn, a, actor, rt)
        refresh(conn, rt.config.organisation, a.document_id, rt.now())
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
                conn, a.document_id, StepCode.PROGRESS, actor=actor.name, at=now, assignment=a, text=note
            )
        )
        refresh(conn, rt.config.organisation, a.document_id, rt.now())
        return steps

    return _run(rt, work)


def mark_done(
    rt: Runtime, actor: Actor, assignment_id: int, *, answer: str | None = None, note: str | None = None
) -> list[HandlingStep]:
    """Hoàn thành, with the outgoing document that answered it (số, ký hiệu from the outgoing
    register), if any. The lead's finishes the document's handling."""

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
        )
        hstore.save_handling(conn, a.document_id, now=now, state=state)
        detail = {"answer": found[1]} if found else {}
        steps.append(
            hstore.add_step(
                conn,
                a.document_id,
                StepCode.DONE,
                actor=actor.name,
                at=now,
                assignment=a,
                text=text,
                detail=detail,
            )
        )
        refresh(conn, rt.config.organisation, a.document_id, rt.now())
        return steps

    return _run(rt, work)


def refresh(conn: Connection, org: Organisation, doc_id: int, now) -> None:
    """The register's recipient and acknowledgement and the follow-up register's line, from the
    assignments as they now stand (called in every step's transaction: they cannot drift)."""
    parts = hstore.assignments_of(conn, doc_id)
    if not parts:
        return
    names = {p.name: p.shown for p in list_people(conn)}

    def unit_name(unit_id: str) -> str:
        unit = org.unit(unit_id)
        return unit.name if unit else unit_id

    recipient = recipient_text(
        [
            Part(a.role, unit_name(a.unit_id), names.get(a.user_name, a.user_name) if a.user_name else None)
            for a in parts
        ]
    )
    lead = parts[0]
    ack_by = names.get(lead.acknowledged_by, lead.acknowledged_by) if lead.acknowledged_by else None
    hstore.save_handling(
        conn,
        doc_id,
        now=now,
        recipient=recipient,
        acknowledged_by=ack_by,
        acknowledged_at=lead.acknowledged_at,
        done_at=lead.done_at,
    )
    progress = progress_text(
        state_done=not lead.is_open,
        done_at=lead.done_at,
        progress=lead.progress,
        progress_at=lead.progress_at,
        acknowledged_at=lead.acknowledged_at,
    )
    answer = (lead.answer_outgoing_id, lead.answer_number_symbol) if lead.answer_number_symbol else None
    hstore.sync_followup(
        conn, doc_id, receiving_unit=recipient, deadline=lead.due_date, progress=progress, answer=answer
    )
