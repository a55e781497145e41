"""The nouns of Vanthu, shared by every layer (pure data, no I/O)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone, tzinfo
from enum import StrEnum
from typing import Any


def office_zone(utc_offset_hours: float) -> timezone:
    """The office's clock as a fixed offset (Vietnam: +07:00, one zone nationwide, no summer time)."""
    return timezone(timedelta(hours=utc_offset_hours))


def iso(value: date | datetime | None, zone: tzinfo) -> str | None:
    """A day as YYYY-MM-DD, a moment as ISO 8601 with the office's offset (2026-12-05T21:36:58+07:00).

    Moments are stored naive in the office's wall clock; `zone` says which clock that is."""
    if value is None:
        return None
    if isinstance(value, datetime) and value.tzinfo is None:
        value = value.replace(tzinfo=zone)
    return value.isoformat()


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


Box = tuple[float, float, float, float]  # left, top, right, bottom on its page


@dataclass(frozen=True)
class Paragraph:
    """A piece of running text (đoạn văn) in reading order: a paragraph of a Word file, the text of
    a PDF page between its tables, a text block of an OCR'd page. May hold line breaks."""

    text: str
    page: int = 1  # 1-based
    box: Box | None = None  # where it is printed, when the reader knows (PDF points or image pixels)


@dataclass(frozen=True)
class Table:
    """A table (bảng) as printed: a rectangular grid of cell texts, top to bottom, left to right.

    ``rows[r][c]`` is the NFC text of grid row ``r``, column ``c`` (a cell's lines joined by
    "\n"). A cell merged across columns or rows holds its text at its top-left position and ""
    at the positions it covers, so that every row has ``width`` cells and no value is counted
    twice; ``merged`` lists those cells as (row, column, rows spanned, columns spanned).
    ``source`` says how the grid was found: "docx" (the file's own table), "pdf" (ruling lines of
    a text PDF, pdfplumber), "ocr" (the ruling lines of a scanned page, words placed by their boxes).
    """

    rows: tuple[tuple[str, ...], ...]
    page: int = 1  # 1-based page where the table starts
    source: str = "docx"
    merged: tuple[tuple[int, int, int, int], ...] = ()
    box: Box | None = None

    @property
    def width(self) -> int:
        return len(self.rows[0]) if self.rows else 0

    def column(self, index: int) -> list[str]:
        """The cells of one column, top to bottom."""
        return [row[index] for row in self.rows]

    def flat_text(self) -> str:
        """The cells row by row, each on its own lines: how a reader's ``text`` shows a table."""
        return "\n".join(cell for row in self.rows for cell in row if cell.strip())


Block = Paragraph | Table


def map_block_text(block: Block, fn: Callable[[str], str]) -> Block:
    """The block with ``fn`` applied to its text (every cell of a table): NFC, a legacy encoding."""
    if isinstance(block, Table):
        return dataclasses.replace(block, rows=tuple(tuple(fn(c) for c in row) for row in block.rows))
    return dataclasses.replace(block, text=fn(block.text))


@dataclass
class ReadResult:
    """What a reader makes of one file: NFC text and what else it could see.

    ``text`` is the whole document as one string (tables flattened cell by cell): what search, the
    register and the text rules read. ``blocks`` is the same document as a structure, in reading
    order: ``Paragraph`` and ``Table`` items, so that a table's rows and cells are not lost
    (a task table gives one deadline per row; a unit's report table can be added up). A reader
    that finds no table gives the paragraphs alone; ``blocks`` may be empty only for a reader that
    does not know its structure (then ``text`` is all there is).
    """

    text: str
    format: str  # docx, pdf_text, pdf_scanned, txt, image, doc, odt, rtf
    pages: list[PageText] = field(default_factory=list)
    signatures: list[SignatureInfo] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    encoding: str | None = None
    blocks: list[Block] = field(default_factory=list)
    ocr_text: str | None = None  # the text as OCR read it, where ``text`` is its correction

    @property
    def tables(self) -> list[Table]:
        """The tables of the document, in reading order."""
        return [b for b in self.blocks if isinstance(b, Table)]


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


# --- Where a register entry came from -----------------------------------------------------------


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


# --- The organisation (from config) --------------------------------------------------------------


