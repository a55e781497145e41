"""Disk and data: a full disk leaves nothing half-registered, backups round-trip, migrations keep
every row."""

from __future__ import annotations

import errno
import hashlib
import os
import random
import subprocess
import sys
import tarfile
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import Boolean, Date, DateTime, Float, Integer, MetaData, create_engine, insert, select, text

from service.ingest import files as ingest_files
from service.ingest.watcher import Scanner
from service.runtime import open_runtime
from service.store import documents as docs
from service.store import quarantine as qstore
from service.store.db import Store
from tests.conftest import ROOT, FakeClock, make_docx, write_office_config
from tests.reliability.batch import Mono
from tests.reliability.documents import report_lines

VANTHU = [sys.executable, "-m", "service.cli"]


def _text_report(i: int, size: int, rng: random.Random) -> bytes:
    """A plain-text report of about `size` bytes, each one different."""
    lines = report_lines(i, rng)
    words = ["báo", "cáo", "kết", "quả", "thực", "hiện", "kế", "hoạch", "năm", "huyện", "xã", "đơn", "vị"]
    body = []
    while sum(len(b) for b in body) < size:
        body.append(" ".join(rng.choice(words) for _ in range(20)) + ".")
    return ("\n".join(lines[:8] + body + lines[8:])).encode("utf-8")


class SmallDisk:
    """The data folder on a 2 MB tmpfs (root), else a write error injected at the same place."""

    def __init__(self, folder: Path, monkeypatch):
        self.folder, self.monkeypatch, self.mounted, self.injected = folder, monkeypatch, False, False
        folder.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            done = subprocess.run(
                ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(folder)], capture_output=True
            )
            self.mounted = done.returncode == 0
        if not self.mounted:
            self._inject()

    def _inject(self) -> None:
        """Copies into the data folder fail with ENOSPC once 2 MB have been written."""
        disk = self
        written = [0]

        def copy(fin, fout, length=0):
            data = fin.read()
            if disk.injected and written[0] + len(data) > 2 * 2**20:
                raise OSError(errno.ENOSPC, "No space left on device (injected)")
            written[0] += len(data)
            fout.write(data)

        self.monkeypatch.setattr(ingest_files.shutil, "copyfileobj", copy)
        self.injected = True

    def grow(self) -> None:
        if self.mounted:
            subprocess.run(["mount", "-o", "remount,size=64m", str(self.folder)], check=True)
        self.injected = False

    def close(self) -> None:
        if self.mounted:
            subprocess.run(["umount", "-l", str(self.folder)], check=False)


@pytest.fixture
def small_disk(tmp_path, monkeypatch):
    disk = SmallDisk(tmp_path / "data", monkeypatch)
    yield disk
    disk.close()


def test_a_full_disk_leaves_nothing_half_registered_and_work_resumes(tmp_path, small_disk):
    cfg = write_office_config(tmp_path)
    rt = open_runtime(cfg, clock=FakeClock())
    rng = random.Random(5)
    payloads = {f"bao-cao-{i:02d}.txt": _text_report(i, 200_000, rng) for i in range(1, 9)}
    for name, data in payloads.items():
        (rt.config.inbox / name).write_bytes(data)
    mono = Mono()
    scanner = Scanner(rt, clock=mono)
    for _ in range(3):
        scanner.scan_once()
        mono.t += 5
    with rt.store.read() as conn:
        before = docs.list_register(conn)
        assert qstore.list_quarantine(conn) == [], "a full disk is not a broken file"
    # A batch keeps its originals before it registers them: the disk may fill before any of them
    # is registered. What counts: nothing half-registered, nothing lost, the rest waiting.
    assert len(before) < len(payloads), "the disk never filled up"
    _assert_consistent(rt, before, payloads)
    left = sorted(p.name for p in rt.config.inbox.iterdir())
    assert left == sorted(set(payloads) - {r.file_name for r in before})

    small_disk.grow()  # the clerk frees space
    for _ in range(3):
        scanner.scan_once()
        mono.t += 5
    with rt.store.read() as conn:
        after = docs.list_register(conn)
        assert qstore.list_quarantine(conn) == []
    rt.store.dispose()
    assert len(after) == len(payloads) and list(rt.config.inbox.iterdir()) == []
    assert [r.so_den for r in after] == list(range(1, len(payloads) + 1))
    _assert_consistent(rt, after, payloads)


def _assert_consistent(rt, rows, payloads):
    for r in rows:  # every registered document has its whole original; the inbox copy is gone
        original = rt.data_path(r.original_path)
        assert hashlib.sha256(original.read_bytes()).hexdigest() == r.sha256
        assert hashlib.sha256(payloads[r.file_name]).hexdigest() == r.sha256
        assert not (rt.config.inbox / r.file_name).exists()
    assert list((rt.config.data / "originals").rglob("*.tmp")) == []


# ---- backup and restore ----


def _cli(cfg: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*VANTHU, "--config", str(cfg), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
        timeout=180,
    )


def _fill_office(folder: Path, database_url: str = "") -> Path:
    cfg = write_office_config(folder, database__url=database_url)
    rt = open_runtime(cfg, clock=FakeClock())
    rng = random.Random(3)
    for i in range(1, 5):
        make_docx(rt.config.inbox / f"bao-cao-{i}.docx", report_lines(i, rng))
    (rt.config.inbox / "hong.docx").write_bytes(b"PK\x03\x04 broken")
    mono = Mono()
    sc = Scanner(rt, clock=mono)
    sc.scan_once()
    mono.t += 5
    sc.scan_once()
    rt.store.dispose()
    return cfg


