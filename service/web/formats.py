"""How values are shown on the pages: Vietnamese dates, status names, colours."""

from __future__ import annotations

import re
from datetime import date, datetime

from flask import Flask
from markupsafe import Markup, escape

from service import labels

# The words live in service.labels; the templates know them by these names.
STATUS_LABELS = labels.TRACKING_STATUS
DOC_STATUS_LABELS = labels.DOCUMENT_STATUS
DRAFT_STATUS_LABELS = labels.DRAFT_STATUS
DRAFT_KIND_LABELS = labels.DRAFT_KIND
LINK_STATE_LABELS = labels.LINK_STATE
RECURRENCE_LABELS = labels.RECURRENCE
FIELD_LABELS = labels.FIELD

_PROGRESS_ORDER = ("on_time", "late", "due_soon", "overdue", "not_due")


def progress(counts, total: int) -> Markup:
    """The progress bar of a requirement's period: a coloured part for each status, its width the
    share of the units (w0…w100), the counts in its title. Python, not a template macro: the
    tracking page draws one per requirement."""
    title = "".join(f"{STATUS_LABELS.get(s, s)}: {n}; " for s, n in counts.items())
    parts = "".join(
        f'<span class="p-{s} w{round(n * 100 / total)}"></span>'
        for s in _PROGRESS_ORDER
        if (n := counts.get(s, 0)) and total
    )
    return Markup(f'<div class="progress" title="{escape(title)}">{parts}</div>')


def vn_date(value) -> str:
    if isinstance(value, str) and value:
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, (date, datetime)):
        return value.strftime("%d/%m/%Y")
    return ""


def vn_datetime(value) -> str:
    if isinstance(value, str) and value:
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, datetime):
        return value.strftime("%H:%M %d/%m/%Y")
    return vn_date(value)


_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def audit_value(value) -> str:
    """An old or new value in the audit trail as a clerk reads it (a day as 30/11/2027)."""
    if value is None:
        return ""
    text = str(value)
    m = _ISO_DAY.fullmatch(text)
    return f"{m.group(3)}/{m.group(2)}/{m.group(1)}" if m else text


def period_label(period: str | None) -> str:
    """ "2026" → "Năm 2026", "2026-Q1" → "Quý 1/2026", "2026-05" → "Tháng 05/2026", "once" → "Một lần"."""
    if not period:
        return ""
    if period == "once":
        return "Một lần"
    if len(period) == 4 and period.isdigit():
        return f"Năm {period}"
    year, _, rest = period.partition("-")
    if rest.startswith("Q"):
        return f"Quý {rest[1:]}/{year}"
    if rest.startswith("W"):
        return f"Tuần {rest[1:]}/{year}"
    if rest.isdigit():
        return f"Tháng {rest}/{year}"
    return period


def file_size(n: int | None) -> str:
    if n is None:
        return ""
    if n < 1024:
        return f"{n} byte"
    if n < 1024 * 1024:
        return f"{n / 1024:.1f} KB".replace(".", ",")
    return f"{n / 1024 / 1024:.1f} MB".replace(".", ",")


# What the readers note about a file (codes kept in the database), said to the clerk.
_READER_WARNINGS = {
    "bad_text_layer_replaced": "Trang {0}: lớp chữ ẩn của PDF không phải tiếng Việt đọc được, đã nhận dạng lại bằng OCR.",
    "ocr_worse_than_text_layer": "Trang {0}: OCR đọc kém hơn lớp chữ sẵn có nên giữ lớp chữ; nên đối chiếu bản gốc.",
    "page_rotated": "Trang {0} bị quét ngược hoặc nghiêng, đã xoay {1}° trước khi nhận dạng.",
    "signature_not_intact": "Chữ ký số «{0}»: nội dung tệp đã bị thay đổi sau khi ký.",
    "signature_invalid": "Chữ ký số «{0}»: giá trị chữ ký không khớp với chứng thư.",
    "encrypted_pdf_no_password": "PDF được mã hóa (mở được không cần mật khẩu).",
    "converted_by_libreoffice": "Tệp định dạng cũ, đã chuyển đổi bằng LibreOffice để đọc.",
    "html_content": "Tệp thực chất là một trang HTML.",
    "legacy_font": "Có đoạn gõ bằng phông chữ cũ ({0}), đã chuyển sang Unicode.",
    "legacy_text_detected": "Văn bản gõ bằng bảng mã cũ ({0}), đã chuyển sang Unicode.",
    "extension_mismatch": "Phần mở rộng {0} không khớp với nội dung tệp ({1}).",
    "ocr_unsure": "{0}: chữ nhận dạng (OCR) chưa chắc chắn «{1}», đã giữ nguyên như OCR đọc; đề nghị đối chiếu bản gốc.",
}


def warning_text(code: str) -> str:
    """A reader's warning code ("bad_text_layer_replaced:page2") in Vietnamese; other text as it is."""
    name, _, rest = code.partition(":")
    template = _READER_WARNINGS.get(name)
    if template is None:
        return code
    parts = [p.removeprefix("page") for p in rest.split(":")] if rest else []
    if name == "ocr_unsure" and parts:  # the field by its label ("Trích yếu")
        parts[0] = FIELD_LABELS.get(parts[0], parts[0])
    parts += [""] * (template.count("{") - len(parts))
    return template.format(*parts).replace(" ()", "")


def percent(value: float | None) -> str:
    return "" if value is None else f"{round(value * 100)}%"


def table_rows(lines, nowrap=()) -> Markup:
    """The rows of a print view, built once here rather than cell by cell in Jinja (a register of
    2,000 lines must render quickly). Every cell is escaped."""
    out = []
    for line in lines:
        cells = []
        for i, v in enumerate(line):
            text = "" if v is None else vn_date(v) if isinstance(v, (date, datetime)) else str(v)
            cells.append(
                f'<td class="nowrap">{escape(text)}</td>' if i in nowrap else f"<td>{escape(text)}</td>"
            )
        out.append("<tr>" + "".join(cells) + "</tr>")
    return Markup("\n".join(out))


def install(app: Flask) -> None:
    app.jinja_env.filters.update(
        vn_date=vn_date,
        vn_datetime=vn_datetime,
        percent=percent,
        warning_text=warning_text,
        audit_value=audit_value,
        period=period_label,
        filesize=file_size,
        table_rows=table_rows,
    )
    app.jinja_env.globals.update(
        progress=progress,
        STATUS_LABELS=STATUS_LABELS,
        DOC_STATUS_LABELS=DOC_STATUS_LABELS,
        DRAFT_STATUS_LABELS=DRAFT_STATUS_LABELS,
        DRAFT_KIND_LABELS=DRAFT_KIND_LABELS,
        LINK_STATE_LABELS=LINK_STATE_LABELS,
        RECURRENCE_LABELS=RECURRENCE_LABELS,
        FIELD_LABELS=FIELD_LABELS,
    )
    app.jinja_env.autoescape = True  # .html templates are escaped anyway; say it once for all
