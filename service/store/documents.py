"""Queries on the incoming register (sổ đăng ký văn bản đến)."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from typing import Any, Self

from sqlalchemy import Column, Connection, RowMapping, func, insert, select, update

from service.models import DocumentOrigin, Fields, ReadResult, iso
from service.store.db import insert_id
from service.store.schema import documents
from service.text.normalize import fast_fold


@dataclass(frozen=True)
class RegisterLine:
    """A line of the incoming register (sổ đăng ký văn bản đến): the decree's columns and the file's
    facts, without the text (large, and stored before the short columns)."""

    id: int
    year: int
    so_den: int
    arrived_at: datetime
    file_name: str
    format: str
    sha256: str
    size: int
    issuer: str | None
    number_symbol: str | None
    issue_date: date | None
    doc_type: str | None
    title_summary: str | None
    recipient_unit: str | None  # Đơn vị hoặc người nhận
    note: str | None  # Ghi chú
    status: str
    sender_unit_id: str | None
    ocr_confidence: float | None
    origin: DocumentOrigin

    @classmethod
    def columns(cls) -> list[Column]:
        """The columns of `documents` this row is read from, in its order."""
        return [documents.c[f.name] for f in dataclasses.fields(cls)]

    @classmethod
    def of(cls, row: RowMapping) -> Self:
        return cls(**{**row, "origin": DocumentOrigin(row["origin"] or DocumentOrigin.INBOX)})

    def to_json(self, zone: tzinfo) -> dict[str, Any]:
        """The line as JSON; moments carry the office's offset (`zone`)."""
        return {
            "id": self.id,
            "so_den": self.so_den,
            "year": self.year,
            "arrived_at": iso(self.arrived_at, zone),
            "file_name": self.file_name,
            "sha256": self.sha256,
            "size": self.size,
            "format": self.format,
            "status": self.status,
            "number_symbol": self.number_symbol,
            "issuer": self.issuer,
            "issue_date": iso(self.issue_date, zone),
            "doc_type": self.doc_type,
            "title_summary": self.title_summary,
            "sender_unit_id": self.sender_unit_id,
            "recipient_unit": self.recipient_unit,
            "ocr_confidence": self.ocr_confidence,
            "origin": str(self.origin),
            "note": self.note,
        }


@dataclass(frozen=True)
class Document(RegisterLine):
    """A registered document, whole: its register line, where its file is, its text and what was read
    of it (fields, signatures, warnings as the JSON they are stored as)."""

    source_path: str  # where it was in the inbox (crash recovery)
    source_removed: bool
    original_path: str  # relative to the data folder
    text: str
    search_text: str  # folded, lower case
    fields_json: str
    signatures_json: str
    warnings_json: str
    ocr_text: str | None  # the text as OCR read it, where `text` is its correction

    @property
    def fields(self) -> Fields:
        return Fields.from_json(json.loads(self.fields_json or "{}"))


@dataclass(frozen=True)
class NewDocument:
    arrived_at: datetime
    file_name: str
    source_path: str
    sha256: str
    size: int
    original_path: str
    sender_unit_id: str | None
    read: ReadResult
    fields: Fields
    so_den: int | None = None  # a số đến asked for (an incoming stamp's): kept if free in its year
    origin: DocumentOrigin = DocumentOrigin.INBOX
    note: str | None = None  # Ghi chú


def next_so_den(conn: Connection, year: int) -> int:
    """The next số đến of the year. Call inside a write transaction (it is serialised there)."""
    current = conn.execute(select(func.max(documents.c.so_den)).where(documents.c.year == year)).scalar()
    return (current or 0) + 1


def so_den_taken(conn: Connection, year: int, so_den: int) -> bool:
    found = conn.execute(
        select(documents.c.id).where(documents.c.year == year, documents.c.so_den == so_den)
    ).first()
    return found is not None


