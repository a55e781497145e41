"""Lines of an OCR'd page that are no text (a seal, a signature, a rule read as letters) are left out
of the corrected text; the raw OCR keeps them; every line holding text stays as it was."""

from __future__ import annotations

import pytest

from service.config import load_config
from service.ingest.correction import HUNSPELL_DIC, build_corrector
from service.text.correct import Corrector
from service.text.debris import is_debris_line, is_debris_word
from tests.conftest import ROOT, require_path


@pytest.fixture(scope="module")
def corrector() -> Corrector:
    require_path(HUNSPELL_DIC, "Debian hunspell-vi")
    return build_corrector(load_config(ROOT / "config.yaml").organisation)


# Read by tesseract from the WER set's scans (bench/ocr_wer.py): a signature, a seal, a rule.
DEBRIS = ["ở", "ý Ệ", "ấ Ắ ệ", "ÿVe tEá XS", "ễ i", "Á", "ặ", "TEPTEETSEEDOETTEEDDVUPONETEONNEI"]
TEXT = [
    "Nơi nhận:",
    "- Như trên;",
    "nghiỆp.",  # a syllable OCR gave a capital: misread, not debris
    "x",  # a table's mark
    "A. MỤC TIÊU",
    "I",
    "Ở đâu",
    "Website: https://www.tamduong.gov.vn",
    "4GC A ttcbth0)quangnga1.øov.vn",  # an address misread: words still, one debris among them
    "Zalo, eKYC, iPhone",
    "x 2",
    "- Lưu: VT, NCKSTTHC.",
    "Trần Hữu Tuần",
    "2021-2025",
    "– 1 –",  # a page number between dashes
]


def test_lines_of_debris_and_of_text(corrector):
    vocabulary = corrector.model.vocabulary
    assert [line for line in DEBRIS if not is_debris_line(line, vocabulary)] == []
    assert [line for line in TEXT if is_debris_line(line, vocabulary)] == []


def test_debris_words():
    assert all(map(is_debris_word, ["ệ", "ÿVe", "tEá", "NÑC", "œ", "A" * 12]))
    assert not any(map(is_debris_word, ["A", "x", "2025", "UBND", "eKYC", "iPhone", "KGVXNV", "tỉnh"]))


def test_the_corrector_leaves_debris_lines_out_and_keeps_its_changes_in_place(corrector):
    raw = (
        "Nơi nhận:\nấ Ắ ệ\n- Như trên;\nÿVe tEá XS\n"
        "Các cơ quan tiếp tục đây mạnh công tác tô chức thực hiện.\nTrần Văn Bình"
    )
    result = corrector.correct(raw)
    assert result.raw == raw
    assert result.text == (
        "Nơi nhận:\n- Như trên;\nCác cơ quan tiếp tục đẩy mạnh công tác tổ chức thực hiện.\nTrần Văn Bình"
    )
    dropped = [c for c in result.changes if c.new == ""]
    assert [c.raw for c in dropped] == ["ấ Ắ ệ", "ÿVe tEá XS"]
    assert all(raw[c.start : c.end] == c.raw for c in dropped)
    assert [result.text[c.at : c.at + 2] for c in dropped] == ["- ", "Cá"]  # where they were
    fixed = [c for c in result.changes if c.new]
    assert [c.new for c in fixed] == ["đẩy", "tổ"]
    assert all(
        result.text[c.at : c.at + len(c.new)] == c.new and raw[c.start : c.end] == c.raw for c in fixed
    )


def test_a_text_of_debris_alone_is_kept(corrector):
    """Nothing but debris: nothing to keep either; the text stays as read (the clerk sees it)."""
    assert corrector.correct("ý Ệ").text == "ý Ệ"
