"""Login and logout (đăng nhập). Repeated failures lock the account for a growing while."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, session, url_for
from werkzeug.security import check_password_hash, generate_password_hash

from service.models import iso
from service.store import audit
from service.store import users as ustore
from service.text import nfc
from service.web.access import runtime

bp = Blueprint("auth", __name__)
# Checked when the name is unknown, so that a wrong name costs as long as a wrong password.
_DUMMY_HASH = generate_password_hash("vanthu-no-such-user")


def _safe_next(target: str | None) -> str:
    """Only a path on this site: never another host (open redirect)."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return url_for("dashboard.index")


@bp.route("/login", methods=["GET", "POST"])
def login():
    error = None
    name = ""
    if request.method == "POST":
        name = nfc(request.form.get("name", "")).strip()[:128]
        user, error = _check_login(name, request.form.get("password", "")[:1024])
        if user is not None:
            session.clear()
            session.permanent = True
            session["uid"] = user.id
            session["epoch"] = user.session_epoch
            return redirect(_safe_next(request.args.get("next")))
    status = 200 if error is None else 401
    return render_template("login.html", error=error, name=name), status


def _check_login(name: str, password: str) -> tuple[ustore.User | None, str | None]:
    """The user, or why not. Failures count for the name as typed and the client's address, so a
    stranger's guesses lock only the stranger; an unknown name is answered, and locked, exactly like a
    known one with a wrong password."""
    rt = runtime()
    address = (request.remote_addr or "?")[:64]
    now = rt.now()
    with rt.store.write() as conn:
        locked = ustore.login_locked_until(conn, name, address, now=now)
        if locked is not None:
            wait = int((locked - now).total_seconds()) + 1
            return None, (
                "Đăng nhập sai nhiều lần từ máy này: tạm khoá đăng nhập tài khoản này từ máy này, "
                f"vui lòng thử lại sau {wait} giây."
            )
        user = ustore.get_user_by_name(conn, name) if name else None
        # A wrong name costs as long as a wrong password.
        if check_password_hash(user.password_hash if user else _DUMMY_HASH, password) and user:
            ustore.record_login(conn, name, address)
            audit.add_audit(
                conn,
                audit.NewAuditEntry(
                    at=now, actor=user.name, action="login", object_type="user", object_id=user.id
                ),
            )
            return user, None
        until = ustore.record_failed_login(conn, name, address, now=now)
        audit.add_audit(
            conn,
            audit.NewAuditEntry(
                at=now,
                actor=name or "?",
                action="login_failed",
                object_type="user",
                object_id=user.id if user else None,
                detail={"address": address, "locked_until": iso(until, rt.zone)},
            ),
        )
    return None, "Tên đăng nhập hoặc mật khẩu không đúng."


@bp.route("/logout", methods=["POST"])
def logout():
    session.clear()
    return redirect(url_for("auth.login"))
