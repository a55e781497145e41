"""The chain of steps for one inbox file: hash → keep the original → read → extract → register.

Every file ends registered or quarantined. The original is copied, flushed and verified before the
inbox copy is removed, and a crash at any step is resumed on restart without registering twice:
a registered document remembers the inbox path it came from until that file is gone.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

from service.errors import MESSAGES, ReadError, VanthuError
from service.ingest.files import durable_copy, original_relpath, remove_source, sha256_file
from service.ingest.quarantine import quarantine_file, quarantine_symlink
from service.models import Fields, ReadResult
from service.runtime import Runtime
from service.store import audit, documents as docs
from service.store import quarantine as qstore
from service.text import nfc

log = logging.getLogger("vanthu.ingest")


@dataclass(frozen=True)
class Outcome:
    """What became of one file."""

    path: str
    status: str  # registered, resumed, quarantined, vanished
    document_id: int | None = None
    so_den: int | None = None
    code: str | None = None
    message: str | None = None


def sender_of(rt: Runtime, rel: Path) -> str | None:
    """A file in inbox/<unit id>/ was sent by that unit."""
    if len(rel.parts) > 1 and rt.config.organisation.unit(nfc(rel.parts[0])):
        return nfc(rel.parts[0])
    return None


def process_file(rt: Runtime, path: Path) -> Outcome:
    """Register or quarantine one inbox file. Never raises for a bad file."""
    inbox = rt.config.inbox
    rel = path.relative_to(inbox)
    rel_s = nfc(rel.as_posix())
    sender = sender_of(rt, rel)
    try:
        if path.is_symlink():
            qid = quarantine_symlink(rt, path, rel_s, sender)
            return Outcome(rel_s, "quarantined", code="symlink_refused", message=MESSAGES["symlink_refused"])
        if not path.is_file():
            return Outcome(rel_s, "vanished")
        sha, size = sha256_file(path)
    except FileNotFoundError:
        return Outcome(rel_s, "vanished")  # deleted between the event and the read
    return _process_bytes(rt, path, rel_s, sha, size, sender)


def _process_bytes(rt: Runtime, path: Path, rel_s: str, sha: str, size: int,
                   sender: str | None, *, retry_of: int | None = None,
                   keep_source: bool = False) -> Outcome:
    """The chain proper. `keep_source`: the file is not the inbox's (a retry, `vanthu ingest`)."""
    cfg = rt.config
    with rt.store.read() as conn:
        existing = docs.find_by_sha(conn, sha)
    if existing:
        if not keep_source and existing["source_path"] == rel_s and not existing["source_removed"]:
            _finish_removal(rt, path, existing["id"])  # a crash came between register and remove
            return Outcome(rel_s, "resumed", existing["id"], existing["so_den"])
        msg = (f"Văn bản trùng với văn bản đã đăng ký: số đến {existing['so_den']}/{existing['year']} "
               f"(tệp {existing['file_name']}).")
        return _quarantine(rt, path, rel_s, sha, size, sender,
                           VanthuError("duplicate", f"same sha256 as document {existing['id']}", msg),
                           duplicate_of=existing["id"], retry_of=retry_of, keep_source=keep_source)
    try:
        if size == 0:
            raise ReadError("empty_file", "0 bytes")
        if size > cfg.limits.max_bytes:
            raise ReadError("too_large", f"{size} bytes > {cfg.limits.max_bytes}")
        original_rel = original_relpath(sha, Path(rel_s).suffix)
        durable_copy(path, cfg.data / original_rel, sha)
        read = _read(rt, cfg.data / original_rel)
    except FileNotFoundError:
        return Outcome(rel_s, "vanished")
    except VanthuError as exc:
        return _quarantine(rt, path, rel_s, sha, size, sender, exc, retry_of=retry_of,
                           keep_source=keep_source)
    except OSError as exc:
        code = "disk_full" if exc.errno == 28 else "internal"
        log.error("code=%s file=%s detail=%s", code, rel_s, exc)
        raise
    fields = _extract(rt, read, rel_s)
    now = rt.now()
    new = docs.NewDocument(arrived_at=now, file_name=nfc(Path(rel_s).name), source_path=rel_s,
                           sha256=sha, size=size, original_path=original_rel,
                           sender_unit_id=sender, read=read, fields=fields)
    with rt.store.write() as conn:
        row = docs.insert_document(conn, new)
        _link(conn, row, fields, rt)
        if retry_of is not None:
            qstore.set_quarantine_status(conn, retry_of, "retried")
            audit.add_audit(conn, at=now, actor="system", action="retry_registered",
                            object_type="quarantine", object_id=retry_of, detail={"document_id": row["id"]})
    log.info("code=registered so_den=%s/%s file=%s sha256=%s format=%s", row["so_den"], row["year"],
             rel_s, sha, read.format)
    if keep_source:
        with rt.store.write() as conn:
            docs.mark_source_removed(conn, row["id"])
    else:
        _finish_removal(rt, path, row["id"])
    return Outcome(rel_s, "registered", row["id"], row["so_den"])