def insert_document(conn: Connection, doc: NewDocument) -> Document:
    """Register a document in the register of its arrival's year: the số đến asked for if that
    year has it free, else the next of the year (never one already given). Returns the row."""
    year = doc.arrived_at.year
    note = doc.note
    if doc.so_den and not so_den_taken(conn, year, doc.so_den):
        so_den = doc.so_den
    else:
        so_den = next_so_den(conn, year)
        if doc.so_den:
            taken = f"số đến {doc.so_den}/{year} trên dấu đã dùng cho văn bản khác: ghi số {so_den}"
            note = f"{note}; {taken}" if note else taken
    f = doc.fields
    ocr = [p.ocr_confidence for p in doc.read.pages if p.ocr_confidence is not None]
    values = dict(
        year=year,
        so_den=so_den,
        arrived_at=doc.arrived_at,
        file_name=doc.file_name,
        source_path=doc.source_path,
        source_removed=False,
        sha256=doc.sha256,
        size=doc.size,
        format=doc.read.format,
        original_path=doc.original_path,
        sender_unit_id=doc.sender_unit_id,
        text=doc.read.text,
        ocr_text=doc.read.ocr_text,
        search_text=build_search_text(doc.read.text, f),
        fields_json=json.dumps(f.to_json(), ensure_ascii=False),
        signatures_json=json.dumps([s.to_json() for s in doc.read.signatures], ensure_ascii=False),
        warnings_json=json.dumps(doc.read.warnings + f.warnings, ensure_ascii=False),
        ocr_confidence=(sum(ocr) / len(ocr)) if ocr else None,
        doc_type=f.doc_type,
        number_symbol=f.number_symbol,
        issuer=f.issuer,
        issue_date=f.issue_date,
        title_summary=f.title_summary,
        status="registered",
        origin=str(doc.origin),
        note=note,
    )
    row = get_document(conn, insert_id(conn, insert(documents).values(**values)))
    assert row is not None  # just inserted, in this transaction
    return row


def build_search_text(text: str, fields: Fields) -> str:
    """Folded, lower-case text for accent-blind search ("bao cao ngheo" finds "báo cáo nghèo")."""
    head = " ".join(
        filter(None, [fields.number_symbol, fields.issuer, fields.title_summary, fields.doc_type])
    )
    return fast_fold(head + "\n" + text)  # fold's result, in one pass: every file goes through


def get_document(conn: Connection, doc_id: int) -> Document | None:
    row = conn.execute(select(*Document.columns()).where(documents.c.id == doc_id)).mappings().first()
    return Document.of(row) if row else None


@dataclass(frozen=True)
class KnownBytes:
    """The registered document that holds given bytes: enough to resume its removal from the inbox
    or to name it to the clerk when the same bytes come again."""

    id: int
    so_den: int
    year: int
    file_name: str
    source_path: str
    source_removed: bool


def find_by_sha(conn: Connection, sha256: str) -> KnownBytes | None:
    columns = [documents.c[name] for name in KnownBytes.__dataclass_fields__]
    row = conn.execute(select(*columns).where(documents.c.sha256 == sha256)).first()
    return KnownBytes(*row) if row else None


@dataclass(frozen=True)
class PendingRemoval:
    """A registered document whose inbox file may still be there (a crash came before its removal)."""

    id: int
    source_path: str
    sha256: str


def find_by_shas(conn: Connection, shas: Sequence[str]) -> dict[str, KnownBytes]:
    """The registered documents with these sha256, by sha256 (one query per 500)."""
    found: dict[str, KnownBytes] = {}
    cols = [documents.c[name] for name in KnownBytes.__dataclass_fields__]
    unique = list(dict.fromkeys(shas))
    for start in range(0, len(unique), 500):
        rows = conn.execute(
            select(documents.c.sha256, *cols).where(documents.c.sha256.in_(unique[start : start + 500]))
        )
        for sha, *values in rows:
            found[sha] = KnownBytes(*values)
    return found


def mark_source_removed(conn: Connection, *doc_ids: int) -> None:
    conn.execute(update(documents).where(documents.c.id.in_(doc_ids)).values(source_removed=True))


def pending_source_removals(conn: Connection) -> list[PendingRemoval]:
    rows = conn.execute(
        select(documents.c.id, documents.c.source_path, documents.c.sha256).where(
            documents.c.source_removed.is_(False)
        )
    )
    return [PendingRemoval(*r) for r in rows]


def list_register(conn: Connection, year: int | None = None) -> list[Document]:
    q = select(*Document.columns()).order_by(documents.c.year, documents.c.so_den)
    if year is not None:
        q = q.where(documents.c.year == year)
    return [Document.of(r) for r in conn.execute(q).mappings()]


def update_fields(conn: Connection, doc_id: int, fields: Fields) -> None:
    """Store corrected fields (the caller writes the audit trail)."""
    doc = get_document(conn, doc_id)
    conn.execute(
        update(documents)
        .where(documents.c.id == doc_id)
        .values(
            fields_json=json.dumps(fields.to_json(), ensure_ascii=False),
            doc_type=fields.doc_type,
            number_symbol=fields.number_symbol,
            issuer=fields.issuer,
            issue_date=fields.issue_date,
            title_summary=fields.title_summary,
            search_text=build_search_text(doc.text if doc else "", fields),
        )
    )


def document_fields(row: Document) -> Fields:
    return row.fields
