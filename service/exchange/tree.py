"""The parsed tree of an edXML message → the message model (service.exchange.message). No I/O.

Elements are matched by local name: the samples put AttachmentEncoded in the edXML namespace or in
none. Dates are yyyy/MM/dd and times "yyyy/MM/dd HH:mm:ss" as the samples write them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from service.errors import VanthuError
from service.exchange.codes import BusinessType
from service.exchange.message import (
    AttachmentRef,
    Business,
    DocRef,
    DocumentHeader,
    DocumentMessage,
    Message,
    Organ,
    Signer,
    Staff,
    StatusMessage,
    Trace,
)
from service.text import nfc

ROOT = "edXML"


@dataclass(frozen=True)
class Parsed:
    """A parsed message, and for each attachment (in AttachmentEncoded order) its decoded size."""

    message: Message
    encoded: tuple[tuple[AttachmentRef, int], ...] = ()


def local_name(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def child(el, name: str):
    if el is None:
        return None
    return next((c for c in el if local_name(c.tag) == name), None)


def children(el, name: str) -> list:
    return [] if el is None else [c for c in el if local_name(c.tag) == name]


def descend(el, *names: str):
    for name in names:
        el = child(el, name)
    return el


def _text(el, *names: str) -> str:
    node = descend(el, *names) if names else el
    if node is None or node.text is None:
        return ""
    return nfc(re.sub(r"\s+", " ", node.text).strip())


def parse_date(value: str) -> date | None:
    """yyyy/MM/dd as the samples write dates; ISO and dd/MM/yyyy are tolerated."""
    value = value.strip()
    for fmt in ("%Y/%m/%d", "%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(value[:10], fmt).date()
        except ValueError:
            continue
    return None


def parse_time(value: str) -> datetime | None:
    """ "yyyy/MM/dd HH:mm:ss" as the samples write times; ISO 8601 is tolerated (offset dropped)."""
    value = value.strip()
    for fmt in ("%Y/%m/%d %H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S"):
        try:
            return datetime.strptime(value[:19], fmt)
        except ValueError:
            continue
    return None


def _int(value: str) -> int | None:
    return int(value) if value.isdigit() else None


def _organ(el) -> Organ:
    names = (
        "OrganId",
        "OrganName",
        "OrganizationInCharge",
        "OrganAdd",
        "Email",
        "Telephone",
        "Fax",
        "Website",
    )
    code, name, in_charge, address, email, tel, fax, web = (_text(el, n) for n in names)
    return Organ(code, name, in_charge, address, email, tel, fax, web)


def _doc_ref(el) -> DocRef:
    return DocRef(
        organ_code=_text(el, "OrganId"),
        number_symbol=_text(el, "Code"),
        date=parse_date(_text(el, "PromulgationDate")),
        document_id=_text(el, "DocumentId"),
    )


def _staff(el) -> Staff:
    return Staff(*(_text(el, n) for n in ("Department", "Staff", "Email", "Mobile")))


def read_tree(root, sizes: tuple[int, ...] = ()) -> Parsed:
    """The message in a parsed tree. Raises VanthuError("edxml_invalid") when the header is unusable."""
    if local_name(root.tag) != ROOT:
        raise VanthuError("edxml_invalid", f"root element is <{local_name(root.tag)}>, not <edXML>")
    header = descend(root, "edXMLEnvelope", "edXMLHeader")
    if header is None:
        raise VanthuError("edxml_invalid", "no edXMLEnvelope/edXMLHeader")
    # A status message's header is MessageHeader (EXCHANGE.md) or Status (one vendor's kit): either way
    # it is the one that carries a StatusCode.
    for candidate in (child(header, "MessageHeader"), child(header, "Status")):
        if candidate is not None and child(candidate, "StatusCode") is not None:
            return Parsed(_status(candidate))
    msg = child(header, "MessageHeader")
    if msg is None:
        raise VanthuError("edxml_invalid", "no MessageHeader")
    doc = DocumentMessage(
        header=document_header(msg),
        traces=tuple(
            Trace(_text(t, "OrganId"), parse_time(_text(t, "Timestamp")))
            for t in children(child(header, "TraceHeaderList"), "TraceHeader")
        ),
        business=_business(descend(header, "TraceHeaderList", "Bussiness")),
        attachments=_manifest(root),
    )
    _check_header(doc.header)
    encoded = [
        (
            AttachmentRef(
                content_id=_text(a, "ContentId").removeprefix("cid:"),
                name=_text(a, "AttachmentName"),
                content_type=_text(a, "ContentType"),
            ),
            a,
        )
        for a in children(child(root, "AttachmentEncoded"), "Attachment")
    ]
    with_data = [(ref, el) for ref, el in encoded if child(el, "ContentTransferEncoded") is not None]
    return Parsed(doc, tuple((ref, size) for (ref, _), size in zip(with_data, sizes)))


def _status(el) -> StatusMessage:
    code = _text(el, "StatusCode")
    if not re.fullmatch(r"\d{2}", code):
        raise VanthuError("edxml_invalid", f"status code {code!r}")
    sender = _organ(child(el, "From"))
    ref = _doc_ref(child(el, "ResponseFor"))
    if not sender.code or not (ref.document_id or ref.number_symbol):
        raise VanthuError("edxml_invalid", "a status message without From/OrganId or ResponseFor")
    return StatusMessage(
        sender=sender,
        response_for=ref,
        code=code,
        description=_text(el, "Description"),
        timestamp=parse_time(_text(el, "Timestamp")),
        staff=_staff(child(el, "StaffInfo")),
    )


def document_header(msg) -> DocumentHeader:
    other = child(msg, "OtherInfo")
    signer = child(msg, "SignerInfo")
    return DocumentHeader(
        sender=_organ(child(msg, "From")),
        receivers=tuple(_organ(t) for t in children(msg, "To")),
        document_id=_text(msg, "DocumentId"),
        number=_text(msg, "Code", "CodeNumber"),
        notation=_text(msg, "Code", "CodeNotation"),
        place=_text(msg, "PromulgationInfo", "Place"),
        date=parse_date(_text(msg, "PromulgationInfo", "PromulgationDate")),
        type=_text(msg, "DocumentType", "Type"),
        type_detail=_text(msg, "DocumentType", "TypeDetail"),
        type_name=_text(msg, "DocumentType", "TypeName"),
        subject=_text(msg, "Subject"),
        content=_text(msg, "Content"),
        signer=Signer(*(_text(signer, n) for n in ("Competence", "Position", "FullName"))),
        due_date=parse_date(_text(msg, "DueDate")),
        priority=_text(other, "Priority") or "0",
        sphere=_text(other, "SphereOfPromulgation"),
        typer_notation=_text(other, "TyperNotation"),
        promulgation_amount=_int(_text(other, "PromulgationAmount")),
        page_amount=_int(_text(other, "PageAmount")),
        direction=_text(other, "Direction").lower() == "true",
        appendixes=tuple(_text(a) for a in children(child(other, "Appendixes"), "Appendix") if _text(a)),
        response_for=tuple(_doc_ref(r) for r in children(msg, "ResponseFor")),
        steering_type=_text(msg, "SteeringType") or "0",
        to_places=tuple(_text(p) for p in children(child(msg, "ToPlaces"), "Place") if _text(p)),
    )


def _check_header(h: DocumentHeader) -> None:
    """What a register entry cannot do without: who sent it, its number or notation, its date."""
    missing = [
        name
        for name, value in (
            ("From/OrganId or OrganName", h.sender.code or h.sender.name),
            ("Code", h.number_symbol),
            ("PromulgationInfo/PromulgationDate", h.date),
        )
        if not value
    ]
    if missing:
        raise VanthuError("edxml_invalid", "missing or unreadable: " + ", ".join(missing))


def _business(el) -> Business:
    if el is None:
        return Business()
    kind = _text(el, "BussinessDocType") or "0"
    try:
        doc_type = BusinessType(kind)
    except ValueError as exc:
        raise VanthuError("edxml_invalid", f"BussinessDocType {kind!r}") from exc
    infos = children(child(el, "ReplacementInfoList"), "ReplacementInfo")
    return Business(
        document_id=_text(el, "DocumentId"),
        doc_type=doc_type,
        reason=_text(el, "BussinessDocReason"),
        paper=_text(el, "Paper") == "1",
        staff=_staff(child(el, "StaffInfo")),
        replaces=tuple(_text(i, "DocumentId") for i in infos if _text(i, "DocumentId")),
    )


def _manifest(root) -> tuple[AttachmentRef, ...]:
    refs = children(descend(root, "edXMLEnvelope", "edXMLBody", "edXMLManifest"), "Reference")
    return tuple(
        AttachmentRef(
            content_id=_text(r, "ContentId").removeprefix("cid:"),
            name=_text(r, "AttachmentName"),
            content_type=_text(r, "ContentType"),
            description=_text(r, "Description"),
        )
        for r in refs
    )
