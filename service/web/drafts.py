"""Drafts (dự thảo): the list, the page (what changed since it was built, the document to edit, the
preview), the leader's signature, the văn thư's issuance, rebuild, withdraw, return; the signer's
own signature image."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for

from service.drafts import service as dservice
from service.drafts.body import body_text
from service.drafts.issuance import issue_signed, sign_draft, signing_status
from service.drafts.lifecycle import changes_of, draft_changes, rebuild_draft, return_draft, withdraw_draft
from service.drafts.wording import signing_authority
from service.errors import VanthuError
from service.models import DraftStatus, SignerProfile
from service.store import drafts as dstore
from service.store import users as ustore
from service.web.access import actor, current_user, require_role, runtime
from service.web.params import form_int, form_text

bp = Blueprint("drafts", __name__, url_prefix="/drafts")
GROUPS = (
    ("writing", "Đang soạn: còn phần phải viết"),
    (DraftStatus.DRAFT, "Chờ lãnh đạo ký"),
    (DraftStatus.SIGNED, "Lãnh đạo đã ký, chờ văn thư ban hành"),
    (DraftStatus.RETURNED, "Bị trả lại, cần sửa"),
    (DraftStatus.ISSUED, "Đã ký ban hành"),
    (DraftStatus.WITHDRAWN, "Đã rút"),
)


def _error_text(exc: Exception) -> str:
    return exc.message if isinstance(exc, VanthuError) else str(exc)


def _back(draft_id: int):
    return redirect(url_for("drafts.show", draft_id=draft_id))


def load_draft(draft_id: int):
    with runtime().store.read() as conn:
        draft = dstore.get_draft(conn, draft_id)
        if draft is None:
            abort(404)
        out = dstore.get_outgoing(conn, draft.outgoing_id) if draft.outgoing_id else None
    return draft, out


@bp.route("/")
def index():
    rt = runtime()
    with rt.store.read() as conn:
        drafts = dstore.list_drafts(conn)
        changes = changes_of(rt, conn, drafts)
    rows = []
    for d in reversed(drafts):  # newest first
        unfinished = d.status == DraftStatus.DRAFT and bool(dservice.placeholders(d.context))
        rows.append(dict(d.to_json(rt.zone), unfinished=unfinished, changes=[c.text for c in changes[d.id]]))
    groups = {s: [r for r in rows if r["status"] == s and not r["unfinished"]] for s, _ in GROUPS}
    groups["writing"] = [r for r in rows if r["unfinished"]]  # not yet ready for a signature
    return render_template("drafts_index.html", groups=groups, titles=GROUPS)


def _signer_of_user() -> SignerProfile | None:
    user = current_user() or {}
    if not user.get("name"):
        return None
    with runtime().store.read() as conn:
        return ustore.signer_profile(conn, user["name"])


@bp.route("/<int:draft_id>")
def show(draft_id: int):
    draft, outgoing = load_draft(draft_id)
    rt = runtime()
    with rt.store.read() as conn:
        changes = draft_changes(rt, conn, draft)
    profile = _signer_of_user()
    # the leader's own full name, else the configured signer; never the login name (it would be
    # printed and signed)
    signer = (profile.full_name if profile else "") or rt.config.signer_name
    authority = signing_authority(
        rt.config.organisation, profile.title if profile else None, profile.authority if profile else None
    )
    return render_template(
        "draft.html",
        draft=draft,
        outgoing=outgoing,
        ctx=draft.context,
        body=body_text(draft.context),
        changes=changes,
        signer=signer,
        profile=profile,
        authority=authority,
        placeholders=dservice.placeholders(draft.context),
        signing=signing_status(rt),
    )


def _tables_from_form(ctx: dict) -> dict[int, dict]:
    """The table grids of the edit form: t{i}-h{c} for the header, t{i}-r{r}-c{c} for the cells."""
    out = {}
    for i, table in enumerate(ctx.get("tables") or []):
        cols = len(table.get("header") or [])
        if f"t{i}-h0" not in request.form:
            continue
        header = [form_text(f"t{i}-h{c}", max_len=500) for c in range(cols)]
        rows, r = [], 0
        while f"t{i}-r{r}-c0" in request.form and r < 2000:
            rows.append([form_text(f"t{i}-r{r}-c{c}", max_len=1000) for c in range(cols)])
            r += 1
        out[i] = {"header": header, "rows": rows}
    return out


DRAFTERS = ("clerk", "leader", "officer")  # who writes a draft: the văn thư, a leader, a unit's officer


@bp.route("/<int:draft_id>/edit", methods=["POST"])
@require_role(*DRAFTERS)
def edit(draft_id: int):
    """The drafter writes the draft as a document: the body as one text, the tables, the trích yếu.
    The draft is then awaiting signature again."""
    draft, _ = load_draft(draft_id)
    text = request.form.get("body")
    try:
        dservice.edit_draft(
            runtime(),
            draft_id,
            text=form_text("body", max_len=200_000) if text is not None else None,
            title_summary=form_text("title_summary", max_len=1000),
            tables=_tables_from_form(draft.context),
            actor=actor(),
        )
    except VanthuError as exc:
        flash(f"Không lưu được: {_error_text(exc)}", "error")
        return _back(draft_id)
    unknown = dservice.unknown_table_lines(text or "", draft.context)
    if unknown:
        flash(
            f"Dòng {', '.join(unknown)} không ứng với bảng nào của dự thảo: đã giữ như một đoạn văn.", "error"
        )
    again = " và trình ký lại" if draft.status == DraftStatus.RETURNED else ""
    flash(f"Đã lưu nội dung dự thảo{again}; bản xem trước đã cập nhật.", "ok")
    return _back(draft_id)


@bp.route("/<int:draft_id>/rebuild", methods=["POST"])
@require_role(*DRAFTERS)
def rebuild(draft_id: int):
    load_draft(draft_id)
    try:
        rebuild_draft(runtime(), draft_id, actor=actor())
    except VanthuError as exc:
        flash(f"Không tạo lại được: {_error_text(exc)}", "error")
        return _back(draft_id)
    flash("Đã tạo lại dự thảo từ số liệu hiện tại; nội dung cũ được giữ trong nhật ký.", "ok")
    return _back(draft_id)


@bp.route("/<int:draft_id>/withdraw", methods=["POST"])
@require_role("clerk", "leader")
def withdraw(draft_id: int):
    load_draft(draft_id)
    try:
        withdraw_draft(runtime(), draft_id, reason=form_text("reason"), actor=actor())
    except VanthuError as exc:
        flash(f"Không rút được: {_error_text(exc)}", "error")
        return _back(draft_id)
    flash("Đã rút dự thảo; dự thảo và lịch sử của nó vẫn được lưu.", "ok")
    return _back(draft_id)


@bp.route("/<int:draft_id>/issued.<kind>")
def issued_file(draft_id: int, kind: str):
    """The issued document as signed (PDF) or its final .docx, from the outbox or the archive."""
    _, out = load_draft(draft_id)
    if out is None or kind not in ("pdf", "docx"):
        abort(404)
    rt = runtime()
    if out.folder is None:  # a line of an earlier register: no file
        abort(404)
    folder = Path(out.folder).resolve()
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


@bp.route("/<int:draft_id>/table.xlsx")
def table_xlsx(draft_id: int):
    """A summary's compiled tables, beside its .docx."""
    draft, _ = load_draft(draft_id)
    if not draft.xlsx_path:
        abort(404)
    path = runtime().data_path(draft.xlsx_path)
    if not path.is_file():
        abort(404)
    return send_file(path, as_attachment=True, download_name=f"bang-tong-hop-{draft_id}.xlsx", max_age=0)


