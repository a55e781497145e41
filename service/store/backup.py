"""`vanthu backup` / `vanthu restore`: the database and the data folder's files in one tar archive.

SQLite is copied with its online backup API (consistent while the service runs); PostgreSQL with
pg_dump (one snapshot), and restored with pg_restore in one transaction. Every file is listed with its
sha256 in manifest.json and verified before anything is restored.
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from service.errors import VanthuError

FOLDERS = ("originals", "quarantine", "drafts", "archive")
DB_NAME = "vanthu.db"  # SQLite's file in the archive
PG_DUMP_NAME = "vanthu.pgdump"  # pg_dump's custom format


def _kind(url: str) -> str:
    name = make_url(url).get_backend_name()
    if name not in ("sqlite", "postgresql"):
        raise VanthuError("database_unsupported", name)
    return name


def _sqlite_path(url: str) -> Path:
    if not url.startswith("sqlite:///"):
        raise VanthuError("database_unsupported", f"not an SQLite file: {url}")
    return Path(url[len("sqlite:///") :])


def _libpq_uri(url: str) -> str:
    """The SQLAlchemy URL as libpq reads it (pg_dump, pg_restore): the same host, socket, user, database."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def pg_binary(name: str) -> str | None:
    """A PostgreSQL program: the newest of Debian's versioned ones (initdb and pg_ctl are only
    there; a newer pg_dump reads an older server), else the one on PATH."""
    found = sorted(
        Path("/usr/lib/postgresql").glob(f"*/bin/{name}"),
        key=lambda p: int(p.parts[-3]) if p.parts[-3].isdigit() else 0,
        reverse=True,
    )
    return str(found[0]) if found else shutil.which(name)


def _pg_tool(name: str) -> str:
    path = pg_binary(name)
    if not path:
        raise VanthuError("database_tool_missing", name)
    return path


def _run_pg_tool(name: str, *args: str) -> None:
    done = subprocess.run([_pg_tool(name), *args], capture_output=True, text=True)
    if done.returncode != 0:
        raise VanthuError("database_tool_failed", f"{name}: {done.stderr.strip()[-2000:]}")


def _copy_database(url: str, folder: Path) -> Path:
    if _kind(url) == "postgresql":
        out = folder / PG_DUMP_NAME
        _run_pg_tool(
            "pg_dump",
            "--format=custom",
            "--no-owner",
            "--no-privileges",
            "--file",
            str(out),
            "--dbname",
            _libpq_uri(url),
        )
        return out
    out = folder / DB_NAME
    src = sqlite3.connect(_sqlite_path(url))
    dst = sqlite3.connect(out)
    with dst:
        src.backup(dst)
    src.close()
    dst.close()
    return out


def make_backup(database_url: str, data: Path, dest: Path) -> dict:
    """The database at `database_url` and the files of the data folder `data`, into the archive `dest`."""
    if not dest.parent.is_dir():
        raise VanthuError("backup_folder_missing", str(dest.parent))
    manifest: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as tmp:
        db_copy = _copy_database(database_url, Path(tmp))
        tmp_dest = dest.with_name(dest.name + ".part")
        try:
            tar = tarfile.open(tmp_dest, "w:gz")  # noqa: SIM115 (closed by the `with` below)
        except OSError as exc:
            raise VanthuError("backup_not_writable", f"{tmp_dest}: {exc.strerror}") from exc
        with tar:
            tar.add(db_copy, arcname=db_copy.name)
            manifest[db_copy.name] = _sha(db_copy)
            for folder in FOLDERS:
                for f in sorted((data / folder).rglob("*")):
                    if f.is_file() and not f.is_symlink():
                        rel = f.relative_to(data).as_posix()
                        manifest[rel] = _sha(f)
                        tar.add(f, arcname=rel)
            blob = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(blob)
            tar.addfile(info, io.BytesIO(blob))
        tmp_dest.replace(dest)
        size = db_copy.stat().st_size
    return {"files": len(manifest) - 1, "database_bytes": size}


def _documents_held(url: str) -> int:
    if _kind(url) == "sqlite" and not _sqlite_path(url).exists():
        return 0
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            if not inspect(conn).has_table("documents"):
                return 0
            return conn.execute(text("SELECT count(*) FROM documents")).scalar() or 0
    finally:
        engine.dispose()


def _open_archive(src: Path) -> tuple[tarfile.TarFile, dict[str, str]]:
    try:
        tar = tarfile.open(src, "r:gz")  # noqa: SIM115 (the caller closes it)
    except (tarfile.TarError, OSError) as exc:
        raise VanthuError("backup_damaged", f"{src}: {exc}") from exc
    try:
        member = tar.extractfile("manifest.json")
        manifest = json.loads(member.read()) if member else None
    except (KeyError, ValueError, tarfile.TarError, OSError) as exc:
        tar.close()
        raise VanthuError("backup_damaged", f"{src}: no manifest.json ({exc})") from exc
    if not isinstance(manifest, dict):
        tar.close()
        raise VanthuError("backup_damaged", f"{src}: manifest.json is not a table of files")
    return tar, manifest


def restore_backup(database_url: str, data: Path, src: Path, *, force: bool = False) -> dict:
    """The archive `src` (made by make_backup) into the database at `database_url` and the folder `data`."""
    url = database_url
    db_name = PG_DUMP_NAME if _kind(url) == "postgresql" else DB_NAME
    held = _documents_held(url)
    if held and not force:
        raise VanthuError("restore_would_replace", f"the database holds {held} documents")
    tar, manifest = _open_archive(src)
    with tar:
        if db_name not in manifest:
            other = "PostgreSQL" if PG_DUMP_NAME in manifest else "SQLite"
            raise VanthuError("backup_other_database", f"this backup holds a {other} database")
        with tempfile.TemporaryDirectory(dir=data) as tmp:
            for rel, sha in manifest.items():
                try:
                    member = tar.getmember(rel)
                except KeyError:
                    raise VanthuError("backup_damaged", f"{rel} is listed but missing") from None
                if not member.isfile() or rel.startswith("/") or ".." in Path(rel).parts:
                    raise VanthuError("backup_damaged", f"unsafe member: {rel}")
                target = Path(tmp) / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                fin = tar.extractfile(member)
                if fin is None:  # isfile() said it is a file
                    raise VanthuError("backup_damaged", f"{rel} cannot be read")
                with fin, open(target, "wb") as fout:
                    fout.write(fin.read())
                if _sha(target) != sha:
                    raise VanthuError("backup_damaged", f"{rel} does not match its hash")
            if db_name == PG_DUMP_NAME:
                # Every object of the dump dropped and made again, all or nothing.
                _run_pg_tool(
                    "pg_restore",
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    "--no-privileges",
                    "--single-transaction",
                    "--dbname",
                    _libpq_uri(url),
                    str(Path(tmp) / db_name),
                )
            for rel in manifest:
                if rel == PG_DUMP_NAME:
                    continue
                final = _sqlite_path(url) if rel == DB_NAME else data / rel
                final.parent.mkdir(parents=True, exist_ok=True)
                if rel == DB_NAME:
                    for suffix in ("-wal", "-shm"):
                        Path(str(final) + suffix).unlink(missing_ok=True)
                (Path(tmp) / rel).replace(final)
    return {"files": len(manifest) - 1}


def _sha(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()
