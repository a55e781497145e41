"""Where an OCR'd page's time goes: each step of service.readers.ocr.ocr_image timed over page images
(the corpus's scanned pages and generated scans, as bench/bench_ocr.py makes them), in one process.

    .venv/bin/python bench/profile_ocr.py --pages 56 --generated 6
    .venv/bin/python bench/profile_ocr.py --text-out before.json   # each page's text, to compare
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> int:
    from PIL import Image

    from bench.bench_ocr import page_images
    from service.readers import ocr

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pages", type=int, default=56)
    ap.add_argument("--generated", type=int, default=6)
    ap.add_argument("--text-out", type=Path, help="write each page's text (JSON) here")
    args = ap.parse_args()
    spent: dict[str, float] = defaultdict(float)
    calls: dict[str, int] = defaultdict(int)

    def timed(name, fn):
        def wrapper(*a, **k):
            t0 = time.perf_counter()
            try:
                return fn(*a, **k)
            finally:
                spent[name] += time.perf_counter() - t0
                calls[name] += 1

        return wrapper

    for name in (
        "drop_seal",
        "estimate_skew",
        "find_rules",
        "find_grids",
        "erase_grids",
        "layout_tsv",
        "_osd_rotation",
        "_run_tesseract",
        "measure_text",
    ):
        if hasattr(ocr, name):
            setattr(ocr, name, timed(name, getattr(ocr, name)))
    texts = {}
    with tempfile.TemporaryDirectory(prefix="vanthu-profile-ocr-") as tmp:
        pages = page_images(Path(tmp), args.pages, args.generated)
        total = 0.0
        for page in pages:
            t0 = time.perf_counter()
            with Image.open(page) as img:
                result = ocr.ocr_image(img.copy())
            total += time.perf_counter() - t0
            texts[page.name] = {
                "text": result.text,
                "rotated": result.rotated,
                "skew": result.skew,
                "confidence": result.confidence,
            }
    n = len(pages)
    print(f"{n} pages, {total / n * 1000:.0f} ms/page in all")
    for name, seconds in sorted(spent.items(), key=lambda kv: -kv[1]):
        print(f"  {name:16} {seconds / n * 1000:7.1f} ms/page  ({calls[name]} calls)")
    # the steps not wrapped: turning the page by its skew, the seal test's conversions, Python between
    rest = total - sum(v for k, v in spent.items())
    print(f"  {'the rest':16} {rest / n * 1000:7.1f} ms/page (turning the page, between the steps)")
    if args.text_out:
        args.text_out.write_text(json.dumps(texts, ensure_ascii=False, indent=0))
    return 0


if __name__ == "__main__":
    sys.exit(main())
