"""The OCR word-error-rate set: pages whose true text is known, rendered to images, degraded, OCR'd.

    .venv/bin/python bench/ocr_wer.py build [--out DIR] [--models vie,Vietnamese,vie+Vietnamese] [--draw N]
    .venv/bin/python bench/ocr_wer.py measure [--set DIR] [--show vb-015.pdf-p1,...]

Sources: the corpus's PDFs with a text layer, its Word files (converted to PDF by LibreOffice), and the
documents of bench/wer_documents.py (made into .docx, then PDF). The first two pages of each are
rendered at 150, 200 or 300 dpi, turned by up to 1.5°, blurred, given grain and JPEG-compressed, then
read by tesseract with each model. The truth is the page's text layer, in two orders: as its content
stream holds it (`get_text_range()`: "WER"), and laid out in reading order by its words' boxes
(bench/reading_order.py, a rule independent of Vanthu's layout: "geometric-order WER"); a Word-made
header held column by column, a PDF's header table held row by row or a header held after the
signature cost edits in the first only. Where the two disagree (a header table held row by row or
cell by cell: both are right, and the image does not say which), "the nearer order" measures each
text, page by page, against the truth it is nearer to (multi-reference WER). The order-blind WER
ignores order altogether.

`measure` prints the word error rate of tesseract's own text (`vie`, its reading order, on the page as
degraded: the honest "before"), of each model's raw OCR as Vanthu lays it out (the model choice; `vie`'s
text laid out again from its stored TSV by the current code), and of `vie`'s text before and after
correction: with the base model only (as `vanthu extract` runs) and with an office
model that holds the corpus's other born-digital documents (each page's own source, its repository
and issuer, left out).
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "files"
DEFAULT_SET = Path(tempfile.gettempdir()) / "vanthu-ocr-wer"
MODELS = ("vie", "Vietnamese", "vie+Vietnamese")
DPIS = (150, 200, 300)
ANGLES = (-1.5, 0.8, -0.4, 1.2, 0.0, -0.9)


def _docx_from_paragraphs(paragraphs: list[str], path: Path) -> None:
    from docx import Document
    from docx.shared import Pt

    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    for text in paragraphs:
        para = doc.add_paragraph(text)
        if text.isupper():
            for run in para.runs:
                run.bold = True
    doc.save(str(path))


def _to_pdf(path: Path, outdir: Path) -> Path:
    profile = outdir / "lo-profile"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return outdir / (path.stem + ".pdf")


def sources(workdir: Path) -> list[tuple[str, Path]]:
    """(name, PDF with a text layer) for every source document."""
    from bench.wer_documents import DOCUMENTS

    out = []
    for path in sorted(CORPUS.iterdir()):
        if path.suffix == ".pdf":
            if corpus_format(path.name) == "pdf_text":
                out.append((path.name, path))
        elif path.suffix in (".docx", ".doc"):
            out.append((path.name, _to_pdf(path, workdir)))
    for name, paragraphs in DOCUMENTS.items():
        docx = workdir / f"{name}.docx"
        _docx_from_paragraphs(paragraphs, docx)
        out.append((name, _to_pdf(docx, workdir)))
    return out


def corpus_format(name: str) -> str | None:
    """The format the corpus's answer key gives a file (pdf_text, pdf_scanned, docx…)."""
    for line in (CORPUS.parent / "labels.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip() and json.loads(line)["file"] == name:
            return json.loads(line).get("format")
    return None


def degrade(image, rng: random.Random):
    from PIL import Image, ImageFilter

    gray = image.convert("L")
    angle = rng.choice(ANGLES)
    if angle:
        gray = gray.rotate(angle, resample=Image.BILINEAR, expand=True, fillcolor=255)
    noise = Image.effect_noise(gray.size, rng.choice((30, 50, 70)))
    gray = Image.blend(gray, noise, rng.choice((0.08, 0.12, 0.16)))
    gray = gray.filter(ImageFilter.GaussianBlur(rng.choice((0.3, 0.6, 0.8))))
    import io

    buf = io.BytesIO()
    gray.save(buf, format="JPEG", quality=rng.choice((55, 70, 85)))
    return Image.open(io.BytesIO(buf.getvalue())), angle


def _page_job(name: str, pdf: str, index: int, seed: int, models: tuple[str, ...], out: str) -> str:
    import pypdfium2 as pdfium

    import service.readers.ocr as ocr_module
    from bench.reading_order import geometric_text
    from service.readers.ocr import _run_tesseract, ocr_image

    rng = random.Random(seed)
    dpi = DPIS[seed % len(DPIS)]
    doc = pdfium.PdfDocument(pdf)
    page = doc[index]
    truth = page.get_textpage().get_text_range()
    image = page.render(scale=dpi / 72).to_pil()
    doc.close()
    noisy, angle = degrade(image, rng)
    record = {"source": name, "page": index + 1, "dpi": dpi, "angle": angle, "truth": truth, "ocr": {}}
    record["geo_truth"], record["geo_missing"] = geometric_text(Path(pdf), index)
    seen: list = []
    layout = ocr_module.layout_tsv
    ocr_module.layout_tsv = lambda tsv, grids=(), page=1: (
        seen.append((tsv, grids)) or layout(tsv, grids, page)
    )
    for model in models:
        seen.clear()
        record["ocr"][model] = ocr_image(noisy, languages=model).text
        if model == "vie" and seen:  # the TSV and grids behind the text: the layout can be redone
            record["vie_tsv"] = seen[-1][0]
            record["vie_grids"] = [[g.xs, g.ys, g.cells] for g in seen[-1][1]]
    ocr_module.layout_tsv = layout
    # tesseract alone on the same image (its own reading order, no deskew, no table cells): the
    # honest "before" of Vanthu's page layout
    record["bare"] = _run_tesseract(noisy.convert("L"), ["-l", "vie", "--psm", "3"])
    dest = Path(out) / f"{name}-p{index + 1}.json"
    dest.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    return dest.name


def build(out: Path, models: tuple[str, ...], workers: int, draw: int = 0) -> None:
    import pypdfium2 as pdfium

    out.mkdir(parents=True, exist_ok=True)
    work = out / "work"
    work.mkdir(exist_ok=True)
    jobs = []
    for seed, (name, pdf) in enumerate(sources(work)):
        count = len(pdfium.PdfDocument(str(pdf)))
        for index in range(min(count, 2)):
            if not (out / f"{name}-p{index + 1}.json").exists():
                jobs.append((name, str(pdf), index, seed * 7 + index + 1001 * draw, models, str(out)))
    print(f"{len(jobs)} pages to read", flush=True)
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for done in pool.map(_page_job, *zip(*jobs, strict=True)) if jobs else ():
            print(done, flush=True)


# --- measuring -----------------------------------------------------------------------------------


def words(text: str) -> list[str]:
    from service.text.normalize import nfc
    from service.text.syllables import WORD

    return [w.lower() for w in WORD.findall(nfc(text))]


def edit_distance(a: list[str], b: list[str]) -> int:
    prev = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, y in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x != y))
        prev = cur
    return prev[-1]


