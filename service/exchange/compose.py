"""Build the bytes of a journaled message from the registers: a document message from the outgoing
register and its signed PDF, a status message from the received entry it is about."""

from __future__ import annotations

import hashlib
import re
from datetime import date
from pathlib import Path

from sqlalchemy import Connection

from service.config import Config
from service.errors import VanthuError
from service.exchange.build import build_document, build_status
from service.exchange.codes import BusinessType
from service.exchange.message import (
    AttachmentRef,
    Business,
    DocRef,
    DocumentHeader,
    DocumentMessage,
    Organ,
    Signer,
    Staff,
    StatusMessage,
    Trace,
    document_id,
)
from service.exchange.outgoing import resolve_recipients
from service.exchange.tree import parse_date
from service.models import OutgoingEntry
from service.store import drafts as ds
from service.store import exchange as xs
from service.text import fold

STAFF = Staff(department="Văn thư")


def split_number_symbol(number_symbol: str) -> tuple[str, str]:
    """ "01/UBND-VP" → ("01", "UBND-VP"): CodeNumber and CodeNotation."""
    number, _, notation = number_symbol.partition("/")
    return number.strip(), notation.strip()


def parse_document_id(value: str) -> DocRef:
    """ "000.00.00.G22,2015/09/30,7816/VPCP-TTĐT" → its parts (what is missing stays empty)."""
    parts = value.split(",", 2)
    if len(parts) != 3:
        return DocRef(document_id=value)
    return DocRef(parts[0].strip(), parts[2].strip(), parse_date(parts[1]), value)


def ascii_file_name(stem: str, suffix: str) -> str:
    """The provincial rules: an attachment's name is ASCII, at most 50 characters."""
    clean = re.sub(r"[^A-Za-z0-9._-]+", "-", fold(stem, lower=False)).strip("-") or "van-ban"
    return clean[: 50 - len(suffix)] + suffix


def _office(cfg: Config, code: str | None = None) -> Organ:
    org = cfg.organisation
    return Organ(code=code or org.agency_code, name=org.name, in_charge=org.parent)


def compose(conn: Connection, cfg: Config, entry: xs.JournalEntry) -> bytes:
    if entry.kind == xs.Kind.STATUS:
        return _status(conn, cfg, entry)
    return _document(conn, cfg, entry)


def _signed_pdf(row: OutgoingEntry) -> Path:
    folder = Path(row.folder or "")
    pdfs = sorted(folder.glob("*.pdf")) if folder.is_dir() else []
    if not pdfs:
        raise VanthuError("exchange_no_pdf", f"outgoing {row.id}: no signed PDF in {folder}")
    if row.pdf_sha256 and hashlib.sha256(pdfs[0].read_bytes()).hexdigest() != row.pdf_sha256:
        raise VanthuError("hash_mismatch", f"{pdfs[0]} differs from the register")
    return pdfs[0]


def _page_count(pdf: Path) -> int | None:
    try:
        from pypdf import PdfReader

        return len(PdfReader(str(pdf)).pages)
    except Exception:  # the count is a courtesy of the header; the PDF itself was verified at issuance
        return None


def _document(conn: Connection, cfg: Config, entry: xs.JournalEntry) -> bytes:
    row = ds.get_outgoing(conn, entry.outgoing_id) if entry.outgoing_id is not None else None
    if row is None:
        raise VanthuError("exchange_unknown_outgoing", f"outgoing {entry.outgoing_id}")
    draft = ds.get_draft(conn, row.draft_id) if row.draft_id else None
    authority = ds.draft_context(draft).get("authority_lines", []) if draft else []
    ns = row.number_symbol
    number, notation = split_number_symbol(ns)
    issued_on: date = row.issue_date
    org = cfg.organisation
    pdf = _signed_pdf(row)
    _found, places = resolve_recipients(list(row.recipients), org, xs.list_agencies(conn))
    answered = xs.received_entry(conn, entry.document_id) if entry.document_id else None
    doc_id = document_id(org.agency_code, issued_on, ns)
    header = DocumentHeader(
        sender=_office(cfg),
        receivers=(Organ(code=entry.peer_code or "", name=entry.peer_name or ""),),
        document_id=doc_id,
        number=number,
        notation=notation,
        place=org.place,
        date=issued_on,
        type="1",  # an administrative document (văn bản hành chính), the reading of the samples
        type_name=row.doc_type or "",
        subject=row.title_summary or "",
        content=row.title_summary or "",
        signer=Signer(
            competence=authority[0] if len(authority) > 1 else "",
            position=authority[-1] if authority else "",
            full_name=row.signer or "",
        ),
        promulgation_amount=row.copies,
        page_amount=_page_count(pdf),
        response_for=(parse_document_id(answered.edxml_document_id),) if answered else (),
        to_places=tuple(places),
    )
    ref = AttachmentRef(
        content_id=f"{entry.message_id}-1",
        name=ascii_file_name(ns.replace("/", "-"), ".pdf"),
        content_type="application/pdf",
        description="Văn bản đã ký số",
    )
    message = DocumentMessage(
        header=header,
        traces=(Trace(org.agency_code, entry.created_at),),
        business=Business(document_id=doc_id, doc_type=BusinessType(entry.business_type or "0"), staff=STAFF),
        attachments=(ref,),
    )
    return build_document(message, {ref.content_id: pdf.read_bytes()})


def _status(conn: Connection, cfg: Config, entry: xs.JournalEntry) -> bytes:
    received = xs.received_entry(conn, entry.document_id) if entry.document_id else None
    message = StatusMessage(
        # from the code the document was sent to (one of the office's units has its own, maybe)
        sender=_office(cfg, received.receiver_code if received else None),
        response_for=parse_document_id(entry.edxml_document_id or ""),
        code=entry.status_code or "",
        description=entry.description or "",
        timestamp=entry.event_at or entry.created_at,
        staff=STAFF,
    )
    return build_status(message)
