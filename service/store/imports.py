"""Register entries without files: lines of an office's earlier registers (Excel), and the lookups
that let later documents cite them (số, ký hiệu → the entry in the incoming or outgoing register)."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, insert, select

from service.models import DocumentOrigin, Fields, IncomingLine, OutgoingLine, OutgoingOrigin, OutgoingStatus
from service.store.db import insert_id
from service.store.documents import build_search_text
from service.store.schema import documents, outgoing
from service.tracking.matching import ns_key

REGISTER_FORMAT = "register"  # documents.format of an entry without a file


@dataclass(frozen=True)
class ImportedRow:
    """An entry added: which register, its year and number."""

    id: int
    year: int
    number: int


@dataclass(frozen=True)
class RegisteredRef:
    """A registered document that a number-symbol names: in the incoming (so_den) or outgoing register."""

    register: str  # "incoming" or "outgoing"
    id: int
    year: int
    number: int  # số đến, or the outgoing number
    number_symbol: str
    has_file: bool


def taken_so_den(conn: Connection, year: int) -> set[int]:
    rows = conn.execute(select(documents.c.so_den).where(documents.c.year == year))
    return {r[0] for r in rows}


def taken_outgoing(conn: Connection, year: int) -> set[int]:
    rows = conn.execute(select(outgoing.c.number).where(outgoing.c.year == year))
    return {r[0] for r in rows}


def entry_key(year: int, so_den: int) -> str:
    """The sha256 column's value for an entry without a file: a hash of its place in the register
    (unique as that place is; no file's hash can equal it by chance)."""
    return hashlib.sha256(f"vanthu-register-entry\n{year}\n{so_den}".encode()).hexdigest()


def insert_incoming_entry(
    conn: Connection, line: IncomingLine, fields: Fields, *, source: str, note: str | None
) -> ImportedRow:
    """A line of an earlier incoming register, without a file, on the day it arrived; `source`: the
    register's file and line."""
    year, so_den = line.arrived_on.year, line.so_den
    text = "\n".join(filter(None, [fields.issuer, fields.number_symbol, fields.title_summary]))
    new_id = insert_id(
        conn,
        insert(documents).values(
            year=year,
            so_den=so_den,
            arrived_at=datetime.combine(line.arrived_on, datetime.min.time()),
            file_name=source,
            source_path=source,
            source_removed=True,
            sha256=entry_key(year, so_den),
            size=0,
            format=REGISTER_FORMAT,
            original_path="",
            sender_unit_id=None,
            text=text,
            search_text=build_search_text(text, fields),
            fields_json=json.dumps(fields.to_json(), ensure_ascii=False),
            signatures_json="[]",
            warnings_json="[]",
            doc_type=fields.doc_type,
            number_symbol=fields.number_symbol,
            issuer=fields.issuer,
            issue_date=fields.issue_date,
            title_summary=fields.title_summary,
            recipient_unit=line.recipient,
            status="registered",
            note=note,
            origin=str(DocumentOrigin.REGISTER),
        ),
    )
    return ImportedRow(new_id, year, so_den)


def insert_outgoing_entry(conn: Connection, line: OutgoingLine) -> ImportedRow:
    """A line of an earlier outgoing register, without a file, issued at the start of its day."""
    year = line.issue_date.year
    new_id = insert_id(
        conn,
        insert(outgoing).values(
            year=year,
            number=line.number,
            number_symbol=line.number_symbol,
            issue_date=line.issue_date,
            issued_at=datetime.combine(line.issue_date, datetime.min.time()),
            doc_type=line.doc_type,
            title_summary=line.summary,
            signer=line.signer,
            recipients_json=json.dumps(list(line.recipients), ensure_ascii=False),
            copies=line.copies,
            status=OutgoingStatus.ISSUED,
            origin=str(OutgoingOrigin.REGISTER),
        ),
    )
    return ImportedRow(new_id, year, line.number)


def find_registered(conn: Connection, number_symbol: str | None) -> list[RegisteredRef]:
    """The registered documents a number-symbol names (spellings that ns_key holds equal), in the
    incoming register then the outgoing one."""
    key = ns_key(number_symbol)
    m = re.match(r"\s*0*(\d+)", number_symbol or "")
    if not key or not m:
        return []
    found: list[RegisteredRef] = []
    for register, table, number in (
        ("incoming", documents, documents.c.so_den),
        ("outgoing", outgoing, outgoing.c.number),
    ):
        rows = conn.execute(
            select(table.c.id, table.c.year, number.label("number"), table.c.number_symbol, table.c.origin)
            .where(table.c.number_symbol.like(f"%{m.group(1)}%"))
            .order_by(table.c.id)
        )
        found += [
            RegisteredRef(register, r.id, r.year, r.number, r.number_symbol, r.origin != "register")
            for r in rows
            if ns_key(r.number_symbol) == key
        ]
    return found
