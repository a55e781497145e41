"""Header rules, each on real snippets from the corpus (text as the readers give it)."""

from datetime import UTC, date, datetime, timedelta, timezone

from service.extract import extract_fields
from service.models import SignatureInfo

VN = timezone(timedelta(hours=7))

# vb-002 (Bộ Nội vụ): the number and the day are drawn in signature widgets, not in the page text.
BNV_WIDGETS = """BỘ NỘI VỤ
Số:            /BNV-TCPCP
V/v báo cáo tình hình tổ chức,
hoạt động và quản lý hội ở
địa phương năm 2025
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Hà Nội, ngày        tháng 12 năm 2025
Kính gửi: Ủy ban nhân dân tỉnh, thành phố
Căn cứ khoản 10 Điều 49 Nghị định số 126/2024/NĐ-CP ngày 08/10/2024
của Chính phủ quy định về tổ chức, hoạt động và quản lý hội, Bộ Nội vụ đề
nghị Ủy ban nhân dân tỉnh, thành phố khẩn trương xây dựng báo cáo và gửi về Bộ Nội vụ
trước ngày 31/12/2025.
Nơi nhận:
- Như trên;
- Bộ trưởng (để b/c);
- Lưu: VT, TCPCP, PTG, NTQN.
KT. BỘ TRƯỞNG
THỨ TRƯỞNG
Vũ Chiến Thắng
"""


def _sig(text: str, when: str) -> SignatureInfo:
    return SignatureInfo(
        field_name="Signature", appearance_text=text, signing_time=datetime.fromisoformat(when)
    )


def test_number_and_day_from_signature_widgets():
    sigs = [
        _sig("", "2025-12-11T10:57:49+07:00"),
        _sig("11902", "2025-12-11T15:02:58+07:00"),
        _sig("11", "2025-12-11T15:03:02+07:00"),
    ]
    f = extract_fields(BNV_WIDGETS, signatures=sigs)
    assert f.number_symbol == "11902/BNV-TCPCP"
    assert f.issue_date == date(2025, 12, 11)
    assert f.doc_type == "Công văn"
    assert f.title_summary == (
        "V/v báo cáo tình hình tổ chức, hoạt động và quản lý hội ở địa phương năm 2025"
    )
    assert f.addressees == ["Ủy ban nhân dân tỉnh, thành phố"]
    assert f.signer_title == "KT. BỘ TRƯỞNG / THỨ TRƯỞNG"
    assert f.signer_name == "Vũ Chiến Thắng"
    assert f.is_draft is False


def test_widget_day_wins_over_a_later_signing_time():
    # vb-019: the widget says day 15, the leader signed on the 17th.
    text = BNV_WIDGETS.replace("tháng 12 năm 2025", "tháng 11 năm 2024")
    sigs = [_sig("565", "2024-11-17T16:07:12+07:00"), _sig("15", "2024-11-17T16:07:12+07:00")]
    assert extract_fields(text, signatures=sigs).issue_date == date(2024, 11, 15)


def test_signing_time_is_read_in_vietnam_time():
    # 2024-11-25T20:30Z is 26/11 in Hà Nội; only that day matches the date line's month.
    text = BNV_WIDGETS.replace("tháng 12 năm 2025", "tháng 11 năm 2024")
    sig = SignatureInfo(signing_time=datetime(2024, 11, 25, 20, 30, tzinfo=UTC))
    f = extract_fields(text, signatures=[sig])
    assert f.issue_date == date(2024, 11, 26)


def test_without_widgets_a_blank_number_is_not_invented():
    f = extract_fields(BNV_WIDGETS)
    assert f.number_symbol is None
    assert f.symbol_only == "/BNV-TCPCP"
    assert f.issue_date is None
    assert f.warnings  # the clerk is told what to check


# vb-005: SỞ NỘI VỤ under UBND TỈNH LÂM ĐỒNG, as a register names it.
SNV = """UBND TỈNH LÂM ĐỒNG
SỞ NỘI VỤ
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 124/TTr-SNV Lâm Đồng, ngày 11 tháng 02 năm 2026
TỜ TRÌNH
Về việc ban hành Kế hoạch Phát động Phong trào thi đua “Đẩy mạnh cải
cách hành chính nhà nước trên địa bàn tỉnh Lâm Đồng” năm 2026
Kính gửi: Ủy ban nhân dân tỉnh Lâm Đồng
Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ ban hành
"""


