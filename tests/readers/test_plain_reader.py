"""Plain text files in every encoding Vietnamese offices have used."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from service.errors import ReadError
from service.readers import read_document

TEXT = (
    "ỦY BAN NHÂN DÂN HUYỆN TAM ĐƯỜNG\nCộng hòa xã hội chủ nghĩa Việt Nam\n"
    "Độc lập - Tự do - Hạnh phúc\nKế hoạch thực hiện chính sách đối với người có công"
)


def _read(tmp_path: Path, data: bytes, name: str = "vb.txt"):
    path = tmp_path / name
    path.write_bytes(data)
    return read_document(path)


@pytest.mark.parametrize(
    "data, encoding",
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("utf-16"), "utf-16"),
        (unicodedata.normalize("NFD", TEXT).encode("utf-8"), "utf-8"),
    ],
)
def test_unicode_files(tmp_path: Path, data: bytes, encoding: str) -> None:
    result = _read(tmp_path, data)
    assert result.text == TEXT and result.encoding == encoding and result.format == "txt"


def _cp1258_form(text: str) -> str:
    """Letters with their vowel marks precomposed, tones as separate combining characters."""
    tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    out = []
    for ch in text:
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
        out.append(base + "".join(c for c in parts if c in tones))
    return "".join(out)


def test_cp1258_with_decomposed_tones(tmp_path: Path) -> None:
    # cp1258 writes a tone as a separate combining byte after the letter
    data = _cp1258_form(TEXT).encode("cp1258", errors="strict")
    result = _read(tmp_path, data)
    assert result.text == TEXT and result.encoding == "cp1258"
    assert unicodedata.is_normalized("NFC", result.text)


def test_tcvn3_file(tmp_path: Path) -> None:
    tcvn3 = "Céng hoµ x· héi chñ nghÜa ViÖt Nam\n§éc lËp - Tù do - H¹nh phóc\nKÕ ho¹ch thùc hiÖn"
    result = _read(tmp_path, tcvn3.encode("cp1252"))
    assert (
        result.text == "Cộng hoà xã hội chủ nghĩa Việt Nam\nĐộc lập - Tự do - Hạnh phúc\nKế hoạch thực hiện"
    )
    assert result.encoding == "tcvn3"


def test_vni_file(tmp_path: Path) -> None:
    vni = "Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam\nÑoäc laäp - Töï do - Haïnh phuùc\nKeá hoaïch thöïc hieän"
    result = _read(tmp_path, vni.encode("cp1252"))
    assert (
        result.text == "Cộng hòa xã hội chủ nghĩa Việt Nam\nĐộc lập - Tự do - Hạnh phúc\nKế hoạch thực hiện"
    )
    assert result.encoding == "vni"


def test_vni_saved_as_utf8(tmp_path: Path) -> None:
    vni = "Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam, Ñoäc laäp - Töï do - Haïnh phuùc"
    result = _read(tmp_path, vni.encode("utf-8"))
    assert result.text == "Cộng hòa xã hội chủ nghĩa Việt Nam, Độc lập - Tự do - Hạnh phúc"


def test_undecidable_bytes(tmp_path: Path) -> None:
    noise = bytes([0x8D, 0xE9, 0x9F, 0xC4, 0xFE, 0x83, 0xB1, 0xDB, 0x95, 0xA7]) * 40
    with pytest.raises(ReadError) as err:
        _read(tmp_path, noise)
    assert err.value.code == "unknown_encoding"
