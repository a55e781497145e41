"""Low-level python-docx helpers for scripts/make_templates.py: fonts, styles, rules, tables, packaging."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from pathlib import Path

from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

FONT = "Times New Roman"


def set_run_fonts(rpr_parent, name: str = FONT) -> None:
    rpr = rpr_parent.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), name)


def set_doc_defaults(doc, size_pt: float) -> None:
    """rPrDefault: Times New Roman at the body size, so every run inherits the decree's font."""
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    rpr_default = defaults.find(qn("w:rPrDefault"))
    rpr = rpr_default.find(qn("w:rPr"))
    for tag in ("w:rFonts", "w:sz", "w:szCs", "w:lang"):
        old = rpr.find(qn(tag))
        if old is not None:
            rpr.remove(old)
    fonts = OxmlElement("w:rFonts")
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    rpr.append(fonts)
    for tag in ("w:sz", "w:szCs"):
        el = OxmlElement(tag)
        el.set(qn("w:val"), str(int(size_pt * 2)))
        rpr.append(el)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "vi-VN")
    rpr.append(lang)


def add_style(
    doc,
    name: str,
    *,
    size: float,
    bold: bool = False,
    italic: bool = False,
    align=WD_ALIGN_PARAGRAPH.LEFT,
    first_indent_cm: float | None = None,
    before: float = 0,
    after: float = 0,
    line: float = 1.0,
    base: str = "Normal",
):
    st = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    st.base_style = doc.styles[base]
    st.quick_style = True
    st.font.name = FONT
    set_run_fonts(st.element)
    st.font.size = Pt(size)
    st.font.bold = bold
    st.font.italic = italic
    pf = st.paragraph_format
    pf.alignment = align
    pf.space_before = Pt(before)
    pf.space_after = Pt(after)
    pf.line_spacing = line
    # Set on each style itself: reviewers (and nd30check) read the indent off the paragraph's style.
    pf.first_line_indent = Cm(first_indent_cm) if first_indent_cm is not None else Cm(0)
    return st


def add_bottom_rule(paragraph) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for k, v in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(k), v)
    borders.append(bottom)
    ppr.append(borders)


def rule(container, width_mm: float, available_mm: float):
    """A short horizontal rule (đường kẻ ngang), centred: an empty paragraph with a bottom border."""
    p = container.add_paragraph(style="VT Rule")
    side = max(0.0, (available_mm - width_mm) / 2)
    p.paragraph_format.left_indent = Mm(side)
    p.paragraph_format.right_indent = Mm(side)
    add_bottom_rule(p)
    return p


def para(container, text: str, style: str, **fmt):
    p = container.add_paragraph(style=style)
    if text:
        p.add_run(text)
    for k, v in fmt.items():
        setattr(p.paragraph_format, k, v)
    return p


def borderless(table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tbl_pr.append(borders)


def bordered(table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        for k, v in (("w:val", "single"), ("w:sz", "4"), ("w:space", "0"), ("w:color", "000000")):
            el.set(qn(k), v)
        borders.append(el)
    tbl_pr.append(borders)


def fixed_table(container, rows: int, widths_mm: list[float]):
    table = container.add_table(rows=rows, cols=len(widths_mm))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    for col, w in zip(table.columns, widths_mm):
        col.width = Mm(w)
    for row in table.rows:
        for cell, w in zip(row.cells, widths_mm):
            cell.width = Mm(w)
    return table


def clear_cell(cell) -> None:
    """A new cell holds one empty paragraph; drop it so the cell holds only what we add."""
    for p in list(cell.paragraphs):
        p._p.getparent().remove(p._p)


def add_page_number_header(section) -> None:
    """Page numbers centred in the top margin, from page 2 (the first page has its own, empty, header)."""
    section.different_first_page_header_footer = True
    header = section.header
    header.is_linked_to_previous = False
    p = header.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run()
    run.font.name = FONT
    run.font.size = Pt(13)
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "2"), ("end", None)):
        if kind:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            run._r.append(fld)
        elif text.strip() == "PAGE":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        else:
            t = OxmlElement("w:t")
            t.text = text
            run._r.append(t)
    section.first_page_header.is_linked_to_previous = False


# --- packaging ------------------------------------------------------------------------------


def prune_styles(doc) -> None:
    """Drop the styles nothing uses (python-docx's default file carries ~160): a smaller template
    renders faster and is easier for the office to read in Word's style list."""
    parts = (
        [doc.element]
        + [s.header._element for s in doc.sections]
        + [s.first_page_header._element for s in doc.sections]
    )
    used = set()
    for part in parts:
        for tag in ("w:pStyle", "w:rStyle", "w:tblStyle"):
            used.update(el.get(qn("w:val")) for el in part.iter(qn(tag)))
    styles = doc.styles.element
    by_id = {st.get(qn("w:styleId")): st for st in styles.iter(qn("w:style"))}
    # the office's own styles (VT …) stay: the renderer uses some (the tables' ones) in what it adds
    keep = {sid for sid, st in by_id.items() if st.get(qn("w:default")) == "1" or sid.startswith("VT")} | used
    frontier = list(keep)
    while frontier:  # base styles and linked styles of what is kept
        st = by_id.get(frontier.pop())
        if st is None:
            continue
        for tag in ("w:basedOn", "w:next", "w:link"):
            el = st.find(qn(tag))
            if el is not None and el.get(qn("w:val")) not in keep:
                keep.add(el.get(qn("w:val")))
                frontier.append(el.get(qn("w:val")))
    for sid, st in by_id.items():
        if sid not in keep:
            styles.remove(st)
    latent = styles.find(qn("w:latentStyles"))
    if latent is not None:
        styles.remove(latent)


def drop_unused_parts(doc) -> None:
    """python-docx's default file carries a 430 kB stylesWithEffects.xml and a thumbnail that no
    template needs; without them a render writes a tenth of the bytes."""
    for rels in (doc.part.rels, doc.part.package.rels):
        for rid, rel in list(rels.items()):
            if rel.reltype.endswith(("/stylesWithEffects", "/thumbnail")):
                del rels[rid]


FIXED_TIME = (2024, 1, 1, 0, 0, 0)


def save_reproducibly(doc, path: Path) -> None:
    """Same layout, same bytes: fixed document dates and zip entry times, so that regenerating the
    templates shows no change in git unless the layout changed."""
    stamp = datetime(*FIXED_TIME)
    doc.core_properties.created = doc.core_properties.modified = doc.core_properties.last_printed = stamp
    doc.core_properties.revision = 1
    buf = io.BytesIO()
    doc.save(buf)
    with (
        zipfile.ZipFile(io.BytesIO(buf.getvalue())) as src,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out,
    ):
        for item in src.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            out.writestr(info, src.read(item.filename))
