"""Drafts for signature: create, return, issue (number, date, PDF, signature, outbox), archive."""

from __future__ import annotations

import logging
import re
import shutil
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from service.drafts import context as C
from service.drafts.outbox import move_verified, write_issue_folder
from service.drafts.pdf import WarmConverter, convert_to_pdf
from service.drafts.render import render_docx
from service.drafts.sign import sign_pdf, signing_key
from service.errors import VanthuError
from service.models import iso
from service.runtime import Runtime
from service.store import drafts as Q
from service.store.audit import add_audit
from service.store.documents import document_fields, get_document
from service.text.normalize import nfc

log = logging.getLogger("vanthu.drafts")


def _tracking_data(rt: Runtime, conn, requirement_id: int | None):
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


def build_context(
    rt: Runtime, conn, kind: str, *, requirement_id: int | None, period: str | None, document_id: int | None
) -> dict[str, Any]:
    cfg, org, today = rt.config, rt.config.organisation, rt.now().date()
    signer = cfg.signer_name
    if kind in ("reminder", "summary"):
        req, rows = _tracking_data(rt, conn, requirement_id)
        if period and not any(r.period == period for r in rows):
            raise VanthuError("period_not_found", f"period {period} of requirement {requirement_id}")
        build = C.build_reminder_context if kind == "reminder" else C.build_summary_context
        ctx = build(org, req, rows, today, period=period, signer_name=signer)
        if kind == "reminder" and not ctx["addressees"]:
            raise VanthuError(
                "nothing_to_remind", f"requirement {requirement_id}, period {ctx.get('period')}"
            )
        return ctx
    if kind in ("reply", "plan"):
        row = get_document(conn, document_id) if document_id is not None else None
        if row is None:
            raise VanthuError("document_not_found", f"document {document_id}")
        fields = document_fields(row)
        if kind == "plan":
            return C.build_plan_context(
                org, fields, today, margin_days=cfg.plan_margin_days, signer_name=signer
            )
        unit = org.unit(row["sender_unit_id"]) if row.get("sender_unit_id") else None
        return C.build_reply_context(
            org, fields, today, sender_name=unit.name if unit else None, signer_name=signer
        )
    raise VanthuError("draft_kind_unknown", kind)


def create_draft(
    rt: Runtime,
    kind: str,
    *,
    requirement_id: int | None = None,
    period: str | None = None,
    document_id: int | None = None,
    actor: str = "system",
) -> dict[str, Any]:
    """Make a draft (DỰ THẢO, blank number) under data/drafts/. Returns {"id", "kind", "docx"}."""
    if kind not in C.KINDS:
        raise VanthuError("draft_kind_unknown", kind)
    now = rt.now()
    with rt.store.read() as conn:
        ctx = build_context(
            rt, conn, kind, requirement_id=requirement_id, period=period, document_id=document_id
        )
    with rt.store.write() as conn:
        draft_id = Q.insert_draft(
            conn,
            kind=kind,
            created_at=now,
            created_by=actor,
            requirement_id=requirement_id,
            document_id=document_id,
            period=ctx.get("period") or period,
            context=ctx,
        )
        relative = f"drafts/{draft_id}-{kind}.docx"
        render_docx(kind, ctx, rt.data_path(relative))
        Q.set_draft_docx(conn, draft_id, relative)
        add_audit(
            conn,
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
        )
    return {"id": draft_id, "kind": kind, "docx": str(rt.data_path(relative))}


# A part the drafter must write ("[Nội dung phúc đáp: …]"): a draft holding one is not signed.
PLACEHOLDER = re.compile(r"\[[^\]]{3,}\]")
# A signer is a person's full name: two words or more, letters only ("Nguyễn Văn An"), not a login.
_WORD = r"[^\W\d_]+(?:['-][^\W\d_]+)*"
SIGNER = re.compile(rf"{_WORD}(?: +{_WORD})+")


