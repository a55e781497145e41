"""The outbox (outbox/<year>/<number>-<symbol>/) and the dated archive, each folder with its manifest."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import uuid
from pathlib import Path
from typing import Any

from service.errors import VanthuError
from service.text import nfc

MANIFEST = "manifest.json"
log = logging.getLogger("vanthu.drafts.outbox")


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with Path(path).open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def folder_name(number_symbol: str) -> str:
    """`01/BC-UBND` → `01-BC-UBND` (NFC; no path separators)."""
    return nfc(number_symbol).replace("/", "-").replace("\\", "-")


def write_issue_folder(
    outbox: Path, year: int, number_symbol: str, docx: Path, pdf: Path, meta: dict[str, Any]
) -> tuple[Path, dict[str, str]]:
    """Copy the final .docx and the signed PDF into their folder with manifest.json (sha256 of each).
    The folder is assembled aside and renamed into place, so it is never seen half written."""
    name = folder_name(number_symbol)
    final = outbox / str(year) / name
    if final.exists():
        # The caller holds the number (unused in the register): this folder is what an issuance that
        # crashed before its commit left behind. Keep it aside for inspection rather than block the series.
        orphan = final.with_name(f".orphan-{name}-{uuid.uuid4().hex[:8]}")
        os.replace(final, orphan)
        log.warning(
            "outbox folder %s had no register entry (an interrupted issuance); moved to %s",
            final,
            orphan.name,
        )
    staging = outbox / str(year) / f".{name}.partial"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    files = {f"{name}.docx": docx, f"{name}.pdf": pdf}
    hashes = {}
    for target, source in files.items():
        shutil.copyfile(source, staging / target)
        hashes[target] = sha256_file(staging / target)
    manifest = {**meta, "number_symbol": number_symbol, "files": hashes}
    (staging / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    for p in staging.iterdir():
        with p.open("rb") as f:
            os.fsync(f.fileno())
    os.replace(staging, final)
    return final, hashes


def read_manifest(folder: Path) -> dict[str, Any]:
    return json.loads((folder / MANIFEST).read_text(encoding="utf-8"))


def verify_folder(folder: Path, expected: dict[str, str] | None = None) -> list[str]:
    """Problems with an issued folder: a missing file, or a hash that differs from the manifest (and
    from `expected`, the register's hashes, when given). Empty when all is well."""
    problems: list[str] = []
    try:
        manifest = read_manifest(folder)
    except (OSError, ValueError) as exc:
        return [f"{folder.name}: manifest unreadable: {exc}"]
    files = manifest.get("files", {})
    for name, digest in files.items():
        path = folder / name
        if not path.is_file():
            problems.append(f"{folder.name}/{name}: missing")
        elif sha256_file(path) != digest:
            problems.append(f"{folder.name}/{name}: sha256 differs from the manifest")
    for suffix, digest in (expected or {}).items():
        match = [n for n in files if n.endswith(suffix)]
        if not match or files[match[0]] != digest:
            problems.append(f"{folder.name}: {suffix} hash differs from the register")
    return problems


def move_verified(folder: Path, dest_parent: Path, expected: dict[str, str] | None = None) -> Path:
    """Move an issued folder under `dest_parent`, verifying every hash before and after the move."""
    before = verify_folder(folder, expected)
    if before:
        raise VanthuError("hash_mismatch", "; ".join(before))
    dest_parent.mkdir(parents=True, exist_ok=True)
    dest = dest_parent / folder.name
    if dest.exists():
        raise VanthuError("outbox_exists", str(dest))
    shutil.move(str(folder), dest)
    after = verify_folder(dest, expected)
    if after:
        raise VanthuError("hash_mismatch", "after the move: " + "; ".join(after))
    return dest
