"""A small, believable office for the page tests and screenshots: a plan, its yearly report,
the communes' reports (some late, some missing), a hostile title and a deadline next week."""

from __future__ import annotations

import hashlib
from datetime import date, datetime, time, timedelta

from service.models import Fields, ReadResult, Requirement
from service.store import documents as docs
from service.store import followups
from service.store import tracking as tstore

SCRIPT_TITLE = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned=2">Trích yếu có thẻ'


def add_document(
    rt,
    *,
    title: str = "Báo cáo tình hình giảm nghèo năm 2025",
    text: str | None = None,
    number_symbol: str | None = "15/BC-UBND",
    issuer: str | None = "UBND xã Bản Bo",
    doc_type: str | None = "Báo cáo",
    arrived_at: datetime | None = None,
    issue_date: date | None = None,
    original: bytes = b"%PDF-1.4 test\n",
    suffix: str = ".pdf",
    fmt: str = "pdf_text",
    sender: str | None = None,
    conn=None,
) -> docs.Document:
    """A registered document with a real original file under data/originals."""
    sha = hashlib.sha256(original + title.encode() + (number_symbol or "").encode()).hexdigest()
    rel = f"originals/{sha[:2]}/{sha}{suffix}"
    path = rt.data_path(rel)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(original)
    fields = Fields(
        doc_type=doc_type,
        number_symbol=number_symbol,
        issuer=issuer,
        title_summary=title,
        issue_date=issue_date,
        confidence={"number_symbol": 0.45, "title_summary": 0.9, "issuer": 0.85, "issue_date": 0.6},
        warnings=[] if issue_date else ["Ngày ban hành không đọc được, đề nghị kiểm tra."],
    )
    new = docs.NewDocument(
        arrived_at=arrived_at or rt.now(),
        file_name=f"vb-{sha[:6]}{suffix}",
        source_path=f"vb-{sha[:6]}{suffix}",
        sha256=sha,
        size=len(original),
        original_path=rel,
        sender_unit_id=sender,
        read=ReadResult(text=text if text is not None else title, format=fmt),
        fields=fields,
    )
    if conn is not None:
        return docs.insert_document(conn, new)
    with rt.store.write() as conn:
        return docs.insert_document(conn, new)


def seed_office(rt) -> dict:
    """Returns the ids the tests need."""
    org = rt.config.organisation
    communes = [u.id for u in org.units if "ubnd-xa" in u.groups]
    today = rt.now().date()
    plan = add_document(
        rt,
        title='Thực hiện phong trào thi đua "Vì người nghèo - Không để ai bị bỏ lại phía sau" '
        "giai đoạn 2021 - 2025",
        number_symbol="904/KH-UBND",
        doc_type="Kế hoạch",
        issuer="UBND huyện Tam Đường",
        arrived_at=datetime(2022, 7, 22, 9, 15),
        issue_date=date(2022, 7, 21),
        text="KẾ HOẠCH Thực hiện phong trào thi đua Vì người nghèo. Báo cáo kết quả giảm nghèo "
        "trước ngày 10 tháng 11 hằng năm.",
    )
    now = rt.now()
    with rt.store.write() as conn:
        yearly = tstore.add_requirement(
            conn,
            Requirement(
                id=None,
                source_document_id=plan.id,
                source_number_symbol="904/KH-UBND",
                what="Báo cáo kết quả thực hiện phong trào thi đua vì người nghèo",
                to_whom="UBND huyện (qua Phòng Lao động - Thương binh và Xã hội)",
                recurrence="yearly",
                due_date=date(2022, 11, 10),
                rule={"day": 10, "month": 11},
                unit_ids=communes,
                confirmed=True,
            ),
            now=now,
            actor="seed",
        )
        soon = tstore.add_requirement(
            conn,
            Requirement(
                id=None,
                source_document_id=None,
                source_number_symbol="2775/SNV-CCHC&VTLT",
                what="Báo cáo công tác văn thư, lưu trữ",
                to_whom="Phòng Nội vụ",
                due_date=today + timedelta(days=5),
                unit_ids=communes[:6],
                confirmed=True,
            ),
            now=now,
            actor="seed",
        )
        followups.add_followup(
            conn,
            followups.NewFollowup(
                document_id=plan.id,
                requirement_id=yearly,
                receiving_unit="Phòng Lao động - Thương binh và Xã hội",
                deadline=date(2022, 11, 10),
            ),
        )
    # Reports: every commune for the past years, a few this year (on time and late).
    this_year = today.year
    with rt.store.write() as conn:
        for year in range(2022, this_year + 1):
            senders = communes if year < this_year else communes[:5]
            for i, unit_id in enumerate(senders):
                late = i % 4 == 3
                received = date(year, 11, 12 if late else 6)
                if received > today:
                    continue
                rep = add_document(
                    rt,
                    title=f"Kết quả thực hiện phong trào thi đua vì người nghèo năm {year}",
                    number_symbol=f"{10 + i}/BC-UBND",
                    issuer=org.unit(unit_id).name,
                    arrived_at=datetime.combine(received, time(8, 5 + i)),
                    sender=unit_id,
                    issue_date=received - timedelta(days=1),
                    conn=conn,
                )
                tstore.insert_submission(
                    conn,
                    tstore.NewSubmission(
                        requirement_id=yearly,
                        unit_id=unit_id,
                        period=str(year),
                        received_on=received,
                        document_id=rep.id,
                        number_symbol=rep.number_symbol,
                        state="proposed" if (year == this_year and i == 4) else "linked",
                        confidence=0.7,
                    ),
                    now=now,
                )
    hostile = add_document(
        rt,
        title=SCRIPT_TITLE,
        number_symbol="<b>1</b>/UBND",
        issuer="Sở <i>Nội vụ</i>",
        text="Nội dung <script>alert(1)</script>",
    )
    today_doc = add_document(
        rt,
        title="Báo cáo tình hình giảm nghèo, thoát nghèo năm 2026",
        number_symbol="120/BC-UBND",
        issuer="UBND xã Bản Hon",
        arrived_at=datetime.combine(today, time(7, 40)),
        sender="ban-hon",
    )
    return {
        "plan": plan.id,
        "yearly": yearly,
        "soon": soon,
        "hostile": hostile.id,
        "today_doc": today_doc.id,
        "communes": communes,
    }
