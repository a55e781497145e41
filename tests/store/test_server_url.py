"""A database on a server: its URL's password never reaches what `vanthu check` prints."""

from __future__ import annotations

from types import SimpleNamespace

from sqlalchemy.engine import make_url

from service.checks import check_database


def test_check_names_the_database_without_its_password(postgres_server):
    url = make_url(postgres_server.new_database()).set(password="mat-khau-bi-mat")
    found = check_database(SimpleNamespace(database_url=url.render_as_string(hide_password=False)))
    assert found[0][0] is True, found  # the server answered (it trusts its socket)
    assert all("mat-khau-bi-mat" not in label + detail for _, label, detail in found)
    assert "***" in found[0][1]


def test_check_looks_for_pg_dump_and_pg_restore_on_a_server_database(postgres_server):
    from service.checks import check_postgresql_tools

    found = check_postgresql_tools(SimpleNamespace(database_url=postgres_server.new_database()))
    assert [label.split(" ")[0] for _, label, _ in found] == ["pg_dump", "pg_restore"]
    assert all(ok for ok, _, _ in found), found  # Debian's postgresql-client (scripts/install-system.sh)
    assert check_postgresql_tools(SimpleNamespace(database_url="sqlite:///x.db")) == []
