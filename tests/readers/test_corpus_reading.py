"""Every corpus file reads to real Vietnamese text (no per-file answers: general checks only)."""

from __future__ import annotations

import json
import re

import pytest

from service.readers import read_document
from service.text.normalize import fold
from service.text.quality import measure_text
from tests.conftest import CORPUS, require_shared, require_tool

require_shared(CORPUS.parent / "labels.jsonl", "the corpus and its answer key", module=True)
LABELS = {d["file"]: d for d in map(json.loads, (CORPUS.parent / "labels.jsonl").read_text().splitlines())}
FILES = sorted(p.name for p in CORPUS.iterdir())
SCANS = [name for name in FILES if LABELS.get(name, {}).get("format") == "pdf_scanned"]
# One scan is always read in full (its hidden text layer is garbage, so it is OCR'd); the detector
# test in test_pdf_reader covers every scan's text layer.
ALWAYS_OCR = ["vb-021.pdf"]


def _check_vietnamese(name: str, text: str) -> None:
    folded = fold(text)
    quality = measure_text(text)
    if LABELS.get(name, {}).get("format") == "txt_ocr":  # raw OCR output, errors kept: words at least
        assert quality.words > 100 and quality.valid_share > 0.6, name
        return
    assert "cong hoa xa hoi chu nghia viet nam" in re.sub(r"\s+", " ", folded) or (
        quality.words > 200 and quality.diacritic_share > 0.3
    ), name


@pytest.mark.parametrize("name", [n for n in FILES if n not in SCANS])
def test_corpus_file_reads(name: str) -> None:
    result = read_document(CORPUS / name)
    _check_vietnamese(name, result.text)
    if LABELS.get(name, {}).get("format") != "txt_ocr":  # raw OCR keeps its errors
        assert measure_text(result.text).is_vietnamese(), name
    if result.format == "pdf_text":
        # the header comes before any signature stamp
        assert fold(result.text).find("cong hoa") < max(200, len(result.text) // 3), name


def test_widget_numbers_fill_the_header() -> None:
    """In text PDFs signed by an e-office system, `Số:` and `ngày` are followed by their values."""
    filled = 0
    text_pdfs = [n for n in FILES if LABELS.get(n, {}).get("format") == "pdf_text"]
    for name in text_pdfs:
        text = read_document(CORPUS / name).text
        if re.search(r"Số:\s*\d+/\S+", text) and re.search(r"ngày\s*\d{1,2}\s+tháng\s+\d{1,2}", text):
            filled += 1
    assert filled >= len(text_pdfs) - 1


@pytest.mark.parametrize("name", ALWAYS_OCR)
def test_one_scan_reads_by_ocr(name: str) -> None:
    require_tool("tesseract")
    result = read_document(CORPUS / name)
    assert result.format == "pdf_scanned"
    assert all(p.source == "ocr" and p.ocr_confidence for p in result.pages)
    _check_vietnamese(name, result.text)


# Every other scan is OCR'd once, through `vanthu extract`, in tests/test_corpus_score.py.
