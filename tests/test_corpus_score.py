"""The whole corpus through the real command, as the scorer sees it: every file reads to Vietnamese
text (scans OCR'd), and extraction holds the issue's targets.

This is the one place the corpus is OCR'd in full (about a minute on two cores).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from service.text.legacy import measure_text
from tests.conftest import CORPUS, ROOT, SHARED, require_tool

SCORE = SHARED / "corpus" / "score.py"
LABELS = SHARED / "corpus" / "labels.jsonl"
TARGETS = {
    "header_accuracy": 0.97,
    "deadline_f1": 0.92,
    "recurring_recall": 0.85,
    "reference_f1": 0.95,
    "recipient_f1": 0.97,
}


@pytest.fixture(scope="module")
def predictions(tmp_path_factory):
    require_tool("tesseract")
    require_tool("soffice")
    files = sorted(str(p) for p in CORPUS.iterdir())
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "service.cli",
            "--config",
            str(ROOT / "config.yaml"),
            "extract",
            "--json",
            *files,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    pred = tmp_path_factory.mktemp("score") / "pred.jsonl"
    pred.write_text(out.stdout, encoding="utf-8")
    return pred, [json.loads(line) for line in out.stdout.splitlines()]


def test_every_corpus_file_is_read_and_extracted(predictions):
    _, rows = predictions
    assert sorted(r["file"] for r in rows) == sorted(p.name for p in CORPUS.iterdir())
    assert not [r["file"] for r in rows if r.get("error")]
    scans = [r for r in rows if r.get("format") == "pdf_scanned"]
    assert len(scans) == 5  # the corpus's five scans, found by content


def test_scans_read_to_real_vietnamese(predictions):
    # The extracted summaries of the scans carry diacritics: OCR read Vietnamese, not ASCII.
    _, rows = predictions
    for r in rows:
        if r.get("format") == "pdf_scanned":
            assert r["title_summary"] and measure_text(r["title_summary"]).diacritic_share > 0.3, r["file"]


def test_extraction_meets_the_targets(predictions):
    pred, _ = predictions
    out = subprocess.run(
        [sys.executable, str(SCORE), "--labels", str(LABELS), "--pred", str(pred)],
        capture_output=True,
        text=True,
        check=True,
    )
    last = out.stdout.strip().splitlines()[-1]
    scores = {k: float(v) for k, v in re.findall(r"(\w+) ([0-9.]+)", last)}
    print(last)
    for key, floor in TARGETS.items():
        assert scores[key] >= floor, f"{key} {scores[key]} < {floor}: {last}"
