"""The drafts' issuance follower (service.drafts.issuance, ON_ISSUED_MODULES): an issued document
addressed to bodies with agency codes goes out as one edXML message to each.

The follower runs after the issuance's commit; an issuance whose follower did not run (the process
ended between the two) is found again by `catch_up`, which the exchange round runs first. Message ids
are derived from the office, the entry and the recipient, so the follower and a catch-up racing each
other journal one message, never two.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import TYPE_CHECKING

from sqlalchemy.exc import IntegrityError

from service.exchange.deliver import send_messages
from service.exchange.outgoing import issued_recipients, plan_issued
from service.models import DraftKind
from service.runtime import Runtime
from service.store import drafts as ds
from service.store import exchange as xs
from service.store.audit import NewAuditEntry, add_audit

if TYPE_CHECKING:
    from service.models import IssuedDocument

log = logging.getLogger("vanthu.exchange")
# How far back a round looks for an issuance whose messages were never journaled.
CATCH_UP = timedelta(days=7)
# A reply or a plan answers the received document it was drafted from (ResponseFor).
ANSWERING = (DraftKind.REPLY, DraftKind.PLAN)


def on_issued(rt: Runtime, issued: IssuedDocument) -> None:
    """The hook: journal the messages of a document just issued and try them once, briefly (the
    văn thư is waiting; the exchange round sends what did not go)."""
    planned = plan_outgoing(rt, issued.outgoing_id, actor="system")
    if planned:
        send_messages(rt, planned, hurried=True)


def _issued_to(conn, outgoing_id: int) -> tuple[list[str], int | None] | None:
    """(the entry's recipients, the received document it answers), or None for no such entry."""
    row = ds.get_outgoing(conn, outgoing_id)
    if row is None:
        return None
    draft = ds.get_draft(conn, row.draft_id) if row.draft_id else None
    answered = draft.document_id if draft and draft.kind in ANSWERING else None
    return list(row.recipients), answered


def plan_outgoing(rt: Runtime, outgoing_id: int, *, actor: str) -> list[xs.JournalEntry]:
    """Journal one document message per recipient with an agency code, once per entry; returns those
    journaled now (none when they were before, or when no recipient has a code). Looked at first in
    a read (most entries have nothing to send: the round asks often), written only when needed."""
    cfg = rt.config
    with rt.store.read() as conn:
        found = _issued_to(conn, outgoing_id)
        if found is None or not issued_recipients(
            conn, cfg, outgoing_id, recipients=found[0], answered_document_id=found[1]
        ):
            return []
    recipients, answered = found
    now = rt.now()
    try:
        with rt.store.write() as conn:
            planned = plan_issued(
                conn, cfg, outgoing_id, recipients=recipients, answered_document_id=answered, now=now
            )
            if planned:
                add_audit(
                    conn,
                    NewAuditEntry(
                        at=now,
                        actor=actor,
                        action="exchange_export",
                        object_type="outgoing",
                        object_id=outgoing_id,
                        detail={"messages": [m.message_id for m in planned]},
                    ),
                )
    except IntegrityError:  # journaled meanwhile by the other path (hook or round): same ids, once
        log.info("code=exchange_planned_already outgoing=%s", outgoing_id)
        return []
    return planned


def catch_up(rt: Runtime) -> int:
    """Journal the messages of recent issuances that have none. Returns how many were journaled."""
    cfg = rt.config
    if cfg.exchange.transport == "off" or not cfg.organisation.agency_code:
        return 0
    with rt.store.read() as conn:
        missing = xs.outgoing_unplanned(conn, rt.now() - CATCH_UP)
    return sum(len(plan_outgoing(rt, outgoing_id, actor="system")) for outgoing_id in missing)
