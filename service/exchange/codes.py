"""Codes of the exchange: agency codes (mã định danh), status codes, business types, priorities.

Pure: no I/O.
"""

from __future__ import annotations

import re
from enum import StrEnum

# Quyết định 20/2020/QĐ-TTg: up to 35 characters, groups of digits and capital letters separated by
# dots, one group per level. The older form puts the top level on the right (000.00.00.H41), the newer
# on the left; both are stored as given and compared as strings.
AGENCY_CODE = re.compile(r"[0-9A-Z]+(?:\.[0-9A-Z]+)*")
AGENCY_CODE_MAX = 35


def is_agency_code(code: str) -> bool:
    """A well-formed mã định danh (either form); the string is never rewritten."""
    return 0 < len(code) <= AGENCY_CODE_MAX and AGENCY_CODE.fullmatch(code) is not None


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


STATUS_LABELS: dict[str, str] = {
    StatusCode.ARRIVED: "Đã đến",
    StatusCode.REFUSED: "Bị từ chối",
    StatusCode.REGISTERED: "Đã vào sổ",
    StatusCode.ASSIGNED: "Đã phân công",
    StatusCode.HANDLING: "Đang xử lý",
    StatusCode.DONE: "Hoàn thành",
    StatusCode.TAKE_BACK_ASKED: "Đề nghị lấy lại",
    StatusCode.CHANGE_AGREED: "Đồng ý cập nhật/lấy lại",
    StatusCode.CHANGE_REFUSED: "Từ chối cập nhật/lấy lại",
}

# The description a status message carries, in the samples' manner ("Đã đến - Phần mềm QLVB đã nhận
# nhưng văn thư chưa xử lý").
STATUS_DESCRIPTIONS: dict[str, str] = {
    StatusCode.ARRIVED: "Đã đến - Phần mềm quản lý văn bản đã nhận nhưng văn thư chưa xử lý",
    StatusCode.REGISTERED: "Đã vào sổ - Văn thư đã tiếp nhận và đăng ký văn bản",
    StatusCode.ASSIGNED: "Đã phân công - Văn bản đã được giao xử lý",
    StatusCode.HANDLING: "Đang xử lý - Văn bản đang được giải quyết",
    StatusCode.DONE: "Hoàn thành - Văn bản đã được giải quyết xong",
    StatusCode.CHANGE_AGREED: "Đồng ý - Đã thực hiện yêu cầu cập nhật hoặc lấy lại văn bản",
}


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
