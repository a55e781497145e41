"""Task tables: one deadline per row, its task as what and its lead unit as who; cells that say
"Thường xuyên", "Hằng năm", "Theo yêu cầu" are understood, never read as dates."""

from __future__ import annotations

from datetime import date

from service.extract import extract_fields
from service.extract.task_tables import cell_due, task_columns
from service.models import Table

HEAD = ("TT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành")


def _doc(body: str, issued: str = "15 tháng 01 năm 2026") -> str:
    return (
        "ỦY BAN NHÂN DÂN\nHUYỆN TAM ĐƯỜNG\nSố: 15/KH-UBND\n"
        f"Tam Đường, ngày {issued}\nKẾ HOẠCH\nThực hiện chuyển đổi số năm 2026\n\n"
        + body
        + "\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n"
    )


def _flat(table: Table) -> str:
    return "\n".join(c for row in table.rows for c in row if c)


def _extract(table: Table, org=None, issued: str = "15 tháng 01 năm 2026", before: str = ""):
    body = "III. NHIỆM VỤ CỤ THỂ\n" + before + _flat(table) + "\nCác cơ quan triển khai thực hiện."
    return extract_fields(_doc(body, issued), org=org, tables=[table])


def test_each_row_is_a_deadline_with_its_task_and_lead(org):
    table = Table(
        (
            HEAD,
            (
                "1",
                "Xây dựng kế hoạch chuyển đổi số",
                "Phòng Văn hóa và Thông tin",
                "Các xã",
                "Trước ngày 30/6/2026",
            ),
            ("2", "Báo cáo kết quả thực hiện gửi UBND huyện", "Phòng Nội vụ", "", "Hằng năm"),
            ("3", "Cập nhật cơ sở dữ liệu dùng chung", "Phòng Tư pháp", "", "Thường xuyên"),
            ("4", "Tổng hợp, báo cáo sơ kết", "Văn phòng HĐND và UBND", "Phòng Nội vụ", "Quý III/2026"),
            ("5", "Cung cấp thông tin khi được hỏi", "Phòng Y tế", "", "Theo yêu cầu"),
            ("6", "Tổ chức hội nghị tổng kết", "Phòng Nội vụ", "", "Tháng 12/2026"),
        )
    )
    f = _extract(table, org)
    rows = {d.what: d for d in f.deadlines}
    assert len(rows) == 6
    first = rows["Xây dựng kế hoạch chuyển đổi số"]
    assert first.date == date(2026, 6, 30) and first.who == "Phòng Văn hóa và Thông tin"
    assert first.lead_unit_ids == ["vh-tt"] and set(first.unit_ids) >= {"vh-tt"}
    yearly = rows["Báo cáo kết quả thực hiện gửi UBND huyện"]
    assert (yearly.date, yearly.recurrence) == (None, "yearly") and yearly.is_report
    assert yearly.to_whom == "UBND huyện"
    standing = rows["Cập nhật cơ sở dữ liệu dùng chung"]
    assert (standing.date, standing.recurrence, standing.rule) == (None, None, {"standing": True})
    assert rows["Tổng hợp, báo cáo sơ kết"].date == date(2026, 9, 30)
    assert rows["Cung cấp thông tin khi được hỏi"].rule == {"on_request": True}
    assert rows["Tổ chức hội nghị tổng kết"].date == date(2026, 12, 31)
    # the flattened cells are not read a second time by the rules for running text
    assert [d.date for d in f.deadlines].count(date(2026, 6, 30)) == 1


def test_merged_lead_and_two_heading_rows():
    table = Table(
        (
            ("STT", "Nhiệm vụ", "Đơn vị thực hiện", "Thời gian", ""),
            ("", "", "", "Bắt đầu", "Hoàn thành"),
            ("1", "Rà soát thủ tục hành chính", "Sở Tư pháp", "Tháng 01/2026", "Tháng 3/2026"),
            ("2", "Công bố danh mục thủ tục", "", "Tháng 3/2026", "15/4/2026"),
        ),
        merged=((0, 3, 1, 2), (2, 2, 2, 1)),
    )
    columns = task_columns(table)
    assert columns is not None and columns.header_rows == 2 and columns.time == 4 and columns.lead == 2
    f = _extract(table)
    assert [(d.what, d.who, d.date) for d in f.deadlines] == [
        ("Rà soát thủ tục hành chính", "Sở Tư pháp", date(2026, 3, 31)),
        ("Công bố danh mục thủ tục", "Sở Tư pháp", date(2026, 4, 15)),
    ]


