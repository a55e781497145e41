"""Quarantine (tệp bị cách ly): each file with its reason; a clerk retries or discards it."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, send_file, url_for

from service.errors import VanthuError
from service.ingest import pipeline
from service.store import audit
from service.store import quarantine as qstore
from service.store.quarantine import QuarantineEntry, QuarantineStatus
from service.web.access import actor, require_role, runtime

bp = Blueprint("quarantine", __name__, url_prefix="/quarantine")


@bp.route("/")
def index():
    with runtime().store.read() as conn:
        rows = qstore.list_quarantine(conn)
        closed = qstore.list_quarantine(conn, status=None)
        history = audit.list_audit(conn, "quarantine")
    names = {r.id: r.file_name for r in closed}  # the log names each file, not its row number
    closed = [r for r in closed if r.status != QuarantineStatus.OPEN][-50:]
    closed.reverse()
    return render_template(
        "quarantine.html", rows=rows, closed=closed, history=history[-50:][::-1], names=names
    )


def _open_row(qid: int) -> QuarantineEntry:
    with runtime().store.read() as conn:
        row = qstore.get_quarantine(conn, qid)
    if row is None:
        abort(404)
    return row


@bp.route("/<int:qid>/file")
def download(qid: int):
    """The quarantined bytes, always as a download: they are untrusted."""
    row = _open_row(qid)
    rt = runtime()
    path = rt.data_path(row.stored_path).resolve()
    if rt.config.quarantine.resolve() not in path.parents or not path.is_file():
        abort(404)
    resp = send_file(
        path,
        mimetype="application/octet-stream",
        as_attachment=True,
        download_name=row.file_name.rsplit("/", 1)[-1],
        max_age=0,
    )
    resp.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return resp


@bp.route("/<int:qid>/retry", methods=["POST"])
@require_role("clerk")
def retry(qid: int):
    row = _open_row(qid)
    if row.status != QuarantineStatus.OPEN:
        flash("Tệp này đã được xử lý.", "info")
        return redirect(url_for("quarantine.index"))
    try:
        outcome = pipeline.retry_quarantined(runtime(), qid, actor())
    except VanthuError as exc:
        flash(f"Không thử lại được: {exc.message}", "error")
        return redirect(url_for("quarantine.index"))
    if outcome.status == "registered":
        flash(f"Đã đăng ký tệp {row.file_name}: số đến {outcome.so_den}.", "ok")
        return redirect(url_for("document.show", doc_id=outcome.document_id))
    flash(f"Tệp {row.file_name} vẫn chưa đăng ký được: {outcome.message or outcome.code}", "error")
    return redirect(url_for("quarantine.index"))


@bp.route("/<int:qid>/discard", methods=["POST"])
@require_role("clerk")
def discard(qid: int):
    row = _open_row(qid)
    if row.status != QuarantineStatus.OPEN:
        flash("Tệp này đã được xử lý.", "info")
        return redirect(url_for("quarantine.index"))
    rt = runtime()
    with rt.store.write() as conn:
        qstore.discard_quarantined(conn, qid, actor=actor(), now=rt.now())
    flash(f"Đã loại bỏ tệp {row.file_name} (vẫn ghi trong nhật ký).", "ok")
    return redirect(url_for("quarantine.index"))
