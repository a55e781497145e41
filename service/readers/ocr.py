"""Optical character recognition (nhận dạng chữ) of page images with tesseract `vie`.

One tesseract process per page, `OMP_THREAD_LIMIT=1`, pages spread over `Limits.ocr_workers`
processes. Each page is deskewed (projection profile on a small copy) and, when the first pass reads
poorly, turned upright by tesseract's orientation detection (`--psm 0`) and read again. The TSV output
gives the words and their confidences in one run.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageChops, ImageOps, ImageStat

from service.errors import ReadError
from service.text.legacy import measure_text
from service.text.normalize import nfc

_ENV = {**os.environ, "OMP_THREAD_LIMIT": "1"}
_SKEW_WIDTH = 900
_SKEW_ANGLES = [a / 4 for a in range(-16, 17)]  # ±4° in quarter degrees
_GOOD_CONFIDENCE = 70.0


@dataclass(frozen=True)
class OcrPage:
    text: str
    confidence: float | None  # mean word confidence, 0–100
    rotated: int = 0  # degrees turned to make the page upright
    skew: float = 0.0


def check_tesseract() -> None:
    if shutil.which("tesseract") is None:
        raise ReadError("ocr_unavailable", "tesseract not on PATH")


def _run_tesseract(image: Image.Image, args: list[str], timeout: float = 300) -> str:
    if image.mode not in ("L", "RGB"):
        image = image.convert("L")
    buf = io.BytesIO()
    image.save(buf, format="PPM")  # uncompressed: cheaper to write than PNG
    try:
        done = subprocess.run(
            ["tesseract", "stdin", "stdout", *args],
            input=buf.getvalue(),
            capture_output=True,
            env=_ENV,
            timeout=timeout,
            check=False,
        )
    except FileNotFoundError as exc:
        raise ReadError("ocr_unavailable", "tesseract not found") from exc
    except subprocess.TimeoutExpired as exc:
        raise ReadError("timeout", "tesseract took too long") from exc
    if done.returncode != 0:
        raise ReadError("ocr_failed", done.stderr.decode("utf-8", "replace")[-300:])
    return done.stdout.decode("utf-8", "replace")


_COLUMN_GAP = 0.035  # a horizontal gap this wide (share of the page) may separate two columns


def parse_tsv(tsv: str) -> tuple[str, float | None]:
    """Text and mean word confidence from tesseract TSV.

    Tesseract often reads the header's two columns as single lines. A run of lines split by a wide
    gap becomes its left column then its right column, as in the .docx header table, so that
    `Số: …` and the place-and-date line stay apart and the issuing body's lines stay together.
    """
    page_width = 0
    lines: list[list[tuple[int, int, str]]] = []  # words: (left, right, text)
    keys: list[tuple[str, str, str]] = []
    confidences: list[float] = []
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12:
            continue
        if cols[0] == "1":
            page_width = int(cols[8] or 0)
        if cols[0] != "5" or not cols[11].strip():
            continue
        key = (cols[2], cols[3], cols[4])
        if not keys or keys[-1] != key:
            keys.append(key)
            lines.append([])
        left, width = int(cols[6]), int(cols[8])
        lines[-1].append((left, left + width, cols[11].strip()))
        try:
            conf = float(cols[10])
        except ValueError:
            continue
        if conf >= 0:
            confidences.append(conf)
    rows: list[tuple[bool, str, str | None]] = []  # (new paragraph, left part, right part)
    for index, words in enumerate(lines):
        new_par = bool(index) and keys[index][:2] != keys[index - 1][:2]
        cut = _column_cut(words, page_width)
        left = " ".join(w[2] for w in words[:cut])
        right = " ".join(w[2] for w in words[cut:]) if cut < len(words) else None
        rows.append((new_par, left, right))
    return nfc("\n".join(_columns_in_order(rows))), (
        sum(confidences) / len(confidences) if confidences else None
    )


def _column_cut(words: list[tuple[int, int, str]], page_width: int) -> int:
    """Index of the first word of a right column on this line, or len(words)."""
    for index in range(1, len(words)):
        prev, word = words[index - 1], words[index]
        # a wide gap from the left half into the right half: two columns, not a blank left
        # for a handwritten number (`Số:      /TB-UBND` stays whole)
        if (
            page_width
            and word[0] - prev[1] > _COLUMN_GAP * page_width
            and (prev[1] < 0.5 * page_width and word[0] > 0.4 * page_width)
        ):
            return index
    return len(words)


def _columns_in_order(rows: list[tuple[bool, str, str | None]]) -> list[str]:
    """Lines; a run of two-column lines gives its whole left column, then its right column."""
    out: list[str] = []
    index = 0
    while index < len(rows):
        new_par, left, right = rows[index]
        if new_par:
            out.append("")
        if right is None:
            out.append(left)
            index += 1
            continue
        run_end = index
        while run_end + 1 < len(rows) and rows[run_end + 1][2] is not None:
            run_end += 1
        out.extend(r[1] for r in rows[index : run_end + 1])
        out.extend(r[2] or "" for r in rows[index : run_end + 1])
        index = run_end + 1
    return out


def estimate_skew(image: Image.Image) -> float:
    """The angle (degrees) that makes text lines horizontal: the sharpest row profile wins."""
    gray = image.convert("L")
    scale = _SKEW_WIDTH / max(gray.width, 1)
    small = gray.resize((_SKEW_WIDTH, max(int(gray.height * scale), 1)), Image.BILINEAR)
    ink = ImageOps.invert(small.point(lambda v: 0 if v < 160 else 255))
    best_angle, best_score = 0.0, -1.0
    for angle in _SKEW_ANGLES:
        turned = ink.rotate(angle, resample=Image.NEAREST, fillcolor=0) if angle else ink
        profile = turned.resize((1, turned.height), Image.BOX)
        score = ImageStat.Stat(profile).var[0]
        if score > best_score + 1e-9:
            best_angle, best_score = angle, score
    return best_angle


def _osd_rotation(image: Image.Image) -> int:
    """Degrees to turn the page clockwise, from tesseract's orientation detection."""
    small = image.convert("L")
    if small.width > 1800:
        small = small.resize((small.width // 2, small.height // 2), Image.BILINEAR)
    try:
        out = _run_tesseract(small, ["--psm", "0", "-l", "osd"], timeout=60)
    except ReadError:
        return 0
    rotate, confidence = 0, 0.0
    for line in out.splitlines():
        if line.startswith("Rotate:"):
            rotate = int(line.split(":")[1])
        elif line.startswith("Orientation confidence:"):
            confidence = float(line.split(":")[1])
    return rotate if confidence >= 1.5 else 0


def _read_once(image: Image.Image) -> tuple[str, float | None]:
    return parse_tsv(_run_tesseract(image, ["-l", "vie", "--psm", "3", "tsv"]))


def seal_share(image: Image.Image) -> float:
    """Share of a page's pixels in the red of a seal or signature stamp (con dấu), on a thumbnail."""
    small = image.convert("RGB")
    small.thumbnail((300, 300))
    r, g, b = small.split()
    # a pixel is seal red where r > 120, r - g > 50 and r - b > 50 (each mask 0 or 255)
    masks = [
        r.point(lambda v: 255 if v > 120 else 0),
        ImageChops.subtract(r, g).point(lambda v: 255 if v > 50 else 0),
        ImageChops.subtract(r, b).point(lambda v: 255 if v > 50 else 0),
    ]
    red = ImageChops.multiply(ImageChops.multiply(masks[0], masks[1]), masks[2]).histogram()[255]
    return red / max(1, small.width * small.height)


def drop_seal(image: Image.Image) -> Image.Image:
    """Grey page for OCR. On a colour scan with a red seal, the red channel: red ink turns near
    white there while black print stays black, so the name the seal covers can be read."""
    if image.mode == "L":
        return image
    if seal_share(image) >= 0.002:
        return image.convert("RGB").getchannel("R")
    return image.convert("L")


def ocr_image(image: Image.Image) -> OcrPage:
    """Read one page image: deskew, read; if it reads poorly, set it upright and read again."""
    image = drop_seal(image)
    skew = estimate_skew(image)
    if abs(skew) >= 0.5:
        image = image.rotate(skew, resample=Image.BILINEAR, expand=True, fillcolor=255)
    text, confidence = _read_once(image)
    if confidence is not None and confidence >= _GOOD_CONFIDENCE and measure_text(text).score > 0.5:
        return OcrPage(text, confidence, 0, skew)
    rotation = _osd_rotation(image)
    if rotation:
        # OSD says how far the page is turned clockwise; PIL turns counter-clockwise
        turned = image.rotate(-rotation, expand=True)
        text2, confidence2 = _read_once(turned)
        if (confidence2 or 0) > (confidence or 0):
            return OcrPage(text2, confidence2, rotation, skew)
    return OcrPage(text, confidence, 0, skew)


# --- pages in parallel --------------------------------------------------------------------------


def _ocr_pdf_page(path: str, index: int, dpi: int, max_pixels: int) -> OcrPage:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    try:
        page = pdf[index]
        width, height = page.get_size()
        scale = dpi / 72
        if width * height * scale * scale > max_pixels:  # a poster-sized page: fewer dots
            scale = (max_pixels / max(width * height, 1)) ** 0.5
        bitmap = page.render(scale=scale)  # in colour: a red seal is taken out before OCR
        image = bitmap.to_pil()
        page.close()
    finally:
        pdf.close()
    return ocr_image(image)


def _ocr_image_frame(path: str, index: int, max_pixels: int) -> OcrPage:
    Image.MAX_IMAGE_PIXELS = max_pixels
    with Image.open(path) as img:
        img.seek(index)
        frame = ImageOps.exif_transpose(img.copy()) if index == 0 else img.copy()
    if frame.mode not in ("L", "RGB"):
        frame = frame.convert("RGB") if frame.mode in ("RGBA", "P", "CMYK", "LA") else frame.convert("L")
    return ocr_image(frame)


def _job_result(job: Callable[..., OcrPage], *args: object) -> tuple[str, object]:
    """Run in a worker; a ReadError travels back as data (its code would not survive pickling)."""
    try:
        return "ok", job(*args)
    except ReadError as exc:
        return "error", (exc.code, exc.detail)


def _run_parallel(job: Callable[..., OcrPage], args: list[tuple], workers: int) -> list[OcrPage]:
    check_tesseract()
    if len(args) <= 1 or workers <= 1:
        return [job(*a) for a in args]
    with ProcessPoolExecutor(max_workers=min(workers, len(args))) as pool:
        futures = [pool.submit(_job_result, job, *a) for a in args]
        results = []
        for future in futures:
            status, payload = future.result()
            if status == "error":
                raise ReadError(*payload)
            results.append(payload)
        return results


def ocr_pdf_pages(
    path: Path, indexes: list[int], *, dpi: int = 300, workers: int = 2, max_pixels: int = 180_000_000
) -> list[OcrPage]:
    """OCR the given 0-based pages of a PDF, rendered with pdfium, in parallel processes."""
    return _run_parallel(_ocr_pdf_page, [(str(path), i, dpi, max_pixels) for i in indexes], workers)


def ocr_image_frames(path: Path, count: int, *, max_pixels: int, workers: int = 2) -> list[OcrPage]:
    """OCR every frame of an image file (a multi-page TIFF has several)."""
    return _run_parallel(_ocr_image_frame, [(str(path), i, max_pixels) for i in range(count)], workers)
