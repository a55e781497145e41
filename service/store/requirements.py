"""Reading reporting requirements (yêu cầu báo cáo) as `Requirement`s: what both the tracking queries
and the follow-up register start from; the error a tracking change that cannot be made raises."""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, select

from service.errors import VanthuError
from service.models import Requirement
from service.store.schema import documents, requirements

_REQ_COLUMNS = (requirements, documents.c.title_summary.label("source_title"))
LINK_STATES = ("linked", "proposed", "rejected")


class TrackingError(VanthuError):
    """A change that cannot be made (unknown id, bad value): a stable code, a sentence for the clerk."""

    def __init__(self, code: str, message: str):
        super().__init__(code, message, message)

    def __str__(self) -> str:  # shown as is to the clerk
        return self.message


def _req_query():
    return (
        select(*_REQ_COLUMNS)
        .select_from(requirements.outerjoin(documents, documents.c.id == requirements.c.source_document_id))
        .order_by(requirements.c.id)
    )


@lru_cache(maxsize=1024)  # requirements mostly name one group's units: the same text again and again
def _unit_ids(text: str) -> tuple[str, ...]:
    return tuple(json.loads(text))


def _to_requirement(row: Any) -> Requirement:
    return Requirement(
        id=row.id,
        source_document_id=row.source_document_id,
        source_number_symbol=row.source_number_symbol,
        what=row.what,
        to_whom=row.to_whom or "",
        recurrence=row.recurrence,
        due_date=row.due_date,
        rule=json.loads(row.rule_json or "{}") or None,
        end_date=row.end_date,
        unit_ids=list(_unit_ids(row.unit_ids_json or "[]")),
        confirmed=bool(row.confirmed),
        closed=bool(row.closed),
        source_title=row.source_title,
        proposed=bool(row.proposed),
    )


def list_requirements(conn: Connection, include_closed: bool = False) -> list[Requirement]:
    q = _req_query()
    if not include_closed:
        q = q.where(requirements.c.closed.is_(False))
    return [_to_requirement(r) for r in conn.execute(q)]


def get_requirement(conn: Connection, req_id: int) -> Requirement | None:
    row = conn.execute(_req_query().where(requirements.c.id == req_id)).first()
    return _to_requirement(row) if row else None
