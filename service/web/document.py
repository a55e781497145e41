"""One incoming document (văn bản đến): its fields, corrections, original, signatures and links."""

from __future__ import annotations

import json
import mimetypes

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for

from service.store import audit, views
from service.store import documents as docs
from service.store.imports import find_registered
from service.store.tracking import follow_source_correction
from service.web.access import actor, require_role, runtime
from service.web.exchange import received
from service.web.formats import FIELD_LABELS
from service.web.params import form_text, parse_date

bp = Blueprint("document", __name__, url_prefix="/documents")
# Fields a clerk corrects on the page, in the order shown; list fields are one item a line.
TEXT_FIELDS = (
    "doc_type",
    "number_symbol",
    "issuer",
    "parent_issuer",
    "place",
    "title_summary",
    "signer_name",
    "signer_title",
    "urgency",
    "secrecy",
)
FIELD_MAX = 2000  # characters in one corrected field
# Formats a browser shows safely inline; anything else is downloaded.
INLINE_TYPES = {
    "pdf_text": "application/pdf",
    "pdf_scanned": "application/pdf",
    "pdf": "application/pdf",
    "image": None,
}


def load_document(doc_id: int) -> docs.Document:
    with runtime().store.read() as conn:
        row = docs.get_document(conn, doc_id)
    if row is None:
        abort(404)
    return row


@bp.route("/<int:doc_id>")
def show(doc_id: int):
    return _page(load_document(doc_id))


def _page(row: docs.Document, typed: dict | None = None, status: int = 200):
    """The document page; `typed` keeps what the clerk typed in a correction that was refused."""
    doc_id = row.id
    with runtime().store.read() as conn:
        links = views.document_links(conn, doc_id)
        history = audit.list_audit(conn, "document", doc_id)
        fields = docs.document_fields(row)
        cited = [(r, find_registered(conn, r.number_symbol)) for r in fields.references if r.number_symbol]
    return render_template(
        "document.html",
        d=row,
        f=fields,
        fj=fields.to_json(),
        links=links,
        signatures=sorted(
            json.loads(row.signatures_json or "[]"),  # in signing order
            key=lambda s: s.get("signing_time") or "",
        ),
        warnings=json.loads(row.warnings_json or "[]"),
        history=history,
        text_fields=TEXT_FIELDS,
        inline=row.format in INLINE_TYPES,
        typed=typed or {},
        cited=cited,
        has_file=row.origin != "register",
        received=received(doc_id),  # came as an edXML message: its sender and attachments
    ), status


@bp.route("/<int:doc_id>/fields", methods=["POST"])
@require_role("clerk")
def correct(doc_id: int):
    """Store the clerk's corrections; each changed value goes into the audit trail (old → new)."""
    rt = runtime()
    with rt.store.write() as conn:
        row = docs.get_document(conn, doc_id)
        if row is None:
            abort(404)
        too_long = [n for n in (*TEXT_FIELDS, *REGISTER_FIELDS) if len(request.form.get(n, "")) > FIELD_MAX]
        if too_long:  # refused as a whole, never cut short without a word
            names = ", ".join(FIELD_LABELS.get(n, REGISTER_FIELDS.get(n, n)) for n in too_long)
            return _refused(row, f"Nội dung quá dài (tối đa {FIELD_MAX} ký tự): {names}.", FIELD_MAX * 2)
        fields = docs.document_fields(row)
        try:
            changes, register_cols = _changes(row, fields, rt.now().date())
        except ValueError as exc:  # nothing is saved; the page keeps what the clerk typed
            return _refused(row, f"Ngày tháng văn bản: {exc}")
        if not changes:
            flash("Không có thay đổi nào.", "info")
            return redirect(url_for("document.show", doc_id=doc_id))
        docs.update_fields(conn, doc_id, fields)
        views.update_register_columns(conn, doc_id, **register_cols)
        if row.ocr_text:  # a field read by OCR, set right by the clerk: the corrector learns it
            teach_corrector(rt, conn, doc_id, changes, actor())
        if "number_symbol" in changes:  # the requirements it gave rise to cite it by number
            old_number = changes["number_symbol"]["old"]
            follow_source_correction(
                conn, doc_id, old_number, fields.number_symbol, now=rt.now(), actor=actor()
            )
        audit.add_audit(
            conn,
            audit.NewAuditEntry(
                at=rt.now(),
                actor=actor(),
                action="correct_fields",
                object_type="document",
                object_id=doc_id,
                detail=changes,
            ),
        )
    flash(f"Đã lưu {len(changes)} thay đổi; mỗi thay đổi được ghi vào nhật ký.", "ok")
    return redirect(url_for("document.show", doc_id=doc_id))


