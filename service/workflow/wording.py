"""What the registers print about a document's handling: its recipients and its progress."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from service.workflow.states import AssignmentRole


@dataclass(frozen=True)
class Part:
    """One assignee as the register names it."""

    role: AssignmentRole
    unit_name: str
    person: str | None = None  # the officer's name, when given to one

    @property
    def name(self) -> str:
        return f"{self.unit_name} ({self.person})" if self.person else self.unit_name


def recipient_text(parts: list[Part]) -> str:
    """ "Phòng Nội vụ (Trần Văn Bình) chủ trì; phối hợp: Phòng Tư pháp, UBND xã Bản Bo"."""
    lead = [p.name for p in parts if p.role == AssignmentRole.LEAD]
    support = [p.name for p in parts if p.role == AssignmentRole.SUPPORT]
    text = "; ".join(f"{n} chủ trì" for n in lead)
    if support:
        text += ("; " if text else "") + "phối hợp: " + ", ".join(support)
    return text


def day(value: datetime | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def progress_text(
    *,
    state_done: bool,
    done_at: datetime | None,
    progress: str | None,
    progress_at: datetime | None,
    acknowledged_at: datetime | None,
    answer_file_name: str | None = None,
) -> str:
    """The follow-up register's "Tiến độ giải quyết" from the lead's part."""
    if state_done:
        text = f"Đã giải quyết xong ngày {day(done_at)}" + (f": {progress}" if progress else "")
        return text + (f"; tệp trả lời: {answer_file_name}" if answer_file_name else "")
    if progress:
        return f"{day(progress_at)}: {progress}"
    if acknowledged_at:
        return f"Đã nhận ngày {day(acknowledged_at)}, đang giải quyết"
    return "Đã giao, chưa ký nhận"


def acknowledgement_text(who: str | None, at: datetime | None) -> str:
    """The incoming register's "Ký nhận": who of the lead unit took the document, and when."""
    if not who:
        return ""
    return f"{who}, {at.strftime('%H:%M %d/%m/%Y')}" if at else who
