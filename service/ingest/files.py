"""Safe file moves: copy, flush to disk, verify the hash, and only then remove the source.

Originals are content-addressed under <data>/originals/<sha[:2]>/<sha>.<ext>: written once, never
rewritten.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

CHUNK = 1 << 20


@dataclass(frozen=True)
class InboxFile:
    """One file on its way through the pipeline (tệp đến): where its bytes are, the name it is shown
    and recorded under (NFC, inbox-relative; absolute for `vanthu ingest`), their hash and size, and
    the unit that sent it (from its inbox folder), if any."""

    path: Path
    shown: str
    sha: str
    size: int
    sender: str | None = None


def sha256_file(path: Path) -> tuple[str, int]:
    h = hashlib.sha256()
    size = 0
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            h.update(chunk)
            size += len(chunk)
    return h.hexdigest(), size


def fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def durable_copy(src: Path, dest: Path, expect_sha: str) -> None:
    """Copy src to dest atomically (temp file + rename), flushed and hash-verified.

    Raises OSError on any failure; dest then does not exist (or already held the same bytes).
    """
    dest.parent.mkdir(parents=True, exist_ok=True)
    if dest.exists():
        if sha256_file(dest)[0] == expect_sha:
            return
        raise OSError(f"{dest} exists with other content")
    tmp = temp_path(dest)
    try:
        with open(src, "rb") as fin, open(tmp, "wb") as fout:
            shutil.copyfileobj(fin, fout, CHUNK)
            fout.flush()
            os.fsync(fout.fileno())
        if sha256_file(tmp)[0] != expect_sha:
            raise OSError(f"copy of {src} does not match its hash (the source changed while copying?)")
        os.chmod(tmp, 0o444)
        os.replace(tmp, dest)
        fsync_dir(dest.parent)
    finally:
        if tmp.exists():
            tmp.unlink()


def temp_path(dest: Path) -> Path:
    """A temporary sibling of `dest` that names the writing process (see clean_stale_temps)."""
    return dest.with_name(f".{dest.name}.{os.getpid()}.tmp")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def clean_stale_temps(*folders: Path) -> int:
    """Remove temporary files left by processes that died mid-copy (kill -9, power cut)."""
    removed = 0
    for folder in folders:
        for tmp in folder.rglob(".*.tmp"):
            pid = tmp.name.rsplit(".", 2)[-2]
            if pid.isdigit() and (int(pid) == os.getpid() or _alive(int(pid))):
                continue
            try:
                tmp.unlink()
                removed += 1
            except OSError:
                pass
    return removed


def remove_source(path: Path) -> None:
    """Remove a file from the inbox once it is safely elsewhere."""
    try:
        path.unlink()
    except FileNotFoundError:
        return
    fsync_dir(path.parent)


def original_relpath(sha: str, suffix: str) -> str:
    ext = suffix.lower() if suffix and len(suffix) <= 8 and suffix[1:].isalnum() else ""
    return f"originals/{sha[:2]}/{sha}{ext}"