@bp.route("/<int:draft_id>/preview.pdf")
def preview(draft_id: int):
    draft, _ = load_draft(draft_id)  # 404 for an unknown id before any rendering
    rt = runtime()
    try:
        if draft.status == DraftStatus.SIGNED and draft.signed_pdf:
            path = rt.data_path(draft.signed_pdf)  # what the leader signed, awaiting its number
        else:
            path = dservice.preview_pdf(rt, draft_id)
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
    return redirect(url_for("drafts.show", draft_id=draft.id))


@bp.route("/<int:draft_id>/sign", methods=["POST"])
@require_role("leader")
def sign(draft_id: int):
    """The leader signs with a personal certificate; the văn thư then issues it."""
    draft, _ = load_draft(draft_id)
    if draft.status != DraftStatus.DRAFT:
        flash("Dự thảo này không còn chờ ký.", "error")
        return _back(draft_id)
    name = form_text("signer", max_len=256)
    profile = _signer_of_user() or SignerProfile(full_name=name)
    profile = SignerProfile(**{**profile.__dict__, "full_name": name})
    try:
        sign_draft(
            runtime(),
            draft_id,
            signer=profile,
            actor=actor(),
            keep_stale=bool(request.form.get("keep_stale")),
        )
    except VanthuError as exc:
        flash(f"Không ký được: {_error_text(exc)}", "error")
        return redirect(url_for("drafts.show", draft_id=draft_id, signer=name or None))  # as typed
    flash("Đã ký số dự thảo; văn thư sẽ cấp số, đóng dấu và ban hành.", "ok")
    return _back(draft_id)


