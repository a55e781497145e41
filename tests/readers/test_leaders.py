"""A form's lines of dots (dòng chấm để điền): found and painted out, so tesseract reads the labels
beside them instead of dropping those lines whole."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from service.readers.leaders import erase_leaders, find_leaders
from service.text.normalize import fold
from tests.conftest import require_path, require_tool

FONT = Path("/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf")
WIDTH, LINE = 1654, 46  # 200 dpi, 13 pt lines at 1.5 spacing
FORM = [  # (label, dots after it)
    ("PHIẾU GHI Ý KIẾN", False),
    ("Biểu quyết (đánh dấu X vào ô tương ứng)", False),
    ("1. Tán thành hoàn toàn", False),
    ("Và có tham gia ý kiến thêm:", True),
    ("", True),
    ("", True),
    ("3. Không tán thành. Lý do:", True),
    ("", True),
    ("Họ và tên:", True),
    ("Chức vụ, đơn vị công tác:", True),
    ("Ủy ban nhân dân tỉnh Lâm Đồng đề nghị các Sở, ngành gửi ý kiến trước ngày 15 tháng 4.", False),
]


def _form() -> tuple[Image.Image, list[int]]:
    """The form, and the height of each line's baseline area."""
    require_path(FONT, "fonts-liberation2")
    font = ImageFont.truetype(str(FONT), 36)
    image = Image.new("L", (WIDTH, 1000), 255)
    draw = ImageDraw.Draw(image)
    tops = []
    y = 80
    for label, dots in FORM:
        x = 160
        if label:
            draw.text((x, y), label, font=font, fill=0)
            x += int(draw.textlength(label, font=font)) + 6
        if dots:
            draw.text(
                (x, y), "…" * int((WIDTH - 160 - x) / draw.textlength("…", font=font)), font=font, fill=0
            )
        tops.append(y)
        y += LINE
    return image, tops


def test_the_rows_of_dots_are_found_and_the_words_are_not() -> None:
    image, tops = _form()
    boxes = find_leaders(image)
    dotted = [top for (label, dots), top in zip(FORM, tops, strict=True) if dots]
    # one leader on each dotted line, none on a line of words alone
    assert len(boxes) == len(dotted), boxes
    for (x0, y0, x1, y1), top in zip(sorted(boxes, key=lambda b: b[1]), dotted, strict=True):
        assert top < y0 < y1 < top + LINE and x1 - x0 > 100
    # painted out, no word's ink is touched: the words of each line are as they were
    clean = erase_leaders(image, boxes)
    for (label, dots), top in zip(FORM, tops, strict=True):
        if label and not dots:
            band = (0, top, WIDTH, top + LINE)
            assert clean.crop(band).tobytes() == image.crop(band).tobytes(), label


def test_a_form_reads_with_its_labels() -> None:
    require_tool("tesseract")
    from service.readers.ocr import ocr_image

    text = fold(ocr_image(_form()[0]).text)
    for label in ("va co tham gia y kien them", "khong tan thanh", "ho va ten", "chuc vu, don vi cong tac"):
        assert label in text, text
    assert "15 thang 4" in text
