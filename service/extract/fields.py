"""Turning what was read into ``Fields``: each field with a confidence, and a Vietnamese warning
for the clerk (văn thư) wherever a field could not be read."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from service.extract.dating import read_issue_date, signature_days
from service.extract.deadlines import Scope, read_deadlines
from service.extract.document import Doc
from service.extract.header import split_issuer
from service.extract.header_lines import Header
from service.extract.references import read_references
from service.extract.signature import Foot, read_addressees, stamp_signers
from service.extract.units import key_form
from service.models import Fields, Organisation, SignatureInfo, WorkCalendar
from service.text.match import has_diacritics, is_accent_poor, similarity
from service.text.names import is_whole_name
from service.text.normalize import fast_fold
from service.text.restore import restore_names

WARN = {
    "draft": "Văn bản chưa có số và ngày ban hành (có thể là dự thảo); đề nghị kiểm tra.",
    "number": "Không đọc được số, ký hiệu; đề nghị kiểm tra.",
    "number_unreadable": "Số văn bản không đọc được (có thể viết tay); đề nghị kiểm tra.",
    "number_widget": "Số văn bản lấy từ ô chữ ký số; đề nghị kiểm tra.",
    "issue_date": "Không đọc được ngày ban hành; đề nghị kiểm tra.",
    "issue_date_signature": "Ngày ban hành lấy theo thời gian ký số; đề nghị kiểm tra.",
    "issue_date_mismatch": "Ngày ban hành khác xa thời gian ký số; đề nghị kiểm tra.",
    "issuer": "Không đọc được cơ quan ban hành; đề nghị kiểm tra.",
    "doc_type": "Không xác định được loại văn bản; đề nghị kiểm tra.",
    "title_summary": "Không đọc được trích yếu; đề nghị kiểm tra.",
    "title_summary_noisy": "Trích yếu có thể lẫn ký tự nhiễu của bản quét; đề nghị kiểm tra.",
    "place": "Không đọc được địa danh ban hành; đề nghị kiểm tra.",
    "signer_name": "Không đọc được tên người ký; đề nghị kiểm tra.",
    "signer_name_completed": "Tên người ký bị cắt trên bản quét, đã bổ sung họ; đề nghị kiểm tra.",
    "recipients": "Không đọc được nơi nhận; đề nghị kiểm tra.",
}


def fill_number_and_date(fields: Fields, doc: Doc, h: Header, signatures: Sequence[SignatureInfo]) -> None:
    """Number and symbol (số, ký hiệu) and issue date; signature widgets fill the blanks an
    e-office system leaves for them, signing times corroborate or fill an unreadable day."""
    conf, warn = fields.confidence, fields.warnings
    widget_digits = [
        s.appearance_text.strip()
        for s in signatures
        if s.appearance_text and s.appearance_text.strip().isdigit()
    ]
    sig_days = signature_days(doc, signatures)
    number = h.number
    if h.number_state == "blank" and widget_digits and not h.draft_mark:
        number = widget_digits.pop(0)
        conf["number_symbol"] = 0.85
    elif h.number and h.number in widget_digits:
        widget_digits.remove(h.number)
    inferred_draft = not h.draft_mark and (
        h.number_state == "blank"
        and number is None
        and not sig_days
        and (h.day_token or "").strip() == ""
        and h.date_line is not None
    )
    fields.is_draft = h.draft_mark or inferred_draft
    if inferred_draft:
        warn.append(WARN["draft"])
    if h.symbol:
        if number and not fields.is_draft:
            fields.number_symbol = f"{number}/{h.symbol}"
            conf.setdefault("number_symbol", 0.6 if is_accent_poor(doc.text[:4000]) else 0.95)
        else:
            fields.symbol_only = "/" + h.symbol
            if not fields.is_draft:
                warn.append(WARN["number_unreadable"] if h.number_state == "unreadable" else WARN["number"])
    else:
        warn.append(WARN["number"])

    issue, how = read_issue_date(h, widget_digits, sig_days, draft=fields.is_draft)
    fields.issue_date = issue
    if issue:
        conf["issue_date"] = {"line": 0.95, "widget": 0.85, "signature": 0.55, "mismatch": 0.6}[how]
        if how == "signature":
            warn.append(WARN["issue_date_signature"])
        elif how == "mismatch":
            warn.append(WARN["issue_date_mismatch"])
    elif not fields.is_draft:
        warn.append(WARN["issue_date"])


def fill_issuer_and_place(fields: Fields, h: Header, org: Organisation | None) -> None:
    """Issuing body and parent as a register names them, and the place; the configured office's
    own names are restored where OCR lost their marks."""
    conf, warn = fields.confidence, fields.warnings
    place = h.place
    if place and org and similarity(place, org.place) >= 0.9 and not has_diacritics(place):
        place = org.place
    fields.place = place
    if place:
        conf["place"] = 0.9 if has_diacritics(place) or org else 0.6
    else:
        warn.append(WARN["place"])

    issuer, parent = split_issuer(h.issuer_lines)
    if org and h.issuer_lines:
        joined = key_form(" ".join(h.issuer_lines))
        for cand in (org.name, org.display_name):
            k = key_form(cand)
            tail = k[-len(joined) :]  # OCR may lose the first header line ("HUYEN TAM DPUONG")
            if similarity(joined, k) >= 0.9 or (len(joined) >= 8 and similarity(joined, tail) >= 0.9):
                issuer, parent = org.display_name, (parent if parent and has_diacritics(parent) else None)
                break
    if org and issuer and not has_diacritics(issuer):
        # a configured unit writing without marks ("UBND xa Khun Ha"): named as the configuration does
        key = key_form(issuer)
        for unit in org.units:
            if any(similarity(key, key_form(n)) >= 0.95 for n in (unit.name, *unit.aliases)):
                issuer = unit.name
                break
    fields.issuer, fields.parent_issuer = issuer, parent
    if issuer:
        conf["issuer"] = 0.9 if has_diacritics(issuer) else 0.6
    else:
        warn.append(WARN["issuer"])


def fill_type_and_summary(fields: Fields, h: Header, names: tuple[str, ...]) -> None:
    conf, warn = fields.confidence, fields.warnings
    fields.doc_type = h.doc_type
    if h.doc_type:
        conf["doc_type"] = 0.9 if h.type_line is not None else 0.7
    else:
        warn.append(WARN["doc_type"])
    summary = restore_names(h.summary, names) if h.summary else None
    fields.title_summary = summary
    if summary:
        conf["title_summary"] = 0.5 if h.summary_noisy else (0.9 if has_diacritics(summary) else 0.6)
        if h.summary_noisy:
            warn.append(WARN["title_summary_noisy"])
    else:
        warn.append(WARN["title_summary"])
    fields.urgency, fields.secrecy = h.urgency, h.secrecy


def fill_foot(
    fields: Fields, doc: Doc, foot: Foot, signatures: Sequence[SignatureInfo], names: tuple[str, ...]
) -> None:
    """Recipients, signing title lines and name; the addressees under the header."""
    conf, warn = fields.confidence, fields.warnings
    fields.recipients = [restore_names(r, names) for r in foot.recipients]
    fields.signer_title = foot.signer_title
    fields.signer_name = foot.signer_name
    conf["recipients"] = 0.9 if foot.recipients else 0.0
    if not foot.recipients:
        warn.append(WARN["recipients"])
    if foot.signer_name is None:
        # A personal digital signature names the signer when the scan hides the name: the
        # certificate's holder, or the stamp printed over the page ("Ký bởi: …"), when a person.
        people = [n for n in (s.signer_name.strip() for s in signatures) if n and is_whole_name(n)]
        people += stamp_signers(doc)
        if people:
            fields.signer_name = people[0]
            conf["signer_name"] = 0.7
    else:
        conf["signer_name"] = 0.5 if foot.name_completed else 0.9
        if foot.name_completed:
            warn.append(WARN["signer_name_completed"])
    if fields.signer_name is None:
        warn.append(WARN["signer_name"])
    if foot.signer_title:
        conf["signer_title"] = 0.8
    fields.addressees = [restore_names(a, names) for a in read_addressees(doc, foot.receivers_line)]


@dataclass(frozen=True)
class Layout:
    """A document's text as read: its lines, its header block and its foot (Nơi nhận, signer)."""

    doc: Doc
    header: Header
    foot: Foot


