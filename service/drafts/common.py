"""What every kind of draft shares: the symbol, the header, the blocks of the body, the units. Pure."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from service.drafts.wording import (
    abbreviate_unit,
    authority_lines,
    body_lines,
    display_name,
    format_number,
    format_place_date,
    header_parent_lines,
    lower_first,
    upper_first,
    wrap_lines,
)
from service.models import Organisation, Requirement, StatusRow
from service.text import nfc

KINDS = ("reply", "reminder", "summary", "plan")
# kind -> (type name in the register, type code of the symbol or None for a công văn)
DOC_TYPES = {
    "reply": ("Công văn", None),
    "reminder": ("Công văn", None),
    "summary": ("Báo cáo", "BC"),
    "plan": ("Kế hoạch", "KH"),
}
BLANK_NUMBER = "    "  # "Số:     /BC-UBND": the number is written at issuance
STATUS_LABELS = {
    "on_time": "Đúng hạn",
    "late": "Chậm hạn",
    "overdue": "Quá hạn, chưa gửi",
    "due_soon": "Sắp đến hạn, chưa gửi",
    "not_due": "Chưa đến hạn",
}
DEFAULT_DRAFTING_UNIT = "VP"  # the office's Văn phòng drafts what no bureau is named for


# --- the common part --------------------------------------------------------------------------


@dataclass(frozen=True)
class RequirementStatus:
    """What a reminder or a summary is written about: a requirement, its units' status rows, and the
    period asked for (None: the one `pick_period` chooses)."""

    req: Requirement
    rows: list[StatusRow]
    period: str | None = None


def symbol_for(kind: str, org: Organisation, drafting_unit: str = "") -> str:
    """`BC-UBND`, `KH-UBND`; a công văn has no type code but names its drafting unit: `UBND-LĐTBXH`."""
    code = DOC_TYPES[kind][1]
    if code:
        return f"{code}-{org.short_name}"
    return f"{org.short_name}-{drafting_unit}" if drafting_unit else org.short_name


def base_context(kind: str, org: Organisation, at: date, *, signer_name: str = "") -> dict[str, Any]:
    doc_type, _ = DOC_TYPES[kind]
    return {
        "kind": kind,
        "doc_type": doc_type,
        "is_draft": True,
        "number": BLANK_NUMBER,
        "symbol": symbol_for(kind, org, DEFAULT_DRAFTING_UNIT),
        "place": org.place,
        "drafted_on": at.isoformat(),
        "place_date": format_place_date(org.place, None, year=at.year),
        "parent_lines": header_parent_lines(org),
        "issuer_lines": body_lines(org.name, 22),
        "org_name": org.display_name or org.name,
        "subject": "",
        "summary_lines": [],
        "title_summary": "",
        "addressees": [],
        "blocks": [],
        "blocks_after": [],
        "tables": [],
        "recipients": [],
        "filing_unit": DEFAULT_DRAFTING_UNIT,
        "authority_lines": authority_lines(org),
        "signer_name": signer_name,
        "warnings": [],
    }


def set_drafting_unit(ctx: dict[str, Any], org: Organisation, abbreviation: str) -> None:
    """The unit that drafts (đơn vị soạn thảo): in a công văn's symbol and the filing line."""
    ctx["filing_unit"] = abbreviation
    ctx["symbol"] = symbol_for(ctx["kind"], org, abbreviation)


def finalize_context(
    ctx: dict[str, Any], *, number: int, issued_on: date, signer_name: str
) -> dict[str, Any]:
    """The context of the issued document: its number, its day and who signed; nothing else changes."""
    out = dict(ctx)
    out.update(
        is_draft=False,
        number=format_number(number),
        issued_on=issued_on.isoformat(),
        place_date=format_place_date(ctx["place"], issued_on),
        signer_name=signer_name,
    )
    return out


def number_symbol(ctx: dict[str, Any]) -> str:
    return f"{ctx['number'].strip()}/{ctx['symbol']}"


def set_summary(ctx: dict[str, Any], summary: str) -> None:
    ctx["title_summary"] = upper_first(summary)
    if ctx["kind"] in ("reply", "reminder"):
        ctx["subject"] = lower_first(summary)
    else:
        # A title over ~60 characters is broken into centred lines, as a clerk types it.
        ctx["summary_lines"] = wrap_lines(summary, 60)


def block(text: str, style: str = "body") -> dict[str, Any]:
    return {"style": style, "text": nfc(text)}


def body_block(text: str) -> dict[str, Any]:
    """A paragraph of body text, as the drafter adds one."""
    return block(text)


