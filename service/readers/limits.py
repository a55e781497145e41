"""Per-file limits (giới hạn) on what a reader may spend on one document."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    """Set in the config; the defaults suit a small office's machine."""

    max_bytes: int = 200 * 2**20  # the file on disk
    max_pages: int = 500
    max_seconds: float = 120.0  # wall time of a guarded read
    max_pixels: int = 180_000_000  # one image (Pillow's decompression-bomb guard)
    max_memory_mb: int = 2048  # address space of the guarded child process
    ocr_workers: int = 2  # parallel tesseract processes
    max_unzipped_bytes: int = 512 * 2**20  # all members of a .docx together, uncompressed
    max_zip_ratio: int = 200  # uncompressed / compressed, for members over 1 MiB
    ocr_dpi: int = 300
