"""What extraction gives: the fields of a document (số, ký hiệu, trích yếu, deadlines, references)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any


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


@dataclass(frozen=True)
class IncomingStamp:
    """The incoming stamp (dấu "CV ĐẾN") a clerk printed or wrote on a received paper: its số đến
    and its day of arrival (ngày đến), as read; a part not read is None. Not the document's own
    number (Số, ký hiệu)."""

    number: int | None = None
    date: date | None = None
    text: str = ""  # the stamp's words as read

    def to_json(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "date": self.date.isoformat() if self.date else None,
            "text": self.text,
        }

    @classmethod
    def from_json(cls, d: dict[str, Any] | None) -> IncomingStamp | None:
        if not d:
            return None
        day = d.get("date")
        return cls(
            number=d.get("number"), date=date.fromisoformat(day) if day else None, text=d.get("text", "")
        )


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
    incoming_stamp: IncomingStamp | None = None  # dấu "CV ĐẾN": số đến and ngày đến, not the number
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
            "incoming_stamp": self.incoming_stamp.to_json() if self.incoming_stamp else None,
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
            incoming_stamp=IncomingStamp.from_json(d.get("incoming_stamp")),
            confidence=dict(d.get("confidence") or {}),
            warnings=list(d.get("warnings") or []),
        )
