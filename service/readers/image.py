"""Images (JPEG, PNG, TIFF, multi-page TIFF) → text by OCR, within the pixel and page limits."""

from __future__ import annotations

import dataclasses
import warnings as pywarnings
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from service.errors import ReadError
from service.models import PageText, ReadResult
from service.readers.limits import Limits
from service.readers.ocr import ocr_image_frames


def count_frames(path: Path, limits: Limits) -> int:
    """Open the image under the pixel limit (decompression bomb → too_many_pixels)."""
    Image.MAX_IMAGE_PIXELS = limits.max_pixels
    try:
        with pywarnings.catch_warnings():
            pywarnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as img:
                frames = getattr(img, "n_frames", 1)
                if frames > limits.max_pages:
                    raise ReadError("too_many_pages", f"{frames} frames, limit {limits.max_pages}")
                for index in range(frames):
                    img.seek(index)
                    width, height = img.size
                    if width * height > limits.max_pixels:
                        raise ReadError("too_many_pixels", f"frame {index + 1}: {width}x{height}")
                return frames
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ReadError("too_many_pixels", str(exc)[:200]) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as exc:
        raise ReadError("unsupported_format", f"image unreadable: {exc}"[:300]) from exc


def read_image(path: Path, limits: Limits = Limits()) -> ReadResult:
    frames = count_frames(path, limits)
    results = ocr_image_frames(path, frames, max_pixels=limits.max_pixels, workers=limits.ocr_workers)
    pages = [PageText(i + 1, r.text, "ocr", r.confidence) for i, r in enumerate(results)]
    warnings = [f"page_rotated:{i + 1}:{r.rotated}" for i, r in enumerate(results) if r.rotated]
    text = "\n\f\n".join(p.text for p in pages).strip()
    if not text:
        raise ReadError("ocr_failed", "no text recognised")
    blocks = [dataclasses.replace(b, page=i + 1) for i, r in enumerate(results) for b in r.blocks]
    return ReadResult(text=text, format="image", pages=pages, warnings=warnings, blocks=blocks)
