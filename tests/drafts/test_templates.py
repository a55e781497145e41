"""The templates as a reviewer measures them: nd30check on the .docx, then the PDF LibreOffice makes."""

from __future__ import annotations

import importlib.util
import re
import unicodedata
from datetime import date
from pathlib import Path

import pdfplumber
import pytest
from docx import Document
from pypdf import PdfReader

from service.config import load_config
from service.drafts import context as C
from service.drafts.check import render_all_templates, sample_contexts
from service.drafts.render import TEMPLATES_DIR, render_docx, undeclared_variables
from service.models import Requirement, StatusRow
from tests.conftest import ROOT
from tests.drafts.conftest import nd30_problems

MM = 72 / 25.4
A4 = (595.3, 841.9)
LEFT, RIGHT, TOP = 30 * MM, A4[0] - 15 * MM, 20 * MM
HEADER_SPLIT = LEFT + 65 * MM  # the header table's column boundary
KINDS = ("reply", "reminder", "summary", "plan")


def nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory, converter):
    """Every kind as a draft and as an issued document: .docx and PDF."""
    out = tmp_path_factory.mktemp("rendered")
    paths = {}
    for kind, ctx in sample_contexts().items():
        final = C.finalize_context(ctx, number=7, issued_on=date(2023, 11, 16), signer_name="Nguyễn Văn Ánh")
        for label, c in (("draft", ctx), ("final", final)):
            docx = render_docx(kind, c, out / f"{kind}-{label}.docx")
            pdf = converter.convert(docx, out / f"{kind}-{label}.pdf")
            paths[kind, label] = (docx, pdf)
    return paths


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("label", ["draft", "final"])
def test_nd30check_passes(rendered, kind, label):
    assert nd30_problems(rendered[kind, label][0]) == []


@pytest.mark.parametrize("kind", KINDS)
def test_draft_mark_and_blank_number(rendered, kind):
    draft = "\n".join(p.text for p in Document(str(rendered[kind, "draft"][0])).paragraphs)
    final = "\n".join(p.text for p in Document(str(rendered[kind, "final"][0])).paragraphs)
    assert "DỰ THẢO" in draft and "DỰ THẢO" not in final
    symbol = sample_contexts()[kind]["symbol"]
    header = Document(str(rendered[kind, "draft"][0])).tables[0].cell(1, 0).paragraphs[0].text
    assert header == f"Số:     /{symbol}"
    final_header = Document(str(rendered[kind, "final"][0])).tables[0].cell(1, 0).paragraphs[0].text
    assert final_header == f"Số: 07/{symbol}"


def _words(pdf: Path) -> list[dict]:
    """The words of every page, each with its page index."""
    with pdfplumber.open(pdf) as doc:
        return [
            {**w, "page": i}
            for i, p in enumerate(doc.pages)
            for w in p.extract_words(extra_attrs=["size", "fontname"])
        ]


@pytest.mark.parametrize("kind", KINDS)
def test_pdf_page_margins_and_fonts(rendered, kind):
    pdf = rendered[kind, "final"][1]
    reader = PdfReader(pdf)
    for page in reader.pages:
        w, h = float(page.mediabox.width), float(page.mediabox.height)
        assert abs(w - A4[0]) < 1 and abs(h - A4[1]) < 1, "A4 portrait"
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            desc = font.get("/FontDescriptor") or font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            desc = desc.get_object()
            assert any(k in desc for k in ("/FontFile2", "/FontFile", "/FontFile3")), (
                f"{font['/BaseFont']} embedded"
            )
    with pdfplumber.open(pdf) as doc:
        chars = [c for c in doc.pages[0].chars if c["text"].strip()]
        assert all("LiberationSerif" in c["fontname"] for c in chars), "Times New Roman (Liberation Serif)"
        # The text block starts at the 30 mm left margin and justified lines end at the 15 mm right one.
        assert abs(min(c["x0"] for c in chars) - LEFT) < 2.5
        assert max(c["x1"] for c in chars) <= RIGHT + 0.5
        assert min(c["top"] for c in chars) >= TOP - 1.5  # glyph boxes of accented capitals rise a little
        assert max(c["bottom"] for c in chars) <= A4[1] - 20 * MM + 0.5
        body = [c for c in chars if c["size"] > 13.5]
        assert body and max(c["x1"] for c in body) > RIGHT - 3, "justified body reaches the right margin"


def _line(words, text, side=None):
    """The words of the first line holding `text`, from its first word on (`side`: "left" or "right"
    of the header's column boundary, to keep one column of a table row)."""
    lines: dict[int, list] = {}
    for w in words:
        if (side == "left" and w["x0"] > HEADER_SPLIT) or (side == "right" and w["x1"] < HEADER_SPLIT):
            continue
        lines.setdefault((w["page"], round(w["top"])), []).append(w)
    for top in sorted(lines):
        ws = sorted(lines[top], key=lambda w: w["x0"])
        joined = nfc(" ".join(w["text"] for w in ws))
        if text in joined:
            return [
                w for w in ws if w["x0"] >= min(x["x0"] for x in ws if nfc(x["text"]) == nfc(text.split()[0]))
            ]
    raise AssertionError(f"{text!r} not found")


