"""Draft → issue → outbox → archive, end to end through tracking, SQLite, LibreOffice and pyHanko."""

from __future__ import annotations

import json
import subprocess
import threading
from datetime import date, datetime
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader

from service.drafts.issuance import archive_issued, issue_draft, issue_signed, sign_draft
from service.drafts.lifecycle import return_draft
from service.drafts.outbox import read_manifest, sha256_file
from service.drafts.service import create_draft, preview_pdf
from service.drafts.sign import verify_pdf, verify_signatures
from service.errors import VanthuError
from service.models import DraftStatus, SignerProfile
from service.store.audit import list_audit
from service.store.drafts import get_draft, list_drafts, list_outgoing, next_outgoing_number
from tests.drafts.conftest import add_reports, higher_plan, nd30_problems, yearly_report

pytestmark = pytest.mark.both_databases  # tests/conftest.py: on SQLite and on PostgreSQL

REPORTS_2023 = {
    "noi-vu": (date(2023, 11, 8), "45/BC-PNV"),
    "ban-bo": (date(2023, 11, 13), "12/BC-UBND"),
    "tu-phap": (date(2023, 11, 9), "30/BC-TP"),
}


@pytest.fixture
def office(database_url, open_office):
    """An office on 15/11/2023 with the plan's requirement and three unit reports. The process's
    converter is the session's warm one (the CLI takes it from there)."""
    rt = open_office(database__url=database_url)
    add_reports(rt, rt.requirement_id, "2023", REPORTS_2023)
    return rt


REMINDER = "UBND-LĐTBXH"  # a công văn names its drafting unit: the bureau the reports go through


def docx_of(rt, draft) -> str:
    return str(rt.data_path(draft.docx_path))


def docx_text(path) -> str:
    d = Document(str(path))
    return "\n".join(
        [p.text for p in d.paragraphs] + [c.text for t in d.tables for r in t.rows for c in r.cells]
    )


def test_reminder_and_summary_drafts_from_tracking(office):
    reminder = create_draft(office, "reminder", requirement_id=office.requirement_id, actor="clerk")
    summary = create_draft(office, "summary", requirement_id=office.requirement_id, period="2023")
    assert reminder.kind == "reminder" and reminder.status == DraftStatus.DRAFT
    assert docx_of(office, reminder).endswith("data/drafts/1-reminder.docx")
    for d in (reminder, summary):
        assert nd30_problems(docx_of(office, d)) == []
    text = docx_text(docx_of(office, reminder))
    assert "DỰ THẢO" in text and f"Số:     /{REMINDER}" in text and "Lưu: VT, LĐTBXH." in text
    assert "Phòng Nội vụ:" not in text and "UBND xã Bản Bo:" not in text  # they reported
    assert "- Các cơ quan, ban, ngành huyện;\n- UBND các xã, thị trấn." in text  # 24 units: by group
    assert "UBND xã Thèn Sin: quá hạn 5 ngày (hạn 10/11/2023)" in text
    table = docx_text(docx_of(office, summary))
    assert "Số:     /BC-UBND" in table and "45/BC-PNV" in table and "08/11/2023" in table
    assert "đã gửi: 3 (đúng hạn: 2, chậm hạn: 1); chưa gửi: 24" in table
    assert "ỦY BAN NHÂN DÂN TỈNH LAI CHÂU" not in table  # an Ủy ban prints no parent body's line
    assert summary.basis["units"]["noi-vu"]["number_symbol"] == "45/BC-PNV"
    with office.store.read() as conn:
        audit = list_audit(conn, "draft")
    assert [a.action for a in audit] == ["draft_create", "draft_create"] and audit[0].actor == "clerk"


def test_unknown_requirement_and_period_are_refused(office):
    with pytest.raises(VanthuError) as e:
        create_draft(office, "summary", requirement_id=999)
    assert e.value.code == "requirement_not_found"
    with pytest.raises(VanthuError) as e:
        create_draft(office, "summary", requirement_id=office.requirement_id, period="1999")
    assert e.value.code == "period_not_found"


