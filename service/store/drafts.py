"""Queries on drafts (dự thảo) and the outgoing register (sổ đăng ký văn bản đi)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, func, insert, select, update

from service.models import (
    Draft,
    DraftKind,
    DraftStatus,
    IssuedDocument,
    OutgoingEntry,
    OutgoingOrigin,
    OutgoingStatus,
)
from service.store.db import insert_id
from service.store.schema import drafts, outgoing

# --- drafts ---------------------------------------------------------------------------------------

_OPEN = (DraftStatus.DRAFT, DraftStatus.RETURNED)


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _loads(text: str | None, default: Any = None) -> Any:
    return json.loads(text) if text else default


def draft_from_row(row: Any) -> Draft:
    return Draft(
        id=row["id"],
        kind=DraftKind(row["kind"]),
        status=DraftStatus(row["status"]),
        created_at=row["created_at"],
        created_by=row["created_by"],
        requirement_id=row["requirement_id"],
        document_id=row["document_id"],
        period=row["period"],
        context=_loads(row["context_json"], {}),
        basis=_loads(row["basis_json"], {}),
        accepted_basis=_loads(row["accepted_basis_json"]),
        docx_path=row["docx_path"],
        xlsx_path=row["xlsx_path"],
        comment=row["comment"],
        outgoing_id=row["outgoing_id"],
        signed_at=row["signed_at"],
        signed_by=row["signed_by"],
        signer_name=row["signer_name"],
        signed_pdf=row["signed_pdf"],
    )


@dataclass(frozen=True)
class NewDraft:
    """A draft before it has an id: its kind (a DraftKind), who made it and when, what it answers
    (a requirement and period, or a document), its content and the data it was built from."""

    kind: str
    created_at: datetime
    created_by: str
    context: dict[str, Any] = field(hash=False)
    requirement_id: int | None = None
    document_id: int | None = None
    period: str | None = None
    basis: dict[str, Any] = field(default_factory=dict, hash=False)


def insert_draft(conn: Connection, new: NewDraft) -> int:
    return insert_id(
        conn,
        insert(drafts).values(
            kind=DraftKind(new.kind),
            status=DraftStatus.DRAFT,
            created_at=new.created_at,
            created_by=new.created_by,
            requirement_id=new.requirement_id,
            document_id=new.document_id,
            period=new.period,
            context_json=_dumps(new.context),
            basis_json=_dumps(new.basis or {}),
        ),
    )


def set_draft_files(conn: Connection, draft_id: int, *, docx: str, xlsx: str | None = None) -> None:
    conn.execute(update(drafts).where(drafts.c.id == draft_id).values(docx_path=docx, xlsx_path=xlsx))


def set_draft_docx(conn: Connection, draft_id: int, docx_path: str) -> None:
    conn.execute(update(drafts).where(drafts.c.id == draft_id).values(docx_path=docx_path))


def get_draft(conn: Connection, draft_id: int) -> Draft | None:
    row = conn.execute(select(drafts).where(drafts.c.id == draft_id)).mappings().first()
    return draft_from_row(row) if row else None


def list_drafts(conn: Connection, status: DraftStatus | None = None) -> list[Draft]:
    q = select(drafts).order_by(drafts.c.id)
    if status:
        q = q.where(drafts.c.status == DraftStatus(status))
    return [draft_from_row(r) for r in conn.execute(q).mappings()]


def _move(conn: Connection, draft_id: int, allowed, **values) -> bool:
    """One guarded step of the draft's life: only from the states `allowed`."""
    res = conn.execute(
        update(drafts).where(drafts.c.id == draft_id, drafts.c.status.in_(tuple(allowed))).values(**values)
    )
    return res.rowcount == 1


def return_draft_row(conn: Connection, draft_id: int, comment: str) -> bool:
    """Send a draft back to its drafter (a signed one too: its signature is dropped, the audit trail
    keeps it); False if it is not awaiting a signature or issuance."""
    return _move(
        conn,
        draft_id,
        (DraftStatus.DRAFT, DraftStatus.SIGNED),
        status=DraftStatus.RETURNED,
        comment=comment,
        signed_at=None,
        signed_by=None,
        signer_name=None,
        signed_pdf=None,
    )


def update_draft_context(
    conn: Connection, draft_id: int, context: dict[str, Any], *, basis: dict[str, Any] | None = None
) -> bool:
    """The drafter's edit (or a rebuild, with its new basis): the new content, and the draft is again
    awaiting signature (a returned one too; the leader's comment stays in the audit trail)."""
    values: dict[str, Any] = {"context_json": _dumps(context), "status": DraftStatus.DRAFT, "comment": None}
    if basis is not None:
        values.update(basis_json=_dumps(basis), accepted_basis_json=None)
    return _move(conn, draft_id, _OPEN, **values)


def accept_basis(conn: Connection, draft_id: int, basis: dict[str, Any]) -> bool:
    """The leader keeps the old content although the data changed: the data as now is what it was
    confirmed against (a later change makes it stale again)."""
    return _move(conn, draft_id, _OPEN, accepted_basis_json=_dumps(basis))


