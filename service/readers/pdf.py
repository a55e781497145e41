"""PDF → text: the text layer (pypdf) with widget appearances in place, OCR where the layer is
missing or not real Vietnamese, and the digital signatures."""

from __future__ import annotations

import dataclasses
import io
import logging
import re
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import FileNotDecryptedError, PdfReadError

from service.errors import ReadError
from service.models import Block, PageText, Paragraph, ReadResult, SignatureInfo, map_block_text
from service.readers.fonts import fonts_parsed_once
from service.readers.layout import page_text
from service.readers.limits import Limits
from service.readers.ocr import ocr_pdf_pages
from service.readers.signatures import read_signatures
from service.readers.tables import draws_rules, page_blocks, pdf_tables
from service.readers.widgets import read_widgets
from service.text.normalize import nfc
from service.text.quality import measure_text

# pypdf logs every oddity of real-world files; the reader reports what matters as warnings
logging.getLogger("pypdf").setLevel(logging.ERROR)

PAGE_BREAK = "\n\f\n"
STAMP_HEADING = "--- Chữ ký số ---"
_MIN_WORDS = 15  # fewer words than this on a page with a picture: a scan
_MIN_IMAGE_SIDE = 600  # pixels: smaller images are logos and stamps, not pages

# lines of a signature stamp that e-office systems print into the text layer
_STAMP_LINE = re.compile(
    r"^\s*(ký bởi|người ký|ngày ký|thời gian ký|cơ quan:|email:|signed by|signature valid|"
    r"ký số bởi)|\d{1,2}[./-]\d{1,2}[./-]\d{4}\s+\d{1,2}:\d{2}(:\d{2})?\s*([+-]\d{2}:?\d{2})?\s*$",
    re.IGNORECASE,
)


def has_page_image(page, depth: int = 0) -> bool:
    """Whether the page (or a form it draws) shows a picture big enough to be a scanned page."""
    if depth > 5:
        return False
    try:
        resources = page.get("/Resources")
        xobjects = resources.get_object().get("/XObject") if resources else None
        for ref in (xobjects or {}).values():
            obj = ref.get_object()
            if (
                obj.get("/Subtype") == "/Image"
                and max(int(obj.get("/Width", 0)), int(obj.get("/Height", 0))) >= _MIN_IMAGE_SIDE
            ):
                return True
            if obj.get("/Subtype") == "/Form" and has_page_image(obj, depth + 1):
                return True
    except Exception:
        return False
    return False


def split_stamp(text: str) -> tuple[str, list[str]]:
    """Move signature-stamp lines found at the top of a page's text out of the way."""
    lines = text.split("\n")
    stamp: list[str] = []
    head = min(len(lines), 12)
    kept_head: list[str] = []
    for line in lines[:head]:
        (stamp if _STAMP_LINE.search(line) else kept_head).append(line)
    return "\n".join(kept_head + lines[head:]), [s.strip() for s in stamp if s.strip()]


def page_needs_ocr(text: str, has_image: bool) -> tuple[bool, str]:
    """Whether a page's text layer must be replaced by OCR, and why."""
    # A sample says whether the layer is real Vietnamese as well as the whole page does.
    quality = measure_text(text[:2500])
    if quality.words < _MIN_WORDS:
        return (has_image, "no_text_layer") if has_image else (False, "")
    if not quality.is_vietnamese():
        return True, "bad_text_layer"
    return False, ""


def _open(data: bytes) -> PdfReader:
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, RecursionError) as exc:
        raise ReadError("corrupt_pdf", str(exc)[:300]) from exc
    if reader.is_encrypted:
        try:
            opened = reader.decrypt("")
        except (NotImplementedError, PdfReadError, ValueError) as exc:
            raise ReadError("encrypted_pdf", str(exc)[:200]) from exc
        if not opened:
            raise ReadError("encrypted_pdf", "a password is needed to open it")
    return reader


@dataclasses.dataclass
class _TextLayer:
    """What the pages' text layers give: each page's text, the stamp lines moved out of it, the
    widgets' appearance texts by field name (for the signatures) and the pages OCR must redo."""

    pages: list[PageText]
    stamps: list[str]
    appearances: dict[str, str]
    to_ocr: dict[int, str]  # 0-based page → why (no_text_layer, bad_text_layer)


def read_pdf(path: Path, limits: Limits = Limits()) -> ReadResult:
    data = path.read_bytes()
    reader = _open(data)
    warnings: list[str] = []
    if reader.is_encrypted:
        warnings.append("encrypted_pdf_no_password")
    _check_pages(reader, limits)
    with fonts_parsed_once():
        layer = _text_layer(reader)
    pages = layer.pages
    blocks_by_page: dict[int, list[Block]] = {}
    if layer.to_ocr:
        pages = _ocr_into(path, pages, layer.to_ocr, limits, warnings, blocks_by_page)
    blocks = _blocks(path, reader, pages, blocks_by_page)
    signatures = read_signatures(reader, data, layer.appearances)
    warnings += _signature_warnings(signatures)
    return _result(pages, blocks, layer.stamps, signatures, warnings)