def wer(pairs: list[tuple[str, str]]) -> float:
    """Word error rate: word edits (in reading order) over the true words."""
    errors = total = 0
    for truth, text in pairs:
        t = words(truth)
        errors += edit_distance(t, words(text))
        total += len(t)
    return errors / max(total, 1)


def nearest_wer(pairs: list[tuple[tuple[str, ...], str]]) -> float:
    """The WER in reading order against the nearer of a page's right orders (multi-reference WER): a
    header table is held row by row in some text layers and cell by cell in others, and the image
    does not say which; each text, before or after correction, is measured page by page against the
    order it is nearer to."""
    errors = total = 0
    for truths, text in pairs:
        read = words(text)
        errors += min(edit_distance(words(truth), read) for truth in truths)
        total += len(words(truths[0]))
    return errors / max(total, 1)


def bag_wer(pairs: list[tuple[str, str]]) -> float:
    """The same, blind to reading order: half the words the two texts do not share (as multisets)
    over the true words. A header's two columns or a stamp read in another order than the text layer
    holds them cost nothing here; a word misread costs one, as in the WER."""
    errors = total = 0
    for truth, text in pairs:
        t, o = Counter(words(truth)), Counter(words(text))
        errors += (sum((t - o).values()) + sum((o - t).values())) / 2
        total += sum(t.values())
    return errors / max(total, 1)


_TEXTS: dict[str, str] = {}


