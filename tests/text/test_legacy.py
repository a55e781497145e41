"""Legacy Vietnamese encodings and the measure of real Vietnamese text."""

from __future__ import annotations

import pytest

from service.text.legacy import (
    convert_legacy,
    detect_legacy,
    font_encoding,
    tcvn3_to_unicode,
    vni_to_unicode,
)
from service.text.quality import is_syllable, measure_text

# Known samples as the old fonts store them (each byte shown as its Windows-1252 character)
TCVN3_MOTTO = "Céng hoµ x· héi chñ nghÜa ViÖt Nam"
VNI_MOTTO = "Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam"


def test_tcvn3_sentence() -> None:
    assert tcvn3_to_unicode(TCVN3_MOTTO) == "Cộng hoà xã hội chủ nghĩa Việt Nam"
    assert tcvn3_to_unicode("§éc lËp - Tù do - H¹nh phóc") == "Độc lập - Tự do - Hạnh phúc"


def test_tcvn3_capital_font_draws_capitals() -> None:
    assert tcvn3_to_unicode("uû ban nh©n d©n", upper=True) == "UỶ BAN NHÂN DÂN"


def test_vni_sentence() -> None:
    assert vni_to_unicode(VNI_MOTTO) == "Cộng hòa xã hội chủ nghĩa Việt Nam"
    assert vni_to_unicode("Ñoäc laäp - Töï do - Haïnh phuùc") == "Độc lập - Tự do - Hạnh phúc"
    assert vni_to_unicode("ngöôøi, thöôøng xuyeân, Quyeát ñònh") == "người, thường xuyên, Quyết định"


def test_results_are_nfc() -> None:
    import unicodedata

    for text in (tcvn3_to_unicode(TCVN3_MOTTO), vni_to_unicode(VNI_MOTTO)):
        assert unicodedata.is_normalized("NFC", text)


@pytest.mark.parametrize(
    "font, expected",
    [
        (".VnTime", "tcvn3"),
        (".VnTimeH", "tcvn3_upper"),
        (".VnArial", "tcvn3"),
        (".VnArialH", "tcvn3_upper"),
        ("VNI-Times", "vni"),
        ("Times New Roman", None),
        (None, None),
    ],
)
def test_font_encoding(font: str | None, expected: str | None) -> None:
    assert font_encoding(font) == expected


@pytest.mark.parametrize(
    "word",
    ["nghiêng", "quyết", "giữa", "gì", "Trường", "khuya", "oanh", "hoà", "hòa", "thuở", "được", "Đồng"],
)
def test_real_syllables(word: str) -> None:
    assert is_syllable(word)


@pytest.mark.parametrize(
    "word", ["BØCÔNG", "TÈNH", "ndm", "THONGBAo", "fithdng", "cria", "ákà", "hoạc̀", "bàt"]
)
def test_not_syllables(word: str) -> None:
    assert not is_syllable(word)


def test_measure_separates_real_text_from_broken_layers() -> None:
    real = (
        "Căn cứ khoản 10 Điều 49 Nghị định số 126/2024/NĐ-CP ngày 08/10/2024 của Chính phủ "
        "quy định về tổ chức, hoạt động và quản lý hội, Bộ Nội vụ đề nghị Ủy ban nhân dân tỉnh"
    )
    wrong_font = (
        "BØ CÔNG AN CÔNG AN TÈNH LÂM ÒNG CØNG HOÀ XÃ HØI CHæ NGH(A VIÆT NAM Ùc l­p - "
        "Tå do - H¡nh phúc V/v xin chç tr°¡ng tri¿n khai thñce hiÇn công tác cai nghiÇn"
    )
    stripped = (
        "uY BAN NgAN nAN TINH LAMDONG ceNG HoA xA ugr cuu xcuia vrET NAM DQc l$p Tg do "
        "H4nh phric Ldm D6ng ngdy fithdng 11 ndm 2025 THONGBAo fiit tu6n cria tldng chi"
    )
    assert measure_text(real).is_vietnamese()
    assert not measure_text(wrong_font).is_vietnamese()
    assert not measure_text(stripped).is_vietnamese()
    assert (
        measure_text(real).score
        > 0.8
        > 0.4
        > max(measure_text(wrong_font).score, measure_text(stripped).score)
    )


def test_detect_legacy() -> None:
    assert detect_legacy(TCVN3_MOTTO + " §éc lËp tù do h¹nh phóc") == "tcvn3"
    assert detect_legacy(VNI_MOTTO + " Ñoäc laäp Töï do Haïnh phuùc") == "vni"
    assert detect_legacy("Cộng hòa xã hội chủ nghĩa Việt Nam") == "unicode"
    assert detect_legacy("plain ASCII words") == "unicode"
    assert convert_legacy(TCVN3_MOTTO, "tcvn3") == tcvn3_to_unicode(TCVN3_MOTTO)
