"""Recipients (nơi nhận), signing titles and the signer's name, addressees (kính gửi)."""

from service.extract import extract_fields
from service.extract.document import Doc
from service.extract.signature import complete_clipped_name, read_addressees, read_foot

# vb-001 (OCR of a scan): the title column merged into the recipients' lines, an item wrapped over
# three lines, the signer's name clipped at the image edge, then the signature stamp.
SCAN_FOOT = """các cơ quan, đơn vị, địa phương biết, triên khai thực hiện./.

Nơi nhận: TL. CHỦ TỊCH

- Thường trực Tỉnh ủy (b/cáo); VĂN PHÒNG
- CT, PCT UBND tỉnh;

- Các Sở: Lao động - Thương binh và Xã
hội, Xây dựng, Tài chính, Kế hoạch và

Đầu tư, Tài nguyên và Môi trường
- Ban Quản lý Khu kinh tế Dung Quất
Và các Khu công nghiệp Quảng Ngãi;
- Lưu: VT, KGVXn1014

⁄ Ẩ £ .^
guyền Quốc Việt

--- Chữ ký số ---
Ký bởi: Ủy ban nhân dân tỉnh Quảng Ngãi
TRUNG TÂM CÔNG BÁO
VÀ TIN HỌC
"""


def test_recipients_one_item_per_line_with_wrapped_items():
    foot = read_foot(Doc.from_text(SCAN_FOOT))
    assert foot.recipients == [
        "Thường trực Tỉnh ủy (b/cáo)",
        "CT, PCT UBND tỉnh",
        "Các Sở: Lao động - Thương binh và Xã hội, Xây dựng, Tài chính, Kế hoạch và Đầu tư, "
        "Tài nguyên và Môi trường",
        "Ban Quản lý Khu kinh tế Dung Quất Và các Khu công nghiệp Quảng Ngãi",
        "Lưu: VT, KGVXn1014",
    ]


def test_titles_from_both_columns_and_stamp_not_a_title():
    foot = read_foot(Doc.from_text(SCAN_FOOT))
    assert foot.signer_title == "TL. CHỦ TỊCH / VĂN PHÒNG"
    assert foot.signer_name == "Nguyễn Quốc Việt"
    assert foot.name_completed


def test_clipped_family_name_only_when_unambiguous():
    assert complete_clipped_name("ạm Trường Thọ") == "Phạm Trường Thọ"  # not Lâm: the mark decides
    assert complete_clipped_name("an Văn Ba") is None  # Phan, Lan… : ambiguous, left alone
    assert complete_clipped_name("Nguyễn Văn A") is None


def test_text_layer_order_title_then_name():
    # vb-008 (PDF text layer): three title lines after the recipients, then the name.
    text = (
        "Nơi nhận:\n- Như trên;\n- Bộ Thông tin và Truyền thông (b/cáo);\n- Lưu: VT, KGVX(bnt).\n"
        " TL. CHỦ TỊCH\n KT. CHÁNH VĂN PHÒNG\nPHÓ CHÁNH VĂN PHÒNG\n\n\nPhùng Tô Long\n"
    )
    foot = read_foot(Doc.from_text(text))
    assert foot.signer_title == "TL. CHỦ TỊCH / KT. CHÁNH VĂN PHÒNG / PHÓ CHÁNH VĂN PHÒNG"
    assert foot.signer_name == "Phùng Tô Long"
    assert foot.recipients[-1] == "Lưu: VT, KGVX(bnt)"


def test_rank_before_the_name(corpus_text):
    # vb-016: "Thiếu tướng Trương Minh Đương"
    f = extract_fields(corpus_text("vb-016.txt"))
    assert f.signer_name == "Trương Minh Đương"
    assert "(Thiếu tướng)" in f.signer_title
    assert f.recipients[0] == "Như kính gửi" and f.recipients[-1].startswith("Lưu: VT, PC04")
    assert f.doc_type.startswith("Báo cáo")
    assert f.title_summary.startswith("V/v Phê duyệt thời gian tổ chức Hội nghị")


def test_ocr_title_without_marks_is_restored(corpus_text):
    f = extract_fields(corpus_text("vb-seed.txt"))
    assert f.signer_title == "TM. ỦY BAN NHÂN DÂN"


def test_addressees_list_with_wrapped_item(corpus_text):
    text = corpus_text("vb-016.txt")
    got = read_addressees(Doc.from_text(text))
    assert len(got) == 2
    assert got[1].endswith("xét duyệt địa bàn cấp xã không ma túy")


def test_single_addressee_on_the_line():
    got = read_addressees(Doc.from_text("Kính gửi: Thường trực HĐND tỉnh\n\nTheo đề nghị của Giám đốc"))
    assert got == ["Thường trực HĐND tỉnh"]


def test_authority_abbreviation_is_written_the_standard_way():
    text = "Nơi nhận:\n- Như trên;\n- Lưu: VT.\nKT.GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\nTrần Hữu Tuấn\n"
    assert read_foot(Doc.from_text(text)).signer_title == "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC"


def test_the_signature_column_met_in_the_list_is_not_a_recipient():
    # OCR reads the signature's stroke or a rule beside the list as a run of dashes, the list's
    # dash as "~", a stroke through a line as ")"; a speck left alone is no recipient.
    text = (
        "Nơi nhận:\n- Như trên;\n—— GIÁM ĐỐC\nZ1\n- Thường trực HĐND) tỉnh;\n——t tauL_———\n—>\n"
        "~ Trung tâm Phục vụ hành chính công tỉnh;\n-- Sở Nội vụ;\n- Lưu: VT, NC.\n"
    )
    foot = read_foot(Doc.from_text(text))
    assert foot.recipients == [
        "Như trên",
        "Thường trực HĐND tỉnh",
        "Trung tâm Phục vụ hành chính công tỉnh",
        "Sở Nội vụ",
        "Lưu: VT, NC",
    ]
    assert foot.signer_title is not None and "GIÁM ĐỐC" in foot.signer_title


def test_the_name_a_text_layer_put_after_the_last_item():
    # A text PDF joins the two columns' baselines: the name stands after the "Lưu" item's full stop.
    text = "Nơi nhận:\n- Như trên;\n- Bộ Nội vụ;\nGIÁM ĐỐC\n\n- Lưu: VT, SYT. Trần Ngọc Thủy\n"
    foot = read_foot(Doc.from_text(text))
    assert foot.recipients == ["Như trên", "Bộ Nội vụ", "Lưu: VT, SYT"]
    assert (foot.signer_title, foot.signer_name) == ("GIÁM ĐỐC", "Trần Ngọc Thủy")
