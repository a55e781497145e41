"""Fixtures of the exchange tests: a real signed công văn (python-docx → LibreOffice → pyHanko), an
office with an agency code, and the transport's folder pair."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import write_office_config
from tests.drafts.conftest import converter  # noqa: F401  (the session's warm LibreOffice)
from tests.exchange.messages import DISTRICT, PROVINCE, PROVINCE_NAME
from tests.readers.makers import sign_pdf

LETTER = [
    "ỦY BAN NHÂN DÂN",
    "TỈNH LAI CHÂU",
    "Số: 12/UBND-VP",
    "V/v báo cáo kết quả phong trào thi đua",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "Lai Châu, ngày 02 tháng 3 năm 2026",
    "Kính gửi: Ủy ban nhân dân huyện Tam Đường",
    "Để tổng hợp báo cáo Bộ Nội vụ, UBND tỉnh đề nghị UBND huyện Tam Đường báo cáo kết quả "
    "phong trào thi đua năm 2025, gửi về Sở Nội vụ trước ngày 20/3/2026.",
    "Nơi nhận:",
    "- Như trên;",
    "- Lưu: VT, VP.",
    "KT. CHỦ TỊCH",
    "PHÓ CHỦ TỊCH",
    "Nguyễn Văn Bình",
]


@pytest.fixture(scope="session")
def signed_letter(tmp_path_factory, converter) -> bytes:  # noqa: F811
    """The province's công văn 12/UBND-VP of 02/03/2026 as a signed PDF with a real text layer."""
    from service.drafts.pdf import convert_to_pdf
    from tests.conftest import make_docx

    work = tmp_path_factory.mktemp("letter")
    pdf = convert_to_pdf(make_docx(work / "letter.docx", LETTER), work / "letter.pdf", converter)
    return sign_pdf(pdf.read_bytes(), work, name="Nguyễn Văn Bình", org=PROVINCE_NAME)


@pytest.fixture
def district(tmp_path, clock, database_url):
    """UBND huyện Tam Đường with its agency code; its commune Bản Bo has one too; the province is in
    its directory."""
    from service.runtime import open_runtime
    from service.store.exchange import Agency, upsert_agency

    cfg = write_office_config(tmp_path, database__url=database_url)
    _set_codes(cfg, {"organisation": DISTRICT, "ban-bo": "H29.31.01"})
    rt = open_runtime(cfg, clock=clock)
    with rt.store.write() as conn:
        upsert_agency(conn, Agency(PROVINCE, PROVINCE_NAME, "csv"), now=clock())
    yield rt
    rt.store.dispose()


def _set_codes(cfg_path: Path, codes: dict[str, str]) -> None:
    import yaml

    data = yaml.safe_load(cfg_path.read_text(encoding="utf-8"))
    if "organisation" in codes:
        data["organisation"]["agency_code"] = codes["organisation"]
    for unit in data["units"]:
        if unit["id"] in codes:
            unit["agency_code"] = codes[unit["id"]]
    cfg_path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def drop(rt, name: str, data: bytes) -> Path:
    """Put a file in the office's inbox and run it through the intake, as the watcher would."""
    from service.ingest.pipeline import process_file

    path = rt.config.inbox / name
    path.write_bytes(data)
    return process_file(rt, path)


def overdue_requirement(rt, now) -> int:
    """The district asked Bản Bo for a report due on 20 February (overdue on 2 March): a reminder's
    requirement."""
    from datetime import date

    from service.models import Requirement
    from service.store.tracking import add_requirement

    with rt.store.write() as conn:
        return add_requirement(
            conn,
            Requirement(
                id=None,
                source_document_id=None,
                source_number_symbol="904/KH-UBND",
                what="Báo cáo kết quả thực hiện phong trào thi đua",
                to_whom="UBND huyện",
                due_date=date(2026, 2, 20),
                unit_ids=["ban-bo"],
                confirmed=True,
            ),
            now=now,
            actor="test",
        )
