"""Draft → issue → outbox → archive, end to end through tracking, SQLite, LibreOffice and pyHanko."""

from __future__ import annotations

import json
import re
import subprocess
import threading
from datetime import date, datetime
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader

from service.drafts import pdf as pdf_module
from service.drafts.outbox import read_manifest, sha256_file
from service.drafts.service import archive_issued, create_draft, issue_draft, preview_pdf, return_draft
from service.drafts.sign import verify_pdf
from service.errors import VanthuError
from service.runtime import open_runtime
from service.store.audit import list_audit
from service.store.drafts import get_draft, list_drafts, list_outgoing, next_outgoing_number
from tests.conftest import FakeClock, write_office_config
from tests.drafts.conftest import add_plan_requirement, add_reports, nd30_problems

pytestmark = pytest.mark.both_databases  # tests/conftest.py: on SQLite and on PostgreSQL

REPORTS_2023 = {
    "noi-vu": (date(2023, 11, 8), "45/BC-PNV"),
    "ban-bo": (date(2023, 11, 13), "12/BC-UBND"),
    "tu-phap": (date(2023, 11, 9), "30/BC-TP"),
}


@pytest.fixture
def office(tmp_path, converter, monkeypatch, database_url):
    """An office on 15/11/2023 with the plan's requirement and three unit reports. The process's
    converter is the session's warm one (the CLI takes it from there)."""
    monkeypatch.setattr(pdf_module, "_shared", converter)
    clock = FakeClock(datetime(2023, 11, 15, 9, 0))
    rt = open_runtime(write_office_config(tmp_path, database__url=database_url), clock=clock)
    rid = add_plan_requirement(rt)
    add_reports(rt, rid, "2023", REPORTS_2023)
    rt.requirement_id = rid
    yield rt
    rt.store.dispose()


def docx_text(path) -> str:
    d = Document(str(path))
    return "\n".join(
        [p.text for p in d.paragraphs] + [c.text for t in d.tables for r in t.rows for c in r.cells]
    )


def test_reminder_and_summary_drafts_from_tracking(office):
    reminder = create_draft(office, "reminder", requirement_id=office.requirement_id, actor="clerk")
    summary = create_draft(office, "summary", requirement_id=office.requirement_id, period="2023")
    assert reminder["kind"] == "reminder" and reminder["docx"].endswith("data/drafts/1-reminder.docx")
    for d in (reminder, summary):
        assert nd30_problems(d["docx"]) == []
    text = docx_text(reminder["docx"])
    assert "DỰ THẢO" in text and "Số:     /UBND" in text
    assert "Phòng Nội vụ:" not in text and "UBND xã Bản Bo:" not in text  # they reported
    assert "- Các cơ quan, ban, ngành huyện;\n- UBND các xã, thị trấn." in text  # 24 units: by group
    assert "UBND xã Thèn Sin: quá hạn 5 ngày (hạn 10/11/2023)" in text
    table = docx_text(summary["docx"])
    assert "Số:     /BC-UBND" in table and "45/BC-PNV" in table and "08/11/2023" in table
    assert "đã gửi: 3 (đúng hạn: 2, chậm hạn: 1); chưa gửi: 24" in table
    with office.store.read() as conn:
        audit = list_audit(conn, "draft")
    assert [a["action"] for a in audit] == ["draft_create", "draft_create"] and audit[0]["actor"] == "clerk"


def test_unknown_requirement_and_period_are_refused(office):
    with pytest.raises(VanthuError) as e:
        create_draft(office, "summary", requirement_id=999)
    assert e.value.code == "requirement_not_found"
    with pytest.raises(VanthuError) as e:
        create_draft(office, "summary", requirement_id=office.requirement_id, period="1999")
    assert e.value.code == "period_not_found"


