"""The signing block's fixed words (thẩm quyền ký, chức danh; Nghị định 30/2020, Điều 13 and Phụ lục I):
the marks of who signs for whom and the titles of the heads who sign. One list for the corrector's
fixed lines, the base model's phrases, the restoring of lost marks and the signer's reading. Pure.
"""

from __future__ import annotations

from functools import lru_cache

# Who signs for whom: thay mặt, ký thay, thừa lệnh, thừa ủy quyền, quyền.
AUTHORITY_MARKS = ("TM", "KT", "TL", "TUQ", "Q")
# Heads of a body who sign, in capitals as the signing block writes them.
HEADS = (
    "CHỦ TỊCH",
    "GIÁM ĐỐC",
    "BỘ TRƯỞNG",
    "THỦ TƯỚNG",
    "CHÁNH VĂN PHÒNG",
    "CHÁNH THANH TRA",
    "TRƯỞNG BAN",
    "TRƯỞNG PHÒNG",
    "CỤC TRƯỞNG",
    "VỤ TRƯỞNG",
    "VIỆN TRƯỞNG",
    "HIỆU TRƯỞNG",
    "TỔNG GIÁM ĐỐC",
    "TỔNG CỤC TRƯỞNG",
    "CHI CỤC TRƯỞNG",
)
# A head's deputy is PHÓ …, but a minister's is a THỨ TRƯỞNG.
_DEPUTY = {"BỘ TRƯỞNG": "THỨ TRƯỞNG"}
# Collective bodies, signed for with TM. (thay mặt).
COLLECTIVES = (
    "ỦY BAN NHÂN DÂN",
    "HỘI ĐỒNG NHÂN DÂN",
    "CHÍNH PHỦ",
    "BAN CHỈ ĐẠO",
    "BAN THƯỜNG VỤ",
    "BAN CHẤP HÀNH",
)


def deputy(head: str) -> str:
    """The title of a head's deputy: PHÓ CHỦ TỊCH, THỨ TRƯỞNG."""
    return _DEPUTY.get(head, f"PHÓ {head}")


@lru_cache(maxsize=1)
def titles() -> tuple[str, ...]:
    """Every head's title and its deputy's."""
    return tuple(dict.fromkeys(t for head in HEADS for t in (head, deputy(head))))


@lru_cache(maxsize=1)
def signing_lines() -> tuple[str, ...]:
    """Every line a signing block may hold but the signer's name: the titles, each head's title
    under an authority mark ("KT. CHỦ TỊCH", "TL. BỘ TRƯỞNG"), and "TM." before a collective body."""
    marked = [f"{mark}. {head}" for head in HEADS for mark in AUTHORITY_MARKS if mark != "TM"]
    return titles() + tuple(marked) + tuple(f"TM. {body}" for body in COLLECTIVES)
