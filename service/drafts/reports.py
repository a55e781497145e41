"""The units' reports of one period, read again as structure for the summary (báo cáo tổng hợp)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import date

from service.drafts.compile import UnitReport
from service.errors import VanthuError
from service.models import StatusRow
from service.runtime import Runtime
from service.store.documents import document_fields, get_document

log = logging.getLogger("vanthu.drafts.reports")
SENT = ("on_time", "late")


@dataclass(frozen=True)
class _Linked:
    row: StatusRow
    original: str | None  # relative to the data folder
    dated: date | None


def _linked(rt: Runtime, conn, rows: list[StatusRow], period: str | None) -> list[_Linked]:
    out = []
    for r in rows:
        if r.period != period or r.status not in SENT:
            continue
        doc = get_document(conn, r.submission_document_id) if r.submission_document_id else None
        issued = document_fields(doc).issue_date if doc else None
        out.append(_Linked(r, doc.original_path if doc else None, issued or r.submission_date))
    return out


def _tables_of(result) -> tuple:
    """The tables a reader gave, as rows of cell texts (the readers' own structure, when they give one)."""
    tables = getattr(result, "tables", None) or []
    out = []
    for table in tables:
        rows = getattr(table, "rows", table)
        cells = [tuple(str(getattr(c, "text", c)) for c in getattr(row, "cells", row)) for row in rows]
        if cells:
            out.append(tuple(cells))
    return tuple(out)


def read_reports(rt: Runtime, rows: list[StatusRow], period: str | None) -> list[UnitReport]:
    """Each linked report of the period read again (in a guarded child, as at arrival): its tables and
    text. A paper submission, or a file that cannot be read now, says why instead."""
    from service.readers import read_document_guarded

    with rt.store.read() as conn:
        linked = _linked(rt, conn, rows, period)
    reports = []
    for item in linked:
        r = item.row
        base = UnitReport(r.unit_id, r.unit_name, r.submission_number_symbol, item.dated)
        if item.original is None:
            reports.append(replace(base, problem="nộp bản giấy, chưa có bản điện tử để tổng hợp"))
            continue
        try:
            result = read_document_guarded(rt.data_path(item.original), rt.config.limits)
        except VanthuError as exc:
            log.warning("summary: report of %s not read again: code=%s %s", r.unit_id, exc.code, exc.detail)
            reports.append(replace(base, problem=f"không đọc được tệp ({exc.message})"))
            continue
        if not (result.text or "").strip():
            reports.append(replace(base, problem="tệp không có chữ đọc được"))
            continue
        reports.append(replace(base, tables=_tables_of(result), text=result.text))
    return reports
