"""The whole corpus through the real command, as the scorer sees it: every file reads to Vietnamese
text (scans OCR'd, found by their content), and extraction holds the issue's targets.

This is the one place the corpus is OCR'd in full (minutes on two cores). Without ../shared the
tests are skipped with the reason; under CI=true they fail instead.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys

import pytest

from service.text.quality import measure_text
from tests.conftest import ROOT, SHARED, require_corpus, require_tool, write_office_config

SCORE = SHARED / "corpus" / "score.py"
LABELS = SHARED / "corpus" / "labels.jsonl"
# The corpus of issue 12: 42 documents, 18 of them scans (vb-027 … vb-041 added).
DOCUMENTS, SCANS = 42, 18
# The targets, raised to just under what extraction scores (each floor leaves about one
# document's worth of room): header 0.976, deadline and recurring 1.00, references 0.981,
# recipients 0.992.
TARGETS = {
    "header_accuracy": 0.97,
    "deadline_f1": 0.97,
    "recurring_recall": 0.95,
    "reference_f1": 0.975,
    "recipient_f1": 0.985,
}
SCAN_HEADER_TARGET = 0.94  # header accuracy on the scanned PDFs alone (0.958; the issue asks 0.93)
# Fields on the scans alone: the signer's name (15 of 18; three Prime Minister's decisions have the
# name under the seal, unreadable) and the summary (trích yếu) read to its end (18 of 18).
SCAN_FIELD_TARGETS = {"signer_name": 0.80, "title_summary": 0.94}


def _labels() -> dict[str, dict]:
    return {d["file"]: d for d in map(json.loads, LABELS.read_text(encoding="utf-8").splitlines())}


@pytest.fixture(scope="module")
def predictions(tmp_path_factory):
    corpus = require_corpus()
    require_tool("tesseract")
    require_tool("soffice")
    files = sorted(str(p) for p in corpus.iterdir())
    # The shipped office, with all the time a scan's OCR needs on a busy machine: the per-file time
    # limit guards the service (tests/readers/test_guard.py); here the extraction is what is measured.
    config = write_office_config(tmp_path_factory.mktemp("office"), limits__max_seconds=1800)
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "service.cli",
            "--config",
            str(config),
            "extract",
            "--json",
            *files,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=3600,  # a guard against a hang, not a measure
    )
    assert out.returncode == 0, out.stderr[-2000:]
    pred = tmp_path_factory.mktemp("score") / "pred.jsonl"
    pred.write_text(out.stdout, encoding="utf-8")
    return pred, [json.loads(line) for line in out.stdout.splitlines()]


def test_every_corpus_file_is_read_and_extracted(predictions):
    _, rows = predictions
    labels = _labels()
    assert len(labels) == DOCUMENTS
    assert sorted(r["file"] for r in rows) == sorted(labels)
    assert not [r["file"] for r in rows if r.get("error")]
    # A scan is known by its content: each file the key calls a scan was OCR'd, and no other.
    scans = sorted(r["file"] for r in rows if r.get("format") == "pdf_scanned")
    assert scans == sorted(f for f, d in labels.items() if d.get("format") == "pdf_scanned")
    assert len(scans) == SCANS


def test_scans_read_to_real_vietnamese(predictions):
    # The extracted summaries of the scans carry diacritics: OCR read Vietnamese, not ASCII.
    _, rows = predictions
    for r in rows:
        if r.get("format") == "pdf_scanned":
            assert r["title_summary"] and measure_text(r["title_summary"]).diacritic_share > 0.3, r["file"]


def test_extraction_meets_the_targets(predictions):
    pred, _ = predictions
    out = subprocess.run(
        [sys.executable, str(SCORE), "--labels", str(LABELS), "--pred", str(pred), "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    result = json.loads(out.stdout)
    scores = {
        "header_accuracy": result["header_accuracy"],
        "deadline_f1": result["f1"]["deadline_dates"],
        "recurring_recall": result["f1"]["recurring_deadlines"],
        "reference_f1": result["f1"]["references"],
        "recipient_f1": result["f1"]["recipients"],
    }
    print(" ".join(f"{k} {v:.3f}" for k, v in scores.items()))
    for key, floor in TARGETS.items():
        assert scores[key] >= floor, f"{key} {scores[key]:.3f} < {floor}: {scores}"
    scans = result["formats"]["pdf_scanned"]["accuracy"]
    assert scans >= SCAN_HEADER_TARGET, f"header on scans {scans:.3f} < {SCAN_HEADER_TARGET}"


def test_signers_and_titles_on_scans(predictions):
    _, rows = predictions
    spec = importlib.util.spec_from_file_location("corpus_score", SCORE)
    assert spec and spec.loader
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    by_file = {r["file"]: r for r in rows}
    scans = [d for d in _labels().values() if d.get("format") == "pdf_scanned"]
    for field, floor in SCAN_FIELD_TARGETS.items():
        judged = [score.field_ok(field, d, by_file[d["file"]]) for d in scans]
        right = sum(ok is True for ok in judged)
        scored = sum(ok is not None for ok in judged)
        assert scored >= len(scans) - 1 and right / scored >= floor, f"{field} on scans {right}/{scored}"
