"""Drafts (dự thảo): build one from the data, write it, preview it. The draft's later life (staleness,
rebuild, withdrawal, return) is in lifecycle.py; the two signatures and issuance in issuance.py."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from service.drafts import context as C
from service.drafts.asked import asked_items
from service.drafts.basis import document_basis, tracking_basis
from service.drafts.body import TABLE_LINE, edit_table, parse_body
from service.drafts.pdf import WarmConverter, convert_to_pdf
from service.drafts.render import render_docx
from service.errors import VanthuError
from service.models import Draft, DraftKind
from service.runtime import Runtime
from service.store import drafts as Q
from service.store.audit import NewAuditEntry, add_audit
from service.store.documents import document_fields, get_document
from service.text.normalize import nfc


def _get(conn, draft_id: int) -> Draft:
    draft = Q.get_draft(conn, draft_id)
    if draft is None:
        raise VanthuError("draft_not_found", f"draft {draft_id}")
    return draft


def tracking_rows(rt: Runtime, conn, requirement_id: int | None):
    from service.store import tracking  # another area's module: imported when a draft needs it

    if requirement_id is None:
        raise VanthuError("requirement_not_found", "--requirement is required")
    req = tracking.get_requirement(conn, requirement_id)
    if req is None:
        raise VanthuError("requirement_not_found", f"requirement {requirement_id}")
    cfg = rt.config
    rows = tracking.compute_status(
        conn, cfg.organisation, rt.now().date(), cfg.due_soon_days, requirement_id=requirement_id
    )
    return req, rows


@dataclass(frozen=True)
class Built:
    """A draft's content as built from the data, and the data it was built from."""

    context: dict[str, Any]
    basis: dict[str, Any]


def _build_tracking(rt: Runtime, kind: DraftKind, requirement_id: int | None, period: str | None) -> Built:
    from service.drafts.compile import compile_reports
    from service.drafts.reports import read_reports

    cfg, org, today = rt.config, rt.config.organisation, rt.now().date()
    with rt.store.read() as conn:
        req, rows = tracking_rows(rt, conn, requirement_id)
    if period and not any(r.period == period for r in rows):
        raise VanthuError("period_not_found", f"period {period} of requirement {requirement_id}")
    if kind == DraftKind.REMINDER:
        status = C.RequirementStatus(req, rows, period)
        ctx = C.build_reminder_context(org, status, today, signer_name=cfg.signer_name)
        if not ctx["addressees"]:
            raise VanthuError(
                "nothing_to_remind", f"requirement {requirement_id}, period {ctx.get('period')}"
            )
        return Built(ctx, tracking_basis(rows, ctx.get("period")))
    chosen = C.pick_period(rows, today, period)
    compiled = compile_reports(read_reports(rt, rows, chosen))
    status = C.RequirementStatus(req, rows, chosen)
    ctx = C.build_summary_context(org, status, today, compiled=compiled, signer_name=cfg.signer_name)
    return Built(ctx, tracking_basis(rows, ctx.get("period")))


def _build_from_document(rt: Runtime, kind: DraftKind, document_id: int | None) -> Built:
    cfg, org, today = rt.config, rt.config.organisation, rt.now().date()
    with rt.store.read() as conn:
        row = get_document(conn, document_id) if document_id is not None else None
        if row is None:
            raise VanthuError("document_not_found", f"document {document_id}")
        fields = document_fields(row)
        corrected = _corrected_requirements(conn, row.id) if kind == DraftKind.PLAN else []
    if kind == DraftKind.PLAN:
        ctx = C.build_plan_context(
            org,
            fields,
            today,
            margin_days=cfg.plan_margin_days,
            corrected=corrected,
            signer_name=cfg.signer_name,
        )
    else:
        unit = org.unit(row.sender_unit_id) if row.sender_unit_id else None
        answering = C.Answering(
            fields,
            sender_name=unit.name if unit else None,
            asked_items=asked_items(row.text or ""),
            drafting_unit_id=C.unit_named_in(org, row.recipient_unit or ""),
        )
        ctx = C.build_reply_context(org, answering, today, signer_name=cfg.signer_name)
    return Built(ctx, document_basis(fields))


