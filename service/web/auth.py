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
        rt = runtime()
        name = nfc(request.form.get("name", "")).strip()[:128]
        password = request.form.get("password", "")[:1024]
        now = rt.now()
        with rt.store.write() as conn:
            user = ustore.get_user_by_name(conn, name) if name else None
            if user and user["locked_until"] and user["locked_until"] > now:
                wait = int((user["locked_until"] - now).total_seconds()) + 1
                error = f"Đăng nhập sai nhiều lần: tài khoản tạm khoá, vui lòng thử lại sau {wait} giây."
            elif user and check_password_hash(user["password_hash"], password):
                ustore.record_login(conn, user["id"])
                audit.add_audit(
                    conn, at=now, actor=user["name"], action="login", object_type="user", object_id=user["id"]
                )
                session.clear()
                session.permanent = True
                session["uid"] = user["id"]
                session["pw"] = user["password_hash"][-16:]
                return redirect(_safe_next(request.args.get("next")))
            else:
                if user is None:
                    check_password_hash(_DUMMY_HASH, password)
                else:
                    until = ustore.record_failed_login(conn, user["id"], now=now)
                    audit.add_audit(
                        conn,
                        at=now,
                        actor=name,
                        action="login_failed",
                        object_type="user",
                        object_id=user["id"],
                        detail={"locked_until": iso(until, runtime().zone)},
                    )
                error = "Tên đăng nhập hoặc mật khẩu không đúng."
    status = 200 if error is None else 401
    return render_template("login.html", error=error, name=name), status


@bp.route("/logout", methods=["POST"])
def logout():
    session.clear()
    return redirect(url_for("auth.login"))
