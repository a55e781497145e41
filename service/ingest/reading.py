"""What a reader worker does for one inbox file: read it, then extract its fields (trích xuất).

Runs in a guarded pool worker (service/readers/pool.py), so that a file that makes extraction
slow or fail costs that file, never the watcher. Each step is one call here, in order.
"""

from __future__ import annotations

import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from service.extract import extract_fields
from service.ingest.correction import finish_fields, needs_correction
from service.models import Fields, Organisation, ReadResult
from service.readers import read_document
from service.readers.limits import Limits
from service.text.correct import Correction

if TYPE_CHECKING:
    from service.ingest.edxml import MessageIntake

# Extraction's time grows with the text: a 9 MB one-line file held the watcher for half a minute.
# The header is at the start and the signature block and recipients at the end, so a very long
# text is analysed by its head and tail (the full text is still stored and searchable).
EXTRACT_HEAD_CHARS = 400_000
EXTRACT_TAIL_CHARS = 100_000
TRUNCATED_WARNING = "Văn bản rất dài: chỉ trích xuất thông tin từ phần đầu và phần cuối."
EXTRACT_FAILED_WARNING = "Không trích xuất được thông tin; đề nghị văn thư nhập tay."


@dataclass(frozen=True)
class Reading:
    """A file read and its fields extracted; `extract_error` says why extraction failed, if it did."""

    read: ReadResult
    fields: Fields
    extract_error: str | None = None


@dataclass(frozen=True)
class MessageRead:
    """An edXML message opened (service/ingest/messages.py): what it is, and for one that registers,
    its reading (its main attachment's text, the header's fields)."""

    intake: MessageIntake
    reading: Reading | None = None


@dataclass(frozen=True)
class OcrRead:
    """Text read from an image: the service's process corrects it, then extracts its fields."""

    read: ReadResult


def text_for_extraction(text: str) -> tuple[str, bool]:
    """The text handed to extraction, and whether it was shortened."""
    if len(text) <= EXTRACT_HEAD_CHARS + EXTRACT_TAIL_CHARS:
        return text, False
    return text[:EXTRACT_HEAD_CHARS] + "\n\n" + text[-EXTRACT_TAIL_CHARS:], True


def extract(
    read: ReadResult, org: Organisation | None, holidays, correction: Correction | None = None
) -> tuple[Fields, str | None]:
    """The fields of a read file, names snapped and corrected words rated. A bug in extraction must
    not lose the file: it is registered with empty fields and a warning for the clerk, and the
    caller logs the error."""
    text, shortened = text_for_extraction(read.text)
    try:
        fields = extract_fields(
            text, org=org, signatures=read.signatures, holidays=holidays, tables=read.tables
        )
        finish_fields(fields, correction, org)
    except Exception as exc:
        return Fields(warnings=[EXTRACT_FAILED_WARNING]), f"{exc!r}\n{traceback.format_exc(limit=5)}"[:2000]
    if shortened:
        fields.warnings.append(TRUNCATED_WARNING)
    return fields, None


def read_and_extract(path: Path, limits: Limits, org: Organisation | None, holidays) -> Reading | OcrRead:
    """The worker's task for one file. Raises ReadError (the file is then quarantined). Text read
    from an image comes back without fields: the office's OCR corrector (in the service's process,
    grown as documents arrive) corrects it first, then extraction runs there."""
    read = read_document(path, limits)
    if needs_correction(read) and read.text.strip():
        return OcrRead(read)
    fields, error = extract(read, org, holidays)
    return Reading(read, fields, error)
