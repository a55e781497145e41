"""Every migration keeps every row; 0003 gives each submission its document's số đến; 0004 packs the
linked submissions of each period."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import insert, inspect, text

from service.store.db import Store
from service.store.schema import documents


def _doc(i: int) -> dict:
    return dict(
        year=2026,
        so_den=40 + i,
        arrived_at=datetime(2026, 3, 1, 8, i),
        file_name=f"{i}.docx",
        source_path=f"{i}.docx",
        source_removed=True,
        sha256=f"{i:064x}",
        size=1,
        format="docx",
        original_path=f"originals/{i}.docx",
        text="Báo cáo",
        search_text="bao cao",
        fields_json="{}",
        signatures_json="[]",
        warnings_json="[]",
        status="registered",
    )


def test_upgrade_from_the_first_schema_keeps_every_row(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'v.db'}")
    store.migrate("0001")
    now = datetime(2026, 3, 2, 9, 0)
    with store.write() as conn:
        conn.execute(insert(documents), [_doc(1), _doc(2)])
        conn.execute(
            text(
                "INSERT INTO requirements (id, what, to_whom, rule_json, unit_ids_json, proposed, "
                "confirmed, closed, created_at) VALUES (1, 'Báo cáo năm', '', '{}', '[\"a\"]', 0, 1, 0, :now)"
            ),
            {"now": now},
        )
        conn.execute(
            text(
                "INSERT INTO submissions (requirement_id, unit_id, period, document_id, received_on, "
                "on_paper, state, confidence, created_at) VALUES "
                "(1, 'a', '2026', 2, :d, 0, 'linked', 1.0, :now), "
                "(1, 'b', '2026', NULL, :d, 1, 'linked', 1.0, :now)"
            ),
            {"d": date(2026, 3, 1), "now": now},
        )
    store.migrate()
    assert store.schema_revision() == Store.head_revision()
    with store.read() as conn:
        assert conn.execute(text("SELECT count(*) FROM documents")).scalar() == 2
        subs = conn.execute(text("SELECT unit_id, so_den FROM submissions ORDER BY unit_id")).all()
    assert [tuple(r) for r in subs] == [("a", 42), ("b", None)]


def test_0004_packs_the_submissions_already_there_and_downgrades_cleanly(tmp_path):
    from service.store.received import _received_index_rows, received_index

    store = Store(f"sqlite:///{tmp_path / 'v.db'}")
    store.migrate("0003")
    now = datetime(2026, 3, 2, 9, 0)
    with store.write() as conn:
        conn.execute(insert(documents), [_doc(1)])
        conn.execute(
            text(
                "INSERT INTO requirements (id, what, to_whom, rule_json, unit_ids_json, proposed, "
                "confirmed, closed, created_at) VALUES (1, 'Báo cáo năm', '', '{}', '[\"a\",\"b\"]', 0, 1, 0, :now)"
            ),
            {"now": now},
        )
        conn.execute(
            text(
                "INSERT INTO submissions (requirement_id, unit_id, period, document_id, so_den, received_on, "
                "number_symbol, on_paper, state, confidence, created_at) VALUES "
                "(1, 'a', '2026', 1, 41, '2026-03-01', '5/BC', 0, 'linked', 1.0, :now), "
                "(1, 'a', '2026', NULL, NULL, '2026-02-20', '4/BC', 1, 'linked', 1.0, :now), "
                "(1, 'b', '2026', NULL, NULL, '2026-03-01', '6/BC', 1, 'proposed', 1.0, :now)"
            ),
            {"now": now},
        )
    store.migrate()
    at = date(2026, 3, 5)
    with store.read() as conn:
        packed = received_index(conn, at, None)
        rows = _received_index_rows(conn.connection.driver_connection.cursor(), at, None)
    assert (
        {k: dict(v) for k, v in packed[0].items()}
        == rows[0]
        == {(1, "2026"): {"a": ("2026-02-20", None, "4/BC", None)}}
    )
    assert packed[1] == rows[1] == {(1, "2026"): {"b": 1}}
    store.downgrade("0003")
    with store.read() as conn:
        left = conn.execute(text("SELECT name FROM sqlite_master WHERE name LIKE '%pack%'")).all()
        assert left == [] and conn.execute(text("SELECT count(*) FROM submissions")).scalar() == 3


@pytest.mark.both_databases
def test_0006_every_entry_so_far_came_from_the_inbox_and_downgrades_cleanly(tmp_path, database_url):
    store = Store(database_url or f"sqlite:///{tmp_path / 'v.db'}")
    store.migrate("0005")
    with store.write() as conn:
        conn.execute(insert(documents), [_doc(1), _doc(2)])
    store.migrate()
    with store.read() as conn:
        assert conn.execute(text("SELECT origin FROM documents ORDER BY id")).scalars().all() == ["inbox"] * 2
    store.downgrade("0005")
    with store.write() as conn:
        assert "origin" not in {c["name"] for c in inspect(conn).get_columns("documents")}
        conn.execute(text("UPDATE documents SET search_text = 'bao cao ngheo' WHERE id = 1"))
        if store.is_sqlite:  # the search index still follows the register (its triggers survived)
            hits = conn.execute(
                text("SELECT rowid FROM documents_fts WHERE documents_fts MATCH 'ngheo'")
            ).all()
            assert [tuple(h) for h in hits] == [(1,)]
    store.dispose()


@pytest.mark.both_databases
def test_processes_starting_on_a_new_database_at_once_all_open_it(tmp_path, database_url, request):
    """The service and a command started together on a new database: they take turns migrating
    (the writer's lock first, one transaction for all steps), none fails with "database is locked"
    or applies a step another already applied ("duplicate column")."""
    import subprocess
    import sys

    from tests.conftest import ROOT

    code = "import sys; from service.store.db import open_store; open_store(sys.argv[1]); print('ok')"
    for round_ in range(8):
        url = (
            request.getfixturevalue("postgres_server").new_database()
            if database_url
            else f"sqlite:///{tmp_path / f'new-{round_}.db'}"
        )
        procs = [
            subprocess.Popen(
                [sys.executable, "-c", code, url],
                cwd=ROOT,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(6)
        ]
        for p in procs:
            out, err = p.communicate(timeout=120)
            assert p.returncode == 0 and out.strip() == "ok", err[-500:]
        store = Store(url)
        assert store.schema_revision() == Store.head_revision()
        store.dispose()


@pytest.mark.both_databases
def test_an_upgrade_is_all_or_nothing(tmp_path, database_url):
    """The steps of one upgrade share one transaction: when the last fails, the ones before it are
    undone too and the schema stays where it was. (Committing step by step let a second process,
    waiting for the lock, apply a step the first had already planned: "duplicate column".)"""
    from sqlalchemy.exc import OperationalError, ProgrammingError

    store = Store(database_url or f"sqlite:///{tmp_path / 'v.db'}")
    store.migrate("0003")
    with store.write() as conn:  # what 0005 adds, already there: 0004 passes, 0005 fails
        conn.execute(text("ALTER TABLE users ADD COLUMN full_name VARCHAR(128)"))
    with pytest.raises((OperationalError, ProgrammingError)):
        store.migrate()
    assert store.schema_revision() == "0003"
    with store.read() as conn:
        assert not inspect(conn).has_table("received_packs")  # 0004's table, made and then undone
    store.dispose()