def _snapshot(cfg: Path) -> dict:
    rt = open_runtime(cfg)
    with rt.store.read() as conn:
        reg = docs.list_register(conn)
        qua = [q.to_json() for q in qstore.list_quarantine(conn, status=None)]
    snap = {
        "register": reg,
        "quarantine": qua,
        "originals": {r.original_path: rt.data_path(r.original_path).read_bytes() for r in reg},
        "kept": {q["stored_path"]: rt.data_path(q["stored_path"]).read_bytes() for q in qua},
    }
    rt.store.dispose()
    return snap


@pytest.mark.both_databases
def test_backup_and_restore_round_trip_the_database_and_the_originals(tmp_path, database_url, request):
    cfg = _fill_office(tmp_path / "office", database_url)
    before = _snapshot(cfg)
    assert len(before["register"]) == 4 and len(before["quarantine"]) == 1
    archive = tmp_path / "sao-luu.tar.gz"
    done = _cli(cfg, "backup", str(archive))
    assert done.returncode == 0, done.stderr
    # Into a new office on another machine: the same register, the same bytes.
    other_url = request.getfixturevalue("postgres_server").new_database() if database_url else ""
    other = write_office_config(tmp_path / "other", database__url=other_url)
    open_runtime(other).store.dispose()  # a new office's service ran once: its database has the schema
    done = _cli(other, "restore", str(archive))
    assert done.returncode == 0, done.stderr
    assert _snapshot(other) == before
    # Into the same office after losing its data folder (and, on a server, the database's contents).
    data = tmp_path / "office" / "data"
    for p in sorted(data.rglob("*"), reverse=True):
        if p.is_file():
            p.chmod(0o644)
            p.unlink()
    if database_url:
        engine = create_engine(database_url)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        engine.dispose()
    done = _cli(cfg, "restore", str(archive))
    assert done.returncode == 0, done.stderr
    assert _snapshot(cfg) == before
    # A restore over a register that holds documents needs --force.
    refused = _cli(cfg, "restore", str(archive))
    assert refused.returncode != 0 and "--force" in (refused.stdout + refused.stderr)


def test_a_damaged_backup_is_refused(tmp_path):
    cfg = _fill_office(tmp_path / "office")
    archive = tmp_path / "sao-luu.tar.gz"
    assert _cli(cfg, "backup", str(archive)).returncode == 0
    damaged = tmp_path / "hong.tar.gz"
    with tarfile.open(archive) as src, tarfile.open(damaged, "w:gz") as dst:
        for member in src.getmembers():
            data = src.extractfile(member).read()
            if member.name.startswith("originals/"):
                data = data[:-1] + bytes([data[-1] ^ 1])
            member.size = len(data)
            dst.addfile(member, __import__("io").BytesIO(data))
    other = write_office_config(tmp_path / "other")
    refused = _cli(other, "restore", str(damaged))
    assert refused.returncode != 0 and "hash" in (refused.stdout + refused.stderr)
    assert not (tmp_path / "other" / "data" / "vanthu.db").exists() or _snapshot(other)["register"] == []


# ---- migrations ----


def _value(col, i: int):
    t = col.type
    if isinstance(t, Boolean):
        return bool(i % 2)
    if isinstance(t, Integer):
        return i
    if isinstance(t, Float):
        return i + 0.5
    if isinstance(t, DateTime):
        return datetime(2025, 1 + i % 12, 1 + i, 8, i)
    if isinstance(t, Date):
        return date(2025, 1 + i % 12, 1 + i)
    return f"giá trị {col.name} số {i} — Tam Đường"


# Columns a migration drops on purpose, and why.
DROPPED = {
    ("users", "failed_logins"),  # 0008: failed logins are counted per name and address (login_failures)
    ("users", "locked_until"),
}


def test_a_migration_from_the_first_revision_keeps_every_row(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    store = Store(url)
    store.migrate("0001")
    assert store.schema_revision() == "0001"
    old = MetaData()
    old.reflect(store.engine)
    written: dict[str, list[dict]] = {}
    with store.write() as conn:
        for table in old.sorted_tables:
            if table.name == "alembic_version":
                continue
            rows = []
            for i in range(1, 4):
                row = {}
                for col in table.columns:
                    if col.foreign_keys:
                        row[col.name] = i  # the same id in the table it points to
                    else:
                        row[col.name] = _value(col, i)
                rows.append(row)
            if table.name == "documents":
                for r in rows:
                    r["search_text"] = f"bao cao ket qua so {r['id']}"
            conn.execute(insert(table), rows)
            written[table.name] = rows
    assert "documents" in written and "quarantine" in written
    store.migrate()
    assert store.schema_revision() == Store.head_revision()
    engine = create_engine(url)
    new = MetaData()
    new.reflect(engine)
    with engine.connect() as conn:
        for name, rows in written.items():
            table = new.tables[name]
            got = [dict(r) for r in conn.execute(select(table).order_by(table.c.id)).mappings()]
            assert len(got) == len(rows), name
            for want, have in zip(rows, got):
                for key, value in want.items():
                    if (name, key) not in DROPPED:
                        assert have[key] == value, (name, key)
            assert not {key for table, key in DROPPED if table == name} & set(got[0]), name
        if "documents_fts" in new.tables or store.is_sqlite:  # the old rows are searchable
            hits = conn.exec_driver_sql(
                "SELECT rowid FROM documents_fts WHERE documents_fts MATCH 'ket'"
            ).fetchall()
            assert sorted(h[0] for h in hits) == [1, 2, 3]
    engine.dispose()
    store.dispose()
