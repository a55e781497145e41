"""The template context, built from plain data (no database, no LibreOffice)."""

from __future__ import annotations

from datetime import date

import pytest

from service.drafts import context as C
from service.drafts.check import SAMPLE_ORG as ORG
from service.models import Deadline, Fields, Requirement, StatusRow
from tests.drafts.conftest import higher_plan, yearly_report


def test_numbers_under_ten_take_a_leading_zero():
    assert [C.format_number(n) for n in (1, 9, 10, 123)] == ["01", "09", "10", "123"]


@pytest.mark.parametrize(
    "day, expected",
    [
        (date(2020, 1, 5), "Tam Đường, ngày 05 tháng 01 năm 2020"),
        (date(2022, 7, 21), "Tam Đường, ngày 21 tháng 7 năm 2022"),
        (date(2023, 2, 28), "Tam Đường, ngày 28 tháng 02 năm 2023"),
        (date(2023, 11, 3), "Tam Đường, ngày 03 tháng 11 năm 2023"),
    ],
)
def test_place_and_date_as_the_decree_writes_them(day, expected):
    assert C.format_place_date("Tam Đường", day) == expected


def test_a_draft_leaves_day_and_month_blank():
    line = C.format_place_date("Tam Đường", None, year=2026)
    assert line.startswith("Tam Đường, ngày ") and line.endswith("năm 2026")
    assert not any(ch.isdigit() for ch in line[:-4])


def test_short_dates_and_periods():
    assert C.format_short_date(date(2022, 7, 1)) == "01/7/2022"
    assert C.format_short_date(date(2022, 1, 9)) == "09/01/2022"
    assert C.format_short_date(None) == C.MISSING
    assert C.format_period("2023") == "năm 2023"
    assert C.format_period("2023-Q3") == "quý III năm 2023"
    assert C.format_period("2023-05") == "tháng 5 năm 2023"
    assert C.format_period("once") == ""


def test_header_lines_and_authority():
    assert C.body_lines("Ủy ban nhân dân huyện Tam Đường", 22) == ["ỦY BAN NHÂN DÂN", "HUYỆN TAM ĐƯỜNG"]
    assert C.authority_lines(ORG) == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]
    assert C.abbreviate_unit("Phòng Lao động - Thương binh và Xã hội") == "LĐTBXH"
    assert C.abbreviate_unit("Văn phòng HĐND và UBND huyện") == "VP"
    assert C.display_name("SỞ NỘI VỤ TỈNH LAI CHÂU") == "Sở Nội Vụ tỉnh Lai Châu"
    assert C.display_name("UBND tỉnh Lai Châu") == "UBND tỉnh Lai Châu"


def _rows(statuses: dict[str, str], period: str = "2023", due: date = date(2023, 11, 10)) -> list[StatusRow]:
    out = []
    for u in ORG.units:
        st = statuses[u.id]
        sent = st in ("on_time", "late")
        out.append(
            StatusRow(
                7,
                "904/KH-UBND",
                "báo cáo thi đua",
                period,
                due,
                u.id,
                u.name,
                st,
                submission_number_symbol=f"{len(out) + 3}/BC-X" if sent else None,
                submission_date=date(2023, 11, 9) if sent else None,
            )
        )
    return out


REQ = Requirement(
    id=7,
    source_document_id=1,
    source_number_symbol="904/KH-UBND",
    what="Báo cáo thi đua",
    to_whom="UBND huyện qua Phòng Lao động - Thương binh và Xã hội",
    recurrence="yearly",
    due_date=date(2022, 11, 10),
    rule={"day": 10, "month": 11},
)


def test_reminder_addresses_only_the_units_that_owe():
    rows = _rows({"ld-tbxh": "on_time", "noi-vu": "overdue", "ban-bo": "due_soon", "then-sin": "late"})
    ctx = C.build_reminder_context(ORG, C.RequirementStatus(REQ, rows), date(2023, 11, 15))
    assert ctx["addressees"] == ["Phòng Nội vụ", "UBND xã Bản Bo"]
    # a công văn's symbol names its drafting unit: the bureau the reports go through
    assert ctx["symbol"] == "UBND-LĐTBXH" and ctx["number"].strip() == "" and ctx["is_draft"]
    assert ctx["source"] == "Kế hoạch số 904/KH-UBND" and ctx["due"] == "10/11/2023"
    text = " ".join(b["text"] for b in ctx["blocks"])
    assert "Phòng Nội vụ: quá hạn 5 ngày" in text and "UBND xã Bản Bo: sắp đến hạn" in text
    assert "- Phòng Lao động" not in text  # it sent its report
    assert ctx["subject"].startswith("đôn đốc gửi báo cáo thi đua năm 2023")
    assert ctx["filing_unit"] == "LĐTBXH"
    assert ctx["new_due"] == "22/11/2023"  # five working days after Wednesday 15/11: Thu … Wed


