"""Units recognised in names; citations found in accented and OCR'd text; requirements from fields."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from service.models import Deadline, Fields
from service.text import fold
from service.tracking.matching import Candidate, cites, match_submission, named_period, ns_key
from service.tracking.requirements import end_years, find_end_date, requirements_from_fields
from service.tracking.units import match_unit, match_unit_scored, units_of_deadline
from tests.tracking.conftest import PLAN_TASK, plan_fields, sample_text


@pytest.mark.parametrize(
    "name,unit,certain",
    [
        ("ỦY BAN NHÂN DÂN XÃ BẢN BO", "ban-bo", True),
        ("UY BAN NHAN DAN XA BAN BO", "ban-bo", True),
        ("UBND XA BAN B0", "ban-bo", True),  # OCR: 0 for o
        ("UBND HUYỆN TAM ĐƯỜNG\nUBND XÃ NÀ TĂM", "na-tam", True),  # merged header
        ("PHÒNG LĐ-TB&XH", "ld-tbxh", True),
        ("PHONG LAO DQNG - THUONG BINH VA XA HOI", "ld-tbxh", True),
        ("UBND xã Thèn Xin", "then-sin", True),  # an alias spelling
        ("UBND XA BAN HO", "ban-hon", False),  # Bản Hon or Bản Bo? propose only
        ("qua cơ quan thường trực - Phòng Lao động - Thương bin", "ld-tbxh", False),  # cut off: found, unsure
        ("Phonq Noi vu", "noi-vu", True),
    ],
)
def test_match_unit(cfg, name, unit, certain):
    m = match_unit_scored(name, cfg.organisation)
    assert (m.unit_id, m.certain) == (unit, certain)


@pytest.mark.parametrize(
    "name",
    [
        "SỞ NỘI VỤ",
        "UBND HUYỆN TAM ĐƯỜNG",
        "UBND tỉnh Lai Châu",
        "",
        None,
        "Sở Lao động - Thương binh và Xã hội",
        "Thanh tra tỉnh",
        "Sở Tư pháp",
    ],
)
def test_no_unit_for_other_bodies(cfg, name):
    assert match_unit(name, cfg.organisation) is None


@pytest.mark.parametrize(
    "text",
    [
        "Thực hiện Kế hoạch số 904/KH-UBND ngày 21/7/2022 của UBND huyện",
        "Thuc hien Ke hoach so 904KH-UBND ngay 21/7/2022",
        "Thuc hien Ke hoach so 904 / KH - UBND",
        "Thuc hien Ke hoach so 9O4/KH-UBND",
        "Căn cứ Kế hoạch 904/KH-UBND",
    ],
)
def test_cites_the_source(text):
    assert cites(text, [], "904/KH-UBND")


@pytest.mark.parametrize(
    "text",
    [
        "Thực hiện Kế hoạch số 1904/KH-UBND",
        "Thực hiện Kế hoạch số 904/KH-UBNDT",
        "Thực hiện Kế hoạch số 904/QĐ-UBND",
        "Thực hiện Kế hoạch số 90/KH-UBND",
    ],
)
def test_does_not_cite_another_number(text):
    assert not cites(text, [], "904/KH-UBND")


def test_cites_through_references_and_keys():
    assert cites("", ["904/KH-UBND"], "904/KH-UBND")
    assert ns_key("2775/SNV-CCHC&VTLT") == ns_key("2775/SNV - CCHC&VTLT")
    assert ns_key("30/2020/NĐ-CP") == "302020ndcp"
    assert cites("theo Nghi dinh so 30/2020/ND-CP", [], "30/2020/NĐ-CP")


def test_named_period():
    assert named_period("Báo cáo kết quả năm 2023", "yearly") == "2023"
    assert named_period("Báo cáo giai đoạn 2021-2025 năm 2024", "yearly") == "2024"
    assert named_period("Báo cáo quý III năm 2023", "quarterly") == "2023-Q3"
    assert named_period("Báo cáo tháng 5/2023", "monthly") == "2023-05"
    assert named_period("Báo cáo năm 2023 và năm 2024", "yearly") is None  # two: ambiguous


def test_requirements_from_the_sample_plan(cfg):
    org = cfg.organisation
    reqs = requirements_from_fields(plan_fields(), org, "904/KH-UBND", 7, text=sample_text())
    assert len(reqs) == 1
    r = reqs[0]
    assert (r.recurrence, r.due_date, r.end_date, r.rule) == (
        "yearly",
        date(2022, 11, 10),
        date(2025, 12, 31),
        {"day": 10, "month": 11},
    )
    assert len(r.unit_ids) == 27 and r.source_document_id == 7 and not r.confirmed


def test_end_found_in_ocr_text_when_the_summary_is_missing(cfg):
    reqs = requirements_from_fields(
        plan_fields(summary=None), cfg.organisation, "904/KH-UBND", 1, text=sample_text()
    )
    assert reqs[0].end_date == date(2025, 12, 31)
    assert end_years("Chương trình đến năm 2030, tầm nhìn đến năm 2045", 2026) == [2030]
    assert find_end_date("Kế hoạch năm 2026", "", date(2026, 1, 5)) is None


def test_groups_read_from_who_when_extraction_gave_no_ids(cfg):
    fields = plan_fields(group_ids=())
    reqs = requirements_from_fields(fields, cfg.organisation, "904/KH-UBND", 1, text="")
    assert len(reqs[0].unit_ids) == 27
    d = Deadline(
        "trước ngày 15/3/2026", date(2026, 3, 15), what="Gửi báo cáo", who="Phòng Nội vụ, Phòng Tư pháp"
    )
    assert units_of_deadline(d, cfg.organisation) == ["noi-vu", "tu-phap"]


def test_deadlines_for_no_unit_or_not_sending_make_no_requirement(cfg):
    fields = Fields(
        number_symbol="2282/KH-UBND",
        issue_date=date(2022, 7, 1),
        deadlines=[
            Deadline(
                "trước ngày 15/11/2022",
                date(2022, 11, 15),
                what="Báo cáo kết quả về Sở Nội vụ",
                who="UBND các huyện, thành phố",
            ),  # the office's own deadline upwards
            Deadline("Năm 2023", date(2023, 12, 31), what="Sơ kết giữa kỳ", who="UBND các xã, thị trấn"),
        ],
    )
    assert requirements_from_fields(fields, cfg.organisation, "2282/KH-UBND", 1) == []


def test_a_recurring_rule_without_a_date_starts_after_the_issue_date(cfg):
    fields = Fields(
        number_symbol="12/KH-UBND",
        issue_date=date(2026, 1, 20),
        deadlines=[
            Deadline(
                "chậm nhất vào ngày 05 hằng tháng",
                None,
                what="Báo cáo tiến độ",
                who="UBND các xã, thị trấn",
                recurrence="monthly",
                rule={"day": 5},
            )
        ],
    )
    [r] = requirements_from_fields(fields, cfg.organisation, "12/KH-UBND", 1)
    assert r.due_date == date(2026, 2, 5) and r.end_date is None and len(r.unit_ids) == 14


def _candidate(**kw) -> Candidate:
    base = dict(
        text="",
        doc_type="Báo cáo",
        title_summary="Tình hình thực hiện phong trào thi đua năm 2022",
        number_symbol="45/BC-UBND",
        issuer="UBND xã Bản Bo",
        issue_date=date(2022, 11, 3),
        received_on=date(2022, 11, 4),
        reference_symbols=["904/KH-UBND"],
        document_id=50,
    )
    base.update(kw)
    return Candidate(**base)


def _plan_req(cfg):
    [r] = requirements_from_fields(plan_fields(), cfg.organisation, "904/KH-UBND", 1, text=sample_text())
    return replace(r, id=1)


def test_certain_and_uncertain_links(cfg):
    org, reqs = cfg.organisation, [_plan_req(cfg)]
    link = match_submission(_candidate(), reqs, org)
    assert (link.unit_id, link.period, link.certain) == ("ban-bo", "2022", True)
    # a plan of the commune's own that carries the district's plan out: a citation, but not a report
    link = match_submission(
        _candidate(
            doc_type="Kế hoạch",
            number_symbol="20/KH-UBND",
            title_summary="Thực hiện phong trào thi đua năm 2022",
        ),
        reqs,
        org,
    )
    assert link is not None and not link.certain
    # the plan itself is not its own submission
    assert (
        match_submission(_candidate(number_symbol="904/KH-UBND", issuer="UBND xã Bản Bo"), reqs, org) is None
    )
    # a body that is no configured unit
    assert match_submission(_candidate(issuer="Sở Nội vụ"), reqs, org) is None
    # resembling without citation: proposed at most
    link = match_submission(
        _candidate(reference_symbols=[], title_summary=PLAN_TASK + " năm 2022"), reqs, org
    )
    assert link is not None and not link.certain
    # neither cited nor alike
    assert (
        match_submission(
            _candidate(reference_symbols=[], title_summary="Công tác phòng chống thiên tai"), reqs, org
        )
        is None
    )


def test_sender_from_the_header_when_no_issuer_was_read(cfg):
    text = "UBND HUYEN TAM DUONG CONG HOA XA HOI CHU NGHIA VIET NAM\nUBND XA GIANG MA\nSo: 12/BC-UBND"
    link = match_submission(
        _candidate(issuer=None, text=fold(text, lower=False)), [_plan_req(cfg)], cfg.organisation
    )
    assert link.unit_id == "giang-ma" and not link.certain  # found, but for the clerk to confirm


def test_a_misread_date_falls_back_to_the_day_of_arrival(cfg):
    reqs = [_plan_req(cfg)]
    # OCR read 2002 for 2022: the report arrived in November 2023, so it is for 2023
    cand = _candidate(
        issue_date=date(2002, 11, 3),
        received_on=date(2023, 11, 4),
        title_summary="Tình hình thực hiện phong trào thi đua",
    )
    link = match_submission(cand, reqs, cfg.organisation)
    assert link.period == "2023"


def test_an_old_report_found_late_is_proposed_for_its_own_period(cfg):
    # A report of November 2023 registered in December 2026 (found in a folder, dropped in today):
    # its own date says which period, the gap says why the clerk should look.
    reqs = [_plan_req(cfg)]
    cand = _candidate(
        issue_date=date(2023, 11, 6),
        received_on=date(2026, 12, 5),
        title_summary="Tình hình thực hiện phong trào thi đua",
    )
    link = match_submission(cand, reqs, cfg.organisation)
    assert (link.unit_id, link.period, link.certain) == ("ban-bo", "2023", False)
    assert "ngày văn bản 06/11/2023 cách ngày đến 1125 ngày" in link.reasons
    # the summary names the same year: date and summary agree, the link is made
    named = replace(cand, title_summary="Tình hình thực hiện phong trào thi đua năm 2023")
    assert match_submission(named, reqs, cfg.organisation).certain


def test_a_citation_from_an_owing_unit_is_never_dropped(cfg):
    # A requirement whose first period is years away: no period reaches the report's day, yet the
    # report cites it and comes from a unit that owes it: the nearest period is proposed.
    req = replace(_plan_req(cfg), due_date=date(2031, 11, 10), end_date=None)
    link = match_submission(_candidate(), [req], cfg.organisation)
    assert link is not None and not link.certain
    assert link.period == "2031" and "ngoài mọi kỳ báo cáo của yêu cầu" in link.reasons


@pytest.mark.parametrize(
    "summary,linked",
    [
        ("Kết quả thực hiện phong trào thi đua chung tay vì người nghèo năm 2022", True),
        # the summary as extraction may read it, run on into the next line
        (
            "Kết quả thực hiện phong trào thi đua chung tay vì người nghèo năm 2022 UBND xã Bản Bo báo cáo như sau",
            True,
        ),
        ("Báo cáo tình hình thực hiện nhiệm vụ năm 2022", False),  # any report says that much
        ("Công tác phòng, chống thiên tai và tìm kiếm cứu nạn năm 2022", False),
    ],
)
def test_resemblance_without_citation(cfg, summary, linked):
    link = match_submission(
        _candidate(reference_symbols=[], title_summary=summary), [_plan_req(cfg)], cfg.organisation
    )
    assert (link is not None) == linked
    assert link is None or not link.certain


def test_a_citing_report_whose_sender_cannot_be_read_is_proposed_without_a_unit(cfg):
    link = match_submission(
        _candidate(issuer=None, text="Thuc hien Ke hoach so 904/KH-UBND ..."),
        [_plan_req(cfg)],
        cfg.organisation,
    )
    assert (link.unit_id, link.period, link.certain) == ("", "2022", False)
    assert "chưa rõ đơn vị gửi" in link.reasons


def test_every_configured_name_is_found_without_accents_and_in_capitals(cfg):
    org = cfg.organisation
    for unit in org.units:
        for name in (unit.name, *unit.aliases):
            for form in (name, name.upper(), fold(name, lower=False).upper()):
                m = match_unit_scored(form, org)
                assert (m.unit_id, m.certain) == (unit.id, True), form


def test_the_steps_of_a_match_alone(cfg):
    """open_requirements, by_citation, by_likeness and report_period, each on its own."""
    from service.tracking.matching import by_citation, by_likeness, open_requirements, report_period

    req = _plan_req(cfg)
    own = replace(req, id=2, source_document_id=50)  # the document is this requirement's source
    closed = replace(req, id=3, closed=True)
    assert open_requirements(_candidate(), [req, own, closed]) == [req]
    cited = by_citation(_candidate(), [req], date(2022, 11, 3))
    assert cited is not None and cited.cited and cited.unique and cited.reason == "trích dẫn 904/KH-UBND"
    assert by_citation(_candidate(reference_symbols=[]), [req], date(2022, 11, 3)) is None
    uncited = _candidate(
        reference_symbols=[], title_summary="Báo cáo Phong trào thi đua gửi cơ quan thường trực năm 2022"
    )
    alike = by_likeness(uncited, [req], date(2022, 11, 3), True)
    assert alike is not None and (alike.cited, alike.unique, alike.confidence) == (False, False, 0.74)
    assert by_likeness(uncited, [req], date(2022, 11, 3), False) is None  # not a report
    assert by_likeness(_candidate(reference_symbols=[]), [req], date(2022, 11, 3), True) is None  # unlike
    assert report_period(_candidate(), req, (date(2022, 11, 3), None), set(), cited=True) == (
        "2022",
        True,
        [],
    )
    # a date before the requirement itself: a misread year, the day of arrival counts, with the reason
    misread = _candidate(issue_date=date(2019, 11, 3), title_summary="Tình hình thực hiện phong trào thi đua")
    period, certain, reasons = report_period(misread, req, (date(2019, 11, 3), "xa"), set(), cited=True)
    assert (period, certain) == ("2022", False)
    assert reasons == ["ngày văn bản 03/11/2019 có trước yêu cầu: tính theo ngày đến"]
