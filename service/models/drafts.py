"""Drafts (dự thảo) and what issuing one gives."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from enum import StrEnum
from typing import Any

from service.models.clock import iso


class DraftKind(StrEnum):
    """The kinds of draft Vanthu writes."""

    REPLY = "reply"  # công văn phúc đáp
    REMINDER = "reminder"  # công văn đôn đốc
    SUMMARY = "summary"  # báo cáo tổng hợp
    PLAN = "plan"  # kế hoạch triển khai


class DraftStatus(StrEnum):
    """A draft's state: written → (returned ↔ written) → signed by the leader → issued by the văn thư;
    withdrawn at any point before issuance (kept, with the audit trail)."""

    DRAFT = "draft"  # chờ ký: awaiting the leader's signature
    RETURNED = "returned"  # bị trả lại: back to the drafter with a comment
    SIGNED = "signed"  # lãnh đạo đã ký: awaiting the văn thư's number, date and seal
    ISSUED = "issued"  # đã ban hành
    WITHDRAWN = "withdrawn"  # đã rút

    @property
    def editable(self) -> bool:
        return self in (DraftStatus.DRAFT, DraftStatus.RETURNED)

    @property
    def open(self) -> bool:
        """Still on its way to issuance (what staleness is reported for)."""
        return self in (DraftStatus.DRAFT, DraftStatus.RETURNED, DraftStatus.SIGNED)


@dataclass(frozen=True)
class DraftChange:
    """What changed since a draft was built, in a clerk's words ("UBND xã Bản Bo đã nộp báo cáo …")."""

    key: str  # the unit id (or the field) that changed
    code: str  # submitted, withdrawn, resubmitted, status, added, removed, corrected
    text: str


@dataclass(frozen=True)
class Draft:
    """A draft as stored: its content (the template context), the data it was built from (`basis`),
    and where it stands."""

    id: int
    kind: DraftKind
    status: DraftStatus
    created_at: datetime
    created_by: str
    requirement_id: int | None
    document_id: int | None
    period: str | None
    context: dict[str, Any] = field(hash=False)
    basis: dict[str, Any] = field(hash=False)
    accepted_basis: dict[str, Any] | None = field(default=None, hash=False)
    docx_path: str | None = None
    xlsx_path: str | None = None
    comment: str | None = None
    outgoing_id: int | None = None
    signed_at: datetime | None = None
    signed_by: str | None = None
    signer_name: str | None = None
    signed_pdf: str | None = None

    @property
    def title_summary(self) -> str:
        return self.context.get("title_summary") or ""

    @property
    def warnings(self) -> list[str]:
        return list(self.context.get("warnings") or [])

    def to_json(self, zone: tzinfo) -> dict[str, Any]:
        """As the command line and the API show it: moments with the office's offset."""
        return {
            "id": self.id,
            "kind": str(self.kind),
            "status": str(self.status),
            "created_at": iso(self.created_at, zone),
            "created_by": self.created_by,
            "requirement_id": self.requirement_id,
            "document_id": self.document_id,
            "period": self.period,
            "docx": self.docx_path,
            "xlsx": self.xlsx_path,
            "comment": self.comment,
            "outgoing_id": self.outgoing_id,
            "signed_at": iso(self.signed_at, zone),
            "signed_by": self.signed_by,
            "signer_name": self.signer_name,
            "title_summary": self.title_summary,
            "warnings": self.warnings,
        }


@dataclass(frozen=True)
class SignerProfile:
    """Who signs (người ký): the name printed, the title the signing authority comes from, the image of
    the handwritten signature. `login` is None for a signer named only on the command line."""

    full_name: str
    login: str | None = None
    title: str | None = None  # chức vụ: "Chủ tịch", "Phó Chủ tịch", "Chánh Văn phòng"
    authority: str | None = None  # TL or TUQ where the title alone does not say
    signature_image: str | None = None  # relative to the data folder


@dataclass(frozen=True)
class IssuedDocument:
    """What issuing a draft gives (ban hành): its place in the outgoing register and its files. The
    hook for what follows issuance (sending it, edXML)."""

    outgoing_id: int
    draft_id: int
    number: int
    number_symbol: str
    issue_date: date
    issued_at: datetime
    doc_type: str
    title_summary: str
    signer_name: str
    recipients: tuple[str, ...]
    copies: int
    docx: str
    pdf: str
    demo_certificate: bool

    def to_json(self, zone: tzinfo) -> dict[str, Any]:
        return {
            "outgoing_id": self.outgoing_id,
            "draft_id": self.draft_id,
            "number_symbol": self.number_symbol,
            "date": self.issue_date.isoformat(),
            "issued_at": iso(self.issued_at, zone),
            "doc_type": self.doc_type,
            "title_summary": self.title_summary,
            "signer": self.signer_name,
            "recipients": list(self.recipients),
            "copies": self.copies,
            "docx": self.docx,
            "pdf": self.pdf,
            "demo_certificate": self.demo_certificate,
        }
