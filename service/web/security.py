"""Secret key, security headers and the pages shown for refused requests."""

from __future__ import annotations

import logging
import os
import secrets
from collections.abc import Callable
from typing import Any

from flask import Flask, current_app, jsonify, render_template, request
from flask_wtf.csrf import CSRFError

from service.config import Config

log = logging.getLogger("vanthu.web")

# No inline script or style anywhere: everything comes from /static. Frames only for the PDF preview.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'self'; frame-src 'self'; frame-ancestors 'self'; base-uri 'none'; "
    "form-action 'self'"
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Frame-Options": "SAMEORIGIN",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


def load_secret_key(cfg: Config) -> str:
    """cfg.secret_key, else the key generated once into data/secret_key (mode 0600)."""
    if cfg.secret_key:
        return cfg.secret_key
    path = cfg.data / "secret_key"
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError as exc:
        key = path.read_text(encoding="ascii").strip()
        if len(key) >= 32:
            return key
        raise RuntimeError(f"{path} is too short; delete it to generate a new key") from exc
    key = secrets.token_hex(32)
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(key + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    return key


def upload_limit(size: Callable[[], int]) -> Callable[[Any], Any]:
    """Mark a view that takes files with the most bytes its request may carry (the app's default is
    1 MiB). Put it right under `@bp.route`."""

    def mark(view: Any) -> Any:
        view.upload_limit = size
        return view

    return mark


def apply_upload_limit() -> None:
    """Before the CSRF check: reading the token parses the whole body, so a view's own limit must be
    set before it, or a folder of scans is refused as too large before the view is reached."""
    view = current_app.view_functions.get(request.endpoint or "")
    size = getattr(view, "upload_limit", None)
    if size is not None:
        request.max_content_length = size()


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def _refuse(status: int, message: str):
    if _wants_json():
        return jsonify(error=message, status=status), status
    return render_template("error.html", status=status, message=message), status


def install(app: Flask) -> None:
    @app.after_request
    def add_headers(resp):
        for k, v in HEADERS.items():
            resp.headers.setdefault(k, v)
        if not request.path.startswith("/static/"):
            resp.headers.setdefault("Cache-Control", "no-store")
        return resp

    @app.errorhandler(CSRFError)
    def csrf_refused(exc):
        return _refuse(
            400, "Phiên làm việc đã hết hạn hoặc biểu mẫu không hợp lệ. Vui lòng tải lại trang và thử lại."
        )

    @app.errorhandler(400)
    def bad_request(exc):
        return _refuse(400, "Yêu cầu không hợp lệ.")

    @app.errorhandler(403)
    def forbidden(exc):
        return _refuse(403, "Bạn không có quyền thực hiện thao tác này.")

    @app.errorhandler(404)
    def not_found(exc):
        return _refuse(404, "Không tìm thấy trang hoặc văn bản yêu cầu.")

    @app.errorhandler(405)
    def not_allowed(exc):
        return _refuse(405, "Thao tác không được phép.")

    @app.errorhandler(413)
    def too_large(exc):
        return _refuse(413, "Dữ liệu gửi lên quá lớn.")

    @app.errorhandler(500)
    def internal(exc):
        log.exception("code=web_internal path=%s", request.path)
        return _refuse(500, "Lỗi nội bộ; đã ghi nhật ký để kiểm tra.")
