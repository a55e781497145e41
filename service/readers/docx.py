"""Word .docx → text in reading order: body paragraphs and tables, text boxes, headers, footers.

The XML is walked directly (lxml) so that tables stay in their place among the paragraphs and each
run's font can be seen: a run in a legacy font (.VnTime → TCVN3, VNI-Times → VNI) is converted.
"""

from __future__ import annotations

import functools
import posixpath
from pathlib import Path

from lxml import etree

from service.errors import ReadError
from service.models import Block, PageText, Paragraph, ReadResult, Table, map_block_text
from service.readers.limits import Limits
from service.readers.package import Package
from service.text.legacy import convert_legacy, detect_legacy, font_encoding
from service.text.normalize import nfc
from service.text.quality import measure_text

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_W = "{%s}" % W
_FALLBACK = "{%s}Fallback" % MC
_TXBX = _W + "txbxContent"
_FONT_ATTRS = (_W + "hAnsi", _W + "ascii", _W + "cs")


class _Fonts:
    """Font of a run: its own rFonts, else its character style, paragraph style, defaults."""

    def __init__(self, styles: etree._Element | None):
        self.style_font: dict[str, str | None] = {}
        self.based_on: dict[str, str] = {}
        self.default: str | None = None
        self.default_para_style: str | None = None
        if styles is None:
            return
        defaults = styles.find(f"{_W}docDefaults/{_W}rPrDefault/{_W}rPr/{_W}rFonts")
        self.default = _font_of(defaults)
        for style in styles.iter(_W + "style"):
            sid = style.get(_W + "styleId")
            if not sid:
                continue
            self.style_font[sid] = _font_of(style.find(f"{_W}rPr/{_W}rFonts"))
            if style.get(_W + "type") == "paragraph" and style.get(_W + "default") in ("1", "true"):
                self.default_para_style = sid
            base = style.find(_W + "basedOn")
            if base is not None and base.get(_W + "val"):
                self.based_on[sid] = base.get(_W + "val")

    def of_style(self, sid: str | None) -> str | None:
        seen = set()
        while sid and sid not in seen:
            seen.add(sid)
            if self.style_font.get(sid):
                return self.style_font[sid]
            sid = self.based_on.get(sid)
        return None

    def of_run(self, run: etree._Element, para_style: str | None) -> str | None:
        rpr = run.find(_W + "rPr")
        if rpr is not None:
            own = _font_of(rpr.find(_W + "rFonts"))
            if own:
                return own
            rstyle = rpr.find(_W + "rStyle")
            if rstyle is not None:
                font = self.of_style(rstyle.get(_W + "val"))
                if font:
                    return font
        return self.of_style(para_style or self.default_para_style) or self.default


def _font_of(rfonts: etree._Element | None) -> str | None:
    if rfonts is None:
        return None
    for attr in _FONT_ATTRS:
        if rfonts.get(attr):
            return rfonts.get(attr)
    return None


