"""What a reader gives: a document's text, pages, blocks (paragraphs, tables) and signatures."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class SignatureInfo:
    """A digital signature (chữ ký số) found in a PDF."""

    field_name: str = ""
    signer_name: str = ""
    organisation: str = ""
    signing_time: datetime | None = None
    intact: bool | None = None  # the signed bytes are unchanged
    covers_whole_file: bool | None = None
    appearance_text: str = ""  # text drawn in the signature field (often the number and day)
    detail: str = ""

    def to_json(self) -> dict[str, Any]:
        d = dataclasses.asdict(self)
        d["signing_time"] = self.signing_time.isoformat() if self.signing_time else None
        return d


@dataclass(frozen=True)
class PageText:
    number: int  # 1-based
    text: str
    source: str = "text"  # "text" (text layer), "ocr", "widget"
    ocr_confidence: float | None = None  # tesseract's mean word confidence, 0–100


Box = tuple[float, float, float, float]  # left, top, right, bottom on its page


@dataclass(frozen=True)
class Paragraph:
    """A piece of running text (đoạn văn) in reading order: a paragraph of a Word file, the text of
    a PDF page between its tables, a text block of an OCR'd page. May hold line breaks."""

    text: str
    page: int = 1  # 1-based
    box: Box | None = None  # where it is printed, when the reader knows (PDF points or image pixels)


@dataclass(frozen=True)
class Table:
    """A table (bảng) as printed: a rectangular grid of cell texts, top to bottom, left to right.

    ``rows[r][c]`` is the NFC text of grid row ``r``, column ``c`` (a cell's lines joined by
    "\n"). A cell merged across columns or rows holds its text at its top-left position and ""
    at the positions it covers, so that every row has ``width`` cells and no value is counted
    twice; ``merged`` lists those cells as (row, column, rows spanned, columns spanned).
    ``source`` says how the grid was found: "docx" (the file's own table), "pdf" (ruling lines of
    a text PDF, pdfplumber), "ocr" (the ruling lines of a scanned page, words placed by their boxes).
    """

    rows: tuple[tuple[str, ...], ...]
    page: int = 1  # 1-based page where the table starts
    source: str = "docx"
    merged: tuple[tuple[int, int, int, int], ...] = ()
    box: Box | None = None

    @property
    def width(self) -> int:
        return len(self.rows[0]) if self.rows else 0

    def column(self, index: int) -> list[str]:
        """The cells of one column, top to bottom."""
        return [row[index] for row in self.rows]

    def flat_text(self) -> str:
        """The cells row by row, each on its own lines: how a reader's ``text`` shows a table."""
        return "\n".join(cell for row in self.rows for cell in row if cell.strip())


Block = Paragraph | Table


def map_block_text(block: Block, fn: Callable[[str], str]) -> Block:
    """The block with ``fn`` applied to its text (every cell of a table): NFC, a legacy encoding."""
    if isinstance(block, Table):
        return dataclasses.replace(block, rows=tuple(tuple(fn(c) for c in row) for row in block.rows))
    return dataclasses.replace(block, text=fn(block.text))


@dataclass
class ReadResult:
    """What a reader makes of one file: NFC text and what else it could see.

    ``text`` is the whole document as one string (tables flattened cell by cell): what search, the
    register and the text rules read. ``blocks`` is the same document as a structure, in reading
    order: ``Paragraph`` and ``Table`` items, so that a table's rows and cells are not lost
    (a task table gives one deadline per row; a unit's report table can be added up). A reader
    that finds no table gives the paragraphs alone; ``blocks`` may be empty only for a reader that
    does not know its structure (then ``text`` is all there is).
    """

    text: str
    format: str  # docx, pdf_text, pdf_scanned, txt, image, doc, odt, rtf
    pages: list[PageText] = field(default_factory=list)
    signatures: list[SignatureInfo] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    encoding: str | None = None
    blocks: list[Block] = field(default_factory=list)
    ocr_text: str | None = None  # the text as OCR read it, where ``text`` is its correction

    @property
    def tables(self) -> list[Table]:
        """The tables of the document, in reading order."""
        return [b for b in self.blocks if isinstance(b, Table)]