def test_issuer_completed_with_parent_locality():
    f = extract_fields(SNV)
    assert f.issuer == "Sở Nội vụ tỉnh Lâm Đồng"
    assert f.parent_issuer == "UBND tỉnh Lâm Đồng"
    assert f.doc_type == "Tờ trình"
    assert f.place == "Lâm Đồng"
    assert f.issue_date == date(2026, 2, 11)
    assert f.number_symbol == "124/TTr-SNV"
    assert f.title_summary.endswith("trên địa bàn tỉnh Lâm Đồng” năm 2026")


def test_office_of_a_committee_is_named_with_its_committee():
    text = SNV.replace("SỞ NỘI VỤ", "VĂN PHÒNG").replace("124/TTr-SNV", "1376/VP-NC")
    assert extract_fields(text).issuer == "Văn phòng UBND tỉnh Lâm Đồng"


def test_issue_date_is_the_place_line_not_the_first_date(corpus_text):
    # vb-014 (OCR): the signature stamp's 04/02/2025 comes first; the date line's day is
    # handwritten and unreadable ("ngày {tháng 02"), so the signature day fills it, flagged.
    f = extract_fields(corpus_text("vb-014.txt"))
    assert f.place == "Quảng Ngãi"
    assert f.issue_date == date(2025, 2, 4)
    assert any("ký số" in w for w in f.warnings)
    assert f.number_symbol is None and f.symbol_only == "/UBND-KTTH"  # "$4" is not a number
    assert f.title_summary == "V/v đăng ký bổ sung nội dung trình HĐND tỉnh tại kỳ họp thứ 31"
    assert f.issuer == "UBND tỉnh Quảng Ngãi"


def test_incoming_stamp_is_not_the_number(corpus_text):
    # vb-003: the "CV ĐẾN … Số" stamp sits in the header; the real number was handwritten ("#").
    f = extract_fields(corpus_text("vb-003.txt"))
    assert f.number_symbol is None
    assert f.symbol_only == "/CT-UBND"
    assert f.doc_type == "Chỉ thị"
    assert f.issue_date is None  # "ngày 80 tháng 3" is not a day
    assert f.title_summary.startswith("Về việc tăng cường công tác thi hành án hành chính")
    assert "LUA#" not in f.title_summary


DRAFT = """ỦY BAN NHÂN DÂN
TỈNH LÂM ĐỒNG
Số:           /KH-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Lâm Đồng, ngày      tháng      năm 2026
KẾ HOẠCH
Phát động Phong trào thi đua “Đẩy mạnh cải cách hành chính nhà nước trên địa bàn tỉnh Lâm Đồng” năm 2026
Căn cứ Luật Thi đua, khen thưởng ngày 15/6/2022;
"""


def test_draft_has_no_number_and_no_date():
    f = extract_fields(DRAFT)
    assert f.is_draft
    assert f.number_symbol is None and f.symbol_only == "/KH-UBND"
    assert f.issue_date is None
    assert f.doc_type == "Kế hoạch"
    assert f.issuer == "UBND tỉnh Lâm Đồng"


def test_marks_urgency_and_draft():
    text = DRAFT.replace("KẾ HOẠCH", "DỰ THẢO\nHỎA TỐC\nKẾ HOẠCH")
    f = extract_fields(text)
    assert f.urgency == "Hỏa tốc"
    assert f.is_draft


def test_second_document_in_the_file_is_ignored():
    # vb-010: a công văn followed by its attached draft decision with its own header.
    attached = (
        "\nỦY BAN NHÂN DÂN\nTỈNH LÂM ĐỒNG\nSố:          /QĐ-UBND\n"
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "Lâm Đồng, ngày        tháng     năm 2026\nQUYẾT ĐỊNH\n"
        "Căn cứ Nghị định số 123/2013/NĐ-CP ngày 14 tháng 10 năm 2013 của Chính phủ;\n"
    )
    sigs = [_sig("11902", "2025-12-11T15:02:58+07:00"), _sig("11", "2025-12-11T15:03:02+07:00")]
    f = extract_fields(BNV_WIDGETS + attached, signatures=sigs)
    assert f.number_symbol == "11902/BNV-TCPCP"
    assert "123/2013/NĐ-CP" not in {r.number_symbol for r in f.references}


def test_summary_line_merged_with_the_date_column():
    text = (
        "ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI\nSố: 574/UBND-KTTH\n"
        "V/v đăng ký bổ sung nội dung trình HĐND tỉnh Quảng Ngãi, ngày 04 tháng 02 năm 2025\n"
        "tại kỳ họp thứ 31\n\nKính gửi: Thường trực HĐND tỉnh\n"
    )
    f = extract_fields(text)
    assert f.issue_date == date(2025, 2, 4) and f.place == "Quảng Ngãi"
    assert f.title_summary == "V/v đăng ký bổ sung nội dung trình HĐND tỉnh tại kỳ họp thứ 31"


