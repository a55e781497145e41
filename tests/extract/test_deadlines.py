"""Deadline rules on real sentences from the corpus, framed by a minimal header."""

from datetime import date

from service.extract import extract_fields


def _doc(body: str, day: str = "21 tháng 7 năm 2022", kind: str = "KẾ HOẠCH", number: str = "904") -> str:
    return (
        "ỦY BAN NHÂN DÂN\nHUYỆN TAM ĐƯỜNG\nSố: "
        + number
        + "/KH-UBND Tam Đường, ngày "
        + day
        + "\n"
        + kind
        + "\nTổ chức thực hiện phong trào thi đua\n\n"
        + body
        + "\nNơi nhận:\n- Lưu: VT, NV.\n"
    )


def _dates(fields):
    return sorted((d.date, d.recurrence) for d in fields.deadlines if d.date or d.recurrence)


def test_explicit_date_with_cue():
    # vb-002
    f = extract_fields(
        _doc(
            "Đề nghị Ủy ban nhân dân tỉnh khẩn trương xây dựng báo cáo và gửi về Bộ Nội vụ\n"
            "trước ngày 31/12/2025.",
            day="11 tháng 12 năm 2025",
        )
    )
    (d,) = f.deadlines
    assert d.date == date(2025, 12, 31)
    assert d.who == "Ủy ban nhân dân tỉnh"
    assert d.to_whom == "Bộ Nội vụ"
    assert d.is_report


def test_wordy_date_and_wrapped_cue():
    # vb-006 and vb-009
    f = extract_fields(
        _doc(
            "Số liệu đề nghị gửi về Bộ Nội vụ trước\nngày 10 tháng 8 năm 2025 để tổng hợp. "
            "Đề nghị Sở Tư pháp có văn bản góp ý gửi về Sở Nội vụ chậm \nnhất ngày 27/8/2025.",
            day="31 tháng 7 năm 2025",
        )
    )
    assert _dates(f) == [(date(2025, 8, 10), None), (date(2025, 8, 27), None)]


def test_dates_before_the_document_are_references_not_deadlines():
    f = extract_fields(
        _doc("Các cơ quan đã gửi báo cáo trước ngày 15/5/2022 theo Kế hoạch số 2282/KH-UBND ngày 01/7/2022.")
    )
    assert f.deadlines == []


def test_yearly_rule_gives_its_next_day(org):
    f = extract_fields(
        _doc(
            "3. Trước ngày 10 tháng 11 hằng năm, các cơ quan, ban, ngành huyện, Ủy ban\n"
            "nhân dân các xã, thị trấn báo cáo tình hình về UBND huyện qua Phòng Lao động - "
            "Thương binh và Xã hội.",
            day="21 tháng 12 năm 2022",
        ),
        org=org,
    )
    (d,) = f.deadlines
    assert d.recurrence == "yearly" and d.rule == {"day": 10, "month": 11}
    assert d.date == date(2023, 11, 10)  # 10/11/2022 had passed when the plan was issued
    assert d.group_ids == ["co-quan-huyen", "ubnd-xa"]
    assert d.to_whom.startswith("UBND huyện qua Phòng Lao động")


def test_monthly_weekly_quarterly_rules():
    # vb-013 (monthly with a day), vb-020 (weekly), vb-025 (quarterly)
    body = (
        "1. Sở Nội vụ công khai kết quả đánh giá chậm nhất vào ngày 05 hằng tháng.\n"
        "2. Văn phòng UBND tỉnh định kỳ hằng tuần báo cáo lãnh đạo UBND tỉnh tình hình giải quyết hồ sơ.\n"
        "3. Các đơn vị sự nghiệp công lập gửi tin, bài hằng quý về Sở Nội vụ.\n"
    )
    f = extract_fields(_doc(body, day="13 tháng 11 năm 2025"))
    got = {d.recurrence: d for d in f.deadlines}
    assert set(got) == {"monthly", "weekly", "quarterly"}
    assert got["monthly"].rule == {"day": 5} and got["monthly"].date == date(2025, 12, 5)
    assert got["weekly"].date is None and got["weekly"].who == "Văn phòng UBND tỉnh"
    assert got["quarterly"].date is None


def test_ambiguous_recurrence_is_not_flagged():
    # vb-003: "Định kỳ 6 tháng, hàng năm hoặc đột xuất" names no single rule.
    f = extract_fields(
        _doc(
            "e) Định kỳ 6 tháng, hàng năm hoặc đột xuất, báo cáo Ủy ban nhân dân tỉnh.",
            day="20 tháng 3 năm 2018",
        )
    )
    assert [d for d in f.deadlines if d.recurrence] == []