def test_issue_numbers_signs_and_registers(office):
    first = create_draft(office, "reminder", requirement_id=office.requirement_id)
    second = create_draft(office, "summary", requirement_id=office.requirement_id)
    a = issue_draft(office, first["id"], signer="Nguyễn Văn Ánh", actor="leader")
    office.clock.advance(hours=2)
    b = issue_draft(office, second["id"], signer="Nguyễn Văn Ánh", actor="leader")
    assert (a["number_symbol"], b["number_symbol"]) == ("01/UBND", "02/BC-UBND")
    assert a["date"] == b["date"] == "2023-11-15" and a["demo_certificate"] is True
    final = docx_text(b["docx"])
    assert "Số: 02/BC-UBND" in final and "DỰ THẢO" not in final
    assert "Tam Đường, ngày 15 tháng 11 năm 2023" in final and "Nguyễn Văn Ánh" in final
    assert nd30_problems(b["docx"]) == []
    for issued in (a, b):
        check = verify_pdf(issued["pdf"])
        assert check["intact"] and check["valid"] and check["covers_whole_file"], check
    stamp = subprocess.run(["pdftotext", b["pdf"], "-"], capture_output=True, text=True, check=True).stdout
    assert "Ký bởi: Nguyễn Văn Ánh" in stamp and "Cơ quan: Ủy ban nhân dân huyện Tam Đường" in stamp
    assert "DEMO" in stamp
    # the stamp's time is the office clock's, the one that dated the document ("ngày 15 tháng 11 năm 2023")
    assert re.search(r"Thời gian: 15/11/2023 \d\d:\d\d:\d\d", stamp), stamp
    title = PdfReader(b["pdf"]).metadata.title  # what a PDF viewer shows: the document's own title
    assert title.startswith("Báo cáo") and "Vanthu" not in title
    # The outbox and the register agree, file by file.
    with office.store.read() as conn:
        register = list_outgoing(conn, 2023)
        drafts = {d["id"]: d for d in list_drafts(conn)}
        audit = [x["action"] for x in list_audit(conn, "draft")]
    assert [r["number_symbol"] for r in register] == ["01/UBND", "02/BC-UBND"]
    for row, issued in zip(register, (a, b)):
        folder = office.config.outbox / "2023" / row["number_symbol"].replace("/", "-")
        assert row["folder"] == str(folder)
        manifest = read_manifest(folder)
        assert manifest["number_symbol"] == row["number_symbol"] and manifest["signer"] == row["signer"]
        assert manifest["files"] == {
            f"{folder.name}.docx": row["docx_sha256"],
            f"{folder.name}.pdf": row["pdf_sha256"],
        }
        assert (
            sha256_file(issued["pdf"]) == row["pdf_sha256"]
            and sha256_file(issued["docx"]) == row["docx_sha256"]
        )
        assert (
            drafts[row["draft_id"]]["status"] == "issued"
            and drafts[row["draft_id"]]["outgoing_id"] == row["id"]
        )
    assert register[1]["doc_type"] == "Báo cáo" and "Ủy ban nhân dân tỉnh Lai Châu (b/c)" in json.loads(
        register[1]["recipients_json"]
    )
    assert audit.count("draft_issue") == 2
    with pytest.raises(VanthuError) as e:
        issue_draft(office, first["id"], signer="X", actor="leader")
    assert e.value.code == "draft_not_pending"


def test_series_restarts_each_year(office):
    ids = [create_draft(office, "reminder", requirement_id=office.requirement_id)["id"] for _ in range(3)]
    assert issue_draft(office, ids[0], signer="Lê Văn A", actor="l")["number_symbol"] == "01/UBND"
    office.clock.current = datetime(2023, 12, 31, 16, 0)
    assert issue_draft(office, ids[1], signer="Lê Văn A", actor="l")["number_symbol"] == "02/UBND"
    office.clock.current = datetime(2024, 1, 2, 8, 0)
    third = issue_draft(office, ids[2], signer="Lê Văn A", actor="l")
    assert third["number_symbol"] == "01/UBND" and third["date"] == "2024-01-02"
    assert "/outbox/2024/01-UBND/" in third["pdf"]
    assert "Tam Đường, ngày 02 tháng 01 năm 2024" in docx_text(third["docx"])


