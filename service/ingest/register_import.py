"""Importing an office's earlier register from Excel: first what it will do (the entries, and the rows
it cannot read with their reasons), then, once the clerk agrees, the entries without files.

Incoming entries keep their số đến in the register of their day of arrival's year; a number that
year already holds is a row reported, never a second entry. They are linked like any registered
document (a line citing a plan's number is that unit's report); later documents cite them by their
số, ký hiệu. Outgoing entries keep their number in their year's outgoing register.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection

from service.errors import MESSAGES, VanthuError
from service.ingest.register_rows import (
    ImportPlan,
    IncomingLine,
    OutgoingLine,
    RegisterKind,
    RowProblem,
    plan_rows,
)
from service.models import Fields
from service.runtime import Runtime
from service.store import imports
from service.store.audit import NewAuditEntry, add_audit
from service.store.documents import get_document

log = logging.getLogger("vanthu.ingest")


@dataclass(frozen=True)
class ImportResult:
    kind: RegisterKind
    added: list[imports.ImportedRow]
    problems: list[RowProblem]


def prepare_import(
    rt: Runtime, path: Path, *, kind: RegisterKind | None = None, sheet: str | None = None
) -> ImportPlan:
    """What importing the workbook would do; raises VanthuError when it cannot be read at all."""
    from service.readers.sheet import read_sheet

    plan = plan_rows(read_sheet(path, sheet), rt.now().date(), kind)
    if plan is None:
        raise VanthuError("register_no_header", str(path), MESSAGES["register_no_header"])
    with rt.store.read() as conn:
        _drop_taken(conn, plan)
    return plan


def _key(entry: IncomingLine | OutgoingLine) -> tuple[int, int]:
    if isinstance(entry, IncomingLine):
        return entry.arrived_on.year, entry.so_den
    return entry.issue_date.year, entry.number


def _drop_taken(conn: Connection, plan: ImportPlan) -> None:
    """Rows whose number the register already holds become problems."""
    taken: dict[int, set[int]] = {}
    incoming = plan.kind == RegisterKind.INCOMING
    keep = []
    for entry in plan.entries:
        year, number = _key(entry)
        if year not in taken:
            taken[year] = imports.taken_so_den(conn, year) if incoming else imports.taken_outgoing(conn, year)
        if number in taken[year]:
            what = "Số đến" if incoming else "Số văn bản đi"
            plan.problems.append(RowProblem(entry.row, f"{what} {number}/{year} đã có trong sổ."))
        else:
            keep.append(entry)
    plan.entries = keep
    plan.problems.sort(key=lambda p: p.row)


def apply_import(rt: Runtime, plan: ImportPlan, *, source: str, actor: str) -> ImportResult:
    """Add the plan's entries, in one transaction (all or none)."""
    from service.ingest.track import link_document

    now = rt.now()
    added: list[imports.ImportedRow] = []
    with rt.store.write() as conn:
        _drop_taken(conn, plan)  # again, under the writer's lock
        for entry in plan.entries:
            if isinstance(entry, IncomingLine):
                row, fields = _add_incoming(conn, entry, source)
                doc = get_document(conn, row.id)
                assert doc is not None  # just inserted, in this transaction
                link_document(conn, doc, fields, rt.config, now.date())
            else:
                row = _add_outgoing(conn, entry)
            added.append(row)
        add_audit(
            conn,
            NewAuditEntry(
                at=now,
                actor=actor,
                action="register_import",
                object_type="register",
                object_id=None,
                detail={
                    "source": source,
                    "kind": str(plan.kind),
                    "added": len(added),
                    "problems": [[p.row, p.reason] for p in plan.problems],
                },
            ),
        )
    log.info(
        "code=register_imported kind=%s added=%d problems=%d file=%s",
        plan.kind,
        len(added),
        len(plan.problems),
        source,
    )
    return ImportResult(plan.kind, added, list(plan.problems))


def _add_incoming(conn: Connection, e: IncomingLine, source: str) -> tuple[imports.ImportedRow, Fields]:
    fields = Fields(
        doc_type=e.doc_type,
        number_symbol=e.number_symbol,
        issuer=e.issuer,
        issue_date=e.issue_date,
        title_summary=e.summary,
    )
    where = f"Nhập từ sổ {source}, dòng {e.row}"
    row = imports.insert_incoming_entry(
        conn, e, fields, source=f"{source}, dòng {e.row}", note=f"{e.note}; {where}" if e.note else where
    )
    return row, fields


def _add_outgoing(conn: Connection, e: OutgoingLine) -> imports.ImportedRow:
    return imports.insert_outgoing_entry(conn, e)
