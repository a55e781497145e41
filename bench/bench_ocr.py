"""OCR across files: a batch of scanned pages read by the reader pool against bare tesseract on the
same page images with the same parallelism (target: ≤ 1.1×).

The pages are the corpus's scanned PDFs and documents written by bench/gen_documents.py (scanned:
grey, turned a little), rendered at 300 dpi (as a scanner's PNG files), repeated to make the batch. Bare: `tesseract PAGE.png stdout -l vie`, as many at once as the pool has
workers (OMP_THREAD_LIMIT=1, as Vanthu runs it). Vanthu: each page a file handed to the reader
pool (service/readers/pool.py), as the intake does: deskew, seal, orientation, tesseract, words.

The machine is shared, so the two take turns in waves of pages (which goes first alternates) and
the ratio is the sum of Vanthu's waves over the sum of tesseract's; CPU time is printed too.

    .venv/bin/python bench/bench_ocr.py                  # 1,000 pages (long: about an hour on 2 cores)
    .venv/bin/python bench/bench_ocr.py --pages 60       # a shorter run
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
BOUND = 1.1
# words each side read: tesseract alone misses lines of a page turned a degree or two that Vanthu
# reads once it has set the page straight, and reading them is tesseract's own work
WORDS = {"tesseract": 0, "vanthu": 0}


def _render(pdf: Path, folder: Path, prefix: str) -> list[Path]:
    """Each page of `pdf` as a 300 dpi grey PNG, as a scanner's file."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(pdf))
    paths = []
    for index in range(len(document)):
        path = folder / f"{prefix}-{pdf.stem}-{index + 1}.png"
        document[index].render(scale=300 / 72, grayscale=True).to_pil().save(path)
        paths.append(path)
    document.close()
    return paths


def page_images(folder: Path, count: int, generated: int) -> list[Path]:
    """`count` page images: the corpus's scanned pages and the pages of `generated` documents written
    by bench/gen_documents.py (scanned: grey, turned a little), taken in turn, repeated to make the
    batch, each page a file of its own as a batch of scans arrives."""
    labels = [json.loads(line) for line in (CORPUS / "labels.jsonl").read_text().splitlines()]
    scans = sorted(CORPUS / "files" / x["file"] for x in labels if x["format"] == "pdf_scanned")
    corpus = [page for pdf in scans for page in _render(pdf, folder, "src")]
    made: list[Path] = []
    if generated:
        from bench.gen_documents import generate

        out = folder / "gen"
        key = generate(out, count=generated, seed=19, scans=generated)
        for item in key:
            if item["format"] == "pdf_scanned":
                made += _render(out / item["file"], folder, "gen")
    sources = [p for pair in itertools.zip_longest(corpus, made) for p in pair if p is not None]
    pages = []
    for i in range(count):
        path = folder / f"trang-{i + 1:04d}.png"
        os.link(sources[i % len(sources)], path)
        pages.append(path)
    return pages


def _cpu() -> float:
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def bare_wave(pages: list[Path], workers: int) -> float:
    env = dict(os.environ, OMP_THREAD_LIMIT="1")

    def one(page: Path) -> int:
        # a session of its own, as a pool worker and its tesseract have: with the kernel's autogroup
        # scheduling each session gets its share of a loaded machine, so the two sides must match
        done = subprocess.run(
            ["tesseract", str(page), "stdout", "-l", "vie"],
            capture_output=True,
            env=env,
            check=True,
            start_new_session=True,
        )
        return len(done.stdout.split())

    started = time.perf_counter()
    with ThreadPoolExecutor(workers) as pool:
        WORDS["tesseract"] += sum(pool.map(one, pages))
    return time.perf_counter() - started


def vanthu_wave(pool, pages: list[Path], limits) -> tuple[float, int, int]:
    """Seconds for the wave, pages read by OCR, pages refused (tesseract found no text on a noisy
    page: the reader says so, as it would to the clerk; bare tesseract did the same work)."""
    from service.errors import ReadError
    from service.readers import read_document

    started = time.perf_counter()
    futures = [pool.submit(read_document, page, limits, limits=limits) for page in pages]
    ocr = refused = 0
    for future in futures:
        try:
            result = future.result()
        except ReadError as exc:
            if (exc.code, exc.detail) != ("ocr_failed", "no text recognised"):
                raise  # anything else is a failure of the reader, never a page "refused"
            refused += 1
            continue
        ocr += bool(result.pages and result.pages[0].source == "ocr")
        WORDS["vanthu"] += len(result.text.split())
    return time.perf_counter() - started, ocr, refused


