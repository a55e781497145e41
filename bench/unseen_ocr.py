"""Summaries of OCR'd documents nobody here has seen: generated documents, scanned with noise.

    .venv/bin/python bench/gen_documents.py DIR --count 12 --scans 0 --seed 1616
    .venv/bin/python bench/unseen_ocr.py DIR [--show]

Each generated text PDF (bench/gen_documents.py writes them from the decree's forms, reading nothing of
the corpus) is rendered at 150, 200 or 300 dpi and degraded as the word-error-rate set's pages are
(bench/ocr_wer.py: turned, grain, blur, JPEG), saved as a scan, read by the service's reader (OCR),
corrected with the base model (as ``vanthu extract`` without an office) and extracted. Its summary is
compared with the answer key's as bench/summary_ocr.py compares the corpus's; the word error rate of
the whole text before and after correction is measured against the text PDF's text layer.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.corpus_reads import ROOT, read_files
from bench.ocr_wer import DPIS, bag_wer, degrade, wer
from bench.summary_ocr import EXACT, similarity
from service.config import load_config
from service.extract import extract_document
from service.ingest.correction import build_corrector, correct_read, finish_fields
from service.readers import read_document


def scan(pdf: Path, target: Path, seed: int) -> None:
    import pypdfium2 as pdfium

    rng = random.Random(seed)
    dpi = DPIS[seed % len(DPIS)]
    doc = pdfium.PdfDocument(str(pdf))
    pages = [degrade(page.render(scale=dpi / 72).to_pil(), rng)[0].convert("L") for page in doc]
    doc.close()
    pages[0].save(target, save_all=True, append_images=pages[1:], resolution=dpi)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--show", action="store_true")
    args = ap.parse_args()
    labels = [json.loads(x) for x in (args.folder / "labels.jsonl").read_text(encoding="utf-8").splitlines()]
    texts = [x for x in labels if x["format"] == "pdf_text"]
    scans = args.folder / "noisy"
    scans.mkdir(exist_ok=True)
    for seed, label in enumerate(texts):
        target = scans / label["file"].replace("-text.pdf", "-noisy.pdf")
        if not target.exists():
            scan(args.folder / label["file"], target, seed)
    reads = read_files(sorted(scans.glob("*.pdf")), args.folder / "reads")
    cfg = load_config(ROOT / "config.yaml")
    org, base = cfg.organisation, build_corrector(cfg.organisation)
    rows, pairs_raw, pairs_fixed = [], [], []
    for label in texts:
        name = label["file"].replace("-text.pdf", "-noisy.pdf")
        truth = read_document(args.folder / label["file"]).text
        read = reads[name]
        scored = []
        for corrector in (None, base):
            this, correction = (read, None) if corrector is None else correct_read(corrector, read)
            fields = extract_document(this, org=org, holidays=cfg.holidays)
            finish_fields(fields, correction, org)
            scored.append(
                (
                    similarity(fields.title_summary, label["title_summary"], label.get("doc_type")),
                    fields.title_summary,
                )
            )
        rows.append((name, scored, label["title_summary"]))
        pairs_raw.append((truth, read.text))
        pairs_fixed.append((truth, correct_read(base, read)[0].text))
    print(f"{len(rows)} generated documents, scanned with noise")
    for i, mode in enumerate(("raw", "base")):
        mean = sum(r[1][i][0] for r in rows) / len(rows)
        exact = sum(r[1][i][0] >= EXACT for r in rows)
        print(f"  summary, {mode:5s} mean similarity {mean:.3f}  exact {exact}/{len(rows)}")
    for name, measure in (("WER", wer), ("order-blind WER", bag_wer)):
        before, after = measure(pairs_raw), measure(pairs_fixed)
        print(f"  {name}: before correction {before:.3f}, after {after:.3f} (ratio {after / before:.2f})")
    if args.show:
        for name, scored, want in rows:
            if scored[1][0] < EXACT:
                print(f"  {name} {scored[1][0]:.3f}\n    got  {scored[1][1]}\n    want {want}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
