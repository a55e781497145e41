"""Per-file limits (giới hạn) on what a reader may spend on one document."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    """Set in the config; the defaults suit a small office's machine."""

    max_bytes: int = 200 * 2**20  # the file on disk
    max_pages: int = 500
    max_seconds: float = 120.0  # wall time of a guarded read, before its pages' allowance
    seconds_per_page: float = 20.0  # more wall time for each page the read sends to OCR
    max_seconds_total: float = 1800.0  # the most any read may take, however many pages
    max_pixels: int = 180_000_000  # one image (Pillow's decompression-bomb guard)
    max_memory_mb: int = 2048  # address space of the guarded child process
    ocr_workers: int = 2  # parallel tesseract processes
    max_unzipped_bytes: int = 512 * 2**20  # all members of a .docx together, uncompressed
    max_zip_ratio: int = 200  # uncompressed / compressed, for members over 1 MiB
    ocr_dpi: int = 300

    def seconds_for(self, ocr_pages: int) -> float:
        """Wall time allowed a read that sends `ocr_pages` pages to OCR: the base, the pages'
        allowance, never past `max_seconds_total` (nor under the base)."""
        return max(
            self.max_seconds,
            min(self.max_seconds_total, self.max_seconds + self.seconds_per_page * ocr_pages),
        )
