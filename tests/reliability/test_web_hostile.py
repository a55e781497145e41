"""A hostile web: every route without login, forms without their CSRF token, roles that may not
sign, other files' ids and path tricks in every parameter, and a script in a title in a real browser.

The routes are enumerated from the app's url_map, so that a page added later is covered too.
"""

from __future__ import annotations

import re
import shutil
from urllib.parse import quote

import pytest
from sqlalchemy import update
from werkzeug.security import generate_password_hash

from service.store import quarantine as qstore
from service.store import users as ustore
from service.store.schema import documents
from tests.web.seed import SCRIPT_TITLE, add_document, seed_office

pytestmark = pytest.mark.both_databases  # tests/conftest.py: on SQLite and on PostgreSQL

PASSWORD = "mat-khau-1234"
USERS = {"van.thu": "clerk", "lanh.dao": "leader", "nguoi.xem": "viewer"}
PUBLIC = {"auth.login", "static"}
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
TRICKS = [
    "../../../../etc/passwd",
    "..%2f..%2f..%2fetc%2fpasswd",
    "%2e%2e/%2e%2e/etc/passwd",
    "/etc/passwd",
    "..\\..\\windows\\win.ini",
    "a\x00b",
    "%00",
    "....//....//etc/passwd",
    "-1",
    "0x10",
    "1 OR 1=1",
    "<script>alert(1)</script>",
]
PASSWD_MARK = "root:x:0:0"


@pytest.fixture
def web(office):
    from service.web import create_app

    pw = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")
    with office.store.write() as conn:
        for name, role in USERS.items():
            ustore.add_user(conn, name, pw, role, now=office.now())
    ids = seed_office(office)
    # A row whose stored path was tampered with (a restored old backup, a hand-edited database).
    evil = add_document(office, title="Đường dẫn giả", number_symbol="66/BC-X", original=b"%PDF-1.4 x\n")
    with office.store.write() as conn:
        conn.execute(
            update(documents)
            .where(documents.c.id == evil.id)
            .values(original_path="../../../../../../etc/passwd")
        )
        qid_evil = qstore.add_quarantine(
            conn,
            qstore.NewQuarantine(
                created_at=office.now(),
                file_name="passwd",
                stored_path="quarantine/../../../../../../etc/passwd",
                sha256=None,
                size=None,
                code="corrupt_pdf",
                message="x",
            ),
        )
    # An original that was replaced by a link to a system file.
    linked = add_document(office, title="Liên kết", number_symbol="67/BC-X", original=b"%PDF-1.4 y\n")
    target = office.data_path(linked.original_path)
    target.chmod(0o644)
    target.unlink()
    target.symlink_to("/etc/passwd")
    ids.update(evil=evil.id, linked=linked.id, qid_evil=qid_evil)
    app = create_app(office, testing=False)
    return app, ids


def _login(client, name: str) -> None:
    html = client.get("/login").get_data(as_text=True)
    token = TOKEN.search(html).group(1)
    resp = client.post("/login", data={"name": name, "password": PASSWORD, "csrf_token": token})
    assert resp.status_code == 302, resp.status_code


def _token(client) -> str:
    return TOKEN.search(client.get("/").get_data(as_text=True)).group(1)


