"""The daily digest's words (thư nhắc việc hằng ngày): what is a person's and due, as plain text."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class DigestItem:
    """One line: what it is, its deadline (if any), the page that opens it."""

    section: str  # the heading it goes under
    text: str
    due: date | None = None
    overdue: bool = False
    path: str = ""


def compose(
    person: str, day: date, items: list[DigestItem], *, office: str, base_url: str = ""
) -> tuple[str, str]:
    """(subject, body) of one person's digest; items grouped under their headings in order."""
    late = sum(1 for i in items if i.overdue)
    subject = f"[{office}] Việc cần xử lý ngày {day.strftime('%d/%m/%Y')}: {len(items)} việc"
    if late:
        subject += f", {late} quá hạn"
    lines = [f"Kính gửi {person},", "", f"Các việc của đồng chí tính đến ngày {day.strftime('%d/%m/%Y')}:"]
    for section in dict.fromkeys(i.section for i in items):
        lines += ["", section + ":"]
        for i in (x for x in items if x.section == section):
            due = f" (hạn {i.due.strftime('%d/%m/%Y')}{', QUÁ HẠN' if i.overdue else ''})" if i.due else ""
            link = f"\n    {base_url.rstrip('/')}{i.path}" if base_url and i.path else ""
            lines.append(f"  - {i.text}{due}{link}")
    lines += ["", "Thư này do hệ thống quản lý văn bản gửi tự động mỗi ngày một lần.", office]
    return subject, "\n".join(lines) + "\n"