def test_summary_counts_table_and_missing():
    rows = _rows({"ld-tbxh": "on_time", "noi-vu": "overdue", "ban-bo": "late", "then-sin": "not_due"})
    ctx = C.build_summary_context(ORG, C.RequirementStatus(REQ, rows), date(2023, 11, 15))
    assert ctx["symbol"] == "BC-UBND" and ctx["doc_type"] == "Báo cáo"
    assert ctx["counts"] == {
        "total": 4,
        "sent": 2,
        "missing": 2,
        "on_time": 1,
        "late": 1,
        "overdue": 1,
        "due_soon": 0,
        "not_due": 1,
    }
    (table,) = ctx["tables"]
    assert table["header"] == ["STT", "Đơn vị", "Số, ký hiệu báo cáo", "Ngày nhận", "Tình trạng"]
    assert [r[1] for r in table["rows"]] == [u.name for u in ORG.units]
    assert table["rows"][0][2:4] == ["3/BC-X", "09/11/2023"]
    assert table["rows"][1][3:] == ["", "Quá hạn, chưa gửi"]
    assert {"style": "table", "table": 0, "text": "[BẢNG 1]"} in ctx["blocks"]  # where it stands
    missing = [b["text"] for b in ctx["blocks"] if b["text"].startswith("- ")]
    assert missing == ["- Phòng Nội vụ (quá hạn, chưa gửi);", "- UBND xã Thèn Sin (chưa đến hạn)."]


def test_period_picked_and_refused():
    rows = _rows({u.id: "on_time" for u in ORG.units}, "2022", date(2022, 11, 10))
    rows += _rows({u.id: "overdue" for u in ORG.units}, "2023")
    assert C.pick_period(rows, date(2023, 11, 15)) == "2023"
    assert C.pick_period(rows, date(2023, 11, 15), "2022") == "2022"
    assert C.pick_period(rows, date(2023, 11, 15), "2019") is None
    ctx = C.build_summary_context(ORG, C.RequirementStatus(REQ, rows, "2022"), date(2023, 11, 15))
    assert ctx["counts"]["on_time"] == 4 and ctx["period_label"] == "năm 2022"


def test_plan_sets_its_own_deadline_ahead_by_the_margin():
    higher = higher_plan(
        yearly_report("báo cáo kết quả", ["xa"]),
        Deadline("trước ngày 30/9/2022", date(2022, 9, 30), what="xây dựng kế hoạch", unit_ids=["noi-vu"]),
    )
    ctx = C.build_plan_context(ORG, higher, date(2022, 7, 21), margin_days=5)
    assert ctx["ref"] == {
        "doc_type": "Kế hoạch",
        "number_symbol": "2282/KH-UBND",
        "date": "01/7/2022",
        "issuer": "UBND tỉnh Lai Châu",
        "summary": "thực hiện phong trào thi đua",
    }
    text = "\n".join(b["text"] for b in ctx["blocks"])
    assert "- Thời hạn: trước ngày 25/9/2022." in text
    assert "- Đơn vị thực hiện: Phòng Nội vụ." in text
    assert "- Đơn vị thực hiện: UBND các xã, thị trấn." in text
    assert ctx["own_deadline"] == "trước ngày 05 tháng 11 hằng năm"
    assert ctx["summary_lines"][0].startswith("Triển khai thực hiện Kế hoạch số 2282/KH-UBND")
    assert all(len(line) <= 60 for line in ctx["summary_lines"])
    assert C.shift_deadline(None, {"day": 3, "month": 3}, 5) == (None, {"day": 26, "month": 2})
    assert not ctx["warnings"]
    # Drafted a year later, the one-off task's time has passed: the drafter must set another.
    late = C.build_plan_context(ORG, higher, date(2023, 1, 5), margin_days=5)
    text = "\n".join(b["text"] for b in late["blocks"])
    assert "- Thời hạn: [trước ngày 25/9/2022 đã qua: sửa thời hạn]." in text
    assert any("Nhiệm vụ 1: thời hạn trước ngày 25/9/2022 đã qua" in w for w in late["warnings"])
    assert late["own_deadline"] == "trước ngày 05 tháng 11 hằng năm"  # the yearly one still stands


