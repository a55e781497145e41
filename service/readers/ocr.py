"""Optical character recognition (nhận dạng chữ) of page images with tesseract `vie`.

One tesseract process per page, `OMP_THREAD_LIMIT=1`, pages spread over `Limits.ocr_workers`
processes. Each page is deskewed (projection profile on a small copy) and, when the first pass reads
poorly, turned upright by tesseract's orientation detection (`--psm 0`) and read again. The TSV output
gives the words and their confidences in one run.
"""

from __future__ import annotations

import math
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageChops, ImageOps, ImageStat

from service.errors import ReadError
from service.models import Block
from service.readers.grids import MIN_GRID_RULES, find_grids
from service.readers.leaders import erase_leaders, find_leaders
from service.readers.ocr_layout import OcrLayout, erase_grids, find_rules, layout_tsv
from service.readers.pool import note_pages
from service.text.quality import measure_text

_ENV = {**os.environ, "OMP_THREAD_LIMIT": "1"}
_SKEW_WIDTH = 900
_SKEW_STRIPS = 32
# Turning the page by its skew: bilinear, by OpenCV (service/readers/turn.py: 22 against PIL's 105 ms
# for a 300 dpi page, the pixels within a grey level of PIL's). Nearest-pixel turning reads worse:
# word error rate 6.2% against 5.9% on bench/ocr_wer.py's 37 pages.
_SKEW_ANGLES = [a / 4 for a in range(-16, 17)]  # ±4° in quarter degrees
_GOOD_CONFIDENCE = 70.0
# The tesseract model, chosen on 37 rendered, degraded pages of known text (bench/ocr_wer.py): word error
# rate `vie` 5.9%, `Vietnamese` (tesseract-ocr-script-viet) 5.9%, both together 5.4%; after the OCR
# corrector 4.8%, 5.1% and 4.7%. Both together cost 40% more CPU a page for 0.1 point once corrected.
LANGUAGES = "vie"


@dataclass(frozen=True)
class OcrPage:
    text: str
    confidence: float | None  # mean word confidence, 0–100
    rotated: int = 0  # degrees turned to make the page upright
    skew: float = 0.0
    blocks: tuple[
        Block, ...
    ] = ()  # paragraphs and ruled tables in reading order (page 1: the caller numbers)


def check_tesseract() -> None:
    if shutil.which("tesseract") is None:
        raise ReadError("ocr_unavailable", "tesseract not on PATH")


def _run_tesseract(image: Image.Image, args: list[str], timeout: float = 300) -> str:
    """Tesseract's output for `image`. The page goes as an uncompressed TIFF in an unnamed file that
    tesseract opens by its descriptor: leptonica reads it in milliseconds, where a PGM took a quarter
    of a second (it reads one pixel a call) and a page sent through stdin another third (tesseract
    copies stdin a character at a time). The file has no name, so nothing is left behind when the
    worker is killed."""
    if image.mode not in ("L", "RGB"):
        image = image.convert("L")
    with tempfile.TemporaryFile(prefix="vanthu-ocr-") as page:
        image.save(page, format="TIFF")  # uncompressed: cheap to write and to read
        page.flush()
        fd = page.fileno()
        try:
            done = subprocess.run(
                ["tesseract", f"/dev/fd/{fd}", "stdout", *args],
                stdin=subprocess.DEVNULL,
                capture_output=True,
                env=_ENV,
                timeout=timeout,
                check=False,
                pass_fds=(fd,),
            )
        except FileNotFoundError as exc:
            raise ReadError("ocr_unavailable", "tesseract not found") from exc
        except subprocess.TimeoutExpired as exc:
            raise ReadError("timeout", "tesseract took too long") from exc
    if done.returncode != 0:
        raise ReadError("ocr_failed", done.stderr.decode("utf-8", "replace")[-300:])
    return done.stdout.decode("utf-8", "replace")


