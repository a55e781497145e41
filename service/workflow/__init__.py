"""The handling of an incoming document (xử lý văn bản đến), Nghị định 30/2020 Điều 23–24: pure rules.

The văn thư presents (trình) a registered document to a leader; the leader returns it, forwards it to
another leader, or writes a direction (ý kiến chỉ đạo) and assigns a lead (chủ trì) and supporting
(phối hợp) units or officers with a handling deadline; the officers record progress and report it done.
States, step codes, who may take which step, the default deadline: no I/O here.
"""

from service.workflow.deadlines import (
    assignment_status,
    default_handling_due,
    document_deadline,
    handling_status,
)
from service.workflow.states import (
    Actor,
    AssignmentRole,
    AssignmentStatus,
    HandlingState,
    StepCode,
    WorkflowError,
    edxml_status,
    next_state,
)

__all__ = [
    "Actor",
    "AssignmentRole",
    "AssignmentStatus",
    "HandlingState",
    "StepCode",
    "WorkflowError",
    "assignment_status",
    "default_handling_due",
    "document_deadline",
    "edxml_status",
    "handling_status",
    "next_state",
]
