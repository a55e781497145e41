"""What a request for a report asks for, item by item (the headings a reply is laid out under). Pure."""

from __future__ import annotations

import re

from service.text import fold, nfc

# "… báo cáo các nội dung sau:", "nội dung báo cáo gồm:", "theo đề cương sau:" (accent-folded)
_CUE = re.compile(
    r"(bao cao|de nghi|yeu cau)[^.:\n]{0,160}(noi dung|van de|de cuong|chi tieu)[^.:\n]{0,60}:\s*$"
    r"|noi dung bao cao[^.:\n]{0,40}:\s*$|de cuong bao cao[^.:\n]{0,40}:\s*$",
)
# an item: "1.", "1)", "a)", "a.", "I.", "-", "+", "•"
_ITEM = re.compile(r"^\s*(?P<mark>(?:[IVX]+|\d{1,2}|[a-zđ])[.)]|[-+•])\s+(?P<text>\S.*)$")
_END = re.compile(r"^(noi nhan|thoi han|bao cao gui ve|de nghi .* gui|trong qua trinh|tran trong)", re.I)


def _kind(mark: str) -> str:
    if mark in "-+•":
        return mark
    core = mark[:-1]
    if core.isdigit():
        return "digit" + mark[-1]
    if re.fullmatch(r"[IVX]+", core):
        return "roman" + mark[-1]
    return "letter" + mark[-1]


def asked_items(text: str, most: int = 12) -> list[str]:
    """The items a document asks a report to cover, at the first level of its list after the cue,
    numbered as the reply writes them ("1. Kết quả thực hiện"); empty when it asks for none."""
    lines = [line.strip() for line in nfc(text).splitlines()]
    for i, line in enumerate(lines):
        if not _CUE.search(fold(line).lower()):
            continue
        items: list[str] = []
        level = None
        for nxt in lines[i + 1 :]:
            if not nxt:
                continue
            m = _ITEM.match(nxt)
            if m is None:
                if items and not _END.match(fold(nxt).lower()) and nxt[:1].islower():
                    items[-1] += " " + nxt  # the item's text goes on
                    continue
                break
            kind = _kind(m["mark"])
            level = level or kind
            if kind != level:
                continue  # a sub-item: its heading covers it
            items.append(m["text"].strip().rstrip(";."))
            if len(items) >= most:
                break
        if len(items) >= 2:
            return [f"{n}. {item[:1].upper() + item[1:]}" for n, item in enumerate(items, 1)]
    return []
