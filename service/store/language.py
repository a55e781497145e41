"""The OCR corrector's memory (bộ nhớ sửa lỗi OCR): syllable counts learned from born-digital documents,
and the (OCR, truth) pairs of the fields clerks corrected."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, insert, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from service.store.schema import language_grams, ocr_corrections

_GRAM_MAX = 256


@dataclass(frozen=True)
class OcrCorrection:
    """A field a clerk corrected: what OCR (and the corrector) made of it, and what it is."""

    id: int
    at: datetime
    actor: str
    document_id: int | None
    field: str
    ocr_value: str
    truth: str


def add_gram_counts(conn: Connection, counts: Mapping[str, int]) -> None:
    """Add counts to the stored ones (call inside a write transaction). One upsert statement run
    over all the rows: compiled once and cached, where a multi-row VALUES was compiled afresh for
    every document (two thirds of the intake's own time on born-digital files)."""
    rows = [{"gram": g, "count": int(n)} for g, n in counts.items() if n > 0 and len(g) <= _GRAM_MAX]
    if not rows:
        return
    make = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
    stmt = make(language_grams)
    stmt = stmt.on_conflict_do_update(
        index_elements=[language_grams.c.gram],
        set_={"count": language_grams.c.count + stmt.excluded.count},
    )
    conn.execute(stmt, rows)


def gram_counts(conn: Connection) -> list[tuple[str, int]]:
    rows = conn.execute(select(language_grams.c.gram, language_grams.c.count))
    return [(str(gram), int(count)) for gram, count in rows]


@dataclass(frozen=True)
class FieldCorrection:
    """A field a clerk set right on a document whose text OCR read: who, which field, what OCR (and the
    corrector) made of it, and what it is."""

    actor: str
    document_id: int | None
    field: str
    ocr_value: str
    truth: str


def add_ocr_correction(conn: Connection, at: datetime, correction: FieldCorrection) -> None:
    conn.execute(insert(ocr_corrections).values(at=at, **dataclasses.asdict(correction)))


def list_ocr_corrections(conn: Connection) -> list[OcrCorrection]:
    rows = conn.execute(select(ocr_corrections).order_by(ocr_corrections.c.id)).mappings()
    return [OcrCorrection(**dict(r)) for r in rows]
