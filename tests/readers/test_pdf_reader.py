"""The PDF reader: widget texts in place, signatures, encryption, limits, bad text layers."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pypdf
import pytest

from service.errors import ReadError
from service.readers import Limits, read_document
from service.readers.pdf import has_page_image, page_needs_ocr, split_stamp
from service.text.normalize import fold
from tests.conftest import CORPUS, require_shared, require_tool
from tests.readers.makers import make_text_pdf, sign_pdf

LABELS = CORPUS.parent / "labels.jsonl"


def _formats() -> dict[str, str]:
    require_shared(LABELS, "the corpus's answer key")
    return {d["file"]: d["format"] for d in map(json.loads, LABELS.read_text().splitlines())}


def test_widget_text_goes_into_its_gap(tmp_path: Path) -> None:
    pdf = make_text_pdf(
        [
            (100, 700, "So:          /UBND-VP"),
            (330, 700, "Tam Duong, ngay          thang 7 nam 2022"),
            (100, 600, "Noi dung van ban."),
        ],
        widgets=[((120, 696, 160, 716), "904"), ((410, 696, 440, 716), "21")],
    )
    path = tmp_path / "w.pdf"
    path.write_bytes(pdf)
    result = read_document(path)
    assert "So: 904/UBND-VP" in result.text
    assert "ngay 21 thang 7 nam 2022" in result.text
    assert result.format == "pdf_text"


def test_widget_without_a_line_is_kept_apart(tmp_path: Path) -> None:
    pdf = make_text_pdf([(100, 700, "Noi dung van ban.")], widgets=[((300, 100, 500, 160), "Ky boi X")])
    path = tmp_path / "w.pdf"
    path.write_bytes(pdf)
    text = read_document(path).text
    assert text.index("Noi dung") < text.index("Ky boi X")


def test_signed_pdf_is_intact_and_tampered_is_not(tmp_path: Path) -> None:
    signed = sign_pdf(make_text_pdf([(100, 700, "Bao cao so 12 ngay 05 thang 01")]), tmp_path)
    good = tmp_path / "signed.pdf"
    good.write_bytes(signed)
    result = read_document(good)
    assert len(result.signatures) == 1
    sig = result.signatures[0]
    assert (sig.signer_name, sig.organisation) == ("Nguyễn Văn An", "UBND huyện Tam Đường")
    assert sig.intact is True and sig.covers_whole_file is True
    assert sig.signing_time is not None
    # flip bytes inside the signed range: the text drawn on the page
    at = signed.index(b"Bao cao so 12")
    tampered = signed[:at] + b"Bao cao so 99" + signed[at + 13 :]
    bad = tmp_path / "tampered.pdf"
    bad.write_bytes(tampered)
    result = read_document(bad)
    assert "Bao cao so 99" in result.text
    assert result.signatures[0].intact is False
    assert any(w.startswith("signature_not_intact") for w in result.warnings)


def test_each_signature_of_a_twice_signed_pdf_is_checked_over_its_own_revision(tmp_path: Path) -> None:
    once = sign_pdf(make_text_pdf([(100, 700, "Bao cao so 12 ngay 05 thang 01")]), tmp_path)
    twice = sign_pdf(once, tmp_path, field="ChuKy2")
    path = tmp_path / "twice.pdf"
    path.write_bytes(twice)
    sigs = read_document(path).signatures
    assert [s.field_name for s in sigs] == ["ChuKy1", "ChuKy2"]
    assert [(s.intact, s.covers_whole_file) for s in sigs] == [(True, False), (True, True)]
    # a change in the second revision leaves the first signature whole
    at = twice.index(b"ChuKy2", len(once))
    path.write_bytes(twice[:at] + b"ChuKy9" + twice[at + 6 :])
    sigs = read_document(path).signatures
    assert [s.intact for s in sigs] == [True, False]


def test_shared_digests_equal_digests_made_one_by_one() -> None:
    import hashlib
    import random

    from service.readers.signatures import _Digests

    rnd = random.Random(5)
    data = rnd.randbytes(200_000)
    ranges = []
    for _ in range(12):
        b = rnd.randrange(1, 150_000)
        c = rnd.randrange(b, 190_000)
        ranges.append(
            [0 if rnd.random() < 0.8 else rnd.randrange(1, 50), b, c, rnd.randrange(0, 200_000 - c)]
        )
    digests = _Digests(data)
    for algorithm in ("sha256", "sha512"):
        for a, b, c, d in ranges + sorted(ranges, key=lambda r: r[1]):  # out of order, then in order
            one = hashlib.new(algorithm, data[a : a + b] + data[c : c + d]).digest()
            assert digests.digest(algorithm, [a, b, c, d]) == one


def test_appended_bytes_leave_signature_partial(tmp_path: Path) -> None:
    signed = sign_pdf(make_text_pdf([(100, 700, "Van ban goc")]), tmp_path)
    path = tmp_path / "more.pdf"
    path.write_bytes(signed + b"\n% appended later\n")
    sig = read_document(path).signatures[0]
    assert sig.intact is True and sig.covers_whole_file is False


def test_encrypted_pdf(tmp_path: Path) -> None:
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(make_text_pdf([(100, 700, "Mat")])))
    writer.encrypt("mat-khau")
    path = tmp_path / "locked.pdf"
    with path.open("wb") as fh:
        writer.write(fh)
    with pytest.raises(ReadError) as err:
        read_document(path)
    assert err.value.code == "encrypted_pdf"
    assert "mật khẩu" in err.value.message


def test_too_many_pages(tmp_path: Path) -> None:
    path = tmp_path / "long.pdf"
    path.write_bytes(make_text_pdf([(100, 700, "Trang")], pages=5))
    with pytest.raises(ReadError) as err:
        read_document(path, Limits(max_pages=4))
    assert err.value.code == "too_many_pages"


def test_corrupt_pdf(tmp_path: Path) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.7\n" + b"\x00garbage" * 50)
    with pytest.raises(ReadError) as err:
        read_document(path)
    assert err.value.code in ("corrupt_pdf", "no_text")


def test_stamp_lines_move_out_of_the_header() -> None:
    text = "Ký bởi: Sở Nội vụ\nThời gian ký: 24.01.2025 20:01:14 +07:00\nỦY BAN NHÂN DÂN\nSố: 12/UBND"
    kept, stamp = split_stamp(text)
    assert kept.splitlines()[0] == "ỦY BAN NHÂN DÂN"
    assert stamp == ["Ký bởi: Sở Nội vụ", "Thời gian ký: 24.01.2025 20:01:14 +07:00"]


def test_detector_on_corpus_text_layers() -> None:
    """Every scanned corpus file needs OCR on some page; no text PDF does (no per-file answers)."""
    formats = _formats()
    for path in sorted(CORPUS.glob("*.pdf")):
        reader = pypdf.PdfReader(path)
        verdicts = []
        for page in reader.pages:
            verdicts.append(page_needs_ocr(page.extract_text(), has_page_image(page))[0])
        if formats[path.name] == "pdf_scanned":
            assert any(verdicts), path.name
        else:
            assert not any(verdicts), path.name


def test_image_only_pdf_is_ocrd(tmp_path: Path) -> None:
    """A scan saved as PDF (one picture a page, no text layer) is read by OCR."""
    require_tool("tesseract")
    from tests.readers.test_image_reader import page_image

    image = page_image()
    path = tmp_path / "scan.pdf"
    image.save(path, resolution=150)
    result = read_document(path)
    assert result.format == "pdf_scanned"
    assert "cong hoa xa hoi chu nghia viet nam" in fold(result.text)


def test_a_stamp_drawn_in_utf16_without_a_unicode_map_reads_as_text(tmp_path: Path) -> None:
    """pyHanko's default stamp reads back as UTF-16 bytes taken one by one: decoded again, never
    with a NUL (PostgreSQL refuses one in text)."""
    signed = sign_pdf(make_text_pdf([(100, 700, "Bao cao so 12")]), tmp_path, name="Nguyễn Văn Bình")
    path = tmp_path / "signed.pdf"
    path.write_bytes(signed)
    result = read_document(path)
    assert "\x00" not in result.text
    assert "Digitally signed by Nguyễn Văn Bình." in result.signatures[0].appearance_text


def test_fonts_are_parsed_once_per_reading_and_read_the_same(tmp_path: Path) -> None:
    """pypdf parses a page's fonts for every page; within a reading each is parsed once, and the
    text is what pypdf reads without the cache."""
    from pypdf.generic._font import Font

    from service.readers import fonts

    pdf = make_text_pdf([(72, 700, "Noi dung trang"), (72, 680, "dong thu hai")], pages=3)
    parsed: list[int] = []
    parse = fonts._parse

    def counting(cls, font_dict):
        parsed.append(id(font_dict))
        return parse(cls, font_dict)

    fonts._parse = counting
    try:
        plain = [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]
        assert len(parsed) == 3  # outside a reading: once per page, as pypdf does
        parsed.clear()
        with fonts.fonts_parsed_once():
            cached = [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]
        assert len(parsed) == 1  # the three pages share one font object
        assert Font.from_font_resource.__func__ is fonts._from_font_resource
    finally:
        fonts._parse = parse
    assert cached == plain and "Noi dung trang" in plain[2]
