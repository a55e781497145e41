"""Wording helpers of the decree (Nghị định 30/2020): numbers, dates, names, signing authority. Pure."""

from __future__ import annotations

import re
from datetime import date

from service.models import Organisation
from service.text import nfc

MISSING = "…"  # a field that could not be read: left visibly empty for the clerk, never invented
_COLLECTIVE = ("ỦY BAN NHÂN DÂN", "UỶ BAN NHÂN DÂN", "HỘI ĐỒNG NHÂN DÂN")
# Words written in lower case inside a body's name (Ủy ban nhân dân tỉnh Lai Châu).
_LOWER_WORDS = {
    "tỉnh",
    "huyện",
    "xã",
    "phường",
    "thị",
    "trấn",
    "thành",
    "phố",
    "quận",
    "và",
    "nhân",
    "dân",
    "ban",
}
_KEEP_UPPER = {"UBND", "HĐND", "VP", "LĐTBXH", "NN&PTNT", "GD&ĐT", "TN&MT", "VH&TT"}


def format_number(n: int) -> str:
    """Numbers under 10 take a leading zero: 01 … 09, then 10, 11 …"""
    return f"{n:02d}"


def day_month(d: date) -> tuple[str, str]:
    # Days under 10 and the months 1 and 2 take a leading zero (ngày 05 tháng 01, but tháng 7).
    return f"{d.day:02d}", (f"{d.month:02d}" if d.month <= 2 else str(d.month))


def format_place_date(place: str, d: date | None, *, year: int | None = None) -> str:
    """`Tam Đường, ngày 05 tháng 01 năm 2020`; a draft's day and month stay blank to be written in."""
    if d is None:
        return f"{place}, ngày      tháng      năm {year or ''}".rstrip()
    day, month = day_month(d)
    return f"{place}, ngày {day} tháng {month} năm {d.year}"


def format_short_date(d: date | None) -> str:
    """A date in running text: `01/7/2022`."""
    if d is None:
        return MISSING
    day, month = day_month(d)
    return f"{day}/{month}/{d.year}"


def format_period(period: str | None) -> str:
    """`2023` → `năm 2023`, `2023-Q1` → `quý I năm 2023`, `2023-05` → `tháng 5 năm 2023`."""
    if not period or period == "once":
        return ""
    if m := re.fullmatch(r"(\d{4})-Q([1-4])", period):
        return f"quý {['I', 'II', 'III', 'IV'][int(m[2]) - 1]} năm {m[1]}"
    if m := re.fullmatch(r"(\d{4})-W(\d{2})", period):
        return f"tuần {m[2]} năm {m[1]}"
    if m := re.fullmatch(r"(\d{4})-(\d{2})", period):
        return f"tháng {int(m[2])} năm {m[1]}"
    if re.fullmatch(r"\d{4}", period):
        return f"năm {period}"
    return period


def wrap_lines(text: str, max_chars: int) -> list[str]:
    """Break a heading into centred lines of at most max_chars (greedy, on word boundaries)."""
    words, lines, cur = nfc(text).split(), [], ""
    for w in words:
        if cur and len(cur) + 1 + len(w) > max_chars:
            lines.append(cur)
            cur = w
        else:
            cur = f"{cur} {w}".strip()
    if cur:
        lines.append(cur)
    return lines


def body_lines(name: str, max_chars: int) -> list[str]:
    """A body's name in upper case, broken after `ỦY BAN NHÂN DÂN` the way the header is written."""
    up = nfc(name).upper()
    if not up:
        return []
    for prefix in _COLLECTIVE:
        if up.startswith(prefix + " ") and len(up) > max_chars:
            return [prefix] + wrap_lines(up[len(prefix) :], max_chars)
    return wrap_lines(up, max_chars)


def display_name(name: str | None) -> str:
    """A body's name as written in running text; names read in upper case are given sentence case."""
    s = nfc(name or "").strip()
    if not s or s != s.upper():
        return s
    out = []
    for i, w in enumerate(s.split()):
        if w in _KEEP_UPPER:
            out.append(w)
        elif i > 0 and w.lower() in _LOWER_WORDS:
            out.append(w.lower())
        else:
            out.append(w[:1] + w[1:].lower())
    return " ".join(out)


