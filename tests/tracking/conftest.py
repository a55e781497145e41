"""Fixtures for tracking: a real config (tmp copy), a real SQLite store, documents registered as
the pipeline does."""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from pathlib import Path

import pytest

from service.config import load_config
from service.ingest.track import link_document
from service.models import Deadline, Fields, ReadResult, Reference
from service.store.db import open_store
from service.store.documents import Document, NewDocument, insert_document
from tests.conftest import SHARED, require_shared, write_office_config

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = SHARED / "samples" / "ke-hoach-904-KH-UBND-tam-duong-2022.txt"
PLAN_SUMMARY = (
    "Tổ chức thực hiện phong trào thi đua “Tam Đường chung tay vì người nghèo - "
    "Không để ai bị bỏ lại phía sau” giai đoạn 2021-2025"
)
PLAN_TASK = (
    "Báo cáo tình hình tổ chức thực hiện Phong trào thi đua về UBND huyện qua cơ quan "
    "thường trực - Phòng Lao động - Thương binh và Xã hội"
)


@pytest.fixture()
def cfg(tmp_path):
    """The shipped config.yaml (its units and groups), with folders in tmp_path."""
    return load_config(write_office_config(tmp_path / "office"))


@pytest.fixture()
def store(tmp_path, database_url):
    s = open_store(database_url or f"sqlite:///{tmp_path}/v.db")
    yield s
    s.dispose()


def sample_text() -> str:
    return require_shared(SAMPLE, "the sample plan 904/KH-UBND").read_text(encoding="utf-8")


def plan_fields(*, summary: str | None = PLAN_SUMMARY, group_ids=("co-quan-huyen", "ubnd-xa")) -> Fields:
    """What extraction reads from the sample plan 904/KH-UBND (written out by hand)."""
    return Fields(
        doc_type="Kế hoạch",
        number_symbol="904/KH-UBND",
        issuer="UBND huyện Tam Đường",
        parent_issuer="UBND tỉnh Lai Châu",
        place="Tam Đường",
        issue_date=date(2022, 7, 21),
        title_summary=summary,
        references=[
            Reference(
                text="Kế hoạch số 2282/KH-UBND ngày 01/7/2022 của UBND tỉnh Lai Châu",
                number_symbol="2282/KH-UBND",
                doc_type="Kế hoạch",
                date=date(2022, 7, 1),
            ),
            Reference(text="Quyết định số 666/QĐ-TTg", number_symbol="666/QĐ-TTg"),
        ],
        deadlines=[
            Deadline(
                "Trước ngày 10 tháng 11 hằng năm",
                date=date(2022, 11, 10),
                what=PLAN_TASK,
                who="Các cơ quan, ban, ngành huyện; UBND các xã, thị trấn",
                to_whom="UBND huyện qua cơ quan thường trực - Phòng Lao động - Thương binh và Xã hội",
                recurrence="yearly",
                rule={"day": 10, "month": 11},
                group_ids=list(group_ids),
                is_report=True,
                confidence=0.9,
            ),
            Deadline(
                "Năm 2023",
                date=date(2023, 12, 31),
                what="Sơ kết giữa kỳ và khen thưởng theo thẩm quyền",
                who="UBND các xã, thị trấn",
                group_ids=["ubnd-xa"],
            ),
            Deadline(
                "Năm 2025",
                date=date(2025, 12, 31),
                what="Tham mưu UBND huyện tổ chức Hội nghị tổng kết Phong trào thi đua",
                who="Phòng Lao động - Thương binh và Xã hội chủ trì, phối hợp Phòng Nội vụ",
                lead_unit_ids=["ld-tbxh"],
            ),
        ],
    )


class Office:
    """Registers documents the way the pipeline does: insert the row, then the tracking hook."""

    def __init__(self, cfg, store):
        self.cfg, self.store = cfg, store
        self.count = 0

    def register(self, arrived: datetime, text: str, fields: Fields, sender: str | None = None) -> Document:
        self.count += 1
        new = NewDocument(
            arrived_at=arrived,
            file_name=f"vb-{self.count}.txt",
            source_path=f"vb-{self.count}.txt",
            sha256=hashlib.sha256(f"{self.count}:{text}".encode()).hexdigest(),
            size=len(text),
            original_path=f"originals/{self.count}.txt",
            sender_unit_id=sender,
            read=ReadResult(text=text, format="txt"),
            fields=fields,
        )
        with self.store.write() as conn:
            row = insert_document(conn, new)
            link_document(conn, row, fields, self.cfg, arrived.date())
        return row


@pytest.fixture()
def tracked(cfg, store):
    """An office whose documents go through the tracking hook."""
    return Office(cfg, store)
