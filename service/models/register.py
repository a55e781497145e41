"""The registers' entries: where an incoming or outgoing entry came from, and an outgoing one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from enum import StrEnum
from typing import Any

from service.models.clock import iso


class DocumentOrigin(StrEnum):
    """How an entry came into the incoming register."""

    INBOX = "inbox"  # arrived now: dropped into the inbox or named to `vanthu ingest`
    ARCHIVE = "archive"  # received in the past: ngày đến from its incoming stamp, else its date
    REGISTER = "register"  # a line of a register kept before (Excel), without a file


class OutgoingOrigin(StrEnum):
    """How an entry came into the outgoing register."""

    ISSUED = "issued"  # issued by Vanthu
    REGISTER = "register"  # a line of a register kept before (Excel), without a file


@dataclass(frozen=True)
class IncomingLine:
    """A line of an incoming register kept before Vanthu (sổ đăng ký văn bản đến), as read from Excel."""

    row: int
    arrived_on: date
    so_den: int
    issuer: str | None = None
    number_symbol: str | None = None
    issue_date: date | None = None
    summary: str | None = None
    doc_type: str | None = None
    recipient: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class OutgoingLine:
    """A line of an outgoing register kept before Vanthu (sổ đăng ký văn bản đi), as read from Excel."""

    row: int
    number: int
    number_symbol: str
    issue_date: date
    summary: str | None = None
    doc_type: str | None = None
    signer: str | None = None
    recipients: tuple[str, ...] = ()
    copies: int = 1
    note: str | None = None


class OutgoingStatus(StrEnum):
    """Where an entry of the outgoing register stands."""

    ISSUED = "issued"  # đã ban hành: its folder in outbox/
    ARCHIVED = "archived"  # đã lưu trữ: its folder moved into the archive


@dataclass(frozen=True)
class OutgoingEntry:
    """A line of the outgoing register (sổ đăng ký văn bản đi): Appendix IV's columns and the files."""

    id: int
    year: int
    number: int
    number_symbol: str
    issue_date: date
    issued_at: datetime
    doc_type: str | None
    title_summary: str | None
    signer: str | None
    recipients: tuple[str, ...]
    copies: int
    draft_id: int | None
    folder: str | None  # outbox/<year>/<number>-<symbol>/, or where the archive moved it
    docx_sha256: str | None
    pdf_sha256: str | None
    archived_at: datetime | None
    status: OutgoingStatus
    origin: OutgoingOrigin

    def to_json(self, zone: tzinfo) -> dict[str, Any]:
        """As the command line and the API show it: moments with the office's offset."""
        return {
            "id": self.id,
            "year": self.year,
            "number": self.number,
            "number_symbol": self.number_symbol,
            "date": self.issue_date.isoformat(),
            "issued_at": iso(self.issued_at, zone),
            "doc_type": self.doc_type,
            "title_summary": self.title_summary,
            "signer": self.signer,
            "recipients": list(self.recipients),
            "copies": self.copies,
            "draft_id": self.draft_id,
            "folder": self.folder,
            "docx_sha256": self.docx_sha256,
            "pdf_sha256": self.pdf_sha256,
            "status": str(self.status),
            "archived_at": iso(self.archived_at, zone),
        }
