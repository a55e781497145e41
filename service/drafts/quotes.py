"""The sentences a compilation quotes from each unit's report (trích dẫn): results, difficulties,
proposals, numbers; never the header, the recipients or the formulae of the decree. Pure."""

from __future__ import annotations

import re

from service.text import nfc

_KEY_WORDS = re.compile(
    r"kết quả|đã (?:thực hiện|triển khai|hoàn thành|tổ chức)|khó khăn|vướng mắc|hạn chế|tồn tại|"
    r"đề xuất|kiến nghị|giảm|tăng",
    re.I,
)
_BOILERPLATE = re.compile(
    r"cộng hòa|độc lập|nơi nhận|kính gửi|^số:|^v/v|thực hiện (?:kế hoạch|công văn)|trên đây là|"
    r"ủy ban nhân dân|ubnd .* báo cáo|^báo cáo$",
    re.I,
)


def _unwrap(text: str) -> str:
    """A paragraph a PDF or a scan breaks over lines, joined again: a line that does not end a
    sentence goes on with the next one when that one starts in lower case."""
    return re.sub(r"(?<![.;:!?])\n(?=[a-zà-ỹđ0-9])", " ", text)


def key_sentences(text: str, most: int = 3) -> list[str]:
    """The sentences a compiler quotes: results, difficulties, proposals, numbers; never the header,
    the recipients or the formulae of the decree."""
    sentences: list[tuple[int, int, str]] = []
    for raw in re.split(r"(?<=[.;!?])\s+|\n+", _unwrap(nfc(text))):
        s = re.sub(r"\s+", " ", raw).strip(" -+•")
        if len(s) < 30 or len(s) > 400 or _BOILERPLATE.search(s) or s[-1] not in ".;!?":
            continue  # a title, a heading or a table's cell is not a sentence to quote
        score = len(_KEY_WORDS.findall(s)) * 2 + len(re.findall(r"\d", s)) // 3
        if score:
            sentences.append((score, len(sentences), s))
    best = sorted(sentences, key=lambda x: (-x[0], x[1]))[:most]
    return [s for _, _, s in sorted(best, key=lambda x: x[1])]
