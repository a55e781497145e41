"""Images and OCR: upright and turned pages, skew, multi-page TIFF, decompression bombs."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from service.errors import ReadError
from service.readers import Limits, read_document
from service.readers.ocr import estimate_skew
from service.text.normalize import fold
from tests.conftest import require_path, require_tool
from tests.readers.makers import png_claiming

FONT = Path("/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf")
LINES = [
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "Tam Đường, ngày 21 tháng 7 năm 2022",
    "KẾ HOẠCH thực hiện chính sách",
    "đối với người có công với cách mạng",
]


def page_image(lines: list[str] = LINES) -> Image.Image:
    require_path(FONT, "fonts-liberation2")
    font = ImageFont.truetype(str(FONT), 44)
    image = Image.new("L", (1700, 120 + 80 * len(lines)), 255)
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(lines):
        draw.text((100, 60 + 80 * i), line, font=font, fill=0)
    return image


def test_skew_estimate() -> None:
    image = page_image()
    turned = image.rotate(3, expand=True, fillcolor=255)
    assert abs(estimate_skew(turned) + 3) <= 0.5
    assert abs(estimate_skew(image)) <= 0.25
    assert estimate_skew(image.rotate(-4, expand=True, fillcolor=255)) == 4  # the end of the range


def _full_search_skew(image: Image.Image) -> float:
    """Every quarter degree within ±4°, each by turning the small copy: what the estimate did before it
    slid strips' profiles instead."""
    from PIL import ImageOps, ImageStat

    gray = image.convert("L")
    small = gray.resize((900, max(int(gray.height * 900 / gray.width), 1)), Image.Resampling.BILINEAR)
    ink = ImageOps.invert(small.point(lambda v: 0 if v < 160 else 255))
    best, best_score = 0.0, -1.0
    for angle in [a / 4 for a in range(-16, 17)]:
        turned = ink.rotate(angle, resample=Image.Resampling.NEAREST, fillcolor=0) if angle else ink
        score = ImageStat.Stat(turned.resize((1, turned.height), Image.Resampling.BOX)).var[0]
        if score > best_score + 1e-9:
            best, best_score = angle, score
    return best


@pytest.mark.parametrize("angle", [-3.6, -2.2, -0.9, -0.3, 0.4, 1.1, 1.7, 2.6, 3.4])
def test_the_sheared_profiles_find_the_turned_pages_angle(angle: float) -> None:
    """Strips' profiles slid by the angle (a shear): within a quarter degree of turning the page."""
    page = page_image(LINES * 4)
    turned = page.rotate(angle, resample=Image.Resampling.BILINEAR, expand=True, fillcolor=255)
    assert abs(estimate_skew(turned) - _full_search_skew(turned)) <= 0.25
    assert abs(estimate_skew(turned) + angle) <= 0.5


def test_jpeg_upright_and_png_turned(tmp_path: Path) -> None:
    require_tool("tesseract")
    image = page_image()
    upright, turned = tmp_path / "a.jpg", tmp_path / "b.png"
    image.save(upright, quality=90)
    image.rotate(90, expand=True, fillcolor=255).save(turned)
    for path in (upright, turned):
        result = read_document(path)
        assert result.format == "image"
        assert "cong hoa xa hoi chu nghia viet nam" in fold(result.text)
        assert result.pages[0].source == "ocr" and result.pages[0].ocr_confidence > 50
    assert any(w.startswith("page_rotated") for w in read_document(turned).warnings)


def test_multipage_tiff(tmp_path: Path) -> None:
    require_tool("tesseract")
    first = page_image(LINES[:2])
    second = page_image(LINES[3:])
    path = tmp_path / "scan.tif"
    first.save(path, save_all=True, append_images=[second], compression="tiff_deflate")
    result = read_document(path)
    assert len(result.pages) == 2
    assert "doc lap" in fold(result.pages[0].text) and "cach mang" in fold(result.pages[1].text)
    with pytest.raises(ReadError) as err:
        read_document(path, Limits(max_pages=1))
    assert err.value.code == "too_many_pages"


def test_decompression_bomb_png(tmp_path: Path) -> None:
    path = tmp_path / "bomb.png"
    path.write_bytes(png_claiming(60000, 60000))
    with pytest.raises(ReadError) as err:
        read_document(path)
    assert err.value.code == "too_many_pixels"
    small = tmp_path / "big.png"
    Image.new("L", (1200, 1000), 255).save(small)
    with pytest.raises(ReadError) as err:  # between the limit and twice it: Pillow only warns
        read_document(small, Limits(max_pixels=1_000_000))
    assert err.value.code == "too_many_pixels"


def test_tsv_splits_columns_not_blanks() -> None:
    from service.readers.ocr_layout import parse_tsv

    head = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
    rows = [head, "1\t1\t0\t0\t0\t0\t0\t0\t2400\t3400\t-1\t"]

    def word(line: int, left: int, width: int, text: str) -> str:
        return f"5\t1\t1\t1\t{line}\t1\t{left}\t{100 * line}\t{width}\t40\t90\t{text}"

    rows += [
        word(1, 480, 300, "ỦY"),
        word(1, 1320, 400, "CỘNG"),  # two header columns
        word(2, 480, 300, "TỈNH"),
        word(2, 1320, 400, "Độc"),
        word(3, 500, 60, "Số:"),
        word(3, 700, 250, "/TB-UBND"),  # a blank for the number
        word(4, 1300, 300, "ngày"),
        word(4, 1800, 150, "tháng"),
    ]  # a blank for the day
    text, confidence = parse_tsv("\n".join(rows))
    lines = [line for line in text.splitlines() if line]  # each column a paragraph of its own
    # rows as evenly spaced as the header's own: one band, its left column whole, then its right one
    assert lines == ["ỦY", "TỈNH", "Số: /TB-UBND", "CỘNG", "Độc", "ngày tháng"]
    assert confidence == 90


def test_a_red_seal_is_taken_out_before_ocr():
    from PIL import Image, ImageDraw

    from service.readers.ocr import drop_seal, seal_share

    page = Image.new("RGB", (400, 300), "white")
    draw = ImageDraw.Draw(page)
    draw.rectangle((50, 140, 350, 160), fill=(0, 0, 0))  # a line of black print
    draw.ellipse((120, 60, 280, 240), outline=(220, 30, 40), width=18)  # the seal over it
    assert seal_share(page) > 0.002
    grey = drop_seal(page)
    assert grey.mode == "L"
    assert grey.getpixel((200, 150)) < 60  # the print inside the seal stays black
    assert grey.getpixel((125, 110)) > 180  # the seal's ring is gone
    plain = Image.new("RGB", (400, 300), "white")
    ImageDraw.Draw(plain).rectangle((50, 140, 350, 160), fill=(0, 0, 0))
    assert seal_share(plain) == 0 and drop_seal(plain).getpixel((125, 110)) == 255


def test_a_blank_page_skips_orientation_detection(monkeypatch: pytest.MonkeyPatch) -> None:
    """No word read at all: there is nothing for tesseract's orientation detection to go by."""
    require_tool("tesseract")
    from service.readers import ocr

    monkeypatch.setattr(ocr, "_osd_rotation", lambda image: pytest.fail("orientation asked of a blank page"))
    page = ocr.ocr_image(Image.new("L", (1700, 2200), 255))
    assert page.text.strip() == "" and page.confidence is None and page.rotated == 0
