"""OCR correction on the pages: the raw OCR beside the corrected text, unsure fields flagged, the
search finding corrected words, and a clerk's correction teaching the corrector."""

from __future__ import annotations

import re
import shutil

from service.ingest.correction import office_language
from service.ingest.pipeline import process_external
from service.runtime import open_runtime
from service.store import documents as docs
from service.store import language
from tests.conftest import CORPUS, require_shared
from tests.web.conftest import login, post


def ingest(office, path):
    outcome = process_external(office, path)
    assert outcome.status == "registered", outcome
    with office.store.read() as conn:
        return docs.get_document(conn, outcome.document_id)


def test_the_sample_plan_with_the_base_model_is_found_and_flagged(office, tmp_path, client):
    """No documents yet: what the base model is sure of is corrected (the plan is found by "người
    nghèo"), what it is not stays as OCR read it and the summary says so."""
    shutil.copy(require_shared(CORPUS / "vb-seed.txt", "the sample plan"), tmp_path / "vb-seed.txt")
    row = ingest(office, tmp_path / "vb-seed.txt")
    fields = docs.document_fields(row)
    assert row.title_summary.startswith("Tổ chức thực hiện phong trào thi đua “Tam Đường chung tay")
    assert "người nghèo" in row.title_summary
    assert fields.confidence["title_summary"] < 0.9
    assert any(w.startswith("ocr_unsure:title_summary:") for w in fields.warnings)
    assert row.issuer == "UBND huyện Tam Đường"
    assert login(client, "van.thu").status_code == 302
    found = client.get('/api/documents?q="người nghèo"').get_json()["documents"]
    assert [d["id"] for d in found] == [row.id]
    page = client.get(f"/documents/{row.id}").get_data(as_text=True)
    assert "OCR đọc được" in page and "ngwdoi" in page  # the raw text beside the corrected one
    assert "Trích yếu: chữ nhận dạng (OCR) chưa chắc chắn" in page


def test_a_clerks_correction_fixes_the_same_misreading_in_the_next_document(office, tmp_path, client):

    def scan(name: str, summary: str) -> dict:
        path = tmp_path / name
        path.write_text(
            "ỦY BAN NHÂN DÂN TỈNH LAI CHÂU\nSỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG\nSố: 12/BC-SNNMT\n"
            "Lai Châu, ngày 05 tháng 3 năm 2026\nBÁO CÁO\n"
            f"{summary}\n\nSở báo cáo kết quả như sau.\n",
            encoding="utf-8",
        )
        return ingest(office, path)

    first = scan("bao-cao-1.txt", "Kết quả kiểm kê rừng trảm năm 2025")
    assert first.title_summary == "Kết quả kiểm kê rừng trảm năm 2025"  # nothing told the model
    assert login(client, "van.thu").status_code == 302
    resp = post(
        client,
        f"/documents/{first.id}/fields",
        {
            "doc_type": "Báo cáo",
            "number_symbol": "12/BC-SNNMT",
            "title_summary": "Kết quả kiểm kê rừng tràm năm 2025",
        },
    )
    assert resp.status_code == 302
    with office.store.read() as conn:
        [pair] = language.list_ocr_corrections(conn)
    assert (pair.field, pair.ocr_value, pair.truth) == (
        "title_summary",
        "Kết quả kiểm kê rừng trảm năm 2025",
        "Kết quả kiểm kê rừng tràm năm 2025",
    )
    second = scan("bao-cao-2.txt", "Kế hoạch trồng rừng trảm năm 2026")
    assert second.title_summary == "Kế hoạch trồng rừng tràm năm 2026"
    # Learned for good: another process of the same office reads the pair from the store.
    again = open_runtime(office.config.path, clock=office.clock)
    try:
        fixed = office_language(again).corrector.correct("rà soát diện tích rừng trảm").text
        assert fixed == "rà soát diện tích rừng tràm"
    finally:
        again.store.dispose()


def test_the_registers_filters_list_each_body_and_type_once(office, tmp_path, client):
    """One body read three ways by OCR (a lost mark, "tính" for "tỉnh", "Đông" for "Đồng") and a type
    read with a wrong mark are offered once each, as the lists write them."""
    headers = [
        ("UBND TỈNH LÂM ĐÒNG", "BÁO CÁO", "Kết quả công tác cải cách hành chính quý III năm 2025"),
        ("CÔNG AN TÍNH LÂM ĐÒNG", "BÁO CÁO ĐÈ XUẤT", "V/v tổ chức hội nghị sơ kết công tác phòng cháy"),
        ("CÔNG AN TỈNH LÂM ĐÔNG", "BÁO CÁO ĐÈ XUẤT", "V/v kiện toàn tổ công tác đặc biệt của tỉnh"),
    ]
    for n, (body, kind, summary) in enumerate(headers, 1):
        path = tmp_path / f"quet-{n}.txt"
        path.write_text(
            f"{body} CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
            f"Số: {40 + n}/BC-CAT Lâm Đồng, ngày 1{n} tháng 10 năm 2025\n{kind}\n{summary}\n\n"
            "Đơn vị báo cáo kết quả thực hiện như sau.\n",
            encoding="utf-8",
        )
        ingest(office, path)
    assert login(client, "van.thu").status_code == 302
    page = client.get("/incoming/").get_data(as_text=True)
    assert options(page, "issuer") == ["Công an tỉnh Lâm Đồng", "UBND tỉnh Lâm Đồng"]
    assert options(page, "type") == ["Báo cáo", "Báo cáo đề xuất"]


def options(page: str, name: str) -> list[str]:
    """The choices a filter of the register offers."""
    select = page.split(f'<select id="{name}" name="{name}">', 1)[1].split("</select>", 1)[0]
    return [o for o in re.findall(r"<option[^>]*>([^<]*)</option>", select) if o != "Tất cả"]
