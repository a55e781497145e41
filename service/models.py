"""The nouns of Vanthu, shared by every layer (pure data, no I/O)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

# --- What a reader gives -------------------------------------------------------------------


@dataclass(frozen=True)
class SignatureInfo:
    """A digital signature (chữ ký số) found in a PDF."""

    field_name: str = ""
    signer_name: str = ""
    organisation: str = ""
    signing_time: datetime | None = None
    intact: bool | None = None  # the signed bytes are unchanged
    covers_whole_file: bool | None = None
    appearance_text: str = ""  # text drawn in the signature field (often the number and day)
    detail: str = ""

    def to_json(self) -> dict[str, Any]:
        d = dataclasses.asdict(self)
        d["signing_time"] = self.signing_time.isoformat() if self.signing_time else None
        return d


@dataclass(frozen=True)
class PageText:
    number: int  # 1-based
    text: str
    source: str = "text"  # "text" (text layer), "ocr", "widget"
    ocr_confidence: float | None = None  # tesseract's mean word confidence, 0–100


@dataclass
class ReadResult:
    """What a reader makes of one file: NFC text and what else it could see."""

    text: str
    format: str  # docx, pdf_text, pdf_scanned, txt, image, doc, odt, rtf
    pages: list[PageText] = field(default_factory=list)
    signatures: list[SignatureInfo] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    encoding: str | None = None


# --- What extraction gives -------------------------------------------------------------------


@dataclass
class Reference:
    """A cited document (văn bản được dẫn chiếu)."""

    text: str
    number_symbol: str | None = None
    doc_type: str | None = None
    date: date | None = None
    issuer: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "number_symbol": self.number_symbol,
            "doc_type": self.doc_type,
            "date": self.date.isoformat() if self.date else None,
            "issuer": self.issuer,
        }


@dataclass
class Deadline:
    """A deadline (thời hạn): who must do or send what, to whom, by when, once or recurring."""

    date_or_rule: str
    date: date | None = None
    what: str = ""
    who: str = ""
    to_whom: str = ""
    recurrence: str | None = None  # yearly, quarterly, monthly, weekly
    rule: dict[str, Any] | None = None  # e.g. {"day": 10, "month": 11} for a yearly rule
    unit_ids: list[str] = field(default_factory=list)
    lead_unit_ids: list[str] = field(default_factory=list)
    group_ids: list[str] = field(default_factory=list)
    is_report: bool = False  # asks units to send something
    confidence: float = 0.5

    def to_json(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "date_or_rule": self.date_or_rule,
            "date": self.date.isoformat() if self.date else None,
            "what": self.what,
            "who": self.who,
            "to_whom": self.to_whom,
        }
        if self.recurrence:
            d["recurrence"] = self.recurrence
        if self.rule:
            d["rule"] = self.rule
        d.update(
            unit_ids=self.unit_ids,
            lead_unit_ids=self.lead_unit_ids,
            group_ids=self.group_ids,
            is_report=self.is_report,
            confidence=round(self.confidence, 2),
        )
        return d


@dataclass
class Event:
    """A meeting or other dated event (giấy mời): not a deadline."""

    when: str
    date: date | None = None
    what: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"when": self.when, "date": self.date.isoformat() if self.date else None, "what": self.what}


HEADER_FIELDS = (
    "doc_type",
    "number_symbol",
    "issuer",
    "parent_issuer",
    "place",
    "issue_date",
    "title_summary",
    "signer_name",
    "signer_title",
)


@dataclass
class Fields:
    """What a clerk writes down about a document. A field that cannot be read is None."""

    doc_type: str | None = None
    number_symbol: str | None = None
    symbol_only: str | None = None  # a draft's "/KH-UBND"
    issuer: str | None = None
    parent_issuer: str | None = None
    place: str | None = None
    issue_date: date | None = None
    title_summary: str | None = None
    addressees: list[str] = field(default_factory=list)
    signer_name: str | None = None
    signer_title: str | None = None
    recipients: list[str] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    deadlines: list[Deadline] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    urgency: str | None = None
    secrecy: str | None = None
    is_draft: bool = False
    confidence: dict[str, float] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The corpus schema (../shared/corpus/README.md) plus Vanthu's own extras."""
        return {
            "doc_type": self.doc_type,
            "number_symbol": self.number_symbol,
            "symbol_only": self.symbol_only,
            "issuer": self.issuer,
            "parent_issuer": self.parent_issuer,
            "place": self.place,
            "issue_date": self.issue_date.isoformat() if self.issue_date else None,
            "title_summary": self.title_summary,
            "addressees": list(self.addressees),
            "signer_name": self.signer_name,
            "signer_title": self.signer_title,
            "recipients": list(self.recipients),
            "deadlines": [d.to_json() for d in self.deadlines],
            "references": [r.text for r in self.references],
            "reference_details": [r.to_json() for r in self.references],
            "events": [e.to_json() for e in self.events],
            "urgency": self.urgency,
            "secrecy": self.secrecy,
            "is_draft": self.is_draft,
            "confidence": {k: round(v, 2) for k, v in self.confidence.items()},
            "warnings": list(self.warnings),
        }

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Fields:
        def _d(v: str | None) -> date | None:
            return date.fromisoformat(v) if v else None

        return cls(
            doc_type=d.get("doc_type"),
            number_symbol=d.get("number_symbol"),
            symbol_only=d.get("symbol_only"),
            issuer=d.get("issuer"),
            parent_issuer=d.get("parent_issuer"),
            place=d.get("place"),
            issue_date=_d(d.get("issue_date")),
            title_summary=d.get("title_summary"),
            addressees=list(d.get("addressees") or []),
            signer_name=d.get("signer_name"),
            signer_title=d.get("signer_title"),
            recipients=list(d.get("recipients") or []),
            references=[
                Reference(
                    text=r["text"],
                    number_symbol=r.get("number_symbol"),
                    doc_type=r.get("doc_type"),
                    date=_d(r.get("date")),
                    issuer=r.get("issuer"),
                )
                for r in d.get("reference_details") or []
            ],
            deadlines=[
                Deadline(
                    date_or_rule=x["date_or_rule"],
                    date=_d(x.get("date")),
                    what=x.get("what", ""),
                    who=x.get("who", ""),
                    to_whom=x.get("to_whom", ""),
                    recurrence=x.get("recurrence"),
                    rule=x.get("rule"),
                    unit_ids=list(x.get("unit_ids") or []),
                    lead_unit_ids=list(x.get("lead_unit_ids") or []),
                    group_ids=list(x.get("group_ids") or []),
                    is_report=bool(x.get("is_report")),
                    confidence=float(x.get("confidence", 0.5)),
                )
                for x in d.get("deadlines") or []
            ],
            events=[
                Event(when=e["when"], date=_d(e.get("date")), what=e.get("what", ""))
                for e in d.get("events") or []
            ],
            urgency=d.get("urgency"),
            secrecy=d.get("secrecy"),
            is_draft=bool(d.get("is_draft")),
            confidence=dict(d.get("confidence") or {}),
            warnings=list(d.get("warnings") or []),
        )


