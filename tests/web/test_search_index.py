"""Migration 0002 (search index): keeps every row, indexes existing ones, follows every change;
the LIKE fallback gives the same answers where FTS5 is not there."""

from __future__ import annotations

from datetime import datetime

from alembic import command
from alembic.config import Config as AlembicConfig
from sqlalchemy import insert, text

from service.store import views
from service.store.db import MIGRATIONS, Store
from service.store.schema import documents
from service.text import fold


def _alembic(store: Store, action, rev: str) -> None:
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with store.engine.connect() as conn:
        cfg.attributes["connection"] = conn
        action(cfg, rev)
        conn.commit()


def _row(i: int, body: str) -> dict:
    return dict(
        year=2026,
        so_den=i,
        arrived_at=datetime(2026, 1, 1, 8, i),
        file_name=f"{i}.txt",
        source_path=f"{i}.txt",
        source_removed=True,
        sha256=f"{i:064x}",
        size=1,
        format="txt",
        original_path=f"originals/{i}.txt",
        text=body,
        search_text=fold(body),
        fields_json="{}",
        signatures_json="[]",
        warnings_json="[]",
        status="registered",
    )


def _found(store: Store, q: str) -> list[int]:
    with store.read() as conn:
        rows, _total = views.register_page(conn, views.RegisterFilter(query=q))
    return sorted(r.so_den for r in rows)


def test_upgrade_keeps_and_indexes_existing_rows_then_follows_changes(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'v.db'}")
    _alembic(store, command.upgrade, "0001")
    with store.write() as conn:
        conn.execute(
            insert(documents), [_row(1, "Báo cáo tình hình giảm nghèo"), _row(2, "Giấy mời họp giao ban")]
        )
    store.migrate()
    assert store.schema_revision() == Store.head_revision()
    with store.read() as conn:
        assert conn.execute(text("SELECT count(*) FROM documents")).scalar() == 2
        assert views.has_fts(conn)
    assert _found(store, "bao cao ngheo") == [1]
    with store.write() as conn:
        conn.execute(
            documents.update()
            .where(documents.c.so_den == 2)
            .values(search_text=fold("Báo cáo nghèo bổ sung"))
        )
        conn.execute(insert(documents), [_row(3, "Báo cáo nghèo quý III")])
    assert _found(store, "bao cao ngheo") == [1, 2, 3]
    assert _found(store, "giao ban") == []
    with store.write() as conn:
        conn.execute(documents.delete().where(documents.c.so_den == 1))
    assert _found(store, "bao cao ngheo") == [2, 3]
    _alembic(store, command.downgrade, "0001")  # and back: rows stay
    with store.read() as conn:
        assert conn.execute(text("SELECT count(*) FROM documents")).scalar() == 2
    store.migrate()
    assert _found(store, "bao cao ngheo") == [2, 3]
    store.dispose()


def test_like_fallback_answers_like_the_index(tmp_path, monkeypatch):
    store = Store(f"sqlite:///{tmp_path / 'v.db'}")
    store.migrate()
    with store.write() as conn:
        conn.execute(
            insert(documents),
            [
                _row(1, "Kế hoạch 904/KH-UBND giảm nghèo"),
                _row(2, "Báo cáo 50% kết quả"),
                _row(3, "Đường giao thông"),
            ],
        )
    queries = ["giam ngheo", "904/kh", "GIẢM", "50%", "duong", "khong co"]
    with_fts = [_found(store, q) for q in queries]
    monkeypatch.setitem(views._fts_known, id(store.engine), False)
    assert [_found(store, q) for q in queries] == with_fts == [[1], [1], [1], [2], [3], []]
    store.dispose()