def _rules(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint in PUBLIC:
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule, method


def _url(rule, ids, value=None) -> str:
    """The rule's path with every variable filled: a seeded id, or `value` (a trick)."""
    url = rule.rule
    for arg in rule.arguments:
        conv = rule._converters[arg].__class__.__name__
        fill = value if value is not None else (str(ids.get("plan", 1)) if "Integer" in conv else "x")
        url = re.sub(r"<(?:[^:<>]+:)?%s>" % arg, quote(fill, safe="/%"), url)
    return url


def test_every_route_refuses_a_visitor_who_has_not_logged_in(web):
    app, ids = web
    client = app.test_client()
    checked = 0
    for rule, method in _rules(app):
        resp = client.open(_url(rule, ids), method=method)
        checked += 1
        where = f"{method} {rule.rule}"
        if resp.status_code in (301, 302, 303, 307, 308):
            assert "/login" in resp.headers["Location"], where
        else:
            assert resp.status_code in (400, 401, 403), f"{where}: {resp.status_code}"
        body = resp.get_data(as_text=True)
        assert "904/KH-UBND" not in body and "Vì người nghèo" not in body, f"{where} leaks the register"
    assert checked >= 20


def test_a_form_posted_without_its_csrf_token_is_refused(web):
    app, ids = web
    for name in USERS:
        client = app.test_client()
        _login(client, name)
        for rule, method in _rules(app):
            if method != "POST":
                continue
            resp = client.post(_url(rule, ids), data={"signer": "x", "note": "x"})
            assert resp.status_code == 400, f"{name} POST {rule.rule}: {resp.status_code}"
            assert "biểu mẫu không hợp lệ" in resp.get_data(as_text=True)


def test_logging_in_without_a_csrf_token_is_refused(web):
    app, _ = web
    resp = app.test_client().post("/login", data={"name": "van.thu", "password": PASSWORD})
    assert resp.status_code == 400


@pytest.mark.parametrize("who", ["van.thu", "nguoi.xem"])
def test_a_clerk_or_a_viewer_cannot_sign(web, office, who):
    app, ids = web
    client = app.test_client()
    _login(client, who)
    sign_rules = [r for r in app.url_map.iter_rules() if r.endpoint.endswith(".sign")]
    assert sign_rules, "no signing route found"
    with office.store.read() as conn:
        before = conn.exec_driver_sql("SELECT count(*) FROM outgoing").scalar()
    for rule in sign_rules:
        resp = client.post(_url(rule, ids), data={"csrf_token": _token(client), "signer": who})
        assert resp.status_code == 403, f"{who} {rule.rule}: {resp.status_code}"
    with office.store.read() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM outgoing").scalar() == before


def test_a_viewer_can_change_nothing(web):
    app, ids = web
    client = app.test_client()
    _login(client, "nguoi.xem")
    for rule, method in _rules(app):
        if method != "POST" or rule.endpoint == "auth.logout":
            continue
        resp = client.post(_url(rule, ids), data={"csrf_token": _token(client)})
        assert resp.status_code == 403, f"viewer POST {rule.rule}: {resp.status_code}"


def _assert_refused_safely(resp, where: str) -> None:
    body = resp.get_data()
    assert resp.status_code != 500, f"{where}: server error"
    assert PASSWD_MARK.encode() not in body, f"{where}: served /etc/passwd"


def test_path_tricks_in_every_path_parameter_are_refused(web):
    app, ids = web
    client = app.test_client()
    _login(client, "van.thu")
    for rule, method in _rules(app):
        if not rule.arguments or method != "GET":
            continue
        for trick in TRICKS:
            resp = client.get(_url(rule, ids, trick))
            _assert_refused_safely(resp, f"GET {rule.rule} with {trick!r}")
            assert resp.status_code in (400, 404), f"GET {rule.rule} with {trick!r}: {resp.status_code}"


def test_an_id_too_large_for_the_database_is_not_found(web):
    app, ids = web
    client = app.test_client()
    _login(client, "van.thu")
    failures = []
    for rule, method in _rules(app):
        if rule.arguments and method == "GET":
            resp = client.get(_url(rule, ids, "99999999999999999999"))
            if resp.status_code != 404:
                failures.append(f"{rule.rule}: {resp.status_code}")
    assert failures == []


def test_path_tricks_in_every_query_parameter_are_harmless(web):
    app, ids = web
    client = app.test_client()
    _login(client, "van.thu")
    names = [
        "q",
        "path",
        "file",
        "next",
        "year",
        "status",
        "unit",
        "page",
        "sort",
        "issuer",
        "from",
        "to",
        "doc_type",
        "view",
        "period",
        "format",
        "id",
    ]
    for rule, method in _rules(app):
        if method != "GET":
            continue
        for trick in TRICKS:
            query = "&".join(f"{n}={quote(trick, safe='%')}" for n in names)
            resp = client.get(_url(rule, ids) + "?" + query)
            _assert_refused_safely(resp, f"GET {rule.rule}?…{trick!r}")


@pytest.mark.parametrize("who", ["van.thu", "lanh.dao"])
def test_path_tricks_in_every_form_field_are_harmless(web, who):
    app, ids = web
    client = app.test_client()
    _login(client, who)
    fields = [
        "received_on",
        "document_id",
        "requirement_id",
        "comment",
        "issue_date",
        "note",
        "number_symbol",
        "period",
        "recipient_unit",
        "signer",
        "unit_id",
        "action",
        "back",
        "kind",
        "title_summary",
        "issuer",
        "doc_type",
    ]
    for rule, method in _rules(app):
        if method != "POST" or rule.endpoint == "auth.logout":
            continue
        for trick in TRICKS:
            data = {f: trick for f in fields} | {"csrf_token": _token(client)}
            resp = client.post(_url(rule, ids), data=data)
            _assert_refused_safely(resp, f"{who} POST {rule.rule} with {trick!r}")
            if resp.status_code in (302, 303):
                assert not resp.headers["Location"].startswith(("//", "http")), resp.headers["Location"]


def test_other_files_cannot_be_reached_through_a_document_or_quarantine_id(web):
    app, ids = web
    client = app.test_client()
    _login(client, "van.thu")
    for path in (
        f"/documents/{ids['evil']}/original",
        f"/documents/{ids['linked']}/original",
        f"/documents/{ids['linked']}/original?view=1",
        f"/quarantine/{ids['qid_evil']}/file",
        "/documents/999999/original",
        "/quarantine/999999/file",
    ):
        resp = client.get(path)
        _assert_refused_safely(resp, path)
        assert resp.status_code == 404, f"{path}: {resp.status_code}"


def test_the_login_redirect_never_leaves_the_site(web):
    app, _ = web
    for target in ("//evil.example/", "https://evil.example/", "/\\evil.example", "\\\\evil.example"):
        client = app.test_client()
        html = client.get("/login?next=" + quote(target, safe="")).get_data(as_text=True)
        token = TOKEN.search(html).group(1)
        resp = client.post(
            "/login?next=" + quote(target, safe=""),
            data={"name": "van.thu", "password": PASSWORD, "csrf_token": token},
        )
        assert resp.status_code == 302 and "evil.example" not in resp.headers["Location"], target


# ---- a real browser ----


@pytest.mark.slow
def test_a_script_in_a_title_is_shown_as_text_in_a_real_browser(tmp_path):
    from tests.web.browser import CHROMIUM, CHROMIUM_ARGS, LiveOffice, log_in, new_context

    if shutil.which(CHROMIUM) is None:
        from tests.conftest import require_tool

        require_tool(CHROMIUM)
    from playwright.sync_api import sync_playwright

    live = LiveOffice(tmp_path).start()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = new_context(browser).new_page()
            dialogs: list[str] = []
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            log_in(page, live.base, "van.thu")
            for path in (
                f"/documents/{live.ids['hostile']}",
                "/incoming/",
                "/incoming/?q=Trích",
                "/",
                "/incoming/print",
            ):
                page.goto(live.base + path)
                page.wait_for_load_state("networkidle")
                assert page.evaluate("window.__pwned") is None, f"script ran on {path}"
                if path.startswith("/documents/"):
                    assert page.get_by_text(SCRIPT_TITLE, exact=False).count() >= 1, path
            browser.close()
    finally:
        live.stop()
    assert dialogs == []
