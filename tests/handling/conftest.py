"""An office with a clerk, two leaders and officers in two units, and a document with a deadline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pytest
from werkzeug.security import generate_password_hash

from service.models import Deadline, IssuedDocument
from service.store import drafts as dstore
from service.store import people
from service.store import users as ustore
from tests.web.seed import add_document

PEOPLE = (
    # name, role, full name, unit, head, e-mail
    ("van.thu", "clerk", "Lò Thị Hoa", None, False, None),
    ("lanh.dao", "leader", "Nguyễn Văn An", None, False, "an@tamduong.test"),
    ("pho.ct", "leader", "Tráng A Dơ", None, False, "do@tamduong.test"),
    ("truong.nv", "officer", "Hoàng Văn Bình", "noi-vu", True, "binh@tamduong.test"),
    ("cv.nv", "officer", "Vàng Thị Mai", "noi-vu", False, "mai@tamduong.test"),
    ("cv.nv2", "officer", "Lý Văn Sơn", "noi-vu", False, None),
    ("cv.tp", "officer", "Đỗ Minh Tâm", "tu-phap", False, "tam@tamduong.test"),
    ("nguoi.xem", "viewer", None, None, False, None),
)
PASSWORD = "mat-khau-1234"
HASH = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")


def add_people(rt) -> None:
    """Everyone of PEOPLE; an account already there (a fixture's) is given its profile only."""
    with rt.store.write() as conn:
        for name, role, full, unit, head, email in PEOPLE:
            if ustore.get_user_by_name(conn, name) is None:
                ustore.add_user(conn, name, HASH, role, now=rt.now())
            ustore.set_full_name(conn, name, full)
            people.set_profile(conn, name, unit_id=unit, unit_head=head, email=email)


def add_incoming(rt, *, deadline: date | None, title: str = "Đề nghị báo cáo công tác cải cách hành chính"):
    """A công văn from the province asking for something by `deadline` (in its fields)."""
    doc = add_document(
        rt,
        title=title,
        number_symbol="2775/SNV-CCHC",
        issuer="Sở Nội vụ tỉnh Lai Châu",
        doc_type="Công văn",
        issue_date=date(2026, 2, 26),
    )
    if deadline is not None:
        from service.store import documents as docs

        with rt.store.write() as conn:
            row = docs.get_document(conn, doc.id)
            fields = docs.document_fields(row)
            fields.deadlines = [
                Deadline(date_or_rule="trước ngày", date=date(2026, 1, 10), what="tham khảo"),  # a past date
                Deadline(date_or_rule=f"trước ngày {deadline:%d/%m/%Y}", date=deadline, what="báo cáo"),
            ]
            docs.update_fields(conn, doc.id, fields)
    return doc.id


def add_issued(rt, number_symbol: str, *, document_id: int | None, year: int = 2026) -> int:
    """An entry of the outgoing register (as issuance writes it), answering `document_id`."""
    now = rt.now()
    with rt.store.write() as conn:
        draft = dstore.insert_draft(
            conn,
            dstore.NewDraft(
                kind="reply",
                created_at=now,
                created_by="cv.nv",
                requirement_id=None,
                document_id=document_id,
                period=None,
                context={},
            ),
        )
        number = dstore.next_outgoing_number(conn, year)
        issued = IssuedDocument(
            outgoing_id=0,
            draft_id=draft,
            number=number,
            number_symbol=number_symbol,
            issue_date=now.date().replace(year=year),
            issued_at=now,
            doc_type="Công văn",
            title_summary="V/v báo cáo cải cách hành chính",
            signer_name="Nguyễn Văn An",
            recipients=("Sở Nội vụ",),
            copies=2,
            docx="",
            pdf="",
            demo_certificate=True,
        )
        return dstore.insert_outgoing(
            conn, issued, folder=f"outbox/{year}/{number}", docx_sha256="0" * 64, pdf_sha256="1" * 64
        )


@dataclass
class Office:
    rt: object
    doc_id: int


@pytest.fixture
def handled(office, clock):
    """The office on Monday 2 March 2026, 08:30; a document due Friday 13 March."""
    clock.current = datetime(2026, 3, 2, 8, 30)
    add_people(office)
    return Office(office, add_incoming(office, deadline=date(2026, 3, 13)))
