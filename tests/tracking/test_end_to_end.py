"""End to end: the sample plan and units' .docx reports dropped in the inbox, read, extracted and
registered by the pipeline; `vanthu status --json` and `vanthu followup --json` read the result."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest
from click.testing import CliRunner

from service.cli import main
from service.ingest import pipeline
from service.text import fold
from tests.conftest import make_docx
from tests.tracking.conftest import sample_text
from tests.tracking.reports import report_text

pytestmark = pytest.mark.both_databases  # tests/conftest.py: on SQLite and on PostgreSQL

UNITS = 27


def _drop_report(
    folder,
    name: str,
    issuer: str,
    number: str,
    day: date,
    place: str,
    *,
    accents=True,
    cite: str | None = "904/KH-UBND",
    title: str | None = None,
):
    lines = report_text(issuer, number, day, place, cite=cite, title=title).splitlines()
    if not accents:
        lines = [fold(line, lower=False).replace("904/KH-UBND", "904KH-UBND") for line in lines]
    folder.mkdir(parents=True, exist_ok=True)
    return make_docx(folder / name, lines)


def _cli(rt, *args) -> list[dict]:
    result = CliRunner().invoke(main, ["--config", str(rt.config.path), *args])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.output.splitlines() if line.strip()]


def test_plan_and_reports_through_the_inbox(office, clock):
    inbox = office.config.inbox

    def arrive(path, when: datetime):
        clock.current = when
        outcome = pipeline.process_file(office, path)
        assert outcome.status == "registered", outcome

    plan = inbox / "ke-hoach-904.txt"
    plan.write_text(sample_text(), encoding="utf-8")
    arrive(plan, datetime(2022, 7, 25, 8))
    reqs = _cli(office, "requirements", "--json", "--at", "2022-08-01")
    assert len(reqs) == 1
    assert reqs[0]["source_number_symbol"] == "904/KH-UBND" and reqs[0]["recurrence"] == "yearly"
    assert reqs[0]["due_date"] == "2022-11-10" and len(reqs[0]["unit_ids"]) == UNITS
    assert reqs[0]["confirmed"] is False

    arrive(
        _drop_report(inbox, "bo-2022.docx", "UBND xã Bản Bo", "45/BC-UBND", date(2022, 11, 3), "Bản Bo"),
        datetime(2022, 11, 4, 9),
    )
    arrive(
        _drop_report(
            inbox, "nv-2022.docx", "Phòng Nội vụ", "112/BC-NV", date(2022, 11, 7), "Tam Đường", accents=False
        ),
        datetime(2022, 11, 8, 9),
    )
    # dropped in the unit's own subfolder
    arrive(
        _drop_report(
            inbox / "ban-giang", "bc.docx", "UBND xã Bản Giang", "33/BC-UBND", date(2022, 11, 9), "Bản Giang"
        ),
        datetime(2022, 11, 9, 14),
    )
    arrive(
        _drop_report(inbox, "ht-2022.docx", "UBND xã Hồ Thầu", "51/BC-UBND", date(2022, 11, 14), "Hồ Thầu"),
        datetime(2022, 11, 15, 9),
    )
    # no citation, only a resemblance: proposed to the clerk, not counted
    arrive(
        _drop_report(
            inbox,
            "kh-2022.docx",
            "UBND xã Khun Há",
            "40/BC-UBND",
            date(2022, 11, 17),
            "Khun Há",
            cite=None,
            title="Kết quả thực hiện phong trào thi đua chung tay vì người nghèo năm 2022",
        ),
        datetime(2022, 11, 18, 9),
    )
    arrive(
        _drop_report(inbox, "bo-2023.docx", "UBND xã Bản Bo", "50/BC-UBND", date(2023, 11, 6), "Bản Bo"),
        datetime(2023, 11, 6, 9),
    )

    rows = _cli(office, "status", "--json", "--at", "2023-11-30")
    by = {(r["unit_id"], r["period"]): r for r in rows}
    assert len(rows) == 3 * UNITS and {p for _u, p in by} == {"2022", "2023", "2024"}  # 2024: the next
    expected_2022 = {"ban-bo": "on_time", "noi-vu": "on_time", "ban-giang": "on_time", "ho-thau": "late"}
    for unit in office.config.organisation.units:
        assert by[(unit.id, "2022")]["status"] == expected_2022.get(unit.id, "overdue"), unit.id
        assert by[(unit.id, "2023")]["status"] == ("on_time" if unit.id == "ban-bo" else "overdue"), unit.id
        assert by[(unit.id, "2024")]["status"] == "not_due"
    assert by[("ban-bo", "2022")]["submission_number_symbol"] == "45/BC-UBND"
    assert by[("ban-bo", "2022")]["submission_so_den"] == 2
    assert by[("ho-thau", "2022")]["submission_so_den"] == 5
    assert by[("khun-ha", "2022")]["proposed_links"] == 1
    [link] = _cli(office, "links", "--json")
    assert (link["unit_id"], link["period"], link["so_den"]) == ("khun-ha", "2022", 6)
    assert all(r["source_number_symbol"] == "904/KH-UBND" and r["due_date"] for r in rows)

    early = {
        (r["unit_id"], r["period"]): r["status"]
        for r in _cli(office, "status", "--json", "--at", "2022-11-05")
    }
    assert early[("ban-bo", "2022")] == "on_time" and early[("noi-vu", "2022")] == "due_soon"

    [fu] = [r for r in _cli(office, "followup", "--json", "--at", "2023-11-30") if r["requirement_id"]]
    assert fu["number_symbol"] == "904/KH-UBND" and fu["deadline"] == "2024-11-10"
    assert fu["receiving_unit"] == "Phòng Lao động - Thương binh và Xã hội"  # "… qua … Phòng Lao động"
    assert (
        f"Kỳ 2022: 4/{UNITS} đơn vị đã gửi" in fu["progress"] and "1 báo cáo chờ xác nhận" in fu["progress"]
    )
    assert f"Kỳ 2023: 1/{UNITS} đơn vị đã gửi" in fu["progress"]
