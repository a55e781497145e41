"""Print-view rows are built in Python: every cell escaped, dates in Vietnamese order."""

from datetime import date, datetime

from service.web.formats import table_rows


def test_table_rows_escape_and_format():
    html = str(
        table_rows(
            [(datetime(2026, 3, 2, 8, 30), 7, "<script>x</script>", None, date(2026, 1, 5))], nowrap=(0,)
        )
    )
    assert html == (
        '<tr><td class="nowrap">02/03/2026</td><td>7</td>'
        "<td>&lt;script&gt;x&lt;/script&gt;</td><td></td><td>05/01/2026</td></tr>"
    )
    assert str(table_rows([])) == ""


def test_reader_warnings_are_said_in_vietnamese():
    from service.web.formats import warning_text

    assert warning_text("bad_text_layer_replaced:page2").startswith("Trang 2: lớp chữ ẩn")
    assert (
        warning_text("page_rotated:3:180")
        == "Trang 3 bị quét ngược hoặc nghiêng, đã xoay 180° trước khi nhận dạng."
    )
    assert "«ChuKy1»" in warning_text("signature_not_intact:ChuKy1")
    assert warning_text("legacy_font:") == "Có đoạn gõ bằng phông chữ cũ, đã chuyển sang Unicode."
    assert (
        warning_text("Ngày ban hành không đọc được") == "Ngày ban hành không đọc được"
    )  # already Vietnamese


def test_audit_values_read_as_a_clerk_writes_them():
    from service.web.formats import audit_value

    assert (
        audit_value("2027-11-30") == "30/11/2027"
        and audit_value(None) == ""
        and audit_value("15/BC") == "15/BC"
    )
