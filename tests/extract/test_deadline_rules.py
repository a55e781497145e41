"""Each deadline rule alone, on a Scope built from a string: what it finds, and what it leaves."""

from datetime import date

from service.extract.deadline_rules import (
    Scope,
    cued_phrases,
    marked_days,
    period_heads,
    periods,
    range_ends,
    recurring_duties,
    relative_days,
)
from service.extract.deadlines import read_deadlines
from service.extract.document import Doc

ISSUED = date(2025, 10, 20)


def _scope(body: str, anchor: date | None = ISSUED, *, exact: bool = True) -> Scope:
    doc = Doc.from_text(body)
    return Scope(doc, 0, len(doc.text), anchor, exact, None, (), ())


def test_range_ends_takes_the_window_end():
    found = list(range_ends(_scope("Thời gian nộp hồ sơ: từ ngày 01/11/2025 đến ngày 30/11/2025.")))
    assert [c.when for c in found] == [date(2025, 11, 30)]


def test_period_heads_take_the_period_that_heads_an_item():
    found = list(period_heads(_scope("Lộ trình:\n2. Năm 2026: hoàn thành số hóa hồ sơ.\n")))
    assert [c.when for c in found] == [date(2026, 12, 31)]


def test_relative_days_from_signing_are_counted_and_from_receipt_kept_as_a_rule():
    signed = list(relative_days(_scope("Báo cáo trong thời hạn 10 ngày kể từ ngày ký.")))
    assert [(c.when, c.rule) for c in signed] == [
        (date(2025, 10, 30), {"days": 10, "working": False, "from": "signing"})
    ]
    received = list(relative_days(_scope("Gửi ý kiến trong 5 ngày làm việc kể từ ngày nhận được văn bản.")))
    assert [(c.when, c.rule["from"]) for c in received] == [(None, "receipt")]


def test_marked_days_read_a_day_with_its_recurrence():
    found = list(marked_days(_scope("Các phòng gửi báo cáo ngày 10 tháng 11 hằng năm về Phòng Nội vụ.")))
    assert [c.recurrence for c in found] == ["yearly"]


def test_cued_phrases_read_every_day_one_cue_governs():
    found = list(cued_phrases(_scope("Báo cáo trước ngày 15/11/2025 và 15/12/2025 về Phòng Nội vụ.")))
    assert [c.when for c in found] == [date(2025, 11, 15), date(2025, 12, 15)]


def test_periods_need_a_duty_or_a_year():
    assert [c.when for c in periods(_scope("Hoàn thành trong tháng 12/2025."))] == [date(2025, 12, 31)]
    assert list(periods(_scope("Kết quả thực hiện trong tháng 01/2025 đạt cao."))) == []


def test_recurring_duties_need_an_action():
    assert [
        c.recurrence for c in recurring_duties(_scope("Định kỳ hằng quý báo cáo kết quả thực hiện."))
    ] == ["quarterly"]
    assert list(recurring_duties(_scope("Chỉ số tăng hằng năm."))) == []


def test_read_deadlines_skips_nothing_outside_the_scope():
    text = "Báo cáo trước ngày 15/11/2025.\nNơi nhận:\n- Hạn cuối ngày 20/12/2025."
    scope = _scope(text)
    end = text.index("Nơi nhận")
    deadlines, _ = read_deadlines(Scope(scope.doc, 0, end, ISSUED, True, None, (), ()))
    assert [d.date for d in deadlines] == [date(2025, 11, 15)]