# --- The organisation (from config) --------------------------------------------------------------


@dataclass(frozen=True)
class Unit:
    """A unit (đơn vị) of the office: a bureau or a subordinate administration."""

    id: str
    name: str
    aliases: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    agency_code: str = ""  # mã định danh, for electronic exchange; stored as given


@dataclass(frozen=True)
class UnitGroup:
    id: str
    name: str  # "Các cơ quan, ban, ngành huyện"
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Organisation:
    """The office that runs Vanthu; what extraction and drafting need to know of it."""

    name: str  # "Ủy ban nhân dân huyện Tam Đường"
    short_name: str  # "UBND" (symbol body)
    display_name: str  # "UBND huyện Tam Đường"
    parent: str  # "Ủy ban nhân dân tỉnh Lai Châu"
    place: str  # "Tam Đường"
    units: tuple[Unit, ...] = ()
    groups: tuple[UnitGroup, ...] = ()
    holidays: tuple[date, ...] = ()
    agency_code: str = ""  # mã định danh (QĐ 20/2020/QĐ-TTg), stored as given

    def unit(self, unit_id: str) -> Unit | None:
        return next((u for u in self.units if u.id == unit_id), None)

    def units_in_group(self, group_id: str) -> list[Unit]:
        return [u for u in self.units if group_id in u.groups]


# --- Tracking (theo dõi) ------------------------------------------------------------------------

STATUSES = ("not_due", "due_soon", "on_time", "late", "overdue")


@dataclass
class Requirement:
    """A reporting requirement: units must send `what` to `to_whom` by a date or on a recurrence."""

    id: int | None
    source_document_id: int | None
    source_number_symbol: str | None
    what: str
    to_whom: str = ""
    recurrence: str | None = None  # None (once), yearly, quarterly, monthly, weekly
    due_date: date | None = None  # the one date, or the first one of a recurrence
    rule: dict[str, Any] | None = None  # e.g. {"day": 10, "month": 11}
    end_date: date | None = None  # last period ends on/before this
    unit_ids: list[str] = field(default_factory=list)
    confirmed: bool = False
    closed: bool = False
    source_title: str | None = None  # the source document's summary (trích yếu), for matching
    proposed: bool = False  # found by extraction, not entered by a clerk


@dataclass
class StatusRow:
    """The status of one unit for one period of one requirement."""

    requirement_id: int
    source_number_symbol: str | None
    what: str
    period: str  # "2023", "2023-Q1", "2023-05", "2023-W07", or "once"
    due_date: date | None
    unit_id: str
    unit_name: str
    status: str  # one of STATUSES
    submission_so_den: int | None = None
    submission_number_symbol: str | None = None
    submission_date: date | None = None
    submission_document_id: int | None = None
    proposed_links: int = 0  # submissions waiting for the clerk to confirm

    def to_json(self) -> dict[str, Any]:
        d = dataclasses.asdict(self)
        for k in ("due_date", "submission_date"):
            d[k] = d[k].isoformat() if d[k] else None
        return d
