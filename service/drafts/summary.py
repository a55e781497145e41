"""A summary report (báo cáo tổng hợp) for a requirement and period. Pure: no I/O, no clock.

Who sent what (counts, a table of the units' reports and their statuses, the missing), and, when the
reports could be read again, what they said: their tables added up, the numbers their text states,
their key sentences, and what could not be read.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from service.drafts.common import (
    STATUS_LABELS,
    RequirementStatus,
    base_context,
    block,
    filing_unit,
    pick_period,
    set_drafting_unit,
    set_summary,
    source_of,
    table_block,
)
from service.drafts.compile import Compilation
from service.drafts.wording import display_name, format_period, format_short_date, lower_first
from service.models import Organisation, StatusRow
from service.text import nfc

ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII")
SENT = ("on_time", "late")


def status_table(mine: list[StatusRow]) -> dict[str, Any]:
    return {
        "title": "Tình hình gửi báo cáo của các đơn vị",
        "header": ["STT", "Đơn vị", "Số, ký hiệu báo cáo", "Ngày nhận", "Tình trạng"],
        "rows": [
            [
                str(i),
                r.unit_name,
                r.submission_number_symbol or "",
                format_short_date(r.submission_date) if r.submission_date else "",
                STATUS_LABELS.get(r.status, r.status),
            ]
            for i, r in enumerate(mine, 1)
        ],
        "total": None,
    }


def _sections(ctx: dict[str, Any], compiled: Compilation | None) -> list[tuple[str, list[dict[str, Any]]]]:
    """The compiled part: what the units reported, and what could not be read."""
    if compiled is None:
        return []
    out = []
    body: list[dict[str, Any]] = []
    for table in compiled.tables:
        body.append(block(f"{table.title}:"))
        body.append(table_block(ctx, table.to_json()))
    if compiled.quotes:
        body.append(block("Một số nội dung chính trong báo cáo của các đơn vị:"))
        for q in compiled.quotes:
            body.append(block(f"- {q.unit_name} ({q.cited}):"))
            body += [block(f"«{s}»") for s in q.sentences]
    if body:
        out.append(("KẾT QUẢ THỰC HIỆN (TỔNG HỢP TỪ BÁO CÁO CỦA CÁC ĐƠN VỊ)", body))
    if compiled.unread:
        items = [
            block("Các nội dung sau chưa đọc được từ báo cáo của đơn vị, chưa đưa vào số liệu tổng hợp:")
        ]
        items += [
            block(f"- {u}" + (";" if i < len(compiled.unread) else "."))
            for i, u in enumerate(compiled.unread, 1)
        ]
        out.append(("NỘI DUNG CHƯA ĐỌC ĐƯỢC", items))
    return out


Section = tuple[str, list[dict[str, Any]]]


def _reporting_section(ctx: dict[str, Any], mine: list[StatusRow], due, at: date) -> Section:
    """I. Who had to report, who did, on time or late, who did not: counts and the table of units."""
    sent = [r for r in mine if r.status in SENT]
    count = {s: sum(1 for r in mine if r.status == s) for s in STATUS_LABELS}
    to = f" về {ctx['to_whom']}" if ctx["to_whom"] else ""
    text = (
        f"Thực hiện {ctx['source']}, các cơ quan, đơn vị gửi {ctx['what']}{to} trước ngày "
        f"{format_short_date(due)}. Tính đến ngày {format_short_date(at)}, tổng số đơn vị phải báo cáo: "
        f"{len(mine)}; đã gửi: {len(sent)} (đúng hạn: {count['on_time']}, chậm hạn: {count['late']}); "
        f"chưa gửi: {len(mine) - len(sent)} (quá hạn: {count['overdue']}, sắp đến hạn: {count['due_soon']}, "
        f"chưa đến hạn: {count['not_due']})."
    )
    body = [block(text), block("Chi tiết từng đơn vị như sau:"), table_block(ctx, status_table(mine))]
    if len(sent) == len(mine):
        body.append(block("Tất cả các đơn vị đã gửi báo cáo."))
    ctx["counts"] = {"total": len(mine), "sent": len(sent), "missing": len(mine) - len(sent), **count}
    return ("TÌNH HÌNH THỰC HIỆN CHẾ ĐỘ BÁO CÁO", body)


def _missing_sections(ctx: dict[str, Any], missing: list[StatusRow]) -> list[Section]:
    """The units that did not report, and what the office proposes."""
    if not missing:
        return []
    items = [
        block(
            f"- {r.unit_name} ({STATUS_LABELS.get(r.status, r.status).lower()})"
            + (";" if i < len(missing) else ".")
        )
        for i, r in enumerate(missing, 1)
    ]
    proposal = block(
        "Đề nghị các đơn vị chưa gửi báo cáo khẩn trương hoàn thành, gửi về "
        f"{ctx['to_whom'] or ctx['org_name']} để tổng hợp theo quy định."
    )
    return [("CÁC ĐƠN VỊ CHƯA GỬI BÁO CÁO", items), ("ĐỀ XUẤT", [proposal])]


def build_summary_context(
    org: Organisation,
    status: RequirementStatus,
    at: date,
    *,
    addressees: list[str] | None = None,
    compiled: Compilation | None = None,
    signer_name: str = "",
) -> dict[str, Any]:
    """Counts, a table of units with the date and number of each report and its status, what the
    reports said (compiled), what could not be read, the missing units."""
    req, rows, period = status.req, status.rows, status.period
    ctx = base_context("summary", org, at, signer_name=signer_name)
    chosen = pick_period(rows, at, period)
    mine = [r for r in rows if r.period == chosen]  # in the configuration's order of units
    what = lower_first(req.what) or "báo cáo"
    label = format_period(chosen)
    ctx.update(period=chosen, period_label=label, source=source_of(req), what=what, to_whom=nfc(req.to_whom))
    set_drafting_unit(ctx, org, filing_unit(org, req.to_whom))
    subject = what[len("báo cáo ") :] if what.startswith("báo cáo ") else what
    set_summary(ctx, f"Tổng hợp {subject}" + (f" {label}" if label else ""))
    ctx["addressees"] = list(addressees or [])
    due = min((r.due_date for r in mine if r.due_date), default=req.due_date)
    sections = [_reporting_section(ctx, mine, due, at)]
    sections += _sections(ctx, compiled)
    sections += _missing_sections(ctx, [r for r in mine if r.status not in SENT])
    blocks = []
    for n, (heading, body) in enumerate(sections):
        blocks.append(block(f"{ROMAN[n]}. {heading}", "heading"))
        blocks += body
    closing = f"Trên đây là báo cáo tổng hợp {subject} của {ctx['org_name']}" + (f" {label}" if label else "")
    ctx["blocks"] = [*blocks, block(closing + "./.")]
    ctx["recipients"] = [f"{display_name(org.parent)} (b/c)"] if org.parent else []
    ctx["recipients"] += ["Lãnh đạo " + ctx["org_name"], "Các đơn vị thuộc diện báo cáo"]
    return ctx