def test_periods_give_their_last_day_and_starts_are_not_deadlines():
    # vb-024, vb-013, vb-020, vb-001
    body = (
        "a) Các cơ quan, đơn vị xây dựng Kế hoạch trong Quý I/2026 để tổ chức thực hiện.\n"
        "b) Sở Khoa học và Công nghệ xây dựng dữ liệu dùng chung; hoàn thành trong tháng 02/2026.\n"
        "c) Sở Khoa học và Công nghệ phát động thanh toán qua mã QR trong tháng 11, tháng 12 năm 2026.\n"
        "d) Phấn đấu hoàn thành xóa nhà tạm trên địa bàn trong năm 2026.\n"
        "đ) Thực hiện chế độ mới từ tháng 01/2026; kết quả thực hiện trong tháng 01 năm 2026.\n"
    )
    f = extract_fields(_doc(body, day="05 tháng 01 năm 2026"))
    assert _dates(f) == [(date(2026, 2, 28), None), (date(2026, 3, 31), None), (date(2026, 12, 31), None)]


def test_working_days_from_signing_skip_weekends_and_holidays():
    body = "Các xã gửi báo cáo trong thời hạn 5 ngày làm việc kể từ ngày ký."
    # Friday 2 January 2026: Mon 5, Tue 6 (holiday), Wed 7, Thu 8, Fri 9, Mon 12.
    f = extract_fields(_doc(body, day="02 tháng 01 năm 2026"), holidays=[date(2026, 1, 6)])
    (d,) = f.deadlines
    assert d.date == date(2026, 1, 12)


def test_draft_rules_have_no_first_day():
    f = extract_fields(
        _doc(
            "Trước ngày 10 tháng 11 hằng năm, các xã báo cáo UBND huyện.",
            day="     tháng     năm 2026",
            number="      ",
        )
    )
    assert f.is_draft
    (d,) = f.deadlines
    assert d.recurrence == "yearly" and d.date is None


def test_meetings_are_events():
    # vb-011 / vb-018
    body = (
        "2. Thời gian: Vào lúc 08 giờ 00 phút, ngày 09/11/2024 (sáng Thứ Bảy).\n"
        "4. Phân công nhiệm vụ:\n- Các cơ quan, đơn vị gửi danh sách đại biểu tham dự Hội nghị trước\n"
        "ngày 07/11/2024.\n"
    )
    f = extract_fields(_doc(body, day="06 tháng 11 năm 2024", kind="GIẤY MỜI"))
    assert [e.date for e in f.events] == [date(2024, 11, 9)]
    assert [d.date for d in f.deadlines] == [date(2024, 11, 7)]
    assert f.deadlines[0].who == "Các cơ quan, đơn vị"


def test_lead_unit_and_heading_actor(org):
    body = (
        "3. Năm 2025: Phòng Lao động - Thương binh và Xã hội chủ trì, phối hợp với Phòng Nội vụ "
        "tham mưu tổ chức Hội nghị tổng kết.\n"
        "2. Văn phòng UBND tỉnh (Trung tâm Phục vụ hành chính công tỉnh)\n"
        "a) Khẩn trương công bố danh mục thủ tục hành chính. Thời gian hoàn thành trước ngày 30/11/2025.\n"
    )
    f = extract_fields(_doc(body, day="10 tháng 11 năm 2025"), org=org)
    by_date = {d.date: d for d in f.deadlines}
    assert by_date[date(2025, 12, 31)].lead_unit_ids == ["ldtbxh"]
    assert "noi-vu" in by_date[date(2025, 12, 31)].unit_ids
    assert by_date[date(2025, 11, 30)].who.startswith("Văn phòng UBND tỉnh")


def test_recurring_rules_with_their_day_written_after():
    body = (
        "1. Các xã định kỳ hằng tháng báo cáo UBND huyện trước ngày 20.\n"
        "2. Phòng Nội vụ hằng quý gửi báo cáo trước ngày 15 của tháng cuối quý.\n"
        "3. Văn phòng báo cáo lãnh đạo hằng tuần, trước 16 giờ ngày thứ Sáu.\n"
    )
    f = extract_fields(_doc(body, day="25 tháng 01 năm 2026"))
    got = {d.recurrence: d for d in f.deadlines}
    assert got["monthly"].rule == {"day": 20} and got["monthly"].date == date(2026, 2, 20)
    assert got["quarterly"].rule == {"day": 15, "month_of_quarter": 3}
    assert got["quarterly"].date == date(2026, 3, 15)
    assert got["weekly"].rule == {"weekday": 4} and got["weekly"].date is None


def test_a_date_without_its_year_takes_the_documents():
    body = "Các đơn vị gửi báo cáo về Phòng Nội vụ trước ngày 10/01 để tổng hợp. Thời gian hoàn thành: Quý II/2026."
    f = extract_fields(_doc(body, day="20 tháng 12 năm 2025"))
    assert _dates(f) == [(date(2026, 1, 10), None), (date(2026, 6, 30), None)]


def test_meeting_that_took_place_is_an_event_not_a_deadline():
    # vb-001: "Ngày 24/12/2024, tại trụ sở UBND huyện Bình Sơn, Chủ tịch UBND tỉnh … chủ trì cuộc họp"
    body = (
        "Ngày 24/12/2024, tại trụ sở UBND huyện Bình Sơn, Chủ tịch UBND tỉnh chủ trì cuộc họp với "
        "Ban Chỉ đạo huyện.\n"
    )
    f = extract_fields(_doc(body, day="31 tháng 12 năm 2024", kind="THÔNG BÁO"))
    assert [(e.date, e.when) for e in f.events] == [(date(2024, 12, 24), "Ngày 24/12/2024")]
    assert f.deadlines == []


