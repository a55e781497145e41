"""The document as a structure: paragraphs and tables (rows and cells) in reading order, from a Word
file, from the text PDF LibreOffice prints of it, and from that PDF rendered to an image and OCR'd."""

from __future__ import annotations

import random
from pathlib import Path

import docx
import pytest
from PIL import Image, ImageDraw

from service.models import Paragraph, Table
from service.readers import read_document
from service.readers.grids import MIN_GRID_RULES, find_grids
from service.readers.ocr_layout import find_rules
from service.readers.tables import (
    _RECT,
    _RECT_RUNS,
    _SEGMENT,
    _SEGMENT_RUNS,
    _matches,
    draws_rules,
    is_real_table,
    page_blocks,
)
from service.text.normalize import fold
from tests.conftest import require_tool
from tests.reliability.documents import docx_to_pdf

HEAD = ("TT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành")
ROWS = [
    (
        "1",
        "Xây dựng kế hoạch chuyển đổi số",
        "Sở Khoa học và Công nghệ",
        "Các sở, ngành",
        "Trước ngày 30/6/2026",
    ),
    ("2", "Báo cáo kết quả thực hiện", "UBND các xã, phường", "Sở Nội vụ", "Hằng năm"),
    ("3", "Cập nhật cơ sở dữ liệu dùng chung", "Sở Tài chính", "", "Thường xuyên"),
]


def write_task_docx(path: Path, *, merge: bool = False) -> Path:
    document = docx.Document()
    document.add_paragraph("KẾ HOẠCH")
    document.add_paragraph("III. NHIỆM VỤ CỤ THỂ")
    table = document.add_table(rows=1, cols=5)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, HEAD):
        cell.text = text
    for row in ROWS:
        for cell, text in zip(table.add_row().cells, row):
            cell.text = text
    if merge:  # one lead unit for rows 2 and 3; one cell across both partner and time columns
        lead = table.cell(2, 2).merge(table.cell(3, 2))
        lead.text = "Sở Nội vụ"
        table.cell(1, 3).merge(table.cell(1, 4)).text = "Trong năm 2026"
    document.add_paragraph("Các cơ quan, đơn vị triển khai thực hiện.")
    document.save(str(path))
    return path


def to_pdf(source: Path, outdir: Path) -> Path:
    require_tool("soffice")
    return docx_to_pdf(source, outdir)


def flat(text: str) -> str:
    return " ".join(fold(text).split())


def _kinds(blocks) -> list[str]:
    return [type(b).__name__ for b in blocks]


def test_docx_table_rows_and_cells_in_reading_order(tmp_path: Path) -> None:
    result = read_document(write_task_docx(tmp_path / "kh.docx"))
    assert _kinds(result.blocks) == ["Paragraph", "Paragraph", "Table", "Paragraph"]
    (table,) = result.tables
    assert table.source == "docx" and table.width == 5
    assert table.rows[0] == HEAD
    assert table.rows[1:] == tuple(ROWS)
    assert table.column(4)[2] == "Hằng năm"
    assert result.blocks[-1] == Paragraph("Các cơ quan, đơn vị triển khai thực hiện.")
    # the flat text still holds the cells, in the table's place
    assert (
        result.text.index("NHIỆM VỤ CỤ THỂ")
        < result.text.index("Sở Tài chính")
        < result.text.index("Các cơ quan")
    )


def test_docx_merged_cells_fill_the_grid_once(tmp_path: Path) -> None:
    (table,) = read_document(write_task_docx(tmp_path / "kh.docx", merge=True)).tables
    assert all(len(row) == 5 for row in table.rows)
    assert table.rows[2][2] == "Sở Nội vụ" and table.rows[3][2] == ""  # merged down: text once
    assert table.rows[1][3] == "Trong năm 2026" and table.rows[1][4] == ""  # merged across
    assert (2, 2, 2, 1) in table.merged and (1, 3, 1, 2) in table.merged


