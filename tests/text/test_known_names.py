"""Known names and fixed lines in running text: a province or city where the text says it is a place, and
the lines the decree fixes, written as the lists write them."""

from __future__ import annotations

import pytest

from service.ingest.correction import HUNSPELL_DIC, build_corrector
from service.text.correct import Corrector
from tests.conftest import require_path


@pytest.fixture(scope="module")
def corrector() -> Corrector:
    require_path(HUNSPELL_DIC, "Debian hunspell-vi")
    return build_corrector(None)


@pytest.mark.parametrize(
    ("read", "meant"),
    [
        ("Độc lập - Tự do - Hạnh phúc\nLâm Đông, ngày 12 tháng 3 năm 2025", "Lâm Đồng, ngày 12"),
        ("ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGAI\nSố: 12/UBND", "TỈNH QUẢNG NGÃI"),
        ("Công an tỉnh Lâm Đông đề nghị", "tỉnh Lâm Đồng đề"),
        ("UBND TỈNH LÂM ĐÒNG", "TỈNH LÂM ĐỒNG"),
        ("Sở Tư pháp thành phố Hồ Chí Mính", "thành phố Hồ Chí Minh"),
        ("xã Hà Tiên, tỉnh Hà Tinh", "xã Hà Tiên, tỉnh Hà Tĩnh"),
    ],
)
def test_a_place_read_with_a_wrong_mark_is_spelled_as_the_list_spells_it(corrector, read, meant):
    result = corrector.correct(read)
    assert meant in result.text, result.text
    assert result.changes and all(not c.flagged and c.confidence == 1.0 for c in result.changes)


@pytest.mark.parametrize(
    "kept",
    [
        "ông Lâm Đông, Phó Giám đốc Sở",  # a person: nothing says it is a place
        "ông Nguyễn Lâm Đông, ngày 5 tháng 3",  # a family name before it: a person's name
        "Hà Nội, ngày 3 tháng 4 năm 2025",
        "thị xã Sơn Tây, tỉnh Đồng Nai",
    ],
)
def test_a_name_the_text_does_not_call_a_place_or_spelled_right_stays(corrector, kept):
    assert corrector.correct(kept).text == kept


@pytest.mark.parametrize(
    ("read", "meant"),
    [
        ("Nơi nhận:\n- Như trên;\nKT. CHU TỊCH\nPHÓ CHỦ TỊCH", "KT. CHỦ TỊCH\n"),
        ("KT. BỘ TRƯỞNG\nTHỰ TRƯỜNG\n\nCao Huy", "\nTHỨ TRƯỞNG\n"),
        ("KT. GIÁM ĐỐC\nPHO GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"),
        ("CỘNG HOA XA HỘI CHU NGHĨA VIỆT NAM\nĐôc lập - Tư do - Hanh phúc", "Độc lập - Tự do - Hạnh phúc"),
        ("Kinh gửi:\n- Sở Nội vụ;", "Kính gửi:\n"),
    ],
)
def test_a_line_the_decree_fixes_is_written_as_the_decree_writes_it(corrector, read, meant):
    result = corrector.correct(read)
    assert meant in result.text, result.text


def test_a_title_inside_a_sentence_is_left_to_the_corrector(corrector):
    kept = "Thứ trưởng đã chỉ đạo các đơn vị"
    assert corrector.correct(kept).text == kept


@pytest.mark.parametrize(
    ("read", "meant"),
    [
        ("ỦY BAN NHÂN DÂN\n\nTÍNH QUẢNG NGÃI\nSố: 12/TB-UBND", "TỈNH QUẢNG NGÃI"),
        ("Ủy ban nhân dân tính Lâm Đông", "tỉnh Lâm Đồng"),
        ("Sở Tư pháp thành phổ Hồ Chí Minh", "thành phố Hồ Chí Minh"),
    ],
)
def test_the_kind_of_a_province_read_with_another_mark_is_its_kind(corrector, read, meant):
    assert meant in corrector.correct(read).text


@pytest.mark.parametrize(
    ("read", "meant"),
    [
        ("Quảng Ngãi, ngày tháng l1 năm 2024", "tháng 11 năm 2024"),
        ("trước ngày 3l/12/2O25", "31/12/2025"),
        ("Số: l2/KH-UBND", "Số: 12/KH-UBND"),
        ("vào lúc O8 giờ 00 phút", "lúc 08 giờ"),
    ],
)
def test_a_number_read_partly_as_letters_is_written_in_digits(corrector, read, meant):
    assert meant in corrector.correct(read).text


@pytest.mark.parametrize("kept", ["Phụ lục I ban hành kèm theo", "mục l và 2", "Ký hiệu QĐ-l1"])
def test_a_letter_alone_or_a_word_in_a_code_stays(corrector, kept):
    assert corrector.correct(kept).text == kept