def test_reply_quotes_the_incoming_document_and_flags_what_is_missing():
    incoming = Fields(
        number_symbol="2775/SNV-CCHC",
        issue_date=date(2023, 10, 5),
        issuer="SỞ NỘI VỤ",
        title_summary="V/v báo cáo cải cách hành chính",
    )
    ctx = C.build_reply_context(ORG, C.Answering(incoming), date(2023, 11, 1))
    assert ctx["ref"]["number_symbol"] == "2775/SNV-CCHC" and ctx["ref"]["date"] == "05/10/2023"
    assert ctx["addressees"] == ["Sở Nội Vụ"] and ctx["subject"] == "báo cáo cải cách hành chính"
    bare = C.build_reply_context(ORG, C.Answering(Fields()), date(2023, 11, 1))
    assert bare["ref"]["number_symbol"] == C.MISSING and bare["addressees"] == [C.MISSING]
    assert len(bare["warnings"]) == 3


def test_finalize_fills_number_date_and_signer_only():
    ctx = C.build_summary_context(
        ORG, C.RequirementStatus(REQ, _rows({u.id: "on_time" for u in ORG.units})), date(2023, 11, 15)
    )
    final = C.finalize_context(ctx, number=2, issued_on=date(2024, 1, 3), signer_name="Nguyễn Văn A")
    assert C.number_symbol(final) == "02/BC-UBND"
    assert final["place_date"] == "Tam Đường, ngày 03 tháng 01 năm 2024"
    assert not final["is_draft"] and final["signer_name"] == "Nguyễn Văn A"
    assert final["blocks"] == ctx["blocks"] and ctx["is_draft"]


def test_many_owing_units_are_addressed_by_their_groups():
    few = C.addressees_for(ORG, [("noi-vu", "Phòng Nội vụ"), ("ban-bo", "UBND xã Bản Bo")])
    assert few == ["Phòng Nội vụ", "UBND xã Bản Bo"]
    units = [(u.id, u.name) for u in ORG.units] + [("x", "Ban Quản lý dự án")]
    assert C.addressees_for(ORG, units, most=3) == [
        "Các cơ quan, ban, ngành huyện",
        "UBND các xã, thị trấn",
        "Ban Quản lý dự án",
    ]


@pytest.mark.parametrize(
    ("title", "authority", "lines"),
    [
        (None, None, ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]),
        ("Chủ tịch", None, ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]),
        ("Phó Chủ tịch", None, ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]),
        ("Quyền Chủ tịch", None, ["TM. ỦY BAN NHÂN DÂN", "Q. CHỦ TỊCH"]),
        ("Chánh Văn phòng", None, ["TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG"]),
        ("Trưởng phòng Nội vụ", "TUQ", ["TUQ. CHỦ TỊCH", "TRƯỞNG PHÒNG NỘI VỤ"]),
    ],
)
def test_signing_authority_from_the_signers_title(title, authority, lines):
    from service.drafts.wording import signing_authority

    assert signing_authority(ORG, title, authority) == lines


def test_a_so_signs_without_tm_and_its_deputy_with_kt():
    from dataclasses import replace

    from service.drafts.wording import signing_authority

    so = replace(ORG, name="Sở Nội vụ tỉnh Lai Châu", short_name="SNV")
    assert signing_authority(so, "Giám đốc") == ["GIÁM ĐỐC"]
    assert signing_authority(so, "Phó Giám đốc") == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]


def test_the_parent_line_only_where_the_decree_wants_it():
    from dataclasses import replace

    from service.drafts.wording import header_parent_lines

    assert header_parent_lines(ORG) == []  # an Ủy ban nhân dân prints none, at any level
    so = replace(ORG, name="Sở Nội vụ tỉnh Lai Châu", parent="Ủy ban nhân dân tỉnh Lai Châu")
    assert header_parent_lines(so) == ["ỦY BAN NHÂN DÂN", "TỈNH LAI CHÂU"]
    assert header_parent_lines(replace(so, parent_in_header="never")) == []
    assert header_parent_lines(replace(ORG, parent_in_header="always")) == [
        "ỦY BAN NHÂN DÂN",
        "TỈNH LAI CHÂU",
    ]


def test_cong_van_symbols_name_the_drafting_unit_and_copies_count_the_recipients():
    from dataclasses import replace

    from service.drafts.common import count_copies
    from service.models import Unit

    units = tuple(replace(u, abbreviation="LĐ-TBXH") if u.id == "ld-tbxh" else u for u in ORG.units)
    org = replace(ORG, units=units)
    rows = _rows({u.id: "overdue" for u in ORG.units})
    ctx = C.build_reminder_context(org, C.RequirementStatus(REQ, rows), date(2023, 11, 15))
    assert ctx["symbol"] == "UBND-LĐ-TBXH" and ctx["filing_unit"] == "LĐ-TBXH"  # the configured abbreviation
    assert count_copies(ctx, org) == 4 + 2  # the four units reminded, the file copies (VT, LĐ-TBXH)
    summary = C.build_summary_context(org, C.RequirementStatus(REQ, rows), date(2023, 11, 15))
    # the parent (b/c), the office's leaders, and each unit of "Các đơn vị thuộc diện báo cáo" once
    assert summary["recipients"][0] == "Ủy ban nhân dân tỉnh Lai Châu (b/c)"
    assert count_copies(summary, org) == 3 + 2
    assert C.symbol_for("reply", org, "VP") == "UBND-VP" and isinstance(units[0], Unit)


