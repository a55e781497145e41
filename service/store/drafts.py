"""Queries on drafts (dự thảo) and the outgoing register (sổ đăng ký văn bản đi)."""

from __future__ import annotations

import json
from datetime import date, datetime, tzinfo
from typing import Any

from sqlalchemy import Connection, func, insert, select, update

from service.models import iso
from service.store.schema import drafts, outgoing

# --- drafts ---------------------------------------------------------------------------------------


def insert_draft(
    conn: Connection,
    *,
    kind: str,
    created_at: datetime,
    created_by: str,
    requirement_id: int | None,
    document_id: int | None,
    period: str | None,
    context: dict[str, Any],
) -> int:
    return conn.execute(
        insert(drafts).values(
            kind=kind,
            status="draft",
            created_at=created_at,
            created_by=created_by,
            requirement_id=requirement_id,
            document_id=document_id,
            period=period,
            context_json=json.dumps(context, ensure_ascii=False),
        )
    ).inserted_primary_key[0]


def set_draft_docx(conn: Connection, draft_id: int, docx_path: str) -> None:
    conn.execute(update(drafts).where(drafts.c.id == draft_id).values(docx_path=docx_path))


def get_draft(conn: Connection, draft_id: int) -> dict[str, Any] | None:
    row = conn.execute(select(drafts).where(drafts.c.id == draft_id)).mappings().first()
    return dict(row) if row else None


def list_drafts(conn: Connection, status: str | None = None) -> list[dict[str, Any]]:
    q = select(drafts).order_by(drafts.c.id)
    if status:
        q = q.where(drafts.c.status == status)
    return [dict(r) for r in conn.execute(q).mappings()]


def return_draft_row(conn: Connection, draft_id: int, comment: str) -> bool:
    """Send a draft back to its drafter; False if it is not (or no longer) awaiting signature."""
    res = conn.execute(
        update(drafts)
        .where(drafts.c.id == draft_id, drafts.c.status == "draft")
        .values(status="returned", comment=comment)
    )
    return res.rowcount == 1


def update_draft_context(conn: Connection, draft_id: int, context: dict[str, Any]) -> bool:
    """The drafter's edit: the new content, and the draft is again awaiting signature (a returned one
    too; the leader's comment stays in the audit trail). False once it is issued."""
    res = conn.execute(
        update(drafts)
        .where(drafts.c.id == draft_id, drafts.c.status.in_(("draft", "returned")))
        .values(context_json=json.dumps(context, ensure_ascii=False), status="draft", comment=None)
    )
    return res.rowcount == 1


def mark_draft_issued(conn: Connection, draft_id: int, outgoing_id: int) -> bool:
    """Guarded on the status, so one draft is never issued twice."""
    res = conn.execute(
        update(drafts)
        .where(drafts.c.id == draft_id, drafts.c.status == "draft")
        .values(status="issued", outgoing_id=outgoing_id)
    )
    return res.rowcount == 1


def draft_context(row: dict[str, Any]) -> dict[str, Any]:
    return json.loads(row["context_json"] or "{}")


def draft_entry(row: dict[str, Any], zone: tzinfo) -> dict[str, Any]:
    ctx = draft_context(row)
    return {
        "id": row["id"],
        "kind": row["kind"],
        "status": row["status"],
        "created_at": iso(row["created_at"], zone),
        "created_by": row["created_by"],
        "requirement_id": row["requirement_id"],
        "document_id": row["document_id"],
        "period": row["period"],
        "docx": row["docx_path"],
        "comment": row["comment"],
        "outgoing_id": row["outgoing_id"],
        "title_summary": ctx.get("title_summary"),
        "warnings": ctx.get("warnings", []),
    }


# --- the outgoing register ------------------------------------------------------------------------


def next_outgoing_number(conn: Connection, year: int) -> int:
    """The next number of the year's series (from 1). Call inside a write transaction: it is
    serialised there (BEGIN IMMEDIATE), and the (year, number) unique key backs it up."""
    current = conn.execute(select(func.max(outgoing.c.number)).where(outgoing.c.year == year)).scalar()
    return (current or 0) + 1


def insert_outgoing(
    conn: Connection,
    *,
    year: int,
    number: int,
    number_symbol: str,
    issue_date: date,
    issued_at: datetime,
    doc_type: str,
    title_summary: str,
    signer: str,
    recipients: list[str],
    copies: int,
    draft_id: int,
    folder: str,
    docx_sha256: str,
    pdf_sha256: str,
) -> int:
    return conn.execute(
        insert(outgoing).values(
            year=year,
            number=number,
            number_symbol=number_symbol,
            issue_date=issue_date,
            issued_at=issued_at,
            doc_type=doc_type,
            title_summary=title_summary,
            signer=signer,
            recipients_json=json.dumps(recipients, ensure_ascii=False),
            copies=copies,
            draft_id=draft_id,
            folder=folder,
            docx_sha256=docx_sha256,
            pdf_sha256=pdf_sha256,
            status="issued",
        )
    ).inserted_primary_key[0]


def get_outgoing(conn: Connection, outgoing_id: int) -> dict[str, Any] | None:
    row = conn.execute(select(outgoing).where(outgoing.c.id == outgoing_id)).mappings().first()
    return dict(row) if row else None


def list_outgoing(conn: Connection, year: int | None = None) -> list[dict[str, Any]]:
    q = select(outgoing).order_by(outgoing.c.year, outgoing.c.number)
    if year is not None:
        q = q.where(outgoing.c.year == year)
    return [dict(r) for r in conn.execute(q).mappings()]


def issued_before(conn: Connection, before: date) -> list[dict[str, Any]]:
    """Issued, not yet archived, dated before `before`."""
    q = (
        select(outgoing)
        .where(
            outgoing.c.issue_date < before, outgoing.c.archived_at.is_(None), outgoing.c.status == "issued"
        )
        .order_by(outgoing.c.year, outgoing.c.number)
    )
    return [dict(r) for r in conn.execute(q).mappings()]


def mark_archived(conn: Connection, outgoing_id: int, *, folder: str, at: datetime) -> None:
    conn.execute(
        update(outgoing)
        .where(outgoing.c.id == outgoing_id)
        .values(folder=folder, archived_at=at, status="archived")
    )


def outgoing_entry(row: dict[str, Any], zone: tzinfo) -> dict[str, Any]:
    """A register line as JSON (Appendix IV columns plus the files); moments with the office's offset."""
    return {
        "id": row["id"],
        "year": row["year"],
        "number": row["number"],
        "number_symbol": row["number_symbol"],
        "date": row["issue_date"].isoformat(),
        "issued_at": iso(row["issued_at"], zone),
        "doc_type": row["doc_type"],
        "title_summary": row["title_summary"],
        "signer": row["signer"],
        "recipients": json.loads(row["recipients_json"] or "[]"),
        "copies": row["copies"],
        "draft_id": row["draft_id"],
        "folder": row["folder"],
        "docx_sha256": row["docx_sha256"],
        "pdf_sha256": row["pdf_sha256"],
        "status": row["status"],
        "archived_at": iso(row["archived_at"], zone),
    }
