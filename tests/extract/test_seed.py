"""The sample plan 904/KH-UBND (OCR of a signed scan, diacritics lost) reads as a clerk reads it."""

from datetime import date

import pytest

from service.extract import extract_fields
from service.text.match import similarity


@pytest.fixture(scope="module")
def seed(corpus_text, org):
    return extract_fields(corpus_text("vb-seed.txt"), org=org)


def test_header(seed):
    assert seed.number_symbol == "904/KH-UBND"
    assert seed.doc_type == "Kế hoạch"
    assert seed.issuer == "UBND huyện Tam Đường"  # restored from the configured organisation
    assert seed.place == "Tam Đường"
    assert seed.is_draft is False


def test_issue_date_comes_from_signature_times_when_the_day_is_misread(seed):
    # The date line reads "ngay 2/ thang”7 nam 2022": the month and year are readable, the day is
    # not; the digital-signature timestamps printed at the end say 2022-07-21.
    assert seed.issue_date == date(2022, 7, 21)
    assert seed.confidence["issue_date"] < 0.9
    assert any("thời gian ký số" in w for w in seed.warnings)


def test_summary(seed):
    want = (
        "Tổ chức thực hiện phong trào thi đua “Tam Đường chung tay vì người nghèo - Không để ai "
        "bị bỏ lại phía sau” giai đoạn 2021-2025"
    )
    assert similarity(seed.title_summary, want) >= 0.9
    assert "Tam Đường" in seed.title_summary  # the configured place name, restored


def test_references(seed):
    refs = {r.number_symbol: r for r in seed.references}
    assert set(refs) == {"2282/KH-UBND", "666/QĐ-TTg"}
    assert refs["2282/KH-UBND"].date == date(2022, 7, 1)
    assert refs["666/QĐ-TTg"].date == date(2022, 6, 2)


def test_yearly_deadline_for_bureaus_and_communes(seed, org):
    yearly = [d for d in seed.deadlines if d.recurrence == "yearly"]
    assert len(yearly) == 1
    d = yearly[0]
    assert d.rule == {"day": 10, "month": 11}
    assert d.date == date(2022, 11, 10)  # the first 10 November after 21/7/2022
    assert set(d.group_ids) == {"co-quan-huyen", "ubnd-xa"}
    assert d.who == "Các cơ quan, ban, ngành huyện; UBND các xã, thị trấn"
    assert d.is_report
    expected_units = {u.id for u in org.units}
    assert set(d.unit_ids) == expected_units  # every bureau, the town and the 13 communes
    assert "Phong Lao dong" in d.to_whom or "Phòng Lao động" in d.to_whom


def test_schedule_items_and_lead_unit(seed):
    dated = {d.date: d for d in seed.deadlines if d.recurrence is None}
    assert date(2023, 12, 31) in dated and date(2025, 12, 31) in dated
    assert dated[date(2023, 12, 31)].group_ids == ["ubnd-xa"]
    final = dated[date(2025, 12, 31)]
    assert final.lead_unit_ids == ["ldtbxh"]


def test_recipients_one_per_line_with_archive(seed):
    assert len(seed.recipients) == 10
    assert seed.recipients[-1].startswith("Luu: VT")
    assert seed.signer_title == "TM. ỦY BAN NHÂN DÂN"
    assert seed.signer_name is None
    assert any("tên người ký" in w for w in seed.warnings)


def test_without_organisation_nothing_is_invented(corpus_text):
    f = extract_fields(corpus_text("vb-seed.txt"))
    # Without the configuration the OCR'd body name cannot be restored, and is not guessed.
    assert f.issuer is not None and "Tam Đường" not in f.issuer
    assert f.number_symbol == "904/KH-UBND"
    assert f.deadlines[0].group_ids == []
