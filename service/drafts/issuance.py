"""The decree's signing (Nghị định 30, Điều 13, 14, 32): the leader signs with a personal certificate,
then the văn thư issues (ban hành): the number and the day filled in, the office's signature with its
seal, the outbox folder and the outgoing register."""

from __future__ import annotations

import importlib
import logging
import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import asdict, replace
from datetime import date
from pathlib import Path
from typing import Any

from service.drafts import context as C
from service.drafts.common import count_copies, register_recipients
from service.drafts.lifecycle import draft_changes
from service.drafts.outbox import move_verified, write_issue_folder
from service.drafts.pdf import WarmConverter
from service.drafts.render import render_docx
from service.drafts.service import current_basis, placeholders
from service.drafts.signatures import leader_signs, office_signs, prepared_for_signature
from service.drafts.wording import format_place_date, signing_authority
from service.errors import VanthuError
from service.models import Draft, DraftKind, DraftStatus, IssuedDocument, SignerProfile, iso
from service.runtime import Runtime
from service.store import drafts as Q
from service.store.audit import NewAuditEntry, add_audit
from service.text.normalize import nfc

log = logging.getLogger("vanthu.drafts")
# A signer is a person's full name: two words or more, letters only ("Nguyễn Văn An"), not a login.
_WORD = r"[^\W\d_]+(?:['-][^\W\d_]+)*"
SIGNER = re.compile(rf"{_WORD}(?: +{_WORD})+")
# Called with (runtime, IssuedDocument) once an issuance is committed (sending it, edXML, …). A hook
# that fails is logged; the document stays issued.
ON_ISSUED: list[Callable[[Runtime, IssuedDocument], None]] = []
# Modules whose `on_issued(rt, issued)` follows every issuance, imported at the first one: named, not
# imported, as service.handling.hooks does, since they sit above the drafts (edXML: issue 17).
ON_ISSUED_MODULES: tuple[str, ...] = ("service.exchange.issued",)


def _followers() -> list[Callable[[Runtime, IssuedDocument], None]]:
    hooks = []
    for name in ON_ISSUED_MODULES:
        try:
            hooks.append(importlib.import_module(name).on_issued)
        except Exception:  # the document is issued whatever becomes of a follower
            log.exception("code=issue_hook_failed module=%s", name)
    return hooks + list(ON_ISSUED)


def _get(conn, draft_id: int) -> Draft:
    draft = Q.get_draft(conn, draft_id)
    if draft is None:
        raise VanthuError("draft_not_found", f"draft {draft_id}")
    return draft


def _check_signable(rt: Runtime, conn, draft: Draft, signer: SignerProfile, keep_stale: bool, actor: str):
    if draft.status != DraftStatus.DRAFT:
        raise VanthuError("draft_not_pending", f"draft {draft.id} is {draft.status}")
    if not SIGNER.fullmatch(nfc(signer.full_name or "").strip()):
        raise VanthuError("signer_invalid", repr(signer.full_name))
    left = placeholders(draft.context)
    if left:
        raise VanthuError("draft_placeholder", "; ".join(left)[:300])
    changed = draft_changes(rt, conn, draft)
    if changed and not keep_stale:
        raise VanthuError("draft_stale", "; ".join(c.text for c in changed)[:600])
    if changed:  # the leader keeps the old content on purpose: recorded with the changes confirmed
        Q.accept_basis(conn, draft.id, current_basis(rt, conn, draft))
        add_audit(
            conn,
            NewAuditEntry(
                at=rt.now(),
                actor=actor,
                action="draft_keep_content",
                object_type="draft",
                object_id=draft.id,
                detail={"changes": [asdict(c) for c in changed]},
            ),
        )


def sign_draft(
    rt: Runtime,
    draft_id: int,
    *,
    signer: SignerProfile,
    actor: str,
    keep_stale: bool = False,
    converter: WarmConverter | None = None,
) -> Draft:
    """The leader signs (ký duyệt) with a personal certificate: the document as issued but with its
    number and day blank (form fields the văn thư fills), the signing authority chosen by the signer's
    title, the signature's appearance the signer's signature image. A draft whose data changed since it
    was built is refused unless `keep_stale` (the leader confirms the old content)."""
    cfg, org = rt.config, rt.config.organisation
    now = rt.now()
    name = nfc(signer.full_name or "").strip()
    with (
        rt.store.write() as conn,
        tempfile.TemporaryDirectory(prefix="sign-", dir=cfg.data / "drafts") as tmp,
    ):
        draft = _get(conn, draft_id)
        _check_signable(rt, conn, draft, signer, keep_stale, actor)
        ctx = dict(
            draft.context,
            is_draft=False,
            signer_name=name,
            authority_lines=signing_authority(org, signer.title, signer.authority),
            place_date=format_place_date(org.place, None, year=now.year),
        )
        fields_pdf, layout = prepared_for_signature(rt, draft, ctx, Path(tmp), converter)
        ctx["signature_page"] = layout.signature[0]
        relative = f"drafts/{draft_id}-{draft.kind}-signed.pdf"
        key = leader_signs(rt, signer, fields_pdf, rt.data_path(relative), layout)
        signing = Q.DraftSigning(
            at=now, by=signer.login or actor, signer_name=name, signed_pdf=relative, context=ctx
        )
        signed = Q.mark_draft_signed(conn, draft_id, signing)
        if not signed:
            raise VanthuError("draft_not_pending", f"draft {draft_id}")
        detail = {
            "signer": name,
            "login": signer.login,
            "demo_certificate": key.demo,
            "certificate": key.holder,
        }
        add_audit(
            conn,
            NewAuditEntry(
                at=now,
                actor=actor,
                action="draft_sign",
                object_type="draft",
                object_id=draft_id,
                detail=detail,
            ),
        )
        return _get(conn, draft_id)


