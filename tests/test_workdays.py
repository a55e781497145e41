"""Working days on Vietnam's calendar: public holidays and lunar Tết from the `holidays` library, the
government's swaps, and the office's own additions (`holidays:`) and Saturdays worked (`working_days:`)."""

from __future__ import annotations

from datetime import date

from click.testing import CliRunner

from service.checks import calendar_warnings
from service.cli import main
from service.config import load_config
from service.extract import extract_fields
from service.text.dates import add_working_days
from service.workdays import next_year_warnings, vietnam_calendar
from tests.conftest import write_office_config


def _plan(body: str, day: str) -> str:
    return (
        "ỦY BAN NHÂN DÂN\nHUYỆN TAM ĐƯỜNG\nSố: 12/KH-UBND Tam Đường, ngày "
        + day
        + "\nKẾ HOẠCH\nTổ chức thực hiện phong trào thi đua\n\n"
        + body
        + "\nNơi nhận:\n- Lưu: VT, NV.\n"
    )


def test_tet_2027_from_the_library():
    cal = vietnam_calendar()
    # Tết Đinh Mùi: Thu 4 Feb 2027 (29 tháng Chạp) to Wed 10 Feb (mùng 5); 6 and 7 are a weekend.
    for day in (4, 5, 8, 9, 10):
        assert not cal.is_working_day(date(2027, 2, day)), day
    assert cal.is_working_day(date(2027, 2, 3)) and cal.is_working_day(date(2027, 2, 11))
    assert add_working_days(date(2027, 2, 3), 1, cal) == date(2027, 2, 11)
    # the same without the calendar would count Tết as work
    assert add_working_days(date(2027, 2, 3), 1) == date(2027, 2, 4)


def test_a_substituted_saturday_from_the_library():
    cal = vietnam_calendar()
    # 2026: Monday 31 August off, worked on Saturday 22 August in exchange (the government's swap).
    assert cal.is_working_day(date(2026, 8, 22))
    assert not cal.is_working_day(date(2026, 8, 31))
    assert add_working_days(date(2026, 8, 21), 1, cal) == date(2026, 8, 22)
    assert add_working_days(date(2026, 8, 28), 1, cal) == date(2026, 9, 3)  # 31/8, 1/9, 2/9 off


def test_the_offices_additions_and_overrides(tmp_path):
    # Next year's swap as the office types it once announced: Thursday 11 February 2027 off,
    # worked on Saturday 20 February.
    cfg = load_config(
        write_office_config(tmp_path, holidays=[date(2027, 2, 11)], working_days=[date(2027, 2, 20)])
    )
    cal = cfg.calendar
    assert not cal.is_working_day(date(2027, 2, 11)) and cal.is_working_day(date(2027, 2, 20))
    assert add_working_days(date(2027, 2, 3), 1, cal) == date(2027, 2, 12)
    # 12, 15, 16, 17, 18, 19 and then the Saturday worked
    assert add_working_days(date(2027, 2, 3), 7, cal) == date(2027, 2, 20)
    assert add_working_days(date(2027, 2, 3), 8, cal) == date(2027, 2, 22)
    # an override wins over the library: a holiday the office works
    cfg2 = load_config(write_office_config(tmp_path / "b", working_days=[date(2027, 2, 10)]))
    assert cfg2.calendar.is_working_day(date(2027, 2, 10))


def test_extraction_counts_working_days_across_tet(tmp_path):
    cfg = load_config(
        write_office_config(tmp_path, holidays=[date(2027, 2, 11)], working_days=[date(2027, 2, 20)])
    )
    text = _plan("Các xã gửi báo cáo trong thời hạn 7 ngày làm việc kể từ ngày ký.", "03 tháng 02 năm 2027")
    (d,) = extract_fields(text, org=cfg.organisation).deadlines
    assert d.date == date(2027, 2, 20)
    (plain,) = extract_fields(text).deadlines  # no office: weekends only
    assert plain.date == date(2027, 2, 12)


def test_check_warns_when_next_year_is_not_announced(tmp_path):
    # The library knows 2026's swaps; nothing of 2027's yet.
    assert next_year_warnings(date(2025, 12, 1)) == []
    [warning] = next_year_warnings(date(2026, 12, 5))
    assert "2027" in warning and "working_days" in warning
    assert next_year_warnings(date(2026, 12, 5), working_days=[date(2027, 2, 20)]) == []
    cfg = load_config(write_office_config(tmp_path, holidays=[date(2027, 2, 11)]))
    assert calendar_warnings(cfg, date(2026, 12, 5)) == []


def test_vanthu_check_prints_the_warning(tmp_path, monkeypatch):
    from datetime import datetime

    import service.runtime

    cfg_path = write_office_config(tmp_path)
    monkeypatch.setattr(service.runtime, "office_clock", lambda hours: lambda: datetime(2026, 12, 5, 9))
    result = CliRunner().invoke(main, ["--config", str(cfg_path), "check"])
    assert "⚠ Chưa có lịch nghỉ lễ, nghỉ bù, làm bù năm 2027" in result.output, result.output
    assert "⚠" not in result.output.split("⚠ Chưa có")[0]  # the other lines are ✔ or ✘, not warnings


def test_a_handling_deadline_counts_back_over_tet():
    from service.workflow.deadlines import default_handling_due

    cal = vietnam_calendar()
    # Two working days before Friday 12 February 2027: Thursday 11, then back over Tết to Wednesday 3.
    due = default_handling_due(date(2027, 2, 12), today=date(2027, 1, 20), margin_days=2, holidays=cal)
    assert due == date(2027, 2, 3)
    assert default_handling_due(date(2027, 2, 12), today=date(2027, 1, 20), margin_days=2) == date(
        2027, 2, 10
    )
