"""Property tests for folding and normalisation (bỏ dấu, chuẩn hóa khoảng trắng)."""

import unicodedata

from hypothesis import example, given
from hypothesis import strategies as st

from service.text.match import has_diacritics, is_accent_poor, split_lines
from service.text.normalize import fast_fold, fold, nfc, normalize_space

VIETNAMESE = "aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂBCDĐEÊGHIKLMNOÔƠPQRSTUƯVXY"
VOWELS = "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY"
TONES = ["", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323"]


@st.composite
def vietnamese_words(draw):
    letters = draw(st.lists(st.sampled_from(VIETNAMESE), max_size=6))
    vowel = draw(st.sampled_from(VOWELS))
    tone = draw(st.sampled_from(TONES))  # a tone mark sits on a vowel
    word = "".join(letters) + vowel + tone
    form = draw(st.sampled_from(["NFC", "NFD"]))
    return unicodedata.normalize(form, word)


vn_text = st.lists(vietnamese_words(), max_size=12).map(" ".join)


@given(st.text())
def test_fold_keeps_offsets_of_any_text(text):
    assert len(fold(text)) == len(nfc(text))


@given(st.text() | vn_text, st.booleans())
def test_fast_fold_equals_fold(text, lower):
    assert fast_fold(text, lower=lower) == fold(text, lower=lower)


@given(vn_text)
def test_fold_is_idempotent_and_plain(text):
    once = fold(text)
    assert fold(once) == once
    assert not has_diacritics(once)
    assert all(ord(c) < 128 for c in once)  # Vietnamese letters all fold to ASCII


@given(vn_text)
def test_fold_ignores_composition_form(text):
    assert fold(unicodedata.normalize("NFD", text)) == fold(unicodedata.normalize("NFC", text))


@given(vn_text)
def test_folded_text_is_accent_poor(text):
    assert is_accent_poor(fold(text))


@given(st.text())
@example("\r ")  # a line break then a blank: once "\n", then "" (found by a CI run)
@example("a\n\n")
def test_normalize_space_is_idempotent(text):
    once = normalize_space(text)
    assert normalize_space(once) == once
    assert "  " not in once


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200))
def test_split_lines_offsets_match_the_text(text):
    text = nfc(text)
    for line in split_lines(text):
        assert text[line.start : line.end] == line.text
        assert fold(line.text) == line.folded


def test_fold_examples():
    assert fold("Ủy ban nhân dân huyện Tam Đường") == "uy ban nhan dan huyen tam duong"
    assert fold("ĐỘC LẬP", lower=False) == "DOC LAP"
