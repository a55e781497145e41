"""A real PostgreSQL server for the tests that run on both databases: Debian's postgresql, started
in a folder of its own (Unix socket only, no TCP port), one new database per test."""

from __future__ import annotations

import itertools
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

from service.store.backup import pg_binary


class PostgresServer:
    """initdb + pg_ctl in a temporary folder; as root, the server runs as the `postgres` account
    (PostgreSQL refuses to run as root)."""

    def __init__(self):
        self.folder = Path(tempfile.mkdtemp(prefix="vanthu-pg-"))
        self.port = 5400 + os.getpid() % 500
        self._names = itertools.count(1)
        self._as = []
        if os.geteuid() == 0:
            account = pwd.getpwnam("postgres")
            os.chown(self.folder, account.pw_uid, account.pw_gid)
            self._as = ["runuser", "-u", "postgres", "--"]

    def _run(self, *args: str) -> None:
        subprocess.run([*self._as, *args], check=True, capture_output=True, timeout=120)

    def start(self) -> None:
        data = self.folder / "data"
        self._run(
            pg_binary("initdb"),
            "-D",
            str(data),
            "-U",
            "vanthu",
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        )
        options = (
            f"-k {self.folder} -p {self.port} -c listen_addresses='' -c fsync=off "
            "-c full_page_writes=off -c max_connections=200"
        )
        self._run(
            pg_binary("pg_ctl"), "-D", str(data), "-l", str(self.folder / "log"), "-o", options, "-w", "start"
        )

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://vanthu@/{database}?host={self.folder}&port={self.port}"

    def new_database(self) -> str:
        """The URL of a new, empty database."""
        import psycopg

        name = f"t{os.getpid()}_{next(self._names)}"
        with psycopg.connect(
            host=str(self.folder), port=self.port, user="vanthu", dbname="postgres", autocommit=True
        ) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        try:
            self._run(pg_binary("pg_ctl"), "-D", str(self.folder / "data"), "-m", "immediate", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)