def test_leader_signs_then_the_van_thu_issues_and_both_signatures_verify(office):
    first = create_draft(office, "reminder", requirement_id=office.requirement_id)
    second = create_draft(office, "summary", requirement_id=office.requirement_id)
    leader = SignerProfile(full_name="Nguyễn Văn Ánh", login="lanh.dao", title="Phó Chủ tịch")
    signed = sign_draft(office, first.id, signer=leader, actor="lanh.dao")
    assert signed.status == DraftStatus.SIGNED and signed.signer_name == "Nguyễn Văn Ánh"
    leader_pdf = office.data_path(signed.signed_pdf)
    only = verify_signatures(leader_pdf)
    assert [c["field"] for c in only] == ["ChuKyLanhDao"] and only[0]["intact"] and only[0]["valid"]
    assert "Nguyễn Văn Ánh" in only[0]["signer"]
    with pytest.raises(VanthuError) as e:  # issuance needs the leader's signature first
        issue_signed(office, second.id, actor="van.thu")
    assert e.value.code == "draft_not_signed"
    a = issue_signed(office, first.id, actor="van.thu")
    office.clock.advance(hours=2)
    b = issue_draft(office, second.id, signer="Nguyễn Văn Ánh", actor="leader")
    assert (a.number_symbol, b.number_symbol) == (f"01/{REMINDER}", "02/BC-UBND")
    assert a.issue_date.isoformat() == b.issue_date.isoformat() == "2023-11-15" and a.demo_certificate is True
    assert a.copies == 24 + 2  # each of the 24 units its copy, and the file copies (VT, LĐTBXH)
    final = docx_text(b.docx)
    assert "Số: 02/BC-UBND" in final and "DỰ THẢO" not in final
    assert "Tam Đường, ngày 15 tháng 11 năm 2023" in final and "Nguyễn Văn Ánh" in final
    assert "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH" in docx_text(a.docx)  # the authority from the signer's title
    assert nd30_problems(b.docx) == []
    for issued in (a, b):
        checks = verify_signatures(issued.pdf)
        assert [c["field"] for c in checks] == ["ChuKyLanhDao", "ChuKyCoQuan"], checks
        assert all(c["intact"] and c["valid"] for c in checks), checks
        # the leader's signature covers its revision; what came after (number, day, the office's
        # signature) is a permitted change; the office's covers the whole file
        assert checks[0]["changes_permitted"] and not checks[0]["covers_whole_file"]
        assert checks[1]["covers_whole_file"]
    text = subprocess.run(["pdftotext", a.pdf, "-"], capture_output=True, text=True, check=True).stdout
    assert "Số: 01" in text and "ngày 15 tháng 11 năm 2023" in text  # the blanks filled in
    assert "Thời gian: 2023-11-15T09:00:00+07:00" in text  # the office's clock, ISO 8601
    assert "Ký bởi: Ủy ban nhân dân huyện Tam" in text and "DEMO" in text
    title = PdfReader(b.pdf).metadata.title  # what a PDF viewer shows: the document's own title
    assert title.startswith("Báo cáo") and "Vanthu" not in title
    # The outbox and the register agree, file by file.
    with office.store.read() as conn:
        register = list_outgoing(conn, 2023)
        drafts = {d.id: d for d in list_drafts(conn)}
        audit = [x.action for x in list_audit(conn, "draft")]
    assert [r.number_symbol for r in register] == [f"01/{REMINDER}", "02/BC-UBND"]
    for row, issued in zip(register, (a, b)):
        folder = office.config.outbox / "2023" / row.number_symbol.replace("/", "-")
        assert row.folder == str(folder) and row.id == issued.outgoing_id
        manifest = read_manifest(folder)
        assert manifest["number_symbol"] == row.number_symbol and manifest["signer"] == row.signer
        assert manifest["files"] == {
            f"{folder.name}.docx": row.docx_sha256,
            f"{folder.name}.pdf": row.pdf_sha256,
        }
        assert sha256_file(issued.pdf) == row.pdf_sha256 and sha256_file(issued.docx) == row.docx_sha256
        assert drafts[row.draft_id].status == DraftStatus.ISSUED
        assert drafts[row.draft_id].outgoing_id == row.id
    assert (
        register[1].doc_type == "Báo cáo" and "Ủy ban nhân dân tỉnh Lai Châu (b/c)" in register[1].recipients
    )
    assert register[0].copies == 26
    assert audit.count("draft_issue") == 2 and audit.count("draft_sign") == 2
    with pytest.raises(VanthuError) as e:
        issue_draft(office, first.id, signer="X", actor="leader")
    assert e.value.code == "draft_not_pending"


