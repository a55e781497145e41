"""Vietnamese personal names (họ tên): a closed list of family names and the shape of a syllable.

A signer's name is recognised by what a name is, not by where it stands: a family name from the list,
then one to four syllables each shaped like a Vietnamese syllable (onset, vowels, final), each
capitalised. OCR debris around it ("ø Phạm Minh Chính", "“esNW…") is left out; nothing is guessed.
"""

from __future__ import annotations

import re

from service.text.normalize import fast_fold

# The family names of nearly every Vietnamese (the commonest hundred or so, Kinh and the larger
# minorities); a closed list, compared without marks.
FAMILY_NAMES = (
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
    "Đinh",
    "Đào",
    "Trịnh",
    "Mai",
    "Trương",
    "Lương",
    "Cao",
    "Tạ",
    "Hà",
    "Lâm",
    "Thái",
    "Tô",
    "Châu",
    "Đoàn",
    "Lưu",
    "Kiều",
    "Quách",
    "Thạch",
    "Phùng",
    "Triệu",
    "Từ",
    "Tăng",
    "Lại",
    "Tống",
    "Vương",
    "Khúc",
    "Mạc",
    "Hứa",
    "Chu",
    "Đồng",
    "Nông",
    "Lục",
    "Hầu",
    "Lò",
    "Giàng",
    "Sùng",
    "Thào",
    "Vàng",
    "Tòng",
    "Quàng",
    "Lã",
    "Doãn",
    "Tôn",
    "Khổng",
    "Âu",
    "Ông",
    "Diệp",
    "Đàm",
    "Giáp",
    "Hàn",
    "Kim",
    "La",
    "Mạnh",
    "Ninh",
    "Nghiêm",
    "Phí",
    "Quan",
    "Tiêu",
    "Trình",
    "Ứng",
    "Vi",
    "Bạch",
    "Bế",
    "Cù",
    "Đậu",
    "Đường",
    "Hoa",
    "Hồng",
    "Lạc",
    "Lều",
    "Lỗ",
    "Mã",
    "Mông",
    "Nhữ",
    "Thân",
    "Thiều",
    "Thịnh",
    "Trang",
    "Tưởng",
    "Viên",
    "Xa",
)
_FOLDED_FAMILIES = {fast_fold(n) for n in FAMILY_NAMES}
# A syllable without its marks: onset, one to three vowels, final consonant.
_SYLLABLE = re.compile(
    r"^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnpqrstvx])?[aeiouy]{1,3}(?:ch|ng|nh|[cmnpt])?$"
)
_WORD = re.compile(r"[^\W\d_]+")


def is_family_name(word: str) -> bool:
    """In the list, compared without marks: OCR often reads them wrong ("Trân", "Nguyên")."""
    return fast_fold(word) in _FOLDED_FAMILIES


def is_syllable(word: str) -> bool:
    """A capitalised word shaped like one Vietnamese syllable ("Hoàng", "Phớc", not "Kbx", "CHỦ")."""
    if not word[:1].isupper() or (len(word) > 1 and not word[1:].islower()):
        return False
    return bool(_SYLLABLE.match(fast_fold(word)))


def find_person_name(text: str) -> tuple[int, int] | None:
    """The span of a personal name in ``text``: a family name from the list and one to four more
    capitalised syllables, with nothing but debris or spaces around it; None if there is none."""
    words = list(_WORD.finditer(text))
    for k, first in enumerate(words):
        if not (is_family_name(first.group()) and is_syllable(first.group())):
            continue
        end = k
        while end + 1 < len(words) and end - k < 4:
            nxt = words[end + 1]
            if text[words[end].end() : nxt.start()] != " " or not is_syllable(nxt.group()):
                break
            end += 1
        if end - k >= 1:
            if end + 1 < len(words) and text[words[end].end() : words[end + 1].start()] == " ":
                continue  # the name runs on into more words: a phrase, not a name alone
            return first.start(), words[end].end()
    return None


def is_whole_name(text: str) -> bool:
    """The whole text is one personal name ("Nguyễn Văn An"; not "Văn phòng Chính phủ")."""
    span = find_person_name(text.strip())
    return span is not None and span == (0, len(text.strip()))
