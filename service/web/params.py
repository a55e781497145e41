"""Reading values from requests: strict, NFC, bounded. A malformed value is refused, not guessed."""

from __future__ import annotations

import re
from datetime import date

from flask import abort, request

from service.text import nfc


def arg_int(
    name: str, default: int | None = None, *, lo: int = 1, hi: int = 10**9, source=None
) -> int | None:
    raw = (source if source is not None else request.args).get(name, "")
    raw = raw.strip()
    if raw == "":
        return default
    if not raw.isdigit() or not lo <= int(raw) <= hi:
        abort(400)
    return int(raw)


def arg_text(name: str, *, max_len: int = 500, source=None) -> str:
    raw = (source if source is not None else request.args).get(name, "")
    return nfc(raw).strip()[:max_len]


def form_text(name: str, *, max_len: int = 2000) -> str:
    return arg_text(name, max_len=max_len, source=request.form)


def form_int(name: str, default: int | None = None, **kw) -> int | None:
    return arg_int(name, default, source=request.form, **kw)


_DMY = re.compile(r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4}|\d{2})")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
FIRST_YEAR, LAST_YEAR = 1945, 2100  # a date outside these is a typing slip


def parse_date(raw: str, *, not_after: date | None = None) -> date | None:
    """21/07/2022, 21/7/22 (the year 2022) or 2022-07-21; empty is None. Anything else raises
    ValueError with a message for the clerk, as does a day after `not_after`."""
    raw = raw.strip()
    if not raw:
        return None
    m = _DMY.fullmatch(raw)
    if m:
        d, mo, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if len(m.group(3)) == 2:
            y += 2000
    elif iso := _ISO.fullmatch(raw):
        y, mo, d = (int(p) for p in iso.groups())
    else:
        raise ValueError(f"«{raw}» không phải một ngày (nhập dạng 21/07/2022).")
    try:
        value = date(y, mo, d)
    except ValueError:
        raise ValueError(f"Ngày {d:02d}/{mo:02d}/{y} không có trên lịch.") from None
    if not FIRST_YEAR <= y <= LAST_YEAR:
        raise ValueError(f"Năm {y} không hợp lệ (nhập đủ 4 chữ số, ví dụ 21/07/2022).")
    if not_after is not None and value > not_after:
        raise ValueError(f"Ngày {value:%d/%m/%Y} chưa đến (hôm nay là {not_after:%d/%m/%Y}).")
    return value


def form_date(name: str, *, not_after: date | None = None) -> date | None:
    """A date field of the posted form; raises ValueError (with the clerk's message) when it is not one."""
    return parse_date(form_text(name, max_len=20), not_after=not_after)
