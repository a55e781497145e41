"""Web fixtures: an office with three users and a Flask test client that logs in like a browser."""

from __future__ import annotations

import re

import pytest
from werkzeug.security import generate_password_hash

from service.store import users as ustore

PASSWORD = "mat-khau-1234"
USERS = {"van.thu": "clerk", "lanh.dao": "leader", "nguoi.xem": "viewer"}
_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
# One fast hash for every test user: scrypt's default cost is for real passwords.
_HASH = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")


@pytest.fixture
def app(office):
    from service.web import create_app

    with office.store.write() as conn:
        for name, role in USERS.items():
            ustore.add_user(conn, name, _HASH, role, now=office.now())
    return create_app(office, testing=True)


@pytest.fixture
def client(app):
    return app.test_client()


def csrf_token(client, path: str = "/login") -> str:
    html = client.get(path).get_data(as_text=True)
    m = _TOKEN.search(html)
    assert m, f"no CSRF token on {path}"
    return m.group(1)


def login(client, name: str, password: str = PASSWORD):
    token = csrf_token(client)
    return client.post("/login", data={"name": name, "password": password, "csrf_token": token})


def post(client, path: str, data: dict | None = None, **kw):
    """POST a form the way the page does: with the session's CSRF token."""
    data = dict(data or {})
    data["csrf_token"] = csrf_token(client, "/")
    return client.post(path, data=data, **kw)


@pytest.fixture
def as_clerk(client):
    assert login(client, "van.thu").status_code == 302
    return client
