"""Fixtures of the drafts tests: one warm LibreOffice for the whole session, an office with a
requirement, its periods and some unit reports, a higher body's plan, and a self-signed certificate."""

from __future__ import annotations

import functools
import importlib.util
from datetime import date, datetime
from pathlib import Path

import pytest

from tests.conftest import SHARED, FakeClock, require_path, require_shared, require_tool, write_office_config

ND30CHECK = SHARED / "nd30check.py"


@pytest.fixture(scope="session")
def converter():
    """One warm converter shared by every test of the session (LibreOffice takes seconds to start)."""
    require_tool("soffice")
    require_path(Path("/usr/bin/python3"), "Debian's python3 with python3-uno")
    from service.drafts.pdf import WarmConverter

    conv = WarmConverter()
    conv.start()
    yield conv
    conv.close()


@functools.lru_cache(maxsize=1)
def _nd30():
    spec = importlib.util.spec_from_file_location("nd30check", ND30CHECK)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def nd30_problems(path: Path | str) -> list[str]:
    """../shared/nd30check.py's verdict on a rendered .docx (its `check`, loaded once)."""
    require_shared(ND30CHECK, "the ND 30 checker nd30check.py")
    return [f"{p['rule']}: {p['detail']}" for p in _nd30().check(str(path))]


def add_plan_requirement(rt, *, due: date = date(2023, 11, 10)) -> int:
    """The sample plan's yearly report (904/KH-UBND, before 10 November), owed by every unit."""
    from service.models import Requirement
    from service.store.tracking import add_requirement

    org = rt.config.organisation
    req = Requirement(
        id=None,
        source_document_id=None,
        source_number_symbol="904/KH-UBND",
        what="Báo cáo kết quả thực hiện phong trào thi đua",
        to_whom="UBND huyện qua Phòng Lao động - Thương binh và Xã hội",
        recurrence="yearly",
        due_date=due,
        rule={"day": due.day, "month": due.month},
        end_date=date(2025, 12, 31),
        unit_ids=[u.id for u in org.units],
        confirmed=True,
    )
    with rt.store.write() as conn:
        return add_requirement(conn, req, now=rt.now(), actor="test")


def add_reports(rt, requirement_id: int, period: str, reports: dict[str, tuple[date, str]]) -> None:
    """Unit reports received (on paper) for a period: unit id -> (day, number)."""
    from service.store.tracking import PaperReport, record_paper_submission

    with rt.store.write() as conn:
        for unit_id, (day, number) in reports.items():
            record_paper_submission(
                conn, PaperReport(requirement_id, unit_id, period, day, number), now=rt.now(), actor="test"
            )


@pytest.fixture
def open_office(tmp_path, converter, monkeypatch):
    """`open_office(**overrides)`: an office on 15/11/2023 at 9:00 (write_office_config's overrides
    taken) with the sample plan's requirement (`rt.requirement_id`), rendering with the session's warm
    converter; closed after the test."""
    from service.drafts import pdf as pdf_module
    from service.runtime import open_runtime

    monkeypatch.setattr(pdf_module, "_shared", converter)
    opened = []

    def open_(**overrides):
        cfg = write_office_config(tmp_path / "office", **overrides)
        rt = open_runtime(cfg, clock=FakeClock(datetime(2023, 11, 15, 9, 0)))
        opened.append(rt)
        rt.requirement_id = add_plan_requirement(rt)
        return rt

    yield open_
    for rt in opened:
        rt.store.dispose()


def higher_plan(*deadlines, title: str = "Thực hiện phong trào thi đua"):
    """The fields of the province's plan 2282/KH-UBND of 01/7/2022 that a district's plan carries out."""
    from service.models import Fields

    return Fields(
        doc_type="KẾ HOẠCH",
        number_symbol="2282/KH-UBND",
        issue_date=date(2022, 7, 1),
        issuer="UBND tỉnh Lai Châu",
        title_summary=title,
        deadlines=list(deadlines),
    )


def yearly_report(what: str, group_ids: list[str]):
    """A plan's yearly report to the district, before 10 November."""
    from service.models import Deadline

    return Deadline(
        "trước ngày 10 tháng 11 hằng năm",
        None,
        what=what,
        recurrence="yearly",
        rule={"day": 10, "month": 11},
        is_report=True,
        group_ids=group_ids,
    )


@pytest.fixture
def pkcs12(tmp_path, monkeypatch):
    """A self-signed PKCS#12 certificate and its password in the environment."""
    from service.drafts.sign import make_self_signed_pkcs12

    path = make_self_signed_pkcs12(
        tmp_path / "signer.p12",
        common_name="Nguyễn Văn Thử",
        organisation="Ủy ban nhân dân huyện Tam Đường",
        password=b"s3cret",
    )
    monkeypatch.setenv("VANTHU_TEST_P12_PASSWORD", "s3cret")
    return path


def at(day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour, 0)
