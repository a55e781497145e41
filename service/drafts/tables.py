"""A draft's tables as Word tables (inside the rendered .docx) and as an .xlsx beside it."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm

from service.text import nfc

TEXT_WIDTH_MM = 210 - 30 - 15  # A4 less the decree's left and right margins
_NUMERIC = re.compile(r"^[+-]?[\d.]+(?:,\d+)?%?$|^…$")


def _borders(table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        for k, v in (("w:val", "single"), ("w:sz", "4"), ("w:space", "0"), ("w:color", "000000")):
            el.set(qn(k), v)
        borders.append(el)
    tbl_pr.append(borders)
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl_pr.append(layout)


def column_widths(header: list[str]) -> list[float]:
    """A row number narrow, the unit's (or indicator's) name wide, the figures share the rest."""
    n = len(header)
    widths = [12.0 if re.fullmatch(r"s?tt", nfc(h).strip().lower()) else 0.0 for h in header]
    name = next((i for i, w in enumerate(widths) if not w), 0)
    free = TEXT_WIDTH_MM - sum(widths)
    others = n - sum(1 for w in widths if w) - 1
    widths[name] = max(free * 0.34, 40.0) if others else free
    rest = (free - widths[name]) / others if others else 0
    return [w or (widths[name] if i == name else rest) for i, w in enumerate(widths)]


def _cell(cell, text: str, style: str, *, bold: bool = False, numeric: bool = False) -> None:
    cell.text = ""
    p = cell.paragraphs[0]
    p.style = style
    run = p.add_run(nfc(text))
    if bold:
        run.bold = True
    if numeric:
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def add_docx_table(doc, table: dict[str, Any]):
    """A bordered table in the decree's table style (Times New Roman 12; heads bold, centred), its
    header repeated on every page; the total row bold."""
    header = [str(h) for h in table.get("header") or []]
    rows = [[str(c) for c in r] for r in table.get("rows") or []]
    if table.get("total"):
        rows.append([str(c) for c in table["total"]])
    t = doc.add_table(rows=1 + len(rows), cols=len(header))
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False
    _borders(t)
    t.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    widths = column_widths(header)
    for col, w in zip(t.columns, widths):
        col.width = Mm(w)
    for r, values in enumerate([header, *rows]):
        total = bool(table.get("total")) and r == len(rows)
        for c, (cell, w) in enumerate(zip(t.rows[r].cells, widths)):
            cell.width = Mm(w)
            text = values[c] if c < len(values) else ""
            if r == 0:
                _cell(cell, text, "VT Table head")
            else:
                _cell(cell, text, "VT Table text", bold=total, numeric=c > 0 and bool(_NUMERIC.match(text)))
    return t


def write_xlsx(tables: list[dict[str, Any]], out: Path, title: str) -> Path:
    """The draft's tables in one workbook, a sheet each, numbers as numbers (written whole, then moved)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    from service.drafts.compile import parse_number

    wb = Workbook()
    wb.remove(wb.active)
    for i, table in enumerate(tables, 1):
        ws = wb.create_sheet(f"Bảng {i}")
        ws.append([nfc(table.get("title") or title)])
        ws["A1"].font = Font(bold=True)
        ws.append(list(table.get("header") or []))
        for cell in ws[2]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        body = list(table.get("rows") or []) + ([table["total"]] if table.get("total") else [])
        for row in body:
            ws.append([_xlsx_value(c, parse_number) for c in row])
        if table.get("total"):
            for cell in ws[ws.max_row]:
                cell.font = Font(bold=True)
        for col, w in enumerate(column_widths(list(table.get("header") or [])), 1):
            ws.column_dimensions[ws.cell(row=2, column=col).column_letter].width = max(6, w / 2.2)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    wb.save(tmp)
    os.replace(tmp, out)
    return out


def _xlsx_value(cell: Any, parse_number) -> Any:
    text = nfc(str(cell)).strip()
    if re.fullmatch(r"\d+", text) and len(text) <= 3:  # a row number
        return int(text)
    value = parse_number(text) if not text.endswith("%") and "/" not in text else None
    return value if value is not None else text