def test_signature_image_appears_between_the_title_lines_and_the_name(office, tmp_path):
    from PIL import Image, ImageDraw

    from service.drafts.profile import ProfileChange, save_signer_profile
    from service.store.users import add_user

    img = Image.new("RGB", (400, 160), "white")  # a scan on white paper: made transparent
    ImageDraw.Draw(img).line(
        [(20, 120), (90, 30), (160, 130), (260, 40), (380, 110)], fill=(20, 40, 170), width=8
    )
    img.save(tmp_path / "ky.png")
    with office.store.write() as conn:
        add_user(conn, "ct", "x", "leader", now=office.now())
    change = ProfileChange(
        full_name="Lê Văn Bình", title="Chủ tịch", image=(tmp_path / "ky.png").read_bytes()
    )
    profile = save_signer_profile(office, "ct", change, actor="t")
    stored = Image.open(office.data_path(profile.signature_image))
    assert stored.mode == "RGBA" and stored.getpixel((0, 0))[3] == 0  # the white is transparent
    d = create_draft(office, "reminder", requirement_id=office.requirement_id)
    sign_draft(office, d.id, signer=profile, actor="ct")
    issued = issue_signed(office, d.id, actor="van.thu")
    assert "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n" in docx_text(issued.docx)
    import pdfplumber
    from pyhanko.pdf_utils.reader import PdfFileReader

    with open(issued.pdf, "rb") as f:
        sigs = {s.field_name: s for s in PdfFileReader(f).embedded_signatures}
        leader = [float(v) for v in sigs["ChuKyLanhDao"].sig_field["/Rect"]]
        seal = [float(v) for v in sigs["ChuKyCoQuan"].sig_field["/Rect"]]
        ap = sigs["ChuKyLanhDao"].sig_field["/AP"]["/N"]
        assert "/XObject" in ap["/Resources"]  # the signature image is drawn
    with pdfplumber.open(issued.pdf) as pdf:
        page = pdf.pages[-1]
        words = {w["text"]: w for w in page.extract_words()}
        title_bottom = page.height - words["TỊCH"]["bottom"]
        name_top = page.height - words["Bình"]["top"]
    assert name_top < leader[1] < leader[3] < title_bottom + 1  # between the title lines and the name
    width = leader[2] - leader[0]
    overlap = (seal[2] - leader[0]) / width
    assert 0.25 <= overlap <= 0.4 and seal[0] < leader[0]  # the seal a third over it, on its left
    assert abs((seal[2] - seal[0]) - 36 * 72 / 25.4) < 1  # the seal at its true size (36 mm)


def test_a_stale_draft_is_not_signed_until_rebuilt_or_confirmed(office):
    from service.drafts.lifecycle import draft_changes, rebuild_draft

    reminder = create_draft(office, "reminder", requirement_id=office.requirement_id)
    office.clock.advance(minutes=3)  # a commune's report arrives after the reminder was drafted
    add_reports(office, office.requirement_id, "2023", {"then-sin": (date(2023, 11, 15), "15/BC-UBND")})
    with office.store.read() as conn:
        changes = draft_changes(office, conn, get_draft(conn, reminder.id))
    assert [c.text for c in changes] == ["UBND xã Thèn Sin đã nộp báo cáo số 15/BC-UBND ngày 15/11/2023"]
    leader = SignerProfile(full_name="Nguyễn Văn Ánh")
    with pytest.raises(VanthuError) as e:
        sign_draft(office, reminder.id, signer=leader, actor="l")
    assert e.value.code == "draft_stale" and "Thèn Sin" in e.value.detail
    rebuilt = rebuild_draft(office, reminder.id, actor="van.thu")
    assert "Thèn Sin" not in docx_text(docx_of(office, rebuilt))  # only the units that still owe
    with office.store.read() as conn:
        assert draft_changes(office, conn, get_draft(conn, reminder.id)) == []
    # Another arrives; this time the leader keeps the old content, on purpose, and it is recorded.
    add_reports(office, office.requirement_id, "2023", {"ta-leng": (date(2023, 11, 15), "9/BC-UBND")})
    signed = sign_draft(office, reminder.id, signer=leader, actor="l", keep_stale=True)
    assert signed.status == DraftStatus.SIGNED
    with office.store.read() as conn:
        actions = [(a.action, str(a.detail)) for a in list_audit(conn, "draft", reminder.id)]
    assert [a for a, _ in actions] == ["draft_create", "draft_rebuild", "draft_keep_content", "draft_sign"]
    assert "Thèn Sin" in actions[1][1]  # the old content, kept
    assert "Tả Lèng" in actions[2][1]


