"""An implementing plan (kế hoạch triển khai) of a higher body's plan. Pure: no I/O, no clock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from service.drafts.common import base_context, block, is_own_office, set_summary
from service.drafts.wording import MISSING, day_month, display_name, format_short_date, lower_first
from service.models import Deadline, Fields, Organisation, Requirement
from service.text import nfc


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


def _deadline_text(d: date | None, rule: dict[str, int] | None) -> str:
    if d:
        return f"trước ngày {format_short_date(d)}"
    if rule:
        day, month = day_month(date(2001, rule["month"], rule["day"]))
        return f"trước ngày {day} tháng {month} hằng năm"
    return ""


@dataclass(frozen=True)
class Task:
    """One task of the higher plan as the office passes it down: what, who, by when."""

    what: str
    unit_ids: tuple[str, ...]
    group_ids: tuple[str, ...]
    date: date | None
    rule: dict[str, Any] | None
    recurrence: str | None
    is_report: bool
    when_text: str


def tasks_of(higher: Fields, corrected: list[Requirement] | None = None) -> list[Task]:
    """The higher plan's tasks. Where the clerk corrected the reporting requirements the plan gave rise
    to (what, units, due date), their corrected text stands in for the extracted report deadlines."""
    out = []
    reports = [r for r in corrected or [] if not r.closed]
    for dl in higher.deadlines:
        if dl.is_report and reports:
            continue
        out.append(_task_of(dl))
    for req in reports:
        out.append(
            Task(
                what=nfc(req.what),
                unit_ids=tuple(req.unit_ids),
                group_ids=(),
                date=req.due_date if not req.recurrence else None,
                rule=req.rule if req.recurrence == "yearly" else None,
                recurrence=req.recurrence,
                is_report=True,
                when_text="",
            )
        )
    return sorted(out, key=lambda t: (t.date or date.max, t.when_text))


def _task_of(dl: Deadline) -> Task:
    return Task(
        what=nfc(dl.what) or nfc(dl.date_or_rule),
        unit_ids=tuple(dict.fromkeys((*dl.lead_unit_ids, *dl.unit_ids))),
        group_ids=tuple(dl.group_ids),
        date=dl.date,
        rule=dl.rule,
        recurrence=dl.recurrence,
        is_report=dl.is_report,
        when_text=nfc(dl.date_or_rule),
    )


def assignee_names(org: Organisation, unit_ids, group_ids) -> list[str]:
    """Each unit or group once: a group by its name, a unit only when no group named covers it; the
    groups that hold every unit named stand for them."""
    groups = list(dict.fromkeys(group_ids))
    units = [u for uid in dict.fromkeys(unit_ids) if (u := org.unit(uid)) is not None]
    for g in org.groups:  # all of a group's units named: the group, once
        members = org.units_in_group(g.id)
        if members and g.id not in groups and all(m in units for m in members):
            groups.append(g.id)
    names = [g.name for gid in groups for g in org.groups if g.id == gid]
    names += [u.name for u in units if not set(u.groups) & set(groups)]
    return list(dict.fromkeys(names))


def _joined(names: list[str]) -> str:
    # a group's name ("Các cơ quan, ban, ngành huyện") is written small inside the list; groups
    # joined with "; " since their names hold commas
    if not names:
        return "Các cơ quan, đơn vị liên quan"
    names = [names[0], *(lower_first(n) if n.startswith("Các ") else n for n in names[1:])]
    return ("; " if any("," in n for n in names) else ", ").join(names)


def _ref(higher: Fields) -> dict[str, str]:
    theirs = nfc(higher.title_summary or "").strip()
    return {
        "doc_type": (higher.doc_type or "Kế hoạch").capitalize(),
        "number_symbol": higher.number_symbol or MISSING,
        "date": format_short_date(higher.issue_date),
        "issuer": display_name(higher.issuer) or MISSING,
        "summary": lower_first(theirs) if theirs else "",
    }


_REF_LABELS = (("number_symbol", "số, ký hiệu"), ("date", "ngày tháng"), ("issuer", "cơ quan ban hành"))


@dataclass
class _Tasks:
    blocks: list[dict[str, Any]]
    own_deadline: str
    assigned: list[str]


def _task_blocks(
    org: Organisation, tasks: list[Task], at: date, margin_days: int, warnings: list[str]
) -> _Tasks:
    """Each task with its units and its time (the office's, `margin_days` ahead); a time already past
    on the day of drafting is flagged for the drafter to set again or drop."""
    out, own_dates, own_rules, assigned = [], [], [], []
    for i, task in enumerate(tasks, 1):
        d, rule = shift_deadline(task.date, task.rule, margin_days)
        when = _deadline_text(d, rule) or task.when_text or "[thời hạn: bổ sung]"
        if d is not None and not task.recurrence and d < at:
            warnings.append(f"Nhiệm vụ {i}: thời hạn {when} đã qua; cần sửa thời hạn hoặc bỏ nhiệm vụ.")
            when, d = f"[{when} đã qua: sửa thời hạn]", None
        if task.is_report:
            own_dates += [d] if d else []
            own_rules += [rule] if rule else []
        names = assignee_names(org, task.unit_ids, task.group_ids)
        assigned += names
        out += [
            block(f"{i}. {task.what[:1].upper() + task.what[1:]}"),
            block(f"- Đơn vị thực hiện: {_joined(names)}."),
            block(f"- Thời hạn: {when}."),
        ]
    if own_dates:
        own = f"trước ngày {format_short_date(min(own_dates))}"
    elif own_rules:
        own = _deadline_text(None, min(own_rules, key=lambda x: (x["month"], x["day"])))
    else:
        own = "theo thời hạn nêu tại mục II"
    return _Tasks(out, own, assigned)


def _plan_blocks(
    ctx: dict[str, Any], ref: dict[str, str], tasks: _Tasks, own_office: bool
) -> list[dict[str, Any]]:
    """The plan's body: its basis, purpose, tasks and how it is carried out."""
    return [
        block(
            f"Căn cứ {ref['doc_type']} số {ref['number_symbol']} ngày {ref['date']} của {ref['issuer']}"
            + (f" {ref['summary']}" if ref["summary"] else "")
            + ";",
            "basis",
        ),
        block(f"{ctx['org_name']} ban hành Kế hoạch triển khai thực hiện như sau:"),
        block("I. MỤC ĐÍCH, YÊU CẦU", "heading"),
        block(
            f"Triển khai kịp thời, đầy đủ các nhiệm vụ được giao tại {ref['doc_type']} số "
            f"{ref['number_symbol']} của {ref['issuer']}; phân công cụ thể cho các cơ quan, đơn vị; "
            "bảo đảm báo cáo đúng thời hạn."
        ),
        block("II. NHIỆM VỤ CỤ THỂ", "heading"),
        *tasks.blocks,
        block("III. TỔ CHỨC THỰC HIỆN", "heading"),
        block(
            "Các cơ quan, đơn vị được giao nhiệm vụ chủ động triển khai thực hiện, báo cáo kết quả về "
            f"{ctx['org_name']} {tasks.own_deadline}, để tổng hợp"
            + ("" if own_office else f", báo cáo {ref['issuer']}")
            + " theo quy định./."
        ),
    ]


def build_plan_context(
    org: Organisation,
    higher: Fields,
    at: date,
    *,
    margin_days: int,
    corrected: list[Requirement] | None = None,
    signer_name: str = "",
) -> dict[str, Any]:
    """From a higher body's plan: `Căn cứ Kế hoạch số … của …`, its tasks passed down to the office's
    units (each unit or group once; a time already past flagged for the drafter), and the office's own
    reporting deadline `margin_days` ahead of the higher body's one. No copy goes to the office itself."""
    ctx = base_context("plan", org, at, signer_name=signer_name)
    ref = ctx["ref"] = _ref(higher)
    for key, label in (
        ("number_symbol", "số, ký hiệu"),
        ("date", "ngày tháng"),
        ("issuer", "cơ quan ban hành"),
    ):
        if ref[key] == MISSING:
            ctx["warnings"].append(f"Kế hoạch của cấp trên chưa có {label}.")
    set_summary(
        ctx,
        f"Triển khai thực hiện {ref['doc_type']} số {ref['number_symbol']} ngày {ref['date']} của {ref['issuer']}",
    )
    tasks = _task_blocks(org, tasks_of(higher, corrected), at, margin_days, ctx["warnings"])
    if not tasks.blocks:
        ctx["warnings"].append("Không tìm thấy nhiệm vụ có thời hạn trong kế hoạch của cấp trên.")
        tasks.blocks = [
            block("[Nhiệm vụ cụ thể giao cho các cơ quan, đơn vị: bổ sung theo kế hoạch của cấp trên.]")
        ]
    ctx["own_deadline"] = tasks.own_deadline
    own_office = is_own_office(org, ref["issuer"])
    ctx["blocks"] = _plan_blocks(ctx, ref, tasks, own_office)
    recipients = [] if own_office else [f"{ref['issuer']} (b/c)"]
    recipients += list(dict.fromkeys(tasks.assigned)) or ["Các cơ quan, đơn vị liên quan"]
    ctx["recipients"] = [r for r in recipients if not is_own_office(org, r)]
    return ctx