@pytest.mark.slow
def test_text_pdf_table_and_its_ocr_give_the_same_grid(tmp_path: Path) -> None:
    pdf = to_pdf(write_task_docx(tmp_path / "kh.docx"), tmp_path)
    result = read_document(pdf)
    assert result.format == "pdf_text"
    assert _kinds(result.blocks) == ["Paragraph", "Table", "Paragraph"]
    table = result.tables[0]
    assert table.source == "pdf" and table.width == 5 and len(table.rows) == 4
    assert [flat(c) for c in table.column(2)[1:]] == [flat(r[2]) for r in ROWS]
    assert flat(table.rows[1][4]) == flat("Trước ngày 30/6/2026")

    # The same page as a scan: tesseract's words go into the cells the ruling lines make.
    require_tool("tesseract")
    import pypdfium2 as pdfium

    from service.readers.ocr import ocr_image

    page = pdfium.PdfDocument(str(pdf))[0].render(scale=300 / 72).to_pil()
    scanned = ocr_image(page)
    tables = [b for b in scanned.blocks if isinstance(b, Table)]
    assert len(tables) == 1 and tables[0].source == "ocr"
    grid = tables[0]
    assert grid.width == 5 and len(grid.rows) == 4
    assert "hoan thanh" in flat(grid.rows[0][4])
    assert flat(grid.rows[3][2]) == flat("Sở Tài chính") and grid.rows[3][3] == ""
    assert "30/6/2026" in grid.rows[1][4]
    # the page's text shows the table cell by cell (the row's task before its lead unit)
    assert scanned.text.index("2026") > scanned.text.index("Khoa")


def test_ruling_lines_of_an_image_make_cells_and_merges() -> None:
    image = Image.new("L", (1200, 900), 255)
    draw = ImageDraw.Draw(image)
    xs, ys = [100, 400, 700, 1100], [100, 250, 400, 550]
    for y in ys:
        draw.line([(xs[0], y), (xs[-1], y)], fill=0, width=3)
    for k, x in enumerate(xs):
        # the rule between columns 2 and 3 stops short of the last row: those cells are one
        bottom = ys[2] if k == 2 else ys[-1]
        draw.line([(x, ys[0]), (x, bottom)], fill=0, width=3)
    draw.line([(100, 700), (600, 700)], fill=0, width=3)  # a lone underline: no table
    (grid,) = find_grids(find_rules(image))
    assert len(grid.xs) == 4 and len(grid.ys) == 4
    assert (2, 1, 1, 2) in grid.cells
    assert (0, 0, 1, 1) in grid.cells and len(grid.cells) == 8
    # asked to stop short of the vertical rules under three horizontal ones, it finds them all here
    assert find_rules(image, least_horizontal=MIN_GRID_RULES) == find_rules(image)


def test_a_page_without_three_horizontal_rules_is_not_searched_for_vertical_ones() -> None:
    """A table needs three rules each way: under the heading's and the motto's underlines alone the
    vertical rules are not looked for (a third of find_rules' time), and no grid is lost by it."""
    image = Image.new("L", (1200, 900), 255)
    draw = ImageDraw.Draw(image)
    draw.line([(100, 100), (600, 100)], fill=0, width=3)
    draw.line([(700, 120), (1100, 120)], fill=0, width=3)
    for x in (100, 400, 700):  # vertical rules with only two horizontal ones: no table either way
        draw.line([(x, 300), (x, 800)], fill=0, width=3)
    quick = find_rules(image, least_horizontal=MIN_GRID_RULES)
    assert len(quick) == 2 and all(rule.horizontal for rule in quick)
    assert len(find_rules(image)) == 5 and find_grids(find_rules(image)) == find_grids(quick) == []


def test_a_boxed_paragraph_is_not_a_table() -> None:
    assert not is_real_table([["Để đẩy nhanh tiến độ …", "", ""], ["trong thời gian tới …", "", ""]])
    assert not is_real_table([["Kính gửi: …"], ["- Sở Nội vụ"]])
    assert is_real_table([["TT", "Nội dung"], ["1", "Báo cáo"]])


def test_only_pages_that_draw_a_grid_are_searched_for_tables() -> None:
    underline = b"q 100 700 m 300 700 l S Q"
    grid = b" ".join(b"%d 100 m %d 300 l S" % (x, x) for x in (100, 200, 300))
    grid += b" " + b" ".join(b"100 %d m 300 %d l S" % (y, y) for y in (100, 200, 300))
    assert not draws_rules(underline)
    assert draws_rules(grid)
    word_borders = b" ".join(b"%d 100 0.5 200 re f" % x for x in (100, 200, 300))
    word_borders += b" " + b" ".join(b"100 %d 200 0.5 re f" % y for y in (100, 200, 300))
    assert draws_rules(word_borders)
    assert not draws_rules(b"0 0 595 842 re W* n " * 10)  # clipping boxes
    # thin clipping boxes, the operators on lines of their own as Word writes them: not borders
    thin_clips = word_borders.replace(b"re f", b"re\r\nW* n\r\n")
    assert not draws_rules(thin_clips)


def test_page_text_is_cut_around_its_table() -> None:
    table = Table((("TT", "Nội dung"), ("1", "Báo cáo quý")), page=2, source="pdf")
    text = "Phần trước bảng\nTT Nội dung\n1 Báo cáo\nquý\nPhần sau bảng"
    blocks = page_blocks(text, [table], 2)
    assert blocks == [Paragraph("Phần trước bảng", 2), table, Paragraph("Phần sau bảng", 2)]
    # cells not found in the text: the table follows the page's text
    other = Table((("A", "B"), ("C", "D")), page=2, source="pdf")
    assert page_blocks("Chỉ có chữ", [other], 2) == [Paragraph("Chỉ có chữ", 2), other]


