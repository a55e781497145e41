"""The status pages (trang theo dõi): Flask app factory, one blueprint per area."""

from __future__ import annotations

from flask import Flask
from werkzeug.routing import IntegerConverter

from service.runtime import Runtime


class BoundedIntegerConverter(IntegerConverter):
    """`<int:…>` in routes: an id the database can hold (a larger one is simply not found)."""

    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", 2**63 - 1)
        super().__init__(url_map, *args, **kwargs)


def create_app(rt: Runtime, *, testing: bool = False) -> Flask:
    """The web app over one runtime. CSRF stays on in tests: refusing a bare POST is tested."""
    from flask_wtf.csrf import CSRFProtect

    from service.web import (
        access,
        api,
        archive,
        auth,
        dashboard,
        document,
        drafts,
        exchange,
        formats,
        handling,
        incoming,
        quarantine,
        registers,
        security,
        tracking,
    )

    app = Flask(__name__, static_folder="static", template_folder="templates")
    app.url_map.converters["int"] = BoundedIntegerConverter
    app.config.update(
        SECRET_KEY=security.load_secret_key(rt.config),
        TESTING=testing,
        DEBUG=False,
        PROPAGATE_EXCEPTIONS=testing,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_NAME="vanthu",
        PERMANENT_SESSION_LIFETIME=12 * 3600,
        WTF_CSRF_TIME_LIMIT=12 * 3600,
        MAX_CONTENT_LENGTH=1 * 2**20,
        JSON_SORT_KEYS=False,
    )
    app.extensions["vanthu_runtime"] = rt
    app.before_request(security.apply_upload_limit)  # before CSRFProtect's check, which reads the body
    CSRFProtect(app)
    formats.install(app)
    handling.install(app)
    access.install(app)
    security.install(app)
    for module in (
        auth,
        dashboard,
        incoming,
        document,
        handling,
        exchange,
        tracking,
        drafts,
        registers,
        quarantine,
        archive,
        api,
    ):
        app.register_blueprint(module.bp)
    return app
