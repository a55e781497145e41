"""A draft's life after it is made: is it still true (what changed since), rebuild it, keep the old
content on purpose, return it, withdraw it. Every step is in the audit trail; nothing is deleted."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from service.drafts.basis import changes, tracking_basis
from service.drafts.service import build_draft, current_basis, render_files, tracking_rows
from service.errors import VanthuError
from service.models import Draft, DraftChange, DraftKind, DraftStatus
from service.runtime import Runtime
from service.store import drafts as Q
from service.store.audit import NewAuditEntry, add_audit


def _get(conn, draft_id: int) -> Draft:
    draft = Q.get_draft(conn, draft_id)
    if draft is None:
        raise VanthuError("draft_not_found", f"draft {draft_id}")
    return draft


def draft_changes(rt: Runtime, conn, draft: Draft) -> list[DraftChange]:
    """What changed in the data since the draft was built (or since its old content was confirmed);
    empty for a draft no longer on its way (issued, withdrawn)."""
    if not draft.status.open or not draft.basis:
        return []
    return changes(draft.accepted_basis or draft.basis, current_basis(rt, conn, draft))


def changes_of(rt: Runtime, conn, drafts: list[Draft]) -> dict[int, list[DraftChange]]:
    """The changes of many drafts (the drafts list): the statuses of each requirement computed once."""
    rows_of: dict[int, Any] = {}
    out: dict[int, list[DraftChange]] = {}
    for d in drafts:
        if not d.status.open or not d.basis:
            out[d.id] = []
            continue
        if d.kind in (DraftKind.REMINDER, DraftKind.SUMMARY) and d.requirement_id is not None:
            if d.requirement_id not in rows_of:
                try:
                    rows_of[d.requirement_id] = tracking_rows(rt, conn, d.requirement_id)[1]
                except VanthuError:  # the requirement is gone: nothing to compare with
                    rows_of[d.requirement_id] = None
            rows = rows_of[d.requirement_id]
            now = tracking_basis(rows, d.basis.get("period", d.period)) if rows is not None else d.basis
            out[d.id] = changes(d.accepted_basis or d.basis, now)
        else:
            out[d.id] = draft_changes(rt, conn, d)
    return out


def _audit(conn, rt: Runtime, actor: str, action: str, draft_id: int, detail: dict[str, Any]) -> None:
    add_audit(
        conn,
        NewAuditEntry(
            at=rt.now(), actor=actor, action=action, object_type="draft", object_id=draft_id, detail=detail
        ),
    )


def rebuild_draft(rt: Runtime, draft_id: int, *, actor: str) -> Draft:
    """Build the draft again from the data as it is now (the reminder then addresses only the units
    that still owe); the old content stays in the audit trail. It then awaits signature again."""
    with rt.store.read() as conn:
        draft = _get(conn, draft_id)
        if not draft.status.editable:
            raise VanthuError("draft_not_editable", f"draft {draft_id} is {draft.status}")
        before = draft_changes(rt, conn, draft)
    period = draft.basis.get("period", draft.period) if draft.basis else draft.period
    built = build_draft(
        rt, draft.kind, requirement_id=draft.requirement_id, period=period, document_id=draft.document_id
    )
    with rt.store.write() as conn:
        if not Q.update_draft_context(conn, draft_id, built.context, basis=built.basis):
            raise VanthuError("draft_not_editable", f"draft {draft_id}")
        docx, xlsx = render_files(rt, draft_id, draft.kind, built.context)
        Q.set_draft_files(conn, draft_id, docx=docx, xlsx=xlsx)
        _audit(
            conn,
            rt,
            actor,
            "draft_rebuild",
            draft_id,
            {
                "changes": [asdict(c) for c in before],
                "before": draft.context,
                "previous_status": str(draft.status),
            },
        )
        return _get(conn, draft_id)


def keep_content(rt: Runtime, draft_id: int, *, actor: str) -> list[DraftChange]:
    """The leader confirms the old content although the data changed (xác nhận giữ nội dung cũ): the
    changes are recorded with who confirmed them; a later change makes the draft stale again."""
    with rt.store.write() as conn:
        draft = _get(conn, draft_id)
        found = draft_changes(rt, conn, draft)
        if not found:
            return []
        if not Q.accept_basis(conn, draft_id, current_basis(rt, conn, draft)):
            raise VanthuError("draft_not_pending", f"draft {draft_id} is {draft.status}")
        _audit(conn, rt, actor, "draft_keep_content", draft_id, {"changes": [asdict(c) for c in found]})
        return found


def return_draft(rt: Runtime, draft_id: int, *, comment: str, actor: str) -> Draft:
    """Sent back (trả lại) with a comment, by the leader before signing or by the văn thư before
    issuing (the leader's signature is then dropped, the audit trail keeps it)."""
    with rt.store.write() as conn:
        draft = _get(conn, draft_id)
        if not Q.return_draft_row(conn, draft_id, comment):
            raise VanthuError("draft_not_pending", f"draft {draft_id}")
        _audit(
            conn,
            rt,
            actor,
            "draft_return",
            draft_id,
            {"comment": comment, "previous_status": str(draft.status), "signed_by": draft.signed_by},
        )
        return _get(conn, draft_id)


def withdraw_draft(rt: Runtime, draft_id: int, *, reason: str = "", actor: str) -> Draft:
    """Withdraw (rút) a draft not yet issued: it stays, marked withdrawn, with its files and its whole
    history in the audit trail; it can no longer be signed or issued."""
    with rt.store.write() as conn:
        draft = _get(conn, draft_id)
        if draft.status == DraftStatus.WITHDRAWN:
            return draft
        if not Q.withdraw_draft_row(conn, draft_id, reason.strip() or None):  # None: no reason given
            raise VanthuError("draft_not_withdrawable", f"draft {draft_id} is {draft.status}")
        _audit(
            conn,
            rt,
            actor,
            "draft_withdraw",
            draft_id,
            {"reason": reason, "previous_status": str(draft.status)},
        )
        return _get(conn, draft_id)
