"""OCR correction in the office: where the corrected text goes, what is kept, what it learns.

The sample plan (904/KH-UBND, OCR text whose marks are mostly lost) goes through the real pipeline,
store and pages; clean documents pass through unchanged and teach the model; a clerk's correction
fixes the same misreading in the next document.
"""

from __future__ import annotations

import json
import shutil

import pytest

from service.ingest.correction import HUNSPELL_DIC, build_corrector, correct_read, needs_correction
from service.ingest.pipeline import process_external
from service.readers import read_document
from service.store import documents as docs
from service.store import language
from service.store import tracking as tstore
from service.text.normalize import nfc
from tests.conftest import CORPUS, make_docx, require_path, require_shared

_KEY = require_shared(CORPUS.parent / "labels.jsonl", "the corpus's answer key", module=True)
LABELS = {d["file"]: d for d in map(json.loads, _KEY.read_text(encoding="utf-8").splitlines())}
CLEAN = sorted(n for n, d in LABELS.items() if d.get("format") in ("docx", "pdf_text"))

# The province's plan that 904/KH-UBND carries out (its text cited in the district's plan): the kind
# of born-digital document an office holds before a scan of its own plan comes back.
PROVINCE_PLAN = [
    "ỦY BAN NHÂN DÂN TỈNH LAI CHÂU",
    "Số: 2282/KH-UBND",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "Lai Châu, ngày 01 tháng 7 năm 2022",
    "KẾ HOẠCH",
    "Tổ chức thực hiện phong trào thi đua “Lai Châu chung tay vì người nghèo - Không để ai bị bỏ lại "
    "phía sau” giai đoạn 2021-2025",
    "I. MỤC ĐÍCH, YÊU CẦU",
    "Phát huy sức mạnh của cả hệ thống chính trị và toàn xã hội trong thực hiện mục tiêu giảm nghèo bền "
    "vững; tạo khí thế thi đua sôi nổi, góp phần thực hiện thắng lợi chủ trương, chính sách giảm nghèo "
    "của Đảng và Nhà nước.",
    "II. TỔ CHỨC THỰC HIỆN",
    "Các sở, ban, ngành tỉnh; Ủy ban nhân dân các huyện, thành phố báo cáo tình hình tổ chức thực hiện "
    "Phong trào thi đua về Ủy ban nhân dân tỉnh qua cơ quan thường trực - Sở Lao động - Thương binh và "
    "Xã hội trước ngày 15 tháng 11 hằng năm.",
    "Nơi nhận:",
    "- Các sở, ban, ngành tỉnh;",
    "- Lưu: VT, KGVX.",
    "TM. ỦY BAN NHÂN DÂN",
    "CHỦ TỊCH",
]


def _plain(text: str | None) -> str:
    """Accents kept; quotes and spacing left out (OCR drops a closing quote)."""
    return " ".join(nfc(text or "").replace("“", " ").replace("”", " ").split())


@pytest.fixture(scope="module")
def base_corrector():
    require_path(HUNSPELL_DIC, "Debian hunspell-vi")
    return build_corrector(None)


@pytest.mark.parametrize("name", CLEAN)
def test_clean_corpus_text_passes_through_unchanged(name, base_corrector):
    """A .docx or a text PDF is typed text: the pipeline's step leaves it exactly as read."""
    read = read_document(CORPUS / name)
    assert not needs_correction(read)
    corrected, correction = correct_read(base_corrector, read)
    assert corrected is read and correction is None and corrected.ocr_text is None


def test_the_corrector_itself_finds_almost_nothing_to_change_in_clean_text(base_corrector):
    """Run on the typed text anyway, valid and likely words are left. What it changes in the corpus's
    27,000 words: typos of the originals ("nghiêp", "nguời", "Đào tào"), and an older spelling the
    decree's own text writes otherwise ("qui phạm", "hàng tháng")."""
    changed, words = [], 0
    for name in CLEAN:
        text = read_document(CORPUS / name).text
        words += len(text.split())
        changed += [(name, c.raw, c.new) for c in base_corrector.correct(text).changes if c.new != c.raw]
    typos = {("nghiêp", "nghiệp"), ("nguời", "người"), ("tào", "tạo"), ("qui", "quy"), ("hàng", "hằng")}
    assert words > 20_000 and len(changed) <= words // 4000, changed
    assert {(raw, new) for _, raw, new in changed} <= typos, changed


def ingest(office, path):
    outcome = process_external(office, path)
    assert outcome.status == "registered", outcome
    with office.store.read() as conn:
        return docs.get_document(conn, outcome.document_id)


def test_the_sample_plan_reads_as_printed_once_the_office_holds_the_province_plan(office, tmp_path):
    seed = require_shared(CORPUS / "vb-seed.txt", "the sample plan")
    label = LABELS["vb-seed.txt"]
    plan = ingest(office, make_docx(tmp_path / "ke-hoach-2282.docx", PROVINCE_PLAN))
    assert plan.ocr_text is None  # typed: kept as it is, and learned from
    with office.store.read() as conn:
        assert dict(language.gram_counts(conn))["người nghèo"] >= 1
    shutil.copy(seed, tmp_path / "vb-seed.txt")
    row = ingest(office, tmp_path / "vb-seed.txt")
    assert _plain(row.title_summary) == _plain(label["title_summary"])
    assert row.issuer == label["issuer"] == "UBND huyện Tam Đường"
    assert "chung tay vi ngwdoi nghéo" in row.ocr_text and "chung tay vì người nghèo" in row.text
    with office.store.read() as conn:
        requirements = tstore.list_requirements(conn)
    what = [r.what for r in requirements if r.source_document_id == row.id]
    assert what and what[0].startswith(
        "Báo cáo tình hình tổ chức thực hiện Phong trào thi đua về UBND huyện qua cơ quan thường trực "
        "- Phòng Lao động"
    )


def test_a_reply_to_a_scanned_document_is_drafted_from_its_corrected_text(office, tmp_path):
    """The reply's subject, its "Phúc đáp …" line and the .docx made of them quote the summary as
    the corrector wrote it and stored it, never OCR's reading ("vi ngwdoi nghéo")."""
    from service.drafts.service import create_draft
    from service.readers.docx import read_docx

    seed = require_shared(CORPUS / "vb-seed.txt", "the sample plan")
    ingest(office, make_docx(tmp_path / "ke-hoach-2282.docx", PROVINCE_PLAN))
    shutil.copy(seed, tmp_path / "vb-seed.txt")
    row = ingest(office, tmp_path / "vb-seed.txt")
    assert "ngwdoi" in row.ocr_text and "ngwdoi" not in row.title_summary
    draft = create_draft(office, "reply", document_id=row.id, actor="clerk")
    printed = _plain(LABELS["vb-seed.txt"]["title_summary"])
    summary = draft.context["ref"]["summary"]
    assert _plain(summary)[1:] == printed[1:]  # the sentence's first letter lowered, as a reply quotes it
    assert draft.context["ref"]["number_symbol"] == "904/KH-UBND"
    written = _plain(read_docx(office.data_path(draft.docx_path)).text)
    assert printed[1:] in written and "ngwdoi" not in written and "nghéo" not in written