@bp.route("/<int:draft_id>/issue", methods=["POST"])
@require_role("clerk")
def issue(draft_id: int):
    """The văn thư issues a signed draft: number, date, the office's signature, the register."""
    load_draft(draft_id)
    try:
        issued = issue_signed(runtime(), draft_id, actor=actor())
    except VanthuError as exc:
        flash(f"Không ban hành được: {_error_text(exc)}", "error")
        return _back(draft_id)
    flash(f"Đã ban hành văn bản số {issued.number_symbol}; đã vào sổ văn bản đi.", "ok")
    return _back(draft_id)


@bp.route("/<int:draft_id>/return", methods=["POST"])
@require_role("leader", "clerk")
def return_(draft_id: int):
    comment = form_text("comment")
    if not comment:
        flash("Vui lòng ghi ý kiến khi trả lại dự thảo.", "error")
        return _back(draft_id)
    draft, _ = load_draft(draft_id)
    if (current_user() or {}).get("role") == "clerk" and draft.status != DraftStatus.SIGNED:
        abort(403)  # the văn thư returns only what waits for issuance
    try:
        return_draft(runtime(), draft_id, comment=comment, actor=actor())
    except VanthuError as exc:
        flash(f"Không trả lại được: {_error_text(exc)}", "error")
        return _back(draft_id)
    flash("Đã trả lại dự thảo kèm ý kiến.", "ok")
    return _back(draft_id)


@bp.route("/signature", methods=["GET", "POST"])
@require_role("leader")
def signature():
    """The leader's own signature image (uploaded once) and title, as the signature will show them."""
    from service.drafts.profile import ProfileChange, save_signer_profile

    rt = runtime()
    login = (current_user() or {})["name"]
    if request.method == "POST":
        upload = request.files.get("image")
        data = upload.read() if upload and upload.filename else None
        try:
            change = ProfileChange(
                full_name=form_text("full_name", max_len=128),
                title=form_text("title", max_len=128),
                image=data,
            )
            save_signer_profile(rt, login, change, actor=actor())
        except VanthuError as exc:
            flash(f"Không lưu được: {_error_text(exc)}", "error")
            return redirect(url_for("drafts.signature"))
        flash("Đã lưu thông tin người ký.", "ok")
        return redirect(url_for("drafts.signature"))
    profile = _signer_of_user()
    authority = signing_authority(rt.config.organisation, profile.title, profile.authority) if profile else []
    return render_template("signature.html", profile=profile, authority=authority)


@bp.route("/signature.png")
@require_role("leader")
def signature_image():
    profile = _signer_of_user()
    if profile is None or not profile.signature_image:
        abort(404)
    path = runtime().data_path(profile.signature_image)
    if not path.is_file():
        abort(404)
    return send_file(path, mimetype="image/png", max_age=0)
