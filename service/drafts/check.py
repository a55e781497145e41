"""`vanthu check` for the drafts: every template renders, leaves no tag behind and keeps the decree's layout."""

from __future__ import annotations

import importlib.util
from datetime import date
from pathlib import Path
from typing import Any

from service.drafts import context as C
from service.drafts.render import TEMPLATES_DIR, render_docx, template_path
from service.models import Deadline, Fields, Organisation, Requirement, StatusRow, Unit, UnitGroup

# The layout checker shipped beside the project (../shared/nd30check.py), used when present.
ND30CHECK = Path(__file__).resolve().parents[3] / "shared" / "nd30check.py"

SAMPLE_ORG = Organisation(
    name="Ủy ban nhân dân huyện Tam Đường",
    short_name="UBND",
    display_name="UBND huyện Tam Đường",
    parent="Ủy ban nhân dân tỉnh Lai Châu",
    place="Tam Đường",
    units=(
        Unit("ld-tbxh", "Phòng Lao động - Thương binh và Xã hội", groups=("co-quan",)),
        Unit("noi-vu", "Phòng Nội vụ", groups=("co-quan",)),
        Unit("ban-bo", "UBND xã Bản Bo", groups=("xa",)),
        Unit("then-sin", "UBND xã Thèn Sin", groups=("xa",)),
    ),
    groups=(UnitGroup("co-quan", "Các cơ quan, ban, ngành huyện"), UnitGroup("xa", "UBND các xã, thị trấn")),
)


def _sample_rows(org: Organisation, req: Requirement) -> list[StatusRow]:
    """Every unit of `org` in one of four statuses, in turn; the first two with their report."""
    statuses = ["on_time", "late", "overdue", "due_soon"]
    return [
        StatusRow(
            1,
            "904/KH-UBND",
            req.what,
            "2023",
            date(2023, 11, 10),
            u.id,
            u.name,
            statuses[i % 4],
            submission_number_symbol=f"{12 + i}/BC-UBND" if i % 4 < 2 else None,
            submission_date=date(2023, 11, 8 + i) if i % 4 < 2 else None,
        )
        for i, u in enumerate(org.units)
    ]


def sample_contexts(
    org: Organisation = SAMPLE_ORG, at: date = date(2023, 11, 15)
) -> dict[str, dict[str, Any]]:
    """One context per kind, from made-up but typical data (also used by the tests and the bench)."""
    req = Requirement(
        id=1,
        source_document_id=1,
        source_number_symbol="904/KH-UBND",
        what="báo cáo kết quả thực hiện Kế hoạch giảm nghèo bền vững",
        to_whom="UBND huyện qua Phòng Lao động - Thương binh và Xã hội",
        recurrence="yearly",
        due_date=date(2023, 11, 10),
        rule={"day": 10, "month": 11},
        unit_ids=[u.id for u in org.units],
    )
    rows = _sample_rows(org, req)
    incoming = Fields(
        doc_type="Công văn",
        number_symbol="2775/SNV-CCHC&VTLT",
        issue_date=date(2023, 10, 5),
        issuer="Sở Nội vụ tỉnh Lai Châu",
        title_summary="V/v báo cáo tình hình thực hiện cải cách hành chính năm 2023",
    )
    higher = Fields(
        doc_type="Kế hoạch",
        number_symbol="2282/KH-UBND",
        issue_date=date(2022, 7, 1),
        issuer="UBND tỉnh Lai Châu",
        title_summary="thực hiện Chương trình mục tiêu quốc gia giảm nghèo bền vững",
        deadlines=[
            Deadline(
                "trước ngày 10 tháng 11 hằng năm",
                None,
                what="báo cáo kết quả thực hiện",
                recurrence="yearly",
                rule={"day": 10, "month": 11},
                group_ids=[g.id for g in org.groups],
                is_report=True,
            )
        ],
    )
    return {
        "reply": C.build_reply_context(org, C.Answering(incoming), at),
        "reminder": C.build_reminder_context(org, C.RequirementStatus(req, rows), at),
        "summary": C.build_summary_context(org, C.RequirementStatus(req, rows), at),
        "plan": C.build_plan_context(org, higher, at, margin_days=5),
    }


def _nd30():
    if not ND30CHECK.is_file():
        return None
    spec = importlib.util.spec_from_file_location("nd30check", ND30CHECK)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def render_all_templates(tmpdir: str | Path, templates_dir: Path | None = None) -> list[str]:
    """Render every template as a draft and as an issued document; return the problems found."""
    from docx import Document

    problems: list[str] = []
    out = Path(tmpdir)
    nd30 = _nd30()
    for kind, ctx in sample_contexts().items():
        if not template_path(kind, templates_dir or TEMPLATES_DIR).is_file():
            problems.append(f"{kind}: template {kind}.docx missing")
            continue
        final = C.finalize_context(ctx, number=1, issued_on=date(2023, 11, 16), signer_name="Nguyễn Văn A")
        for label, c in (("draft", ctx), ("final", final)):
            path = out / f"{kind}-{label}.docx"
            try:
                render_docx(kind, c, path, templates_dir)
                text = "\n".join(p.text for p in Document(str(path)).paragraphs)
            except Exception as exc:  # a broken template is reported, not raised
                problems.append(f"{kind} ({label}): does not render: {exc}")
                continue
            if "{{" in text or "{%" in text:
                problems.append(f"{kind} ({label}): template tags left in the output")
            if ("DỰ THẢO" in text) != (label == "draft"):
                problems.append(f"{kind} ({label}): DỰ THẢO mark wrong")
            if nd30 is not None:
                problems += [f"{kind} ({label}): {p['rule']}: {p['detail']}" for p in nd30.check(str(path))]
    return problems
