"""Quarantine (cách ly): a file that cannot be registered is kept, byte for byte, with its reason.

Layout: <data>/quarantine/<sha256[:16]>/<file name> and beside it <file name>.ly-do.txt, which says
in Vietnamese why (and the stable code for the log).
"""

from __future__ import annotations

import hashlib
import logging
import os
from pathlib import Path

from service.errors import MESSAGES, VanthuError
from service.ingest.files import InboxFile, durable_copy, fsync_dir, remove_source, temp_path
from service.ingest.names import display_name, log_safe
from service.models import iso
from service.runtime import Runtime
from service.store import quarantine as qstore
from service.text import nfc

log = logging.getLogger("vanthu.ingest")
SIDECAR = ".ly-do.txt"


def _safe_name(name: str) -> str:
    """A file name that is safe to create: NFC, no path separators or control characters."""
    name = "".join(ch if ch.isprintable() and ch not in "/\\" else "_" for ch in nfc(name))
    name = name.lstrip(".") or "tep"
    while len(name.encode("utf-8")) > 200 - len(SIDECAR.encode()):
        name = name[:-1]
    return name


def _write_sidecar(folder: Path, name: str, rel_s: str, exc: VanthuError, when: str | None) -> None:
    text = (
        f"Tệp: {rel_s}\nThời điểm: {when}\nLý do: {exc.message}\nMã lỗi: {exc.code}\nChi tiết: {exc.detail}\n"
    )
    sidecar = folder / (name + SIDECAR)
    tmp = temp_path(sidecar)
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, sidecar)
    fsync_dir(folder)


def quarantine_file(
    rt: Runtime, file: InboxFile, exc: VanthuError, *, duplicate_of: int | None = None, remove: bool = True
) -> int:
    """Copy the file into the quarantine (verified), record why, then remove it from the inbox."""
    name = _safe_name(Path(file.shown).name)
    rel_folder = f"quarantine/{file.sha[:16]}"
    folder = rt.config.data / rel_folder
    durable_copy(file.path, folder / name, file.sha)
    now = rt.now()
    _write_sidecar(folder, name, file.shown, exc, iso(now, rt.zone))
    with rt.store.write() as conn:
        qid = qstore.add_quarantine(
            conn,
            qstore.NewQuarantine(
                created_at=now,
                file_name=nfc(Path(file.shown).name),
                stored_path=f"{rel_folder}/{name}",
                sha256=file.sha,
                size=file.size,
                code=exc.code,
                message=exc.message,
                detail=exc.detail,
                duplicate_of=duplicate_of,
                sender_unit_id=file.sender,
            ),
        )
    if remove:
        remove_source(file.path)
    return qid


def quarantine_symlink(rt: Runtime, path: Path, rel_s: str, sender: str | None) -> int:
    """A symbolic link is never followed: record where it pointed and take it out of the inbox."""
    try:
        target = os.readlink(path)
    except OSError:
        target = "?"
    exc = VanthuError("symlink_refused", f"link to {display_name(target)}", MESSAGES["symlink_refused"])
    name = _safe_name(Path(rel_s).name)
    key = f"{rel_s}\0{target}".encode("utf-8", "surrogateescape")
    rel_folder = "quarantine/link-" + hashlib.sha256(key).hexdigest()[:16]
    folder = rt.config.data / rel_folder
    folder.mkdir(parents=True, exist_ok=True)
    now = rt.now()
    _write_sidecar(folder, name, rel_s, exc, iso(now, rt.zone))
    log.warning("code=symlink_refused file=%s target=%s", rel_s, log_safe(target))
    with rt.store.write() as conn:
        qid = qstore.add_quarantine(
            conn,
            qstore.NewQuarantine(
                created_at=now,
                file_name=nfc(Path(rel_s).name),
                stored_path=f"{rel_folder}/{name}{SIDECAR}",
                sha256=None,
                size=None,
                code=exc.code,
                message=exc.message,
                detail=exc.detail,
                sender_unit_id=sender,
            ),
        )
    remove_source(path)
    return qid
