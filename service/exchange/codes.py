"""Codes of the exchange: agency codes (mã định danh), status codes, business types, priorities.

Pure: no I/O.
"""

from __future__ import annotations

from enum import StrEnum

from service import labels
from service.text.agency import is_agency_code

# Agency codes: service.text.agency (config checks them too).
__all__ = ["is_agency_code"]


class StatusCode(StrEnum):
    """Status codes (mã trạng thái) of a status message, as the samples list them."""

    ARRIVED = "01"
    REFUSED = "02"
    REGISTERED = "03"
    ASSIGNED = "04"
    HANDLING = "05"
    DONE = "06"
    TAKE_BACK_ASKED = "13"
    CHANGE_AGREED = "15"
    CHANGE_REFUSED = "16"


# The words are service.labels': what the outgoing register shows, what a message carries.
STATUS_LABELS = labels.EXCHANGE_STATUS
STATUS_DESCRIPTIONS = labels.EXCHANGE_STATUS_DESCRIPTION


def status_label(code: str) -> str:
    return STATUS_LABELS.get(code, f"Trạng thái {code}")


class BusinessType(StrEnum):
    """Bussiness/BussinessDocType: what a document message does to the entry it names."""

    NEW = "0"
    REVOKE = "1"
    UPDATE = "2"
    REPLACE = "3"


# OtherInfo/Priority 0–4. The samples give only the range; this is the reading that matches the
# urgency marks of Nghị định 30 (thường, khẩn, thượng khẩn, hỏa tốc, hỏa tốc hẹn giờ).
PRIORITY_URGENCY: dict[str, str | None] = {
    "0": None,
    "1": "Khẩn",
    "2": "Thượng khẩn",
    "3": "Hỏa tốc",
    "4": "Hỏa tốc",
}
URGENCY_PRIORITY = {"Khẩn": "1", "Thượng khẩn": "2", "Hỏa tốc": "3"}