def _corrected_requirements(conn, document_id: int):
    """The reporting requirements the clerk confirmed or corrected for a plan (their text wins)."""
    from service.store.tracking import list_requirements

    return [r for r in list_requirements(conn) if r.source_document_id == document_id and r.confirmed]


def build_draft(
    rt: Runtime, kind: str, *, requirement_id: int | None, period: str | None, document_id: int | None
) -> Built:
    """The content of a new draft (or of a rebuilt one) from the data as it is now."""
    if kind in (DraftKind.REMINDER, DraftKind.SUMMARY):
        return _build_tracking(rt, DraftKind(kind), requirement_id, period)
    if kind in (DraftKind.REPLY, DraftKind.PLAN):
        return _build_from_document(rt, DraftKind(kind), document_id)
    raise VanthuError("draft_kind_unknown", kind)


def current_basis(rt: Runtime, conn, draft: Draft) -> dict[str, Any]:
    """The data a draft's basis describes, as it is now."""
    if draft.kind in (DraftKind.REMINDER, DraftKind.SUMMARY):
        _, rows = tracking_rows(rt, conn, draft.requirement_id)
        return tracking_basis(rows, draft.basis.get("period", draft.period))
    row = get_document(conn, draft.document_id) if draft.document_id is not None else None
    return document_basis(document_fields(row)) if row is not None else {"document": {}}


def render_files(rt: Runtime, draft_id: int, kind: str, ctx: dict[str, Any]) -> tuple[str, str | None]:
    """The draft's .docx under data/drafts/, and beside it the .xlsx of its tables when it has
    compiled ones (a summary); paths relative to the data folder."""
    from service.drafts.tables import write_xlsx

    docx = f"drafts/{draft_id}-{kind}.docx"
    render_docx(kind, ctx, rt.data_path(docx))
    xlsx = None
    if kind == DraftKind.SUMMARY and ctx.get("tables"):
        xlsx = f"drafts/{draft_id}-{kind}.xlsx"
        write_xlsx(ctx["tables"], rt.data_path(xlsx), ctx.get("title_summary") or "")
    return docx, xlsx


def create_draft(
    rt: Runtime,
    kind: str,
    *,
    requirement_id: int | None = None,
    period: str | None = None,
    document_id: int | None = None,
    actor: str = "system",
) -> Draft:
    """Make a draft (DỰ THẢO, blank number) under data/drafts/, remembering what it was built from."""
    if kind not in C.KINDS:
        raise VanthuError("draft_kind_unknown", kind)
    kind = DraftKind(kind)
    now = rt.now()
    built = build_draft(rt, kind, requirement_id=requirement_id, period=period, document_id=document_id)
    ctx = built.context
    with rt.store.write() as conn:
        draft_id = Q.insert_draft(
            conn,
            Q.NewDraft(
                kind=kind,
                created_at=now,
                created_by=actor,
                requirement_id=requirement_id,
                document_id=document_id,
                period=ctx.get("period") or period,
                context=ctx,
                basis=built.basis,
            ),
        )
        docx, xlsx = render_files(rt, draft_id, kind, ctx)
        Q.set_draft_files(conn, draft_id, docx=docx, xlsx=xlsx)
        add_audit(
            conn,
            NewAuditEntry(
                at=now,
                actor=actor,
                action="draft_create",
                object_type="draft",
                object_id=draft_id,
                detail={
                    "kind": kind,
                    "requirement_id": requirement_id,
                    "document_id": document_id,
                    "period": ctx.get("period"),
                    "warnings": ctx.get("warnings", []),
                },
            ),
        )
        return _get(conn, draft_id)


# A part the drafter must write ("[Nội dung phúc đáp: …]"): a draft holding one is not signed.
PLACEHOLDER = re.compile(r"\[[^\]]{3,}\]")


