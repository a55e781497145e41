"""Extraction (trích xuất): text in, the fields a clerk writes down out. Pure: no I/O, no config.

    extract_fields(text, org=..., signatures=..., holidays=...) -> Fields
"""

from __future__ import annotations

from datetime import date
from typing import Sequence

from service.extract.dating import read_issue_date, signature_days
from service.extract.deadlines import read_deadlines
from service.extract.document import Doc
from service.extract.header import read_header, split_issuer
from service.extract.references import read_references
from service.extract.signature import read_addressees, read_foot
from service.extract.units import configured_names, key_form
from service.models import Fields, Organisation, SignatureInfo
from service.text.match import has_diacritics, is_title_case_name, similarity
from service.text.normalize import fast_fold
from service.text.restore import restore_names

__all__ = ["extract_fields"]

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


def extract_fields(text: str, *, org: Organisation | None = None,
                   signatures: Sequence[SignatureInfo] = (),
                   holidays: Sequence[date] = ()) -> Fields:
    """Read the fields of one document's text. A field that cannot be read is None and carries a
    warning; each field read carries a confidence in ``Fields.confidence``."""
    doc = Doc.from_text(text)
    fields = Fields()
    conf = fields.confidence
    warn = fields.warnings
    names = tuple(configured_names(org))
    holidays = tuple(holidays) + (tuple(org.holidays) if org else ())

    h = read_header(doc)
    ocr_like = not has_diacritics(doc.text[:4000])

    # Number and symbol (số, ký hiệu), filled from a signature widget where the text left it blank.
    widget_digits = [s.appearance_text.strip() for s in signatures
                     if s.appearance_text and s.appearance_text.strip().isdigit()]
    sig_days = signature_days(doc, signatures)
    number = h.number
    if h.number_state == "blank" and widget_digits and not h.draft_mark:
        number = widget_digits.pop(0)
        conf["number_symbol"] = 0.85
    elif h.number and h.number in widget_digits:
        widget_digits.remove(h.number)
    inferred_draft = not h.draft_mark and (
        h.number_state == "blank" and number is None and not sig_days
        and (h.day_token or "").strip() == "" and h.date_line is not None)
    fields.is_draft = h.draft_mark or inferred_draft
    if inferred_draft:
        warn.append(WARN["draft"])
    if h.symbol:
        if number and not fields.is_draft:
            fields.number_symbol = f"{number}/{h.symbol}"
            conf.setdefault("number_symbol", 0.6 if ocr_like else 0.95)
        else:
            fields.symbol_only = "/" + h.symbol
            if not fields.is_draft:
                warn.append(WARN["number_unreadable"] if h.number_state == "unreadable" else WARN["number"])
    else:
        warn.append(WARN["number"])

    # Issue date from the place-and-date line; signatures corroborate or fill it.
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

    # Place.
    place = h.place
    if place and org and similarity(place, org.place) >= 0.9 and not has_diacritics(place):
        place = org.place
    fields.place = place
    if place:
        conf["place"] = 0.9 if has_diacritics(place) or org else 0.6
    else:
        warn.append(WARN["place"])

    # Issuing body and its parent, as a register names them.
    issuer, parent = split_issuer(h.issuer_lines)
    if org and h.issuer_lines:
        joined = key_form(" ".join(h.issuer_lines))
        for cand in (org.name, org.display_name):
            k = key_form(cand)
            tail = k[-len(joined):]  # OCR may lose the first header line ("HUYEN TAM DPUONG")
            if similarity(joined, k) >= 0.9 or (len(joined) >= 8 and similarity(joined, tail) >= 0.9):
                issuer, parent = org.display_name, (parent if parent and has_diacritics(parent) else None)
                break
    fields.issuer, fields.parent_issuer = issuer, parent
    if issuer:
        conf["issuer"] = 0.9 if has_diacritics(issuer) else 0.6
    else:
        warn.append(WARN["issuer"])

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

    # Foot: recipients, signing title lines and name; addressees under the header.
    foot = read_foot(doc)
    fields.recipients = [restore_names(r, names) for r in foot.recipients]
    fields.signer_title = foot.signer_title
    fields.signer_name = foot.signer_name
    conf["recipients"] = 0.9 if foot.recipients else 0.0
    if not foot.recipients:
        warn.append(WARN["recipients"])
    if foot.signer_name is None:
        # A personal digital signature names the signer when the scan hides the name.
        people = [s.signer_name.strip() for s in signatures
                  if s.signer_name and is_title_case_name(s.signer_name.strip())]
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

    # References and deadlines.
    own = fields.number_symbol
    skip = tuple(x for x in (h.number_span, h.summary_span) if x)
    fields.references = read_references(doc, own, skip)
    conf["references"] = 0.6 if ocr_like else 0.9
    body_end = doc.lines[foot.receivers_line].start if foot.receivers_line is not None else len(doc.text)
    anchor, exact = issue, issue is not None
    if anchor is None and h.year:
        month = _month_of(h.month_token)
        anchor = date(h.year, month or 1, 1)
    body_start = 0
    header_end = max([x for x in (h.number_line, h.date_line, h.type_line) if x is not None], default=None)
    if header_end is not None and doc.lines[header_end].end < body_end:
        body_start = doc.lines[header_end].end
    if h.summary_span and h.summary_span[1] < body_end:
        body_start = max(body_start, h.summary_span[1])
    fields.deadlines, fields.events = read_deadlines(
        doc, (body_start, body_end), anchor, exact_anchor=exact, org=org, holidays=holidays, names=names)
    if h.doc_type and fast_fold(h.doc_type) == "giay moi":
        # A meeting invitation sets an event; its dates are not deadlines for units to report.
        fields.deadlines = [d for d in fields.deadlines if d.is_report and d.date not in
                            {e.date for e in fields.events}]
    return fields


def _month_of(token: str | None) -> int | None:
    digits = "".join(c for c in (token or "") if c.isdigit())
    return int(digits) if digits and 1 <= int(digits) <= 12 else None