# The incoming register's own columns, beside the extracted fields.
REGISTER_FIELDS = {"recipient_unit": "Đơn vị hoặc người nhận", "note": "Ghi chú"}


def _refused(row: docs.Document, why: str, max_len: int | None = None):
    """The page again, with what the clerk typed and why nothing was saved."""
    flash(f"{why} Chưa lưu thay đổi nào.", "error")
    names = (*TEXT_FIELDS, "issue_date", *REGISTER_FIELDS)
    typed = {n: form_text(n, max_len=max_len) if max_len else form_text(n) for n in names}
    return _page(row, typed, 400)


def _changes(row: docs.Document, fields, today) -> tuple[dict[str, dict], dict[str, str | None]]:
    """What the form changes ({field: {old, new}}), applied to `fields`, and the register's columns.
    Raises ValueError for a day that is not one, or lies after today."""
    changes: dict[str, dict] = {}
    for name in TEXT_FIELDS:
        new = form_text(name) or None
        old = getattr(fields, name)
        if new != old:
            changes[name] = {"old": old, "new": new}
            setattr(fields, name, new)
    new_date = parse_date(form_text("issue_date", max_len=20), not_after=today)
    if new_date != fields.issue_date:
        changes["issue_date"] = {"old": fields.issue_date, "new": new_date}
        fields.issue_date = new_date
    for name in changes:
        fields.confidence[name] = 1.0  # a person checked it
    register_cols = {
        "recipient_unit": form_text("recipient_unit", max_len=256) or None,
        "note": form_text("note") or None,
    }
    for name, new in register_cols.items():
        if new != (old := getattr(row, name)):
            changes[name] = {"old": old, "new": new}
    return changes, register_cols


def teach_corrector(rt, conn, doc_id: int, changes: dict[str, dict], who: str) -> None:
    """Each text field the clerk corrected becomes an (OCR, truth) pair the corrector learns from."""
    from service.ingest.correction import learn_correction
    from service.store.language import FieldCorrection

    for name, change in changes.items():
        old, new = change["old"], change["new"]
        if name in TEXT_FIELDS and isinstance(old, str) and isinstance(new, str) and old and new:
            learn_correction(rt, conn, FieldCorrection(who, doc_id, name, ocr_value=old, truth=new))


def _original_path(row: docs.Document):
    """The stored original, refused unless it lies inside the originals folder."""
    rt = runtime()
    path = rt.data_path(row.original_path).resolve()
    root = rt.config.originals.resolve()
    if root not in path.parents or not path.is_file():
        abort(404)
    return path


@bp.route("/<int:doc_id>/original")
def original(doc_id: int):
    row = load_document(doc_id)
    path = _original_path(row)
    inline = request.args.get("view") == "1" and row.format in INLINE_TYPES
    mimetype = INLINE_TYPES.get(row.format) if inline else None
    if inline and mimetype is None:  # images: the type their own name says, if it is an image
        guessed = mimetypes.guess_type(row.file_name)[0] or ""
        mimetype = guessed if guessed.startswith("image/") and guessed != "image/svg+xml" else None
        inline = mimetype is not None
    resp = send_file(
        path,
        mimetype=mimetype or "application/octet-stream",
        as_attachment=not inline,
        download_name=row.file_name,
        conditional=True,
        max_age=0,
    )
    # The original is untrusted: never let it run script in our origin, even when shown inline.
    csp = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
    if mimetype != "application/pdf":  # Chrome's PDF viewer refuses to run in a sandbox
        csp += "; sandbox"
    resp.headers["Content-Security-Policy"] = csp
    return resp