def table_block(ctx: dict[str, Any], table: dict[str, Any]) -> dict[str, Any]:
    """Add a table to the draft; the block that stands for it in the body (`[BẢNG 1]`)."""
    ctx["tables"].append(table)
    n = len(ctx["tables"])
    return {"style": "table", "table": n - 1, "text": f"[BẢNG {n}]"}


def unit_abbreviation(org: Organisation, unit_id: str | None) -> str:
    unit = org.unit(unit_id) if unit_id else None
    if unit is None:
        return ""
    return unit.abbreviation or abbreviate_unit(unit.name)


def unit_named_in(org: Organisation, text: str) -> str | None:
    """The configured unit a text names (`… qua Phòng Lao động - Thương binh và Xã hội`), if one."""
    folded = nfc(text or "").lower()
    for u in org.units:
        if any(n and n.lower() in folded for n in (u.name, *u.aliases)):
            return u.id
    return None


def is_own_office(org: Organisation, name: str) -> bool:
    """Whether a name is the office's own (a copy is never sent to oneself)."""
    folded = nfc(name or "").lower().strip()
    folded = re.sub(r"\s*\((b/c|để b/c|để biết)\)$", "", folded)
    own = {nfc(n).lower() for n in (org.name, org.display_name) if n}
    return bool(folded) and (folded in own or display_name(folded).lower() in own)


def filing_unit(org: Organisation, to_whom: str) -> str:
    """The unit that keeps the file copy: the bureau named in `to_whom` (…qua Phòng …), else VP."""
    return unit_abbreviation(org, unit_named_in(org, to_whom)) or DEFAULT_DRAFTING_UNIT


def source_of(req: Requirement) -> str:
    if req.source_number_symbol:
        kind = {
            "KH": "Kế hoạch",
            "CV": "Công văn",
            "QĐ": "Quyết định",
            "CT": "Chỉ thị",
            "TB": "Thông báo",
            "HD": "Hướng dẫn",
        }
        code = (
            req.source_number_symbol.split("/")[-1].split("-")[0] if "/" in req.source_number_symbol else ""
        )
        return f"{kind.get(code, 'văn bản')} số {req.source_number_symbol}"
    return "yêu cầu báo cáo"


def pick_period(rows: list[StatusRow], at: date, period: str | None = None) -> str | None:
    """The period a reminder or summary is about: the one asked, else the latest already due (or due
    soon), else the earliest still to come."""
    periods = sorted(
        {r.period for r in rows},
        key=lambda p: min((r.due_date for r in rows if r.period == p and r.due_date), default=date.max),
    )
    if period:
        return period if period in periods else None
    due = [
        p
        for p in periods
        if any(r.period == p and r.status in ("overdue", "due_soon", "late", "on_time") for r in rows)
    ]
    if due:
        return due[-1]
    return periods[0] if periods else None


def addressees_for(org: Organisation, units: list[tuple[str, str]], most: int = 5) -> list[str]:
    """Kính gửi: the units by name when they are few; else the groups they belong to (the body names
    each unit), and by name those in no group."""
    if len(units) <= most:
        return [name for _, name in units]
    out: list[str] = []
    for uid, name in units:
        unit = org.unit(uid)
        groups = [g.name for g in org.groups if unit and g.id in unit.groups]
        for label in groups[:1] or [name]:
            if label not in out:
                out.append(label)
    return out


def register_recipients(ctx: dict[str, Any]) -> list[str]:
    """Nơi nhận as the outgoing register writes it: the addressees ("Như trên"), then the others."""
    named = [a for a in ctx.get("addressees", []) if a and a != "…"]
    return named + [r for r in ctx.get("recipients", []) if r not in ("Như trên", "…")]


def count_copies(ctx: dict[str, Any], org: Organisation) -> int:
    """The number of copies (số lượng bản) the recipients take: one for each body named, one for each
    unit of a group named ("UBND các xã, thị trấn": each commune its copy), and the file copies (Lưu:
    VT and the drafting unit)."""
    total = 0
    names = register_recipients(ctx)
    if ctx.get("addressee_units"):  # groups named for short: the units the body names get a copy each
        total += len(ctx["addressee_units"])
        names = [r for r in names if r not in ctx.get("addressees", [])]
    for name in names:
        bare = re.sub(r"\s*\((?:b/c|để b/c|để biết)\)$", "", nfc(name)).strip().lower()
        group = next((g for g in org.groups if bare in {nfc(n).lower() for n in (g.name, *g.aliases)}), None)
        total += max(1, len(org.units_in_group(group.id))) if group else 1
    return total + (2 if ctx.get("filing_unit") else 1)