def test_withdrawn_draft_is_kept_and_cannot_be_signed(office):
    from service.drafts.lifecycle import withdraw_draft

    d = create_draft(office, "summary", requirement_id=office.requirement_id)
    gone = withdraw_draft(office, d.id, reason="Lập nhầm kỳ", actor="van.thu")
    assert gone.status == DraftStatus.WITHDRAWN and gone.comment == "Lập nhầm kỳ"
    with pytest.raises(VanthuError) as e:
        issue_draft(office, d.id, signer="Lê Văn A", actor="l")
    assert e.value.code == "draft_not_pending"
    with office.store.read() as conn:
        assert get_draft(conn, d.id).status == DraftStatus.WITHDRAWN
        assert [a.action for a in list_audit(conn, "draft", d.id)] == ["draft_create", "draft_withdraw"]
    assert Path(docx_of(office, d)).is_file()


def test_series_restarts_each_year(office):
    ids = [create_draft(office, "reminder", requirement_id=office.requirement_id).id for _ in range(3)]
    assert issue_draft(office, ids[0], signer="Lê Văn A", actor="l").number_symbol == f"01/{REMINDER}"
    office.clock.current = datetime(2023, 12, 31, 16, 0)
    assert issue_draft(office, ids[1], signer="Lê Văn A", actor="l").number_symbol == f"02/{REMINDER}"
    office.clock.current = datetime(2024, 1, 2, 8, 0)
    third = issue_draft(office, ids[2], signer="Lê Văn A", actor="l", keep_stale=True)
    assert third.number_symbol == f"01/{REMINDER}" and third.issue_date == date(2024, 1, 2)
    assert f"/outbox/2024/01-{REMINDER}/" in third.pdf
    assert "Tam Đường, ngày 02 tháng 01 năm 2024" in docx_text(third.docx)


def test_a_draft_signed_last_year_is_not_numbered_this_year(office):
    d = create_draft(office, "reminder", requirement_id=office.requirement_id)
    office.clock.current = datetime(2023, 12, 31, 16, 0)
    sign_draft(office, d.id, signer=SignerProfile(full_name="Lê Văn A"), actor="l", keep_stale=True)
    office.clock.current = datetime(2024, 1, 2, 8, 0)
    with pytest.raises(VanthuError) as e:
        issue_signed(office, d.id, actor="van.thu")
    assert e.value.code == "draft_signed_other_year"
    back = return_draft(office, d.id, comment="Ký lại năm 2024", actor="van.thu")
    assert back.status == DraftStatus.RETURNED and back.signed_pdf is None


def test_concurrent_issuance_never_duplicates_a_number(office):
    ids = [create_draft(office, "reminder", requirement_id=office.requirement_id).id for _ in range(4)]
    for i in ids:
        sign_draft(office, i, signer=SignerProfile(full_name="Lê Văn A"), actor="l")
    barrier = threading.Barrier(len(ids))
    results, errors = {}, []

    def issue(draft_id):
        barrier.wait()
        try:
            results[draft_id] = issue_signed(office, draft_id, actor="v").number_symbol
        except Exception as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=issue, args=(i,)) for i in ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert sorted(results.values()) == [f"0{n}/{REMINDER}" for n in range(1, 5)]


def test_number_allocation_is_serialised_between_writers(office):
    """Many writers taking numbers at once (no LibreOffice in the way): each gets its own."""
    from service.models import IssuedDocument
    from service.store.drafts import insert_outgoing

    barrier, taken, errors = threading.Barrier(8), [], []

    def take():
        barrier.wait()
        try:
            with office.store.write() as conn:
                n = next_outgoing_number(conn, 2023)
                issued = IssuedDocument(
                    outgoing_id=0,
                    draft_id=None,
                    number=n,
                    number_symbol=f"{n:02d}/UBND",
                    issue_date=date(2023, 1, 1),
                    issued_at=datetime(2023, 1, 1),
                    doc_type="Công văn",
                    title_summary="x",
                    signer_name="Lê Văn A",
                    recipients=(),
                    copies=1,
                    docx="",
                    pdf="",
                    demo_certificate=True,
                )
                insert_outgoing(conn, issued, folder="", docx_sha256="", pdf_sha256="")
                taken.append(n)
        except Exception as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=take) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and sorted(taken) == list(range(1, 9))


