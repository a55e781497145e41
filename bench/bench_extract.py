"""Benchmark: extracting the fields of a 10-page document's text (target: under 20 ms).

    .venv/bin/python bench/bench_extract.py

The document is the sample plan (OCR text, about 4 pages) with its body repeated to about ten
pages (~2,800 characters a page). The baseline, measured in the same run on the same text, is one
regular-expression pass for number-symbols over the text: the least any extractor does.
"""

from __future__ import annotations

import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.score_corpus import sample_org
from service.extract import extract_fields

SEED = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "files" / "vb-seed.txt"
PAGE = 2800
SYMBOL = re.compile(r"\d{1,6}\s*/\s*(?:\d{4}\s*/\s*)?[A-ZĐa-zđ][\wĐđ&\-]*")


def ten_pages() -> str:
    text = SEED.read_text(encoding="utf-8")
    head, sep, rest = text.partition("I. MUC")
    body, foot_sep, foot = rest.partition("Noi nhgn:")
    body = sep + body
    pages = head + body
    while len(pages) + len(foot) < 10 * PAGE:
        pages += body
    return pages + foot_sep + foot


def median_time(fn, repeat: int, clock=time.perf_counter) -> float:
    times = []
    for _ in range(repeat):
        t0 = clock()
        fn()
        times.append(clock() - t0)
    return statistics.median(times)


def main() -> int:
    text = ten_pages()
    org = sample_org()
    extract_fields(text, org=org)  # warm up compiled patterns
    run = lambda: extract_fields(text, org=org)  # noqa: E731
    base = lambda: SYMBOL.findall(text)  # noqa: E731
    t_extract, t_base = median_time(run, 30), median_time(base, 30)
    # CPU time as well: on a shared machine wall time includes waiting for the processor.
    c_extract, c_base = median_time(run, 30, time.process_time), median_time(base, 200, time.process_time)
    print(f"document: {len(text):,} characters (~{len(text) / PAGE:.1f} pages)")
    print(f"extract_fields: {t_extract * 1000:.2f} ms wall, {c_extract * 1000:.2f} ms CPU (target < 20 ms)")
    print(f"baseline (one regex pass): {t_base * 1000:.2f} ms wall, {c_base * 1000:.2f} ms CPU")
    print(f"ratio extract/baseline: {t_extract / t_base:.1f}x wall")
    return 0


if __name__ == "__main__":
    sys.exit(main())
