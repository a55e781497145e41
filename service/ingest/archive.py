"""Documents received in the past (văn bản đến đã nhận trước khi dùng Vanthu): when they arrived.

An office moving in brings its earlier papers: each is registered as of the day it arrived, in the
register of that year, so that a unit's report of November 2023 counts for 2023 as it did then.
The day is the clerk's incoming stamp where it is printed or written on the paper ("CV ĐẾN Số: 2770
Ngày: 12/11/2023"), else the document's own date (a paper arrives within days), else a day the clerk
gives (`vanthu ingest --archive --arrived`). The stamp's số đến is kept where its year's register
has it free; otherwise, and without a stamp, the document takes the next số đến of that year.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from service.errors import VanthuError
from service.models import Fields


@dataclass(frozen=True)
class Archive:
    """The choice of registering files as received in the past; `fallback_day` stands in for a
    file whose stamp and date cannot be read."""

    fallback_day: date | None = None


@dataclass(frozen=True)
class Arrival:
    """When an archived document arrived, the số đến its stamp gives, and why (the register's Ghi chú)."""

    at: datetime
    so_den: int | None
    note: str


NO_DAY_MESSAGE = (
    "Không đọc được dấu CV đến hay ngày tháng của văn bản nên không biết ngày đến. "
    "Đăng ký lại tệp này với ngày đến do văn thư nhập: vanthu ingest --archive --arrived YYYY-MM-DD TỆP."
)


def archive_arrival(fields: Fields, today: date, archive: Archive) -> Arrival:
    """The arrival of an archived document; raises VanthuError (archive_no_date) when no day is known.

    A day after today is a misread and is not used."""
    stamp = fields.incoming_stamp
    number = stamp.number if stamp else None
    kept = f", số đến {number} theo dấu" if number else ""
    if stamp and stamp.date and stamp.date <= today:
        return Arrival(_start(stamp.date), number, f"Nhập từ lưu trữ: ngày đến theo dấu CV đến{kept}")
    if fields.issue_date and fields.issue_date <= today:
        return Arrival(
            _start(fields.issue_date), number, f"Nhập từ lưu trữ: ngày đến lấy theo ngày văn bản{kept}"
        )
    if archive.fallback_day and archive.fallback_day <= today:
        return Arrival(
            _start(archive.fallback_day), number, f"Nhập từ lưu trữ: ngày đến do văn thư nhập{kept}"
        )
    raise VanthuError(
        "archive_no_date",
        f"stamp={stamp.to_json() if stamp else None} issue_date={fields.issue_date}",
        NO_DAY_MESSAGE,
    )


def _start(day: date) -> datetime:
    """The moment of an arrival known only by its day: the day's start (the register shows the day)."""
    return datetime.combine(day, datetime.min.time())
