"""Migration 0006 (handling): users keep their rows and are nobody's officers; it undoes cleanly."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import inspect, text

from service.store.db import Store

pytestmark = pytest.mark.both_databases


def test_0006_keeps_users_and_downgrades(tmp_path, database_url):
    store = Store(database_url or f"sqlite:///{tmp_path / 'v.db'}")
    store.migrate("0005")
    with store.write() as conn:
        conn.execute(
            text(
                "INSERT INTO users (name, password_hash, role, created_at, failed_logins, full_name) "
                "VALUES ('lanh.dao', 'h', 'leader', :now, 0, 'Nguyễn Văn An')"
            ),
            {"now": datetime(2026, 3, 2, 8, 0)},
        )
    store.migrate("0006")
    with store.read() as conn:
        row = conn.execute(text("SELECT name, full_name, unit_id, unit_head, email FROM users")).one()
        assert tuple(row) == ("lanh.dao", "Nguyễn Văn An", None, False, None)
        for table in ("handlings", "assignments", "handling_steps", "email_digests"):
            assert inspect(conn).has_table(table)
    store.downgrade("0005")
    with store.read() as conn:
        assert not inspect(conn).has_table("handling_steps")
        assert conn.execute(text("SELECT name FROM users")).scalar() == "lanh.dao"
    store.dispose()