@dataclass(frozen=True)
class Unit:
    """A unit (đơn vị) of the office: a bureau or a subordinate administration."""

    id: str
    name: str
    aliases: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    abbreviation: str = ""  # in công văn symbols and filing lines: UBND-LĐTBXH, "Lưu: VT, LĐTBXH"
    agency_code: str = ""  # mã định danh, for electronic exchange; stored as given


@dataclass(frozen=True)
class UnitGroup:
    id: str
    name: str  # "Các cơ quan, ban, ngành huyện"
    aliases: tuple[str, ...] = ()


# The public days off and weekend days worked of one year, from a holiday calendar (the `holidays`
# library for Vietnam in service/workdays.py).
YearDays = Callable[[int], tuple[frozenset[date], frozenset[date]]]


@dataclass(frozen=True)
class WorkCalendar:
    """The office's working days (ngày làm việc): Monday to Friday, less public holidays (ngày nghỉ
    lễ, Tết) and the days the government gives off in exchange (nghỉ bù), plus the weekend days
    worked in exchange (làm bù). `holidays` and `working_days` are the office's own (config); a
    day in `working_days` is worked whatever the public calendar says. `public` gives a year's
    public days off and weekend working days, computed once per year on first use."""

    holidays: frozenset[date] = frozenset()
    working_days: frozenset[date] = frozenset()
    public: YearDays | None = field(default=None, compare=False, repr=False)
    _years: dict[int, tuple[frozenset[date], frozenset[date]]] = field(
        default_factory=dict, compare=False, repr=False
    )

    def public_days(self, year: int) -> tuple[frozenset[date], frozenset[date]]:
        """(days off, weekend days worked) of `year` from the public calendar alone."""
        if self.public is None:
            return frozenset(), frozenset()
        if year not in self._years:
            self._years[year] = self.public(year)  # idempotent: a race computes the same value
        return self._years[year]

    def is_working_day(self, day: date) -> bool:
        if day in self.working_days:
            return True
        off, worked = self.public_days(day.year)
        if day.weekday() >= 5:
            return day in worked
        return day not in self.holidays and day not in off

    def adding(self, holidays: tuple[date, ...] | frozenset[date]) -> WorkCalendar:
        """The same calendar with more days off (a caller's own list)."""
        if not holidays:
            return self
        return WorkCalendar(self.holidays | frozenset(holidays), self.working_days, self.public, self._years)


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
    calendar: WorkCalendar | None = None  # working days: public holidays, config's additions
    parent_in_header: str = "auto"  # the parent body's line in the header: auto, always, never
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

    requirement_id: int | None  # None only for a requirement not stored (the pure tests')
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


class LinkState(StrEnum):
    """Where a submission's link to a requirement stands."""

    LINKED = "linked"  # counts as the unit's report for the period
    PROPOSED = "proposed"  # the matcher's guess, waiting for the văn thư
    REJECTED = "rejected"  # the văn thư said no: kept, not counted


@dataclass(frozen=True)
class Submission:
    """A report counted (or proposed) for a unit and period of a requirement (báo cáo đã nộp), with
    the registered document it came in (none for a report on paper) and the requirement it answers.

    Two số đến: `so_den` is the one copied into the submission when the link was made (it never
    changes, the status table reads it); `doc_so_den` is the document's own, from the join."""

    id: int
    requirement_id: int
    unit_id: str
    period: str
    document_id: int | None
    so_den: int | None
    received_on: date
    number_symbol: str | None
    on_paper: bool
    state: LinkState
    confidence: float
    note: str | None
    created_at: datetime
    # the document (None for a report on paper)
    doc_so_den: int | None
    doc_year: int | None
    issuer: str | None
    title_summary: str | None
    issue_date: date | None
    doc_number_symbol: str | None
    # the requirement
    source_number_symbol: str | None
    what: str

    def to_json(self, zone: tzinfo) -> dict[str, Any]:
        """As the API shows it: every column of the row, moments with the office's offset. The
        document's số đến keeps the key it has always had there (`so_den_1`)."""
        out: dict[str, Any] = {}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            key = "so_den_1" if f.name == "doc_so_den" else f.name
            out[key] = iso(value, zone) if isinstance(value, date) else value
        out["state"] = str(self.state)
        return out


# --- Drafts (dự thảo) and what issuing one gives ------------------------------------------------


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