def test_a_reply_to_a_request_for_a_report_is_laid_out_as_that_report():
    from service.drafts.asked import asked_items

    text = (
        "Để tổng hợp báo cáo Bộ Nội vụ, UBND tỉnh đề nghị UBND các huyện báo cáo các nội dung chủ yếu sau:\n"
        "1. Kết quả triển khai thực hiện;\n"
        "a) Công tác chỉ đạo, điều hành;\n"
        "b) Kết quả cụ thể.\n"
        "2. Tồn tại, hạn chế và nguyên nhân;\n"
        "3. Đề xuất, kiến nghị.\n"
        "Báo cáo gửi về Sở Nội vụ trước ngày 15/12/2023."
    )
    items = asked_items(text)
    assert items == [
        "1. Kết quả triển khai thực hiện",
        "2. Tồn tại, hạn chế và nguyên nhân",
        "3. Đề xuất, kiến nghị",
    ]
    incoming = Fields(
        number_symbol="2775/SNV-CCHC",
        issue_date=date(2023, 10, 5),
        issuer="SỞ NỘI VỤ",
        title_summary="V/v báo cáo cải cách hành chính năm 2023",
    )
    ctx = C.build_reply_context(ORG, C.Answering(incoming, asked_items=items), date(2023, 11, 1))
    texts = [(b["style"], b["text"]) for b in ctx["blocks"]]
    assert texts[1:3] == [
        ("heading", items[0]),
        ("body", "[Nội dung báo cáo: kết quả triển khai thực hiện.]"),
    ]
    assert [t for s, t in texts if s == "heading"] == items
    assert texts[0][1].endswith("UBND huyện Tam Đường báo cáo như sau:")
    assert asked_items("Đề nghị các đơn vị phối hợp thực hiện.") == []  # asks for no report: a plain reply


def test_a_plan_lists_each_unit_or_group_once_flags_past_times_and_copies_no_one_to_itself():
    own = Fields(
        doc_type="Kế hoạch",
        number_symbol="904/KH-UBND",
        issue_date=date(2022, 7, 21),
        issuer="ỦY BAN NHÂN DÂN HUYỆN TAM ĐƯỜNG",
        title_summary="Thực hiện phong trào thi đua",
        deadlines=[
            Deadline(
                "trước ngày 30/9/2022",
                date(2022, 9, 30),
                what="xây dựng kế hoạch",
                unit_ids=["ban-bo", "then-sin", "noi-vu"],  # both communes named: the group, once
                group_ids=["xa"],
            ),
            Deadline(
                "trước ngày 10/8/2022",
                date(2022, 8, 10),
                what="rà soát hộ nghèo",
                unit_ids=["noi-vu", "noi-vu"],
            ),
        ],
    )
    ctx = C.build_plan_context(ORG, own, date(2022, 8, 20), margin_days=5)
    text = "\n".join(b["text"] for b in ctx["blocks"])
    assert "- Đơn vị thực hiện: UBND các xã, thị trấn; Phòng Nội vụ." in text
    assert "- Đơn vị thực hiện: Phòng Nội vụ." in text
    assert "[trước ngày 05/8/2022 đã qua: sửa thời hạn]" in text  # past on the day of drafting
    assert any("đã qua" in w for w in ctx["warnings"])
    assert ctx["recipients"] == ["Phòng Nội vụ", "UBND các xã, thị trấn"]  # no copy to the office itself
    assert "báo cáo Ủy ban nhân dân huyện Tam Đường" not in text
    # the clerk's corrected requirement stands in for the extracted report deadline
    report = yearly_report("bao cao ket qua", ["xa"])
    fixed = Requirement(
        id=1,
        source_document_id=1,
        source_number_symbol="904/KH-UBND",
        what="báo cáo kết quả thực hiện phong trào thi đua",
        recurrence="yearly",
        due_date=date(2022, 11, 10),
        rule={"day": 10, "month": 11},
        unit_ids=["noi-vu"],
        confirmed=True,
    )
    ctx = C.build_plan_context(
        ORG,
        Fields(**{**own.__dict__, "deadlines": [report]}),
        date(2022, 8, 20),
        margin_days=5,
        corrected=[fixed],
    )
    text = "\n".join(b["text"] for b in ctx["blocks"])
    assert "1. Báo cáo kết quả thực hiện phong trào thi đua" in text and "bao cao ket qua" not in text
    assert "- Đơn vị thực hiện: Phòng Nội vụ." in text
