"""Guarded reading: a child process under time and memory limits; the caller survives."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.errors import ReadError
from service.readers import Limits, read_document, read_document_guarded
from tests.conftest import CORPUS, require_shared, require_tool
from tests.readers.makers import png_claiming, write_header_docx


def test_guarded_gives_the_same_result(tmp_path: Path) -> None:
    path = tmp_path / "cv.docx"
    write_header_docx(path)
    assert read_document_guarded(path).text == read_document(path).text


def test_guarded_passes_read_errors_through(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    with pytest.raises(ReadError) as err:
        read_document_guarded(path)
    assert err.value.code == "empty_file"


def test_time_limit_ends_the_read(tmp_path: Path) -> None:
    require_tool("tesseract")
    scan = require_shared(
        CORPUS / "vb-021.pdf", "a corpus scan"
    )  # its text layer is garbage: OCR takes seconds
    with pytest.raises(ReadError) as err:
        read_document_guarded(scan, Limits(max_seconds=0.5, seconds_per_page=0))
    assert err.value.code == "timeout"
    # the service goes on: the next read works
    path = tmp_path / "cv.docx"
    write_header_docx(path)
    assert "904/KH-UBND" in read_document_guarded(path).text


def test_memory_limit_ends_the_read(tmp_path: Path) -> None:
    # a small PNG that claims 40000 x 40000 pixels: with the pixel guard set high, decoding it
    # asks for 1.6 GB, over the child's address-space limit
    path = tmp_path / "huge.png"
    path.write_bytes(png_claiming(40000, 40000))
    with pytest.raises(ReadError) as err:
        read_document_guarded(path, Limits(max_pixels=2**31, max_memory_mb=1024))
    assert err.value.code == "too_large"