def _read(rt: Runtime, original: Path) -> ReadResult:
    from service.readers import read_document_guarded

    return read_document_guarded(original, rt.config.limits)


def _extract(rt: Runtime, read: ReadResult, rel_s: str) -> Fields:
    from service.extract import extract_fields

    try:
        return extract_fields(read.text, org=rt.config.organisation, signatures=read.signatures,
                              holidays=rt.config.holidays)
    except Exception:  # a bug in extraction must not lose the file: register it, flag it
        log.exception("code=extract_failed file=%s", rel_s)
        return Fields(warnings=["Không trích xuất được thông tin; đề nghị văn thư nhập tay."])


def _link(conn, row: dict, fields: Fields, rt: Runtime) -> None:
    from service.ingest.track import link_document

    link_document(conn, row, fields, rt.config, rt.now().date())


def _finish_removal(rt: Runtime, path: Path, doc_id: int) -> None:
    remove_source(path)
    with rt.store.write() as conn:
        docs.mark_source_removed(conn, doc_id)


def _quarantine(rt: Runtime, path: Path, rel_s: str, sha: str, size: int, sender: str | None,
                exc: VanthuError, *, duplicate_of: int | None = None,
                retry_of: int | None = None, keep_source: bool = False) -> Outcome:
    log.warning("code=%s file=%s detail=%s", exc.code, rel_s, exc.detail)
    if retry_of is not None:  # already in the quarantine: only say why again
        with rt.store.write() as conn:
            audit.add_audit(conn, at=rt.now(), actor="system", action="retry_failed",
                            object_type="quarantine", object_id=retry_of,
                            detail={"code": exc.code, "detail": exc.detail})
        return Outcome(rel_s, "quarantined", code=exc.code, message=exc.message)
    quarantine_file(rt, path, rel_s, sha, size, sender, exc, duplicate_of=duplicate_of,
                    remove=not keep_source)
    return Outcome(rel_s, "quarantined", code=exc.code, message=exc.message)


def retry_quarantined(rt: Runtime, qid: int, actor: str = "system") -> Outcome:
    """Put a quarantined file back through the pipeline (after a fix, or a new reader)."""
    with rt.store.write() as conn:
        row = qstore.get_quarantine(conn, qid)
        if row is None or row["status"] != "open":
            raise VanthuError("internal", f"quarantine {qid} is not open")
        audit.add_audit(conn, at=rt.now(), actor=actor, action="retry", object_type="quarantine",
                        object_id=qid)
    stored = rt.data_path(row["stored_path"])
    sha, size = sha256_file(stored)
    return _process_bytes(rt, stored, row["file_name"], sha, size, row["sender_unit_id"], retry_of=qid,
                          keep_source=True)


def discard_quarantined(rt: Runtime, qid: int, actor: str) -> None:
    """Mark a quarantined file discarded. Its bytes stay in the quarantine folder."""
    with rt.store.write() as conn:
        qstore.set_quarantine_status(conn, qid, "discarded")
        audit.add_audit(conn, at=rt.now(), actor=actor, action="discard", object_type="quarantine",
                        object_id=qid)


def resume_pending(rt: Runtime) -> int:
    """On start: finish removing inbox files whose document was registered just before a crash."""
    with rt.store.read() as conn:
        pending = docs.pending_source_removals(conn)
    done = 0
    for item in pending:
        path = rt.config.inbox / item["source_path"]
        if path.is_file() and sha256_file(path)[0] != item["sha256"]:
            # Another file now has that name: it goes through the pipeline on its own.
            with rt.store.write() as conn:
                docs.mark_source_removed(conn, item["id"])
            continue
        _finish_removal(rt, path, item["id"])
        done += 1
    return done


def process_external(rt: Runtime, path: Path) -> Outcome:
    """A file named on the command line (`vanthu ingest`): registered or quarantined, left in place."""
    rel_s = nfc(os.path.abspath(path))
    try:
        if path.is_symlink():
            raise VanthuError("symlink_refused", str(path))
        sha, size = sha256_file(path)
    except (OSError, VanthuError) as exc:
        code = getattr(exc, "code", "not_found")
        return Outcome(rel_s, "failed", code=code, message=str(exc))
    return _process_bytes(rt, path, rel_s, sha, size, None, keep_source=True)
