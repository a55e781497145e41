"""The registers as .xlsx in the decree's column layout (Nghị định 30/2020, Phụ lục IV)."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from service.workflow.wording import acknowledgement_text

INCOMING_COLUMNS = (
    "Ngày đến",
    "Số đến",
    "Tác giả",
    "Số, ký hiệu",
    "Ngày tháng",
    "Tên loại và trích yếu",
    "Đơn vị hoặc người nhận",
    "Ngày chuyển",
    "Ký nhận",
    "Ghi chú",
)
OUTGOING_COLUMNS = (
    "Số, ký hiệu văn bản",
    "Ngày tháng văn bản",
    "Tên loại và trích yếu nội dung",
    "Người ký",
    "Nơi nhận văn bản",
    "Đơn vị, người nhận bản lưu",
    "Số lượng bản",
    "Ngày chuyển",
    "Ký nhận",
    "Ghi chú",
)
FOLLOWUP_COLUMNS = (
    "Số đến",
    "Tên loại, số, ký hiệu, ngày tháng và tác giả văn bản",
    "Đơn vị hoặc người nhận",
    "Thời hạn giải quyết",
    "Tiến độ giải quyết",
    "Số, ký hiệu văn bản trả lời",
    "Ghi chú",
)
WIDTHS = {
    "Tên loại và trích yếu": 60,
    "Tên loại và trích yếu nội dung": 60,
    "Tác giả": 32,
    "Tên loại, số, ký hiệu, ngày tháng và tác giả văn bản": 60,
    "Nơi nhận văn bản": 36,
}
_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_FONT = "Times New Roman"


_DAY_FORMAT = "DD/MM/YYYY"  # real dates: Excel sorts and filters them as dates
_TIME_FORMAT = "DD/MM/YYYY HH:MM"


def build_workbook(title: str, org_name: str, columns: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    """One sheet: the office and the register's name above, then the header row, then the lines.
    Written in openpyxl's write-only mode: a year's register (50,000 lines) streams in seconds."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title[:31])
    for i, name in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = WIDTHS.get(name, 16)
    ws.freeze_panes = "A4"
    ws.print_title_rows = "3:3"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = "9"  # A4
    title_font = Font(name=_FONT, bold=True, size=13)
    ws.append([_styled(ws, org_name, font=title_font)])
    ws.append([_styled(ws, title.upper(), font=title_font)])
    head_font = Font(name=_FONT, bold=True, size=12)
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.append([_styled(ws, name, font=head_font, alignment=centre, border=_BORDER) for name in columns])
    body_font = Font(name=_FONT, size=12)
    wrap = Alignment(vertical="top", wrap_text=True)
    for row in rows:
        ws.append([_styled(ws, v, font=body_font, alignment=wrap, border=_BORDER) for v in row])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _styled(ws, value, **style) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value=value)
    for k, v in style.items():
        setattr(cell, k, v)
    if isinstance(value, datetime):
        cell.number_format = _TIME_FORMAT
    elif isinstance(value, date):
        cell.number_format = _DAY_FORMAT
    elif isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"  # text that looks like a formula stays text (formula injection)
    return cell


def incoming_line(d: dict, h=None) -> tuple:
    """A line of the incoming register; `h` (store.handling_views.RegisterHandling) fills the
    recipient, the transfer date and the acknowledgement from the document's assignment."""
    summary = ": ".join(x for x in (d.get("doc_type"), d.get("title_summary")) if x)
    return (
        d["arrived_at"],
        d["so_den"],
        d.get("issuer") or "",
        d.get("number_symbol") or "",
        d.get("issue_date"),
        summary,
        (h.recipient if h else None) or d.get("recipient_unit") or "",
        h.transferred_at.date() if h and h.transferred_at else None,
        acknowledgement_text(h.acknowledged_by, h.acknowledged_at) if h else None,
        d.get("note") or "",
    )
