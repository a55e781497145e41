"""edXML in: a message dropped in the inbox is registered from its header, its attachments kept and
read like any file; revocations, updates and replacements act on their entry; hostile messages end
in quarantine with their reason; statuses go back to the sender."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date

import pytest

from service.exchange.codes import BusinessType
from service.exchange.message import Business, Organ
from service.ingest.files import sha256_file
from service.store import exchange as xs
from service.store.audit import list_audit
from service.store.documents import document_fields, get_document
from tests.conftest import quarantine_rows, register_rows
from tests.exchange.conftest import drop
from tests.exchange.messages import COMMUNE, DISTRICT, PROVINCE, PROVINCE_NAME, document_message, header


def _journal(rt, direction=None):
    with rt.store.read() as conn:
        return xs.list_journal(conn, direction)


def _entry(rt, doc_id):
    with rt.store.read() as conn:
        return xs.received_entry(conn, doc_id)


@pytest.mark.both_databases
def test_a_message_is_registered_from_its_header_with_its_signed_pdf_read(district, signed_letter):
    out = drop(district, "cv-12.edxml", document_message(header(), {"12-UBND-VP.pdf": signed_letter}))
    assert out.status == "registered", out
    row = register_rows(district)[0]
    assert (row.so_den, row.number_symbol, row.issue_date) == (1, "12/UBND-VP", date(2026, 3, 2))
    assert row.issuer == PROVINCE_NAME  # by its code, from the directory
    assert (row.doc_type, row.title_summary) == ("Công văn", "V/v báo cáo kết quả phong trào thi đua")
    assert row.format == "edxml" and "Để tổng hợp báo cáo Bộ Nội vụ" in row.text
    fields = document_fields(row)
    assert (fields.place, fields.signer_name, fields.signer_title) == (
        "Lai Châu",
        "Nguyễn Văn Bình",
        "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH",
    )
    assert fields.urgency == "Khẩn"
    assert date(2026, 3, 20) in [d.date for d in fields.deadlines]
    assert not [w for w in fields.warnings if "khác với" in w]  # header and text agree
    sigs = json.loads(row.signatures_json)
    assert len(sigs) == 1 and sigs[0]["intact"] is True and sigs[0]["signer_name"] == "Nguyễn Văn Bình"
    # the message and its attachment are originals, byte for byte
    entry = _entry(district, row.id)
    assert (
        entry.sender_code == PROVINCE
        and entry.receiver_code == DISTRICT
        and entry.due_date == date(2026, 3, 20)
    )
    (att,) = entry.attachments
    assert att.role == "main" and att.name == "12-UBND-VP.pdf"
    assert sha256_file(district.data_path(att.original_path))[0] == att.sha256
    assert district.data_path(att.original_path).read_bytes() == signed_letter
    assert sha256_file(district.data_path(row.original_path))[0] == row.sha256
    # 01 (arrived) and 03 (registered) wait to go back to the province
    sent = [(m.kind, m.status_code, m.peer_code, m.state) for m in _journal(district, "out")]
    assert sent == [("status", "01", PROVINCE, "pending"), ("status", "03", PROVINCE, "pending")]
    assert "\x00" not in row.text
    assert not list(district.config.inbox.iterdir())


def test_the_clerk_is_warned_when_header_and_text_disagree(district, signed_letter):
    h = header(number="13", on=date(2026, 3, 3))
    drop(district, "cv.edxml", document_message(h, {"cv.pdf": signed_letter}))
    row = register_rows(district)[0]
    assert row.number_symbol == "13/UBND-VP" and row.issue_date == date(2026, 3, 3)  # the header's
    warnings = json.loads(row.warnings_json)
    assert any("13/UBND-VP" in w and "12/UBND-VP" in w for w in warnings)
    assert any("03/03/2026" in w and "02/03/2026" in w for w in warnings)


def test_zipped_attachments_are_opened_and_an_appendix_is_kept_too(district, signed_letter):
    files = {"cv.pdf": signed_letter, "phu-luc.txt": "Phụ lục: danh sách đơn vị khen thưởng".encode()}
    assert drop(district, "cv.xml", document_message(header(), files, zipped=True)).status == "registered"
    row = register_rows(district)[0]
    entry = _entry(district, row.id)
    assert [(a.name, a.role) for a in entry.attachments] == [("cv.pdf", "main"), ("phu-luc.txt", "appendix")]
    assert "danh sách đơn vị khen thưởng" in row.text
    assert json.loads(row.signatures_json)[0]["intact"] is True


def test_a_message_from_a_unit_with_a_code_is_that_units(district, signed_letter):
    h = header(sender=Organ(COMMUNE, "UBND xã Bản Bo"), number="05", notation="BC-UBND")
    drop(district, "bc.edxml", document_message(h, {"bc.pdf": signed_letter}))
    row = register_rows(district)[0]
    assert row.sender_unit_id == "ban-bo" and row.issuer == "UBND xã Bản Bo"


def _zip_bomb() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("cv.pdf", b"\0" * (300 * 2**20))
    return buf.getvalue()


@pytest.mark.parametrize(
    ("make", "code", "told"),
    [
        (lambda pdf: document_message(header(), {"cv.pdf.zip": _zip_bomb()}), "zip_bomb", True),
        (
            lambda pdf: document_message(header(), {"cv.pdf": pdf}).replace(
                b"ContentTransferEncoded>JVBER", b"ContentTransferEncoded>*VBER"
            ),
            "edxml_not_base64",
            True,
        ),
        (lambda pdf: document_message(header(to="000.00.99.H29"), {"cv.pdf": pdf}), "edxml_not_ours", False),
        (
            lambda pdf: (
                b'<?xml version="1.0"?><!DOCTYPE edXML [<!ENTITY x SYSTEM "file:///etc/passwd">]><edXML>&x;</edXML>'
            ),
            "edxml_dtd",
            False,
        ),
        (
            lambda pdf: document_message(header(number="", notation=""), {"cv.pdf": pdf}),
            "edxml_invalid",
            True,  # who sent it is readable: told that its header lacks the number
        ),
        (lambda pdf: document_message(header(), {"cv.pdf": b"%PDF-1.7 broken"}), "corrupt_pdf", True),
    ],
    ids=["zip-bomb", "not-base64", "another-office", "dtd", "no-number", "unreadable-pdf"],
)
def test_hostile_messages_are_quarantined_with_their_reason(district, signed_letter, make, code, told):
    data = make(signed_letter)
    out = drop(district, "goi-tin.edxml", data)
    assert (out.status, out.code) == ("quarantined", code)
    (q,) = quarantine_rows(district)
    assert q["code"] == code and q["message"]
    assert district.data_path(q["stored_path"]).read_bytes() == data  # kept byte for byte
    assert (district.data_path(q["stored_path"] + ".ly-do.txt")).is_file()
    assert register_rows(district) == []
    refused = [m for m in _journal(district, "out") if m.status_code == "02"]
    assert bool(refused) is told
    if told:  # the sender learns why
        assert refused[0].peer_code == PROVINCE and refused[0].description.startswith("Từ chối tiếp nhận:")


def test_the_same_document_sent_twice_is_registered_once(district, signed_letter):
    first = document_message(header(), {"cv.pdf": signed_letter})
    again = first.replace(b"2026/03/02 09:00:00", b"2026/03/02 09:05:00")  # another hop, same document
    assert drop(district, "a.edxml", first).status == "registered"
    out = drop(district, "b.edxml", again)
    assert (out.status, out.code) == ("quarantined", "duplicate")
    assert "số đến 1/2026" in out.message


def test_revocation_marks_the_entry_and_update_changes_it(district, signed_letter):
    h = header()
    drop(district, "cv.edxml", document_message(h, {"cv.pdf": signed_letter}))
    doc_id = register_rows(district)[0].id
    updated = header(subject="V/v báo cáo kết quả phong trào thi đua năm 2025 (sửa trích yếu)")
    out = drop(
        district,
        "sua.edxml",
        document_message(
            updated,
            {"cv.pdf": signed_letter},
            business=Business(h.document_id, BusinessType.UPDATE, "Sửa trích yếu"),
        ),
    )
    assert (out.status, out.document_id) == ("applied", doc_id)
    with district.store.read() as conn:
        row = get_document(conn, doc_id)
        audit = list_audit(conn, "document", doc_id)
    assert row.title_summary.endswith("(sửa trích yếu)")
    assert any(a.action == "exchange_updated" for a in audit)
    revoke = document_message(h, {}, business=Business(h.document_id, BusinessType.REVOKE, "Ban hành nhầm"))
    assert drop(district, "thu-hoi.edxml", revoke).status == "applied"
    rows = register_rows(district)
    assert len(rows) == 1 and rows[0].status == "revoked"  # marked, not deleted
    assert _entry(district, doc_id).state == "revoked"
    assert [m.status_code for m in _journal(district, "out")] == ["01", "03", "15", "15"]


def test_replacement_registers_the_new_and_marks_the_old(district, signed_letter):
    old = header()
    drop(district, "cv.edxml", document_message(old, {"cv.pdf": signed_letter}))
    new = header(number="14", on=date(2026, 3, 4))
    business = Business(
        new.document_id, BusinessType.REPLACE, "Thay thế công văn 12", replaces=(old.document_id,)
    )
    assert (
        drop(
            district,
            "thay.edxml",
            document_message(new, {"cv.pdf": signed_letter + b"\n"}, business=business),
        ).status
        == "registered"
    )
    first, second = register_rows(district)
    assert first.status == "replaced" and second.number_symbol == "14/UBND-VP"
    assert _entry(district, first.id).replaced_by == second.id


def test_a_revocation_for_an_unknown_entry_is_quarantined(district):
    h = header()
    revoke = document_message(h, {}, business=Business(h.document_id, BusinessType.REVOKE, "Nhầm"))
    out = drop(district, "thu-hoi.edxml", revoke)
    assert (out.status, out.code) == ("quarantined", "edxml_unknown_target")


def test_refusing_a_received_document_tells_its_sender(district, signed_letter):
    from service.exchange.actions import refuse_document

    drop(district, "cv.edxml", document_message(header(), {"cv.pdf": signed_letter}))
    doc_id = register_rows(district)[0].id
    refuse_document(district, doc_id, "Văn bản gửi nhầm cơ quan", actor="clerk")
    (m,) = [m for m in _journal(district, "out") if m.status_code == "02"]
    assert (m.peer_code, m.description) == (PROVINCE, "Văn bản gửi nhầm cơ quan")
    assert register_rows(district)[0].status == "refused"


def test_extract_prints_a_messages_fields_like_any_documents(district, signed_letter, tmp_path):
    from click.testing import CliRunner

    from service.cli import main

    path = tmp_path / "cv.edxml"
    path.write_bytes(document_message(header(number="13"), {"cv.pdf": signed_letter}))
    result = CliRunner().invoke(main, ["--config", str(district.config.path), "extract", "--json", str(path)])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert (out["number_symbol"], out["issue_date"], out["doc_type"], out["format"]) == (
        "13/UBND-VP",
        "2026-03-02",
        "Công văn",
        "edxml",
    )
    assert out["signatures"][0]["intact"] is True and out["edxml"]["from"]["code"] == PROVINCE
    assert any("12/UBND-VP" in w for w in out["warnings"])
    assert register_rows(district) == []  # nothing registered


def test_handling_steps_send_their_statuses_once_even_after_a_crash(district, signed_letter, monkeypatch):
    """Assigned → 04, taken up → 05, done → 06, by the handling hook; a step committed while no
    listener ran (the process ended after the commit) is found by the next exchange round."""
    from service.exchange.handling import catch_up
    from service.handling import actions, hooks
    from service.store import handling as hstore

    drop(district, "cv.edxml", document_message(header(), {"cv.pdf": signed_letter}))
    doc_id = register_rows(district)[0].id
    with district.store.read() as conn:
        op = actions.actor_of(conn, "cli", operator=True)
    monkeypatch.setattr(hooks, "_loaded", [])  # the listener never ran: a crash after the commit
    actions.present(district, op, doc_id)
    actions.direct(district, op, doc_id, actions.Direction("Giao Phòng Nội vụ tham mưu.", lead="unit:noi-vu"))
    assert [m.status_code for m in _journal(district, "out")] == ["01", "03"]
    assert catch_up(district) == 1 and catch_up(district) == 0
    monkeypatch.undo()  # the listener is back
    with district.store.read() as conn:
        (lead,) = hstore.assignments_of(conn, doc_id)
    actions.mark_done(district, op, lead.id, note="Đã báo cáo tỉnh")
    assert catch_up(district) == 0
    assert [m.status_code for m in _journal(district, "out")] == ["01", "03", "04", "05", "06"]
