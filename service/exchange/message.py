"""The edXML message (gói tin) as frozen data: what the header says, never the attachments' bytes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from service.exchange.codes import BusinessType


@dataclass(frozen=True)
class Organ:
    """A body in From/To (cơ quan gửi, nhận): its agency code and names."""

    code: str = ""  # OrganId
    name: str = ""  # OrganName
    in_charge: str = ""  # OrganizationInCharge: the body above
    address: str = ""
    email: str = ""
    telephone: str = ""
    fax: str = ""
    website: str = ""


@dataclass(frozen=True)
class DocRef:
    """A document named by another message: ResponseFor (the one answered, or a status's subject)."""

    organ_code: str = ""
    number_symbol: str = ""  # Code, "7816/VPCP-TTĐT"
    date: dt.date | None = None  # PromulgationDate
    document_id: str = ""  # "<code>,<yyyy/MM/dd>,<number/notation>"


@dataclass(frozen=True)
class Signer:
    competence: str = ""  # "TL. BỘ TRƯỞNG"
    position: str = ""
    full_name: str = ""


@dataclass(frozen=True)
class Staff:
    """StaffInfo: who at the sending body handled the message."""

    department: str = ""
    name: str = ""
    email: str = ""
    mobile: str = ""


@dataclass(frozen=True)
class Trace:
    """A TraceHeader: one hop, the body's code and its time."""

    organ_code: str
    timestamp: dt.datetime | None


@dataclass(frozen=True)
class Business:
    """Bussiness (so spelled in the samples): new, or a revocation, update or replacement."""

    document_id: str = ""
    doc_type: BusinessType = BusinessType.NEW
    reason: str = ""
    paper: bool = False  # a paper copy follows
    staff: Staff = field(default_factory=Staff)
    replaces: tuple[str, ...] = ()  # ReplacementInfo/DocumentId: what a replacement replaces


@dataclass(frozen=True)
class AttachmentRef:
    """An attachment as the manifest and AttachmentEncoded name it (the bytes travel apart)."""

    content_id: str
    name: str
    content_type: str = ""
    description: str = ""


@dataclass(frozen=True)
class DocumentHeader:
    """MessageHeader of a document message: the register data of the document."""

    sender: Organ
    receivers: tuple[Organ, ...] = ()
    document_id: str = ""
    number: str = ""  # CodeNumber
    notation: str = ""  # CodeNotation
    place: str = ""
    date: dt.date | None = None  # PromulgationDate
    type: str = ""  # DocumentType/Type
    type_detail: str = ""
    type_name: str = ""  # "Công văn"
    subject: str = ""  # trích yếu
    content: str = ""
    signer: Signer = field(default_factory=Signer)
    due_date: dt.date | None = None
    priority: str = "0"
    sphere: str = ""
    typer_notation: str = ""
    promulgation_amount: int | None = None
    page_amount: int | None = None
    direction: bool = False
    appendixes: tuple[str, ...] = ()
    response_for: tuple[DocRef, ...] = ()
    steering_type: str = "0"
    to_places: tuple[str, ...] = ()

    @property
    def number_symbol(self) -> str:
        if self.number and self.notation:
            return f"{self.number}/{self.notation}"
        return self.number or self.notation


@dataclass(frozen=True)
class DocumentMessage:
    """A document message: header, trace of hops, business info and the attachments' names."""

    header: DocumentHeader
    traces: tuple[Trace, ...] = ()
    business: Business = field(default_factory=Business)
    attachments: tuple[AttachmentRef, ...] = ()


@dataclass(frozen=True)
class StatusMessage:
    """A status message (thông điệp trạng thái): the receiver says what became of a document."""

    sender: Organ
    response_for: DocRef
    code: str  # StatusCode
    description: str = ""
    timestamp: dt.datetime | None = None
    staff: Staff = field(default_factory=Staff)


Message = DocumentMessage | StatusMessage


def document_id(organ_code: str, on: dt.date, number_symbol: str) -> str:
    """DocumentId as the samples write it: "000.00.00.G22,2015/09/30,7816/VPCP-TTĐT"."""
    return f"{organ_code},{on:%Y/%m/%d},{number_symbol}"