def test_plain_text_paragraphs(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Dòng một\nDòng hai\n\nĐoạn sau\n", encoding="utf-8")
    result = read_document(path)
    assert result.blocks == [Paragraph("Dòng một\nDòng hai"), Paragraph("Đoạn sau")]


def test_a_centred_title_tesseract_read_late_goes_back_above_the_lines_under_it():
    from service.readers.ocr_layout import Word, wide_paragraphs_in_place

    def para(block: str, top: int, left: int, right: int, text: str) -> Word:
        return Word(left, top, right, top + 40, text, (block, "1", "1"), 90.0)

    words = [
        para("1", 100, 900, 1500, "KẾ HOẠCH"),
        para("2", 400, 300, 2200, "Căn cứ Nghị định số 30/2020/NĐ-CP;"),
        para("3", 250, 500, 2000, "Tăng cường công tác phòng, chống thiên tai"),  # printed above "Căn cứ"
        para("4", 250, 1500, 2200, "Độc lập"),  # in the right column: keeps its place
    ]
    order = [w.text for w in wide_paragraphs_in_place(words, 2480)]
    assert order == [
        "KẾ HOẠCH",
        "Tăng cường công tác phòng, chống thiên tai",
        "Căn cứ Nghị định số 30/2020/NĐ-CP;",
        "Độc lập",
    ]


def test_a_task_table_going_on_over_the_next_page_is_one_table(tmp_path: Path) -> None:
    # A row whose task runs past the page's end: the next page starts with the rest of that row
    # (no number, no heading row), then the next row. Its grid is read and joined to the first part.
    from service.extract import extract_document

    document = docx.Document()
    document.add_paragraph("KẾ HOẠCH")
    table = document.add_table(rows=1, cols=5)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, HEAD):
        cell.text = text
    long_task = "\n".join(f"Rà soát thủ tục hành chính, bước {k}" for k in range(1, 40))
    rows = [
        ("1", long_task, "Sở Tư pháp", "", "Trước ngày 16 tháng 12 năm 2026"),
        ("2", "Công bố danh mục thủ tục", "Sở Nội vụ", "", "Tháng 6/2027"),
    ]
    for row in rows:
        for cell, text in zip(table.add_row().cells, row):
            cell.text = text
    document.save(str(tmp_path / "kh.docx"))
    result = read_document(to_pdf(tmp_path / "kh.docx", tmp_path))
    assert len(result.tables) >= 2 and result.tables[1].page == 2 and result.tables[1].width == 5
    deadlines = extract_document(result).deadlines
    assert [(d.who, d.date and d.date.isoformat()) for d in deadlines] == [
        ("Sở Tư pháp", "2026-12-16"),
        ("Sở Nội vụ", "2027-06-30"),
    ]
    assert "bước 39" in " ".join(deadlines[0].what.split())


def test_rules_are_searched_only_where_they_can_be_and_found_as_a_full_search_finds_them() -> None:
    """The rules' patterns are tried only in the runs of their characters that hold an operator:
    the matches must be those of a search at every place, whatever the stream holds."""
    pieces = [b"0", b"12", b".5", b"-", b".", b" ", b"\n", b"\t", b"\r", b"\x0b", b"\x0c", b"\x00"]
    pieces += [b"m", b"l", b"r", b"e", b"W", b"x", b"f", b"_", b"(l)", b"3 4 m ", b" l", b" re ", b"re\nW"]
    pieces += [b"1 2 m 3 4 l ", b"5 6 7 8 re ", b"-1.5 .5 m 9 -2 l", b"5 6 7 8 re\r\nW* n", b"re  \nW"]
    rng = random.Random(19)
    streams = [b"".join(rng.choices(pieces, k=rng.randint(0, 40))) for _ in range(20000)]
    streams += [b"72 700 m 520 700 l S", b"10 20 300 0.5 re f\n10 20 300 0.5 re\nW n", b"1 2 m 3 4 lx 5 6 l"]
    found = 0
    for stream in streams:
        for pattern, runs in ((_SEGMENT, _SEGMENT_RUNS), (_RECT, _RECT_RUNS)):
            fast = [(m.span(), m.groups()) for m in _matches(pattern, runs, stream)]
            assert fast == [(m.span(), m.groups()) for m in pattern.finditer(stream)], stream
            found += len(fast)
    assert found > 10000  # the streams do draw rules
