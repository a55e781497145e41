"""Turning a skewed scan with OpenCV: the same page as PIL's bilinear turn, and it still reads."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageFilter

from service.readers import ocr, turn
from service.text.normalize import fold
from tests.conftest import require_tool
from tests.readers.test_image_reader import LINES, page_image


def _inside_the_page(image: Image.Image, angle: float) -> np.ndarray:
    """Output pixels whose centre falls more than a pixel inside the page turned (at the page's own
    edge PIL fills with white where OpenCV blends the edge pixel with white)."""
    (width, height), (a, b, c, d, e, f) = turn.rotate_matrix(image.size, angle)
    ys, xs = np.mgrid[0:height, 0:width] + 0.5
    u, v = a * xs + b * ys + c, d * xs + e * ys + f
    return (u > 1) & (v > 1) & (u < image.width - 1) & (v < image.height - 1)


@pytest.mark.parametrize("angle", [-4.0, -1.25, 0.5, 2.75])
def test_the_turn_is_pils_bilinear_turn_to_a_grey_level(angle: float) -> None:
    # a rendered page, softened as a scan is, so that the grey edges of the letters are weighed
    page = page_image().filter(ImageFilter.GaussianBlur(0.8))
    expected = page.rotate(angle, resample=Image.Resampling.BILINEAR, expand=True, fillcolor=255)
    got = turn.turn(page, angle)
    assert got.mode == "L" and got.size == expected.size
    difference = np.abs(np.asarray(got, dtype=np.int16) - np.asarray(expected, dtype=np.int16))
    inside = _inside_the_page(page, angle)
    assert difference[inside].max() <= 1
    assert (difference[inside] > 0).mean() < 0.3  # mostly the very same pixels
    # outside the page: the white ground, as PIL fills it
    assert (np.asarray(got)[~inside] >= 254).mean() > 0.99
    # and not the page turned the other way, nor left as it was
    other = page.rotate(-angle, resample=Image.Resampling.BILINEAR, expand=True, fillcolor=255)
    assert np.abs(np.asarray(got, dtype=np.int16) - np.asarray(other, dtype=np.int16)).max() > 100


def test_the_output_size_is_pils() -> None:
    for size in ((1700, 520), (2481, 3508), (31, 7)):
        for angle in (-3.75, -0.5, 0.25, 1.0, 4.0):
            expected = Image.new("L", size, 0).rotate(angle, expand=True).size
            assert turn.rotate_matrix(size, angle)[0] == expected


def test_only_a_grey_page_is_turned() -> None:
    with pytest.raises(ValueError):
        turn.turn(Image.new("RGB", (40, 30), "white"), 1.0)


def test_a_skewed_page_is_turned_by_opencv_and_reads_its_words(monkeypatch: pytest.MonkeyPatch) -> None:
    require_tool("tesseract")
    turned: list[float] = []
    real = turn.turn
    monkeypatch.setattr(turn, "turn", lambda image, angle: turned.append(angle) or real(image, angle))
    skewed = page_image().rotate(-2.5, resample=Image.Resampling.BILINEAR, expand=True, fillcolor=255)
    page = ocr.ocr_image(skewed)
    assert turned and abs(turned[0] - 2.5) <= 0.25 and page.skew == turned[0]
    text = fold(page.text)
    for line in LINES:
        assert fold(line) in text, (line, page.text)