class _Walker:
    def __init__(self, fonts: _Fonts):
        self.fonts = fonts
        self.legacy: set[str] = set()

    def block_lines(self, parent: etree._Element) -> list[str]:
        """Paragraphs and tables of a body, cell, header or text box, in order."""
        lines: list[str] = []
        for child in parent:
            tag = child.tag
            if tag == _W + "p":
                lines.extend(self.paragraph_lines(child))
            elif tag == _W + "tbl":
                lines.extend(self.table_lines(child))
            elif tag in (_W + "sdt", _W + "customXml"):
                content = child.find(_W + "sdtContent") if tag == _W + "sdt" else child
                if content is not None:
                    lines.extend(self.block_lines(content))
        return lines

    def body_blocks(self, parent: etree._Element) -> tuple[list[str], list[Block]]:
        """Lines of a body (as ``block_lines``) and its blocks: each paragraph, each table as a grid."""
        lines: list[str] = []
        blocks: list[Block] = []
        for child in parent:
            tag = child.tag
            if tag == _W + "p":
                own = self.paragraph_lines(child)
                lines.extend(own)
                if any(line.strip() for line in own):
                    blocks.append(Paragraph("\n".join(own)))
            elif tag == _W + "tbl":
                lines.extend(self.table_lines(child))
                table = self.table_grid(child)
                if table is not None:
                    blocks.append(table)
            elif tag in (_W + "sdt", _W + "customXml"):
                content = child.find(_W + "sdtContent") if tag == _W + "sdt" else child
                if content is not None:
                    more_lines, more_blocks = self.body_blocks(content)
                    lines.extend(more_lines)
                    blocks.extend(more_blocks)
        return lines, blocks

    def table_grid(self, table: etree._Element) -> Table | None:
        """The table as a grid: ``w:gridSpan`` spreads a cell over columns, ``w:vMerge`` over rows."""
        grid: list[list[str]] = []
        merged: dict[tuple[int, int], list[int]] = {}  # top-left (row, col) → [rows, cols]
        open_down: dict[int, tuple[int, int]] = {}  # column → top-left of the merge running down it
        for row in table.findall(_W + "tr"):
            r = len(grid)
            cells: list[str] = []
            before = row.find(f"{_W}trPr/{_W}gridBefore")
            if before is not None:
                cells.extend([""] * _int_val(before))
            for cell in row.findall(_W + "tc"):
                col = len(cells)
                span = max(1, _int_val(cell.find(f"{_W}tcPr/{_W}gridSpan")))
                vmerge = cell.find(f"{_W}tcPr/{_W}vMerge")
                if vmerge is not None and vmerge.get(_W + "val") != "restart" and col in open_down:
                    top = open_down[col]
                    merged[top][0] = r - top[0] + 1
                    cells.extend([""] * span)
                    continue
                text = "\n".join(line for line in self.block_lines(cell) if line.strip()).strip()
                cells.append(text)
                cells.extend([""] * (span - 1))
                for c in range(col, col + span):
                    open_down.pop(c, None)
                if vmerge is not None or span > 1:
                    merged[(r, col)] = [1, span]
                    if vmerge is not None:
                        open_down[col] = (r, col)
            grid.append(cells)
        width = max((len(cells) for cells in grid), default=0)
        if not width or not any(c.strip() for cells in grid for c in cells):
            return None
        rows = tuple(tuple(cells + [""] * (width - len(cells))) for cells in grid)
        spans = tuple((r, c, n_r, n_c) for (r, c), (n_r, n_c) in merged.items() if n_r > 1 or n_c > 1)
        return Table(rows, source="docx", merged=spans)

    def table_lines(self, table: etree._Element) -> list[str]:
        # Row by row, and within a row cell by cell: the header's left column (body, number)
        # comes whole before its right column (national motto, place and date).
        lines: list[str] = []
        for row in table.iter(_W + "tr"):
            if row.getparent() is not table:
                continue
            for cell in row.findall(_W + "tc"):
                vmerge = cell.find(f"{_W}tcPr/{_W}vMerge")
                if vmerge is not None and vmerge.get(_W + "val") != "restart":
                    continue  # continuation of a cell merged downwards: no text of its own
                lines.extend(self.block_lines(cell))
        return lines

    def paragraph_lines(self, para: etree._Element) -> list[str]:
        style_el = para.find(f"{_W}pPr/{_W}pStyle")
        para_style = style_el.get(_W + "val") if style_el is not None else None
        parts: list[str] = []
        boxes: list[str] = []
        for el in para.iter(_W + "r", _TXBX):
            if el.tag == _TXBX:
                if not _inside(el, _FALLBACK, para):  # the VML fallback repeats the drawing
                    boxes.extend(self.block_lines(el))
                continue
            if _inside(el, _TXBX, para) or _inside(el, _FALLBACK, para):
                continue
            parts.append(self.run_text(el, para_style))
        text = "".join(parts)
        return text.split("\n") + boxes

    def run_text(self, run: etree._Element, para_style: str | None) -> str:
        out: list[str] = []
        for child in run:
            tag = child.tag
            if tag == _W + "t":
                out.append(child.text or "")
            elif tag == _W + "tab":
                out.append("\t")
            elif tag in (_W + "br", _W + "cr"):
                out.append("\n")
            elif tag == _W + "noBreakHyphen":
                out.append("-")
            elif tag == _W + "sym":
                out.append("")
        text = "".join(out)
        if text and any(ord(ch) > 127 or ch.isalpha() for ch in text):
            encoding = font_encoding(self.fonts.of_run(run, para_style))
            if encoding:
                self.legacy.add(encoding)
                text = convert_legacy(text, encoding)
        return text


