"""Quarantine (cách ly): a file that cannot be registered is kept, byte for byte, with its reason.

Layout: <data>/quarantine/<sha256[:16]>/<file name> and beside it <file name>.ly-do.txt, which says
in Vietnamese why (and the stable code for the log). A symbolic link is never followed: only its
sidecar is kept, under quarantine/link-<hash of its name and target>/.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import Connection

from service.errors import VanthuError
from service.ingest.files import durable_copies, durable_writes
from service.ingest.names import display_name
from service.models import iso
from service.runtime import Runtime
from service.store import quarantine as qstore
from service.text import nfc

SIDECAR = ".ly-do.txt"


@dataclass(frozen=True)
class Kept:
    """Where a quarantined file (or a link's sidecar) was kept, relative to the data folder."""

    stored_path: str
    detail: str  # the reason's detail (a link's: where it pointed)


def _safe_name(name: str) -> str:
    """A file name that is safe to create: NFC, no path separators or control characters."""
    name = "".join(ch if ch.isprintable() and ch not in "/\\" else "_" for ch in nfc(name))
    name = name.lstrip(".") or "tep"
    while len(name.encode("utf-8")) > 200 - len(SIDECAR.encode()):
        name = name[:-1]
    return name


def _sidecar_text(rel_s: str, exc: VanthuError, detail: str, when: str | None) -> bytes:
    return (
        f"Tệp: {rel_s}\nThời điểm: {when}\nLý do: {exc.message}\nMã lỗi: {exc.code}\nChi tiết: {detail}\n"
    ).encode()


def link_target(path: Path) -> str:
    try:
        return display_name(os.readlink(path))
    except OSError:
        return "?"


def keep_files(
    rt: Runtime, files: Sequence[tuple[Path, str, str | None, VanthuError]], now: datetime
) -> list[Kept | OSError]:
    """Keep each (path, shown name, sha256 or None for a link, reason) in the quarantine with its
    sidecar, every copy and sidecar flushed together. Per file: where it was kept, or the error."""
    places: list[tuple[Path, str, str]] = []  # (folder, name, detail)
    for path, rel_s, sha, exc in files:
        name = _safe_name(Path(rel_s).name)
        if sha is None:
            target = link_target(path)
            key = f"{rel_s}\0{target}".encode("utf-8", "surrogateescape")
            places.append(
                (
                    rt.config.data / f"quarantine/link-{hashlib.sha256(key).hexdigest()[:16]}",
                    name,
                    f"link to {target}",
                )
            )
        else:
            places.append((rt.config.data / f"quarantine/{sha[:16]}", name, exc.detail))
    copies = [
        (i, path, folder / name, sha)
        for i, ((path, _, sha, _), (folder, name, _)) in enumerate(zip(files, places, strict=True))
        if sha is not None
    ]
    for _, _, dest, _ in copies:
        dest.parent.mkdir(parents=True, exist_ok=True)
    results: list[Kept | OSError] = [Kept("", "")] * len(files)
    for (index, *_), error in zip(copies, durable_copies([c[1:] for c in copies]), strict=True):
        if error is not None:
            results[index] = error
    writes = []
    for index, ((_, rel_s, sha, exc), (folder, name, detail)) in enumerate(zip(files, places, strict=True)):
        if isinstance(results[index], OSError):
            continue
        folder.mkdir(parents=True, exist_ok=True)
        writes.append((folder / (name + SIDECAR), _sidecar_text(rel_s, exc, detail, iso(now, rt.zone))))
        stored = folder / (name if sha is not None else name + SIDECAR)
        results[index] = Kept(str(stored.relative_to(rt.config.data)), detail)
    try:
        durable_writes(writes)
    except OSError as exc:
        return [r if isinstance(r, OSError) else exc for r in results]
    return results


@dataclass(frozen=True)
class QuarantinedFile:
    """A file that goes into the quarantine, as the clerk's row tells it: its shown name, its bytes'
    sha256 and size (None for a link, whose target is not read), its sender, why, and the document
    whose bytes it repeats."""

    rel_s: str
    sha: str | None
    size: int | None
    sender: str | None
    reason: VanthuError
    duplicate_of: int | None = None


def record(conn: Connection, kept: Kept, file: QuarantinedFile, now: datetime) -> int:
    """The quarantine row the clerk sees (one row, even when a crash made us keep it twice)."""
    return qstore.add_quarantine(
        conn,
        qstore.NewQuarantine(
            created_at=now,
            file_name=nfc(Path(file.rel_s).name),
            stored_path=kept.stored_path,
            sha256=file.sha,
            size=file.size,
            code=file.reason.code,
            message=file.reason.message,
            detail=kept.detail,
            duplicate_of=file.duplicate_of,
            sender_unit_id=file.sender,
        ),
    )