def fill_body(
    fields: Fields, layout: Layout, org: Organisation | None, holidays: WorkCalendar, names: tuple[str, ...]
) -> None:
    """References, deadlines and events, read in the body between the header and Nơi nhận."""
    doc, h, foot = layout.doc, layout.header, layout.foot
    skip = tuple(x for x in (h.number_span, h.summary_span) if x)
    fields.references = read_references(doc, fields.number_symbol, skip)
    fields.confidence["references"] = 0.6 if is_accent_poor(doc.text[:4000]) else 0.9
    body_end = doc.lines[foot.receivers_line].start if foot.receivers_line is not None else len(doc.text)
    anchor, exact = fields.issue_date, fields.issue_date is not None
    if anchor is None and h.year:
        anchor = date(h.year, _month_of(h.month_token) or 1, 1)  # a draft: its month or year
    body_start = 0
    header_end = max([x for x in (h.number_line, h.date_line, h.type_line) if x is not None], default=None)
    if header_end is not None:
        end_of_header = max(doc.lines[header_end].end, h.summary_span[1] if h.summary_span else 0)
        if end_of_header < body_end:
            body_start = end_of_header
        elif len(doc.text) - end_of_header > body_end:
            # A text layer that put the foot first: the body follows the header.
            body_start, body_end = end_of_header, len(doc.text)
    fields.deadlines, fields.events = read_deadlines(
        Scope(doc, body_start, body_end, anchor, exact, org, holidays, tuple(names))
    )
    if h.doc_type and fast_fold(h.doc_type) == "giay moi":
        # A meeting invitation sets an event; its dates are not deadlines for units to report.
        fields.deadlines = [
            d for d in fields.deadlines if d.is_report and d.date not in {e.date for e in fields.events}
        ]


def _month_of(token: str | None) -> int | None:
    digits = "".join(c for c in (token or "") if c.isdigit())
    return int(digits) if digits and 1 <= int(digits) <= 12 else None
