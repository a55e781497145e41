"""`vanthu backup` / `vanthu restore`: the database and the data folder's files in one tar archive.

The SQLite database is copied with SQLite's online backup API (consistent while the service runs);
every file is listed with its sha256 in manifest.json and verified on restore.
"""

from __future__ import annotations

import hashlib
import io
import json
import sqlite3
import tarfile
import tempfile
from pathlib import Path

from service.config import Config
from service.runtime import Runtime

FOLDERS = ("originals", "quarantine", "drafts", "archive")
DB_NAME = "vanthu.db"


def _sqlite_path(url: str) -> Path:
    if not url.startswith("sqlite:///"):
        raise ValueError("backup of a non-SQLite database: use the database's own tools (pg_dump)")
    return Path(url[len("sqlite:///"):])


def make_backup(rt: Runtime, dest: Path) -> dict:
    data = rt.config.data
    manifest: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as tmp:
        db_copy = Path(tmp) / DB_NAME
        src = sqlite3.connect(_sqlite_path(rt.config.database_url))
        out = sqlite3.connect(db_copy)
        with out:
            src.backup(out)
        src.close()
        out.close()
        tmp_dest = dest.with_name(dest.name + ".part")
        with tarfile.open(tmp_dest, "w:gz") as tar:
            tar.add(db_copy, arcname=DB_NAME)
            manifest[DB_NAME] = _sha(db_copy)
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
    return {"files": len(manifest) - 1, "database_bytes": db_copy.stat().st_size if db_copy.exists() else 0}


def restore_backup(cfg: Config, src: Path, *, force: bool = False) -> dict:
    db_path = _sqlite_path(cfg.database_url)
    if db_path.exists() and not force:
        con = sqlite3.connect(db_path)
        try:
            n = con.execute("select count(*) from documents").fetchone()[0]
        except sqlite3.OperationalError:
            n = 0
        con.close()
        if n:
            raise SystemExit(f"{db_path} already holds {n} documents: use --force to replace it")
    with tarfile.open(src, "r:gz") as tar:
        manifest = json.loads(tar.extractfile("manifest.json").read())
        with tempfile.TemporaryDirectory(dir=cfg.data) as tmp:
            for rel, sha in manifest.items():
                member = tar.getmember(rel)
                if not member.isfile() or rel.startswith("/") or ".." in Path(rel).parts:
                    raise SystemExit(f"unsafe member in backup: {rel}")
                target = Path(tmp) / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                with tar.extractfile(member) as fin, open(target, "wb") as fout:
                    fout.write(fin.read())
                if _sha(target) != sha:
                    raise SystemExit(f"backup damaged: {rel} does not match its hash")
            for rel in manifest:
                final = (db_path if rel == DB_NAME else cfg.data / rel)
                final.parent.mkdir(parents=True, exist_ok=True)
                for suffix in ("-wal", "-shm"):
                    if rel == DB_NAME:
                        Path(str(final) + suffix).unlink(missing_ok=True)
                (Path(tmp) / rel).replace(final)
    return {"files": len(manifest) - 1}


def _sha(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()
