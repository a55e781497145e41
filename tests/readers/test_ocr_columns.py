"""A page with the ND 30/2020 two-column header and foot, OCR'd by tesseract (vie), reads column by
column: the left column whole, then the right one; the body between stays as printed."""

from __future__ import annotations

from pathlib import Path

import pytest
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

    # the header table cell by cell: the issuing body, its number and the summary under it; then the
    # national title, the motto and the place and date
    left = [at("uy ban nhan dan"), at("tinh lam dong"), at("so: 125/ubnd-vx"), at("v/v trien khai")]
    left.append(at("chuyen doi so nam"))
    right = [at("cong hoa xa hoi"), at("doc lap"), at("lam dong, ngay")]
    assert left == sorted(left) and right == sorted(right) and left[-1] < right[0]
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


def test_a_long_issuing_body_past_the_middle_stays_in_its_column() -> None:
    """A body of three lines whose longest reaches past the page's middle (51%; vb-026, read at 200 dpi
    from tesseract's boxes), beside the motto that tesseract read as the same line: the header is
    still read cell by cell."""
    from service.readers.ocr_layout import parse_tsv

    head = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
    rows = [head, "1\t1\t0\t0\t0\t0\t0\t0\t1756\t2482\t-1\t"]

    def line(block: int, number: int, top: int, words: list[tuple[int, int, str]]) -> None:
        for k, (left, width, text) in enumerate(words, 1):
            rows.append(f"5\t1\t{block}\t1\t{number}\t{k}\t{left}\t{top}\t{width}\t32\t95\t{text}")

    line(1, 1, 225, [(372, 383, "UBND_TỈNH_LÂM_ĐỒNG"), (923, 724, "CỘNG_HÒA_XÃ_HỘI_CHỦ_NGHĨA_VIỆT_NAM")])
    line(
        2,
        1,
        270,
        [(230, 668, "BAN_CHỈ_ĐẠO_PHÁT_TRIỂN_KHOA_HỌC,"), (1059, 453, "Độc_lập_-_Tự_do_-_Hạnh_phúc")],
    )
    line(2, 2, 308, [(276, 576, "CÔNG_NGHỆ,_ĐỔI_MỚI_SÁNG_TẠO,")])
    line(2, 3, 349, [(316, 496, "CHUYỂN_ĐỔI_SỐ_VÀ_ĐỀ_ÁN_06")])
    line(2, 4, 401, [(433, 272, "Số:_/BC-BCĐ"), (1024, 553, "Lâm_Đồng,_ngày_tháng_4_năm_2026")])
    text, _ = parse_tsv("\n".join(rows))
    assert [line for line in text.splitlines() if line] == [
        "UBND_TỈNH_LÂM_ĐỒNG",
        "BAN_CHỈ_ĐẠO_PHÁT_TRIỂN_KHOA_HỌC,",
        "CÔNG_NGHỆ,_ĐỔI_MỚI_SÁNG_TẠO,",
        "CHUYỂN_ĐỔI_SỐ_VÀ_ĐỀ_ÁN_06",
        "Số:_/BC-BCĐ",
        "CỘNG_HÒA_XÃ_HỘI_CHỦ_NGHĨA_VIỆT_NAM",
        "Độc_lập_-_Tự_do_-_Hạnh_phúc",
        "Lâm_Đồng,_ngày_tháng_4_năm_2026",
    ]


@pytest.mark.parametrize("confidence", [30, 52])
def test_a_bar_in_the_gutter_does_not_join_the_header_s_columns(confidence: int) -> None:
    """vb-010 read at 300 dpi with grain: tesseract read a streak in the header's gutter as "_" (30 x 71
    px, confidence 30; vb-005 at 150 dpi: 52) on the issuing body's line. It holds no letter: the header
    still reads cell by cell (tesseract's boxes, as it gave them)."""
    from service.readers.ocr_layout import parse_tsv

    head = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
    rows = [head, "1\t1\t0\t0\t0\t0\t0\t0\t2481\t3508\t-1\t"]
    words = [  # (block, line, left, top, width, height, confidence, text)
        (1, 1, 387, 252, 162, 40, 91, "UBND"),
        (1, 1, 567, 239, 136, 52, 26, "TỈNH"),
        (1, 1, 721, 239, 126, 52, 26, "LÂM"),
        (1, 1, 864, 239, 166, 53, 26, "ĐỒNG"),
        (1, 1, 1087, 234, 30, 71, confidence, "_"),
        (1, 1, 1131, 244, 1169, 57, 96, "CỘNG_HÒA_XÃ_HỘI_CHỦ_NGHĨA_VIỆT_NAM"),
        (2, 1, 533, 307, 352, 53, 96, "VĂN_PHÒNG"),
        (2, 1, 1359, 315, 712, 53, 96, "Độc_lập_-_Tự_do_-_Hạnh_phúc"),
        (2, 2, 498, 397, 330, 53, 95, "Số:_/VP-NC"),
        (2, 2, 1300, 397, 700, 65, 91, "Lâm_Đồng,_ngày_tháng_4_năm_2026"),
    ]
    for k, (block, line, left, top, width, height, conf, text) in enumerate(words, 1):
        rows.append(f"5\t1\t{block}\t1\t{line}\t{k}\t{left}\t{top}\t{width}\t{height}\t{conf}\t{text}")
    text, _ = parse_tsv("\n".join(rows))
    lines = [line for line in text.splitlines() if line]
    assert lines[:3] == ["UBND TỈNH LÂM ĐỒNG _", "VĂN_PHÒNG", "Số:_/VP-NC"], lines
    assert lines[3:] == [
        "CỘNG_HÒA_XÃ_HỘI_CHỦ_NGHĨA_VIỆT_NAM",
        "Độc_lập_-_Tự_do_-_Hạnh_phúc",
        "Lâm_Đồng,_ngày_tháng_4_năm_2026",
    ]


