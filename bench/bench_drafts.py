"""Drafts benchmark, each figure against a baseline measured in the same run.

- .docx draft render (docxtpl, every kind; target < 50 ms) against python-docx opening and saving
  the same template untouched, the least any rendering must do.
- PDF from the warm LibreOffice (kept running, driven through UNO) against a cold
  `soffice --headless --convert-to pdf` of the same files (target ratio ≤ 0.5).

    .venv/bin/python bench/bench_drafts.py [--rounds R]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import docx

from service.drafts.check import sample_contexts
from service.drafts.pdf import WarmConverter, convert_cold
from service.drafts.render import render_docx, template_path

RENDER_TARGET_MS = 50.0
PDF_RATIO_TARGET = 0.5


def _ms(fn, rounds: int) -> float:
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=20)
    args = ap.parse_args()
    contexts = sample_contexts()
    with tempfile.TemporaryDirectory(prefix="bench-drafts-") as tmp:
        out = Path(tmp)
        for kind, ctx in contexts.items():  # warm the caches once, as a running service has them
            render_docx(kind, ctx, out / f"{kind}.docx")
        render, base = {}, {}
        for kind, ctx in contexts.items():
            render[kind] = _ms(lambda k=kind, c=ctx: render_docx(k, c, out / f"{k}.docx"), args.rounds)
            base[kind] = _ms(
                lambda k=kind: docx.Document(str(template_path(k))).save(str(out / "plain.docx")), args.rounds
            )
        print("docx render (median ms)      render   baseline  ratio")
        for kind in contexts:
            ratio = render[kind] / base[kind]
            print(f"  {kind:<10}                 {render[kind]:6.1f}   {base[kind]:6.1f}    {ratio:.2f}")
        worst = max(render.values())
        print(
            f"target: every render < {RENDER_TARGET_MS:.0f} ms: {'met' if worst < RENDER_TARGET_MS else 'NOT met'}"
            f" (slowest {worst:.1f} ms)"
        )

        docs = [out / f"{kind}.docx" for kind in contexts]
        conv = WarmConverter()
        try:
            t0 = time.perf_counter()
            conv.start()
            start_ms = (time.perf_counter() - t0) * 1000
            conv.convert(docs[0], out / "first.pdf")  # the first document loads Writer's modules
            warm = [_ms(lambda d=d: conv.convert(d, out / f"warm-{d.stem}.pdf"), 3) for d in docs]
        finally:
            conv.close()
        convert_cold(docs[0], out / "prime.pdf")  # the cold profile exists, as on a used machine
        cold = [_ms(lambda d=d: convert_cold(d, out / f"cold-{d.stem}.pdf"), 2) for d in docs]
    w, c = statistics.mean(warm), statistics.mean(cold)
    print(f"warm LibreOffice start (once): {start_ms:7.0f} ms")
    print(f"PDF, cold soffice --convert-to: {c:7.0f} ms  ratio 1.00")
    print(f"PDF, warm converter:            {w:7.0f} ms  ratio {w / c:.2f}")
    ok = w / c <= PDF_RATIO_TARGET
    print(f"target: warm/cold ≤ {PDF_RATIO_TARGET}: {'met' if ok else 'NOT met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
