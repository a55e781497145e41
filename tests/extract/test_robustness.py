"""Extraction never fails on odd text: it returns what it can read and says what it could not."""

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from service.extract import extract_fields
from service.models import Fields

PIECES = [
    "Số: 12/KH-UBND",
    "Số:   /UBND-VP",
    "ngày",
    "tháng",
    "năm 2025",
    "Hà Nội, ngày 3 tháng 4 năm 2025",
    "KẾ HOẠCH",
    "V/v",
    "Kính gửi:",
    "Căn cứ",
    "trước ngày 10/11/2025",
    "hằng năm",
    "hằng tuần",
    "Nơi nhận:",
    "- Lưu: VT.",
    "KT. CHỦ TỊCH",
    "Nguyễn Văn A",
    "Quý I/2026",
    "\n",
    "\n\n",
    " ",
    ";",
    "222, 223/HĐND-KTNS",
    "ỦY BAN NHÂN DÂN",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "$6:",
    "#",
    "./.",
]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(PIECES) | st.text(max_size=12), max_size=40).map(" ".join))
def test_any_text_gives_fields(text):
    f = extract_fields(text, holidays=[date(2025, 9, 2)])
    assert isinstance(f, Fields)
    f.to_json()
    for d in f.deadlines:
        assert d.date is None or isinstance(d.date, date)


def test_empty_text_says_what_is_missing():
    f = extract_fields("")
    assert f.number_symbol is None and f.issue_date is None and f.issuer is None
    assert len(f.warnings) >= 4
    assert all(w.endswith("đề nghị kiểm tra.") for w in f.warnings)


def test_fields_round_trip_through_json(corpus_text, org):
    f = extract_fields(corpus_text("vb-seed.txt"), org=org)
    again = Fields.from_json(f.to_json())
    assert again.number_symbol == f.number_symbol and again.issue_date == f.issue_date
    assert [d.rule for d in again.deadlines] == [d.rule for d in f.deadlines]


def test_line_endings_and_decomposed_unicode_read_the_same(corpus_text, org):
    import unicodedata

    text = corpus_text("vb-014.txt")
    plain = extract_fields(text, org=org).to_json()
    windows = extract_fields(unicodedata.normalize("NFD", text).replace("\n", "\r\n"), org=org).to_json()
    assert windows == plain
