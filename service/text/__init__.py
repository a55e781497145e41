"""Pure text helpers: NFC, accent folding, legacy Vietnamese encodings, OCR-tolerant matching."""

from service.text.normalize import fold, nfc, normalize_space

__all__ = ["fold", "nfc", "normalize_space"]