def placeholders(ctx: dict[str, Any]) -> list[str]:
    """What a draft still lacks before it can be signed: bracketed parts to write, and facts of the
    incoming document it cites that could not be read (printed "…")."""
    texts = [b.get("text", "") for key in ("blocks", "blocks_after") for b in ctx.get(key, [])]
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
    title_summary: str | None,
    blocks: list[str],
    blocks_after: list[str] | None = None,
    added: str = "",
    actor: str,
) -> dict[str, Any]:
    """The drafter rewrites the text: each paragraph keeps its place and style (an empty one is
    dropped), `added` becomes a new paragraph at the end. The draft then awaits signature again."""
    now = rt.now()
    with rt.store.write() as conn:
        row = Q.get_draft(conn, draft_id)
        if row is None:
            raise VanthuError("draft_not_found", f"draft {draft_id}")
        if row["status"] not in ("draft", "returned"):
            raise VanthuError("draft_not_editable", f"draft {draft_id} is {row['status']}")
        ctx = Q.draft_context(row)
        before = {k: ctx.get(k) for k in ("title_summary", "blocks", "blocks_after")}

        def paragraphs(text: str) -> list[str]:  # each line typed is a paragraph of its own
            return [line.strip() for line in nfc(text).splitlines() if line.strip()]

        def rewrite(old: list[dict[str, str]], new: list[str]) -> list[dict[str, str]]:
            kept = [dict(b, text=p) for b, t in zip(old, new) for p in paragraphs(t)]
            return kept + [dict(b) for b in old[len(new) :]]

        ctx["blocks"] = rewrite(ctx.get("blocks", []), blocks)
        if blocks_after is not None:
            ctx["blocks_after"] = rewrite(ctx.get("blocks_after", []), blocks_after)
        ctx["blocks"] += [C.body_block(p) for p in paragraphs(added)]
        if title_summary and title_summary.strip():
            C.set_summary(ctx, nfc(title_summary).strip())
        if not Q.update_draft_context(conn, draft_id, ctx):
            raise VanthuError("draft_not_editable", f"draft {draft_id}")
        render_docx(
            row["kind"], ctx, rt.data_path(row["docx_path"] or f"drafts/{draft_id}-{row['kind']}.docx")
        )
        add_audit(
            conn,
            at=now,
            actor=actor,
            action="draft_edit",
            object_type="draft",
            object_id=draft_id,
            detail={"before": before, "previous_status": row["status"]},
        )
        return Q.draft_entry(Q.get_draft(conn, draft_id), rt.zone)


def return_draft(rt: Runtime, draft_id: int, *, comment: str, actor: str) -> dict[str, Any]:
    """The leader sends the draft back (trả lại) with a comment."""
    with rt.store.write() as conn:
        if Q.get_draft(conn, draft_id) is None:
            raise VanthuError("draft_not_found", f"draft {draft_id}")
        if not Q.return_draft_row(conn, draft_id, comment):
            raise VanthuError("draft_not_pending", f"draft {draft_id}")
        add_audit(
            conn,
            at=rt.now(),
            actor=actor,
            action="draft_return",
            object_type="draft",
            object_id=draft_id,
            detail={"comment": comment},
        )
        return Q.draft_entry(Q.get_draft(conn, draft_id), rt.zone)


def preview_pdf(rt: Runtime, draft_id: int, converter: WarmConverter | None = None) -> Path:
    """The draft as PDF, for the leader's preview (made again when the .docx is newer)."""
    with rt.store.read() as conn:
        row = Q.get_draft(conn, draft_id)
    if row is None or not row["docx_path"]:
        raise VanthuError("draft_not_found", f"draft {draft_id}")
    docx = rt.data_path(row["docx_path"])
    pdf = docx.with_suffix(".pdf")
    if not pdf.is_file() or pdf.stat().st_mtime < docx.stat().st_mtime:
        convert_to_pdf(docx, pdf, converter)
    return pdf


def _register_recipients(ctx: dict[str, Any]) -> list[str]:
    named = [a for a in ctx.get("addressees", []) if a and a != C.MISSING]
    return named + [r for r in ctx.get("recipients", []) if r not in ("Như trên", C.MISSING)]