def test_text_layer_with_the_header_last():
    # vb-015: the PDF text layer gives the body and foot first, the header table last.
    text = (
        "Kính gửi: Ủy ban nhân dân tỉnh.\nĐề nghị các sở gửi báo cáo về Sở Nội vụ trước ngày 31/12/2025.\n"
        "Nơi nhận:\n- Như trên;\n- Lưu: VT, TCBC.\nKT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\nNguyễn Đức Vũ\n"
        "UBND TỈNH LÂM ĐỒNG\nSỞ NỘI VỤ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "Số: 3858/SNV-TCBC\nV/v báo cáo tình hình tổ chức, hoạt động\nLâm Đồng, ngày 29 tháng 12 năm 2025\n"
    )
    f = extract_fields(text)
    assert f.number_symbol == "3858/SNV-TCBC" and f.issuer == "Sở Nội vụ tỉnh Lâm Đồng"
    assert f.signer_name == "Nguyễn Đức Vũ" and f.recipients == ["Như trên", "Lưu: VT, TCBC"]
    assert [d.date for d in f.deadlines] == [date(2025, 12, 31)]


def test_what_is_the_duty_without_its_doer_or_its_time(org):
    # vb-002: the ask, then the duty; the time phrase at its end is not part of "what".
    f = extract_fields(
        _doc(
            "Bộ Nội vụ đề nghị Ủy ban nhân dân tỉnh khẩn trương xây dựng báo cáo tình hình "
            "và gửi về Bộ Nội vụ trước ngày 31/12/2025.",
            day="11 tháng 12 năm 2025",
        )
    )
    (d,) = f.deadlines
    assert d.what.startswith("Khẩn trương xây dựng báo cáo tình hình")
    assert "31/12/2025" not in d.what and "đề nghị" not in d.what
    # The sample plan, accents lost: the time opens the clause, the doers follow, then the duty.
    f = extract_fields(
        _doc(
            "3. Tru6e ngay 10 thang 11 hang nam, cac co quan, ban, nganh huyén, Uy ban nhan "
            "dan cac xa, thi tran bao cao tinh hinh thuc hién Phong trao thi dua vé UBND "
            "huyén qua Phong Noi vu."
        ),
        org=org,
    )
    (d,) = f.deadlines
    assert d.recurrence == "yearly" and d.what.lower().startswith("bao cao tinh hinh")
    assert "10 thang 11" not in d.what and "co quan, ban" not in d.what


def test_a_labelled_task_gives_its_deadline_the_heading_and_the_doer_field(org):
    body = (
        "II. NHIỆM VỤ CỤ THỂ\n1. Báo cáo kết quả thực hiện phong trào\n"
        "- Đơn vị thực hiện: Các cơ quan, ban, ngành huyện; UBND các xã, thị trấn.\n"
        "- Thời hạn: trước ngày 05 tháng 11 hằng năm.\n"
        "2. Tổng kết phong trào\n- Cơ quan chủ trì: Phòng Nội vụ.\n- Thời gian hoàn thành: trước ngày 15/12/2025.\n"
    )
    f = extract_fields(_doc(body, day="10 tháng 7 năm 2022"), org=org)
    by_what = {d.what: d for d in f.deadlines}
    yearly = by_what["Báo cáo kết quả thực hiện phong trào"]
    assert yearly.recurrence == "yearly" and yearly.rule == {"day": 5, "month": 11} and yearly.is_report
    assert set(yearly.group_ids) == {g.id for g in org.groups}
    once = by_what["Tổng kết phong trào"]
    assert once.date == date(2025, 12, 15) and once.unit_ids == ["noi-vu"]


def test_a_task_said_only_to_be_done_takes_its_duty_from_the_item(org):
    body = (
        "c) Cùng các ngân hàng phát động thanh toán qua mã QR tại các cơ sở (nhà hàng, khách sạn; quán ăn)"
        " để nâng cao tỷ lệ thanh toán không dùng tiền mặt. Thực hiện trong tháng 11 năm 2025.\n"
        "d) Chủ trì tham mưu công khai thông tin quy hoạch (quy hoạch sử dụng đất; quy hoạch xây dựng)"
        " trên Cổng thông tin điện tử: hoàn thành trong tháng 12/2025.\n"
    )
    f = extract_fields(_doc(body, day="10 tháng 10 năm 2025"), org=org)
    whats = {d.date: d.what for d in f.deadlines}
    assert whats[date(2025, 11, 30)].startswith("Cùng các ngân hàng phát động thanh toán qua mã QR")
    # a ";" inside brackets does not end the sentence
    assert whats[date(2025, 12, 31)].startswith(
        "Chủ trì tham mưu công khai thông tin quy hoạch (quy hoạch sử dụng"
    )