def _signed_and_numbered(conn, rt: Runtime, draft_id: int) -> tuple[Draft, dict[str, Any], int]:
    """The signed draft, and its context with the next number of the year and today's date."""
    now = rt.now()
    draft = _get(conn, draft_id)
    if draft.status != DraftStatus.SIGNED or not draft.signed_pdf:
        code = "draft_not_signed" if draft.status == DraftStatus.DRAFT else "draft_not_pending"
        raise VanthuError(code, f"draft {draft_id} is {draft.status}")
    if not draft.context.get("place_date", "").endswith(str(now.year)):
        raise VanthuError("draft_signed_other_year", f"draft {draft_id}: {draft.context.get('place_date')}")
    number = Q.next_outgoing_number(conn, now.year)
    ctx = C.finalize_context(
        draft.context, number=number, issued_on=now.date(), signer_name=draft.signer_name or ""
    )
    return draft, ctx, number


def _manifest(rt: Runtime, draft: Draft, ctx: dict[str, Any], signed: dict[str, Any]) -> dict[str, Any]:
    """What the outbox folder's manifest.json says besides the files' hashes."""
    now = rt.now()
    return {
        "date": now.date().isoformat(),
        "issued_at": iso(now, rt.zone),
        "doc_type": ctx["doc_type"],
        "title_summary": ctx["title_summary"],
        "signer": draft.signer_name,
        "organisation": rt.config.organisation.name,
        "recipients": register_recipients(ctx),
        "copies": count_copies(ctx, rt.config.organisation),
        "draft_id": draft.id,
        "signatures": [
            {k: c.get(k) for k in ("field", "signer", "signing_time", "intact", "valid")}
            for c in signed["signatures"]
        ],
        "demo_certificate": signed["demo"],
    }


def _register(conn, rt: Runtime, draft: Draft, issued: IssuedDocument, *, actor: str) -> None:
    """The draft issued: the follow-up register's answer, the audit trail."""
    if not Q.mark_draft_issued(conn, draft.id, issued.outgoing_id):
        raise VanthuError("draft_not_pending", f"draft {draft.id}")
    answered = _answered_document(conn, draft)
    if answered is not None:  # the follow-up register: số, ký hiệu văn bản trả lời
        from service.store.followups import set_followup_answer

        set_followup_answer(
            conn, answered, issued.number_symbol, issued.outgoing_id, now=rt.now(), actor=actor
        )
    detail = {
        "number_symbol": issued.number_symbol,
        "signer": issued.signer_name,
        "outgoing_id": issued.outgoing_id,
        "demo_certificate": issued.demo_certificate,
    }
    add_audit(
        conn,
        NewAuditEntry(
            at=rt.now(),
            actor=actor,
            action="draft_issue",
            object_type="draft",
            object_id=draft.id,
            detail=detail,
        ),
    )