def warm_up(pool, pages: list[Path], limits, workers: int) -> None:
    """Every worker started and through its first page before the clock runs, as in the service,
    whose pool lives as long as it does: one page a worker, a page that needs turning where there is
    one (a worker imports OpenCV on its first turned page). A worker busy with its page cannot take the
    next one, so each of the pool's threads gets one. (One task alone started only the first worker:
    the second started, and imported what it reads with, inside the first wave, which came out at
    1.16-1.34 in every run.) Workers replaced during the batch (pool.RECYCLE_AFTER) start inside it."""
    from PIL import Image

    from service.errors import ReadError
    from service.readers import read_document
    from service.readers.ocr import estimate_skew

    def turned(page: Path) -> bool:
        with Image.open(page) as image:
            return abs(estimate_skew(image.convert("L"))) >= 0.5  # as ocr_image turns a page

    chosen = [page for page in pages[: 10 * workers] if turned(page)][:workers]
    chosen += pages[: workers - len(chosen)]
    for future in [pool.submit(read_document, page, limits, limits=limits) for page in chosen]:
        try:
            future.result()
        except ReadError as exc:
            if (exc.code, exc.detail) != ("ocr_failed", "no text recognised"):
                raise  # a page with no text (a seal alone) has still started its worker


def _tree_cpu(pids: list[int]) -> float:
    total = 0.0
    tick = os.sysconf("SC_CLK_TCK")
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as fh:
                parts = fh.read().rsplit(")", 1)[1].split()
            total += sum(int(x) for x in parts[11:15]) / tick
        except OSError:
            continue
    return total


def main() -> int:
    from service.readers import Limits
    from service.readers.pool import ReaderPool

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pages", type=int, default=1000)
    ap.add_argument("--wave", type=int, default=20, help="pages a turn")
    ap.add_argument(
        "--generated", type=int, default=20, help="documents written to add to the corpus's scans"
    )
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    args = ap.parse_args()
    limits = Limits(ocr_workers=1)  # one page a file: the pool's workers are the parallelism
    with tempfile.TemporaryDirectory(prefix="vanthu-bench-ocr-") as tmp:
        pages = page_images(Path(tmp), args.pages, args.generated)
        pool = ReaderPool(args.workers)
        warm_up(pool, pages, limits, args.workers)
        bare_s = vanthu_s = bare_cpu = vanthu_cpu = 0.0
        read = refused = 0
        waves = [pages[i : i + args.wave] for i in range(0, len(pages), args.wave)]
        for index, wave in enumerate(waves):
            order = ("bare", "vanthu") if index % 2 == 0 else ("vanthu", "bare")
            for side in order:
                c0 = _cpu()
                if side == "bare":
                    bare_s += bare_wave(wave, args.workers)
                    bare_cpu += _cpu() - c0
                else:
                    w0 = _tree_cpu(_pool_pids())
                    seconds, ocr, no_text = vanthu_wave(pool, wave, limits)
                    vanthu_s += seconds
                    vanthu_cpu += _cpu() - c0 + _tree_cpu(_pool_pids()) - w0
                    read += ocr
                    refused += no_text
            print(
                f"  wave {index + 1}/{len(waves)}: tesseract {bare_s:.0f} s, Vanthu {vanthu_s:.0f} s "
                f"(ratio {vanthu_s / bare_s:.3f})",
                flush=True,
            )
        pool.close()
    ratio = vanthu_s / bare_s
    print(
        json.dumps(
            {
                "pages": len(pages),
                "workers": args.workers,
                "pages_ocr": read,
                "pages_refused": refused,
                "tesseract_seconds": round(bare_s, 1),
                "vanthu_seconds": round(vanthu_s, 1),
                "ratio": round(ratio, 3),
                "tesseract_cpu_s_per_page": round(bare_cpu / len(pages), 2),
                "vanthu_cpu_s_per_page": round(vanthu_cpu / len(pages), 2),
                "cpu_ratio": round(vanthu_cpu / bare_cpu, 3),
                "words_tesseract": WORDS["tesseract"],
                "words_vanthu": WORDS["vanthu"],
                "load_average": os.getloadavg(),
            }
        ),
        flush=True,
    )
    # a page with no text (a seal alone) is refused, as the clerk would be told: bare tesseract read
    # nothing there either, so it is no failure of the bench
    ok = ratio <= BOUND and read + refused == len(pages)
    print(
        f"OCR of {len(pages)} pages: ratio {ratio:.3f} wall, {vanthu_cpu / bare_cpu:.3f} CPU "
        f"(bound {BOUND}) {'ok' if ok else 'OVER'}"
    )
    return 0 if ok else 1


def _pool_pids() -> list[int]:
    """The reader workers and what they started (tesseract), from /proc: children of the fork server."""
    me = os.getpid()
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            parents.setdefault(ppid, []).append(int(entry))
    out, stack = [], list(parents.get(me, []))
    while stack:
        pid = stack.pop()
        out.append(pid)
        stack.extend(parents.get(pid, []))
    return out


if __name__ == "__main__":
    sys.exit(main())