def test_a_broadcast_schedule_is_not_a_list_of_deadlines():
    # vb-025's schedule: a time slot on a day is an event, not a deadline.
    table = Table(
        (
            ("TT", "Nội dung", "Trách nhiệm thực hiện", "Thời gian (Năm 2026)"),
            (
                "1",
                "Giải đáp vướng mắc về CCHC",
                "Lãnh đạo Sở Công Thương",
                "Từ 20 giờ 15 phút - 20 giờ 45 phút ngày 23 tháng 1",
            ),
            (
                "2",
                "Giải đáp vướng mắc về CCHC",
                "Lãnh đạo Sở Y tế",
                "Từ 20 giờ 15 phút - 20 giờ 45 phút ngày 13 tháng 3",
            ),
        )
    )
    assert _extract(table).deadlines == []


def test_time_cells():
    anchor = date(2026, 1, 15)
    assert cell_due("Thường xuyên", anchor, exact=True).rule == {"standing": True}
    assert cell_due("Hằng quý", anchor, exact=True).recurrence == "quarterly"
    assert cell_due("Tháng 12 hằng năm", anchor, exact=True).date == date(2026, 12, 31)
    assert cell_due("Trước ngày 15/12 hằng năm", anchor, exact=True).rule == {"day": 15, "month": 12}
    assert cell_due("2026 - 2030", anchor, exact=True).date == date(2030, 12, 31)
    assert cell_due("Năm 2026", anchor, exact=True).date == date(2026, 12, 31)
    assert cell_due("Từ tháng 02/2026", anchor, exact=True) is None  # a start
    assert cell_due("Từ tháng 02/2026 đến tháng 6/2026", anchor, exact=True).date == date(2026, 6, 30)
    assert cell_due("6 tháng đầu năm 2026", anchor, exact=True).date == date(2026, 6, 30)
    assert cell_due("Quý II", anchor, exact=True, year=2027).date == date(2027, 6, 30)
    assert cell_due("", anchor, exact=True) is None
    assert cell_due("Quý 11/2026", anchor, exact=True).date == date(2026, 6, 30)  # OCR read II as 11


def test_a_table_of_another_kind_gives_nothing():
    table = Table(
        (("TT", "Đơn vị", "Số hồ sơ", "Tỷ lệ"), ("1", "Xã A", "12", "95%"), ("2", "Xã B", "8", "90%"))
    )
    assert task_columns(table) is None
    assert _extract(table).deadlines == []


def test_appendix_schedule_after_the_signature():
    # An appendix after Nơi nhận lists the tasks: its rows are deadlines too.
    table = Table(
        (
            ("TT", "Nội dung công việc", "Cơ quan chủ trì", "Tiến độ"),
            ("1", "Ban hành quy chế phối hợp", "Sở Nội vụ", "Quý I/2026"),
        )
    )
    text = (
        _doc("Các cơ quan thực hiện theo Phụ lục kèm theo.") + "PHỤ LỤC\nDANH MỤC NHIỆM VỤ\n" + _flat(table)
    )
    f = extract_fields(text, tables=[table])
    assert [(d.what, d.who, d.date) for d in f.deadlines] == [
        ("Ban hành quy chế phối hợp", "Sở Nội vụ", date(2026, 3, 31))
    ]


def test_a_table_going_on_over_the_next_page():
    first = Table((HEAD, ("1", "Rà soát thủ tục", "Sở Tư pháp", "", "Quý I/2026")), page=2)
    rest = Table((("2", "Công bố danh mục", "Sở Nội vụ", "", "Tháng 6/2026"),), page=3)
    text = _doc("III. NHIỆM VỤ\n" + _flat(first) + "\n" + _flat(rest))
    f = extract_fields(text, tables=[first, rest])
    assert [(d.what, d.date) for d in f.deadlines] == [
        ("Rà soát thủ tục", date(2026, 3, 31)),
        ("Công bố danh mục", date(2026, 6, 30)),
    ]


def test_rows_sharing_a_day_are_each_a_deadline_and_a_range_of_months_ends_with_the_later():
    table = Table(
        (
            HEAD,
            ("1", "Xây dựng quy chế", "Sở Nội vụ", "", "Tháng 5/2026"),
            ("2", "Kiểm tra việc thực hiện", "Thanh tra tỉnh", "", "Tháng 5/2026"),
            ("3", "Tập huấn cho cán bộ", "Sở Tư pháp", "", "Tháng 4-5/2026"),
        )
    )
    f = extract_fields(_doc("III. NHIỆM VỤ\n" + _flat(table)), tables=[table])
    assert [(d.who, d.date) for d in f.deadlines] == [
        ("Sở Nội vụ", date(2026, 5, 31)),
        ("Thanh tra tỉnh", date(2026, 5, 31)),
        ("Sở Tư pháp", date(2026, 5, 31)),
    ]
