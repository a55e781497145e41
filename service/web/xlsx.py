"""The registers as .xlsx in the decree's column layout (Nghị định 30/2020, Phụ lục IV)."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

INCOMING_COLUMNS = ("Ngày đến", "Số đến", "Tác giả", "Số, ký hiệu", "Ngày tháng",
                    "Tên loại và trích yếu", "Đơn vị hoặc người nhận", "Ngày chuyển", "Ký nhận",
                    "Ghi chú")
OUTGOING_COLUMNS = ("Số, ký hiệu văn bản", "Ngày tháng văn bản", "Tên loại và trích yếu nội dung",
                    "Người ký", "Nơi nhận văn bản", "Đơn vị, người nhận bản lưu", "Số lượng bản",
                    "Ngày chuyển", "Ký nhận", "Ghi chú")
FOLLOWUP_COLUMNS = ("Số đến", "Tên loại, số, ký hiệu, ngày tháng và tác giả văn bản",
                    "Đơn vị hoặc người nhận", "Thời hạn giải quyết", "Tiến độ giải quyết",
                    "Số, ký hiệu văn bản trả lời", "Ghi chú")
WIDTHS = {"Tên loại và trích yếu": 60, "Tên loại và trích yếu nội dung": 60, "Tác giả": 32,
          "Tên loại, số, ký hiệu, ngày tháng và tác giả văn bản": 60, "Nơi nhận văn bản": 36}
_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_FONT = "Times New Roman"


def _cell_value(v):
    if isinstance(v, datetime):
        return v.strftime("%d/%m/%Y")
    if isinstance(v, date):
        return v.strftime("%d/%m/%Y")
    if isinstance(v, str) and v[:1] in "=+-@":
        return "'" + v  # a text starting like a formula stays text (CSV/formula injection)
    return v


def build_workbook(title: str, org_name: str, columns: Sequence[str],
                   rows: Iterable[Sequence]) -> bytes:
    """One sheet: the office and the register's name above, then the header row, then the lines."""
    wb = Workbook(write_only=False)
    ws = wb.active
    ws.title = title[:31]
    ws.append([org_name])
    ws.append([title.upper()])
    ws.append(list(columns))
    header_row = 3
    for c in ws[1] + ws[2]:
        c.font = Font(name=_FONT, bold=True, size=13)
    for i, name in enumerate(columns, start=1):
        cell = ws.cell(row=header_row, column=i)
        cell.font = Font(name=_FONT, bold=True, size=12)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = _BORDER
        ws.column_dimensions[get_column_letter(i)].width = WIDTHS.get(name, 16)
    body_font = Font(name=_FONT, size=12)
    wrap = Alignment(vertical="top", wrap_text=True)
    for row in rows:
        ws.append([_cell_value(v) for v in row])
        for cell in ws[ws.max_row]:
            cell.font, cell.alignment, cell.border = body_font, wrap, _BORDER
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def incoming_line(d: dict) -> tuple:
    summary = ": ".join(x for x in (d.get("doc_type"), d.get("title_summary")) if x)
    return (d["arrived_at"], d["so_den"], d.get("issuer") or "", d.get("number_symbol") or "",
            d.get("issue_date"), summary, d.get("recipient_unit") or "", None, None, d.get("note") or "")
