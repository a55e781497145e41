"""Drafts (dự thảo): the PDF preview, approve-and-sign or return with a comment (leaders)."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for

from service.drafts import service as dservice
from service.errors import VanthuError
from service.store import drafts as dstore
from service.web.access import actor, current_user, require_role, runtime
from service.web.params import form_int, form_text

bp = Blueprint("drafts", __name__, url_prefix="/drafts")


def _error_text(exc: Exception) -> str:
    return exc.message if isinstance(exc, VanthuError) else str(exc)


def load_draft(draft_id: int) -> dict:
    with runtime().store.read() as conn:
        row = dstore.get_draft(conn, draft_id)
        if row is None:
            abort(404)
        entry = dstore.draft_entry(row, runtime().zone)
        out = dstore.get_outgoing(conn, row["outgoing_id"]) if row["outgoing_id"] else None
    entry["outgoing"] = out
    return entry


@bp.route("/")
def index():
    with runtime().store.read() as conn:
        rows = [
            dict(
                dstore.draft_entry(r, runtime().zone),
                unfinished=r["status"] == "draft" and bool(dservice.placeholders(dstore.draft_context(r))),
            )
            for r in dstore.list_drafts(conn)
        ]
    rows.reverse()  # newest first
    groups = {
        s: [r for r in rows if r["status"] == s and not r["unfinished"]]
        for s in ("draft", "returned", "issued")
    }
    groups["writing"] = [r for r in rows if r["unfinished"]]  # not yet ready for a signature
    return render_template("drafts_index.html", groups=groups)


@bp.route("/<int:draft_id>")
def show(draft_id: int):
    draft = load_draft(draft_id)
    rt = runtime()
    with rt.store.read() as conn:
        ctx = dstore.draft_context(dstore.get_draft(conn, draft_id))
    # the leader's own full name, else the configured signer; never the login name (it would be
    # printed and signed)
    signer = (current_user() or {}).get("full_name") or rt.config.signer_name
    return render_template(
        "draft.html",
        draft=draft,
        signer=signer,
        ctx=ctx,
        placeholders=dservice.placeholders(ctx),
        signing=dservice.signing_status(rt),
    )


@bp.route("/<int:draft_id>/edit", methods=["POST"])
@require_role("clerk", "leader", "officer")  # officer: the chuyên viên who drafts a reply
def edit(draft_id: int):
    """The drafter writes the text (a reply's content, a returned draft's corrections); the draft is
    then awaiting signature again."""
    draft = load_draft(draft_id)
    count = lambda prefix: sum(1 for k in request.form if k.startswith(prefix))  # noqa: E731
    blocks = [form_text(f"block-{i}", max_len=20000) for i in range(count("block-"))]
    after = [form_text(f"after-{i}", max_len=20000) for i in range(count("after-"))]
    try:
        dservice.edit_draft(
            runtime(),
            draft_id,
            title_summary=form_text("title_summary", max_len=1000),
            blocks=blocks,
            blocks_after=after,
            added=form_text("added", max_len=20000),
            actor=actor(),
        )
    except VanthuError as exc:
        flash(f"Không lưu được: {_error_text(exc)}", "error")
        return redirect(url_for("drafts.show", draft_id=draft_id))
    again = " và trình ký lại" if draft["status"] == "returned" else ""
    flash(f"Đã lưu nội dung dự thảo{again}; bản xem trước đã cập nhật.", "ok")
    return redirect(url_for("drafts.show", draft_id=draft_id))


@bp.route("/<int:draft_id>/issued.<kind>")
def issued_file(draft_id: int, kind: str):
    """The issued document as signed (PDF) or its final .docx, from the outbox or the archive."""
    draft = load_draft(draft_id)
    out = draft["outgoing"]
    if out is None or kind not in ("pdf", "docx"):
        abort(404)
    rt = runtime()
    folder = Path(out["folder"]).resolve()
    roots = [rt.config.outbox.resolve(), rt.config.archive.resolve()]
    files = sorted(folder.glob(f"*.{kind}")) if any(r in folder.parents for r in roots) else []
    if not files:
        abort(404)
    return send_file(
        files[0],
        as_attachment=kind == "docx",
        download_name=files[0].name,
        max_age=0,
        mimetype="application/pdf" if kind == "pdf" else None,
    )


@bp.route("/<int:draft_id>/preview.pdf")
def preview(draft_id: int):
    load_draft(draft_id)  # 404 for an unknown id before any rendering
    try:
        path = dservice.preview_pdf(runtime(), draft_id)
    except (VanthuError, OSError) as exc:
        return render_template(
            "error.html", status=503, message=f"Chưa tạo được bản xem trước: {_error_text(exc)}"
        ), 503
    resp = send_file(
        path,
        mimetype="application/pdf",
        as_attachment=False,
        download_name=f"du-thao-{draft_id}.pdf",
        max_age=0,
    )
    resp.headers["Content-Security-Policy"] = (
        "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'self'"
    )
    return resp


@bp.route("/new", methods=["POST"])
@require_role("clerk")
def create():
    """A reply (văn bản trả lời) or an implementing plan from an incoming document."""
    kind = request.form.get("kind", "")
    if kind not in ("reply", "plan"):
        abort(400)
    doc_id = form_int("document_id")
    if doc_id is None:
        abort(400)
    try:
        draft = dservice.create_draft(runtime(), kind, document_id=doc_id, actor=actor())
    except VanthuError as exc:
        flash(f"Không tạo được dự thảo: {_error_text(exc)}", "error")
        return redirect(url_for("document.show", doc_id=doc_id))
    flash("Đã tạo dự thảo.", "ok")
    return redirect(url_for("drafts.show", draft_id=draft["id"]))


@bp.route("/<int:draft_id>/sign", methods=["POST"])
@require_role("leader")
def sign(draft_id: int):
    """Approve and sign: the draft gets its number and date and enters the outgoing register."""
    draft = load_draft(draft_id)
    if draft["status"] != "draft":
        flash("Dự thảo này không còn chờ ký.", "error")
        return redirect(url_for("drafts.show", draft_id=draft_id))
    signer = form_text("signer", max_len=256)
    try:
        issued = dservice.issue_draft(runtime(), draft_id, signer=signer, actor=actor())
    except VanthuError as exc:
        flash(f"Không ký ban hành được: {_error_text(exc)}", "error")
        return redirect(url_for("drafts.show", draft_id=draft_id, signer=signer or None))  # as typed
    number = issued.get("number_symbol") if isinstance(issued, dict) else None
    flash(f"Đã ký và ban hành{f' văn bản số {number}' if number else ''}; đã vào sổ văn bản đi.", "ok")
    return redirect(url_for("drafts.show", draft_id=draft_id))


@bp.route("/<int:draft_id>/return", methods=["POST"])
@require_role("leader")
def return_(draft_id: int):
    comment = form_text("comment")
    if not comment:
        flash("Vui lòng ghi ý kiến khi trả lại dự thảo.", "error")
        return redirect(url_for("drafts.show", draft_id=draft_id))
    load_draft(draft_id)
    try:
        dservice.return_draft(runtime(), draft_id, comment=comment, actor=actor())
    except VanthuError as exc:
        flash(f"Không trả lại được: {_error_text(exc)}", "error")
        return redirect(url_for("drafts.show", draft_id=draft_id))
    flash("Đã trả lại dự thảo kèm ý kiến.", "ok")
    return redirect(url_for("drafts.show", draft_id=draft_id))