def test_date_line_without_its_comma_near_the_number():
    text = "UBND HUYỆN TAM ĐƯỜNG\nSố: 15/BC-UBND\nTam Đường ngày 03 tháng 3 năm 2023\nBÁO CÁO\nKết quả\n"
    f = extract_fields(text)
    assert f.place == "Tam Đường" and f.issue_date == date(2023, 3, 3)
    assert f.doc_type == "Báo cáo"


def test_summary_may_begin_like_a_body_paragraph_but_stops_at_one():
    text = (
        "ỦY BAN NHÂN DÂN\nTỈNH LÂM ĐỒNG\nSố: 12/KH-UBND Lâm Đồng, ngày 05 tháng 01 năm 2026\nKẾ HOẠCH\n"
        "Triển khai thực hiện Nghị quyết số 76/NQ-CP năm 2026\n"
        "Tiếp tục thực hiện Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ, UBND tỉnh ban hành như sau:\n"
    )
    f = extract_fields(text)
    assert f.title_summary == "Triển khai thực hiện Nghị quyết số 76/NQ-CP năm 2026"


def test_issuer_above_an_unreadable_number_line():
    text = (
        "ỦY BAN NHÂN DÂN\nTỈNH LÂM ĐỒNG\nS€: 12/KH-UBND\nLâm Đồng, ngày 05 tháng 01 năm 2026\n"
        "KẾ HOẠCH\nTriển khai nhiệm vụ năm 2026\n"
    )
    f = extract_fields(text)
    assert f.issuer == "UBND tỉnh Lâm Đồng"
    assert f.number_symbol is None and f.doc_type == "Kế hoạch"


def test_place_names_of_cities():
    for line, place in (
        ("TP. Hồ Chí Minh, ngày 02 tháng 3 năm 2025", "TP. Hồ Chí Minh"),
        ("Thành phố Hồ Chí Minh, ngày 02 tháng 3 năm 2025", "Thành phố Hồ Chí Minh"),
        ("TỈNH QUẢNG NGÃI Quảng Ngãi, ngày 02 tháng 3 năm 2025", "Quảng Ngãi"),
    ):
        f = extract_fields("SỞ TƯ PHÁP\nSố: 15/BC-STP\n" + line + "\nBÁO CÁO\nKết quả công tác\n")
        assert f.place == place
        assert f.issue_date == date(2025, 3, 2)


def test_normative_document_number_with_its_year():
    text = (
        "ỦY BAN NHÂN DÂN\nTỈNH LÂM ĐỒNG\nSố: 01/2025/QĐ-UBND Lâm Đồng, ngày 03 tháng 01 năm 2025\n"
        "QUYẾT ĐỊNH\nBan hành quy định về công tác thi đua, khen thưởng\n"
    )
    f = extract_fields(text)
    assert f.number_symbol == "01/2025/QĐ-UBND" and f.doc_type == "Quyết định"


def test_vv_merged_onto_the_number_line():
    text = (
        "ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI\nSố: 574/UBND-KTTH V/v đăng ký bổ sung nội dung\n"
        "trình HĐND tỉnh tại kỳ họp thứ 31\nQuảng Ngãi, ngày 04 tháng 02 năm 2025\n\nKính gửi: Thường trực HĐND tỉnh\n"
    )
    f = extract_fields(text)
    assert f.number_symbol == "574/UBND-KTTH" and f.doc_type == "Công văn"
    assert f.title_summary == "V/v đăng ký bổ sung nội dung trình HĐND tỉnh tại kỳ họp thứ 31"


def test_a_configured_unit_writing_without_marks_is_named_as_configured(tmp_path):
    from service.config import load_config
    from tests.conftest import write_office_config

    org = load_config(write_office_config(tmp_path / "office")).organisation
    text = (
        "UY BAN NHAN DAN\nXA KHUN HA\nSo: 12/BC-UBND\nCONG HOA XA HOI CHU NGHIA VIET NAM\n"
        "Doc lap - Tu do - Hanh phuc\nKhun Ha, ngay 05 thang 11 nam 2025\nBAO CAO\n"
        "Ket qua thuc hien Ke hoach so 904/KH-UBND\nNoi nhan:\n- UBND huyen;\n- Luu: VT.\n"
    )
    assert extract_fields(text, org=org).issuer == "UBND xã Khun Há"
    # a body that is not one of the office's units keeps what was read
    assert extract_fields(text.replace("KHUN HA", "NA LUONG"), org=org).issuer == "UBND xa Na Luong"
