"""Restoring only what can be known: type names, fixed phrases, configured names, symbols."""

from service.text.match import MOTTO, is_title_case_name, noise_ratio, strip_motto
from service.text.normalize import fold
from service.text.restore import (
    restore_doc_type,
    restore_names,
    restore_phrases,
    restore_symbol,
    sentence_case_name,
)


def test_doc_types_and_phrases():
    assert restore_doc_type("ke hoach") == "Kế hoạch"
    assert restore_doc_type("quyet  dinh") == "Quyết định"
    assert restore_doc_type("phong trao") is None
    assert restore_phrases("TM UY BAN NHAN DAN") == "TM ỦY BAN NHÂN DÂN"
    assert restore_phrases("KT. CHỦ TỊCH") == "KT. CHỦ TỊCH"  # marked text is left alone


def test_configured_names_only_where_marks_are_missing():
    names = ["Tam Đường", "Phòng Nội vụ"]
    assert (
        restore_names("phong trao thi dua “Tam Duong chung tay", names)
        == "phong trao thi dua “Tam Đường chung tay"
    )
    assert restore_names("Phong Noi vu (Thuong truc)", names) == "Phòng Nội vụ (Thuong truc)"
    assert restore_names("Tam Dương", names) == "Tam Dương"  # has its own marks: not ours to change


def test_symbols():
    assert restore_symbol("QD-TTg") == "QĐ-TTg"
    assert restore_symbol("NQ-HDND") == "NQ-HĐND"
    assert restore_symbol("KH-UBND") == "KH-UBND"


def test_register_names():
    assert sentence_case_name("SỞ NỘI VỤ") == "Sở Nội vụ"
    assert sentence_case_name("ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI") == "UBND tỉnh Quảng Ngãi"
    assert sentence_case_name("VĂN PHÒNG") == "Văn phòng"
    assert sentence_case_name("BỘ CÔNG AN") == "Bộ Công an"


def test_ocr_header_line():
    # The seed's first line: the issuer and the motto merged, marks lost.
    line = " HUYEN TAM DPUONG Déc 1ap - Tw do - Hanh phuc"
    assert MOTTO.search(fold(line))
    assert strip_motto(line).strip() == "HUYEN TAM DPUONG"
    assert noise_ratio("lpệ h Ngày :4/ÂL. 2 LUA#") > 0
    assert noise_ratio("hoạt động và quản lý hội ở") == 0
    assert is_title_case_name("Trần Hữu Tuấn") and not is_title_case_name("TRẦN HỮU TUẤN")
