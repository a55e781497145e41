"""The summary's (trích yếu) line rules alone: where it ends, what a scan put before it, a merged date."""

from service.extract.header_lines import DATE_LINE_RE
from service.extract.title import _before_date, _cut_line, _ends_summary
from service.text.normalize import fast_fold


def _ends(raw: str, has_parts: bool = True) -> bool:
    return _ends_summary(raw, fast_fold(raw), has_parts)


def test_the_body_a_title_or_a_rule_ends_the_summary():
    assert _ends("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;")
    assert _ends("a) Tổ chức triển khai thực hiện")
    assert _ends("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    assert _ends("KẾ HOẠCH")
    assert _ends("-------")


def test_a_wrapped_summary_line_goes_on():
    assert not _ends("thực hiện phong trào thi đua giai đoạn 2022-2025")
    assert not _ends("Về việc tăng cường công tác thi hành án", has_parts=False)


def test_cut_line_drops_what_stands_before_vv_on_the_first_line_only():
    raw = "ĐẾN Số 12 V/v báo cáo kết quả"
    assert _cut_line(raw, fast_fold(raw), False) == ("V/v báo cáo kết quả", True)
    plain = "báo cáo kết quả năm 2023"
    assert _cut_line(plain, fast_fold(plain), True) == (plain, False)


def test_before_date_keeps_the_summary_merged_with_the_date_line():
    raw = "tại kỳ họp thứ 31 Quảng Ngãi, ngày 12 tháng 7 năm 2023"
    date_line = DATE_LINE_RE.search(fast_fold(raw))
    assert date_line is not None
    assert _before_date(raw, date_line.start()) == "tại kỳ họp thứ 31"
