"""Compiling what the units reported (pure): their tables added up unit by unit, numbers stated in
their text aligned by label, key sentences quoted, what could not be read listed, never guessed."""

from __future__ import annotations

from datetime import date

import pytest

from service.drafts.body import body_text, edit_table, parse_body, retotal
from service.drafts.compile import (
    UnitReport,
    compile_reports,
    format_number,
    key_sentences,
    parse_number,
    stated_numbers,
)

HEADER = (
    ("STT", "Tên đơn vị", "Số hộ nghèo", "", "Tỷ lệ hộ nghèo (%)", "Kinh phí (triệu đồng)"),
    ("", "", "Đầu năm", "Cuối năm", "", ""),
    ("1", "2", "3", "4", "5", "6"),
)


def form(*row: str, total: bool = False) -> tuple:
    rows = [*HEADER, tuple(row)]
    if total:
        rows.append(("", "Cộng", row[2], row[3], "", row[5]))
    return tuple(rows)


def report(uid: str, name: str, *tables, text: str = "", problem: str | None = None) -> UnitReport:
    return UnitReport(
        uid, name, "15/BC-UBND", date(2023, 11, 8), tables=tuple(tables), text=text, problem=problem
    )


@pytest.mark.parametrize(
    ("cell", "value"),
    [("1.234", 1234), ("12,5", 12.5), ("1.234,5", 1234.5), ("7", 7), ("12.5", 12.5), ("45%", 45)],
)
def test_numbers_as_vietnamese_documents_write_them(cell, value):
    assert parse_number(cell) == value


@pytest.mark.parametrize("cell", ["", "-", "…", "khoảng 12", "12a", "15/BC-UBND"])
def test_what_is_not_a_number_is_not_read_as_one(cell):
    assert parse_number(cell) is None


def test_format_number():
    assert [format_number(v) for v in (1234, 12.5, 1234.5, 0, 1_000_000)] == [
        "1.234",
        "12,5",
        "1.234,5",
        "0",
        "1.000.000",
    ]


def test_same_header_tables_added_up_unit_by_unit_with_a_total_row():
    reports = [
        report("ban-bo", "UBND xã Bản Bo", form("1", "Xã Bản Bo", "120", "98", "12,5", "1.250", total=True)),
        report("then-sin", "UBND xã Thèn Sin", form("1", "Thèn Sin", "85", "70", "20,1", "980")),
        report("ho-thau", "UBND xã Hồ Thầu", form("1", "Hồ Thầu", "40", "-", "8", "500,5")),
    ]
    out = compile_reports(reports)
    table = out.tables[0]
    assert table.header == (
        "STT",
        "Tên đơn vị",
        "Số hộ nghèo / Đầu năm",
        "Số hộ nghèo / Cuối năm",
        "Tỷ lệ hộ nghèo (%)",
        "Kinh phí (triệu đồng)",
    )
    assert table.rows == (
        ("1", "UBND xã Bản Bo", "120", "98", "12,5", "1.250"),
        ("2", "UBND xã Thèn Sin", "85", "70", "20,1", "980"),
        ("3", "UBND xã Hồ Thầu", "40", "-", "8", "500,5"),
    )
    # a dash counts as none; a percentage and the row number are never added up
    assert table.total == ("", "Tổng cộng", "245", "168", "", "2.730,5")
    assert out.unread == []


def test_a_cell_that_is_not_a_number_is_listed_and_its_total_left_open():
    reports = [
        report("ban-bo", "UBND xã Bản Bo", form("1", "Bản Bo", "120", "98", "12", "1.250")),
        report("then-sin", "UBND xã Thèn Sin", form("1", "Thèn Sin", "85", "đang tổng hợp", "20", "")),
    ]
    out = compile_reports(reports)
    assert out.tables[0].total == ("", "Tổng cộng", "205", "…", "", "…")
    assert "UBND xã Thèn Sin: ô «Số hộ nghèo / Cuối năm» ghi «đang tổng hợp», không phải số" in out.unread
    assert "UBND xã Thèn Sin: ô «Kinh phí (triệu đồng)» để trống" in out.unread
    assert any(u.startswith("Tổng cột «Số hộ nghèo / Cuối năm» chưa tính được") for u in out.unread)


def test_a_form_of_indicators_is_summed_indicator_by_indicator():
    head = ("TT", "Chỉ tiêu", "Đơn vị tính", "Kết quả")
    a = (head, ("1", "Số hộ thoát nghèo", "hộ", "22"), ("2", "Số lớp tập huấn", "lớp", "3"))
    b = (head, ("1", "Số hộ thoát nghèo", "hộ", "18"), ("2", "Số lớp tập huấn", "lớp", "4"))
    out = compile_reports([report("x", "UBND xã X", a), report("y", "UBND xã Y", b)])
    assert out.tables[0].rows == (
        ("1", "Số hộ thoát nghèo", "hộ", "40"),
        ("2", "Số lớp tập huấn", "lớp", "7"),
    )