def withdraw_draft_row(conn: Connection, draft_id: int, reason: str | None) -> bool:
    return _move(
        conn,
        draft_id,
        (DraftStatus.DRAFT, DraftStatus.RETURNED, DraftStatus.SIGNED),
        status=DraftStatus.WITHDRAWN,
        comment=reason,
    )


@dataclass(frozen=True)
class DraftSigning:
    """The leader's signature on a draft: when, by which login, the name signed, the signed PDF
    (relative to the data folder) and the content as signed (signer, authority)."""

    at: datetime
    by: str
    signer_name: str
    signed_pdf: str
    context: dict[str, Any] = field(hash=False)


def mark_draft_signed(conn: Connection, draft_id: int, signing: DraftSigning) -> bool:
    """The leader signed: the content as signed and the signed PDF are kept until issuance."""
    return _move(
        conn,
        draft_id,
        (DraftStatus.DRAFT,),
        status=DraftStatus.SIGNED,
        context_json=_dumps(signing.context),
        signed_at=signing.at,
        signed_by=signing.by,
        signer_name=signing.signer_name,
        signed_pdf=signing.signed_pdf,
    )


def mark_draft_issued(conn: Connection, draft_id: int, outgoing_id: int) -> bool:
    """Guarded on the status, so one draft is never issued twice."""
    return _move(conn, draft_id, (DraftStatus.SIGNED,), status=DraftStatus.ISSUED, outgoing_id=outgoing_id)


def draft_context(row: Draft) -> dict[str, Any]:
    return dict(row.context)


# --- the outgoing register ------------------------------------------------------------------------


def next_outgoing_number(conn: Connection, year: int) -> int:
    """The next number of the year's series (from 1). Call inside a write transaction: it is
    serialised there (BEGIN IMMEDIATE), and the (year, number) unique key backs it up."""
    current = conn.execute(select(func.max(outgoing.c.number)).where(outgoing.c.year == year)).scalar()
    return (current or 0) + 1


def insert_outgoing(
    conn: Connection, issued: IssuedDocument, *, folder: str, docx_sha256: str, pdf_sha256: str
) -> int:
    """The outgoing register's line of an issued document."""
    return insert_id(
        conn,
        insert(outgoing).values(
            year=issued.issue_date.year,
            number=issued.number,
            number_symbol=issued.number_symbol,
            issue_date=issued.issue_date,
            issued_at=issued.issued_at,
            doc_type=issued.doc_type,
            title_summary=issued.title_summary,
            signer=issued.signer_name,
            recipients_json=_dumps(list(issued.recipients)),
            copies=issued.copies,
            draft_id=issued.draft_id,
            folder=folder,
            docx_sha256=docx_sha256,
            pdf_sha256=pdf_sha256,
            status=OutgoingStatus.ISSUED,
        ),
    )


def _outgoing_row(row: Any) -> OutgoingEntry:
    return OutgoingEntry(
        id=row["id"],
        year=row["year"],
        number=row["number"],
        number_symbol=row["number_symbol"],
        issue_date=row["issue_date"],
        issued_at=row["issued_at"],
        doc_type=row["doc_type"],
        title_summary=row["title_summary"],
        signer=row["signer"],
        recipients=tuple(_loads(row["recipients_json"], [])),
        copies=row["copies"],
        draft_id=row["draft_id"],
        folder=row["folder"],
        docx_sha256=row["docx_sha256"],
        pdf_sha256=row["pdf_sha256"],
        archived_at=row["archived_at"],
        status=OutgoingStatus(row["status"]),
        origin=OutgoingOrigin(row["origin"]),
    )


def get_outgoing(conn: Connection, outgoing_id: int) -> OutgoingEntry | None:
    row = conn.execute(select(outgoing).where(outgoing.c.id == outgoing_id)).mappings().first()
    return _outgoing_row(row) if row else None


def list_outgoing(conn: Connection, year: int | None = None) -> list[OutgoingEntry]:
    q = select(outgoing).order_by(outgoing.c.year, outgoing.c.number)
    if year is not None:
        q = q.where(outgoing.c.year == year)
    return [_outgoing_row(r) for r in conn.execute(q).mappings()]


def issued_before(conn: Connection, before: date) -> list[OutgoingEntry]:
    """Issued by Vanthu (a line imported from an earlier register has no folder), not yet archived,
    dated before `before`."""
    q = (
        select(outgoing)
        .where(
            outgoing.c.issue_date < before,
            outgoing.c.archived_at.is_(None),
            outgoing.c.status == OutgoingStatus.ISSUED,
            outgoing.c.origin == OutgoingOrigin.ISSUED,
        )
        .order_by(outgoing.c.year, outgoing.c.number)
    )
    return [_outgoing_row(r) for r in conn.execute(q).mappings()]


def mark_archived(conn: Connection, outgoing_id: int, *, folder: str, at: datetime) -> None:
    conn.execute(
        update(outgoing)
        .where(outgoing.c.id == outgoing_id)
        .values(folder=folder, archived_at=at, status=OutgoingStatus.ARCHIVED)
    )
