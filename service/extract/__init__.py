"""Extraction (trích xuất): text in, the fields a clerk writes down out. Pure: no I/O, no config.

extract_fields(text, org=..., signatures=..., holidays=..., tables=...) -> Fields
extract_document(read, org=..., holidays=...) -> Fields    (a reader's whole result)
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from service.extract.document import Doc
from service.extract.fields import (
    Layout,
    fill_body,
    fill_foot,
    fill_issuer_and_place,
    fill_number_and_date,
    fill_type_and_summary,
)
from service.extract.header import read_header
from service.extract.signature import read_foot
from service.extract.stamp import read_incoming_stamp
from service.extract.units import configured_names
from service.models import Fields, Organisation, ReadResult, SignatureInfo, Table, WorkCalendar
from service.text.dates import work_calendar

__all__ = ["extract_document", "extract_fields"]


def extract_fields(
    text: str,
    *,
    org: Organisation | None = None,
    signatures: Sequence[SignatureInfo] = (),
    holidays: Sequence[date] | WorkCalendar = (),
    tables: Sequence[Table] = (),
) -> Fields:
    """Read the fields of one document's text (NFC or not, any line endings).

    ``org`` is the office running Vanthu: its units and groups resolve who must act, its names
    are restored in text whose marks OCR lost. ``signatures`` are the reader's digital signatures
    (widget text, signing times). ``holidays`` are skipped when counting working days.
    ``tables`` are the reader's tables (rows and cells), in reading order: a task table gives a
    deadline per row.
    A field that cannot be read is None and carries a warning in ``Fields.warnings``; each field
    read carries a confidence in ``Fields.confidence``.
    """
    doc = Doc.from_text(text, tables)
    names = tuple(configured_names(org))
    all_holidays = work_calendar(holidays, org)  # public holidays, Tết, days worked in exchange
    header = read_header(doc)
    foot = read_foot(doc)
    fields = Fields()
    fill_number_and_date(fields, doc, header, signatures)
    fields.incoming_stamp = read_incoming_stamp(doc.text, fields.issue_date)  # số đến, not the number
    fill_issuer_and_place(fields, header, org)
    fill_type_and_summary(fields, header, names)
    fill_foot(fields, doc, foot, signatures, names)
    fill_body(fields, Layout(doc, header, foot), org, all_holidays, names)
    return fields


def extract_document(
    read: ReadResult, *, org: Organisation | None = None, holidays: Sequence[date] | WorkCalendar = ()
) -> Fields:
    """The fields of what a reader made of one file: its text, tables and digital signatures."""
    return extract_fields(
        read.text, org=org, signatures=read.signatures, holidays=holidays, tables=read.tables
    )
