"""Headers and signature blocks as OCR gives them from scans: the block before Nơi nhận, the name
in the middle of the list or under a seal's debris, titles over several lines and past blank lines,
the incoming stamp beside the title, a broken type line. Snippets from real scans' OCR."""

from __future__ import annotations

from service.extract import extract_fields
from service.extract.fields import WARN
from service.text.names import find_person_name

HEAD = (
    "ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI\nSố: 24/TTr-UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
    "Độc lập - Tự do - Hạnh phúc\nQuảng Ngãi, ngày 07 tháng 02 năm 2025\nTỜ TRÌNH\n"
    "Về việc miễn nhiệm Ủy viên UBND tỉnh\n\nKính trình Hội đồng nhân dân tỉnh xem xét, quyết định./.\n\n"
)


def test_the_signing_block_before_the_list():
    # vb-033: the scan read the title column first, the name after the list
    f = extract_fields(
        HEAD
        + "CHỦ TỊCH\nNơi nhận:\n- Như trên;\n\n- Sở Nội vụ;\n\n- Lưu: VT, NC(V1273).\n\nNguyễn Hoàng Giang\n"
    )
    assert f.signer_title == "CHỦ TỊCH" and f.signer_name == "Nguyễn Hoàng Giang"
    assert f.recipients == ["Như trên", "Sở Nội vụ", "Lưu: VT, NC(V1273)"]


def test_the_name_in_the_middle_of_the_list_and_a_misread_heading():
    # vb-031: "Nơi nhận" read "-vơi nhận", the name OCR'd between two list items
    f = extract_fields(
        HEAD + "-vơi nhận:\nCHỦ TỊCH\n- Văn phòng Chính phủ;\n- Ban Dân vận Tỉnh ủy;\nx = :\nĐặng Văn Minh\n"
        "- Công an tỉnh;\n- Lưu: VT, KGVXth96\n"
    )
    assert f.signer_name == "Đặng Văn Minh"
    assert "Công an tỉnh" in f.recipients and len(f.recipients) == 4


def test_a_name_under_the_seals_debris_and_names_in_the_list_are_not_the_signer():
    # vb-036 / vb-039: the list names officials; the signer's line carries debris of the seal
    f = extract_fields(
        HEAD
        + "Nơi nhận:\n- Như Điều 3;\n- Thủ tướng CP, PTTg Hồ Đức Phớc;\n- VPCP: BTCN, PCN Mai Thị Thu Vân,\n"
        "Trợ lý TTg;\n- Lưu: VT, TCCBG, l\nø Phạm Minh Chính\n"
    )
    assert f.signer_name == "Phạm Minh Chính"
    f = extract_fields(HEAD + "Nơi nhận:\n- Thủ tướng CP, PTTg Hồ Đức Phớc;\n- Lưu: VT, KTTH (2).ND\n")
    assert f.signer_name is None and WARN["signer_name"] in f.warnings  # unreadable: never invented


def test_person_names_by_family_name_and_syllables():
    assert find_person_name("ø Phạm Minh Chính") == (2, 17)
    assert find_person_name("Trân Hoàng Tuần") is not None  # marks misread by OCR
    assert find_person_name("Hội đồng nhân dân") is None
    assert find_person_name("KT. THỦ TƯỚNG") is None
    assert find_person_name("ông Lê Ánh Dương chịu trách nhiệm") is None  # a sentence, not a name alone


def test_a_title_past_a_blank_line_and_a_comma():
    # vb-028 and vb-036: a scan's wide spacing splits the trích yếu
    f = extract_fields(
        HEAD.replace(
            "Về việc miễn nhiệm Ủy viên UBND tỉnh\n",
            "Về việc triển khai sử dụng hóa đơn điện tử\n\ntrên địa bàn tỉnh Quảng Ngãi\n",
        )
    )
    assert f.title_summary == "Về việc triển khai sử dụng hóa đơn điện tử trên địa bàn tỉnh Quảng Ngãi"
    f = extract_fields(
        HEAD.replace(
            "Về việc miễn nhiệm Ủy viên UBND tỉnh\n",
            "è việc thi hành kỷ luật đối với ông Lê Ánh Dương,\n\n"
            "J= Chủ tịch Ủy ban nhân dân tỉnh Bắc Giang\n",
        )
    )
    assert f.title_summary == (
        "Về việc thi hành kỷ luật đối với ông Lê Ánh Dương, Chủ tịch Ủy ban nhân dân tỉnh Bắc Giang"
    )
    # a list item after the blank line is the body
    for gap in ("\n", "\n\n"):
        f = extract_fields(
            HEAD.replace("tỉnh\n\nKính trình", "tỉnh" + gap + "a) Các cơ quan thực hiện.\nKính trình")
        )
        assert f.title_summary == "Về việc miễn nhiệm Ủy viên UBND tỉnh"


TTG = (
    "THỦ TƯỚNG CHÍNH PHỦ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\n"
    "Số: 1140/QĐ-TTg\nHà Nội, ngày 11 tháng 10 năm 2024\n\n"
)