def test_concurrent_issuance_never_duplicates_a_number(office):
    ids = [create_draft(office, "reminder", requirement_id=office.requirement_id)["id"] for _ in range(4)]
    barrier = threading.Barrier(len(ids))
    results, errors = {}, []

    def issue(draft_id):
        barrier.wait()
        try:
            results[draft_id] = issue_draft(office, draft_id, signer="Lê Văn A", actor="l")["number_symbol"]
        except Exception as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=issue, args=(i,)) for i in ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert sorted(results.values()) == ["01/UBND", "02/UBND", "03/UBND", "04/UBND"]


def test_number_allocation_is_serialised_between_writers(office):
    """Many writers taking numbers at once (no LibreOffice in the way): each gets its own."""
    from service.store.drafts import insert_outgoing

    barrier, taken, errors = threading.Barrier(8), [], []

    def take():
        barrier.wait()
        try:
            with office.store.write() as conn:
                n = next_outgoing_number(conn, 2023)
                insert_outgoing(
                    conn,
                    year=2023,
                    number=n,
                    number_symbol=f"{n:02d}/UBND",
                    issue_date=date(2023, 1, 1),
                    issued_at=datetime(2023, 1, 1),
                    doc_type="Công văn",
                    title_summary="x",
                    signer="Lê Văn A",
                    recipients=[],
                    copies=1,
                    draft_id=None,
                    folder="",
                    docx_sha256="",
                    pdf_sha256="",
                )
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
    issued = issue_draft(office, draft["id"], signer="Nguyễn Văn Ánh", actor="l")
    data = bytearray(Path(issued["pdf"]).read_bytes())
    at = data.find(b"/Length")  # a byte inside the signed range (the first object), not the signature
    data[at + 20] ^= 0x01
    bad = tmp_path / "tampered.pdf"
    bad.write_bytes(bytes(data))
    check = verify_pdf(bad)
    assert not (check["intact"] and check["valid"])


def test_configured_certificate_signs_without_demo(tmp_path, converter, pkcs12):
    cfg = write_office_config(
        tmp_path / "o", signing__pkcs12=str(pkcs12), signing__password_env="VANTHU_TEST_P12_PASSWORD"
    )
    rt = open_runtime(cfg, clock=FakeClock(datetime(2023, 11, 15, 9)))
    try:
        rid = add_plan_requirement(rt)
        d = create_draft(rt, "summary", requirement_id=rid)
        issued = issue_draft(rt, d["id"], signer="Nguyễn Văn Thử", actor="l", converter=converter)
        assert issued["demo_certificate"] is False
        check = verify_pdf(issued["pdf"])
        assert check["intact"] and check["valid"] and "Nguyễn Văn Thử" in check["signer"]
        assert not (rt.config.data / "signing").exists()
    finally:
        rt.store.dispose()


def test_return_draft_blocks_issuance(office):
    d = create_draft(office, "summary", requirement_id=office.requirement_id)
    back = return_draft(office, d["id"], comment="Bổ sung số liệu quý IV", actor="leader")
    assert back["status"] == "returned" and back["comment"] == "Bổ sung số liệu quý IV"
    with pytest.raises(VanthuError) as e:
        issue_draft(office, d["id"], signer="Lê Văn A", actor="leader")
    assert e.value.code == "draft_not_pending"
    with office.store.read() as conn:
        assert list_outgoing(conn) == [] and get_draft(conn, d["id"])["status"] == "returned"
        assert [a["action"] for a in list_audit(conn, "draft", d["id"])] == ["draft_create", "draft_return"]
    assert not any((office.config.outbox).rglob("*.pdf"))


def test_preview_pdf_of_a_draft(office):
    d = create_draft(office, "reminder", requirement_id=office.requirement_id)
    pdf = preview_pdf(office, d["id"])
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "DỰ THẢO" in text and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text


