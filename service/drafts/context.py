"""The template context of a draft (dự thảo), built from plain data. Pure: no I/O, no clock.

Every builder returns a JSON-serialisable dict whose keys templates/README.md documents. The context
of a draft is stored with it; issuance only fills in the number, the date and the signer
(`finalize_context`), so the signed text is the text the leader reviewed.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from service.drafts.wording import (
    MISSING,
    abbreviate_unit,
    authority_lines,
    body_lines,
    day_month,
    display_name,
    format_number,
    format_period,
    format_place_date,
    format_short_date,
    lower_first,
    upper_first,
    wrap_lines,
)
from service.models import Fields, Organisation, Requirement, StatusRow
from service.text import nfc
from service.text.dates import add_working_days, work_calendar

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


# --- the common part --------------------------------------------------------------------------


def symbol_for(kind: str, org: Organisation) -> str:
    code = DOC_TYPES[kind][1]
    return f"{code}-{org.short_name}" if code else org.short_name


def base_context(kind: str, org: Organisation, at: date, *, signer_name: str = "") -> dict[str, Any]:
    doc_type, _ = DOC_TYPES[kind]
    return {
        "kind": kind,
        "doc_type": doc_type,
        "is_draft": True,
        "number": BLANK_NUMBER,
        "symbol": symbol_for(kind, org),
        "place": org.place,
        "drafted_on": at.isoformat(),
        "place_date": format_place_date(org.place, None, year=at.year),
        "parent_lines": body_lines(org.parent, 26) if org.parent else [],
        "issuer_lines": body_lines(org.name, 22),
        "org_name": org.display_name or org.name,
        "subject": "",
        "summary_lines": [],
        "title_summary": "",
        "addressees": [],
        "blocks": [],
        "blocks_after": [],
        "rows": [],
        "recipients": [],
        "filing_unit": "VP",
        "authority_lines": authority_lines(org),
        "signer_name": signer_name,
        "warnings": [],
    }


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


def _block(text: str, style: str = "body") -> dict[str, str]:
    return {"style": style, "text": nfc(text)}


def body_block(text: str) -> dict[str, str]:
    """A paragraph of body text, as the drafter adds one."""
    return _block(text)


# --- 1. reply (công văn phúc đáp) ----------------------------------------------------------------


def build_reply_context(
    org: Organisation,
    incoming: Fields,
    at: date,
    *,
    sender_name: str | None = None,
    content: list[str] | None = None,
    signer_name: str = "",
) -> dict[str, Any]:
    """A reply to an incoming document: `V/v …`, `Phúc đáp Công văn số … ngày … của …`, Kính gửi the sender."""
    ctx = base_context("reply", org, at, signer_name=signer_name)
    sender = display_name(sender_name or incoming.issuer)
    if not sender:
        ctx["warnings"].append("Không xác định được cơ quan gửi văn bản đến (Kính gửi).")
    if not incoming.number_symbol:
        ctx["warnings"].append("Văn bản đến chưa có số, ký hiệu.")
    if not incoming.issue_date:
        ctx["warnings"].append("Văn bản đến chưa có ngày tháng.")
    theirs = re.sub(r"^(v/v|về việc)\s*", "", nfc(incoming.title_summary or ""), flags=re.I).strip()
    ctx["ref"] = {
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
    ctx["blocks"] = [
        _block(t)
        for t in (
            content
            or ["[Nội dung phúc đáp: ý kiến của cơ quan đối với từng nội dung đề nghị tại văn bản nêu trên.]"]
        )
    ]
    ctx["recipients"] = ["Như trên"]
    return ctx


# --- 2. reminder (công văn đôn đốc) ---------------------------------------------------------------


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
    return (due or periods or [None])[-1 if due else 0]


def _source(req: Requirement) -> str:
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


def build_reminder_context(
    org: Organisation,
    req: Requirement,
    rows: list[StatusRow],
    at: date,
    *,
    period: str | None = None,
    reply_within_days: int = 5,
    signer_name: str = "",
) -> dict[str, Any]:
    """A reminder to the units whose report is overdue or due soon: what, under which document, by when."""
    ctx = base_context("reminder", org, at, signer_name=signer_name)
    chosen = pick_period(rows, at, period)
    owing = [r for r in rows if r.period == chosen and r.status in ("overdue", "due_soon")]
    owing.sort(key=lambda r: r.status != "overdue")  # overdue first, else the configuration's order
    due = min((r.due_date for r in owing if r.due_date), default=req.due_date)
    what = lower_first(req.what) or "báo cáo"
    ctx.update(
        period=chosen,
        period_label=format_period(chosen),
        source=_source(req),
        what=what,
        to_whom=nfc(req.to_whom),
        due=format_short_date(due),
        today=format_short_date(at),
        new_due=format_short_date(add_working_days(at, reply_within_days, work_calendar((), org))),
    )
    set_summary(ctx, f"đôn đốc gửi {what}" + (f" {ctx['period_label']}" if ctx["period_label"] else ""))
    ctx["addressees"] = addressees_for(org, [(r.unit_id, r.unit_name) for r in owing])
    blocks = []
    for r in owing:
        if r.status == "overdue" and r.due_date:
            late = (at - r.due_date).days
            blocks.append(f"- {r.unit_name}: quá hạn {late} ngày (hạn {format_short_date(r.due_date)});")
        else:
            blocks.append(f"- {r.unit_name}: sắp đến hạn (hạn {format_short_date(r.due_date)});")
    if blocks:
        blocks[-1] = blocks[-1][:-1] + "."
    else:
        ctx["warnings"].append("Không có đơn vị nào quá hạn hoặc sắp đến hạn trong kỳ này.")
    ctx["blocks"] = [_block(b) for b in blocks]
    ctx["recipients"] = ["Như trên"]
    ctx["filing_unit"] = _filing_unit(org, req.to_whom)
    return ctx


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


def _filing_unit(org: Organisation, to_whom: str) -> str:
    """The unit that keeps the file copy: the bureau named in `to_whom` (…qua Phòng …), else VP."""
    folded = nfc(to_whom).lower()
    for u in org.units:
        if any(n.lower() in folded for n in (u.name, *u.aliases)):
            return abbreviate_unit(u.name)
    return "VP"


# --- 3. summary report (báo cáo tổng hợp) ---------------------------------------------------------


def build_summary_context(
    org: Organisation,
    req: Requirement,
    rows: list[StatusRow],
    at: date,
    *,
    period: str | None = None,
    addressees: list[str] | None = None,
    signer_name: str = "",
) -> dict[str, Any]:
    """Counts, a table of units with the date and number of each report and its status, the missing."""
    ctx = base_context("summary", org, at, signer_name=signer_name)
    chosen = pick_period(rows, at, period)
    mine = [r for r in rows if r.period == chosen]  # in the configuration's order of units
    what = lower_first(req.what) or "báo cáo"
    label = format_period(chosen)
    ctx.update(period=chosen, period_label=label, source=_source(req), what=what, to_whom=nfc(req.to_whom))
    set_summary(ctx, f"Tổng hợp tình hình gửi {what}" + (f" {label}" if label else ""))
    ctx["addressees"] = list(addressees or [])
    sent = [r for r in mine if r.status in ("on_time", "late")]
    missing = [r for r in mine if r.status not in ("on_time", "late")]
    count = {s: sum(1 for r in mine if r.status == s) for s in STATUS_LABELS}
    due = min((r.due_date for r in mine if r.due_date), default=req.due_date)
    ctx["blocks"] = [
        _block("I. TÌNH HÌNH THỰC HIỆN", "heading"),
        _block(
            f"Thực hiện {ctx['source']}, các cơ quan, đơn vị gửi {what}"
            + (f" về {ctx['to_whom']}" if ctx["to_whom"] else "")
            + f" trước ngày {format_short_date(due)}. Tính đến ngày {format_short_date(at)}, tổng số đơn vị "
            f"phải báo cáo: {len(mine)}; đã gửi: {len(sent)} (đúng hạn: {count['on_time']}, chậm hạn: "
            f"{count['late']}); chưa gửi: {len(missing)} (quá hạn: {count['overdue']}, sắp đến hạn: "
            f"{count['due_soon']}, chưa đến hạn: {count['not_due']})."
        ),
        _block("Chi tiết từng đơn vị như sau:"),
    ]
    ctx["rows"] = [
        {
            "index": i,
            "unit": r.unit_name,
            "number_symbol": r.submission_number_symbol or "",
            "date": format_short_date(r.submission_date) if r.submission_date else "",
            "status": STATUS_LABELS.get(r.status, r.status),
        }
        for i, r in enumerate(mine, 1)
    ]
    after = [_block("II. CÁC ĐƠN VỊ CHƯA GỬI BÁO CÁO", "heading")]
    if missing:
        after += [
            _block(
                f"- {r.unit_name} ({STATUS_LABELS.get(r.status, r.status).lower()})"
                + (";" if i < len(missing) else ".")
            )
            for i, r in enumerate(missing, 1)
        ]
        after.append(_block("III. ĐỀ XUẤT", "heading"))
        after.append(
            _block(
                "Đề nghị các đơn vị chưa gửi báo cáo khẩn trương hoàn thành, gửi về "
                f"{ctx['to_whom'] or ctx['org_name']} để tổng hợp theo quy định."
            )
        )
    else:
        after.append(_block("Tất cả các đơn vị đã gửi báo cáo."))
    ctx["blocks_after"] = after
    ctx["recipients"] = [f"{display_name(org.parent)} (b/c)"] if org.parent else []
    ctx["recipients"] += ["Lãnh đạo " + ctx["org_name"], "Các đơn vị thuộc diện báo cáo"]
    ctx["filing_unit"] = _filing_unit(org, req.to_whom)
    ctx["counts"] = {"total": len(mine), "sent": len(sent), "missing": len(missing), **count}
    return ctx


# --- 4. implementing plan (kế hoạch triển khai) ------------------------------------------------------


def shift_deadline(
    deadline_date: date | None, rule: dict[str, Any] | None, margin_days: int
) -> tuple[date | None, dict[str, int] | None]:
    """The office's own deadline, `margin_days` ahead of the higher body's (a date or a yearly day)."""
    if deadline_date:
        return deadline_date - timedelta(days=margin_days), None
    if rule and "day" in rule and "month" in rule:
        d = date(2001, int(rule["month"]), int(rule["day"])) - timedelta(days=margin_days)  # a common year
        return None, {"day": d.day, "month": d.month}
    return None, None


def _deadline_text(d: date | None, rule: dict[str, int] | None, recurrence: str | None) -> str:
    if d:
        return f"trước ngày {format_short_date(d)}"
    if rule:
        day, month = day_month(date(2001, rule["month"], rule["day"]))
        return f"trước ngày {day} tháng {month} hằng năm"
    return ""


def _assignees(org: Organisation, deadline) -> str:
    names = [
        u.name for uid in (*deadline.lead_unit_ids, *deadline.unit_ids) if (u := org.unit(uid)) is not None
    ]
    names += [g.name for gid in deadline.group_ids for g in org.groups if g.id == gid]
    names = list(dict.fromkeys(names))
    # a group's name ("Các cơ quan, ban, ngành huyện") is written small inside the list; groups
    # joined with "; " since their names hold commas
    if not names:
        return "Các cơ quan, đơn vị liên quan"
    names = [names[0], *(lower_first(n) if n.startswith("Các ") else n for n in names[1:])]
    return ("; " if any("," in n for n in names) else ", ").join(names)


def build_plan_context(
    org: Organisation, higher: Fields, at: date, *, margin_days: int, signer_name: str = ""
) -> dict[str, Any]:
    """From a higher body's plan: `Căn cứ Kế hoạch số … của …`, its tasks passed down to the office's
    units, and the office's own reporting deadline `margin_days` ahead of the higher body's one."""
    ctx = base_context("plan", org, at, signer_name=signer_name)
    issuer = display_name(higher.issuer)
    theirs = nfc(higher.title_summary or "").strip()
    ref = {
        "doc_type": (higher.doc_type or "Kế hoạch").capitalize(),
        "number_symbol": higher.number_symbol or MISSING,
        "date": format_short_date(higher.issue_date),
        "issuer": issuer or MISSING,
        "summary": lower_first(theirs) if theirs else "",
    }
    ctx["ref"] = ref
    for key, label in (
        ("number_symbol", "số, ký hiệu"),
        ("date", "ngày tháng"),
        ("issuer", "cơ quan ban hành"),
    ):
        if ref[key] == MISSING:
            ctx["warnings"].append(f"Kế hoạch của cấp trên chưa có {label}.")
    set_summary(
        ctx,
        f"Triển khai thực hiện {ref['doc_type']} số {ref['number_symbol']} ngày {ref['date']} "
        f"của {ref['issuer']}",
    )
    tasks, own_dates, own_rules = [], [], []
    for i, dl in enumerate(sorted(higher.deadlines, key=lambda d: (d.date or date.max, d.date_or_rule)), 1):
        d, rule = shift_deadline(dl.date, dl.rule, margin_days)
        when = _deadline_text(d, rule, dl.recurrence) or nfc(dl.date_or_rule)
        if d is not None and not dl.recurrence and d < at:
            # already past on the day of drafting: the drafter sets a new time or drops the task
            ctx["warnings"].append(
                f"Nhiệm vụ {i}: thời hạn {when} đã qua; cần sửa thời hạn hoặc bỏ nhiệm vụ."
            )
            when, d = f"[{when} đã qua: sửa thời hạn]", None
        if dl.is_report:
            own_dates += [d] if d else []
            own_rules += [rule] if rule else []
        what = nfc(dl.what) or nfc(dl.date_or_rule)
        tasks += [
            _block(f"{i}. {what[:1].upper() + what[1:]}"),
            _block(f"- Đơn vị thực hiện: {_assignees(org, dl)}."),
            _block(f"- Thời hạn: {when}."),
        ]
    if not tasks:
        ctx["warnings"].append("Không tìm thấy nhiệm vụ có thời hạn trong kế hoạch của cấp trên.")
        tasks = [
            _block("[Nhiệm vụ cụ thể giao cho các cơ quan, đơn vị: bổ sung theo kế hoạch của cấp trên.]")
        ]
    if own_dates:
        own = f"trước ngày {format_short_date(min(own_dates))}"
    elif own_rules:
        r = min(own_rules, key=lambda x: (x["month"], x["day"]))
        own = _deadline_text(None, r, "yearly")
    else:
        own = "theo thời hạn nêu tại mục II"
    ctx["own_deadline"] = own
    ctx["blocks"] = [
        _block("I. MỤC ĐÍCH, YÊU CẦU", "heading"),
        _block(
            f"Triển khai kịp thời, đầy đủ các nhiệm vụ được giao tại {ref['doc_type']} số "
            f"{ref['number_symbol']} của {ref['issuer']}; phân công cụ thể cho các cơ quan, đơn vị; "
            "bảo đảm báo cáo đúng thời hạn."
        ),
        _block("II. NHIỆM VỤ CỤ THỂ", "heading"),
        *tasks,
        _block("III. TỔ CHỨC THỰC HIỆN", "heading"),
        _block(
            "Các cơ quan, đơn vị được giao nhiệm vụ chủ động triển khai thực hiện, báo cáo kết quả về "
            f"{ctx['org_name']} {own}, để tổng hợp, báo cáo {ref['issuer']} theo quy định."
        ),
    ]
    ctx["recipients"] = [f"{issuer} (b/c)" if issuer else MISSING]
    ctx["recipients"] += [g.name for g in org.groups] or ["Các cơ quan, đơn vị liên quan"]
    return ctx
