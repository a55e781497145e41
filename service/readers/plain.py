"""Plain text (.txt) → Unicode NFC, whatever it was saved in: UTF-8, UTF-16, cp1258, TCVN3, VNI."""

from __future__ import annotations

import re
from pathlib import Path

from service.errors import ReadError
from service.models import Block, PageText, Paragraph, ReadResult
from service.readers.limits import Limits
from service.text.legacy import convert_legacy, detect_legacy
from service.text.normalize import nfc
from service.text.quality import TextQuality, measure_text

_MIN_SCORE = 0.25  # below this no decoding reads as Vietnamese
_SAMPLE = 64 * 1024


def _candidates(data: bytes) -> dict[str, str]:
    """Each single-byte reading of the bytes: cp1258, and TCVN3 / VNI on their code page."""
    found = {}
    try:
        found["cp1258"] = nfc(data.decode("cp1258"))
    except UnicodeDecodeError:
        pass
    latin = data.decode("latin-1")
    found["tcvn3"] = convert_legacy(latin, "tcvn3")
    found["vni"] = convert_legacy(data.decode("cp1252", errors="replace"), "vni")
    return found


def decode_text(data: bytes) -> tuple[str, str]:
    """(text, encoding name) of the bytes of a text file; ReadError('unknown_encoding')."""
    if data.startswith(b"\xef\xbb\xbf"):
        return _maybe_legacy(data[3:].decode("utf-8", errors="replace"), "utf-8-sig")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _maybe_legacy(data.decode("utf-16", errors="replace"), "utf-16")
    try:
        return _maybe_legacy(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    scored: list[tuple[float, str, TextQuality]] = []
    for name, text in _candidates(data[:_SAMPLE]).items():  # a sample decides, the whole converts
        quality = measure_text(text)
        scored.append((quality.score, name, quality))
    scored.sort(key=lambda t: t[0], reverse=True)
    best_score, name, quality = scored[0]
    if best_score < _MIN_SCORE or quality.words == 0:
        raise ReadError("unknown_encoding", f"best reading {name} scored {best_score:.2f}")
    return _candidates(data)[name], name


def _maybe_legacy(text: str, encoding: str) -> tuple[str, str]:
    """Legacy stand-in characters may have been saved as UTF-8 too ("Coäng hoøa")."""
    if any(ord(ch) > 127 for ch in text[:20000]):
        legacy = detect_legacy(text[:20000])
        if legacy != "unicode":
            return convert_legacy(text, legacy), f"{encoding}+{legacy}"
    return nfc(text), encoding


def read_txt(path: Path, limits: Limits = Limits()) -> ReadResult:
    text, encoding = decode_text(path.read_bytes())
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ReadError("no_text", "the file holds only white space")
    pages = [PageText(i + 1, page, "text") for i, page in enumerate(text.split("\f"))]
    blocks: list[Block] = [
        Paragraph(part.strip("\n"), p.number) for p in pages for part in _paragraphs(p.text)
    ]
    return ReadResult(text=text, format="txt", pages=pages, encoding=encoding, blocks=blocks)


def _paragraphs(text: str) -> list[str]:
    """Runs of lines between blank lines: plain text knows no other structure."""
    return [part for part in re.split(r"\n[ \t]*\n", text) if part.strip()]
