"""Print-view rows are built in Python: every cell escaped, dates in Vietnamese order."""

from datetime import date, datetime

from service.web.formats import table_rows


def test_table_rows_escape_and_format():
    html = str(table_rows([(datetime(2026, 3, 2, 8, 30), 7, "<script>x</script>", None, date(2026, 1, 5))],
                          nowrap=(0,)))
    assert html == ('<tr><td class="nowrap">02/03/2026</td><td>7</td>'
                    "<td>&lt;script&gt;x&lt;/script&gt;</td><td></td><td>05/01/2026</td></tr>")
    assert str(table_rows([])) == ""