def issue_signed(
    rt: Runtime, draft_id: int, *, actor: str, converter: WarmConverter | None = None
) -> IssuedDocument:
    """The văn thư issues a signed draft (ban hành): the next number of the year and today's date
    filled in, the office's signature applied, the outbox folder and the register written, in one
    write transaction. Holding the writer lock for the ~1 s this takes keeps the series gapless: if
    anything fails, the number is not used and the folder is removed."""
    cfg = rt.config
    now = rt.now()
    folder: Path | None = None
    try:
        with (
            rt.store.write() as conn,
            tempfile.TemporaryDirectory(prefix="issue-", dir=cfg.data / "drafts") as tmp,
        ):
            draft, ctx, number = _signed_and_numbered(conn, rt, draft_id)
            ns, work = C.number_symbol(ctx), Path(tmp)
            docx = render_docx(draft.kind, ctx, work / "final.docx")
            signed = office_signs(rt, draft, ctx["number"], now.date(), work / "signed.pdf")
            meta = _manifest(rt, draft, ctx, signed)
            folder, hashes = write_issue_folder(cfg.outbox, now.year, ns, docx, work / "signed.pdf", meta)
            docx_out, pdf_out = sorted(folder.glob("*.docx"))[0], sorted(folder.glob("*.pdf"))[0]
            issued = IssuedDocument(
                outgoing_id=0,
                draft_id=draft_id,
                number=number,
                number_symbol=ns,
                issue_date=now.date(),
                issued_at=now,
                doc_type=ctx["doc_type"],
                title_summary=ctx["title_summary"],
                signer_name=draft.signer_name or "",
                recipients=tuple(meta["recipients"]),
                copies=meta["copies"],
                docx=str(docx_out),
                pdf=str(pdf_out),
                demo_certificate=signed["demo"],
            )
            oid = Q.insert_outgoing(
                conn,
                issued,
                folder=str(folder),
                docx_sha256=hashes[docx_out.name],
                pdf_sha256=hashes[pdf_out.name],
            )
            issued = replace(issued, outgoing_id=oid)
            _register(conn, rt, draft, issued, actor=actor)
    except BaseException:
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
        raise
    if issued.demo_certificate:
        log.warning("%s signed with the DEMO certificate: not a legally valid signature", ns)
    for hook in _followers():
        try:
            hook(rt, issued)
        except Exception:  # the document is issued whatever a follower does with it
            log.exception("code=issue_hook_failed %s: %s", ns, getattr(hook, "__name__", hook))
    return issued


def issue_draft(
    rt: Runtime,
    draft_id: int,
    *,
    signer: str | SignerProfile,
    actor: str,
    keep_stale: bool = False,
    converter: WarmConverter | None = None,
) -> IssuedDocument:
    """Sign and issue in one go (the command line's `vanthu issue ID --signer NAME`): the leader's
    signature (a signer named only by full name signs with a demo personal certificate unless their
    login is configured), then the văn thư's issuance. A draft already signed is only issued."""
    with rt.store.read() as conn:
        draft = _get(conn, draft_id)
    if draft.status != DraftStatus.SIGNED:
        profile = signer if isinstance(signer, SignerProfile) else SignerProfile(full_name=signer)
        sign_draft(rt, draft_id, signer=profile, actor=actor, keep_stale=keep_stale, converter=converter)
    return issue_signed(rt, draft_id, actor=actor, converter=converter)


def archive_issued(rt: Runtime, before: date, *, actor: str = "system") -> list[Path]:
    """Move issued folders dated before `before` into data/archive/<today>/<year>/, verifying every hash
    against the manifest and the register before and after the move."""
    now = rt.now()
    with rt.store.read() as conn:
        rows = Q.issued_before(conn, before)
    moved: list[Path] = []
    for row in rows:
        # issued by Vanthu: its folder and the hashes of its files are in the register
        assert row.folder and row.docx_sha256 and row.pdf_sha256
        expected = {".docx": row.docx_sha256, ".pdf": row.pdf_sha256}
        dest = move_verified(
            Path(row.folder), rt.config.archive / now.date().isoformat() / str(row.year), expected
        )
        with rt.store.write() as conn:
            Q.mark_archived(conn, row.id, folder=str(dest), at=now)
            add_audit(
                conn,
                NewAuditEntry(
                    at=now,
                    actor=actor,
                    action="outgoing_archive",
                    object_type="outgoing",
                    object_id=row.id,
                    detail={"folder": str(dest)},
                ),
            )
        moved.append(dest)
    return moved


def _answered_document(conn, draft: Draft) -> int | None:
    """The incoming document an issued draft answers: the one a reply or a plan was made from; for a
    summary report, the document that set the requirement. A reminder answers none."""
    if draft.kind in (DraftKind.REPLY, DraftKind.PLAN):
        return draft.document_id
    if draft.kind == DraftKind.SUMMARY and draft.requirement_id:
        from service.store.tracking import get_requirement

        req = get_requirement(conn, draft.requirement_id)
        return req.source_document_id if req else None
    return None


def signing_status(rt: Runtime) -> dict[str, Any]:
    """What the pages show about signing: whether the office signs with the DEMO certificate."""
    office = rt.config.signing.office
    if not office.configured:
        return {
            "demo": True,
            "certificate": str(rt.config.data / "signing" / "demo-certificate.p12"),
            "message": "Chữ ký số dùng chứng thư THỬ NGHIỆM (demo), không có giá trị pháp lý; "
            "cấu hình signing.pkcs12 hoặc signing.pkcs11 để ký thật.",
        }
    where = office.pkcs11_library if office.pkcs11_library else str(office.pkcs12)
    return {"demo": False, "certificate": where, "message": ""}
