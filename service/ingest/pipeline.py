"""The chain of steps for one inbox file: hash → keep the original → read → extract → register.

Every file ends registered or quarantined. The original is copied, flushed and verified before the
inbox copy is removed, and a crash at any step is resumed on restart without registering twice:
a registered document remembers the inbox path it came from until that file is gone.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from service.errors import MESSAGES, ReadError, VanthuError
from service.ingest import edxml
from service.ingest.archive import Archive, archive_arrival
from service.ingest.correction import correct_ocr, finish_fields, learn_document
from service.ingest.files import (
    InboxFile,
    clean_stale_temps,
    durable_copy,
    original_relpath,
    remove_source,
    sha256_file,
)
from service.ingest.names import display_name, display_path, locate_source, log_safe
from service.ingest.quarantine import quarantine_file, quarantine_symlink
from service.models import DocumentOrigin, Fields, ReadResult
from service.runtime import Runtime
from service.store import audit
from service.store import documents as docs
from service.store import quarantine as qstore
from service.text.correct import Correction

log = logging.getLogger("vanthu.ingest")


@dataclass(frozen=True)
class Outcome:
    """What became of one file."""

    path: str
    status: str  # registered, resumed, quarantined, vanished; recorded, applied (edXML messages)
    document_id: int | None = None
    so_den: int | None = None
    code: str | None = None
    message: str | None = None
    year: int | None = None  # the register's year (an archived document's may be an earlier one)


def sender_of(rt: Runtime, rel: Path) -> str | None:
    """A file in inbox/<unit id>/ was sent by that unit."""
    if len(rel.parts) > 1 and rt.config.organisation.unit(display_name(rel.parts[0])):
        return display_name(rel.parts[0])
    return None


def process_file(rt: Runtime, path: Path) -> Outcome:
    """Register or quarantine one inbox file. Never raises for a bad file."""
    inbox = rt.config.inbox
    rel = path.relative_to(inbox)
    rel_s = display_path(rel)  # NFC, valid Unicode, no control characters
    sender = sender_of(rt, rel)
    try:
        if path.is_symlink():
            quarantine_symlink(rt, path, rel_s, sender)
            return Outcome(rel_s, "quarantined", code="symlink_refused", message=MESSAGES["symlink_refused"])
        if not path.is_file():
            return Outcome(rel_s, "vanished")
        sha, size = sha256_file(path)
    except FileNotFoundError:
        return Outcome(rel_s, "vanished")  # deleted between the event and the read
    return _process_bytes(rt, InboxFile(path, rel_s, sha, size, sender))


def _process_bytes(
    rt: Runtime,
    file: InboxFile,
    *,
    retry_of: int | None = None,
    keep_source: bool = False,
    archive: Archive | None = None,
) -> Outcome:
    """The chain proper. `keep_source`: the file is not the inbox's (a retry, `vanthu ingest`).
    `archive`: the file was received in the past (its arrival from its stamp or date, archive.py)."""
    with rt.store.read() as conn:
        existing = docs.find_by_sha(conn, file.sha)
    if existing:
        return _known_bytes(rt, file, existing, retry_of=retry_of, keep_source=keep_source)
    message = None  # an edXML message (service/ingest/edxml.py): registered from its header
    try:
        if edxml.is_message(file.path):
            original_rel, message = _keep_message(rt, file)
            if not message.registers:
                return _apply_message(rt, file, message, retry_of=retry_of, keep_source=keep_source)
            read, fields = edxml.read_message(rt, message, lambda r: _extract(rt, r, file.shown))
            file = replace(file, sender=message.sender_unit_id or file.sender)
        else:
            original_rel, read, correction = _keep_and_read(rt, file)
            fields = _extract(rt, read, file.shown, correction)
    except FileNotFoundError:
        return Outcome(file.shown, "vanished")
    except VanthuError as exc:
        outcome = _quarantine(rt, file, exc, retry_of=retry_of, keep_source=keep_source)
        if retry_of is None:  # its sender is told once, not at every retry
            edxml.tell_refused(rt, exc)
        return outcome
    now = rt.now()
    arrival = None
    if archive is not None:
        try:
            arrival = archive_arrival(fields, now.date(), archive)
        except VanthuError as exc:
            return _quarantine(rt, file, exc, retry_of=retry_of, keep_source=keep_source)
    new = docs.NewDocument(
        arrived_at=arrival.at if arrival else now,
        file_name=Path(file.shown).name,
        source_path=file.shown,
        sha256=file.sha,
        size=file.size,
        original_path=original_rel,
        sender_unit_id=file.sender,
        read=read,
        fields=fields,
        so_den=arrival.so_den if arrival else None,
        origin=DocumentOrigin.ARCHIVE if arrival else DocumentOrigin.INBOX,
        note=arrival.note if arrival else None,
    )
    return _register(rt, file, new, retry_of=retry_of, keep_source=keep_source, message=message)


def _known_bytes(
    rt: Runtime, file: InboxFile, existing: docs.KnownBytes, *, retry_of: int | None, keep_source: bool
) -> Outcome:
    """Bytes already registered: the end of an interrupted removal, or a duplicate to quarantine."""
    if not keep_source and existing.source_path == file.shown and not existing.source_removed:
        _finish_removal(rt, file.path, existing.id)  # a crash came between register and remove
        return Outcome(file.shown, "resumed", existing.id, existing.so_den)
    msg = (
        f"Văn bản trùng với văn bản đã đăng ký: số đến {existing.so_den}/{existing.year} "
        f"(tệp {existing.file_name})."
    )
    return _quarantine(
        rt,
        file,
        VanthuError("duplicate", f"same sha256 as document {existing.id}", msg),
        duplicate_of=existing.id,
        retry_of=retry_of,
        keep_source=keep_source,
    )


@contextmanager
def _os_errors_logged(file: InboxFile) -> Iterator[None]:
    """A disk that fails (full, gone) is logged with its code and stops the chain; a file deleted
    meanwhile is only vanished."""
    try:
        yield
    except FileNotFoundError:
        raise
    except OSError as exc:
        code = "disk_full" if exc.errno == 28 else "internal"
        log.error("code=%s file=%s detail=%s", code, file.shown, log_safe(exc))
        raise


def _keep_original(rt: Runtime, file: InboxFile) -> str:
    """The original kept (copied, flushed, verified) under its hash; its path in the data folder."""
    cfg = rt.config
    if file.size == 0:
        raise ReadError("empty_file", "0 bytes")
    if file.size > cfg.limits.max_bytes:
        raise ReadError("too_large", f"{file.size} bytes > {cfg.limits.max_bytes}")
    original_rel = original_relpath(file.sha, Path(file.shown).suffix)
    with _os_errors_logged(file):
        durable_copy(file.path, cfg.data / original_rel, file.sha)
    return original_rel


def _keep_and_read(rt: Runtime, file: InboxFile) -> tuple[str, ReadResult, Correction | None]:
    """The original kept, then read and its OCR corrected (the raw text kept beside it). Raises
    VanthuError for a file that cannot be registered."""
    original_rel = _keep_original(rt, file)
    with _os_errors_logged(file):
        read = _read(rt, rt.config.data / original_rel)
        read, correction = correct_ocr(rt, read)
    return original_rel, read, correction


def _keep_message(rt: Runtime, file: InboxFile) -> tuple[str, edxml.MessageIntake]:
    """An edXML message kept like any original, then unpacked: its attachments kept as originals too.
    Raises VanthuError (MessageRefused) for a message that cannot be taken."""
    original_rel = _keep_original(rt, file)
    with _os_errors_logged(file):
        return original_rel, edxml.open_message(rt, rt.config.data / original_rel, file.sha, original_rel)


def _apply_message(
    rt: Runtime, file: InboxFile, message: edxml.MessageIntake, *, retry_of: int | None, keep_source: bool
) -> Outcome:
    """A status, revocation or update message: it acts on the entry it names and is not registered."""
    status, object_id = edxml.apply(rt, message)
    if retry_of is not None:
        with rt.store.write() as conn:
            qstore.set_quarantine_status(conn, retry_of, qstore.QuarantineStatus.RETRIED)
    log.info("code=edxml_%s file=%s id=%s", status, file.shown, object_id)
    edxml.finish(file.path, keep_source)
    return Outcome(file.shown, status, object_id)


def _register(
    rt: Runtime,
    file: InboxFile,
    new: docs.NewDocument,
    *,
    retry_of: int | None,
    keep_source: bool,
    message: edxml.MessageIntake | None = None,
) -> Outcome:
    """The document in the register (and linked to what it answers), then the inbox copy removed."""
    with rt.store.write() as conn:
        row = docs.insert_document(conn, new)
        learn_document(rt, conn, new.read)  # a born-digital text teaches the OCR corrector
        if message is not None:  # its exchange record, and 01 and 03 to its sender
            edxml.record(conn, rt, row, message)
        _link(conn, row, new.fields, rt)
        if retry_of is not None:
            qstore.set_quarantine_status(conn, retry_of, qstore.QuarantineStatus.RETRIED)
            audit.add_audit(
                conn,
                at=rt.now(),
                actor="system",
                action="retry_registered",
                object_type="quarantine",
                object_id=retry_of,
                detail={"document_id": row["id"]},
            )
    log.info(
        "code=registered so_den=%s/%s file=%s sha256=%s format=%s origin=%s",
        row["so_den"],
        row["year"],
        file.shown,
        file.sha,
        new.read.format,
        row["origin"],
    )
    if keep_source:
        with rt.store.write() as conn:
            docs.mark_source_removed(conn, row["id"])
    else:
        _finish_removal(rt, file.path, row["id"])
    return Outcome(file.shown, "registered", row["id"], row["so_den"], year=row["year"])


def _read(rt: Runtime, original: Path) -> ReadResult:
    from service.readers import read_document_guarded

    return read_document_guarded(original, rt.config.limits)


# Extraction runs in the service process and its time grows with the text: a 9 MB one-line file
# held the watcher for half a minute. The header is at the start and the signature block and
# recipients at the end, so a very long text is analysed by its head and tail (the full text is
# still stored and searchable).
EXTRACT_HEAD_CHARS = 400_000
EXTRACT_TAIL_CHARS = 100_000
TRUNCATED_WARNING = "Văn bản rất dài: chỉ trích xuất thông tin từ phần đầu và phần cuối."


def text_for_extraction(text: str) -> tuple[str, bool]:
    """The text handed to extraction, and whether it was shortened."""
    if len(text) <= EXTRACT_HEAD_CHARS + EXTRACT_TAIL_CHARS:
        return text, False
    return text[:EXTRACT_HEAD_CHARS] + "\n\n" + text[-EXTRACT_TAIL_CHARS:], True


def _extract(rt: Runtime, read: ReadResult, rel_s: str, correction: Correction | None = None) -> Fields:
    from service.extract import extract_fields

    text, shortened = text_for_extraction(read.text)
    try:
        fields = extract_fields(
            text,
            org=rt.config.organisation,
            signatures=read.signatures,
            holidays=rt.config.holidays,
            tables=read.tables,
        )
        finish_fields(fields, correction, rt.config.organisation)  # names snapped, confidence rated
        if shortened:
            fields.warnings.append(TRUNCATED_WARNING)
        return fields
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


def _quarantine(
    rt: Runtime,
    file: InboxFile,
    exc: VanthuError,
    *,
    duplicate_of: int | None = None,
    retry_of: int | None = None,
    keep_source: bool = False,
) -> Outcome:
    log.warning("code=%s file=%s detail=%s", exc.code, file.shown, log_safe(exc.detail))
    if retry_of is not None:  # already in the quarantine: only say why again
        with rt.store.write() as conn:
            audit.add_audit(
                conn,
                at=rt.now(),
                actor="system",
                action="retry_failed",
                object_type="quarantine",
                object_id=retry_of,
                detail={"code": exc.code, "detail": exc.detail},
            )
        return Outcome(file.shown, "quarantined", code=exc.code, message=exc.message)
    quarantine_file(rt, file, exc, duplicate_of=duplicate_of, remove=not keep_source)
    return Outcome(file.shown, "quarantined", code=exc.code, message=exc.message)


def retry_quarantined(rt: Runtime, qid: int, actor: str = "system") -> Outcome:
    """Put a quarantined file back through the pipeline (after a fix, or a new reader)."""
    with rt.store.write() as conn:
        row = qstore.get_quarantine(conn, qid)
        if row is None:
            raise VanthuError("quarantine_not_found", f"quarantine {qid}")
        if row.status != qstore.QuarantineStatus.OPEN:
            raise VanthuError("quarantine_not_open", f"quarantine {qid} is {row.status}")
        audit.add_audit(
            conn, at=rt.now(), actor=actor, action="retry", object_type="quarantine", object_id=qid
        )
    stored = rt.data_path(row.stored_path)
    sha, size = sha256_file(stored)
    # A file of the archive whose day could not be read stays one: tried again, it is not "arrived today".
    archive = Archive() if row.code == "archive_no_date" else None
    file = InboxFile(stored, row.file_name, sha, size, row.sender_unit_id)
    return _process_bytes(rt, file, retry_of=qid, keep_source=True, archive=archive)


def resume_pending(rt: Runtime) -> int:
    """On start: finish removing inbox files whose document was registered just before a crash,
    and clear the temporary copies that a crash left behind."""
    cleared = clean_stale_temps(rt.config.originals, rt.config.quarantine)
    if cleared:
        log.info("code=stale_temps_removed count=%d", cleared)
    with rt.store.read() as conn:
        pending = docs.pending_source_removals(conn)
    done = 0
    for item in pending:
        # A file named to `vanthu ingest` (an absolute path) stays where it is: never remove it.
        # The stored path is the display name; the file on disk may be NFD or not UTF-8.
        external = item.source_path.startswith("/")
        candidates = [] if external else locate_source(rt.config.inbox, item.source_path)
        same = [
            p for p in candidates if p.is_file() and not p.is_symlink() and sha256_file(p)[0] == item.sha256
        ]
        if not same:
            # Gone, or another file now has that name: that one goes through the pipeline itself.
            with rt.store.write() as conn:
                docs.mark_source_removed(conn, item.id)
            continue
        _finish_removal(rt, same[0], item.id)
        done += 1
    return done


def process_external(rt: Runtime, path: Path, archive: Archive | None = None) -> Outcome:
    """A file named on the command line (`vanthu ingest`): registered or quarantined, left in place.
    `archive`: received in the past (`vanthu ingest --archive`)."""
    rel_s = "/" + display_path(Path(os.path.abspath(path)).relative_to("/"))
    try:
        if path.is_symlink():
            raise VanthuError("symlink_refused", str(path))
        sha, size = sha256_file(path)
    except (OSError, VanthuError) as exc:
        code = getattr(exc, "code", "not_found")
        return Outcome(rel_s, "failed", code=code, message=str(exc))
    return _process_bytes(rt, InboxFile(path, rel_s, sha, size), keep_source=True, archive=archive)
