"""States of a document's handling, the steps between them, and who may take each step."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from service.errors import VanthuError


class HandlingState(StrEnum):
    """Where an incoming document stands (tình trạng xử lý)."""

    REGISTERED = "registered"  # registered, not yet presented (chờ trình)
    PRESENTED = "presented"  # waiting for a leader's direction (chờ cho ý kiến)
    RETURNED = "returned"  # the leader gave it back to the văn thư (trả lại văn thư)
    IN_PROGRESS = "in_progress"  # directed and assigned, being handled (đang xử lý)
    DONE = "done"  # the lead reported it done (đã xử lý xong)
    FILED = "filed"  # kept for reference, nothing to handle (lưu, không trình)


class StepCode(StrEnum):
    """A step in a document's history (quá trình xử lý). The codes are stored: never rename one."""

    PRESENTED = "presented"  # trình lãnh đạo
    RETURNED = "returned"  # trả lại văn thư
    FORWARDED = "forwarded"  # chuyển lãnh đạo khác
    DIRECTED = "directed"  # ý kiến chỉ đạo (bút phê)
    ASSIGNED = "assigned"  # giao chủ trì, phối hợp, hạn xử lý
    REASSIGNED = "reassigned"  # trưởng đơn vị giao lại trong đơn vị
    ACKNOWLEDGED = "acknowledged"  # ký nhận
    PROGRESS = "progress"  # tiến độ
    DONE = "done"  # hoàn thành
    FILED = "filed"  # lưu, không trình: the văn thư files a document that needs no direction


class AssignmentRole(StrEnum):
    LEAD = "lead"  # chủ trì
    SUPPORT = "support"  # phối hợp


class AssignmentStatus(StrEnum):
    """An assignment's standing on a given day (computed, never stored)."""

    OPEN = "open"
    DONE = "done"
    OVERDUE = "overdue"
    DONE_LATE = "done_late"


class Role(StrEnum):
    CLERK = "clerk"  # văn thư
    LEADER = "leader"  # lãnh đạo
    OFFICER = "officer"  # chuyên viên
    VIEWER = "viewer"  # người xem


class WorkflowError(VanthuError):
    """A step refused: its code for the log, a Vietnamese sentence for the person."""

    def __init__(self, code: str, message: str):
        super().__init__(code, message, message)

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class Actor:
    """Who takes a step. `operator`: the command line, which acts for the office (no role check)."""

    name: str
    role: str
    unit_id: str | None = None
    unit_head: bool = False
    operator: bool = False


# step -> (states it may be taken from, state it leads to; None: unchanged)
_MOVES: dict[StepCode, tuple[frozenset[HandlingState], HandlingState | None]] = {
    # a filed document may still be presented, should it turn out to need a direction
    StepCode.PRESENTED: (
        frozenset({HandlingState.REGISTERED, HandlingState.RETURNED, HandlingState.FILED}),
        HandlingState.PRESENTED,
    ),
    # filed for reference: a document for information, or one a leader gave back as nothing to do
    StepCode.FILED: (frozenset({HandlingState.REGISTERED, HandlingState.RETURNED}), HandlingState.FILED),
    StepCode.RETURNED: (frozenset({HandlingState.PRESENTED}), HandlingState.RETURNED),
    StepCode.FORWARDED: (frozenset({HandlingState.PRESENTED}), HandlingState.PRESENTED),
    StepCode.DIRECTED: (frozenset({HandlingState.PRESENTED}), HandlingState.PRESENTED),
    StepCode.ASSIGNED: (frozenset({HandlingState.PRESENTED}), HandlingState.IN_PROGRESS),
    StepCode.REASSIGNED: (frozenset({HandlingState.IN_PROGRESS}), None),
    # a supporting unit may still finish its part after the lead reported the whole done
    StepCode.ACKNOWLEDGED: (frozenset({HandlingState.IN_PROGRESS, HandlingState.DONE}), None),
    StepCode.PROGRESS: (frozenset({HandlingState.IN_PROGRESS, HandlingState.DONE}), None),
    StepCode.DONE: (frozenset({HandlingState.IN_PROGRESS, HandlingState.DONE}), None),
}
_STATE_WORDS = {
    HandlingState.REGISTERED: "chưa trình",
    HandlingState.PRESENTED: "đang chờ lãnh đạo cho ý kiến",
    HandlingState.RETURNED: "đã trả lại văn thư",
    HandlingState.IN_PROGRESS: "đang được xử lý",
    HandlingState.DONE: "đã xử lý xong",
    HandlingState.FILED: "đã lưu, không trình",
}


def next_state(state: HandlingState, step: StepCode, *, lead: bool = True) -> HandlingState:
    """The state after `step`; refused (handling_step_refused) when the step does not fit the state.
    Only the lead's DONE finishes the document; a supporting unit's leaves it as it was."""
    sources, target = _MOVES[step]
    if state not in sources:
        raise WorkflowError(
            "handling_step_refused", f"Không thực hiện được: văn bản {_STATE_WORDS[HandlingState(state)]}."
        )
    if step is StepCode.DONE:
        return HandlingState.DONE if lead else HandlingState(state)
    return target or HandlingState(state)


def _refuse(message: str) -> WorkflowError:
    return WorkflowError("handling_forbidden", message)


def check_leader(actor: Actor, presented_to: str | None) -> None:
    """A leader's step (return, forward, direct): the leader it was presented to, or any leader
    when it was presented to the office's leaders."""
    if actor.operator:
        return
    if actor.role != Role.LEADER:
        raise _refuse("Chỉ lãnh đạo mới cho ý kiến, chuyển hoặc trả lại văn bản.")
    if presented_to and presented_to != actor.name:
        raise _refuse(f"Văn bản đang trình lãnh đạo {presented_to}, không phải bạn.")


def check_clerk(actor: Actor) -> None:
    if not actor.operator and actor.role != Role.CLERK:
        raise _refuse("Chỉ văn thư mới trình hoặc lưu văn bản.")


def check_officer(actor: Actor, unit_id: str, user_name: str | None) -> None:
    """An officer's step on an assignment: one of its unit's officers (the one it was given to, if
    it was given to one), or the unit's head."""
    if actor.operator:
        return
    if actor.role != Role.OFFICER or actor.unit_id != unit_id:
        raise _refuse("Văn bản này không giao cho đơn vị của bạn.")
    if user_name and user_name != actor.name and not actor.unit_head:
        raise _refuse(f"Văn bản này đã giao cho {user_name}.")


def check_unit_head(actor: Actor, unit_id: str) -> None:
    if actor.operator:
        return
    if actor.role != Role.OFFICER or actor.unit_id != unit_id or not actor.unit_head:
        raise _refuse("Chỉ trưởng đơn vị mới giao lại văn bản trong đơn vị.")


def edxml_status(step: StepCode, role: AssignmentRole | None) -> str | None:
    """The edXML status message (QCVN 102, EXCHANGE.md) a step on an exchanged document sends back
    to its sender: 04 assigned, 05 being handled, 06 done (the lead's only); None for the others."""
    if step is StepCode.ASSIGNED:
        return "04"
    if step in (StepCode.ACKNOWLEDGED, StepCode.PROGRESS, StepCode.REASSIGNED):
        return "05"
    if step is StepCode.DONE and role == AssignmentRole.LEAD:
        return "06"
    return None
