"""The outgoing register's rows (both databases): typed lines, and what the archive may move."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from service.models import DraftKind, IssuedDocument, OutgoingLine, OutgoingOrigin, OutgoingStatus
from service.store import drafts as dstore
from service.store import imports


@pytest.mark.both_databases
def test_rows_are_typed_and_a_line_of_an_earlier_register_is_never_archived(database_url, office):
    with office.store.write() as conn:
        draft_id = dstore.insert_draft(
            conn,
            dstore.NewDraft(
                kind=next(iter(DraftKind)),
                created_at=datetime(2023, 11, 14, 8, 0),
                created_by="van.thu",
                requirement_id=None,
                document_id=None,
                period=None,
                context={},
            ),
        )
    issued = IssuedDocument(
        outgoing_id=0,
        draft_id=draft_id,
        number=1,
        number_symbol="01/BC-UBND",
        issue_date=date(2023, 11, 15),
        issued_at=datetime(2023, 11, 15, 9, 0),
        doc_type="Báo cáo",
        title_summary="Tình hình thực hiện",
        signer_name="Nguyễn Văn A",
        recipients=("UBND tỉnh", "Lưu: VT"),
        copies=3,
        docx="01-BC-UBND.docx",
        pdf="01-BC-UBND.pdf",
        demo_certificate=True,
    )
    with office.store.write() as conn:
        made = dstore.insert_outgoing(
            conn, issued, folder="/outbox/2023/01-BC-UBND", docx_sha256="d", pdf_sha256="p"
        )
        line = OutgoingLine(2, 7, "07/CV-UBND", date(2022, 3, 1), "V/v cũ", "Công văn", None, ("Sở Nội vụ",))
        old = imports.insert_outgoing_entry(conn, line)
    with office.store.read() as conn:
        row = dstore.get_outgoing(conn, made)
        archivable = [r.id for r in dstore.issued_before(conn, date(2024, 1, 1))]
        both = dstore.list_outgoing(conn)
    assert row is not None and row.recipients == ("UBND tỉnh", "Lưu: VT") and row.copies == 3
    assert row.status is OutgoingStatus.ISSUED and row.origin is OutgoingOrigin.ISSUED
    assert [r.origin for r in both] == [OutgoingOrigin.REGISTER, OutgoingOrigin.ISSUED]
    assert archivable == [made] and old.id not in archivable  # the imported line has no folder to move
    assert row.to_json(office.zone)["recipients"] == ["UBND tỉnh", "Lưu: VT"]