@pytest.mark.parametrize("kind", KINDS)
def test_pdf_header_columns_sizes_and_diacritics(rendered, kind):
    words = _words(rendered[kind, "final"][1])
    text = nfc(" ".join(w["text"] for w in words))
    for phrase in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "HUYỆN TAM ĐƯỜNG",
        "Tam Đường, ngày 16 tháng 11 năm 2023",
        "Nơi nhận:",
        "TM. ỦY BAN NHÂN DÂN",
        "Nguyễn Văn Ánh",
    ):
        assert phrase in text, phrase
    title = _line(words, "CỘNG HÒA XÃ HỘI")
    issuer = _line(words, "HUYỆN TAM ĐƯỜNG")
    assert min(w["x0"] for w in title) > HEADER_SPLIT, "national title in the right column"
    assert max(w["x1"] for w in issuer) < HEADER_SPLIT, "issuing body in the left column"
    assert {round(w["size"]) for w in title} == {12} and all("Bold" in w["fontname"] for w in title)
    motto = _line(words, "Độc lập")
    assert {round(w["size"]) for w in motto} == {13} and all("Bold" in w["fontname"] for w in motto)
    date_line = _line(words, "Tam Đường, ngày", "right")
    assert {round(w["size"]) for w in date_line} == {14} and all("Italic" in w["fontname"] for w in date_line)
    assert min(w["x0"] for w in date_line) > HEADER_SPLIT
    number = _line(words, "Số:", "left")
    assert {round(w["size"]) for w in number} == {13} and max(w["x1"] for w in number) < HEADER_SPLIT
    heading = _line(words, "Nơi nhận:", "left")
    assert {round(w["size"]) for w in heading[:2]} == {12} and "BoldItalic" in heading[0]["fontname"]
    filed = _line(words, "- Lưu: VT", "left")
    assert {round(w["size"]) for w in filed} == {11}
    authority = _line(words, "TM. ỦY BAN NHÂN DÂN", "right")
    assert {round(w["size"]) for w in authority} == {14} and min(w["x0"] for w in authority) > A4[0] / 2
    if kind in ("summary", "plan"):
        name = _line(words, "BÁO CÁO" if kind == "summary" else "KẾ HOẠCH")
        assert {round(w["size"]) for w in name} == {14} and "Bold" in name[0]["fontname"]


def test_page_numbers_from_page_two_in_the_top_margin(tmp_path, converter):
    from tests.conftest import write_office_config

    org = load_config(write_office_config(tmp_path / "office")).organisation  # the shipped office
    req = Requirement(
        id=1,
        source_document_id=None,
        source_number_symbol="904/KH-UBND",
        what="báo cáo thi đua",
        due_date=date(2023, 11, 10),
    )
    rows = [StatusRow(1, None, "x", "2023", date(2023, 11, 10), u.id, u.name, "overdue") for u in org.units]
    docx = render_docx(
        "summary",
        C.build_summary_context(org, C.RequirementStatus(req, rows), date(2023, 11, 20)),
        tmp_path / "s.docx",
    )
    pdf = converter.convert(docx, tmp_path / "s.pdf")
    assert nd30_problems(docx) == []
    with pdfplumber.open(pdf) as doc:
        assert len(doc.pages) >= 2
        first_top = [c for c in doc.pages[0].chars if c["bottom"] < TOP - 1 and c["text"].strip()]
        assert first_top == [], "no page number on page 1"
        for n, page in enumerate(doc.pages[1:], 2):
            top = [c for c in page.chars if c["bottom"] < TOP - 1 and c["text"].strip()]
            assert "".join(c["text"] for c in top) == str(n)
            centre = (min(c["x0"] for c in top) + max(c["x1"] for c in top)) / 2
            assert abs(centre - (LEFT + RIGHT) / 2) < 3


def test_committed_templates_render_clean(tmp_path):
    assert render_all_templates(tmp_path) == []


def test_make_templates_script_rebuilds_them(tmp_path):
    spec = importlib.util.spec_from_file_location("make_templates", ROOT / "scripts" / "make_templates.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    built = module.build_all(tmp_path / "templates")
    assert sorted(p.name for p in built) == sorted(f"{k}.docx" for k in KINDS)
    assert render_all_templates(tmp_path / "out", templates_dir=tmp_path / "templates") == []


def test_every_template_variable_is_documented():
    readme = (TEMPLATES_DIR / "README.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"`([a-z_]+)`", readme))
    for kind in KINDS:
        missing = undeclared_variables(kind) - documented
        assert not missing, f"{kind}.docx uses undocumented variables {sorted(missing)}"


def test_nd30check_command_line_agrees(rendered):
    """The checker run as the reviewer runs it, on one draft: exit 0 and `ok`."""
    import subprocess
    import sys

    from tests.conftest import require_shared
    from tests.drafts.conftest import ND30CHECK

    require_shared(ND30CHECK, "the ND 30 checker nd30check.py")

    proc = subprocess.run(
        [sys.executable, str(ND30CHECK), str(rendered["summary", "draft"][0])],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0 and proc.stdout.strip() == "ok", proc.stdout