def test_archive_moves_and_verifies(office):
    ids = [create_draft(office, "reminder", requirement_id=office.requirement_id)["id"] for _ in range(2)]
    a = issue_draft(office, ids[0], signer="Lê Văn A", actor="l")
    office.clock.current = datetime(2023, 12, 20, 9)
    b = issue_draft(office, ids[1], signer="Lê Văn A", actor="l")
    office.clock.current = datetime(2024, 1, 5, 9)
    moved = archive_issued(office, date(2023, 12, 1))
    assert moved == [office.config.archive / "2024-01-05" / "2023" / "01-UBND"]
    assert (moved[0] / "01-UBND.pdf").is_file() and not (office.config.outbox / "2023" / "01-UBND").exists()
    with office.store.read() as conn:
        rows = {r["number_symbol"]: r for r in list_outgoing(conn)}
    assert rows["01/UBND"]["status"] == "archived" and rows["01/UBND"]["folder"] == str(moved[0])
    assert rows["02/UBND"]["status"] == "issued"
    # A changed file stops the archive: the folder stays where it is.
    with open(b["docx"], "ab") as f:
        f.write(b"\0")
    with pytest.raises(VanthuError) as e:
        archive_issued(office, date(2024, 1, 1))
    assert e.value.code == "hash_mismatch"
    assert (office.config.outbox / "2023" / "02-UBND").is_dir() and a["number_symbol"] == "01/UBND"


def test_cli_draft_issue_outgoing(office):
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
    assert set(reminder) == {"id", "kind", "docx"} and summary["kind"] == "summary"
    issued = [
        json.loads(run("issue", str(d["id"]), "--signer", "Nguyễn Văn Ánh", "--json"))
        for d in (reminder, summary)
    ]
    from service.runtime import office_clock

    year = office_clock(office.config.utc_offset_hours)().year  # the office's year, not the server's
    assert [i["number_symbol"] for i in issued] == ["01/UBND", "02/BC-UBND"]
    assert {"number_symbol", "date", "docx", "pdf"} <= set(issued[0])
    lines = [json.loads(x) for x in run("outgoing", "--json").splitlines()]
    assert [(x["number_symbol"], x["year"]) for x in lines] == [("01/UBND", year), ("02/BC-UBND", year)]
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
        return insert_document(conn, doc)["id"]


def test_plan_and_reply_drafts_from_registered_documents(office):
    from service.models import Deadline, Fields

    higher = Fields(
        doc_type="Kế hoạch",
        number_symbol="2282/KH-UBND",
        issue_date=date(2022, 7, 1),
        issuer="UBND tỉnh Lai Châu",
        title_summary="Thực hiện phong trào thi đua giai đoạn 2022-2025",
        deadlines=[
            Deadline(
                "trước ngày 10 tháng 11 hằng năm",
                None,
                what="báo cáo kết quả thực hiện",
                recurrence="yearly",
                rule={"day": 10, "month": 11},
                is_report=True,
                group_ids=["co-quan-huyen", "ubnd-xa"],
            )
        ],
    )
    plan = create_draft(office, "plan", document_id=_register(office, higher))
    text = docx_text(plan["docx"])
    assert nd30_problems(plan["docx"]) == []
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
    text = docx_text(reply["docx"])
    assert nd30_problems(reply["docx"]) == []
    assert "Kính gửi: Phòng Nội vụ" in text and "V/v đề nghị bổ sung biên chế" in text
    assert "Phúc đáp Công văn số 15/BC-PNV ngày 02/11/2023 của Phòng Nội vụ" in text
    with pytest.raises(VanthuError) as e:
        create_draft(office, "reply", document_id=404)
    assert e.value.code == "document_not_found"


