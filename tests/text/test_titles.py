"""The signing block's one list of marks and titles, and what is read from it."""

from service.extract.signature import _clean_title
from service.text.restore import restore_phrases
from service.text.titles import AUTHORITY_MARKS, deputy, signing_lines, titles


def test_each_head_has_its_deputy_and_its_marks():
    assert deputy("CHỦ TỊCH") == "PHÓ CHỦ TỊCH"
    assert deputy("BỘ TRƯỞNG") == "THỨ TRƯỞNG"  # a minister's deputy is no "Phó Bộ trưởng"
    assert "PHÓ BỘ TRƯỞNG" not in signing_lines()
    lines = set(signing_lines())
    assert {"KT. CHỦ TỊCH", "TL. BỘ TRƯỞNG", "TUQ. GIÁM ĐỐC", "Q. THỦ TƯỚNG", "TM. ỦY BAN NHÂN DÂN"} <= lines
    assert "TM. CHỦ TỊCH" not in lines  # TM. is for a collective body, not a person
    assert set(titles()) <= lines


def test_every_title_of_the_list_gets_its_marks_back_on_a_line_that_lost_them():
    assert restore_phrases("PHO VIEN TRUONG") == "PHÓ VIỆN TRƯỞNG"
    assert restore_phrases("KT. HIEU TRUONG") == "KT. HIỆU TRƯỞNG"
    assert restore_phrases("THU TRUONG") == "THỨ TRƯỞNG"


def test_debris_ahead_of_any_mark_of_the_list_is_dropped():
    for mark in AUTHORITY_MARKS:
        assert _clean_title(f"veớt {mark}, GIÁM ĐỐC").startswith(f"{mark}. GIÁM ĐỐC")
