"""Hostile web: the login wall, CSRF, roles, ids and path tricks, escaping, headers, lockout."""

from __future__ import annotations

import re

import pytest

from service.store import audit
from service.store import documents as docs
from service.store import drafts as dstore
from service.store import quarantine as qstore
from service.store import users as ustore
from tests.web.conftest import PASSWORD, csrf_token, login, post
from tests.web.seed import SCRIPT_TITLE, add_document, seed_office

pytestmark = pytest.mark.both_databases  # tests/conftest.py: on SQLite and on PostgreSQL

PUBLIC = {"auth.login", "static"}


def _url_for_rule(rule) -> str:
    url = rule.rule
    for arg in rule.arguments:
        url = re.sub(rf"<(?:int:)?{arg}>", "1", url)
    return url


def test_every_route_but_login_is_refused_without_login(app, client, office):
    seed_office(office)
    rules = [r for r in app.url_map.iter_rules() if r.endpoint not in PUBLIC]
    assert len(rules) > 30
    for rule in rules:
        url = _url_for_rule(rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            resp = client.open(url, method=method)
            if url.startswith("/api/"):
                assert resp.status_code == 401, (method, url)
                assert resp.is_json
            elif method == "GET":
                assert resp.status_code == 302, (method, url)
                assert resp.headers["Location"].startswith("/login"), (method, url)
            else:  # no session, so no CSRF token: refused before the login wall
                assert resp.status_code in (400, 403), (method, url)


def test_login_page_is_public_and_logout_ends_the_session(client):
    assert client.get("/login").status_code == 200
    assert login(client, "van.thu").status_code == 302
    assert client.get("/").status_code == 200
    assert post(client, "/logout").status_code == 302
    assert client.get("/").status_code == 302


def test_post_without_csrf_token_is_refused(as_clerk, office):
    doc = add_document(office)
    resp = as_clerk.post(f"/documents/{doc.id}/fields", data={"title_summary": "Đã đổi"})
    assert resp.status_code == 400
    with office.store.read() as conn:
        assert docs.get_document(conn, doc.id).title_summary == doc.title_summary
    # with a token from another session: refused as well
    other = as_clerk.application.test_client()
    token = csrf_token(other)
    resp = as_clerk.post(f"/documents/{doc.id}/fields", data={"title_summary": "X", "csrf_token": token})
    assert resp.status_code == 400


@pytest.mark.parametrize("name", ["nguoi.xem", "lanh.dao"])
def test_only_a_clerk_corrects_fields(client, office, name):
    doc = add_document(office)
    login(client, name)
    resp = post(client, f"/documents/{doc.id}/fields", {"title_summary": "Sửa trái phép"})
    assert resp.status_code == 403
    with office.store.read() as conn:
        assert docs.get_document(conn, doc.id).title_summary == doc.title_summary
    assert 'id="edit"' not in client.get(f"/documents/{doc.id}").get_data(as_text=True)


@pytest.mark.parametrize("name", ["nguoi.xem", "van.thu"])
def test_a_viewer_or_clerk_cannot_sign_or_return(client, office, name):
    with office.store.write() as conn:
        draft_id = dstore.insert_draft(
            conn,
            dstore.NewDraft(
                kind="reminder",
                created_at=office.now(),
                created_by="van.thu",
                requirement_id=None,
                document_id=None,
                period="2026",
                context={},
            ),
        )
    login(client, name)
    assert post(client, f"/drafts/{draft_id}/sign", {"signer": "Ai đó"}).status_code == 403
    assert post(client, f"/drafts/{draft_id}/return", {"comment": "Không"}).status_code == 403
    with office.store.read() as conn:
        assert dstore.get_draft(conn, draft_id).status == "draft"
    assert "/sign" not in client.get(f"/drafts/{draft_id}").get_data(as_text=True)


def test_leader_returns_a_draft_with_a_comment(client, office):
    with office.store.write() as conn:
        draft_id = dstore.insert_draft(
            conn,
            dstore.NewDraft(
                kind="reply",
                created_at=office.now(),
                created_by="van.thu",
                requirement_id=None,
                document_id=None,
                period=None,
                context={},
            ),
        )
    login(client, "lanh.dao")
    assert post(client, f"/drafts/{draft_id}/return", {"comment": ""}).status_code == 302
    with office.store.read() as conn:
        assert dstore.get_draft(conn, draft_id).status == "draft"  # a comment is required
    assert post(client, f"/drafts/{draft_id}/return", {"comment": "Sửa lại trích yếu"}).status_code == 302
    with office.store.read() as conn:
        row = dstore.get_draft(conn, draft_id)
    assert (row.status, row.comment) == ("returned", "Sửa lại trích yếu")


@pytest.mark.parametrize("name", ["nguoi.xem", "lanh.dao"])
def test_only_a_clerk_acts_on_tracking_and_quarantine(client, office, name):
    ids = seed_office(office)
    login(client, name)
    for path, data in [
        (f"/tracking/requirements/{ids['yearly']}/paper", {"unit_id": ids["communes"][0], "period": "2026"}),
        (f"/tracking/requirements/{ids['yearly']}/drafts", {"kind": "reminder", "period": "2026"}),
        (f"/tracking/requirements/{ids['yearly']}/confirm", {}),
        ("/tracking/links/1", {"action": "confirm"}),
        ("/quarantine/1/retry", {}),
        ("/quarantine/1/discard", {}),
        ("/drafts/new", {"kind": "reply", "document_id": ids["plan"]}),
    ]:
        assert post(client, path, data).status_code == 403, path


def test_unknown_ids_and_path_tricks_are_refused(as_clerk, office):
    doc = add_document(office)
    secret = office.config.data / "secret_key"
    for url in [
        "/documents/99999",
        "/documents/99999/original",
        "/documents/-1",
        "/documents/..%2F..%2Fconfig.yaml/original",
        "/documents/1%2F..%2F..%2Fsecret_key/original",
        "/static/../secret_key",
        "/static/..%2F..%2Fstore%2Fdb.py",
        "/drafts/99999",
        "/drafts/99999/preview.pdf",
        "/tracking/requirements/99999",
        "/quarantine/99999/file",
        "/api/documents/99999",
        "/api/tracking/99999",
    ]:
        resp = as_clerk.get(url)
        assert resp.status_code == 404, url
        assert secret.read_text().strip() not in resp.get_data(as_text=True)
    for url in [
        "/incoming/?page=../../etc/passwd",
        "/incoming/?year=2026%00",
        "/incoming/?page=-1",
        "/api/arrivals?after=1;DROP",
        "/outgoing/?year=../../",
    ]:
        assert as_clerk.get(url).status_code == 400, url
    # A parameter naming a path is ignored: the original is the one stored for the id.
    resp = as_clerk.get(f"/documents/{doc.id}/original?path=/etc/passwd&file=../../config.yaml")
    assert resp.status_code == 200 and resp.data == b"%PDF-1.4 test\n"
    assert resp.headers["Content-Disposition"].startswith("attachment")


def test_a_tampered_stored_path_is_not_served(as_clerk, office):
    doc = add_document(office)
    with office.store.write() as conn:
        conn.execute(
            docs.documents.update()
            .where(docs.documents.c.id == doc.id)
            .values(original_path="../config.yaml")
        )
        qid = qstore.add_quarantine(
            conn,
            qstore.NewQuarantine(
                created_at=office.now(),
                file_name="x.docx",
                stored_path="originals/../../config.yaml",
                sha256=None,
                size=1,
                code="corrupt_docx",
                message="hỏng",
            ),
        )
    assert as_clerk.get(f"/documents/{doc.id}/original").status_code == 404
    assert as_clerk.get(f"/quarantine/{qid}/file").status_code == 404


def test_original_is_viewed_inline_only_when_safe(as_clerk, office):
    pdf = add_document(office)
    html = add_document(
        office, title="Trang web", original=b"<script>alert(1)</script>", suffix=".html", fmt="txt"
    )
    resp = as_clerk.get(f"/documents/{pdf.id}/original?view=1")
    assert resp.mimetype == "application/pdf" and resp.headers["Content-Disposition"].startswith("inline")
    resp = as_clerk.get(f"/documents/{html.id}/original?view=1")
    assert resp.mimetype == "application/octet-stream"
    assert resp.headers["Content-Disposition"].startswith("attachment")
    assert "sandbox" in resp.headers["Content-Security-Policy"]


def test_script_in_title_is_escaped_everywhere(as_clerk, office):
    doc = add_document(office, title=SCRIPT_TITLE, number_symbol="<b>1</b>", issuer="<i>Sở</i>")
    for url in ["/", "/incoming/", f"/documents/{doc.id}", "/incoming/print", "/incoming/?q=trich+yeu"]:
        html = as_clerk.get(url).get_data(as_text=True)
        assert "<script>window" not in html and "<img src=x" not in html, url
        assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in html, url
        assert "&lt;b&gt;1&lt;/b&gt;" in html, url
    data = as_clerk.get(f"/api/documents/{doc.id}").get_json()
    assert data["title_summary"] == SCRIPT_TITLE  # JSON carries the text as it is, typed as JSON
    assert as_clerk.get(f"/api/documents/{doc.id}").mimetype == "application/json"


def test_security_headers_on_every_kind_of_response(client, as_clerk, office):
    doc = add_document(office)
    for url in [
        "/login",
        "/",
        f"/documents/{doc.id}",
        "/api/documents",
        "/documents/99999",
        "/static/app.css",
    ]:
        resp = as_clerk.get(url)
        h = resp.headers
        assert (
            "script-src 'self'" in h["Content-Security-Policy"]
            and "unsafe-inline" not in h["Content-Security-Policy"].split("script-src")[1].split(";")[0]
        ), url
        assert h["X-Frame-Options"] == "SAMEORIGIN", url
        assert h["X-Content-Type-Options"] == "nosniff", url
        assert h["Referrer-Policy"] == "same-origin", url
    assert "no-store" in as_clerk.get("/").headers["Cache-Control"]
    assert not as_clerk.application.debug


def test_no_inline_script_or_style_in_templates():
    from pathlib import Path

    import service.web

    folder = Path(service.web.__file__).parent / "templates"
    for f in folder.glob("*.html"):
        text = f.read_text(encoding="utf-8")
        assert not re.search(r"<script(?![^>]*\bsrc=)", text), f.name
        assert " style=" not in text and "<style" not in text, f.name
        assert not re.search(r"\son[a-z]+=", text), f.name
        assert "javascript:" not in text, f.name
        assert "|safe" not in text.replace(" ", "") and "Markup" not in text, f.name


def test_repeated_failed_logins_lock_the_account_for_a_while(client, office, clock):
    for _ in range(3):
        assert login(client, "van.thu", "sai-mat-khau").status_code == 401
    # The third failure in a row locks the account for 30 s.: even the right password is refused until the lock ends.
    resp = login(client, "van.thu", PASSWORD)
    assert resp.status_code == 401 and "tạm khoá" in resp.get_data(as_text=True)
    clock.advance(seconds=31)
    assert login(client, "van.thu", PASSWORD).status_code == 302
    with office.store.read() as conn:
        actions = [a.action for a in audit.list_audit(conn, "user")]
    assert actions.count("login_failed") == 3 and actions[-1] == "login"


def test_lock_grows_with_each_further_failure(client, clock):
    for _ in range(5):
        login(client, "lanh.dao", "sai")
        clock.advance(seconds=61)  # past each lock so that every attempt counts
    resp = login(client, "lanh.dao", PASSWORD)
    assert resp.status_code == 401  # the 5th failure locked it for 2 minutes
    clock.advance(seconds=120)
    assert login(client, "lanh.dao", PASSWORD).status_code == 302


def test_unknown_name_and_wrong_password_say_the_same(client):
    a = login(client, "khong.co.ai", "x").get_data(as_text=True)
    b = login(client, "van.thu", "x").get_data(as_text=True)
    msg = "Tên đăng nhập hoặc mật khẩu không đúng."
    assert msg in a and msg in b


def _login_from(app, address: str, name: str, password: str = PASSWORD):
    """A login from another machine: its own browser (cookies) and its own address."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return login(client, name, password)


def test_guesses_from_outside_never_lock_the_leader_out(app, office):
    for _ in range(6):  # a stranger types wrong passwords under the leader's name
        assert _login_from(app, "203.0.113.7", "lanh.dao", "doan-mo").status_code == 401
    stranger = _login_from(app, "203.0.113.7", "lanh.dao", PASSWORD)
    assert stranger.status_code == 401 and "tạm khoá" in stranger.get_data(as_text=True)
    # The leader, at their own desk, logs in at once.
    assert _login_from(app, "10.0.0.21", "lanh.dao", PASSWORD).status_code == 302
    with office.store.read() as conn:
        failed = [a for a in audit.list_audit(conn, "user") if a.action == "login_failed"]
    # three guesses checked, then refused unchecked while the pair is locked
    assert len(failed) == 3 and all(a.detail["address"] == "203.0.113.7" for a in failed)


def test_an_unknown_name_is_answered_and_locked_like_a_known_one(app):
    answers = {}
    for name in ("khong.co.ai", "van.thu"):
        pages = [_login_from(app, "198.51.100.4", name, "sai") for _ in range(4)]
        answers[name] = [
            (
                p.status_code,
                re.sub(r'name="csrf_token" value="[^"]*"', "", p.get_data(as_text=True)).replace(name, "N"),
            )
            for p in pages
        ]
    assert answers["khong.co.ai"] == answers["van.thu"]
    assert "tạm khoá" in answers["van.thu"][-1][1]


def test_the_session_carries_no_part_of_the_password_hash(app, office):
    from flask.sessions import SecureCookieSessionInterface

    client = app.test_client()
    assert login(client, "van.thu").status_code == 302
    cookie = client.get_cookie(app.config.get("SESSION_COOKIE_NAME", "session"))
    data = SecureCookieSessionInterface().get_signing_serializer(app).loads(cookie.value)
    with office.store.read() as conn:
        hashed = ustore.get_user_by_name(conn, "van.thu").password_hash
    pieces = {hashed[i : i + 6] for i in range(len(hashed) - 5)}
    assert not any(p in repr(data) for p in pieces), data


def test_login_never_redirects_to_another_site(client):
    token = csrf_token(client)
    for target in ["//evil.example/", "https://evil.example/", "/\\evil.example"]:
        resp = client.post(
            f"/login?next={target}", data={"name": "van.thu", "password": PASSWORD, "csrf_token": token}
        )
        assert resp.headers["Location"] == "/", target
        post(client, "/logout")
        token = csrf_token(client)


def test_secret_key_is_generated_once_private(office):
    from service.web import create_app

    key_file = office.config.data / "secret_key"
    a = create_app(office)
    assert key_file.stat().st_mode & 0o777 == 0o600
    b = create_app(office)
    assert a.secret_key == b.secret_key == key_file.read_text().strip()
    assert len(a.secret_key) >= 64


def test_sessions_end_when_the_password_changes(client, office):
    from werkzeug.security import generate_password_hash

    login(client, "van.thu")
    assert client.get("/").status_code == 200
    with office.store.write() as conn:
        ustore.set_password(conn, "van.thu", generate_password_hash("mat-khau-moi-5678"))
    assert client.get("/").status_code == 302


def test_every_change_made_on_the_pages_leaves_a_coded_log_line(as_clerk, office, caplog):
    import logging

    doc = add_document(office, title="Trích yếu")
    with caplog.at_level(logging.INFO, logger="vanthu.web"):
        post(as_clerk, f"/documents/{doc.id}/fields", {"title_summary": "Trích yếu mới"})
    lines = [r.getMessage() for r in caplog.records if r.name == "vanthu.web"]
    assert any(m.startswith("code=web_document_correct user=van.thu status=302") for m in lines), lines


def test_a_draft_with_parts_to_write_does_not_wait_for_a_signature(client, office):
    unfinished = {
        "title_summary": "V/v trả lời",
        "blocks": [{"style": "body", "text": "[Nội dung phúc đáp]"}],
    }
    ready = {"title_summary": "V/v trả lời", "blocks": [{"style": "body", "text": "UBND huyện thống nhất."}]}
    with office.store.write() as conn:
        ids = [
            dstore.insert_draft(
                conn,
                dstore.NewDraft(
                    kind="reply",
                    created_at=office.now(),
                    created_by="van.thu",
                    requirement_id=None,
                    document_id=None,
                    period=None,
                    context=ctx,
                ),
            )
            for ctx in (unfinished, ready)
        ]
    login(client, "van.thu")
    awaiting = [d["id"] for d in client.get("/api/dashboard").get_json()["drafts_awaiting"]]
    assert awaiting == [ids[1]]
    page = client.get("/drafts/").get_data(as_text=True)
    assert (
        page.index("Đang soạn: còn phần phải viết")
        < page.index(f"/drafts/{ids[0]}")
        < page.index("Chờ lãnh đạo ký")
    )
