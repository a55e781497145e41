"""The OCR corrector: misread words restored, valid and likely ones left, unsure ones flagged."""

from __future__ import annotations

from collections import Counter

import pytest

from service.config import load_config
from service.ingest.correction import HUNSPELL_DIC, build_corrector, read_syllables
from service.text.correct import Corrector
from service.text.ngrams import SyllableModel, count_grams
from service.text.syllables import canonical
from service.text.teach import learned_readings
from tests.conftest import ROOT, require_path


@pytest.fixture(scope="module")
def corrector() -> Corrector:
    """The base model of the shipped office (UBND huyện Tam Đường), no documents yet."""
    require_path(HUNSPELL_DIC, "Debian hunspell-vi")
    return build_corrector(load_config(ROOT / "config.yaml").organisation)


def test_tone_placement_is_one_spelling():
    assert [canonical(w) for w in ("hoà", "thuỷ", "uỷ", "khoẻ")] == ["hòa", "thủy", "ủy", "khỏe"]
    # Marks on a hat or horn, closed syllables and "qu"/"gi" onsets keep their place.
    assert [canonical(w) for w in ("người", "hoạch", "quyết", "giữa", "khuỷu")] == [
        "người",
        "hoạch",
        "quyết",
        "giữa",
        "khuỷu",
    ]


def test_hunspell_syllables_are_read_with_both_i_and_y():
    require_path(HUNSPELL_DIC, "Debian hunspell-vi")
    syllables = read_syllables()
    assert len(syllables) > 6000
    assert {"người", "hòa", "thủy", "sĩ", "sỹ", "nghèo"} <= syllables


def test_misread_syllables_are_restored_in_context(corrector):
    # Letters tesseract confuses (itc/ức, e/c, d/đ) and marks it lost, on a line that lost most.
    fixed = corrector.correct("Té chitc thue hién phong trao thi dua").text
    assert fixed == "Tổ chức thực hiện phong trào thi đua"
    # A stacked pair of marks read as one ("tô" for "tổ", "đây" for "đẩy") on a page that kept its marks.
    fixed = corrector.correct("Các cơ quan tiếp tục đây mạnh công tác tô chức thực hiện.").text
    assert fixed == "Các cơ quan tiếp tục đẩy mạnh công tác tổ chức thực hiện."
    # Case is kept, digits standing for letters are read as letters.
    assert corrector.correct("UBND HUYỆN TAM DPUONG").text == "UBND HUYỆN TAM ĐƯỜNG"
    assert corrector.correct("công tác t6 chức thi đua").text == "công tác tổ chức thi đua"


def test_a_speck_between_two_words_parts_them_and_a_quote_opens_no_name(corrector):
    # A speck OCR read for a stain between two words: the words stay apart and read as one phrase.
    assert corrector.correct("Phó`Chú tịch Ủy ban nhân dân tỉnh").text == "Phó Chủ tịch Ủy ban nhân dân tỉnh"
    # A capital right after an opening quote starts a title: it is no name to leave alone.
    fixed = corrector.correct("Phát động phong trào thi đua “Đây mạnh cải cách hành chính”").text
    assert fixed == "Phát động phong trào thi đua “Đẩy mạnh cải cách hành chính”"
    # … and so does a capital at a line's start (a task table's cell under its number).
    assert corrector.correct("2\nTố chức tập huấn cho cán bộ").text == "2\nTổ chức tập huấn cho cán bộ"


def test_the_document_vouches_for_a_reading_it_holds_elsewhere(corrector):
    """ "tổng thể" is in no clean text the base model holds: a scan that reads it right twice and
    wrong once has it corrected where it was misread; the wrong line alone stays as read."""
    misread = "Kết quả thực hiện Chương trình tông thể cải cách hành chính nhà nước"
    assert corrector.correct(misread).text == misread
    text = (
        "Chương trình tổng thể cải cách hành chính được ban hành. Thực hiện Chương trình tổng thể cải "
        f"cách hành chính.\n{misread}"
    )
    assert corrector.correct(text).text.endswith("Chương trình tổng thể cải cách hành chính nhà nước")


def test_a_valid_word_unlikely_in_its_context_yields_to_a_misread_mark():
    """ "đề" is valid, but an office whose documents say "để tổng hợp" has never seen it after
    "nhiệm" nor before "tổng": OCR misread the hook as a grave. The same "đề" where it is likely
    ("đề xuất") stays, and so does a capitalised one (a name) or one beside a number (no context on
    that side)."""
    require_path(HUNSPELL_DIC, "Debian hunspell-vi")
    office = (
        "Văn phòng Ủy ban nhân dân tỉnh theo dõi để tổng hợp, báo cáo Chủ tịch. Các sở gửi kết quả về "
        "Sở Nội vụ để tổng hợp. Phòng Tài chính tiếp nhận số liệu để tổng hợp chung."
    )
    grams = count_grams(office)
    org = load_config(ROOT / "config.yaml").organisation
    corrector = build_corrector(org, ((g, 3 * n) for g, n in grams.items()))  # three such documents
    result = corrector.correct("Văn phòng có trách nhiệm đề tổng hợp báo cáo")
    assert result.text == "Văn phòng có trách nhiệm để tổng hợp báo cáo"
    assert [(c.raw, c.new, c.flagged) for c in result.changes] == [("đề", "để", False)]
    for kept in (
        "Sở Nội vụ có trách nhiệm đề xuất việc này",
        "Văn phòng có trách nhiệm Đề tổng hợp báo cáo",
        "Văn phòng có trách nhiệm 2 đề tổng hợp báo cáo",
    ):
        assert corrector.correct(kept).text == kept


