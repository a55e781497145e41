"""How close the summaries (trích yếu) of OCR'd documents come to the printed ones, accents included.

    .venv/bin/python bench/summary_ocr.py [--show]

The corpus's OCR'd documents (scans and OCR text) are read once (bench/corpus_reads.py), corrected,
extracted, and their summary compared with the answer key's: the similarity of the two strings with
their marks (difflib's ratio, after NFC, lower case, quotes and spacing folded and a leading type name
or "V/v" dropped); exact where it is at least 0.98. Three correctors are measured: none (the raw OCR),
the base model only (as ``vanthu extract`` without an office), and an office that holds the corpus's
born-digital documents of *other* sources (leave one source out: a document's source is its repository
and its issuer, so a scan never meets its own typed twin).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections import Counter
from difflib import SequenceMatcher
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.corpus_reads import CORPUS_FILES, ROOT, read_files
from service.config import load_config
from service.extract import extract_document
from service.ingest.correction import build_corrector, correct_read, finish_fields
from service.text.ngrams import count_grams

LABELS = CORPUS_FILES.parent / "labels.jsonl"
OCR_FORMATS = ("pdf_scanned", "txt_ocr")
TYPED_FORMATS = ("pdf_text", "docx", "doc")
EXACT = 0.98


def plain(text: str | None, kind: str | None) -> str:
    """Marks kept; case, quotes, spacing and a leading type name or V/v folded away."""
    s = unicodedata.normalize("NFC", text or "").lower()
    s = re.sub(r"[\u201c\u201d\"'`]", "", s)
    s = re.sub(r"\s+", " ", s).strip(" .;:,")
    kind = unicodedata.normalize("NFC", kind or "").lower()
    if kind and s.startswith(kind):
        s = s[len(kind) :].strip()
    return re.sub(r"^(v/v|về việc)\s*", "", s)


def similarity(got: str | None, want: str, kind: str | None) -> float:
    if not got:
        return 0.0
    return SequenceMatcher(None, plain(got, kind), plain(want, kind)).ratio()


def source_of(label: dict) -> tuple[str | None, str | None]:
    return label.get("source_repo"), label.get("issuer")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--show", action="store_true", help="print every summary below exact")
    args = ap.parse_args()
    labels = {d["file"]: d for d in map(json.loads, LABELS.read_text(encoding="utf-8").splitlines())}
    reads = read_files(sorted(CORPUS_FILES.iterdir()))
    cfg = load_config(ROOT / "config.yaml")
    org = cfg.organisation
    typed = {n: count_grams(r.text) for n, r in reads.items() if labels[n]["format"] in TYPED_FORMATS}
    ocr = sorted(n for n in reads if labels[n]["format"] in OCR_FORMATS and labels[n].get("title_summary"))
    base = build_corrector(org)
    results: dict[str, list[tuple[str, float, str]]] = {"raw": [], "base": [], "office (LOSO)": []}
    for name in ocr:
        label, read = labels[name], reads[name]
        others: Counter[str] = Counter()
        for other, counts in typed.items():
            if source_of(labels[other]) != source_of(label):
                others.update(counts)
        office = build_corrector(org, others.items())
        for mode, corrector in (("raw", None), ("base", base), ("office (LOSO)", office)):
            this, correction = (read, None) if corrector is None else correct_read(corrector, read)
            fields = extract_document(this, org=org, holidays=cfg.holidays)
            finish_fields(fields, correction, org)
            score = similarity(fields.title_summary, label["title_summary"], label.get("doc_type"))
            results[mode].append((name, score, fields.title_summary or ""))
    print(f"{len(ocr)} OCR'd documents with a printed summary")
    for mode, rows in results.items():
        mean = sum(s for _, s, _ in rows) / len(rows)
        exact = sum(s >= EXACT for _, s, _ in rows)
        print(
            f"  {mode:14s} mean similarity {mean:.3f}  exact (≥{EXACT}) {exact}/{len(rows)} {exact / len(rows):.0%}"
        )
    if args.show:
        for mode in ("base", "office (LOSO)"):
            print(f"\n{mode}:")
            for name, score, got in results[mode]:
                if score < EXACT:
                    print(f"  {name} {score:.3f}\n    got  {got}\n    want {labels[name]['title_summary']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
