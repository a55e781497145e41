"""What a received edXML message means for the register. Pure: no I/O.

The header is the sender's own register data, so it is what the entry records; the text of the
attached document is read as well and where the two disagree (number, date) the clerk is warned.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import date

from service.exchange.codes import PRIORITY_URGENCY
from service.exchange.message import DocumentHeader, Organ
from service.models import Deadline, Fields, Organisation
from service.text import fold, nfc

PDF_TYPES = ("application/pdf",)


def office_codes(org: Organisation) -> dict[str, str | None]:
    """The office's codes: its own (→ None) and its units' (→ the unit's id)."""
    codes: dict[str, str | None] = {u.agency_code: u.id for u in org.units if u.agency_code}
    if org.agency_code:
        codes[org.agency_code] = None
    return codes


def receiver_code(receivers: tuple[Organ, ...], org: Organisation) -> str | None:
    """Which of the office's codes a message is addressed to; None when it is for another body.
    An office without a code of its own cannot tell, and takes what is put in its inbox ("")."""
    if not org.agency_code:
        return ""
    ours = office_codes(org)
    return next((r.code for r in receivers if r.code in ours), None)


def sender_unit(sender: Organ, org: Organisation) -> str | None:
    """A unit of the office that sent the message (a commune to its district), by its code."""
    return next((u.id for u in org.units if u.agency_code and u.agency_code == sender.code), None)


def signer_title(header: DocumentHeader) -> str | None:
    """ "TL. CHỦ TỊCH / CHÁNH VĂN PHÒNG", as the register writes a signing authority and position."""
    parts = [p for p in (header.signer.competence, header.signer.position) if p]
    if len(parts) == 2 and fold(parts[0]) == fold(parts[1]):
        parts = parts[:1]
    return " / ".join(parts) or None


def header_fields(header: DocumentHeader, issuer: str) -> Fields:
    """The register fields a document message's header gives (the sender's own register data)."""
    deadlines: list[Deadline] = []
    if header.due_date:
        deadlines.append(
            Deadline(
                date_or_rule=f"Hạn xử lý {header.due_date:%d/%m/%Y} (theo gói tin điện tử)",
                date=header.due_date,
                what="Giải quyết văn bản",
                confidence=1.0,
            )
        )
    type_name = nfc(header.type_name)
    return Fields(
        doc_type=type_name[:1].upper() + type_name[1:] if type_name else None,
        number_symbol=header.number_symbol or None,
        issuer=issuer or None,
        parent_issuer=header.sender.in_charge or None,
        place=header.place or None,
        issue_date=header.date,
        title_summary=header.subject or None,
        signer_name=header.signer.full_name or None,
        signer_title=signer_title(header),
        recipients=[r.name for r in header.receivers if r.name] + list(header.to_places),
        deadlines=deadlines,
        urgency=PRIORITY_URGENCY.get(header.priority),
        confidence={
            k: 1.0
            for k in ("doc_type", "number_symbol", "issuer", "issue_date", "title_summary", "signer_name")
        },
    )


def _symbol_key(value: str) -> str:
    """A number and symbol compared as a clerk would: case, accents, spaces and a leading 0 aside."""
    key = re.sub(r"\s+", "", fold(value).upper().replace("Đ", "D"))
    return re.sub(r"^0+(?=\d)", "", key)


def disagreements(header: Fields, text: Fields) -> list[str]:
    """Warnings where the header and the attached document's text say different things."""
    out = []
    hn, tn = header.number_symbol, text.number_symbol
    if hn and tn and _symbol_key(hn) != _symbol_key(tn):
        out.append(
            f"Số, ký hiệu trong gói tin ({hn}) khác với số, ký hiệu đọc được trong "
            f"văn bản đính kèm ({tn}): đề nghị văn thư kiểm tra."
        )
    if header.issue_date and text.issue_date and header.issue_date != text.issue_date:
        out.append(
            f"Ngày ban hành trong gói tin ({_vn(header.issue_date)}) khác với ngày đọc được trong văn bản "
            f"đính kèm ({_vn(text.issue_date)}): đề nghị văn thư kiểm tra."
        )
    return out


def _vn(d: date) -> str:
    return d.strftime("%d/%m/%Y")


def merge_fields(header: Fields, text: Fields | None) -> Fields:
    """The header's fields, completed by what only the text says (recipients, cited documents,
    deadlines), with a warning for each disagreement on number or date."""
    if text is None:
        return header
    merged = dataclasses.replace(
        header,
        doc_type=header.doc_type or text.doc_type,
        place=header.place or text.place,
        title_summary=header.title_summary or text.title_summary,
        signer_name=header.signer_name or text.signer_name,
        signer_title=header.signer_title or text.signer_title,
        addressees=list(text.addressees),
        recipients=list(text.recipients) or list(header.recipients),
        references=list(text.references),
        deadlines=list(header.deadlines) + list(text.deadlines),
        events=list(text.events),
        urgency=header.urgency or text.urgency,
        secrecy=text.secrecy,
        warnings=disagreements(header, text) + list(text.warnings),
    )
    return merged


def main_attachment(names: list[tuple[str, str]]) -> int | None:
    """Which attachment is the document itself: the first PDF (the signed one), else the first."""
    for i, (name, content_type) in enumerate(names):
        if name.lower().endswith(".pdf") or content_type.lower() in PDF_TYPES:
            return i
    return 0 if names else None