def test_the_incoming_stamp_beside_the_title_and_a_broken_type_line():
    # vb-037: the stamp "ĐẾN Ngày: …" OCR'd onto the title's first line
    f = extract_fields(
        TTG + "` QUYẾT ĐỊNH\nĐẾN, Ngày:. PrSYT7A Thi hành kỷ luật đối ` với ông Nguyễn Ngọc Phúc,\n"
        "Phó`Chủ tịch Ủy ban nhân dân tỉnh Lâm Đồng\n\nTHỦ TƯỚNG CHÍNH PHỦ\n\nCăn cứ Luật Tổ chức Chính phủ;\n"
    )
    assert f.doc_type == "Quyết định"
    assert f.title_summary == (
        "Thi hành kỷ luật đối với ông Nguyễn Ngọc Phúc, Phó Chủ tịch Ủy ban nhân dân tỉnh Lâm Đồng"
    )
    # vb-038: "QUYẾT ĐỊNH" read as "VÉT ĐINH" / "QU :": the symbol says the type
    f = extract_fields(
        TTG + "VÉT ĐINH\nQU :\n\nPhê chuẩn kết quả miễn nhiệm chức vụ Chủ tịch\n"
        "Ủy ban nhân dân tỉnh Thái Nguyên nhiệm kỳ 2021 - 2026\n\nTHỦ TƯỚNG CHÍNH PHỦ\n\nCăn cứ Luật;\n"
    )
    assert f.doc_type == "Quyết định"
    assert f.title_summary.startswith("Phê chuẩn kết quả miễn nhiệm") and f.title_summary.endswith(
        "2021 - 2026"
    )
    # vb-039: a decision "Về việc …" is not a công văn
    f = extract_fields(
        TTG + "ĐỊNH\n\nVề việc xuất cấp hóa chất khử khuẩn từ nguồn dự trữ quốc gia\n\nCăn cứ Luật;\n"
    )
    assert f.doc_type == "Quyết định" and f.title_summary.startswith("Về việc xuất cấp hóa chất")


def test_a_day_written_over_ngay_keeps_the_place():
    # vb-031: the handwritten day over "ngày"
    f = extract_fields(
        HEAD.replace("Quảng Ngãi, ngày 07 tháng 02 năm 2025", "Quảng Ngãi, ngàW/† tháng 5 năm 2021")
    )
    assert f.place == "Quảng Ngãi"


def test_references_whose_slash_or_letter_ocr_lost():
    f = extract_fields(
        HEAD.replace(
            "Kính trình",
            "Xét đề nghị tại Tờ trình số 125TTr-HĐND ngày 12/9/2024 và Công văn số 286/5TC-HCSN ngày "
            "04/02/2025 của Sở Tài chính. Kính trình",
        )
    )
    keys = [r.number_symbol for r in f.references]
    assert "125/TTr-HĐND" in keys and "286/STC-HCSN" in keys


def test_a_hidden_name_is_taken_from_a_personal_signature_or_its_printed_stamp():
    from datetime import datetime

    from service.models import SignatureInfo

    foot = HEAD + "Nơi nhận:\n- Như trên;\n- Lưu: VT.\n"
    office = SignatureInfo(signer_name="VĂN PHÒNG CHÍNH PHỦ", signing_time=datetime(2025, 2, 7, 9))
    person = SignatureInfo(signer_name="Nguyễn Hoàng Giang", signing_time=datetime(2025, 2, 7, 9))
    assert extract_fields(foot, signatures=[office]).signer_name is None  # an office is not a signer
    assert extract_fields(foot, signatures=[office, person]).signer_name == "Nguyễn Hoàng Giang"
    stamped = foot + "\n--- Chữ ký số ---\nKý bởi: Trần Văn Bình\nThời gian ký: 07/02/2025 09:00:00\n"
    assert extract_fields(stamped).signer_name == "Trần Văn Bình"
    assert extract_fields(foot + "\nKý bởi: Ủy ban nhân dân tỉnh Quảng Ngãi\n").signer_name is None


def test_a_family_name_the_list_lacks_is_read_under_the_titles_by_its_shape():
    foot = HEAD + "Nơi nhận:\n- Như trên;\n- Lưu: VT.\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\n{}\n"
    assert extract_fields(foot.format("Khà Văn Sình")).signer_name == "Khà Văn Sình"
    assert extract_fields(foot.format("Wxyz Qrst Lmno")).signer_name is None  # not Vietnamese syllables


def test_the_national_title_over_two_lines_is_not_the_issuer_and_a_doubled_d():
    text = (
        "ỦY BAN NHÂN DÂN\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA\nVIỆT NAM\nTỈNH NGHỆ AN\nĐộc lập - Tự do - Hạnh phúc\n"
        "Số: 550/QĐÐ-UBND\nNghệ An, ngày 12 tháng 08 năm 2026\nQUYẾT ĐỊNH\nVề việc giao chỉ tiêu\n"
    )
    f = extract_fields(text)
    assert f.issuer == "UBND tỉnh Nghệ An" and f.number_symbol == "550/QĐ-UBND"