def issue_draft(
    rt: Runtime, draft_id: int, *, signer: str, actor: str, converter: WarmConverter | None = None
) -> dict[str, Any]:
    """Approve and issue (ban hành): the next number of the year and today's date, taken in one write
    transaction that also renders, converts, signs, fills the outbox folder and writes the register.
    Holding the writer lock for the ~1 s this takes keeps the series gapless: if anything fails, the
    number is not used and the folder is removed."""
    cfg, org = rt.config, rt.config.organisation
    now = rt.now()
    folder: Path | None = None
    try:
        with (
            rt.store.write() as conn,
            tempfile.TemporaryDirectory(prefix="issue-", dir=cfg.data / "drafts") as tmp,
        ):
            row = Q.get_draft(conn, draft_id)
            if row is None:
                raise VanthuError("draft_not_found", f"draft {draft_id}")
            if row["status"] != "draft":
                raise VanthuError("draft_not_pending", f"draft {draft_id} is {row['status']}")
            if not SIGNER.fullmatch(nfc(signer or "").strip()):
                raise VanthuError("signer_invalid", repr(signer))
            signer = nfc(signer).strip()
            left = placeholders(Q.draft_context(row))
            if left:
                raise VanthuError("draft_placeholder", "; ".join(left)[:300])
            number = Q.next_outgoing_number(conn, now.year)
            ctx = C.finalize_context(
                Q.draft_context(row), number=number, issued_on=now.date(), signer_name=signer
            )
            ns = C.number_symbol(ctx)
            work = Path(tmp)
            docx = render_docx(row["kind"], ctx, work / "final.docx")
            pdf = convert_to_pdf(docx, work / "final.pdf", converter)
            key = signing_key(
                pkcs12_path=cfg.pkcs12,
                password_env=cfg.pkcs12_password_env,
                data=cfg.data,
                organisation=org.name,
            )
            sig = sign_pdf(
                pdf,
                work / "signed.pdf",
                key,
                signer_name=signer,
                organisation=org.name,
                reason=f"Ban hành văn bản số {ns}",
                location=org.place,
                anchor=ctx["authority_lines"][-1] if ctx.get("authority_lines") else "",
                signed_at=now.replace(tzinfo=rt.zone),
            )
            recipients = _register_recipients(ctx)
            meta = {
                "date": now.date().isoformat(),
                "issued_at": iso(now, rt.zone),
                "doc_type": ctx["doc_type"],
                "title_summary": ctx["title_summary"],
                "signer": signer,
                "organisation": org.name,
                "recipients": recipients,
                "draft_id": draft_id,
                "signature": {
                    "demo_certificate": key.demo,
                    "certificate": sig.get("signer"),
                    "signing_time": sig.get("signing_time"),
                },
            }
            folder, hashes = write_issue_folder(cfg.outbox, now.year, ns, docx, work / "signed.pdf", meta)
            docx_out, pdf_out = sorted(folder.glob("*.docx"))[0], sorted(folder.glob("*.pdf"))[0]
            oid = Q.insert_outgoing(
                conn,
                year=now.year,
                number=number,
                number_symbol=ns,
                issue_date=now.date(),
                issued_at=now,
                doc_type=ctx["doc_type"],
                title_summary=ctx["title_summary"],
                signer=signer,
                recipients=recipients,
                copies=len(recipients) + 1,
                draft_id=draft_id,
                folder=str(folder),
                docx_sha256=hashes[docx_out.name],
                pdf_sha256=hashes[pdf_out.name],
            )
            if not Q.mark_draft_issued(conn, draft_id, oid):
                raise VanthuError("draft_not_pending", f"draft {draft_id}")
            answered = _answered_document(conn, row)
            if answered is not None:  # the follow-up register: số, ký hiệu văn bản trả lời
                from service.store.followups import set_followup_answer

                set_followup_answer(conn, answered, ns, oid, now=now, actor=actor)
            add_audit(
                conn,
                at=now,
                actor=actor,
                action="draft_issue",
                object_type="draft",
                object_id=draft_id,
                detail={
                    "number_symbol": ns,
                    "signer": signer,
                    "outgoing_id": oid,
                    "demo_certificate": key.demo,
                },
            )
    except BaseException:
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
        raise
    if key.demo:
        log.warning("%s signed with the DEMO certificate: not a legally valid signature", ns)
    return {
        "number_symbol": ns,
        "date": now.date().isoformat(),
        "docx": str(docx_out),
        "pdf": str(pdf_out),
        "demo_certificate": key.demo,
    }


def archive_issued(rt: Runtime, before: date, *, actor: str = "system") -> list[Path]:
    """Move issued folders dated before `before` into data/archive/<today>/<year>/, verifying every hash
    against the manifest and the register before and after the move."""
    now = rt.now()
    with rt.store.read() as conn:
        rows = Q.issued_before(conn, before)
    moved: list[Path] = []
    for row in rows:
        expected = {".docx": row["docx_sha256"], ".pdf": row["pdf_sha256"]}
        dest = move_verified(
            Path(row["folder"]), rt.config.archive / now.date().isoformat() / str(row["year"]), expected
        )
        with rt.store.write() as conn:
            Q.mark_archived(conn, row["id"], folder=str(dest), at=now)
            add_audit(
                conn,
                at=now,
                actor=actor,
                action="outgoing_archive",
                object_type="outgoing",
                object_id=row["id"],
                detail={"folder": str(dest)},
            )
        moved.append(dest)
    return moved


def _answered_document(conn, row: dict[str, Any]) -> int | None:
    """The incoming document an issued draft answers: the one a reply or a plan was made from; for a
    summary report, the document that set the requirement. A reminder answers none."""
    if row["kind"] in ("reply", "plan"):
        return row["document_id"]
    if row["kind"] == "summary" and row["requirement_id"]:
        from service.store.tracking import get_requirement

        req = get_requirement(conn, row["requirement_id"])
        return req.source_document_id if req else None
    return None


def signing_status(rt: Runtime) -> dict[str, Any]:
    """What the pages show about signing: whether signatures are made with the DEMO certificate."""
    cfg = rt.config
    if cfg.pkcs12 is None:
        return {
            "demo": True,
            "certificate": str(cfg.data / "signing" / "demo-certificate.p12"),
            "message": "Chữ ký số dùng chứng thư THỬ NGHIỆM (demo), không có giá trị pháp lý; "
            "cấu hình signing.pkcs12 để ký thật.",
        }
    return {"demo": False, "certificate": str(cfg.pkcs12), "message": ""}
