"""The registers as .xlsx in the decree's column layout (Nghị định 30/2020, Phụ lục IV)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from service.store.documents import RegisterLine
from service.web import xlsx_stream
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


def build_workbook(title: str, org_name: str, columns: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    """The whole .xlsx at once (see stream_workbook)."""
    return b"".join(stream_workbook(title, org_name, columns, rows))


def stream_workbook(
    title: str, org_name: str, columns: Sequence[str], rows: Iterable[Sequence]
) -> Iterator[bytes]:
    """One sheet: the office and the register's name above, then the header row, then the lines;
    yielded in pieces as the lines come (xlsx_stream.py): a year's register starts downloading at
    once."""
    return xlsx_stream.stream_workbook(title, org_name, columns, rows, WIDTHS)


def incoming_line(d: RegisterLine, h=None) -> tuple:
    """A line of the incoming register; `h` (store.handling_views.RegisterHandling) fills the
    recipient, the transfer date and the acknowledgement from the document's assignment."""
    summary = ": ".join(x for x in (d.doc_type, d.title_summary) if x)
    return (
        d.arrived_at,
        d.so_den,
        d.issuer or "",
        d.number_symbol or "",
        d.issue_date,
        summary,
        (h.recipient if h else None) or d.recipient_unit or "",
        h.transferred_at.date() if h and h.transferred_at else None,
        acknowledgement_text(h.acknowledged_by, h.acknowledged_at) if h else None,
        d.note or "",
    )