def _int_val(el: etree._Element | None) -> int:
    try:
        return int(el.get(_W + "val")) if el is not None else 0
    except (TypeError, ValueError):
        return 0


def _inside(el: etree._Element, tag: str, stop: etree._Element) -> bool:
    parent = el.getparent()
    while parent is not None and parent is not stop:
        if parent.tag == tag:
            return True
        parent = parent.getparent()
    return False


def _related_parts(package: Package, kinds: tuple[str, ...]) -> list[str]:
    """Header/footer part names from the main document's relationships, in file order."""
    rels_name = "word/_rels/document.xml.rels"
    if rels_name not in package.names:
        return []
    rels = package.read_xml(rels_name)
    parts = []
    for rel in rels.iter("{%s}Relationship" % PKG_REL):
        kind = rel.get("Type", "").rsplit("/", 1)[-1]
        if kind in kinds and rel.get("TargetMode") != "External":
            name = posixpath.normpath(posixpath.join("word", rel.get("Target", "")))
            if name.startswith("/"):
                name = name[1:]
            if name in package.names:
                parts.append(name)
    return sorted(set(parts))


def read_docx(path: Path, limits: Limits = Limits(), *, fmt: str = "docx") -> ReadResult:
    """Read a .docx: body (paragraphs, tables, text boxes), then notes, page headers, footers."""
    with Package(path, limits) as package:
        if "word/document.xml" not in package.names:
            raise ReadError("corrupt_docx", "no word/document.xml")
        document = package.read_xml("word/document.xml")
        styles = package.read_xml("word/styles.xml") if "word/styles.xml" in package.names else None
        walker = _Walker(_Fonts(styles))
        body = document.find(_W + "body")
        if body is None:
            raise ReadError("corrupt_docx", "no w:body")
        head_lines: list[str] = []
        for name in _related_parts(package, ("header",)):
            head_lines.extend(walker.block_lines(package.read_xml(name)))
        body_lines, blocks = walker.body_blocks(body)
        tail_lines: list[str] = []
        for name in _related_parts(package, ("footnotes", "endnotes", "footer")):
            root = package.read_xml(name)
            if root.tag in (_W + "footnotes", _W + "endnotes"):
                for note in root.findall(_W + "footnote") + root.findall(_W + "endnote"):
                    if note.get(_W + "type") in (None, "normal"):
                        tail_lines.extend(walker.block_lines(note))
            else:
                tail_lines.extend(walker.block_lines(root))
    warnings = []
    if walker.legacy:
        warnings.append("legacy_font:" + ",".join(sorted(walker.legacy)))
    # Page headers go after the body: they hold page numbers and running titles, and the
    # document's own header (the table with the issuing body and number) must come first.
    page_lines = _drop_page_numbers(head_lines + tail_lines)
    text = nfc("\n".join(body_lines + page_lines))
    text = text.strip("\n")
    if page_lines:
        blocks.append(Paragraph("\n".join(page_lines)))
    if not text.strip():
        raise ReadError("no_text", "the document has no text")
    encoding = ",".join(sorted(walker.legacy)) or None
    sample = text[:4000]
    if (
        not walker.legacy
        and any("\u00a0" <= ch <= "\u00ff" for ch in sample)
        and not (measure_text(sample).is_vietnamese())
    ):
        # legacy text whose font name was lost (pasted, restyled): the text itself tells
        legacy = detect_legacy(sample)
        if legacy != "unicode":
            text, encoding = convert_legacy(text, legacy), legacy
            warnings.append(f"legacy_text_detected:{legacy}")
            blocks = [map_block_text(b, functools.partial(convert_legacy, encoding=legacy)) for b in blocks]
    return ReadResult(
        text=text,
        format=fmt,
        pages=[PageText(1, text, "text")],
        warnings=warnings,
        encoding=encoding,
        blocks=[map_block_text(b, nfc) for b in blocks],
    )


def _drop_page_numbers(lines: list[str]) -> list[str]:
    return [line for line in lines if line.strip() and not line.strip().isdigit()]
