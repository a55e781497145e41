"""The template context of a draft (dự thảo), built from plain data. Pure: no I/O, no clock.

Every builder returns a JSON-serialisable dict whose keys templates/README.md documents. The context
of a draft is stored with it; issuance only fills in the number, the date and the signer
(`finalize_context`), so the signed text is the text the leader reviewed.

The whole body is in `blocks` (the sentences a template used to hold too), so that the drafter
edits it as one text; a table stands in the body as a block of style `table` naming one of `tables`.
This module builds replies and reminders and gathers the other kinds' builders (plan.py, summary.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from service.drafts.common import (
    BLANK_NUMBER,
    DEFAULT_DRAFTING_UNIT,
    DOC_TYPES,
    KINDS,
    STATUS_LABELS,
    RequirementStatus,
    addressees_for,
    base_context,
    block,
    body_block,
    filing_unit,
    finalize_context,
    is_own_office,
    number_symbol,
    pick_period,
    set_drafting_unit,
    set_summary,
    source_of,
    symbol_for,
    table_block,
    unit_abbreviation,
    unit_named_in,
)
from service.drafts.plan import build_plan_context, shift_deadline
from service.drafts.summary import build_summary_context
from service.drafts.wording import (
    MISSING,
    abbreviate_unit,
    authority_lines,
    body_lines,
    display_name,
    format_number,
    format_period,
    format_place_date,
    format_short_date,
    lower_first,
)
from service.models import Fields, Organisation
from service.text import nfc
from service.text.dates import add_working_days, work_calendar

__all__ = [
    "BLANK_NUMBER",
    "DEFAULT_DRAFTING_UNIT",
    "DOC_TYPES",
    "KINDS",
    "MISSING",
    "STATUS_LABELS",
    "Answering",
    "RequirementStatus",
    "abbreviate_unit",
    "addressees_for",
    "authority_lines",
    "base_context",
    "body_block",
    "body_lines",
    "build_plan_context",
    "build_reminder_context",
    "build_reply_context",
    "build_summary_context",
    "display_name",
    "filing_unit",
    "finalize_context",
    "format_number",
    "format_period",
    "format_place_date",
    "format_short_date",
    "is_own_office",
    "number_symbol",
    "pick_period",
    "set_drafting_unit",
    "set_summary",
    "shift_deadline",
    "symbol_for",
    "table_block",
    "unit_abbreviation",
    "unit_named_in",
]


# --- 1. reply (công văn phúc đáp) ----------------------------------------------------------------


@dataclass(frozen=True)
class Answering:
    """The incoming document a reply answers: its fields, its sender's name as the office knows it
    (else the issuer read), the items of the report it asks for, the unit that drafts the answer."""

    incoming: Fields
    sender_name: str | None = None
    asked_items: list[str] | None = None
    drafting_unit_id: str | None = None


def build_reply_context(
    org: Organisation,
    answering: Answering,
    at: date,
    *,
    content: list[str] | None = None,
    signer_name: str = "",
) -> dict[str, Any]:
    """A reply to an incoming document: `V/v …`, `Phúc đáp Công văn số … ngày … của …`, Kính gửi the
    sender. A reply to a request for a report is laid out as that report: its items as headings."""
    incoming, sender_name, asked_items = answering.incoming, answering.sender_name, answering.asked_items
    drafting_unit_id = answering.drafting_unit_id
    ctx = base_context("reply", org, at, signer_name=signer_name)
    set_drafting_unit(ctx, org, unit_abbreviation(org, drafting_unit_id) or DEFAULT_DRAFTING_UNIT)
    sender = display_name(sender_name or incoming.issuer)
    if not sender:
        ctx["warnings"].append("Không xác định được cơ quan gửi văn bản đến (Kính gửi).")
    if not incoming.number_symbol:
        ctx["warnings"].append("Văn bản đến chưa có số, ký hiệu.")
    if not incoming.issue_date:
        ctx["warnings"].append("Văn bản đến chưa có ngày tháng.")
    theirs = re.sub(r"^(v/v|về việc)\s*", "", nfc(incoming.title_summary or ""), flags=re.I).strip()
    ref = ctx["ref"] = {
        "number_symbol": incoming.number_symbol or MISSING,
        "date": format_short_date(incoming.issue_date),
        "issuer": sender or MISSING,
        "summary": lower_first(theirs) if theirs else "",
    }
    subject = (
        f"phúc đáp Công văn số {incoming.number_symbol}" if incoming.number_symbol else "phúc đáp văn bản đến"
    )
    set_summary(ctx, theirs or subject)
    ctx["addressees"] = [sender or MISSING]
    about = f" về việc {ref['summary']}" if ref["summary"] else ""
    opening = (
        f"Phúc đáp Công văn số {ref['number_symbol']} ngày {ref['date']} của {ref['issuer']}{about}, "
        f"{ctx['org_name']} {'báo cáo' if asked_items else 'có ý kiến'} như sau:"
    )
    if content:
        body = [block(t) for t in content]
    elif asked_items:  # the report asked for, item by item, each with its part to write
        body = []
        for item in asked_items:
            body += [block(item, "heading"), block(f"[Nội dung báo cáo: {lower_first(_bare(item))}.]")]
    else:
        body = [
            block(
                "[Nội dung phúc đáp: ý kiến của cơ quan đối với từng nội dung đề nghị tại văn bản nêu trên.]"
            )
        ]
    closing = (
        f"Trên đây là báo cáo của {ctx['org_name']} gửi {ref['issuer']} để tổng hợp./."
        if asked_items
        else f"Trên đây là ý kiến của {ctx['org_name']} gửi {ref['issuer']} để tổng hợp./."
    )
    ctx["blocks"] = [block(opening), *body, block(closing)]
    ctx["recipients"] = ["Như trên"]
    return ctx


def _bare(item: str) -> str:
    """A heading without its numbering ("1. Kết quả thực hiện" → "Kết quả thực hiện")."""
    return re.sub(r"^\s*(?:[IVXLC]+|\d+|[a-zđ])[.)]\s*", "", item).rstrip(" .;:")


# --- 2. reminder (công văn đôn đốc) ---------------------------------------------------------------


def build_reminder_context(
    org: Organisation,
    status: RequirementStatus,
    at: date,
    *,
    reply_within_days: int = 5,
    signer_name: str = "",
) -> dict[str, Any]:
    """A reminder to the units whose report is overdue or due soon (only those: a unit that sent its
    report is neither addressed nor named): what, under which document, by when."""
    req, rows, period = status.req, status.rows, status.period
    ctx = base_context("reminder", org, at, signer_name=signer_name)
    chosen = pick_period(rows, at, period)
    owing = [r for r in rows if r.period == chosen and r.status in ("overdue", "due_soon")]
    owing.sort(key=lambda r: r.status != "overdue")  # overdue first, else the configuration's order
    due = min((r.due_date for r in owing if r.due_date), default=req.due_date)
    what = lower_first(req.what) or "báo cáo"
    ctx.update(
        period=chosen,
        period_label=format_period(chosen),
        source=source_of(req),
        what=what,
        to_whom=nfc(req.to_whom),
        due=format_short_date(due),
        today=format_short_date(at),
        new_due=format_short_date(add_working_days(at, reply_within_days, work_calendar((), org))),
    )
    set_drafting_unit(ctx, org, filing_unit(org, req.to_whom))
    set_summary(ctx, f"đôn đốc gửi {what}" + (f" {ctx['period_label']}" if ctx["period_label"] else ""))
    ctx["addressees"] = addressees_for(org, [(r.unit_id, r.unit_name) for r in owing])
    ctx["addressee_units"] = [r.unit_name for r in owing]
    items = []
    for r in owing:
        if r.status == "overdue" and r.due_date:
            late = (at - r.due_date).days
            items.append(f"- {r.unit_name}: quá hạn {late} ngày (hạn {format_short_date(r.due_date)});")
        else:
            items.append(f"- {r.unit_name}: sắp đến hạn (hạn {format_short_date(r.due_date)});")
    if items:
        items[-1] = items[-1][:-1] + "."
    else:
        ctx["warnings"].append("Không có đơn vị nào quá hạn hoặc sắp đến hạn trong kỳ này.")
    to = f" về {ctx['to_whom']}" if ctx["to_whom"] else ""
    term = f" (kỳ {ctx['period_label']})" if ctx["period_label"] else ""
    ctx["blocks"] = [
        block(
            f"Thực hiện {ctx['source']}, {ctx['org_name']} yêu cầu các cơ quan, đơn vị gửi {what}{to} "
            f"trước ngày {ctx['due']}{term}."
        ),
        block(f"Đến ngày {ctx['today']}, các đơn vị sau chưa gửi báo cáo:"),
        *(block(b) for b in items),
        block(
            f"{ctx['org_name']} đề nghị các đơn vị nêu trên khẩn trương hoàn thành và gửi báo cáo{to} "
            f"chậm nhất ngày {ctx['new_due']}. Quá thời hạn trên, đơn vị nào không gửi báo cáo, thủ "
            f"trưởng đơn vị chịu trách nhiệm trước {ctx['org_name']}./."
        ),
    ]
    ctx["recipients"] = ["Như trên"]
    return ctx