def test_tampered_pdf_fails_verification(office, tmp_path):
    draft = create_draft(office, "reminder", requirement_id=office.requirement_id)
    issued = issue_draft(office, draft.id, signer="Nguyễn Văn Ánh", actor="l")
    data = bytearray(Path(issued.pdf).read_bytes())
    at = data.find(b"/Length")  # a byte inside the signed range (the first object), not the signature
    data[at + 20] ^= 0x01
    bad = tmp_path / "tampered.pdf"
    bad.write_bytes(bytes(data))
    check = verify_pdf(bad)
    assert not (check["intact"] and check["valid"])
    assert not all(c["intact"] and c["valid"] for c in verify_signatures(bad))


def test_configured_certificates_sign_without_demo(open_office, converter, pkcs12):
    env = "VANTHU_TEST_P12_PASSWORD"
    rt = open_office(
        signing__pkcs12=str(pkcs12),
        signing__password_env=env,
        signing__people=[{"user": "lanh.dao", "pkcs12": str(pkcs12), "password_env": env}],
    )
    d = create_draft(rt, "summary", requirement_id=rt.requirement_id)
    leader = SignerProfile(full_name="Nguyễn Văn Thử", login="lanh.dao")
    issued = issue_draft(rt, d.id, signer=leader, actor="l", converter=converter)
    assert issued.demo_certificate is False
    checks = verify_signatures(issued.pdf)
    assert all(c["intact"] and c["valid"] for c in checks) and "Nguyễn Văn Thử" in checks[0]["signer"]
    assert not (rt.config.data / "signing" / "demo-certificate.p12").exists()
    assert not (rt.config.data / "signing" / "people").exists()


def test_return_draft_blocks_issuance(office):
    d = create_draft(office, "summary", requirement_id=office.requirement_id)
    back = return_draft(office, d.id, comment="Bổ sung số liệu quý IV", actor="leader")
    assert back.status == DraftStatus.RETURNED and back.comment == "Bổ sung số liệu quý IV"
    with pytest.raises(VanthuError) as e:
        issue_draft(office, d.id, signer="Lê Văn A", actor="leader")
    assert e.value.code == "draft_not_pending"
    with office.store.read() as conn:
        assert list_outgoing(conn) == [] and get_draft(conn, d.id).status == DraftStatus.RETURNED
        assert [a.action for a in list_audit(conn, "draft", d.id)] == ["draft_create", "draft_return"]
    assert not any((office.config.outbox).rglob("*.pdf"))


def test_preview_pdf_of_a_draft(office):
    d = create_draft(office, "reminder", requirement_id=office.requirement_id)
    pdf = preview_pdf(office, d.id)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "DỰ THẢO" in text and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text


def test_archive_moves_and_verifies(office):
    ids = [create_draft(office, "reminder", requirement_id=office.requirement_id).id for _ in range(2)]
    a = issue_draft(office, ids[0], signer="Lê Văn A", actor="l")
    office.clock.current = datetime(2023, 12, 20, 9)
    b = issue_draft(office, ids[1], signer="Lê Văn A", actor="l", keep_stale=True)
    office.clock.current = datetime(2024, 1, 5, 9)
    moved = archive_issued(office, date(2023, 12, 1))
    folder = f"01-{REMINDER}"
    assert moved == [office.config.archive / "2024-01-05" / "2023" / folder]
    assert (moved[0] / f"{folder}.pdf").is_file() and not (office.config.outbox / "2023" / folder).exists()
    with office.store.read() as conn:
        rows = {r.number_symbol: r for r in list_outgoing(conn)}
    assert rows[f"01/{REMINDER}"].status == "archived" and rows[f"01/{REMINDER}"].folder == str(moved[0])
    assert rows[f"02/{REMINDER}"].status == "issued"
    # A changed file stops the archive: the folder stays where it is.
    with open(b.docx, "ab") as f:
        f.write(b"\0")
    with pytest.raises(VanthuError) as e:
        archive_issued(office, date(2024, 1, 1))
    assert e.value.code == "hash_mismatch"
    assert (office.config.outbox / "2023" / f"02-{REMINDER}").is_dir() and a.number_symbol == f"01/{REMINDER}"


