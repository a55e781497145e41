"""Moving an office in (nhập dữ liệu cũ): its earlier papers as an archive, its registers from Excel.

A folder chosen on the clerk's computer is uploaded whole and each file registered as received in
the past (its incoming stamp, else its date: service/ingest/archive.py). A register workbook is
shown first (what will be imported, which rows cannot be read and why) and imported once confirmed.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import tempfile
from pathlib import Path

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for

from service.errors import VanthuError
from service.ingest.archive import Archive
from service.ingest.register_rows import RegisterKind
from service.text import nfc
from service.web.access import actor, require_role, runtime
from service.web.params import parse_date
from service.web.security import upload_limit

bp = Blueprint("archive", __name__, url_prefix="/import")
MAX_ARCHIVE_BYTES = 1024 * 2**20  # one upload of a folder of scans
_TOKEN = re.compile(r"^[0-9a-f]{64}$")


def _staging() -> Path:
    folder = runtime().config.data / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@bp.route("/")
@require_role("clerk")
def index():
    return render_template("archive.html", results=None, plan=None)


@bp.route("/archive", methods=["POST"])
@upload_limit(lambda: MAX_ARCHIVE_BYTES)
@require_role("clerk")
def archive_upload():
    """Register an uploaded folder's files as received in the past."""
    from service.ingest.pipeline import process_external_many
    from service.ingest.watcher import is_ignored

    files = [f for f in request.files.getlist("files") if f and f.filename]
    try:
        fallback = parse_date(request.form.get("arrived", ""), not_after=runtime().now().date())
    except ValueError as exc:
        flash(str(exc), "error")
        return redirect(url_for("archive.index"))
    if not files:
        flash("Chưa chọn thư mục hay tệp nào.", "error")
        return redirect(url_for("archive.index"))
    rt = runtime()
    saved = []
    with tempfile.TemporaryDirectory(dir=_staging()) as tmp:
        for i, upload in enumerate(files):
            name = nfc(Path(upload.filename.replace("\\", "/")).name)
            if not name or is_ignored(name):
                continue
            path = Path(tmp) / f"{i:05d}" / name  # one folder each: two files may share a name
            path.parent.mkdir()
            upload.save(path)
            saved.append((upload.filename, path))
        # one batch: read in parallel, registered in as few transactions as the reading allows
        outcomes = process_external_many(rt, [p for _, p in saved], Archive(fallback))
        results = [(name, outcome) for (name, _), outcome in zip(saved, outcomes, strict=True)]
    shutil.rmtree(Path(tmp), ignore_errors=True)
    return render_template("archive.html", results=results, plan=None)


@bp.route("/register", methods=["POST"])
@upload_limit(lambda: runtime().config.limits.max_bytes)
@require_role("clerk")
def register_upload():
    """Show what importing an uploaded register would do."""
    upload = request.files.get("workbook")
    if not upload or not upload.filename:
        flash("Chưa chọn tệp Excel sổ đăng ký.", "error")
        return redirect(url_for("archive.index"))
    data = upload.read()
    token = hashlib.sha256(data).hexdigest()
    (_staging() / f"{token}.xlsx").write_bytes(data)
    return _preview(token, nfc(Path(upload.filename).name), request.form.get("kind") or None)


def _preview(token: str, name: str, kind: str | None):
    from service.ingest.register_import import prepare_import

    try:
        plan = prepare_import(runtime(), _staging() / f"{token}.xlsx", kind=_kind(kind))
    except VanthuError as exc:
        flash(f"{exc.message} [{exc.code}]", "error")
        return redirect(url_for("archive.index"))
    return render_template("archive.html", results=None, plan=plan, token=token, name=name, kind=kind or "")


def _kind(kind: str | None) -> RegisterKind | None:
    if kind in (None, ""):
        return None
    if kind not in ("incoming", "outgoing"):
        abort(400)
    return RegisterKind(kind)


@bp.route("/register/confirm", methods=["POST"])
@require_role("clerk")
def register_confirm():
    """Import the register shown, as the clerk confirmed it."""
    from service.ingest.register_import import apply_import, prepare_import

    token = request.form.get("token", "")
    if not _TOKEN.match(token) or not (_staging() / f"{token}.xlsx").is_file():
        abort(404)
    staged = _staging() / f"{token}.xlsx"
    name = nfc(request.form.get("name", "")).strip()[:200] or "so-dang-ky.xlsx"
    rt = runtime()
    try:
        plan = prepare_import(rt, staged, kind=_kind(request.form.get("kind")))
    except VanthuError as exc:
        flash(f"{exc.message} [{exc.code}]", "error")
        return redirect(url_for("archive.index"))
    result = apply_import(rt, plan, source=name, actor=actor())
    staged.unlink(missing_ok=True)
    flash(f"Đã nhập {len(result.added)} dòng; {len(result.problems)} dòng không nhập.", "ok")
    target = "incoming.index" if result.kind == RegisterKind.INCOMING else "registers.outgoing"
    return redirect(url_for(target))
