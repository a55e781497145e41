"""Deadline phrasing as a grammar: cue × time of day × date form × recurrence marker (before or
after the date), and days counted from signing, issue or receipt. Hypothesis writes the sentences
from the grammar; each must give its date and its recurrence through the whole extractor."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from service.extract import extract_fields
from service.text.dates import add_working_days

CUES = [
    "trước",
    "trước ngày",
    "chậm nhất",
    "chậm nhất là",
    "chậm nhất vào",
    "chậm nhất là ngày",
    "không muộn hơn",
    "không muộn hơn ngày",
    "hạn chót",
    "hạn cuối là",
    "thời hạn:",
    "thời hạn hoàn thành:",
    "thời gian hoàn thành:",
    "không quá",
]
TIMES = ["", "17 giờ 00 ", "10h30 ", "16 giờ, ", "8 giờ 30 phút "]
DOERS = ["Các cơ quan, đơn vị", "Ủy ban nhân dân các xã, phường", "Sở Tài chính", "Văn phòng UBND tỉnh"]
DUTIES = [
    "gửi báo cáo kết quả thực hiện về Sở Nội vụ",
    "tổng hợp, báo cáo Ủy ban nhân dân tỉnh",
    "hoàn thành việc rà soát hồ sơ",
    "gửi danh sách đề nghị khen thưởng về Ban Thi đua - Khen thưởng",
]
WEEKDAYS = ["thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy"]


def _doc(body: str, issued: date) -> str:
    return (
        "ỦY BAN NHÂN DÂN\nTỈNH LÂM ĐỒNG\nSố: 120/KH-UBND\n"
        f"Lâm Đồng, ngày {issued.day:02d} tháng {issued.month:02d} năm {issued.year}\n"
        "KẾ HOẠCH\nThực hiện nhiệm vụ năm\n\n" + body + "\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n"
    )


def _deadlines(body: str, issued: date):
    return [(d.date, d.recurrence) for d in extract_fields(_doc(body, issued)).deadlines]


def _day_form(draw, d: date, *, with_year: bool = True) -> str:
    """A way documents write a day: 05/01/2026, 5/1/2026, ngày 05 tháng 01 năm 2026, 05-01-2026."""
    dd = draw(st.sampled_from([f"{d.day:02d}", str(d.day)]))
    mm = draw(st.sampled_from([f"{d.month:02d}", str(d.month)]))
    if not with_year:
        return draw(st.sampled_from([f"{dd}/{mm}", f"ngày {dd}/{mm}", f"ngày {dd} tháng {mm}"]))
    return draw(
        st.sampled_from(
            [
                f"{dd}/{mm}/{d.year}",
                f"ngày {dd}/{mm}/{d.year}",
                f"ngày {dd} tháng {mm} năm {d.year}",
                f"{dd}-{mm}-{d.year}",
            ]
        )
    )


def _phrase(draw, form: str) -> str:
    cue = draw(st.sampled_from(CUES))
    time = draw(st.sampled_from(TIMES))
    if time:  # "trước 17 giờ 00 ngày 15/3/2026": the time of day, then the day
        cue = cue.removesuffix(" ngày")
        form = form if form.startswith("ngày") else "ngày " + form
    elif cue.endswith("ngày") and form.startswith("ngày"):
        form = form[len("ngày ") :]
    return f"{cue} {time}{form}"


issued_dates = st.dates(min_value=date(2019, 1, 1), max_value=date(2031, 12, 31))


@st.composite
def one_day(draw):
    issued = draw(issued_dates)
    due = issued + timedelta(days=draw(st.integers(1, 300)))
    form = _day_form(draw, due)
    sentence = f"{draw(st.sampled_from(DOERS))} {draw(st.sampled_from(DUTIES))} {_phrase(draw, form)}."
    return sentence, issued, due


@settings(max_examples=150, deadline=None)
@given(one_day())
def test_a_cued_day_gives_its_date(case):
    sentence, issued, due = case
    assert _deadlines(sentence, issued) == [(due, None)], sentence


@st.composite
def day_without_year(draw):
    issued = draw(issued_dates)
    due = issued + timedelta(days=draw(st.integers(1, 330)))
    form = _day_form(draw, due, with_year=False)
    sentence = f"{draw(st.sampled_from(DOERS))} {draw(st.sampled_from(DUTIES))} {_phrase(draw, form)}."
    return sentence, issued, due


@settings(max_examples=100, deadline=None)
@given(day_without_year())
def test_a_day_without_its_year_is_the_next_one(case):
    sentence, issued, due = case
    if due.month == 2 and due.day == 29:
        return  # the next 29 February may be years away; no document writes it so
    assert _deadlines(sentence, issued) == [(due, None)], sentence


@st.composite
def period(draw):
    issued = draw(issued_dates)
    year = issued.year + draw(st.integers(0, 2))
    kind = draw(st.sampled_from(["month", "months", "quarter", "half", "year"]))
    cue = draw(st.sampled_from(["hoàn thành trong", "trong", "thời gian hoàn thành:", "thời hạn:"]))
    if kind == "month":
        month = draw(st.integers(1, 12))
        form = draw(st.sampled_from([f"tháng {month:02d}/{year}", f"tháng {month} năm {year}"]))
        end = date(year, month, calendar.monthrange(year, month)[1])
    elif kind == "months":  # "tháng 11, tháng 12 năm 2025": by the later one's end
        month = draw(st.integers(2, 12))
        joint = draw(st.sampled_from([", ", " và "]))
        form = f"tháng {month - 1}{joint}tháng {month} năm {year}"
        end = date(year, month, calendar.monthrange(year, month)[1])
    elif kind == "quarter":
        q = draw(st.integers(1, 4))
        form = f"Quý {['I', 'II', 'III', 'IV'][q - 1]}/{year}"
        end = date(year, 3 * q, calendar.monthrange(year, 3 * q)[1])
    elif kind == "half":
        first = draw(st.booleans())
        form = f"6 tháng {'đầu' if first else 'cuối'} năm {year}"
        end = date(year, 6, 30) if first else date(year, 12, 31)
    elif draw(st.booleans()):
        cue = draw(st.sampled_from(["hoàn thành trong", "thời gian hoàn thành:"]))
        form, end = f"năm {year}", date(year, 12, 31)
    else:  # "trước cuối năm 2026", "chậm nhất cuối năm 2026"
        cue = draw(st.sampled_from(["trước", "chậm nhất", "hoàn thành trước"]))
        form, end = f"cuối năm {year}", date(year, 12, 31)
    sentence = f"{draw(st.sampled_from(DOERS))} xây dựng kế hoạch, {cue} {form}."
    return sentence, issued, end


@settings(max_examples=120, deadline=None)
@given(period())
def test_a_period_gives_its_last_day(case):
    sentence, issued, end = case
    expected = [(end, None)] if end >= issued else []
    assert _deadlines(sentence, issued) == expected, sentence


def _next_on_or_after(issued: date, make) -> date:
    for k in range(0, 40):
        candidate = make(k)
        if candidate is not None and candidate >= issued:
            return candidate
    raise AssertionError


@st.composite
def recurring(draw):
    issued = draw(issued_dates)
    kind = draw(st.sampled_from(["yearly", "monthly", "quarterly", "weekly", "report", "month"]))
    before = draw(st.booleans())  # the marker before the date or after it
    doer, duty = draw(st.sampled_from(DOERS)), draw(st.sampled_from(DUTIES))
    if kind == "yearly":
        month, day = draw(st.integers(1, 12)), draw(st.integers(1, 28))
        form = _day_form(draw, date(2023, month, day), with_year=False)
        marker = draw(st.sampled_from(["hằng năm", "hàng năm", "mỗi năm"]))

        def due(k):
            return date(issued.year + k, month, day)

    elif kind == "monthly":
        day = draw(st.integers(1, 28))
        form, marker = f"ngày {day:02d}", draw(st.sampled_from(["hằng tháng", "hàng tháng", "mỗi tháng"]))

        def due(k):
            months = issued.year * 12 + issued.month - 1 + k
            return date(months // 12, months % 12 + 1, day)

    elif kind == "quarterly":
        day = draw(st.integers(1, 28))
        form, marker = f"ngày {day} của tháng cuối quý", "hằng quý"

        def due(k):
            months = issued.year * 12 + (issued.month - 1) // 3 * 3 + 2 + 3 * k
            return date(months // 12, months % 12 + 1, day)

    elif kind in ("report", "month"):  # "Báo cáo năm gửi trước ngày 15/12", "trong tháng 12 hằng năm"
        month, day = draw(st.integers(1, 12)), draw(st.integers(1, 28))
        if kind == "month":
            day = calendar.monthrange(2023, month)[1]
        kind = "yearly"

        def due(k):
            return date(issued.year + k, month, day)

        if day == calendar.monthrange(2023, month)[1] and draw(st.booleans()):
            first = _next_on_or_after(issued, due)
            sentence = f"{doer} {duty} trong tháng {month} hằng năm."
            return sentence, issued, kind, first
        first = _next_on_or_after(issued, due)
        word = draw(st.sampled_from(["Báo cáo năm", "Báo cáo định kỳ năm", "Báo cáo 6 tháng"]))
        form = _day_form(draw, date(2023, month, day), with_year=False)
        return f"{word} gửi về Sở Nội vụ trước ngày {form.removeprefix('ngày ')}.", issued, kind, first
    else:
        weekday = draw(st.integers(0, 5))
        form, marker = f"16 giờ ngày {WEEKDAYS[weekday]}", draw(st.sampled_from(["hằng tuần", "hàng tuần"]))
        due = None
    cue = draw(st.sampled_from(["trước", "chậm nhất", "chậm nhất vào", "không muộn hơn"]))
    if before:
        sentence = f"Định kỳ {marker}, {doer} {duty} {cue} {form}."
    else:
        sentence = f"{doer} {duty} {cue} {form} {marker}."
    first = _next_on_or_after(issued, due) if due else None
    return sentence, issued, kind, first


@settings(max_examples=150, deadline=None)
@given(recurring())
def test_a_recurring_rule_gives_its_kind_and_first_day(case):
    sentence, issued, kind, first = case
    assert _deadlines(sentence, issued) == [(first, kind)], sentence


@st.composite
def counted_days(draw):
    issued = draw(st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)))
    n = draw(st.integers(1, 60))
    working = draw(st.booleans())
    start = draw(st.sampled_from(["ký", "ban hành", "nhận được văn bản này"]))
    lead = draw(st.sampled_from(["trong thời hạn", "trong vòng", "trong"]))
    unit = "ngày làm việc" if working else "ngày"
    sentence = f"Các xã gửi báo cáo về Sở Nội vụ {lead} {n} {unit} kể từ ngày {start}."
    # a text PDF's line may end at any space of the phrase
    spaces = [i for i, c in enumerate(sentence) if c == " " and i > sentence.index(lead)]
    wrap = draw(st.sampled_from([None, *spaces]))
    if wrap is not None:
        sentence = sentence[:wrap] + " \n" + sentence[wrap + 1 :]
    if start.startswith("nhận"):
        expected = None  # the day it is received cannot be known from the document
    elif working:
        expected = add_working_days(issued, n)
    else:
        expected = issued + timedelta(days=n)
    return sentence, issued, expected


@settings(max_examples=80, deadline=None)
@given(counted_days())
def test_days_counted_from_signing_issue_or_receipt(case):
    sentence, issued, expected = case
    (d,) = extract_fields(_doc(sentence, issued)).deadlines
    assert d.date == expected, sentence
    assert d.rule["from"] in ("signing", "issue", "receipt")


PHRASINGS = [  # sentences as offices write them, each with what it must give
    ("Hạn cuối nhận bài dự thi: 17h00 ngày 30/9/2026.", [(date(2026, 9, 30), None)]),
    ("Thời gian tiếp nhận hồ sơ: từ ngày 01/11/2025 đến ngày 30/11/2025.", [(date(2025, 11, 30), None)]),
    ("Thời hạn gửi hồ sơ: từ 01/11 đến hết ngày 20/11/2025.", [(date(2025, 11, 20), None)]),
    (
        "Báo cáo định kỳ 6 tháng gửi trước ngày 20/6; báo cáo năm gửi trước ngày 20/12 hằng năm.",
        [(date(2025, 12, 20), "yearly"), (date(2026, 6, 20), "yearly")],
    ),
    (
        "Các đơn vị gửi báo cáo quý trước ngày 20 tháng cuối quý; báo cáo năm trước ngày 15/12.",
        [(date(2025, 12, 15), "yearly"), (date(2025, 12, 20), "quarterly")],
    ),
    (
        "Các sở gửi báo cáo trước ngày 10 hằng tháng và báo cáo quý trước ngày 15 của tháng đầu quý sau.",
        [(date(2025, 10, 10), "monthly"), (date(2025, 10, 15), "quarterly")],
    ),
    (
        "Các đơn vị tổng hợp, gửi Sở Tài chính trước ngày 31 tháng 01 năm sau.",
        [(date(2026, 1, 31), "yearly")],
    ),
    ("Số liệu báo cáo năm trước được tổng hợp.", []),
    ("Hạn chót nộp hồ sơ là ngày 31/3/2026.", [(date(2026, 3, 31), None)]),
    (  # one cue, several days
        "Báo cáo định kỳ 6 tháng gửi trước ngày 15/6 và 15/12 hằng năm.",
        [(date(2025, 12, 15), "yearly"), (date(2026, 6, 15), "yearly")],
    ),
    (
        "Các đơn vị báo cáo trước ngày 20/3/2026 và ngày 20/9/2026; 10 đơn vị còn lại báo cáo sau.",
        [(date(2026, 3, 20), None), (date(2026, 9, 20), None)],
    ),
    ("Thời gian tiếp nhận hồ sơ là từ ngày 01/11/2025 đến ngày 20/11/2025.", [(date(2025, 11, 20), None)]),
]


def test_phrasings_offices_use():
    issued = date(2025, 10, 10)
    for sentence, expected in PHRASINGS:
        assert sorted(_deadlines(sentence, issued), key=str) == sorted(expected, key=str), sentence
