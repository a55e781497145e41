"""Agency codes (mã định danh, Quyết định 20/2020/QĐ-TTg, amended by 09/2025/QĐ-TTg). Pure.

Up to 35 characters: groups of digits and capital letters separated by dots, one group per level.
The older form puts the top level on the right (000.00.00.H41), the newer on the left; both are
stored as given and compared as strings, never rewritten.
"""

from __future__ import annotations

import re

AGENCY_CODE = re.compile(r"[0-9A-Z]+(?:\.[0-9A-Z]+)*")
AGENCY_CODE_MAX = 35


def is_agency_code(code: str) -> bool:
    """A well-formed mã định danh (either form)."""
    return 0 < len(code) <= AGENCY_CODE_MAX and AGENCY_CODE.fullmatch(code) is not None