def test_a_table_only_one_unit_has_is_not_a_form():
    own = (("Nội dung", "Ghi chú"), ("Họp dân", "12 thôn"))
    out = compile_reports(
        [report("x", "UBND xã X", own), report("y", "UBND xã Y", text="Không có bảng số liệu đính kèm.")]
    )
    assert out.tables == [] or all(t.title.endswith("nêu trong báo cáo") for t in out.tables)


def test_numbers_stated_in_the_text_aligned_by_label_totals_only_where_adding_makes_sense():
    reports = [
        report(
            "ban-bo",
            "UBND xã Bản Bo",
            text="Trong năm, số hộ nghèo giảm: 45 hộ. Tổng kinh phí huy động được 1.250 triệu đồng. "
            "Tỷ lệ hộ nghèo còn 12,5%.",
        ),
        report(
            "then-sin",
            "UBND xã Thèn Sin",
            text="Kết quả: số hộ nghèo giảm 30 hộ;\ntổng kinh phí huy động là 980 triệu đồng;\n"
            "tỷ lệ hộ nghèo còn 20,1%.",
        ),
    ]
    out = compile_reports(reports)
    (table,) = out.tables
    assert table.header == (
        "TT",
        "Đơn vị",
        "Số hộ nghèo giảm (hộ)",
        "Tổng kinh phí huy động (triệu đồng)",
        "Tỷ lệ hộ nghèo (%)",
    )
    assert table.rows == (
        ("1", "UBND xã Bản Bo", "45", "1.250", "12,5"),
        ("2", "UBND xã Thèn Sin", "30", "980", "20,1"),
    )
    assert table.total == ("", "Tổng cộng", "75", "2.230", "")  # never a sum of percentages


def test_dates_and_document_numbers_are_not_counts():
    found = stated_numbers("Thực hiện Kế hoạch số 904/KH-UBND ngày 21 tháng 7 năm 2022; hạn ngày 10.")
    assert found == []


def test_key_sentences_quoted_and_unread_reports_listed_never_guessed():
    text = (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nKính gửi: UBND huyện Tam Đường\n"
        "Năm 2023, xã đã triển khai 12 lớp tập huấn cho 450 lượt người tham gia.\n"
        "Khó khăn: địa bàn rộng, giao thông đi lại khó khăn vào mùa mưa.\n"
        "Đề xuất huyện hỗ trợ thêm kinh phí cho các thôn đặc biệt khó khăn.\n"
        "Nơi nhận: - Như trên;"
    )
    sentences = key_sentences(text)
    assert sentences[0].startswith("Năm 2023, xã đã triển khai 12 lớp") and len(sentences) == 3
    assert not any("Kính gửi" in s or "CỘNG HÒA" in s for s in sentences)
    out = compile_reports(
        [
            report("x", "UBND xã X", text=text),
            report("y", "UBND xã Y", problem="nộp bản giấy, chưa có bản điện tử để tổng hợp"),
        ]
    )
    assert (
        out.quotes[0].unit_name == "UBND xã X"
        and out.quotes[0].cited == "Báo cáo số 15/BC-UBND ngày 08/11/2023"
    )
    assert out.unread == [
        "UBND xã Y (Báo cáo số 15/BC-UBND ngày 08/11/2023): nộp bản giấy, chưa có bản điện tử để tổng hợp"
    ]


def test_the_body_round_trips_and_keeps_its_styles():
    ctx = {
        "blocks": [
            {"style": "heading", "text": "I. TÌNH HÌNH"},
            {"style": "basis", "text": "Căn cứ Kế hoạch số 1/KH-UBND;"},
            {"style": "table", "table": 0, "text": "[BẢNG 1]"},
            {"style": "body", "text": "- Ý một;"},
        ],
        "tables": [{"header": ["A", "B"], "rows": [["x", "1"]], "total": ["Tổng cộng", "1"]}],
    }
    text = body_text(ctx)
    assert text == "I. TÌNH HÌNH\nCăn cứ Kế hoạch số 1/KH-UBND;\n[BẢNG 1]\n- Ý một;"
    assert parse_body(text, ctx["blocks"], 1) == ctx["blocks"]
    edited = parse_body("II. KẾT QUẢ\n\n  [bảng 1]  \n[BẢNG 2]\nĐoạn mới.", ctx["blocks"], 1)
    assert [b["style"] for b in edited] == ["heading", "table", "body", "body"]  # no table 2: a paragraph
    table = edit_table(ctx["tables"][0], None, [["x", "4"], ["y", "5,5"], ["", ""]])
    assert table["rows"] == [["x", "4"], ["y", "5,5"]] and table["total"] == ["Tổng cộng", "9,5"]
    assert retotal({"rows": [["x", "?"]], "total": ["Tổng cộng", "1"]})["total"] == ["Tổng cộng", "…"]
