""".xlsx written while it is sent: the first bytes go out at once, the rows as they are read.

openpyxl builds the whole file before its first byte (a year's 50,000 register lines: ~20 s). Here
the package is written straight into a zip stream: the fixed parts first, then the sheet's XML in
chunks of rows as the caller's iterator yields them, every string inline (never a formula), dates
and times as Excel serial numbers with a day or day-and-time format, one fixed set of styles (the
title, the header row, the lines with borders).
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from xml.sax.saxutils import escape

_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_EPOCH = datetime(1899, 12, 30)  # Excel's day 0 (with its 1900 leap-year quirk, past 1 March 1900)
_ROWS_PER_CHUNK = 500
# Characters XML 1.0 cannot hold (openpyxl refuses them too): dropped from the text
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

# Cell styles (indexes into cellXfs below)
TITLE, HEADER, TEXT, DAY, MOMENT = 1, 2, 3, 4, 5

_CONTENT_TYPES = (
    _HEAD + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    "</Types>"
)
_ROOT_RELS = (
    _HEAD + f'<Relationships xmlns="{_PKG_REL}"><Relationship Id="rId1" '
    f'Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK_RELS = (
    _HEAD + f'<Relationships xmlns="{_PKG_REL}">'
    f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{_REL}/styles" Target="styles.xml"/></Relationships>'
)
_FONT = "Times New Roman"
_THIN = '<left style="thin"><color rgb="FF000000"/></left><right style="thin"><color rgb="FF000000"/></right>'
_THIN += (
    '<top style="thin"><color rgb="FF000000"/></top><bottom style="thin"><color rgb="FF000000"/></bottom>'
)
_STYLES = (
    _HEAD + f'<styleSheet xmlns="{_NS}">'
    '<numFmts count="2"><numFmt numFmtId="164" formatCode="DD/MM/YYYY"/>'
    '<numFmt numFmtId="165" formatCode="DD/MM/YYYY HH:MM"/></numFmts>'
    f'<fonts count="4"><font><sz val="12"/><name val="{_FONT}"/></font>'
    f'<font><b/><sz val="13"/><name val="{_FONT}"/></font>'
    f'<font><b/><sz val="12"/><name val="{_FONT}"/></font>'
    f'<font><sz val="12"/><name val="{_FONT}"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    f'<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>'
    f"<border>{_THIN}<diagonal/></border></borders>"
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="6"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="0" fontId="2" fillId="0" borderId="1" xfId="0" applyFont="1" applyBorder="1" '
    'applyAlignment="1"><alignment horizontal="center" vertical="center" wrapText="1"/></xf>'
    '<xf numFmtId="0" fontId="3" fillId="0" borderId="1" xfId="0" applyFont="1" applyBorder="1" '
    'applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>'
    '<xf numFmtId="164" fontId="3" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyFont="1" '
    'applyBorder="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>'
    '<xf numFmtId="165" fontId="3" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyFont="1" '
    'applyBorder="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


class _Sink:
    """Where zipfile writes; the generator hands on what has gathered (not seekable: zipfile then
    writes each member's sizes after its data)."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []

    def write(self, data: bytes) -> int:
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def close(self) -> None:
        pass

    def take(self) -> bytes:
        out, self.parts = b"".join(self.parts), []
        return out


def column_letter(index: int) -> str:
    """1 → A, 27 → AA."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _cell(ref: str, value, style: int) -> str:
    if value is None:
        return f'<c r="{ref}" s="{style}"/>'
    if isinstance(value, bool):
        return f'<c r="{ref}" s="{style}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float):
        return f'<c r="{ref}" s="{style}"><v>{value!r}</v></c>'
    if isinstance(value, datetime):
        serial = (value - _EPOCH).total_seconds() / 86400
        return f'<c r="{ref}" s="{MOMENT if style == TEXT else style}"><v>{serial!r}</v></c>'
    if isinstance(value, date):
        serial = (value - _EPOCH.date()).days
        return f'<c r="{ref}" s="{DAY if style == TEXT else style}"><v>{serial}</v></c>'
    text = _ILLEGAL.sub("", str(value))
    space = ' xml:space="preserve"' if text[:1].isspace() or text[-1:].isspace() else ""
    return f'<c r="{ref}" s="{style}" t="inlineStr"><is><t{space}>{escape(text)}</t></is></c>'


def _row(number: int, letters: Sequence[str], values: Iterable, style: int) -> str:
    cells = "".join(_cell(f"{col}{number}", v, style) for col, v in zip(letters, values, strict=False))
    return f'<row r="{number}">{cells}</row>'


def stream_workbook(
    title: str, org_name: str, columns: Sequence[str], rows: Iterable[Sequence], widths: dict[str, int]
) -> Iterator[bytes]:
    """One sheet: the office and the register's name above, the header row, then the lines; yields
    the .xlsx in pieces (the first at once, then every few hundred lines)."""
    sheet = escape(title[:31], {'"': "&quot;"})
    print_titles = escape("'" + title[:31].replace("'", "''") + "'!$3:$3")  # the header row on every page
    letters = [column_letter(i) for i in range(1, len(columns) + 1)]
    sink = _Sink()
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as package:
        package.writestr("[Content_Types].xml", _CONTENT_TYPES)
        package.writestr("_rels/.rels", _ROOT_RELS)
        package.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        package.writestr("xl/styles.xml", _STYLES)
        package.writestr(
            "xl/workbook.xml",
            _HEAD + f'<workbook xmlns="{_NS}" xmlns:r="{_REL}"><sheets>'
            f'<sheet name="{sheet}" sheetId="1" r:id="rId1"/></sheets><definedNames>'
            f'<definedName name="_xlnm.Print_Titles" localSheetId="0">{print_titles}</definedName>'
            "</definedNames></workbook>",
        )
        with package.open("xl/worksheets/sheet1.xml", "w") as part:
            cols = "".join(
                f'<col min="{i}" max="{i}" width="{widths.get(name, 16)}" customWidth="1"/>'
                for i, name in enumerate(columns, start=1)
            )
            part.write(
                (
                    _HEAD
                    + f'<worksheet xmlns="{_NS}" xmlns:r="{_REL}"><sheetViews><sheetView workbookViewId="0">'
                    '<pane ySplit="3" topLeftCell="A4" activePane="bottomLeft" state="frozen"/>'
                    f"</sheetView></sheetViews><cols>{cols}</cols><sheetData>"
                    + _row(1, letters, [org_name], TITLE)
                    + _row(2, letters, [title.upper()], TITLE)
                    + _row(3, letters, columns, HEADER)
                ).encode()
            )
            yield sink.take()
            chunk: list[str] = []
            for number, values in enumerate(rows, start=4):
                chunk.append(_row(number, letters, values, TEXT))
                if len(chunk) >= _ROWS_PER_CHUNK:
                    part.write("".join(chunk).encode())
                    chunk = []
                    yield sink.take()
            part.write(
                (
                    "".join(chunk) + '</sheetData><pageMargins left="0.5" right="0.5" top="0.6" bottom="0.6" '
                    'header="0.3" footer="0.3"/><pageSetup orientation="landscape" paperSize="9"/></worksheet>'
                ).encode()
            )
    yield sink.take()
