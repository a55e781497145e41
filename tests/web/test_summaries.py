"""The pure groupings behind the dashboard and the tracking pages."""

from __future__ import annotations

from datetime import date

from service.models import StatusRow
from service.web import summaries
from service.web.formats import period_label


def _row(period: str, due: date, unit: str, status: str, req: int = 1) -> StatusRow:
    return StatusRow(
        requirement_id=req,
        source_number_symbol="904/KH-UBND",
        what="Báo cáo",
        period=period,
        due_date=due,
        unit_id=unit,
        unit_name=unit.upper(),
        status=status,
    )


ROWS = [
    _row("2025", date(2025, 11, 10), "a", "on_time"),
    _row("2025", date(2025, 11, 10), "b", "overdue"),
    _row("2026", date(2026, 11, 10), "a", "late"),
    _row("2026", date(2026, 11, 10), "b", "overdue"),
    _row("2027", date(2027, 11, 10), "a", "not_due"),
    _row("2027", date(2027, 11, 10), "b", "not_due"),
    _row("once", date(2026, 12, 1), "a", "due_soon", req=2),
]


def test_summaries_count_and_pick_the_period_to_act_on():
    groups = summaries.summarise(ROWS)
    by = {(g.requirement_id, g.period): g for g in groups}
    assert by[(1, "2026")].done == 1 and by[(1, "2026")].total == 2
    assert [r.unit_id for r in by[(1, "2026")].owing] == ["b"]
    req1 = [g for g in groups if g.requirement_id == 1]
    assert summaries.current(req1, date(2026, 11, 26)).period == "2026"  # latest with units overdue
    on_time = [g for g in req1 if g.period == "2027"]
    assert summaries.current(on_time, date(2026, 11, 26)).period == "2027"
    soon = summaries.due_within(groups, date(2026, 11, 26), 7)
    assert [(g.requirement_id, g.period) for g in soon] == [(2, "once")]
    assert [g.period for g in summaries.overdue(groups) if g.requirement_id == 1] == ["2026", "2025"]
    periods, units, cells = summaries.matrix([r for r in ROWS if r.requirement_id == 1])
    assert periods == ["2025", "2026", "2027"] and units == [("a", "A"), ("b", "B")]
    assert cells[("b", "2026")].status == "overdue"


def test_period_labels_in_vietnamese():
    assert [period_label(p) for p in ("2026", "2026-Q3", "2026-05", "2026-W07", "once", "")] == [
        "Năm 2026",
        "Quý 3/2026",
        "Tháng 05/2026",
        "Tuần 07/2026",
        "Một lần",
        "",
    ]