def placeholders(ctx: dict[str, Any]) -> list[str]:
    """What a draft still lacks before it can be signed: bracketed parts to write, and facts of the
    incoming document it cites that could not be read (printed "…")."""
    texts = [
        b.get("text", "")
        for key in ("blocks", "blocks_after")
        for b in ctx.get(key, [])
        if b.get("style") != "table"
    ]
    texts += [ctx.get("title_summary") or ""]
    found = [m.group(0) for t in texts for m in PLACEHOLDER.finditer(t)]
    ref = ctx.get("ref") or {}
    labels = {"number_symbol": "số, ký hiệu", "date": "ngày tháng", "issuer": "cơ quan ban hành"}
    missing = [label for key, label in labels.items() if ref.get(key) in (C.MISSING, "", None) and key in ref]
    if C.MISSING in ctx.get("addressees", []) and "cơ quan ban hành" not in missing:
        missing.append("nơi nhận (Kính gửi)")
    if missing:
        found.append(
            f"… ({', '.join(missing)} của văn bản đến chưa có: hiệu chỉnh văn bản đến rồi tạo lại dự thảo)"
        )
    return found


def edit_draft(
    rt: Runtime,
    draft_id: int,
    *,
    text: str | None = None,
    title_summary: str | None = None,
    tables: dict[int, dict[str, Any]] | None = None,
    actor: str,
) -> Draft:
    """The drafter writes the draft as a document: the body as one text (a paragraph a line, `- …` a
    list item, `[BẢNG n]` where a table stands), the trích yếu, and the tables' cells (each table's
    total row added up again). The draft then awaits signature again."""
    now = rt.now()
    with rt.store.write() as conn:
        row = Q.get_draft(conn, draft_id)
        if row is None:
            raise VanthuError("draft_not_found", f"draft {draft_id}")
        if not row.status.editable:
            raise VanthuError("draft_not_editable", f"draft {draft_id} is {row.status}")
        ctx = Q.draft_context(row)
        before = {k: ctx.get(k) for k in ("title_summary", "blocks", "tables")}
        for index, change in (tables or {}).items():
            if 0 <= index < len(ctx.get("tables") or []):
                ctx["tables"][index] = edit_table(
                    ctx["tables"][index], change.get("header"), change.get("rows")
                )
        if text is not None:
            blocks = parse_body(text, ctx.get("blocks") or [], len(ctx.get("tables") or []))
            if not blocks:
                raise VanthuError("draft_empty", f"draft {draft_id}")
            ctx["blocks"], ctx["blocks_after"] = blocks, []
        if title_summary and title_summary.strip():
            C.set_summary(ctx, nfc(title_summary).strip())
        if not Q.update_draft_context(conn, draft_id, ctx):
            raise VanthuError("draft_not_editable", f"draft {draft_id}")
        docx, xlsx = render_files(rt, draft_id, row.kind, ctx)
        Q.set_draft_files(conn, draft_id, docx=docx, xlsx=xlsx)
        add_audit(
            conn,
            NewAuditEntry(
                at=now,
                actor=actor,
                action="draft_edit",
                object_type="draft",
                object_id=draft_id,
                detail={"before": before, "previous_status": str(row.status)},
            ),
        )
        return _get(conn, draft_id)


def unknown_table_lines(text: str, ctx: dict[str, Any]) -> list[str]:
    """Table lines of an edited body that name no table of the draft (shown to the drafter)."""
    count = len(ctx.get("tables") or [])
    return [
        line.strip()
        for line in text.splitlines()
        if (m := TABLE_LINE.match(line.strip())) and not 1 <= int(m[1]) <= count
    ]


def preview_pdf(rt: Runtime, draft_id: int, converter: WarmConverter | None = None) -> Path:
    """The draft as PDF, for the leader's preview (made again when the .docx is newer)."""
    with rt.store.read() as conn:
        row = Q.get_draft(conn, draft_id)
    if row is None or not row.docx_path:
        raise VanthuError("draft_not_found", f"draft {draft_id}")
    docx = rt.data_path(row.docx_path)
    pdf = docx.with_suffix(".pdf")
    if not pdf.is_file() or pdf.stat().st_mtime < docx.stat().st_mtime:
        convert_to_pdf(docx, pdf, converter)
    return pdf
