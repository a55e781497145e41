"""Who is asking: the session's user, the login wall and the role checks (kiểm tra quyền)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import wraps

from flask import Flask, abort, current_app, g, jsonify, redirect, request, session, url_for

from service import labels
from service.runtime import Runtime
from service.store import users as ustore

PUBLIC_ENDPOINTS = {"auth.login", "static"}


def runtime() -> Runtime:
    return current_app.extensions["vanthu_runtime"]


def current_user() -> dict | None:
    return g.get("user")


def actor() -> str:
    """The name written into the audit trail."""
    user = current_user()
    return user["name"] if user else "anonymous"


def _load_user() -> None:
    g.user = None
    uid = session.get("uid")
    if not isinstance(uid, int):
        return
    with runtime().store.read() as conn:
        user = ustore.get_user(conn, uid)
    # A new password moves the user's counter on: sessions made before it end.
    if user and session.get("epoch") == user.session_epoch:
        g.user = {"id": user.id, "name": user.name, "role": user.role, "full_name": user.full_name}


web_log = logging.getLogger("vanthu.web")


def install(app: Flask) -> None:
    @app.before_request
    def login_wall():
        _load_user()
        if request.endpoint in PUBLIC_ENDPOINTS:
            return None
        if g.user is None:
            if request.path.startswith("/api/"):
                return jsonify(error="Cần đăng nhập.", status=401), 401
            if request.method != "GET":
                abort(403)
            return redirect(
                url_for("auth.login", next=request.full_path if request.query_string else request.path)
            )
        return None

    @app.after_request
    def log_action(response):
        # Every change made on the pages leaves a line with a code in the log (the audit trail keeps
        # the detail): who, what, and whether it was refused.
        if request.method == "POST" and request.endpoint:
            user = current_user()
            web_log.info(
                "code=web_%s user=%s status=%s path=%s",
                request.endpoint.replace(".", "_"),
                user["name"] if user else "-",
                response.status_code,
                request.path,
            )
        return response

    @app.context_processor
    def inject_user():
        user = current_user()
        return {
            "user": user,
            "role_name": labels.ROLE.get(user["role"], "") if user else "",
            "org": runtime().config.organisation,
        }


def require_role(*roles: str) -> Callable:
    """Refuse (403) unless the logged-in user has one of these roles. Checked on the server."""

    def deco(fn):
        @wraps(fn)
        def wrapped(*args, **kwargs):
            user = current_user()
            if user is None or user["role"] not in roles:
                abort(403)
            return fn(*args, **kwargs)

        return wrapped

    return deco


def can(role: str) -> bool:
    user = current_user()
    return bool(user and user["role"] == role)
