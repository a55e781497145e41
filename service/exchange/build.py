"""Build edXML messages (QCVN 102:2016/BTTTT) from the message model. No I/O here.

The layout follows the public samples (EXCHANGE.md): the root `edXML` takes the namespace as its
default and its children the `edXML:` prefix; AttachmentEncoded sits beside the envelope. The
envelope is not XML-signed here (the document itself travels as a signed PDF).
"""

from __future__ import annotations

import base64
from datetime import date, datetime

from lxml import etree

from service.exchange.edxml import NS
from service.exchange.message import DocRef, DocumentHeader, DocumentMessage, Organ, Staff, StatusMessage

_NSMAP = {"edXML": NS}


def _q(name: str) -> str:
    return f"{{{NS}}}{name}"


def _sub(parent, name: str, text: str | None = None):
    el = etree.SubElement(parent, _q(name))
    if text is not None:
        el.text = text
    return el


def _fields(parent, name: str, values: dict[str, str]):
    el = _sub(parent, name)
    for key, value in values.items():
        _sub(el, key, value)
    return el


def fmt_date(d: date | None) -> str:
    return d.strftime("%Y/%m/%d") if d else ""


def fmt_time(t: datetime | None) -> str:
    return t.strftime("%Y/%m/%d %H:%M:%S") if t else ""


def _organ(parent, name: str, o: Organ) -> None:
    _fields(
        parent,
        name,
        {
            "OrganId": o.code,
            "OrganizationInCharge": o.in_charge,
            "OrganName": o.name,
            "OrganAdd": o.address,
            "Email": o.email,
            "Telephone": o.telephone,
            "Fax": o.fax,
            "Website": o.website,
        },
    )


def _staff(parent, s: Staff) -> None:
    _fields(
        parent,
        "StaffInfo",
        {"Department": s.department, "Staff": s.name, "Email": s.email, "Mobile": s.mobile},
    )


def _response_for(parent, r: DocRef) -> None:
    _fields(
        parent,
        "ResponseFor",
        {
            "OrganId": r.organ_code,
            "Code": r.number_symbol,
            "PromulgationDate": fmt_date(r.date),
            "DocumentId": r.document_id,
        },
    )


def _root():
    root = etree.Element("{%s}edXML" % NS, nsmap={None: NS, "edXML": NS})
    envelope = _sub(root, "edXMLEnvelope")
    return root, envelope, _sub(envelope, "edXMLHeader")


def _serialise(root) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def build_document(msg: DocumentMessage, contents: dict[str, bytes]) -> bytes:
    """A document message; `contents` maps each attachment's content id to its bytes."""
    root, envelope, header = _root()
    _message_header(_sub(header, "MessageHeader"), msg.header)
    _trace_list(_sub(header, "TraceHeaderList"), msg)
    manifest = _sub(_sub(envelope, "edXMLBody"), "edXMLManifest")
    manifest.set("version", "1.0")
    encoded = _sub(root, "AttachmentEncoded")
    for a in msg.attachments:
        _fields(
            manifest,
            "Reference",
            {
                "ContentId": f"cid:{a.content_id}",
                "ContentType": a.content_type,
                "Description": a.description,
                "AttachmentName": a.name,
            },
        )
        att = _fields(
            encoded,
            "Attachment",
            {"ContentId": a.content_id, "AttachmentName": a.name, "ContentType": a.content_type},
        )
        _sub(att, "ContentTransferEncoded", base64.b64encode(contents[a.content_id]).decode("ascii"))
    return _serialise(root)


def _message_header(mh, h: DocumentHeader) -> None:
    _organ(mh, "From", h.sender)
    for receiver in h.receivers:
        _organ(mh, "To", receiver)
    _sub(mh, "DocumentId", h.document_id)
    _fields(mh, "Code", {"CodeNumber": h.number, "CodeNotation": h.notation})
    _fields(mh, "PromulgationInfo", {"Place": h.place, "PromulgationDate": fmt_date(h.date)})
    _fields(mh, "DocumentType", {"Type": h.type, "TypeDetail": h.type_detail, "TypeName": h.type_name})
    _sub(mh, "Subject", h.subject)
    _sub(mh, "Content", h.content)
    signer = {
        "Competence": h.signer.competence,
        "Position": h.signer.position,
        "FullName": h.signer.full_name,
    }
    _fields(mh, "SignerInfo", signer)
    _sub(mh, "DueDate", fmt_date(h.due_date))
    other = _fields(
        mh,
        "OtherInfo",
        {
            "Priority": h.priority,
            "SphereOfPromulgation": h.sphere,
            "TyperNotation": h.typer_notation,
            "PromulgationAmount": "" if h.promulgation_amount is None else str(h.promulgation_amount),
            "PageAmount": "" if h.page_amount is None else str(h.page_amount),
            "Direction": "true" if h.direction else "false",
        },
    )
    appendixes = _sub(other, "Appendixes")
    for name in h.appendixes:
        _sub(appendixes, "Appendix", name)
    for ref in h.response_for:
        _response_for(mh, ref)
    _sub(mh, "SteeringType", h.steering_type)
    places = _sub(mh, "ToPlaces")
    for place in h.to_places:
        _sub(places, "Place", place)


def _trace_list(traces, msg: DocumentMessage) -> None:
    for t in msg.traces:
        _fields(traces, "TraceHeader", {"OrganId": t.organ_code, "Timestamp": fmt_time(t.timestamp)})
    b = msg.business
    business = _sub(traces, "Bussiness")  # so spelled in the samples
    _sub(business, "DocumentId", b.document_id or msg.header.document_id)
    _sub(business, "BussinessDocType", str(b.doc_type))
    _sub(business, "BussinessDocReason", b.reason)
    _sub(business, "Paper", "1" if b.paper else "0")
    _staff(business, b.staff)
    if b.replaces:
        infos = _sub(business, "ReplacementInfoList")
        for doc_id in b.replaces:
            _fields(infos, "ReplacementInfo", {"DocumentId": doc_id})


def build_status(msg: StatusMessage) -> bytes:
    """A status message: From (the body answering), ResponseFor, StaffInfo, StatusCode, Description,
    Timestamp, in a MessageHeader as EXCHANGE.md describes it."""
    root, _envelope, header = _root()
    mh = _sub(header, "MessageHeader")
    _organ(mh, "From", msg.sender)
    _response_for(mh, msg.response_for)
    _staff(mh, msg.staff)
    _sub(mh, "StatusCode", msg.code)
    _sub(mh, "Description", msg.description)
    _sub(mh, "Timestamp", fmt_time(msg.timestamp))
    return _serialise(root)