def _check_pages(reader: PdfReader, limits: Limits) -> None:
    try:
        count = len(reader.pages)
    except (PdfReadError, FileNotDecryptedError, RecursionError, KeyError, ValueError) as exc:
        raise ReadError("corrupt_pdf", str(exc)[:300]) from exc
    if count > limits.max_pages:
        raise ReadError("too_many_pages", f"{count} pages, limit {limits.max_pages}")
    if count == 0:
        raise ReadError("corrupt_pdf", "no pages")


def _text_layer(reader: PdfReader) -> _TextLayer:
    """Each page's text layer with its widgets' texts in place, and the pages to OCR."""
    layer = _TextLayer([], [], {}, {})
    for index, page in enumerate(reader.pages):
        try:
            widgets = read_widgets(page)
            text, leftover = page_text(page, widgets)
        except (PdfReadError, RecursionError, KeyError, ValueError, TypeError) as exc:
            raise ReadError("corrupt_pdf", f"page {index + 1}: {exc}"[:300]) from exc
        for widget in widgets:
            if widget.field_name:
                layer.appearances[widget.field_name] = nfc(widget.text)
        layer.stamps.extend(nfc(w.text) for w in leftover)
        text, stamp_lines = split_stamp(nfc(text))
        layer.stamps.extend(stamp_lines)
        needs, reason = page_needs_ocr(text, has_page_image(page))
        if needs:
            layer.to_ocr[index] = reason
        layer.pages.append(PageText(index + 1, text.strip("\n"), "text"))
    if not layer.to_ocr and not any(p.text.strip() for p in layer.pages):
        # no words anywhere and no picture found: text drawn as outlines, or an odd scanner
        layer.to_ocr = {p.number - 1: "no_text_layer" for p in layer.pages}
    return layer


def _signature_warnings(signatures: list[SignatureInfo]) -> list[str]:
    warnings = []
    for sig in signatures:
        if sig.intact is False:
            warnings.append(f"signature_not_intact:{sig.field_name}")
        elif "does not verify" in sig.detail:
            warnings.append(f"signature_invalid:{sig.field_name}")
    return warnings


def _result(
    pages: list[PageText],
    blocks: list[Block],
    stamps: list[str],
    signatures: list[SignatureInfo],
    warnings: list[str],
) -> ReadResult:
    """The document: its pages' text joined, the signature stamps' lines after the body."""
    text = PAGE_BREAK.join(p.text for p in pages)
    stamps = list(dict.fromkeys(s for s in stamps if s))
    if stamps:
        text += "\n\n" + STAMP_HEADING + "\n" + "\n".join(stamps)
        blocks.append(Paragraph(STAMP_HEADING + "\n" + "\n".join(stamps), pages[-1].number))
    text = nfc(text).strip()
    if not any(p.text.strip() for p in pages):
        raise ReadError("no_text", "no text on any page")
    fmt = "pdf_scanned" if any(p.source == "ocr" for p in pages) else "pdf_text"
    return ReadResult(
        text=text,
        format=fmt,
        pages=pages,
        signatures=signatures,
        warnings=warnings,
        blocks=[map_block_text(b, nfc) for b in blocks],
    )


def _blocks(
    path: Path, reader: PdfReader, pages: list[PageText], ocr_blocks: dict[int, list[Block]]
) -> list[Block]:
    """The pages' blocks in order: an OCR'd page's from its layout, a text page's text cut around
    the ruled tables pdfplumber finds on it."""
    ruled: list[int] = []
    for i, page in enumerate(pages):
        # after a page with a table, a lone row (a row the page's end broke) is a table too
        one_row = bool(ruled) and ruled[-1] == i - 1
        if i not in ocr_blocks and page.text.strip() and _draws_rules(reader, i, one_row=one_row):
            ruled.append(i)
    tables = pdf_tables(path, ruled) if ruled else {}
    blocks: list[Block] = []
    for index, page in enumerate(pages):
        if index in ocr_blocks:
            blocks.extend(ocr_blocks[index])
        elif page.text.strip():
            blocks.extend(page_blocks(page.text, tables.get(index, []), index + 1))
    return blocks


def _draws_rules(reader: PdfReader, index: int, *, one_row: bool = False) -> bool:
    try:
        content = reader.pages[index].get_contents()
        return content is not None and draws_rules(content.get_data(), one_row=one_row)
    except (PdfReadError, RecursionError, KeyError, ValueError, TypeError, AttributeError):
        return False


def _ocr_into(
    path: Path,
    pages: list[PageText],
    to_ocr: dict[int, str],
    limits: Limits,
    warnings: list[str],
    blocks_by_page: dict[int, list[Block]],
) -> list[PageText]:
    indexes = sorted(to_ocr)
    results = ocr_pdf_pages(
        path, indexes, dpi=limits.ocr_dpi, workers=limits.ocr_workers, max_pixels=limits.max_pixels
    )
    pages = list(pages)
    for index, result in zip(indexes, results):
        old = pages[index]
        if to_ocr[index] == "bad_text_layer":
            warnings.append(f"bad_text_layer_replaced:page{index + 1}")
            if measure_text(result.text).score < measure_text(old.text).score:
                warnings.append(f"ocr_worse_than_text_layer:page{index + 1}")
                continue
        if result.rotated:
            warnings.append(f"page_rotated:{index + 1}:{result.rotated}")
        pages[index] = PageText(index + 1, result.text, "ocr", result.confidence)
        blocks_by_page[index] = [dataclasses.replace(b, page=index + 1) for b in result.blocks]
    return pages