def test_cli_draft_edit_rebuild_withdraw_issue_outgoing(office):
    from click.testing import CliRunner

    from service.cli import main

    runner = CliRunner()
    cfg = str(office.config.path)

    def run(*args):
        result = runner.invoke(main, ["--config", cfg, *args], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return result.output

    # The CLI uses the real clock: issue in the current year.
    reminder = json.loads(run("draft", "reminder", "--requirement", str(office.requirement_id), "--json"))
    summary = json.loads(
        run("draft", "summary", "--requirement", str(office.requirement_id), "--period", "2023", "--json")
    )
    assert {"id", "kind", "docx", "xlsx", "stale"} <= set(summary) and summary["stale"] is False
    assert (
        summary["kind"] == "summary" and Path(summary["xlsx"]).is_file() and Path(summary["docx"]).is_file()
    )
    listed = [json.loads(x) for x in run("drafts", "--json").splitlines()]
    assert [(d["id"], d["kind"], d["status"], d["stale"]) for d in listed] == [
        (reminder["id"], "reminder", "draft", False),
        (summary["id"], "summary", "draft", False),
    ]
    body = (
        "I. TÌNH HÌNH\nCác đơn vị đã gửi đủ.\n[BẢNG 1]\n- Ý thứ nhất;\n- Ý thứ hai.\nTrên đây là báo cáo./."
    )
    edited = json.loads(run("draft", "edit", str(summary["id"]), "--text", body, "--json"))
    assert edited["status"] == "draft"
    doc = Document(edited["docx"])
    texts = [p.text for p in doc.paragraphs]
    assert "- Ý thứ nhất;" in texts and "Các đơn vị đã gửi đủ." in texts and len(doc.tables) == 3
    rebuilt = json.loads(run("draft", "rebuild", str(summary["id"]), "--json"))
    assert "Các đơn vị đã gửi đủ." not in docx_text(rebuilt["docx"])
    withdrawn = json.loads(run("draft", "withdraw", str(summary["id"]), "--reason", "thừa", "--json"))
    assert withdrawn["status"] == "withdrawn"
    issued = json.loads(run("issue", str(reminder["id"]), "--signer", "Nguyễn Văn Ánh", "--json"))
    from service.runtime import office_clock

    year = office_clock(office.config.utc_offset_hours)().year  # the office's year, not the server's
    assert issued["number_symbol"] == f"01/{REMINDER}" and issued["copies"] >= 3
    assert {"number_symbol", "date", "docx", "pdf", "recipients"} <= set(issued)
    lines = [json.loads(x) for x in run("outgoing", "--json").splitlines()]
    assert [(x["number_symbol"], x["year"]) for x in lines] == [(f"01/{REMINDER}", year)]
    refused = runner.invoke(main, ["--config", cfg, "issue", str(reminder["id"]), "--signer", "A"])
    assert refused.exit_code != 0 and "draft_not_pending" in refused.output


def _register(rt, fields, *, sender_unit_id=None, sha="a" * 64) -> int:
    from service.models import ReadResult
    from service.store.documents import NewDocument, insert_document

    doc = NewDocument(
        arrived_at=rt.now(),
        file_name="x.pdf",
        source_path="/inbox/x.pdf",
        sha256=sha,
        size=1,
        original_path="originals/x.pdf",
        sender_unit_id=sender_unit_id,
        read=ReadResult(text="", format="pdf_text"),
        fields=fields,
    )
    with rt.store.write() as conn:
        return insert_document(conn, doc).id


def test_plan_and_reply_drafts_from_registered_documents(office):
    from service.models import Fields

    higher = higher_plan(
        yearly_report("báo cáo kết quả thực hiện", ["co-quan-huyen", "ubnd-xa"]),
        title="Thực hiện phong trào thi đua giai đoạn 2022-2025",
    )
    plan = create_draft(office, "plan", document_id=_register(office, higher))
    text = docx_text(docx_of(office, plan))
    assert nd30_problems(docx_of(office, plan)) == []
    assert "Căn cứ Kế hoạch số 2282/KH-UBND ngày 01/7/2022 của UBND tỉnh Lai Châu" in text
    assert f"trước ngày {10 - office.config.plan_margin_days:02d} tháng 11 hằng năm" in text
    assert "Số:     /KH-UBND" in text and "KẾ HOẠCH" in text
    asked = Fields(
        doc_type="Công văn",
        number_symbol="15/BC-PNV",
        issue_date=date(2023, 11, 2),
        issuer="PHÒNG NỘI VỤ",
        title_summary="V/v đề nghị bổ sung biên chế",
    )
    reply = create_draft(
        office, "reply", document_id=_register(office, asked, sender_unit_id="noi-vu", sha="b" * 64)
    )
    text = docx_text(docx_of(office, reply))
    assert nd30_problems(docx_of(office, reply)) == []
    assert "Kính gửi: Phòng Nội vụ" in text and "V/v đề nghị bổ sung biên chế" in text
    assert "Phúc đáp Công văn số 15/BC-PNV ngày 02/11/2023 của Phòng Nội vụ" in text
    with pytest.raises(VanthuError) as e:
        create_draft(office, "reply", document_id=404)
    assert e.value.code == "document_not_found"


def test_a_reply_is_signed_only_once_its_content_is_written_and_a_returned_draft_can_be_mended(office):
    from service.drafts.service import edit_draft, placeholders
    from service.models import Fields
    from service.store import drafts as dstore

    asked = Fields(
        doc_type="Công văn",
        number_symbol="15/BC-PNV",
        issue_date=date(2023, 11, 2),
        issuer="PHÒNG NỘI VỤ",
        title_summary="V/v đề nghị bổ sung biên chế",
    )
    asked_id = _register(office, asked, sender_unit_id="noi-vu", sha="c" * 64)
    reply = create_draft(office, "reply", document_id=asked_id)
    with office.store.read() as conn:
        assert placeholders(dstore.get_draft(conn, reply.id).context)
    with pytest.raises(VanthuError) as e:
        issue_draft(office, reply.id, signer="Nguyễn Văn Ánh", actor="leader")
    assert e.value.code == "draft_placeholder"
    for login in ("lanh.dao", "", "An", "Nguyễn 2"):  # a login name, nothing, one word, digits
        with pytest.raises(VanthuError) as e:
            issue_draft(office, reply.id, signer=login, actor="leader")
        assert e.value.code == "signer_invalid"
    return_draft(office, reply.id, comment="Bổ sung nội dung", actor="leader")
    from service.drafts.body import body_text

    entry_before = reply.context
    written = body_text(entry_before).replace(
        "[Nội dung phúc đáp: ý kiến của cơ quan đối với từng nội dung đề nghị tại văn bản nêu trên.]",
        "UBND huyện thống nhất bổ sung 02 biên chế cho Phòng Nội vụ.\nGiao Phòng Nội vụ hoàn thiện hồ sơ."
        "\n\nĐề nghị Phòng Nội vụ báo cáo kết quả.",
    )
    assert written != body_text(entry_before)
    entry = edit_draft(office, reply.id, text=written, actor="van.thu")
    assert entry.status == DraftStatus.DRAFT and entry.comment is None  # awaiting signature again
    text = docx_text(docx_of(office, reply))
    assert "thống nhất bổ sung 02 biên chế" in text and "hoàn thiện hồ sơ" in text and "[" not in text
    paragraphs = [p.text for p in Document(docx_of(office, reply)).paragraphs]
    assert "Giao Phòng Nội vụ hoàn thiện hồ sơ." in paragraphs  # each line typed is a paragraph
    assert "Đề nghị Phòng Nội vụ báo cáo kết quả." in paragraphs
    issued = issue_draft(office, reply.id, signer="Nguyễn Văn Ánh", actor="leader")
    assert issued.number_symbol.endswith("/UBND-VP")  # drafted by the office's Văn phòng
    from service.store.followups import followup_register

    with office.store.read() as conn:  # the follow-up register shows the answer to the incoming document
        answered = [r for r in followup_register(conn) if r.document_id == asked_id]
    assert [(r.answer_number_symbol, r.progress) for r in answered] == [(issued.number_symbol, "Đã trả lời")]
    # an incoming document already followed (a deadline, no units' reports) is settled by its answer
    from service.store.followups import NewFollowup, add_followup, set_followup_answer

    other = _register(office, asked, sender_unit_id="noi-vu", sha="e" * 64)
    with office.store.write() as conn:
        add_followup(
            conn,
            NewFollowup(
                document_id=other,
                requirement_id=None,
                receiving_unit="Phòng Nội vụ",
                deadline=date(2023, 12, 1),
                progress="Chưa giải quyết",
            ),
        )
        set_followup_answer(conn, other, "05/UBND", None, now=office.now(), actor="test")
    with office.store.read() as conn:
        rows = [r for r in followup_register(conn) if r.document_id == other]
    assert [(r.answer_number_symbol, r.progress) for r in rows] == [("05/UBND", "Đã trả lời")]
    with pytest.raises(VanthuError) as e:
        edit_draft(office, reply.id, title_summary="x", text="Nội dung.", actor="van.thu")
    assert e.value.code == "draft_not_editable"


def test_a_reply_to_a_document_whose_number_was_not_read_is_not_signed(office):
    from service.models import Fields

    unread = Fields(
        doc_type="Công văn",
        number_symbol=None,
        issue_date=None,
        issuer="PHÒNG NỘI VỤ",
        title_summary="V/v đề nghị bổ sung biên chế",
    )
    reply = create_draft(
        office, "reply", document_id=_register(office, unread, sender_unit_id="noi-vu", sha="d" * 64)
    )
    from service.drafts.body import body_text
    from service.drafts.service import edit_draft

    text = body_text(reply.context).replace(
        "[Nội dung phúc đáp: ý kiến của cơ quan đối với từng nội dung đề nghị tại văn bản nêu trên.]",
        "UBND huyện thống nhất.",
    )
    edit_draft(office, reply.id, text=text, actor="van.thu")
    with pytest.raises(VanthuError) as e:
        issue_draft(office, reply.id, signer="Nguyễn Văn Ánh", actor="leader")
    assert e.value.code == "draft_placeholder" and "số, ký hiệu, ngày tháng" in e.value.detail


def test_signing_status_says_demo_plainly(office):
    from service.drafts.issuance import signing_status

    status = signing_status(office)
    assert status["demo"] is True and "THỬ NGHIỆM" in status["message"]


def test_a_folder_left_by_an_interrupted_issuance_does_not_block_the_series(office):
    leftover = office.config.outbox / "2023" / f"01-{REMINDER}"
    leftover.mkdir(parents=True)
    (leftover / f"01-{REMINDER}.pdf").write_bytes(b"half written")
    d = create_draft(office, "reminder", requirement_id=office.requirement_id)
    issued = issue_draft(office, d.id, signer="Lê Văn A", actor="l")
    assert issued.number_symbol == f"01/{REMINDER}" and verify_pdf(issued.pdf)["intact"]
    orphans = [p.name.startswith(f".orphan-01-{REMINDER}") for p in (office.config.outbox / "2023").iterdir()]
    assert orphans.count(True) == 1


def test_no_reminder_when_nobody_owes(office):
    office.clock.current = datetime(2023, 9, 1, 9)  # two months before the due date: nothing due soon
    with pytest.raises(VanthuError) as e:
        create_draft(office, "reminder", requirement_id=office.requirement_id, period="2023")
    assert e.value.code == "nothing_to_remind"


def test_cli_lists_what_changed_and_edits_from_a_file(office, tmp_path):
    from click.testing import CliRunner

    from service.cli import main

    def run(*args):
        result = CliRunner().invoke(
            main, ["--config", str(office.config.path), *args], catch_exceptions=False
        )
        assert result.exit_code == 0, result.output
        return result.output

    # the command line runs on the real clock: the reminder is for the period it picks
    reminder = json.loads(run("draft", "reminder", "--requirement", str(office.requirement_id), "--json"))
    period = reminder["period"]
    add_reports(office, office.requirement_id, period, {"then-sin": (date(2023, 11, 15), "15/BC-UBND")})
    [listed] = [json.loads(x) for x in run("drafts", "--json").splitlines()]
    assert (listed["id"], listed["stale"]) == (reminder["id"], True)
    assert listed["changes"] == ["UBND xã Thèn Sin đã nộp báo cáo số 15/BC-UBND ngày 15/11/2023"]
    body = tmp_path / "noi-dung.txt"
    body.write_text("Kính gửi các đơn vị.\n- Ý thứ nhất;\nĐề nghị gửi báo cáo đúng hạn./.", encoding="utf-8")
    edited = json.loads(run("draft", "edit", str(reminder["id"]), "--text-file", str(body), "--json"))
    texts = [p.text for p in Document(edited["docx"]).paragraphs]
    assert "- Ý thứ nhất;" in texts and "Đề nghị gửi báo cáo đúng hạn./." in texts