def test_specks_in_the_gutter_leave_the_foot_in_its_columns() -> None:
    """Dots of a signature's ink between the recipients and the signer's title, which tesseract reads
    as unsure words of a few pixels ("No", "°."): the foot still reads column by column."""
    require_tool("tesseract")
    from service.readers.ocr import ocr_image

    image = _page()
    draw = ImageDraw.Draw(image)
    foot = 120 + (len(HEADER) + 1 + len(BODY) + 1) * LINE
    for x, dy in [(681, 48), (838, 34), (749, 49), (802, 50), (857, 32), (870, 30)]:
        draw.ellipse((x, foot + dy, x + 5, foot + dy + 5), fill=0)
    lines = [line.strip() for line in fold(ocr_image(image).text).splitlines() if line.strip()]

    def at(words: str) -> int:
        found = [k for k, line in enumerate(lines) if line.endswith(words)]
        assert found, f"{words!r} not read in {lines}"
        return found[0]

    items = [
        at("noi nhan:"),
        at("nhu tren;"),
        at("chu tich ubnd tinh;"),
        at("so noi vu;"),
        at("luu: vt, vx."),
    ]
    assert items == sorted(items) and len(set(items)) == len(items)
    assert items[-1] < at("kt. chu tich") < at("pho chu tich") < at("nguyen van binh")


def test_a_speck_beside_the_signer_does_not_end_the_two_column_foot() -> None:
    """As tesseract read a scan's foot: a signature's strokes on the line of the signer's title, one
    of them (4 px, unsure) left of the title and below the first recipient's right end. Glued to the
    title, it made the row cross the gutter and the foot was read across both columns."""
    from service.readers.ocr_layout import parse_tsv

    head = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
    rows = [head, "1\t1\t0\t0\t0\t0\t0\t0\t1291\t1800\t-1\t"]

    def word(line: int, left: int, top: int, width: int, height: int, conf: float, text: str) -> str:
        return f"5\t1\t1\t1\t{line}\t1\t{left}\t{top}\t{width}\t{height}\t{conf}\t{text}"

    rows += [
        word(1, 232, 929, 107, 31, 90, "Nơi_nhận:"),
        word(1, 811, 923, 184, 31, 96, "TL._CHỦ_TỊCH"),
        word(2, 233, 956, 53, 30, 0, "ÿVe"),
        word(2, 413, 952, 16, 46, 10, "ro"),
        word(2, 571, 982, 4, 4, 7, "lo"),
        word(2, 742, 956, 323, 26, 93, "KT._CHÁNH_VĂN_PHÒNG"),
        word(3, 233, 982, 368, 22, 96, "~_Bộ_Thông_tin_và_Truyền_thông_(b/cáo);"),
        word(3, 736, 987, 336, 26, 96, "PHÓ_CHÁNH_VĂN_PHÒNG"),
        word(4, 233, 1009, 284, 19, 92, "-_CT,_PCT_UBND_tỉnh;"),
        word(5, 233, 1035, 277, 24, 90, "-_VPUB:_CVP,_PCVP;"),
        word(6, 233, 1061, 173, 22, 92, "-_Cổng_TTĐT_tỉnh;"),
        word(7, 233, 1088, 219, 20, 92, "-_Lưu:_VT."),
        word(8, 807, 1192, 195, 27, 96, "Phùng_Tô_Long"),
    ]
    text, _ = parse_tsv("\n".join(rows))
    lines = [line for line in text.splitlines() if line]

    def at(words: str) -> int:  # a speck may stay in its line ("lo KT. CHÁNH VĂN PHÒNG")
        return next(k for k, line in enumerate(lines) if line.endswith(words))

    recipients = [at(t) for t in ("Nơi_nhận:", "~_Bộ_Thông_tin_và_Truyền_thông_(b/cáo);", "-_Lưu:_VT.")]
    signer = [at(t) for t in ("TL._CHỦ_TỊCH", "KT._CHÁNH_VĂN_PHÒNG", "PHÓ_CHÁNH_VĂN_PHÒNG")]
    assert recipients == sorted(recipients) and signer == sorted(signer)
    assert recipients[-1] < signer[0], lines
