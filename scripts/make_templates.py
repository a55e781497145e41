#!/usr/bin/env python3
"""Build the four draft templates in templates/ (python-docx), laid out as Nghị định 30/2020, Appendix I.

    .venv/bin/python scripts/make_templates.py [OUT_DIR]

The templates are ordinary Word files with docxtpl (Jinja) tags; the office may open and edit them.
templates/README.md documents every variable. Re-run this script after changing the layout here.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

sys.path.insert(0, str(Path(__file__).resolve().parent))  # run as a script or loaded by path in tests
from docx_layout import (
    FONT,
    add_page_number_header,
    add_style,
    borderless,
    clear_cell,
    drop_unused_parts,
    fixed_table,
    para,
    prune_styles,
    rule,
    save_reproducibly,
    set_doc_defaults,
    set_run_fonts,
)

TEXT_WIDTH_MM = 210 - 30 - 15  # A4 less left 30 mm and right 15 mm margins
HEADER_LEFT_MM, HEADER_RIGHT_MM = 65, TEXT_WIDTH_MM - 65
CELL_PAD_MM = 1.9  # Word's default left/right cell margin (0.19 cm)
MOTTO_RULE_MM = 56  # "Độc lập - Tự do - Hạnh phúc", 13 pt bold: the rule is as long as the line
BODY_RULE_MM = 20  # issuing body: 1/3–1/2 of its line
SUMMARY_RULE_MM = 30


# --- the document skeleton ----------------------------------------------------------------------


def new_document():
    doc = Document()
    set_doc_defaults(doc, 14)
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    set_run_fonts(normal.element)
    normal.font.size = Pt(14)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    sec = doc.sections[0]
    sec.orientation = WD_ORIENT.PORTRAIT
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin, sec.bottom_margin = Mm(20), Mm(20)
    sec.left_margin, sec.right_margin = Mm(30), Mm(15)
    sec.header_distance, sec.footer_distance = Mm(10), Mm(10)

    add_style(doc, "VT Draft mark", size=13, bold=True, align=WD_ALIGN_PARAGRAPH.RIGHT, after=6)
    add_style(doc, "VT Parent body", size=12, align=WD_ALIGN_PARAGRAPH.CENTER)
    add_style(doc, "VT Issuing body", size=13, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    add_style(doc, "VT National title", size=12, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    add_style(doc, "VT Motto", size=13, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    rule_style = add_style(doc, "VT Rule", size=2, before=2, after=0)
    rule_style.paragraph_format.line_spacing = Pt(2)
    add_style(doc, "VT Number", size=13, align=WD_ALIGN_PARAGRAPH.CENTER, before=6)
    add_style(doc, "VT Subject", size=12, align=WD_ALIGN_PARAGRAPH.CENTER, before=3)
    add_style(doc, "VT Place date", size=14, italic=True, align=WD_ALIGN_PARAGRAPH.CENTER, before=6)
    add_style(doc, "VT Type name", size=14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, before=18)
    add_style(doc, "VT Summary", size=14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    add_style(doc, "VT Addressee", size=14, align=WD_ALIGN_PARAGRAPH.CENTER, before=12, after=6)
    add_style(doc, "VT Addressee item", size=14, align=WD_ALIGN_PARAGRAPH.LEFT)
    add_style(
        doc,
        "VT Body",
        size=14,
        align=WD_ALIGN_PARAGRAPH.JUSTIFY,
        first_indent_cm=1.27,
        before=0,
        after=6,
        line=1.15,
    )
    add_style(
        doc,
        "VT Basis",
        size=14,
        italic=True,
        align=WD_ALIGN_PARAGRAPH.JUSTIFY,
        first_indent_cm=1.27,
        after=6,
        line=1.15,
        base="VT Body",
    )
    add_style(
        doc,
        "VT Heading",
        size=14,
        bold=True,
        align=WD_ALIGN_PARAGRAPH.JUSTIFY,
        first_indent_cm=1.27,
        before=6,
        after=6,
        line=1.15,
        base="VT Body",
    )
    add_style(doc, "VT Table text", size=12, align=WD_ALIGN_PARAGRAPH.LEFT)
    add_style(doc, "VT Table head", size=12, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    add_style(doc, "VT Recipients heading", size=12, bold=True, italic=True, before=12)
    add_style(doc, "VT Recipient", size=11)
    add_style(doc, "VT Authority", size=14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, before=12)
    add_style(doc, "VT Signer", size=14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    add_page_number_header(sec)
    return doc


def add_draft_mark(doc) -> None:
    para(doc, "{%p if is_draft %}", "Normal")
    p = para(doc, "DỰ THẢO", "VT Draft mark")
    p.paragraph_format.left_indent = Mm(TEXT_WIDTH_MM - 32)
    ppr = p._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    for edge in ("top", "left", "bottom", "right"):
        el = OxmlElement(f"w:{edge}")
        for k, v in (("w:val", "single"), ("w:sz", "6"), ("w:space", "2"), ("w:color", "000000")):
            el.set(qn(k), v)
        borders.append(el)
    ppr.append(borders)
    p.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    para(doc, "{%p endif %}", "Normal")


def add_header(doc, *, cong_van: bool) -> None:
    """The two-column header table without borders (Appendix I, items 1–4)."""
    t = fixed_table(doc, 2, [HEADER_LEFT_MM, HEADER_RIGHT_MM])
    borderless(t)
    left, right = t.cell(0, 0), t.cell(0, 1)
    for c in (left, right, t.cell(1, 0), t.cell(1, 1)):
        clear_cell(c)
    lw, rw = HEADER_LEFT_MM - 2 * CELL_PAD_MM, HEADER_RIGHT_MM - 2 * CELL_PAD_MM
    para(left, "{%p for line in parent_lines %}", "VT Parent body")
    para(left, "{{ line }}", "VT Parent body")
    para(left, "{%p endfor %}", "VT Parent body")
    para(left, "{%p for line in issuer_lines %}", "VT Issuing body")
    para(left, "{{ line }}", "VT Issuing body")
    para(left, "{%p endfor %}", "VT Issuing body")
    rule(left, BODY_RULE_MM, lw)
    para(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "VT National title")
    para(right, "Độc lập - Tự do - Hạnh phúc", "VT Motto")
    rule(right, MOTTO_RULE_MM, rw)
    num = t.cell(1, 0)
    para(num, "Số: {{ number }}/{{ symbol }}", "VT Number")
    if cong_van:
        para(num, "V/v {{ subject }}", "VT Subject")
    para(t.cell(1, 1), "{{ place_date }}", "VT Place date")


def add_title(doc, type_name: str) -> None:
    para(doc, type_name, "VT Type name")
    para(doc, "{%p for line in summary_lines %}", "VT Summary")
    para(doc, "{{ line }}", "VT Summary")
    para(doc, "{%p endfor %}", "VT Summary")
    rule(doc, SUMMARY_RULE_MM, TEXT_WIDTH_MM).paragraph_format.space_after = Pt(10)


def add_addressees(doc) -> None:
    """Kính gửi: one addressee on the line itself, several as a list under it."""
    para(doc, "{%p if addressees|length == 1 %}", "VT Addressee")
    para(doc, "Kính gửi: {{ addressees[0] }}", "VT Addressee")
    para(doc, "{%p elif addressees %}", "VT Addressee")
    p = para(doc, "Kính gửi:", "VT Addressee")
    p.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    p.paragraph_format.left_indent = Cm(3)
    para(doc, "{%p for a in addressees %}", "VT Addressee item")
    p = para(doc, "- {{ a }}{{ ';' if not loop.last else '.' }}", "VT Addressee item")
    p.paragraph_format.left_indent = Cm(5)
    para(doc, "{%p endfor %}", "VT Addressee item")
    para(doc, "{%p endif %}", "VT Addressee")


def add_blocks(doc, name: str) -> None:
    """The body: paragraphs, each {"style": "body" | "basis" | "heading", "text": …}, and tables (a
    block {"style": "table", "text": "[BẢNG 1]"} that the renderer replaces by the draft's table)."""
    para(doc, f"{{%p for b in {name} %}}", "VT Body")
    para(doc, "{%p if b.style == 'heading' %}", "VT Heading")
    para(doc, "{{ b.text }}", "VT Heading")
    para(doc, "{%p elif b.style == 'basis' %}", "VT Basis")
    para(doc, "{{ b.text }}", "VT Basis")
    para(doc, "{%p elif b.style == 'table' %}", "VT Table text")
    para(doc, "{{ b.text }}", "VT Table text")
    para(doc, "{%p else %}", "VT Body")
    para(doc, "{{ b.text }}", "VT Body")
    para(doc, "{%p endif %}", "VT Body")
    para(doc, "{%p endfor %}", "VT Body")


def add_signature_block(doc) -> None:
    """Nơi nhận on the left, the signing authority and the signer on the right (items 7 and 9)."""
    t = fixed_table(doc, 1, [80, TEXT_WIDTH_MM - 80])
    borderless(t)
    t.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))  # the block stays on one page
    left, right = t.cell(0, 0), t.cell(0, 1)
    clear_cell(left)
    clear_cell(right)
    para(left, "Nơi nhận:", "VT Recipients heading")
    para(left, "{%p for r in recipients %}", "VT Recipient")
    para(left, "- {{ r }};", "VT Recipient")
    para(left, "{%p endfor %}", "VT Recipient")
    para(left, "- Lưu: VT{{ ', ' + filing_unit if filing_unit else '' }}.", "VT Recipient")
    para(right, "{%p for line in authority_lines %}", "VT Authority")
    para(right, "{{ line }}", "VT Signer")
    para(right, "{%p endfor %}", "VT Signer")
    for _ in range(5):  # room for the hand signature, the seal or the digital-signature stamp
        para(right, "", "VT Signer")
    para(right, "{{ signer_name }}", "VT Signer")


# --- the four kinds ----------------------------------------------------------------------------


def build(type_name: str | None):
    """Every kind has the same frame; the body (its sentences and tables) comes from the context."""
    doc = new_document()
    add_draft_mark(doc)
    add_header(doc, cong_van=type_name is None)
    if type_name:
        add_title(doc, type_name)
    add_addressees(doc)
    add_blocks(doc, "blocks")
    add_signature_block(doc)
    return doc


def build_reply():
    return build(None)


def build_reminder():
    return build(None)


def build_summary():
    return build("BÁO CÁO")


def build_plan():
    return build("KẾ HOẠCH")


BUILDERS = {"reply": build_reply, "reminder": build_reminder, "summary": build_summary, "plan": build_plan}


def build_all(out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for kind, build in BUILDERS.items():
        path = out_dir / f"{kind}.docx"
        doc = build()
        prune_styles(doc)
        drop_unused_parts(doc)
        doc.core_properties.title = f"Vanthu template: {kind}"
        doc.core_properties.author = "Vanthu"
        save_reproducibly(doc, path)
        paths.append(path)
    return paths


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent / "templates"
    for p in build_all(target):
        print(p)