def estimate_skew(image: Image.Image) -> float:
    """The angle (degrees) that makes text lines horizontal: the sharpest row profile wins.

    The profile of the page turned by a small angle is taken without turning it: the binarised small
    copy is cut into upright strips, each strip's row profile is computed once, and for each angle the
    strips' profiles are slid up or down by the height the angle gives at the strip's centre (a shear,
    which for ±4° is the rotation to within 0.3% of a line's height) and added. That is 33 shears of
    a 32-pixel-wide image instead of 17 rotations of a 900-pixel-wide one (80 ms a page to 12 ms),
    the angle turning found on each of the corpus's 47 scanned text pages, and within a quarter
    degree of it on them turned 2.5° or 3° more (its seal-only pages have no lines to go by)."""
    gray = image if image.mode == "L" else image.convert("L")  # only read: no copy of the page
    factor = max(1, round(gray.width / _SKEW_WIDTH))
    small = gray.reduce(factor) if factor > 1 else gray
    ink = small.point(lambda v: 255 if v < 160 else 0)
    width, height = ink.size
    strips = ink.resize((_SKEW_STRIPS, height), Image.Resampling.BOX)
    strip = width / _SKEW_STRIPS
    best_angle, best_score = 0.0, -1.0
    for angle in _SKEW_ANGLES:  # in order: of equal scores the first wins
        slope = math.tan(math.radians(angle))
        # row y of strip x (centre at (x + 0.5) * strip) comes from row y + slope * (its centre - middle)
        shift = (1, 0, 0, slope * strip, 1, slope * strip * (0.5 - _SKEW_STRIPS / 2))
        sheared = (
            strips.transform(
                strips.size, Image.Transform.AFFINE, shift, Image.Resampling.NEAREST, fillcolor=0
            )
            if angle
            else strips
        )
        score = ImageStat.Stat(sheared.resize((1, height), Image.Resampling.BOX)).var[0]
        if score > best_score + 1e-9:
            best_angle, best_score = angle, score
    return best_angle


def _osd_rotation(image: Image.Image) -> int:
    """Degrees to turn the page clockwise, from tesseract's orientation detection."""
    small = image.convert("L")
    if small.width > 1800:
        small = small.resize((small.width // 2, small.height // 2), Image.Resampling.BILINEAR)
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


def _read_once(image: Image.Image, languages: str = LANGUAGES) -> OcrLayout:
    grids = find_grids(find_rules(image, least_horizontal=MIN_GRID_RULES))
    if grids:  # the text of a ruled table reads better without its rules
        image = erase_grids(image, grids)
    leaders = find_leaders(image)
    if leaders:  # a form's line of dots makes tesseract drop the line, label and all
        image = erase_leaders(image, leaders)
    return layout_tsv(_run_tesseract(image, ["-l", languages, "--psm", "3", "tsv"]), grids)


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


def ocr_image(image: Image.Image, languages: str = LANGUAGES) -> OcrPage:
    """Read one page image: deskew, read; if it reads poorly (but reads some words), set it upright by
    tesseract's orientation detection and read again."""
    image = drop_seal(image)
    skew = estimate_skew(image)
    if abs(skew) >= 0.5:
        from service.readers.turn import turn  # OpenCV: imported when a page needs it

        image = turn(image, skew)
    first = _read_once(image, languages)
    if first.confidence is None:  # no word at all: a blank page, nothing for orientation to go by
        return OcrPage(first.text, first.confidence, 0, skew, first.blocks)
    if first.confidence >= _GOOD_CONFIDENCE and measure_text(first.text).score > 0.5:
        return OcrPage(first.text, first.confidence, 0, skew, first.blocks)
    rotation = _osd_rotation(image)
    if rotation:
        # OSD says how far the page is turned clockwise; PIL turns counter-clockwise
        turned = _read_once(image.rotate(-rotation, expand=True), languages)
        if (turned.confidence or 0) > (first.confidence or 0):
            return OcrPage(turned.text, turned.confidence, rotation, skew, turned.blocks)
    return OcrPage(first.text, first.confidence, 0, skew, first.blocks)


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
        # exif_transpose gives a copy (turned or not): no second copy of the page first
        frame = ImageOps.exif_transpose(img) if index == 0 else img.copy()
    if frame.mode not in ("L", "RGB"):
        frame = frame.convert("RGB") if frame.mode in ("RGBA", "P", "CMYK", "LA") else frame.convert("L")
    return ocr_image(frame)


def _job_result(job: Callable[..., OcrPage], *args: object) -> tuple[str, OcrPage | tuple[str, str]]:
    """Run in a worker; a ReadError travels back as data (its code would not survive pickling)."""
    try:
        return "ok", job(*args)
    except ReadError as exc:
        return "error", (exc.code, exc.detail)


def _run_parallel(job: Callable[..., OcrPage], args: list[tuple], workers: int) -> list[OcrPage]:
    check_tesseract()
    note_pages(len(args))  # in a reader pool worker, the read's time allowance grows with its pages
    if len(args) <= 1 or workers <= 1:
        return [job(*a) for a in args]
    with ProcessPoolExecutor(max_workers=min(workers, len(args))) as pool:
        futures = [pool.submit(_job_result, job, *a) for a in args]
        results = []
        for future in futures:
            _, payload = future.result()
            if not isinstance(payload, OcrPage):
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
