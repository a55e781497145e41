"""Extraction judged on what its rules were not written for.

1. The development corpus, scored as a whole and source by source (a source is a label's
   source_repo and its issuer): the rules as they are, scored on each source in turn; the worst
   source of each score is named. A rule keyed to one source's words shows up here as a source far
   below the others.
2. A generated set (bench/gen_documents.py): documents written from the decree's forms with the
   grammar's phrasings and task tables, as .docx, text PDF and scans OCR'd by the readers, scored
   against the answer key written with them.

    .venv/bin/python bench/bench_extraction.py [--count 8] [--scans 4] [--seed 30] [--no-generated]

The corpus's readings are cached (bench/corpus_reads.py); the generated set is read afresh.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.corpus_reads import CORPUS_FILES, read_files
from bench.gen_documents import generate
from bench.score_corpus import extract_like_cli, predict

CORPUS = CORPUS_FILES.parent
METRICS = ("header", "scans", "deadline_f1", "recurring", "reference_f1", "recipient_f1")


def _scorer():
    spec = importlib.util.spec_from_file_location("corpus_score", CORPUS / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def summary(result: dict) -> dict[str, float | None]:
    """score.py's result as the six figures the issue names; None where a source has nothing to score."""

    def f1(name: str) -> float | None:
        c = result["counts"][name]
        return None if c["tp"] + c["fp"] + c["fn"] == 0 else result["f1"][name]

    scans = result["formats"].get("pdf_scanned")
    return {
        "header": result["header_accuracy"],
        "scans": scans["accuracy"] if scans else None,
        "deadline_f1": f1("deadline_dates"),
        "recurring": f1("recurring_deadlines"),
        "reference_f1": f1("references"),
        "recipient_f1": f1("recipients"),
    }


def source_of(label: dict) -> str:
    return f"{label.get('source_repo') or 'seed'} · {label.get('issuer')}"


def _cell(v: float | None) -> str:
    return "   –  " if v is None else f"{v:6.3f}"


def print_table(rows: list[tuple[str, int, dict]]) -> None:
    print(f"{'source':64s} {'docs':>4s} " + " ".join(f"{m[:6]:>6s}" for m in METRICS))
    for name, docs, figures in rows:
        print(f"{name[:64]:64s} {docs:4d} " + " ".join(_cell(figures[m]) for m in METRICS))


def leave_one_source_out(scorer) -> None:
    labels = [json.loads(line) for line in (CORPUS / "labels.jsonl").read_text(encoding="utf-8").splitlines()]
    preds = predict(read_files(sorted(CORPUS_FILES.iterdir())))
    groups: dict[str, list[dict]] = defaultdict(list)
    for label in labels:
        groups[source_of(label)].append(label)
    whole = summary(scorer.score(labels, preds))
    rows = [(name, len(group), summary(scorer.score(group, preds))) for name, group in sorted(groups.items())]
    print("== Development corpus: the whole, then each source alone")
    print_table([("whole corpus", len(labels), whole), *rows])
    for metric in METRICS:
        scored = [(figures[metric], name) for name, _, figures in rows if figures[metric] is not None]
        if scored:
            value, name = min(scored)
            print(f"worst {metric:13s} {value:.3f}  {name}")


def generated_set(scorer, count: int, scans: int, seed: int) -> None:
    from service.config import load_config
    from service.ingest.correction import build_corrector
    from service.readers import read_document

    cfg = load_config(Path(__file__).resolve().parents[1] / "config.yaml")
    corrector = build_corrector(cfg.organisation)
    with tempfile.TemporaryDirectory(prefix="vanthu-generated-") as tmp:
        out = Path(tmp)
        labels = generate(out, count=count, seed=seed, scans=scans)
        preds = []
        for label in labels:
            read = read_document(out / label["file"], cfg.limits)
            fields = extract_like_cli(read, cfg, corrector)
            preds.append({"file": label["file"], **fields.to_json()})
    print(f"\n== Generated set: {count} documents from the decree's forms (seed {seed}), {len(labels)} files")
    rows = []
    for fmt in ("docx", "pdf_text", "pdf_scanned"):
        group = [x for x in labels if x["format"] == fmt]
        if group:
            rows.append((fmt, len(group), summary(scorer.score(group, preds))))
    rows.append(("whole generated set", len(labels), summary(scorer.score(labels, preds))))
    print_table(rows)
    for miss in scorer.score(labels, preds)["misses"][:12]:
        print("  miss:", miss)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=8)
    ap.add_argument("--scans", type=int, default=3)
    ap.add_argument("--seed", type=int, default=30)
    ap.add_argument("--no-generated", action="store_true")
    args = ap.parse_args()
    scorer = _scorer()
    if CORPUS_FILES.is_dir():
        leave_one_source_out(scorer)
    else:
        print(f"== Development corpus not found ({CORPUS_FILES}): leave-one-source-out skipped")
    if not args.no_generated:
        generated_set(scorer, args.count, args.scans, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