def test_a_reply_is_signed_only_once_its_content_is_written_and_a_returned_draft_can_be_mended(office):
    from service.drafts.service import edit_draft, placeholders, return_draft
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
        assert placeholders(dstore.draft_context(dstore.get_draft(conn, reply["id"])))
    with pytest.raises(VanthuError) as e:
        issue_draft(office, reply["id"], signer="Nguyễn Văn Ánh", actor="leader")
    assert e.value.code == "draft_placeholder"
    for login in ("lanh.dao", "", "An", "Nguyễn 2"):  # a login name, nothing, one word, digits
        with pytest.raises(VanthuError) as e:
            issue_draft(office, reply["id"], signer=login, actor="leader")
        assert e.value.code == "signer_invalid"
    return_draft(office, reply["id"], comment="Bổ sung nội dung", actor="leader")
    entry = edit_draft(
        office,
        reply["id"],
        title_summary=None,
        blocks=["UBND huyện thống nhất bổ sung 02 biên chế cho Phòng Nội vụ."],
        added="Giao Phòng Nội vụ hoàn thiện hồ sơ.\n\nĐề nghị Phòng Nội vụ báo cáo kết quả.",
        actor="van.thu",
    )
    assert entry["status"] == "draft" and entry["comment"] is None  # awaiting signature again
    text = docx_text(reply["docx"])
    assert "thống nhất bổ sung 02 biên chế" in text and "hoàn thiện hồ sơ" in text and "[" not in text
    paragraphs = [p.text for p in Document(reply["docx"]).paragraphs]
    assert "Giao Phòng Nội vụ hoàn thiện hồ sơ." in paragraphs  # each line typed is a paragraph
    assert "Đề nghị Phòng Nội vụ báo cáo kết quả." in paragraphs
    issued = issue_draft(office, reply["id"], signer="Nguyễn Văn Ánh", actor="leader")
    assert issued["number_symbol"].endswith("/UBND")
    from service.store.followups import followup_register

    with office.store.read() as conn:  # the follow-up register shows the answer to the incoming document
        answered = [r for r in followup_register(conn) if r["document_id"] == asked_id]
    assert [(r["answer_number_symbol"], r["progress"]) for r in answered] == [
        (issued["number_symbol"], "Đã trả lời")
    ]
    # an incoming document already followed (a deadline, no units' reports) is settled by its answer
    from service.store.followups import add_followup, set_followup_answer

    other = _register(office, asked, sender_unit_id="noi-vu", sha="e" * 64)
    with office.store.write() as conn:
        add_followup(
            conn,
            document_id=other,
            requirement_id=None,
            receiving_unit="Phòng Nội vụ",
            deadline=date(2023, 12, 1),
            progress="Chưa giải quyết",
        )
        set_followup_answer(conn, other, "05/UBND", None, now=office.now(), actor="test")
    with office.store.read() as conn:
        rows = [r for r in followup_register(conn) if r["document_id"] == other]
    assert [(r["answer_number_symbol"], r["progress"]) for r in rows] == [("05/UBND", "Đã trả lời")]
    with pytest.raises(VanthuError) as e:
        edit_draft(office, reply["id"], title_summary="x", blocks=[], actor="van.thu")
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
    from service.drafts.service import edit_draft

    edit_draft(office, reply["id"], title_summary=None, blocks=["UBND huyện thống nhất."], actor="van.thu")
    with pytest.raises(VanthuError) as e:
        issue_draft(office, reply["id"], signer="Nguyễn Văn Ánh", actor="leader")
    assert e.value.code == "draft_placeholder" and "số, ký hiệu, ngày tháng" in e.value.detail


def test_signing_status_says_demo_plainly(office):
    from service.drafts.service import signing_status

    status = signing_status(office)
    assert status["demo"] is True and "THỬ NGHIỆM" in status["message"]


def test_a_folder_left_by_an_interrupted_issuance_does_not_block_the_series(office):
    leftover = office.config.outbox / "2023" / "01-UBND"
    leftover.mkdir(parents=True)
    (leftover / "01-UBND.pdf").write_bytes(b"half written")
    d = create_draft(office, "reminder", requirement_id=office.requirement_id)
    issued = issue_draft(office, d["id"], signer="Lê Văn A", actor="l")
    assert issued["number_symbol"] == "01/UBND" and verify_pdf(issued["pdf"])["intact"]
    assert [p.name.startswith(".orphan-01-UBND") for p in (office.config.outbox / "2023").iterdir()].count(
        True
    ) == 1


def test_no_reminder_when_nobody_owes(office):
    office.clock.current = datetime(2023, 9, 1, 9)  # two months before the due date: nothing due soon
    with pytest.raises(VanthuError) as e:
        create_draft(office, "reminder", requirement_id=office.requirement_id, period="2023")
    assert e.value.code == "nothing_to_remind"