def test_at_a_phrase_edge_one_neighbour_carries_a_reading_for_a_word_the_model_never_saw(corrector):
    """ "chinh" and "đao" are valid syllables the office's clean text never holds; before a semicolon
    or a comma the one neighbour they have ("hành chính", "chỉ đạo") decides. A word the model knows
    ("tinh": "hành tinh") keeps its place at an edge, and so does one in capitals."""
    for raw, meant in (
        ("Theo dõi thi hành án hành chinh; kịp thời xử lý vi phạm.", "hành chính;"),
        ("Kiểm tra, đôn đốc, chỉ đao, xử lý trách nhiệm.", "chỉ đạo,"),
    ):
        result = corrector.correct(raw)
        assert meant in result.text, result.text
        assert len(result.changes) == 1 and not result.changes[0].flagged
    for kept in ("Sự phục vụ nhân dân, cải cách hành tinh; trong năm", "Kiểm tra, đôn đốc, chỉ Đao, xử lý"):
        assert corrector.correct(kept).text == kept


def test_on_a_line_that_lost_marks_a_valid_syllable_yields_more_readily(corrector):
    """A third of the marks of this line are gone: its "co" (valid, the model has seen "cơ quan" but
    never "với co" nor "co quan") is taken for what OCR mostly makes of "cơ" there."""
    result = corrector.correct("đ) Phối hơp chặt chẽ với co quan Thi hành an dan su trong việc theo")
    assert "chặt chẽ với cơ quan" in result.text, result.text
    assert ("co", "cơ", False) in [(c.raw, c.new, c.flagged) for c in result.changes]


def test_valid_and_likely_text_is_left_alone(corrector):
    text = (
        "Chủ tịch Ủy ban nhân dân tỉnh yêu cầu Giám đốc các sở, ngành và Chủ tịch Ủy ban nhân dân các "
        "huyện tổ chức triển khai nghiêm túc các nội dung trên; ông Vũ Chiến Thắng, bà Trịnh Thị Vân "
        "theo dõi hình thức tuyên truyền, kỷ luật, kỷ cương và kỹ năng lưu trú qua ứng dụng Zalo (PAPI)."
    )
    result = corrector.correct(text)
    assert result.text == text, [(c.raw, c.new) for c in result.changes if c.raw != c.new]


def test_symbols_numbers_and_addresses_are_not_words(corrector):
    text = "Số: 904/KH-UBND, 666/QĐ-TTg; mục XII; email vanthu@tamduong.gov.vn; 2021-2025."
    assert corrector.correct(text).text == text


def test_an_unsure_choice_keeps_what_ocr_read_and_is_flagged():
    # Two readings the model cannot tell apart: the raw word stays and is flagged.
    model = SyllableModel(Counter({"tỉnh": 5, "tính": 5}), ["tỉnh", "tính"])
    result = Corrector(model).correct("tinh")
    assert result.text == "tinh"
    [change] = result.changes
    assert change.flagged and change.confidence < 0.75
    assert result.field_confidence("tinh") == (change.confidence, ("tinh",))


def test_run_together_syllables_are_split(corrector):
    assert corrector.correct("Thủ tướng Chínhphủ quyết định").text == "Thủ tướng Chính phủ quyết định"


def test_the_model_grows_with_clean_text():
    model = SyllableModel(count_grams("báo cáo kết quả"), ["báo", "cáo", "kết", "quả", "nghèo", "nghẹo"])
    corrector = Corrector(model)
    assert corrector.correct("giảm ngheo").text == "giảm ngheo"  # unknown "giảm", nothing to go on
    corrector.learn(count_grams("Chương trình giảm nghèo bền vững. Công tác giảm nghèo."), {})
    assert corrector.correct("giảm ngheo").text == "giảm nghèo"


def test_a_syllable_new_to_the_vocabulary_is_a_reading_at_once_for_every_corrector_of_the_model():
    """The neighbourhoods of valid syllables are the model's, shared by its correctors: a syllable the
    model learns (one hunspell lacks) must enter them, for a misreading met before it was known too."""
    model = SyllableModel(count_grams("báo cáo kết quả"), ["báo", "cáo", "kết", "quả"])
    first = Corrector(model)
    assert first.correct("báo cáo ngheo").text == "báo cáo ngheo"  # nothing near "ngheo" yet
    first.learn(count_grams("Báo cáo nghèo. Giảm nghèo bền vững. Báo cáo nghèo."), {})
    assert first.correct("báo cáo ngheo").text == "báo cáo nghèo"
    assert Corrector(model).correct("báo cáo ngheo").text == "báo cáo nghèo"


def test_a_clerks_correction_is_learned_word_by_word():
    learned = learned_readings(
        [("Công an tính Lâm Đòng", "Công an tỉnh Lâm Đồng"), ("Chínhphủ", "Chính phủ")]
    )
    assert learned == {"tính": ("tỉnh",), "đòng": ("đồng",), "chínhphủ": ("chính", "phủ")}