def lower_first(s: str) -> str:
    s = nfc(s).strip()
    if len(s) > 1 and s[1:2].islower():
        return s[:1].lower() + s[1:]
    return s


def upper_first(s: str) -> str:
    """A trích yếu as a register writes it: its first letter a capital ("Đôn đốc gửi báo cáo …")."""
    s = nfc(s).strip()
    return s[:1].upper() + s[1:]


def abbreviate_unit(name: str) -> str:
    """The filing unit in `Lưu: VT, LĐTBXH`: initials of a bureau's name (Phòng Lao động - Thương binh
    và Xã hội → LĐTBXH); `VP` for the office's own Văn phòng."""
    s = nfc(name).strip()
    if not s:
        return ""
    if s.lower().startswith("văn phòng"):
        return "VP"
    s = re.sub(r"^(phòng|ban|trung tâm)\s+", "", s, flags=re.I)
    words = [w for w in re.split(r"[\s\-–,]+", s) if w and w.lower() not in {"và", "huyện", "tỉnh"}]
    return "".join(w[0].upper() for w in words if w[0].isalpha())


def authority_lines(org: Organisation) -> list[str]:
    """Signing authority (thẩm quyền ký): a People's Committee signs on behalf of the collective."""
    up = nfc(org.name).upper()
    for prefix in _COLLECTIVE:
        if up.startswith(prefix):
            return [f"TM. {prefix}", "CHỦ TỊCH"]
    if up.startswith("SỞ"):
        return ["GIÁM ĐỐC"]
    if up.startswith("VĂN PHÒNG"):
        return ["CHÁNH VĂN PHÒNG"]
    return ["THỦ TRƯỞNG CƠ QUAN"]


def is_collective(org: Organisation) -> bool:
    """A body led collectively (Ủy ban nhân dân, Hội đồng nhân dân): its head signs "TM." it."""
    up = nfc(org.name).upper()
    return any(up.startswith(prefix) for prefix in _COLLECTIVE)


def header_parent_lines(org: Organisation) -> list[str]:
    """The parent body's line above the issuing body's name (tên cơ quan chủ quản), only where the
    decree wants it: an Ủy ban or Hội đồng nhân dân at any level prints none (configurable per office)."""
    if not org.parent or org.parent_in_header == "never":
        return []
    if org.parent_in_header == "auto" and is_collective(org):
        return []
    return body_lines(org.parent, 26)


def head_title(org: Organisation) -> str:
    """The title of the office's head: CHỦ TỊCH of an Ủy ban, GIÁM ĐỐC of a Sở, …"""
    return "CHỦ TỊCH" if is_collective(org) else authority_lines(org)[-1]


def signing_authority(org: Organisation, title: str | None, authority: str | None = None) -> list[str]:
    """The lines above the signature, chosen by who signs (thẩm quyền ký):

    - the head: `TM. ỦY BAN NHÂN DÂN` / `CHỦ TỊCH` (a collective body), or the head's title alone;
    - a deputy (Phó …): `KT. CHỦ TỊCH` / `PHÓ CHỦ TỊCH` (under `TM. …` for a collective body);
    - acting (Quyền …): `Q. CHỦ TỊCH`;
    - another official by order or delegation: `TL. CHỦ TỊCH` or `TUQ. CHỦ TỊCH` / their own title.
    Without a title, the office's default (its head)."""
    head = head_title(org)
    collective = authority_lines(org)[:-1]  # ["TM. ỦY BAN NHÂN DÂN"] or []
    own = nfc(title or "").strip().upper()
    mark = (authority or "").strip().upper().rstrip(".")
    if not own or own == head:
        return collective + [head]
    if own.startswith("QUYỀN ") or mark == "Q":
        return collective + [f"Q. {head}"]
    if own.startswith("PHÓ ") and mark not in ("TL", "TUQ"):
        return collective + [f"KT. {head}", own]
    return [f"{mark if mark in ('TL', 'TUQ') else 'TL'}. {head}", own]
