"""The database: engine, migrations and transactions. SQLite (WAL) by default; any SQLAlchemy URL."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config as AlembicConfig
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError

MIGRATIONS = Path(__file__).with_name("migrations")
_MIGRATE_TRIES = 3
log = logging.getLogger("vanthu.store")


class Store:
    """Owns the engine. `write()` serialises writers (BEGIN IMMEDIATE on SQLite, a transaction-level
    advisory lock on PostgreSQL): a writer reads the next số đến or outgoing number and inserts it
    with no other writer in between. `read()` does not wait for writers."""

    def __init__(self, url: str):
        self.url = url
        self.is_sqlite = url.startswith("sqlite")
        kwargs = {"connect_args": {"timeout": 60}} if self.is_sqlite else {}
        self.engine: Engine = create_engine(url, **kwargs)
        if self.is_sqlite:
            event.listen(self.engine, "connect", _sqlite_on_connect)
            event.listen(self.engine, "begin", _sqlite_on_begin)
        elif self.engine.dialect.name == "postgresql":
            event.listen(self.engine, "begin", _postgres_on_begin)

    def migrate(self, revision: str = "head") -> None:
        """Bring the schema up to `revision` (the newest by default); never drops data.

        On SQLite, an upgrade that meets a transient error (a lock that some of SQLite's paths
        report at once, without waiting) is tried again: it is one transaction, so a failed try has
        left nothing behind, and the next reads the revision afresh."""
        for attempt in range(1, _MIGRATE_TRIES + 1):
            try:
                self._alembic(command.upgrade, revision)
                return
            except OperationalError as exc:
                if not self.is_sqlite or attempt == _MIGRATE_TRIES:
                    raise
                log.warning("code=store_migrate_retry attempt=%d detail=%s", attempt, exc.orig)
                time.sleep(0.2 * attempt)

    def downgrade(self, revision: str) -> None:
        """Take the schema back to `revision` (an operator's step back before running older code)."""
        self._alembic(command.downgrade, revision)

    def _alembic(self, step, revision: str) -> None:
        cfg = AlembicConfig()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        with self.engine.connect() as conn:
            # One transaction, begun with the writer's lock before alembic reads the schema's
            # revision, around every step. Two processes starting on a new database (the service and
            # a command) then take turns. Alembic left alone would commit after each step on SQLite
            # (it takes SQLite's DDL for non-transactional), releasing the lock while it still holds
            # the list of steps it read at the start: the other process would apply the next step,
            # and this one apply it again ("duplicate column").
            conn = conn.execution_options(vanthu_immediate=True)
            cfg.attributes["connection"] = conn
            with conn.begin():
                step(cfg, revision)

    def schema_revision(self) -> str | None:
        with self.engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()

    @staticmethod
    def head_revision() -> str | None:
        cfg = AlembicConfig()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        return ScriptDirectory.from_config(cfg).get_current_head()

    @contextmanager
    def write(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            conn = conn.execution_options(vanthu_immediate=True)
            with conn.begin():
                yield conn

    @contextmanager
    def read(self) -> Iterator[Connection]:
        with self.engine.connect() as conn, conn.begin():
            yield conn

    def dispose(self) -> None:
        self.engine.dispose()


def _sqlite_on_connect(dbapi_conn, _record) -> None:
    # Let SQLAlchemy's begin event emit BEGIN itself (pysqlite's own transaction handling is off).
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=60000")
    cur.close()


def _sqlite_on_begin(conn: Connection) -> None:
    immediate = conn.get_execution_options().get("vanthu_immediate")
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


# pg_advisory_xact_lock's key for Vanthu's writers ("vanthu" in ASCII); released at commit or rollback.
_WRITER_LOCK = int.from_bytes(b"vanthu", "big")


def _postgres_on_begin(conn: Connection) -> None:
    if conn.get_execution_options().get("vanthu_immediate"):
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_WRITER_LOCK})")


def open_store(url: str, *, migrate: bool = True) -> Store:
    store = Store(url)
    if migrate:
        store.migrate()
    return store


def insert_id(conn: Connection, statement: Any) -> int:
    """Run an INSERT and return the new row's id."""
    key = conn.execute(statement).inserted_primary_key
    assert key is not None
    return int(key[0])
