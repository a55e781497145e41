"""A document received as an edXML message: its attachments (the signed PDF first) and the clerk's
refusal, which goes back to the sender as status 02."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, request, send_file, url_for

from service.errors import VanthuError
from service.store import exchange as xs
from service.web.access import actor, require_role, runtime
from service.web.params import form_text

bp = Blueprint("exchange", __name__, url_prefix="/documents")


def received(doc_id: int) -> xs.ReceivedEntry | None:
    with runtime().store.read() as conn:
        return xs.received_entry(conn, doc_id)


@bp.route("/<int:doc_id>/attachments/<int:n>")
def attachment(doc_id: int, n: int):
    """An attachment's original; a PDF is shown in the browser with ?view=1, anything else downloaded."""
    entry = received(doc_id)
    if entry is None or not 0 <= n < len(entry.attachments):
        abort(404)
    att = entry.attachments[n]
    rt = runtime()
    path = rt.data_path(att.original_path).resolve()
    if rt.config.originals.resolve() not in path.parents or not path.is_file():
        abort(404)
    is_pdf = path.read_bytes()[:5] == b"%PDF-"
    inline = request.args.get("view") == "1" and is_pdf
    resp = send_file(
        path,
        mimetype="application/pdf" if inline else "application/octet-stream",
        as_attachment=not inline,
        download_name=att.name,
        conditional=True,
        max_age=0,
    )
    # An attachment is untrusted: it never runs script in our origin.
    resp.headers["Content-Security-Policy"] = (
        "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'" + ("" if inline else "; sandbox")
    )
    return resp


@bp.route("/<int:doc_id>/refuse", methods=["POST"])
@require_role("clerk")
def refuse(doc_id: int):
    from service.exchange.actions import refuse_document

    try:
        refuse_document(runtime(), doc_id, form_text("reason", max_len=1000), actor=actor())
    except VanthuError as exc:
        flash(exc.message, "error")
    else:
        flash("Đã từ chối văn bản; nơi gửi sẽ nhận thông báo (trạng thái 02).", "ok")
    return redirect(url_for("document.show", doc_id=doc_id))
