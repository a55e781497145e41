"""Replay the sample plan 904/KH-UBND over its four yearly cycles (2022–2025) with an injected clock.

Reports arrive on time, late, never; cited in accented and in accent-stripped (OCR) text; dropped in
a unit's inbox subfolder; one only resembles the plan. Statuses and the follow-up register are
checked at every step against a real SQLite store.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime

import pytest

from service.models import Deadline, Fields, Submission
from service.store import followups
from service.store import tracking as st
from service.store.audit import list_audit
from tests.tracking.conftest import plan_fields, sample_text
from tests.tracking.reports import ocr, report_fields, report_text

pytestmark = pytest.mark.both_databases  # tests/conftest.py: on SQLite and on PostgreSQL

BUREAUS = 13
COMMUNES = 14
UNITS = BUREAUS + COMMUNES


def status_map(tracked, at: date) -> dict[tuple[str, str], str]:
    with tracked.store.read() as conn:
        rows = st.compute_status(conn, tracked.cfg.organisation, at, tracked.cfg.due_soon_days)
    out = {(r.unit_id, r.period): r.status for r in rows}
    assert len(out) == len(rows), "one row per unit and period"
    return out


def counts(smap: dict, period: str) -> Counter:
    return Counter(s for (_u, p), s in smap.items() if p == period)


def rows_for(tracked, at: date) -> dict[tuple[str, str], object]:
    with tracked.store.read() as conn:
        return {
            (r.unit_id, r.period): r
            for r in st.compute_status(conn, tracked.cfg.organisation, at, tracked.cfg.due_soon_days)
        }


def progress(tracked) -> str:
    with tracked.store.read() as conn:
        rows = [r for r in followups.followup_register(conn) if r.requirement_id]
    assert len(rows) == 1
    return rows[0].progress


def links(tracked) -> list[Submission]:
    with tracked.store.read() as conn:
        return st.list_submissions(conn)


def send(
    tracked,
    when: datetime,
    issuer: str,
    number: str,
    day: date,
    place: str,
    *,
    text_issuer=None,
    accents=True,
    sender=None,
    fields_issuer="same",
    with_references=True,
    cite="904/KH-UBND",
    title=None,
):
    text = report_text(text_issuer or issuer, number, day, place, cite=cite, title=title)
    if not accents:
        text = ocr(text)
    f_issuer = issuer if fields_issuer == "same" else fields_issuer
    fields = report_fields(f_issuer, number, day, cite=cite, title=title, with_references=with_references)
    return tracked.register(when, text, fields, sender=sender)


def test_four_yearly_cycles(tracked):
    org = tracked.cfg.organisation
    assert len(org.units) == UNITS

    # --- July 2022: the plan is registered -------------------------------------------------------
    plan = tracked.register(datetime(2022, 7, 25, 8, 30), sample_text(), plan_fields())
    with tracked.store.read() as conn:
        reqs = st.list_requirements(conn)
    assert len(reqs) == 1, "only the yearly report asks units to send something"
    req = reqs[0]
    assert req.source_document_id == plan.id and req.source_number_symbol == "904/KH-UBND"
    assert req.recurrence == "yearly" and req.due_date == date(2022, 11, 10)
    assert req.end_date == date(2025, 12, 31)
    assert req.unit_ids == [u.id for u in org.units]  # both groups expanded
    assert req.proposed and not req.confirmed

    smap = status_map(tracked, date(2022, 8, 1))
    assert counts(smap, "2022") == {"not_due": UNITS} and set(p for _u, p in smap) == {"2022"}
    smap = status_map(tracked, date(2022, 11, 3))
    assert counts(smap, "2022") == {"due_soon": UNITS}
    assert progress(tracked) == f"Kỳ 2022: 0/{UNITS} đơn vị đã gửi"

    # --- Cycle 2022 ------------------------------------------------------------------------------
    # accented, cited, references read by extraction
    bo = send(tracked, datetime(2022, 11, 4, 9), "UBND xã Bản Bo", "45/BC-UBND", date(2022, 11, 3), "Bản Bo")
    # an OCR'd scan: accents gone, "904KH-UBND", no reference extracted, issuer read without accents
    send(
        tracked,
        datetime(2022, 11, 8, 10),
        "PHONG NOI VU",
        "112/BC-NV",
        date(2022, 11, 7),
        "Tam Duong",
        text_issuer="Phòng Nội vụ",
        accents=False,
        with_references=False,
    )
    # dropped in inbox/na-tam/, the issuer not read at all
    send(
        tracked,
        datetime(2022, 11, 9, 15),
        "UBND xã Nà Tăm",
        "30/BC-UBND",
        date(2022, 11, 9),
        "Nà Tăm",
        sender="na-tam",
        fields_issuer=None,
    )
    # late
    send(tracked, datetime(2022, 11, 15, 8), "UBND xã Hồ Thầu", "51/BC-UBND", date(2022, 11, 14), "Hồ Thầu")
    # only resembles the plan: no citation → proposed for the clerk, not linked
    resembling = send(
        tracked,
        datetime(2022, 11, 18, 8),
        "UBND xã Khun Há",
        "40/BC-UBND",
        date(2022, 11, 17),
        "Khun Há",
        cite=None,
        title="Kết quả thực hiện phong trào thi đua chung tay vì người nghèo năm 2022",
    )
    # an unrelated report from a commune: nobody's submission
    send(
        tracked,
        datetime(2022, 11, 21, 8),
        "UBND xã Bản Hon",
        "60/BC-UBND",
        date(2022, 11, 20),
        "Bản Hon",
        cite=None,
        title="Công tác phòng, chống thiên tai và tìm kiếm cứu nạn năm 2022",
    )
    # the office's own reminder citing the plan is no unit's report
    reminder = (
        "UBND HUYỆN TAM ĐƯỜNG\nSố: 1200/UBND-LĐTBXH\nV/v đôn đốc báo cáo theo Kế hoạch số 904/KH-UBND\n"
        "Kính gửi: UBND xã Bản Bo; UBND xã Bản Giang"
    )
    tracked.register(
        datetime(2022, 11, 22, 8),
        reminder,
        Fields(
            number_symbol="1200/UBND-LĐTBXH",
            issuer="UBND huyện Tam Đường",
            issue_date=date(2022, 11, 22),
            title_summary="V/v đôn đốc báo cáo theo Kế hoạch số 904/KH-UBND",
        ),
    )

    subs = links(tracked)
    assert [(s.unit_id, s.period, s.state) for s in subs] == [
        ("ban-bo", "2022", "linked"),
        ("noi-vu", "2022", "linked"),
        ("na-tam", "2022", "linked"),
        ("ho-thau", "2022", "linked"),
        ("khun-ha", "2022", "proposed"),
    ]
    assert subs[0].document_id == bo.id

    smap = status_map(tracked, date(2022, 11, 10))  # the due day itself
    assert smap[("ban-bo", "2022")] == "on_time" and smap[("noi-vu", "2022")] == "on_time"
    assert smap[("na-tam", "2022")] == "on_time"
    assert smap[("ho-thau", "2022")] == "due_soon"  # its report has not arrived yet on that day
    smap = status_map(tracked, date(2022, 12, 1))
    assert smap[("ho-thau", "2022")] == "late"
    assert smap[("khun-ha", "2022")] == "overdue"  # a proposed link does not count
    assert counts(smap, "2022") == {"on_time": 3, "late": 1, "overdue": UNITS - 4}
    assert counts(smap, "2023") == {"not_due": UNITS}  # the next period is shown, not yet due
    row = rows_for(tracked, date(2022, 12, 1))[("ban-bo", "2022")]
    assert row.submission_so_den == bo.so_den and row.submission_number_symbol == "45/BC-UBND"
    assert row.submission_date == date(2022, 11, 4)
    assert rows_for(tracked, date(2022, 12, 1))[("khun-ha", "2022")].proposed_links == 1
    assert progress(tracked).startswith(f"Kỳ 2022: 4/{UNITS} đơn vị đã gửi")
    assert "1 báo cáo chờ xác nhận" in progress(tracked)

    # the clerk looks at the proposed link and confirms it
    with tracked.store.read() as conn:
        proposed = st.list_proposed_links(conn)
    assert [p.document_id for p in proposed] == [resembling.id]
    with tracked.store.write() as conn:
        st.confirm_link(conn, proposed[0].id, now=datetime(2022, 12, 2, 9), actor="clerk")
        st.confirm_requirement(conn, req.id, now=datetime(2022, 12, 2, 9), actor="clerk")
    smap = status_map(tracked, date(2022, 12, 2))
    assert smap[("khun-ha", "2022")] == "late"
    assert counts(smap, "2022") == {"on_time": 3, "late": 2, "overdue": UNITS - 5}
    assert progress(tracked) == f"Kỳ 2022: 5/{UNITS} đơn vị đã gửi; Kỳ 2023: 0/{UNITS} đơn vị đã gửi"

    # --- Cycle 2023 ------------------------------------------------------------------------------
    smap = status_map(tracked, date(2023, 11, 4))
    assert counts(smap, "2023") == {"due_soon": UNITS}
    send(tracked, datetime(2023, 11, 6, 9), "UBND xã Bản Bo", "50/BC-UBND", date(2023, 11, 6), "Bản Bo")
    send(
        tracked,
        datetime(2023, 11, 9, 9),
        "UBND XA HO THAU",
        "70/BC-UBND",
        date(2023, 11, 8),
        "Ho Thau",
        accents=False,
    )
    with tracked.store.write() as conn:  # the Văn phòng's report came on paper
        st.record_paper_submission(
            conn,
            st.PaperReport(req.id, "vp", "2023", date(2023, 11, 10), "15/BC-VP"),
            now=datetime(2023, 11, 10, 16),
            actor="clerk",
        )
    smap = status_map(tracked, date(2023, 11, 11))
    assert counts(smap, "2023") == {"on_time": 3, "overdue": UNITS - 3}
    assert counts(smap, "2022") == {"on_time": 3, "late": 2, "overdue": UNITS - 5}  # history unchanged

    # --- Cycle 2024: a report for 2023 arrives in January, late; then 2024's ----------------------
    send(
        tracked,
        datetime(2024, 1, 10, 9),
        "Phòng Tư pháp",
        "05/BC-TP",
        date(2024, 1, 9),
        "Tam Đường",
        title="Tình hình tổ chức thực hiện Phong trào thi đua “Tam Đường chung tay vì người nghèo”",
    )
    send(tracked, datetime(2024, 11, 1, 9), "Phòng Tư pháp", "80/BC-TP", date(2024, 11, 1), "Tam Đường")
    send(
        tracked,
        datetime(2024, 11, 8, 9),
        "UBND XA BAN B0",
        "61/BC-UBND",
        date(2024, 11, 8),
        "Ban Bo",
        accents=False,
    )  # OCR noise in the issuer: "B0"
    smap = status_map(tracked, date(2024, 11, 30))
    assert smap[("tu-phap", "2023")] == "late" and smap[("tu-phap", "2024")] == "on_time"
    assert smap[("ban-bo", "2024")] == "on_time"
    assert counts(smap, "2024") == {"on_time": 2, "overdue": UNITS - 2}

    # --- Cycle 2025, the last one ------------------------------------------------------------------
    send(tracked, datetime(2025, 11, 12, 9), "UBND xã Bản Bo", "70/BC-UBND", date(2025, 11, 12), "Bản Bo")
    smap = status_map(tracked, date(2026, 1, 15))
    assert set(p for _u, p in smap) == {"2022", "2023", "2024", "2025"}, "the plan ends in 2025"
    assert len(smap) == 4 * UNITS
    assert [smap[("ban-bo", p)] for p in ("2022", "2023", "2024", "2025")] == ["on_time"] * 3 + ["late"]
    assert [smap[("ho-thau", p)] for p in ("2022", "2023", "2024", "2025")] == [
        "late",
        "on_time",
        "overdue",
        "overdue",
    ]
    assert smap[("then-sin", "2025")] == "overdue"

    # the follow-up register agrees with the statuses, period by period
    text = progress(tracked)
    for period in ("2022", "2023", "2024", "2025"):
        sent = sum(1 for (_u, p), s in smap.items() if p == period and s in ("on_time", "late"))
        assert f"Kỳ {period}: {sent}/{UNITS} đơn vị đã gửi" in text
    with tracked.store.read() as conn:
        fu = next(r for r in followups.followup_register(conn, at=date(2024, 12, 1)) if r.requirement_id)
        assert fu.deadline == date(2025, 11, 10)
        assert fu.receiving_unit == "Phòng Lao động - Thương binh và Xã hội"
        assert fu.number_symbol == "904/KH-UBND" and fu.so_den == plan.so_den
        actions = [a.action for a in list_audit(conn)]
    assert actions.count("link_confirmed") == 1 and "submission_recorded" in actions
    assert "requirement_proposed" in actions and "requirement_updated" in actions


def test_the_same_plan_twice_makes_no_second_requirement(tracked):
    tracked.register(datetime(2022, 7, 25, 8), sample_text(), plan_fields())
    tracked.register(datetime(2022, 7, 26, 8), sample_text() + "\n(bản Word)", plan_fields())
    with tracked.store.read() as conn:
        assert len(st.list_requirements(conn)) == 1


def test_a_second_report_for_the_same_period_is_proposed(tracked):
    tracked.register(datetime(2022, 7, 25, 8), sample_text(), plan_fields())
    send(tracked, datetime(2022, 11, 4, 9), "UBND xã Bản Bo", "45/BC-UBND", date(2022, 11, 3), "Bản Bo")
    send(tracked, datetime(2022, 11, 5, 9), "UBND xã Bản Bo", "46/BC-UBND", date(2022, 11, 5), "Bản Bo")
    states = [(s.number_symbol, s.period, s.state) for s in links(tracked)]
    assert states[0] == ("45/BC-UBND", "2022", "linked")
    assert states[1][2] == "proposed", "a unit's second report is for the clerk to judge"


def test_a_rejected_link_and_a_changed_one(tracked):
    tracked.register(datetime(2022, 7, 25, 8), sample_text(), plan_fields())
    send(
        tracked,
        datetime(2022, 11, 18, 8),
        "UBND xã Khun Há",
        "40/BC-UBND",
        date(2022, 11, 17),
        "Khun Há",
        cite=None,
        title="Kết quả thực hiện phong trào thi đua chung tay vì người nghèo năm 2022",
    )
    send(
        tracked,
        datetime(2022, 11, 19, 8),
        "UBND xã Giang Ma",
        "41/BC-UBND",
        date(2022, 11, 19),
        "Giang Ma",
        cite=None,
        title="Kết quả thực hiện phong trào thi đua chung tay vì người nghèo năm 2022",
    )
    first, second = [s.id for s in links(tracked)]
    with tracked.store.write() as conn:
        st.reject_link(conn, first, now=datetime(2022, 11, 20), actor="clerk")
        st.change_link(
            conn, second, st.LinkChange(unit_id="ta-leng"), now=datetime(2022, 11, 20), actor="clerk"
        )
    smap = status_map(tracked, date(2022, 11, 21))
    assert smap[("khun-ha", "2022")] == "overdue" and smap[("giang-ma", "2022")] == "overdue"
    assert smap[("ta-leng", "2022")] == "late"
    with tracked.store.read() as conn:
        assert st.list_proposed_links(conn) == []


def test_reports_registered_before_their_plan_are_linked_when_it_comes(tracked):
    send(tracked, datetime(2022, 11, 4, 9), "UBND xã Bản Bo", "45/BC-UBND", date(2022, 11, 3), "Bản Bo")
    send(
        tracked,
        datetime(2022, 11, 5, 9),
        "UBND xã Khun Há",
        "40/BC-UBND",
        date(2022, 11, 5),
        "Khun Há",
        cite=None,
        title="Kết quả thực hiện phong trào thi đua chung tay vì người nghèo năm 2022",
    )
    assert links(tracked) == []
    tracked.register(datetime(2022, 11, 7, 8), sample_text(), plan_fields())  # the plan, entered late
    assert [(s.unit_id, s.period, s.state) for s in links(tracked)] == [("ban-bo", "2022", "linked")]
    smap = status_map(tracked, date(2022, 11, 11))
    assert smap[("ban-bo", "2022")] == "on_time" and smap[("khun-ha", "2022")] == "overdue"
    with tracked.store.read() as conn:
        assert "link_made" in [a.action for a in list_audit(conn, "submission")]


def test_a_document_with_a_deadline_for_the_office_gets_a_followup_row(tracked):
    fields = Fields(
        doc_type="Công văn",
        number_symbol="2775/SNV-CCHC&VTLT",
        issuer="Sở Nội vụ tỉnh Lai Châu",
        issue_date=date(2025, 11, 3),
        title_summary="V/v báo cáo công tác văn thư năm 2025",
        deadlines=[
            Deadline(
                "trước ngày 15/11/2025",
                date(2025, 11, 15),
                what="Gửi báo cáo công tác văn thư, lưu trữ về Sở Nội vụ",
                who="UBND các huyện, thành phố",
                to_whom="Sở Nội vụ",
            )
        ],
    )
    doc = tracked.register(datetime(2025, 11, 4, 8), "Sở Nội vụ ... trước ngày 15/11/2025 ...", fields)
    with tracked.store.read() as conn:
        assert st.list_requirements(conn) == []  # owed by the office itself, not by its units
        [row] = followups.followup_register(conn)
    assert (row.document_id, row.deadline, row.requirement_id) == (
        doc.id,
        date(2025, 11, 15),
        None,
    )
    assert row.progress == "Chưa giải quyết"


def test_changes_a_clerk_cannot_make_are_refused_with_a_code(tracked):
    tracked.register(datetime(2022, 7, 25, 8), sample_text(), plan_fields())
    now = datetime(2022, 8, 1)
    with tracked.store.write() as conn:
        for changes, code in [
            ({"recurrence": "daily"}, "invalid_requirement"),
            ({"colour": "red"}, "invalid_requirement"),
            ({"end_date": date(2021, 1, 1)}, "invalid_requirement"),
        ]:
            with pytest.raises(st.TrackingError) as err:
                st.update_requirement(conn, 1, now=now, actor="clerk", **changes)
            assert err.value.code == code
        with pytest.raises(st.TrackingError) as err:
            st.record_paper_submission(
                conn, st.PaperReport(1, "so-noi-vu", "2022", date(2022, 11, 1), None), now=now, actor="c"
            )
        assert err.value.code == "unit_not_owing"
        with pytest.raises(st.TrackingError) as err:
            st.confirm_link(conn, 42, now=now, actor="clerk")
        assert err.value.code == "link_not_found" and "42" in str(err.value)


def test_a_clerk_moves_the_due_day(tracked):
    tracked.register(datetime(2022, 7, 25, 8), sample_text(), plan_fields())
    with tracked.store.write() as conn:
        st.update_requirement(conn, 1, now=datetime(2022, 8, 1), actor="clerk", due_date=date(2022, 11, 15))
    smap = status_map(tracked, date(2023, 11, 14))
    assert smap[("ban-bo", "2023")] == "due_soon"  # 15 November now, every year
    with tracked.store.read() as conn:
        req = st.get_requirement(conn, 1)
        assert req.rule is None and req.end_date == date(2025, 12, 31)
        audit = [a for a in list_audit(conn, "requirement") if a.action == "requirement_updated"]
    assert len(audit) == 1 and "2022-11-15" in str(audit[0].detail)
