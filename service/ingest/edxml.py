"""The edXML step of the intake: a message file becomes its header's fields and its attachments.

Not a second pipeline: the pipeline keeps the message file as an original like any file, then asks
this step to open it (in a guarded child), keep each attachment as an original, and read the main
one (the signed PDF) with the ordinary readers. A document message is then registered by the
pipeline from its header; a status, revocation or update message acts on the entry it names and is
not registered. A message refused here is quarantined by the pipeline, and its sender told (02)
when the header said who it was.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from service.errors import ReadError, VanthuError
from service.exchange import intake as ix
from service.exchange import received as rx
from service.exchange.codes import BusinessType, StatusCode
from service.exchange.edxml import looks_like_edxml
from service.exchange.message import DocumentHeader, DocumentMessage, Message, StatusMessage
from service.exchange.outgoing import StatusNotice, plan_status_to
from service.exchange.unpack import unpack_guarded
from service.ingest.files import durable_copy, original_relpath, remove_source
from service.models import Fields, ReadResult
from service.runtime import Runtime
from service.store import exchange as xs
from service.store.documents import Document, get_document

log = logging.getLogger("vanthu.ingest")
NO_SIGNATURE = "Văn bản đính kèm gói tin không có chữ ký số."
BROKEN_SIGNATURE = (
    "Chữ ký số trên văn bản đính kèm không còn nguyên vẹn (tệp bị sửa sau khi ký): đề nghị kiểm tra; "
    "văn bản không hợp lệ thì từ chối để trả lại nơi gửi."
)


class MessageRefused(VanthuError):
    """A message that cannot be taken, with its header when that could be read (to tell the sender)."""

    def __init__(self, code: str, detail: str, message: str | None = None, *, header: DocumentHeader | None):
        super().__init__(code, detail, message)
        self.header = header


@dataclass(frozen=True)
class MessageIntake:
    message: Message
    arrived: rx.Arrived
    main: Path | None = None  # the main attachment's original (absolute)
    appendices: tuple[tuple[str, Path], ...] = ()
    issuer: str = ""
    sender_unit_id: str | None = None

    @property
    def registers(self) -> bool:
        """A new document (or a replacement) becomes a register entry; the rest act on one."""
        return isinstance(self.message, DocumentMessage) and self.message.business.doc_type in (
            BusinessType.NEW,
            BusinessType.REPLACE,
        )


def is_message(path: Path) -> bool:
    """An .edxml file, or an .xml one whose root is edXML."""
    suffix = path.suffix.lower()
    if suffix == ".edxml":
        return True
    if suffix != ".xml":
        return False
    try:
        with path.open("rb") as fh:
            return looks_like_edxml(fh.read(4096))
    except OSError:
        return False


def open_message(rt: Runtime, original: Path, sha: str, original_rel: str) -> MessageIntake:
    """Unpack the message, check it is for this office, keep its attachments as originals."""
    cfg = rt.config
    work_root = cfg.data / "exchange" / "work"
    work_root.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="msg-", dir=work_root))
    try:
        unpacked = unpack_guarded(
            original, cfg.limits, work=work / "files", max_attachment_bytes=cfg.exchange.max_attachment_bytes
        )
        if unpacked.refusal:
            raise MessageRefused(*unpacked.refusal, header=unpacked.header)
        message = unpacked.message
        if isinstance(message, StatusMessage):
            return MessageIntake(message, rx.Arrived(sha, original_rel, ""))
        if message is None:  # unpack gives a message or a refusal
            raise VanthuError("edxml_invalid", "no message")
        receiver = ix.receiver_code(message.header.receivers, cfg.organisation)
        if receiver is None:
            codes = ", ".join(r.code for r in message.header.receivers) or "không có"
            raise VanthuError("edxml_not_ours", f"sent to {codes}")
        stored = [_keep(rt, f) for f in unpacked.files]
    finally:
        shutil.rmtree(work, ignore_errors=True)
    main = ix.main_attachment([(a.name, a.content_type) for a in stored])
    stored = [
        xs.StoredAttachment(
            a.name, a.content_type, a.sha256, a.size, a.original_path, "main" if i == main else "appendix"
        )
        for i, a in enumerate(stored)
    ]
    return MessageIntake(
        message,
        rx.Arrived(sha, original_rel, receiver, tuple(stored)),
        main=cfg.data / stored[main].original_path if main is not None else None,
        appendices=tuple((a.name, cfg.data / a.original_path) for a in stored if a.role == "appendix"),
        issuer=_issuer(rt, message),
        sender_unit_id=ix.sender_unit(message.header.sender, cfg.organisation),
    )


def _keep(rt: Runtime, f) -> xs.StoredAttachment:
    rel = original_relpath(f.sha256, Path(f.name).suffix)
    durable_copy(f.path, rt.config.data / rel, f.sha256)
    return xs.StoredAttachment(f.name, f.content_type, f.sha256, f.size, rel, "")


def _issuer(rt: Runtime, message: DocumentMessage) -> str:
    """The issuing body: by its code (the office's units, then the directory), else by the name given."""
    sender = message.header.sender
    unit = rt.config.organisation.unit(ix.sender_unit(sender, rt.config.organisation) or "")
    if unit:
        return unit.name
    if sender.code:
        with rt.store.read() as conn:
            agency = xs.agency_by_code(conn, sender.code)
        if agency and agency.source == "csv":
            return agency.name
    return sender.name or sender.code


def read_message(
    rt: Runtime, intake: MessageIntake, extract: Callable[[ReadResult], Fields]
) -> tuple[ReadResult, Fields]:
    """Read the main attachment like any file (text, signatures verified) and the appendices; the
    fields are the header's, completed by the text's and checked against it."""
    assert isinstance(intake.message, DocumentMessage)
    header = intake.message.header
    with rt.store.read() as conn:
        earlier = rx.duplicate_of(conn, intake.message)
        row = get_document(conn, earlier) if earlier else None
    if row:
        msg = f"Văn bản đã nhận qua liên thông và đăng ký trước đó: số đến {row.so_den}/{row.year}."
        raise VanthuError("duplicate", f"DocumentId {rx.edxml_id(intake.message)}", msg)
    read, text_fields = ReadResult(text="", format="edxml"), None
    if intake.main is not None:
        try:
            main = _read(rt, intake.main)
        except ReadError as exc:  # the document itself cannot be read: returned to its sender
            raise MessageRefused(exc.code, exc.detail, exc.message, header=header) from exc
        text_fields = extract(main)
        read = ReadResult(
            text=main.text,
            format="edxml",
            pages=main.pages,
            blocks=list(main.blocks),
            signatures=list(main.signatures),
            warnings=list(main.warnings) + _signature_warnings(main),
        )
    else:
        read.warnings.append("Gói tin không có tệp đính kèm: chỉ có thông tin văn bản.")
    for name, path in intake.appendices:
        try:
            extra = _read(rt, path)
        except ReadError as exc:
            read.warnings.append(f"Không đọc được tệp đính kèm {name}: {exc.message}")
            continue
        read.text += f"\n\n— {name} —\n{extra.text}"
        read.signatures.extend(extra.signatures)
    fields = ix.merge_fields(ix.header_fields(header, intake.issuer), text_fields)
    return read, fields


def _read(rt: Runtime, path: Path) -> ReadResult:
    from service.readers import read_document_guarded

    return read_document_guarded(path, rt.config.limits)


def _signature_warnings(read: ReadResult) -> list[str]:
    if read.format.startswith("pdf") and not read.signatures:
        return [NO_SIGNATURE]
    if any(s.intact is False for s in read.signatures):
        return [BROKEN_SIGNATURE]
    return []


def record(conn, rt: Runtime, row: Document, intake: MessageIntake) -> None:
    """Inside the registering transaction: the exchange record, and 01 and 03 to the sender."""
    assert isinstance(intake.message, DocumentMessage)
    rx.record_registered(conn, rt.config, row, intake.message, intake.arrived, now=rt.now())


def apply(rt: Runtime, intake: MessageIntake) -> tuple[str, int | None]:
    """A status, revocation or update message: act on what it names. Returns (status, id)."""
    now = rt.now()
    with rt.store.write() as conn:
        if xs.message_by_id(conn, rx.journal_id(intake.arrived.sha256)):
            return "resumed", None  # done before a crash; only the inbox file was left
        if isinstance(intake.message, StatusMessage):
            return "recorded", rx.apply_status(conn, rt.config, intake.message, intake.arrived, now=now)
        fields = ix.header_fields(intake.message.header, intake.issuer)
        return "applied", rx.apply_change(conn, rt.config, intake.message, intake.arrived, fields, now=now)


def tell_refused(rt: Runtime, exc: VanthuError) -> None:
    """After a refused message is quarantined: 02 to its sender, when its header said who that is
    and that it was meant for this office."""
    header = getattr(exc, "header", None)
    if header is None or not header.sender.code:
        return
    if ix.receiver_code(header.receivers, rt.config.organisation) is None:
        return
    doc_id = header.document_id or header.number_symbol
    with rt.store.write() as conn:
        plan_status_to(
            conn,
            rt.config,
            StatusNotice(
                sender=(header.sender.code, header.sender.name),
                edxml_document_id=doc_id,
                code=StatusCode.REFUSED,
                description=f"Từ chối tiếp nhận: {exc.message}",
            ),
            now=rt.now(),
        )
    log.info(
        "code=exchange_refused_at_door to=%s document_id=%s reason=%s", header.sender.code, doc_id, exc.code
    )


def finish(path: Path, keep_source: bool) -> None:
    if not keep_source:
        remove_source(path)


def describe_message(path: Path, *, org, limits, holidays=(), max_attachment_bytes: int = 50 * 2**20) -> dict:
    """`vanthu extract` on a message: its fields like any document's (the header's, checked against
    the main attachment's text), nothing registered. Raises VanthuError for a refused message."""
    from service.extract import extract_document
    from service.readers import read_document_guarded

    with tempfile.TemporaryDirectory(prefix="vanthu-edxml-") as tmp:
        unpacked = unpack_guarded(
            path, limits, work=Path(tmp) / "files", max_attachment_bytes=max_attachment_bytes
        )
        if unpacked.refusal:
            raise VanthuError(*unpacked.refusal)
        message = unpacked.message
        if message is None:
            raise VanthuError("edxml_invalid", "no message")
        if isinstance(message, StatusMessage):
            return {
                "format": "edxml",
                "message_kind": "status",
                "from": message.sender.code,
                "status_code": message.code,
                "description": message.description,
                "response_for": message.response_for.document_id or message.response_for.number_symbol,
                "warnings": [],
            }
        files = list(unpacked.files)
        main = ix.main_attachment([(f.name, f.content_type) for f in files])
        read = read_document_guarded(files[main].path, limits) if main is not None else None
        text_fields = extract_document(read, org=org, holidays=holidays) if read else None
    h = message.header
    fields = ix.merge_fields(ix.header_fields(h, h.sender.name or h.sender.code), text_fields)
    out = fields.to_json()
    out.update(
        format="edxml",
        message_kind="document",
        signatures=[s.to_json() for s in read.signatures] if read else [],
        warnings=(read.warnings + _signature_warnings(read) if read else []) + out["warnings"],
        edxml={
            "document_id": h.document_id,
            "from": {"code": h.sender.code, "name": h.sender.name},
            "to": [{"code": r.code, "name": r.name} for r in h.receivers],
            "business_type": str(message.business.doc_type),
            "due_date": h.due_date.isoformat() if h.due_date else None,
            "priority": h.priority,
            "response_for": [r.document_id or r.number_symbol for r in h.response_for],
            "attachments": [f.name for f in files],
        },
    )
    return out
