"""A summary report compiled from the units' reports, read again through the real readers: a .docx
with the plan's form table, the same form in a text PDF, the same again scanned (OCR), and a paper
report; the compiled table and its totals checked cell by cell, in the draft and in its .xlsx."""

from __future__ import annotations

import hashlib
import subprocess
from datetime import date, datetime
from pathlib import Path

import pytest
from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from service.drafts.service import create_draft
from service.models import Fields, ReadResult
from service.store import documents as docs
from service.store import tracking as tstore
from tests.conftest import require_tool
from tests.drafts.conftest import add_reports, nd30_problems

HEADER = [
    "STT",
    "Tên đơn vị",
    "Số hộ nghèo đầu năm",
    "Số hộ thoát nghèo",
    "Tỷ lệ hộ nghèo (%)",
    "Kinh phí (triệu đồng)",
]
# unit id -> its form row (as the unit filled it) and what its text says
FILLED = {
    "ban-bo": (["1", "Xã Bản Bo", "120", "22", "12,5", "1.250"], "docx"),
    "then-sin": (["1", "Xã Thèn Sin", "85", "15", "20,4", "980"], "pdf"),
    "ho-thau": (["1", "Xã Hồ Thầu", "64", "11", "9,8", "705"], "scan"),
}


def _borders(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        for k, v in (("w:val", "single"), ("w:sz", "8"), ("w:space", "0"), ("w:color", "000000")):
            el.set(qn(k), v)
        borders.append(el)
    table._tbl.tblPr.append(borders)


def report_docx(path: Path, unit: str, row: list[str], number: str, day: date) -> Path:
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name, style.font.size = "Liberation Serif", Pt(13)
    for line in [
        f"UBND {unit.upper()}",
        f"Số: {number}",
        f"{unit}, ngày {day.day:02d} tháng {day.month} năm {day.year}",
        "BÁO CÁO",
        f"Kết quả thực hiện giảm nghèo năm {day.year}",
        f"Thực hiện Kế hoạch số 904/KH-UBND, UBND {unit} báo cáo kết quả như sau:",
        f"Năm {day.year}, xã đã tổ chức {row[3]} buổi tuyên truyền về giảm nghèo cho người dân các thôn.",
        "Khó khăn: địa bàn rộng, giao thông đi lại khó khăn vào mùa mưa.",
        "Biểu mẫu số 01",
    ]:
        doc.add_paragraph(line)
    table = doc.add_table(rows=2, cols=len(HEADER))
    _borders(table)
    for cells, values in ((table.rows[0].cells, HEADER), (table.rows[1].cells, row)):
        for cell, value in zip(cells, values):
            cell.text = value
    doc.add_paragraph("Đề xuất huyện hỗ trợ thêm kinh phí cho các thôn đặc biệt khó khăn.")
    doc.save(path)
    return path


def _register(
    rt, unit_id: str, original: Path, fmt: str, number: str, day: date, requirement_id: int
) -> None:
    data = original.read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    rel = f"originals/{sha[:2]}/{sha}{original.suffix}"
    target = rt.data_path(rel)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    fields = Fields(
        doc_type="Báo cáo", number_symbol=number, issue_date=day, title_summary="Kết quả giảm nghèo"
    )
    new = docs.NewDocument(
        arrived_at=datetime(day.year, day.month, day.day, 9),
        file_name=original.name,
        source_path=original.name,
        sha256=sha,
        size=len(data),
        original_path=rel,
        sender_unit_id=unit_id,
        read=ReadResult(text="", format=fmt),
        fields=fields,
    )
    with rt.store.write() as conn:
        doc = docs.insert_document(conn, new)
        tstore.insert_submission(
            conn,
            tstore.NewSubmission(
                requirement_id=requirement_id,
                unit_id=unit_id,
                period="2023",
                received_on=day,
                document_id=doc.id,
                number_symbol=number,
                state="linked",
                confidence=1.0,
            ),
            now=rt.now(),
        )


@pytest.fixture
def office(open_office):
    return open_office()


@pytest.mark.slow
def test_summary_compiles_the_units_reports_from_docx_pdf_and_a_scan(office, converter, tmp_path):
    require_tool("pdftoppm")
    org = office.config.organisation
    day = date(2023, 11, 8)
    for i, (unit_id, (row, kind)) in enumerate(FILLED.items()):
        name = org.unit(unit_id).name.replace("UBND ", "")
        number = f"{20 + i}/BC-UBND"
        docx = report_docx(tmp_path / f"{unit_id}.docx", name, row, number, day)
        if kind == "docx":
            original = docx
        else:
            original = converter.convert(docx, tmp_path / f"{unit_id}.pdf")
            if kind == "scan":  # printed and scanned: the pages as images only, read by OCR
                subprocess.run(
                    ["pdftoppm", "-r", "300", "-png", "-singlefile", str(original), str(tmp_path / unit_id)],
                    check=True,
                )
                original = tmp_path / f"{unit_id}.png"
        _register(
            office,
            unit_id,
            original,
            {"docx": "docx", "pdf": "pdf_text", "scan": "image"}[kind],
            number,
            day,
            office.requirement_id,
        )
    add_reports(
        office, office.requirement_id, "2023", {"noi-vu": (date(2023, 11, 9), "45/BC-PNV")}
    )  # on paper

    draft = create_draft(office, "summary", requirement_id=office.requirement_id, period="2023")
    tables = draft.context["tables"]
    compiled = next(t for t in tables if t["header"][:2] == ["STT", "Tên đơn vị"])
    order = [u.id for u in org.units if u.id in FILLED]  # the configuration's order of units
    assert compiled["rows"] == [[str(n), org.unit(u).name, *FILLED[u][0][2:]] for n, u in enumerate(order, 1)]
    assert compiled["total"] == [
        "",
        "Tổng cộng",
        "269",
        "48",
        "",
        "2.935",
    ]  # 120+85+64, 22+15+11, 1250+980+705
    text = "\n".join(b["text"] for b in draft.context["blocks"])
    assert "Phòng Nội vụ (Báo cáo số 45/BC-PNV" in text and "nộp bản giấy" in text  # listed, not guessed
    for i, unit_id in enumerate(FILLED):  # each unit quoted under its name with its report's number, day
        assert f"- {org.unit(unit_id).name} (Báo cáo số {20 + i}/BC-UBND ngày 08/11/2023):" in text
    assert "«Khó khăn: địa bàn rộng, giao thông đi lại khó khăn vào mùa mưa.»" in text

    # The draft's table is the compiled one, cell by cell; the .xlsx beside it too (numbers as numbers).
    rendered = Document(str(office.data_path(draft.docx_path)))
    word = next(t for t in rendered.tables if t.rows[0].cells[1].text == "Tên đơn vị")
    grid = [[c.text for c in r.cells] for r in word.rows]
    assert grid == [compiled["header"], *compiled["rows"], compiled["total"]]
    assert nd30_problems(office.data_path(draft.docx_path)) == []
    from openpyxl import load_workbook

    wb = load_workbook(office.data_path(draft.xlsx_path))
    sheet = next(ws for ws in wb.worksheets if ws["B2"].value == "Tên đơn vị")
    values = [[c.value for c in r] for r in sheet.iter_rows(min_row=3)]
    assert values[-1] == [None, "Tổng cộng", 269, 48, None, 2935]
    assert values[0][2:] == [120, 22, 12.5, 1250]
