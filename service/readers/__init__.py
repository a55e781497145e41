"""Readers (bộ đọc): file → text. The only code that opens documents.

`read_document` dispatches on what the file really is (its first bytes), not on its name;
`read_document_guarded` does the same in a guarded worker process (service/readers/pool.py) under
time and memory limits, so that a hostile or broken file ends as a `ReadError` and the service goes
on.
"""

from __future__ import annotations

from pathlib import Path

from service.errors import ReadError
from service.models import ReadResult
from service.readers.limits import Limits
from service.readers.sniff import EXTENSION_KINDS, sniff_kind

__all__ = ["Limits", "ReadError", "ReadResult", "read_document", "read_document_guarded"]

_SNIFF_BYTES = 4096


def _kind_of(path: Path) -> tuple[str, list[str]]:
    with path.open("rb") as fh:
        head = fh.read(_SNIFF_BYTES)
    kind = sniff_kind(path, head)
    promised = EXTENSION_KINDS.get(path.suffix.lower())
    if kind in (None, "zip"):
        if promised:
            raise ReadError("wrong_extension", f"{path.suffix} but the content is not {promised}")
        raise ReadError("unsupported_format", f"unknown content, extension {path.suffix!r}")
    warnings = []
    if kind == "html":
        # a web page: through LibreOffice when it poses as a Word file, else as plain text
        kind = "html_doc" if promised in ("doc", "docx", "rtf") else "txt"
        warnings.append("html_content")
    if promised and promised != kind and kind != "html_doc":
        warnings.append(f"extension_mismatch:{path.suffix.lower()}:{kind}")
    return kind, warnings


def read_document(path: Path, limits: Limits = Limits()) -> ReadResult:
    """Read one file in this process. Raises ReadError with a stable code."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ReadError("internal", f"cannot stat: {exc}") from exc
    if size == 0:
        raise ReadError("empty_file")
    if size > limits.max_bytes:
        raise ReadError("too_large", f"{size} bytes, limit {limits.max_bytes}")
    kind, warnings = _kind_of(path)
    if kind == "docx":
        from service.readers.docx import read_docx

        result = read_docx(path, limits)
    elif kind == "pdf":
        from service.readers.pdf import read_pdf

        result = read_pdf(path, limits)
    elif kind == "txt":
        from service.readers.plain import read_txt

        result = read_txt(path, limits)
    elif kind == "image":
        from service.readers.image import read_image

        result = read_image(path, limits)
    else:  # doc, odt, rtf, or a web page saved under a Word name
        from service.readers.office import read_office

        result = read_office(path, "doc" if kind == "html_doc" else kind, limits, html=kind == "html_doc")
    result.warnings[:0] = warnings
    return result


def read_document_guarded(path: Path, limits: Limits = Limits()) -> ReadResult:
    """Read one file in a pool worker with `limits.max_memory_mb` and `limits.max_seconds` (and more
    for each page sent to OCR, up to `limits.max_seconds_total`)."""
    from service.readers.pool import shared_pool

    return shared_pool().run(read_document, Path(path), limits, limits=limits)