def _source(name: str) -> tuple | None:
    """A corpus file's source: its repository and its issuer (a scan and its typed twin share it)."""
    for line in (CORPUS.parent / "labels.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip() and json.loads(line)["file"] == name:
            label = json.loads(line)
            return label.get("source_repo"), label.get("issuer")
    return None


def office_counts(exclude: str) -> Counter:
    """The syllable counts of the corpus's born-digital documents but those of ``exclude``'s source
    (leave one source out)."""
    from service.readers import read_document
    from service.text.ngrams import count_grams

    left_out = _source(exclude)
    counts: Counter = Counter()
    for path in sorted(CORPUS.iterdir()):
        if corpus_format(path.name) not in ("pdf_text", "docx", "doc"):
            continue
        if path.name == exclude or (left_out is not None and _source(path.name) == left_out):
            continue
        if path.name not in _TEXTS:
            _TEXTS[path.name] = read_document(path).text
        counts.update(count_grams(_TEXTS[path.name]))
    return counts


def _relaid(page: dict) -> dict:
    """The page with `vie`'s text laid out again from its stored TSV by the current code (the layout
    changes without reading the pages again)."""
    from service.readers.grids import Grid
    from service.readers.ocr_layout import layout_tsv

    if "vie_tsv" in page and "vie" in page["ocr"]:
        grids = [Grid(xs, ys, [tuple(c) for c in cells]) for xs, ys, cells in page.get("vie_grids", [])]
        page["ocr"]["vie"] = layout_tsv(page["vie_tsv"], grids).text
    return page


def _source_pdf(folder: Path, name: str) -> Path:
    """The PDF a page was rendered from: the corpus's own, or the one made from a Word file (made
    again into ``folder``/work when it is not there)."""
    if (CORPUS / name).suffix == ".pdf":
        return CORPUS / name
    pdf = folder / "work" / f"{Path(name).stem}.pdf"
    if not pdf.exists():
        (folder / "work").mkdir(parents=True, exist_ok=True)
        sources(folder / "work")
    return pdf


def _with_geometric_truth(folder: Path, page: dict) -> dict:
    """The page with its text layer in geometric reading order, laid out from its PDF by the rule as it
    is now (the order stored at build time follows the rule of then); the two truths must hold the very
    same words."""
    from bench.reading_order import geometric_text

    page["geo_truth"], page["geo_missing"] = geometric_text(
        _source_pdf(folder, page["source"]), page["page"] - 1
    )
    stream, geometric = Counter(words(page["truth"])), Counter(words(page["geo_truth"]))
    assert stream == geometric, (
        f"{page['source']} p{page['page']}: the truths differ by {sum((stream - geometric).values())} "
        f"and {sum((geometric - stream).values())} words"
    )
    return page


def _line(label: str, pages: list[dict], text) -> str:
    stream = [(p["truth"], text(p)) for p in pages]
    geometric = [(p["geo_truth"], text(p)) for p in pages]
    nearer = [((p["truth"], p["geo_truth"]), text(p)) for p in pages]
    return (
        f"  {label:32s} WER {wer(stream):.3f}  order-blind {bag_wer(stream):.3f}"
        f"  geometric-order WER {wer(geometric):.3f}  nearer order {nearest_wer(nearer):.3f}"
    )


def show(pages: list[dict], names: list[str]) -> None:
    """The first 40 words of both truths of the named pages (e.g. vb-015.pdf-p1)."""
    for page in pages:
        if f"{page['source']}-p{page['page']}" in names:
            print(f"{page['source']} p{page['page']} ({page['geo_missing']} words without a box)")
            print("  stream:   ", " ".join(words(page["truth"])[:40]))
            print("  geometric:", " ".join(words(page["geo_truth"])[:40]))


def measure(folder: Path, names: list[str]) -> None:
    from service.ingest.correction import build_corrector

    pages = [
        _with_geometric_truth(folder, _relaid(json.loads(p.read_text(encoding="utf-8"))))
        for p in sorted(folder.glob("*.json"))
    ]
    print(f"{len(pages)} pages, {sum(len(words(p['truth'])) for p in pages)} words of true text")
    print(f"  words of the text layer without a box of their own: {sum(p['geo_missing'] for p in pages)}")
    show(pages, names)
    models = [m for m in MODELS if all(m in p["ocr"] for p in pages)]
    if all("bare" in p for p in pages):
        print(_line("bare tesseract, vie (its order)", pages, lambda p: p["bare"]))
    for model in models:
        print(_line(f"raw OCR, model {model}", pages, lambda p, m=model: p["ocr"][m]))
    base = build_corrector(None)
    offices = {
        source: build_corrector(None, office_counts(source).items())
        for source in {p["source"] for p in pages}
    }
    for model in models:
        texts = [
            (
                p["ocr"][model],
                base.correct(p["ocr"][model]).text,
                offices[p["source"]].correct(p["ocr"][model]).text,
            )
            for p in pages
        ]
        for name, measure_, truth in (
            ("WER", wer, "truth"),
            ("order-blind WER", bag_wer, "truth"),
            ("geometric-order WER", wer, "geo_truth"),
            ("WER against the nearer order", nearest_wer, None),
        ):
            raw_pairs, base_pairs, office_pairs = (
                [
                    (p[truth] if truth else (p["truth"], p["geo_truth"]), t[k])
                    for p, t in zip(pages, texts, strict=True)
                ]
                for k in range(3)
            )
            before = measure_(raw_pairs)
            after_base, after_office = measure_(base_pairs), measure_(office_pairs)
            print(f"  {model}, {name}: before correction {before:.3f}")
            print(f"    after, base model only         {after_base:.3f}  (ratio {after_base / before:.2f})")
            print(
                f"    after, with the office's model {after_office:.3f}  (ratio {after_office / before:.2f})"
            )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("command", choices=("build", "measure"))
    ap.add_argument("--out", "--set", dest="folder", type=Path, default=DEFAULT_SET)
    ap.add_argument("--models", default=",".join(MODELS))
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--draw", type=int, default=0, help="another draw of each page's dpi, skew and noise")
    ap.add_argument(
        "--show", default="", help="pages whose two truths to print, e.g. vb-015.pdf-p1,vb-012.docx-p1"
    )
    args = ap.parse_args()
    if args.command == "build":
        build(args.folder, tuple(args.models.split(",")), args.workers, args.draw)
    else:
        measure(args.folder, args.show.split(","))
    return 0


if __name__ == "__main__":
    sys.exit(main())
