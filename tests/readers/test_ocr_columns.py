"""A page with the ND 30/2020 two-column header and foot, OCR'd by tesseract (vie), reads column by
column: the left column whole, then the right one; the body between stays as printed."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from service.text.normalize import fold
from tests.conftest import require_path, require_tool

FONT = Path("/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf")
BOLD = Path("/usr/share/fonts/truetype/liberation2/LiberationSerif-Bold.ttf")
WIDTH, LINE = 1700, 38  # about 200 dpi: 13 pt lines, single spacing

HEADER = [  # (left column, right column), row by row
    ("ỦY BAN NHÂN DÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
    ("TỈNH LÂM ĐỒNG", "Độc lập - Tự do - Hạnh phúc"),
    (None, None),
    ("Số: 125/UBND-VX", "Lâm Đồng, ngày 12 tháng 3 năm 2025"),
    ("V/v triển khai kế hoạch", None),
    ("chuyển đổi số năm 2025", None),
]
BODY = [
    "Kính gửi: Các sở, ban, ngành thuộc tỉnh.",
    "Thực hiện Kế hoạch số 45/KH-UBND ngày 10 tháng 2 năm 2025 của Ủy ban nhân dân tỉnh về",
    "chuyển đổi số, Ủy ban nhân dân tỉnh đề nghị các cơ quan, đơn vị triển khai thực hiện.",
]
FOOT = [
    ("Nơi nhận:", "KT. CHỦ TỊCH"),
    ("- Như trên;", "PHÓ CHỦ TỊCH"),
    ("- Chủ tịch UBND tỉnh;", None),
    ("- Sở Nội vụ;", None),
    ("- Lưu: VT, VX.", None),
    (None, None),
    (None, "Nguyễn Văn Bình"),
]


def _page() -> Image.Image:
    require_path(FONT, "fonts-liberation2")
    font = ImageFont.truetype(str(FONT), 30)
    bold = ImageFont.truetype(str(BOLD), 30)
    image = Image.new("L", (WIDTH, 2000), 255)
    draw = ImageDraw.Draw(image)

    def centred(text: str, middle: int, y: int, face: ImageFont.FreeTypeFont) -> None:
        draw.text((middle - draw.textlength(text, font=face) / 2, y), text, font=face, fill=0)

    y = 120
    for left, right in HEADER:
        if left:
            centred(left, 420, y, bold if left.isupper() else font)
        if right:
            centred(right, 1150, y, bold if right.isupper() else font)
        y += LINE
    y += LINE
    for text in BODY:
        draw.text((150, y), text, font=font, fill=0)
        y += LINE
    y += LINE
    for left, right in FOOT:
        if left:
            draw.text((150, y), left, font=font, fill=0)
        if right:
            centred(right, 1200, y, bold)
        y += LINE
    return image


def test_a_two_column_header_and_foot_read_column_by_column() -> None:
    require_tool("tesseract")
    from service.readers.ocr import ocr_image

    text = fold(ocr_image(_page()).text)
    lines = [line.strip() for line in text.splitlines() if line.strip()]

    def at(words: str) -> int:
        found = [k for k, line in enumerate(lines) if words in line]
        assert found, f"{words!r} not read in {lines}"
        return found[0]

    # the header's first row: the issuing body whole, then the national title and motto
    assert at("uy ban nhan dan") < at("tinh lam dong") < at("cong hoa xa hoi") < at("doc lap")
    # its second row: the number and the summary under it, then the place and date
    assert at("so: 125/ubnd-vx") < at("v/v trien khai") < at("chuyen doi so nam") < at("lam dong, ngay")
    # the body as printed, after the header
    assert at("lam dong, ngay") < at("kinh gui") < at("thuc hien ke hoach") < at("de nghi cac co quan")
    # the foot: the recipients' list whole (each item its own line), then the signer's title and name
    items = [at("noi nhan"), at("nhu tren"), at("chu tich ubnd tinh"), at("so noi vu"), at("luu: vt")]
    assert items == sorted(items) and len(set(items)) == len(items)
    assert items[-1] < at("kt. chu tich") < at("pho chu tich") < at("nguyen van binh")
    assert "chu tich" not in lines[at("nhu tren")] and "tren" not in lines[at("kt. chu tich")]


def test_a_list_set_wide_stays_in_its_column() -> None:
    """Recipients a line and a half apart, the signer's title beside the first two: the list's
    wide spacing is its own line spacing, not the end of the two-column foot."""
    from service.readers.ocr_layout import parse_tsv

    head = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
    rows = [head, "1\t1\t0\t0\t0\t0\t0\t0\t2400\t3400\t-1\t"]

    def word(block: int, line: int, top: int, left: int, text: str) -> str:
        return f"5\t1\t{block}\t1\t{line}\t1\t{left}\t{top}\t{40 * len(text)}\t40\t90\t{text}"

    # tesseract's order: the list's first two lines, the title block, the rest of the list
    rows += [
        word(1, 1, 2000, 300, "Nơi_nhận:"),
        word(1, 2, 2090, 300, "-_Như_trên;"),
        word(2, 1, 2000, 1500, "KT._GIÁM_ĐỐC"),
        word(2, 2, 2090, 1500, "PHÓ_GIÁM_ĐỐC"),
        word(3, 1, 2180, 300, "-_Sở_Nội_vụ;"),
        word(3, 2, 2270, 300, "-_Lưu:_VT."),
    ]
    text, _ = parse_tsv("\n".join(rows))
    lines = [line for line in text.splitlines() if line]
    assert lines == ["Nơi_nhận:", "-_Như_trên;", "-_Sở_Nội_vụ;", "-_Lưu:_VT.", "KT._GIÁM_ĐỐC", "PHÓ_GIÁM_ĐỐC"]
