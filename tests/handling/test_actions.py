"""The handling of a document through service.handling.actions, on SQLite and on PostgreSQL: each
step kept with who, when and what; the registers' columns follow; refusals carry codes; listeners
hear of committed steps only."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from service.handling import actions, assignees, hooks
from service.store import followups
from service.store import handling as hstore
from service.store import handling_views as hviews
from service.workflow import HandlingState, StepCode, WorkflowError
from tests.handling.conftest import add_incoming, add_issued

pytestmark = pytest.mark.both_databases


def actor(rt, name):
    with rt.store.read() as conn:
        return actions.actor_of(conn, name)


def test_from_arrival_to_done(handled, clock):
    rt, doc = handled.rt, handled.doc_id
    heard = []
    listener = hooks.add_listener(lambda _rt, steps: heard.extend(steps))
    try:
        actions.present(rt, actor(rt, "van.thu"), doc, to="lanh.dao")
        clock.advance(hours=1)
        actions.forward(rt, actor(rt, "lanh.dao"), doc, to="pho.ct", note="Đồng chí Dơ phụ trách")
        clock.advance(hours=1)
        with rt.store.read() as conn:
            assert assignees.default_due(rt, conn, doc) == date(2026, 3, 11)  # Friday 13 less 2 working days
        actions.direct(
            rt,
            actor(rt, "pho.ct"),
            doc,
            actions.Direction(
                "Giao Phòng Nội vụ chủ trì, Phòng Tư pháp phối hợp tham mưu báo cáo.",
                lead="unit:noi-vu",
                support=["cv.tp"],
            ),
        )
        with rt.store.read() as conn:
            lead, support = hstore.assignments_of(conn, doc)
        assert (lead.unit_id, lead.user_name, lead.due_date) == ("noi-vu", None, date(2026, 3, 11))
        assert (support.unit_id, support.user_name) == ("tu-phap", "cv.tp")
        clock.advance(hours=1)
        actions.reassign(rt, actor(rt, "truong.nv"), lead.id, to_user="cv.nv")
        clock.advance(days=1)
        actions.record_progress(rt, actor(rt, "cv.nv"), lead.id, text="Đã lấy số liệu của các xã")
        clock.advance(days=1)
        out = add_issued(rt, "15/UBND-NV", document_id=doc)
        actions.mark_done(rt, actor(rt, "cv.nv"), lead.id, answer="15/UBND-NV", note="Đã gửi Sở")
        actions.mark_done(rt, actor(rt, "cv.tp"), support.id)
    finally:
        hooks.remove_listener(listener)

    with rt.store.read() as conn:
        steps = hstore.steps_of(conn, doc)
        h = hstore.get_handling(conn, doc)
        line = next(r for r in followups.followup_register(conn) if r.document_id == doc)
        reg = hviews.register_handling(conn, [doc])[doc]
        lead = hstore.get_assignment(conn, lead.id)
    codes = [s.code for s in steps]
    assert codes == [
        StepCode.PRESENTED,
        StepCode.FORWARDED,
        StepCode.DIRECTED,
        StepCode.ASSIGNED,
        StepCode.REASSIGNED,
        StepCode.ACKNOWLEDGED,  # the first progress signs for it
        StepCode.PROGRESS,
        StepCode.DONE,
        StepCode.ACKNOWLEDGED,
        StepCode.DONE,
    ]
    assert [(s.actor, s.to_user) for s in steps[:2]] == [("van.thu", "lanh.dao"), ("lanh.dao", "pho.ct")]
    assert steps[2].text.startswith("Giao Phòng Nội vụ") and steps[3].detail == {
        "lead": "noi-vu",
        "support": ["tu-phap/cv.tp"],
        "due_date": "2026-03-11",
    }
    assert steps[6].text == "Đã lấy số liệu của các xã" and steps[7].detail == {"answer": "15/UBND-NV"}
    assert [s.at for s in steps] == sorted(s.at for s in steps)
    assert [s.id for s in heard] == [s.id for s in steps]  # every step heard once, in order

    assert h.state is HandlingState.DONE and h.done_at == datetime(2026, 3, 4, 11, 30)
    assert reg.recipient == "Phòng Nội vụ (Vàng Thị Mai) chủ trì; phối hợp: Phòng Tư pháp (Đỗ Minh Tâm)"
    assert reg.transferred_at == datetime(2026, 3, 2, 10, 30)
    assert (reg.acknowledged_by, reg.acknowledged_at) == ("Vàng Thị Mai", datetime(2026, 3, 3, 11, 30))
    assert line.receiving_unit == reg.recipient and line.deadline == date(2026, 3, 11)
    assert line.answer_number_symbol == "15/UBND-NV" and line.answer_outgoing_id == out
    assert line.progress.startswith("Đã giải quyết xong ngày 04/03/2026")
    assert lead.answer_outgoing_id == out and lead.note == "Đã gửi Sở"


def test_refusals_carry_codes_and_leave_nothing_behind(handled):
    rt, doc = handled.rt, handled.doc_id

    def refused(code, step):
        with pytest.raises(WorkflowError) as err:
            step()
        assert err.value.code == code, err.value

    refused("handling_forbidden", lambda: actions.present(rt, actor(rt, "lanh.dao"), doc))
    refused("leader_unknown", lambda: actions.present(rt, actor(rt, "van.thu"), doc, to="cv.nv"))
    refused("document_not_found", lambda: actions.present(rt, actor(rt, "van.thu"), 999))
    refused(
        "handling_step_refused", lambda: actions.return_to_clerk(rt, actor(rt, "lanh.dao"), doc, note="x")
    )
    actions.present(rt, actor(rt, "van.thu"), doc, to="lanh.dao")
    refused("handling_step_refused", lambda: actions.present(rt, actor(rt, "van.thu"), doc))
    refused("handling_forbidden", lambda: actions.return_to_clerk(rt, actor(rt, "pho.ct"), doc, note="x"))
    refused(
        "handling_text_missing", lambda: actions.return_to_clerk(rt, actor(rt, "lanh.dao"), doc, note=" ")
    )
    direct = actions.direct
    leader = actor(rt, "lanh.dao")
    refused("handling_text_missing", lambda: direct(rt, leader, doc, actions.Direction("", lead="noi-vu")))
    refused(
        "assignee_unknown", lambda: direct(rt, leader, doc, actions.Direction("Giao", lead="phong-khong-co"))
    )
    refused(
        "assignee_unknown", lambda: direct(rt, leader, doc, actions.Direction("Giao", lead="user:van.thu"))
    )
    refused(
        "handling_due_past",
        lambda: direct(rt, leader, doc, actions.Direction("Giao", lead="noi-vu", due=date(2026, 3, 1))),
    )
    with rt.store.read() as conn:
        assert [s.code for s in hstore.steps_of(conn, doc)] == [StepCode.PRESENTED]
        assert hstore.assignments_of(conn, doc) == []
    actions.direct(rt, leader, doc, actions.Direction("Giao", lead="cv.nv", due=None))
    with rt.store.read() as conn:
        (lead,) = hstore.assignments_of(conn, doc)
    assert lead.due_date is None and lead.user_name == "cv.nv"
    refused("handling_forbidden", lambda: actions.record_progress(rt, actor(rt, "cv.tp"), lead.id, text="x"))
    refused("handling_forbidden", lambda: actions.record_progress(rt, actor(rt, "cv.nv2"), lead.id, text="x"))
    refused("handling_forbidden", lambda: actions.reassign(rt, actor(rt, "cv.nv"), lead.id, to_user="cv.nv2"))
    refused(
        "assignee_unknown", lambda: actions.reassign(rt, actor(rt, "truong.nv"), lead.id, to_user="cv.tp")
    )
    refused("answer_not_found", lambda: actions.mark_done(rt, actor(rt, "cv.nv"), lead.id, answer="99/XX"))
    actions.record_progress(rt, actor(rt, "truong.nv"), lead.id, text="Trưởng phòng nắm")  # the head may
    actions.mark_done(rt, actor(rt, "cv.nv"), lead.id)
    refused("assignment_closed", lambda: actions.mark_done(rt, actor(rt, "cv.nv"), lead.id))
    refused("assignment_not_found", lambda: actions.acknowledge(rt, actor(rt, "cv.nv"), 999))


def test_a_returned_document_is_presented_again_and_a_failing_listener_changes_nothing(handled):
    rt, doc = handled.rt, handled.doc_id

    def broken(_rt, _steps):
        raise RuntimeError("the exchange is down")

    hooks.add_listener(broken)
    try:
        actions.present(rt, actor(rt, "van.thu"), doc)  # to the office's leaders
        actions.return_to_clerk(rt, actor(rt, "pho.ct"), doc, note="Không thuộc thẩm quyền")
        actions.present(rt, actor(rt, "van.thu"), doc, to="lanh.dao")
    finally:
        hooks.remove_listener(broken)
    with rt.store.read() as conn:
        steps = hstore.steps_of(conn, doc)
        assert [s.code for s in steps] == [StepCode.PRESENTED, StepCode.RETURNED, StepCode.PRESENTED]
        assert steps[1].text == "Không thuộc thẩm quyền"
        assert hstore.steps_after(conn, steps[0].id) == steps[1:]
        assert hstore.steps_after(conn, 0, codes=(StepCode.RETURNED,)) == [steps[1]]
        waiting, n = hviews.awaiting_direction(conn, "lanh.dao")
        assert n == 1 and waiting[0].presented_to == "lanh.dao"
        assert hviews.awaiting_direction(conn, "pho.ct")[1] == 0


def test_queues_and_the_documents_that_are_reports(handled):
    rt = handled.rt
    other = add_incoming(rt, deadline=None, title="Giấy mời họp")
    with rt.store.read() as conn:
        waiting, n = hviews.awaiting_presentation(conn)
    assert n == 2 and {w.document_id for w in waiting} == {handled.doc_id, other}
    actions.present(rt, actor(rt, "van.thu"), other)
    with rt.store.read() as conn:
        assert hviews.awaiting_presentation(conn)[1] == 1
        assert hviews.awaiting_direction(conn, "pho.ct")[1] == 1  # to the office's leaders
        assert hviews.awaiting_direction(conn)[1] == 1


def test_filed_without_presenting(handled):
    """Lưu, không trình: a document for information, and one a leader gave back as nothing to do,
    leave the văn thư's queue; the step is in the history; only the văn thư files; a filed document
    can still be presented."""
    rt, doc = handled.rt, handled.doc_id
    note = add_incoming(rt, deadline=None, title="Thông báo lịch tiếp công dân")
    with pytest.raises(WorkflowError) as err:
        actions.file_document(rt, actor(rt, "lanh.dao"), note)
    assert err.value.code == "handling_forbidden"
    actions.file_document(rt, actor(rt, "van.thu"), note, note="Văn bản để biết")
    actions.present(rt, actor(rt, "van.thu"), doc, to="lanh.dao")
    actions.return_to_clerk(rt, actor(rt, "lanh.dao"), doc, note="Không cần xử lý")
    with rt.store.read() as conn:
        assert hviews.awaiting_presentation(conn)[1] == 1  # the one given back waits again
    actions.file_document(rt, actor(rt, "van.thu"), doc)
    with rt.store.read() as conn:
        assert hviews.awaiting_presentation(conn)[1] == 0
        assert hstore.get_handling(conn, note).state is HandlingState.FILED
        [step] = hstore.steps_of(conn, note)
        reg = hviews.register_handling(conn, [doc, note])
    assert (step.code, step.actor, step.text) == (StepCode.FILED, "van.thu", "Văn bản để biết")
    assert reg[doc].state is HandlingState.FILED
    with pytest.raises(WorkflowError) as err:
        actions.file_document(rt, actor(rt, "van.thu"), doc)
    assert err.value.code == "handling_step_refused" and "đã lưu, không trình" in err.value.message
    actions.present(rt, actor(rt, "van.thu"), note)  # it needs a direction after all
    with rt.store.read() as conn:
        assert hviews.awaiting_direction(conn)[1] == 1
