"""The tracking hook of registration: requirements from a document, and submissions recognised.

Runs inside the registration's write transaction, right after the document row is inserted.
"""

from __future__ import annotations

import logging
from datetime import date, datetime

from sqlalchemy import Connection

from service.config import Config
from service.models import Fields
from service.store import followups
from service.store import tracking as store
from service.store.audit import NewAuditEntry, add_audit
from service.store.documents import Document, document_fields
from service.tracking.matching import Candidate, cites, find_sender, match_submission
from service.tracking.requirements import requirements_from_fields
from service.tracking.units import match_unit, units_in_text

log = logging.getLogger("vanthu.tracking")


def _arrival(doc: Document, today: date) -> tuple[datetime, date]:
    arrived = doc.arrived_at
    if isinstance(arrived, datetime):
        return arrived, arrived.date()
    return datetime.combine(today, datetime.min.time()), today


def _receiving_unit(fields: Fields, to_whom: str, cfg: Config) -> str | None:
    """The office's unit that handles the document: the one reports go through, else the lead."""
    org = cfg.organisation
    if to_whom:
        found = units_in_text(to_whom, org)  # "về UBND huyện qua … Phòng Lao động - TB&XH"
        unit_id = found[-1] if found else match_unit(to_whom, org)
        unit = org.unit(unit_id) if unit_id else None
        if unit is not None:
            return unit.name
    for d in fields.deadlines:
        for unit_id in d.lead_unit_ids:
            unit = org.unit(unit_id)
            if unit:
                return unit.name
    return None


def link_document(conn: Connection, doc: Document, fields: Fields, cfg: Config, today: date) -> None:
    """Propose requirements from the document's deadlines and link it as a unit's submission."""
    now, received_on = _arrival(doc, today)
    created = _propose_requirements(conn, doc, fields, cfg, now, received_on)
    if created:
        _link_earlier_reports(conn, created, cfg, now)
    else:
        _link_submission(conn, _candidate(doc, fields, received_on), cfg, now)


def _link_earlier_reports(conn: Connection, req_ids: list[int], cfg: Config, now: datetime) -> None:
    """Reports registered before their plan (the plan came late, or was entered late) are linked now."""
    reqs = [r for r in (store.get_requirement(conn, i) for i in req_ids) if r is not None]
    seen: set[int] = set()
    for ns in {r.source_number_symbol for r in reqs if r.source_number_symbol}:
        for row in store.documents_citing(conn, ns):
            if row.id in seen or any(row.id == r.source_document_id for r in reqs):
                continue
            seen.add(row.id)
            fields = document_fields(row)
            refs = [r.number_symbol for r in fields.references if r.number_symbol]
            if not cites(row.text or "", refs, ns) or store.submissions_of_document(conn, row.id):
                continue  # no citation (only a number alike), or already linked: the clerk's call
            _, received_on = _arrival(row, now.date())
            _link_submission(conn, _candidate(row, fields, received_on), cfg, now, reqs)


def _propose_requirements(
    conn: Connection, doc: Document, fields: Fields, cfg: Config, now: datetime, received_on: date
) -> list[int]:
    org = cfg.organisation
    start = fields.issue_date or doc.issue_date or received_on
    reqs = requirements_from_fields(
        fields,
        org,
        doc.number_symbol or fields.number_symbol,
        doc.id,
        text=doc.text or "",
        start=start,
    )
    created: list[int] = []
    for req in reqs:
        if store.find_duplicate_requirement(conn, req) is not None:
            continue  # the same plan registered again (a scan and its Word file)
        req_id = store.add_requirement(conn, req, now=now, proposed=True, actor="system")
        followups.add_followup(
            conn,
            followups.NewFollowup(
                document_id=doc.id,
                requirement_id=req_id,
                receiving_unit=_receiving_unit(fields, req.to_whom, cfg),
                deadline=req.due_date,
            ),
        )
        followups.refresh_progress(conn, req_id, received_on)
        created.append(req_id)
    if not created:
        dated = sorted(d.date for d in fields.deadlines if d.date and d.date >= start)
        if dated:
            to_whom = next((d.to_whom for d in fields.deadlines if d.date == dated[0]), "")
            followups.add_followup(
                conn,
                followups.NewFollowup(
                    document_id=doc.id,
                    requirement_id=None,
                    receiving_unit=_receiving_unit(fields, to_whom, cfg),
                    deadline=dated[0],
                    progress="Chưa giải quyết",
                ),
            )
    return created


def _candidate(doc: Document, fields: Fields, received_on: date) -> Candidate:
    """What matching reads of a registered document: its row's values, else the extracted ones."""
    return Candidate(
        text=doc.text or "",
        doc_type=doc.doc_type or fields.doc_type,
        title_summary=doc.title_summary or fields.title_summary,
        number_symbol=doc.number_symbol or fields.number_symbol,
        issuer=doc.issuer or fields.issuer,
        issue_date=doc.issue_date or fields.issue_date,
        received_on=received_on,
        sender_unit_id=doc.sender_unit_id,
        reference_symbols=[r.number_symbol for r in fields.references if r.number_symbol],
        document_id=doc.id,
    )


def _link_submission(
    conn: Connection, cand: Candidate, cfg: Config, now: datetime, reqs: list | None = None
) -> None:
    """A registered document (`cand`, its document_id set) linked to the requirement it answers, or
    proposed to the clerk when matching is not certain."""
    assert cand.document_id is not None  # a registered document
    reqs = store.list_requirements(conn) if reqs is None else reqs
    if not reqs:
        return
    received_on = cand.received_on
    unit_id, _certain = find_sender(cand, cfg.organisation)  # to know the periods it has sent
    taken = store.taken_periods(conn, unit_id) if unit_id else {}
    link = match_submission(cand, reqs, cfg.organisation, taken)
    if link is None:
        return
    state = "linked" if link.certain else "proposed"
    sub_id = store.insert_submission(
        conn,
        store.NewSubmission(
            requirement_id=link.requirement_id,
            unit_id=link.unit_id,
            period=link.period,
            received_on=received_on,
            document_id=cand.document_id,
            number_symbol=cand.number_symbol,
            state=state,
            confidence=link.confidence,
            note="; ".join(link.reasons),
        ),
        now=now,
    )
    add_audit(
        conn,
        NewAuditEntry(
            at=now,
            actor="system",
            action=f"link_{'made' if link.certain else 'proposed'}",
            object_type="submission",
            object_id=sub_id,
            detail={
                "document_id": cand.document_id,
                "requirement_id": link.requirement_id,
                "unit_id": link.unit_id,
                "period": link.period,
                "reasons": link.reasons,
            },
        ),
    )
    followups.refresh_progress(conn, link.requirement_id, received_on)
    log.info(
        "code=submission_%s document=%s requirement=%s unit=%s period=%s submission=%s",
        state,
        cand.document_id,
        link.requirement_id,
        link.unit_id,
        link.period,
        sub_id,
    )
