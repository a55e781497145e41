"""Fixtures for extraction tests: the sample office (UBND huyện Tam Đường) and corpus access."""

from __future__ import annotations

import pytest

from service.models import Organisation, Unit, UnitGroup
from tests.conftest import require_corpus

BUREAUS = [
    ("vp", "Văn phòng HĐND và UBND", ("Văn phòng HĐND và UBND huyện",)),
    ("noi-vu", "Phòng Nội vụ", ()),
    ("tu-phap", "Phòng Tư pháp", ()),
    ("tc-kh", "Phòng Tài chính - Kế hoạch", ()),
    ("kt-ht", "Phòng Kinh tế và Hạ tầng", ()),
    ("nn", "Phòng Nông nghiệp và PTNT", ("Phòng Nông nghiệp và Phát triển nông thôn",)),
    ("tn-mt", "Phòng Tài nguyên và Môi trường", ()),
    ("ldtbxh", "Phòng Lao động - Thương binh và Xã hội", ("Phòng LĐ-TB&XH",)),
    ("vh-tt", "Phòng Văn hóa và Thông tin", ()),
    ("gd-dt", "Phòng Giáo dục và Đào tạo", ()),
    ("y-te", "Phòng Y tế", ()),
    ("dan-toc", "Phòng Dân tộc", ()),
    ("thanh-tra", "Thanh tra huyện", ()),
]
COMMUNES = [
    "Bản Bo",
    "Bản Giang",
    "Bản Hon",
    "Bình Lư",
    "Giang Ma",
    "Hồ Thầu",
    "Khun Há",
    "Nà Tăm",
    "Nùng Nàng",
    "Sơn Bình",
    "Sùng Phài",
    "Tả Lèng",
    "Thèn Sin",
]


def make_org() -> Organisation:
    units = [Unit(id=i, name=n, aliases=a, groups=("co-quan-huyen",)) for i, n, a in BUREAUS]
    units.append(
        Unit(
            id="tt-tam-duong",
            name="UBND thị trấn Tam Đường",
            aliases=("thị trấn Tam Đường",),
            groups=("ubnd-xa",),
        )
    )
    for n in COMMUNES:
        aliases = (f"xã {n}", "xã Thèn Xin") if n == "Thèn Sin" else (f"xã {n}",)
        units.append(
            Unit(
                id="xa-" + n.lower().replace(" ", "-"),
                name=f"UBND xã {n}",
                aliases=aliases,
                groups=("ubnd-xa",),
            )
        )
    groups = (
        UnitGroup("co-quan-huyen", "Các cơ quan, ban, ngành huyện", ("các cơ quan, ban, ngành",)),
        UnitGroup("ubnd-xa", "UBND các xã, thị trấn", ("Ủy ban nhân dân các xã, thị trấn",)),
    )
    return Organisation(
        name="Ủy ban nhân dân huyện Tam Đường",
        short_name="UBND",
        display_name="UBND huyện Tam Đường",
        parent="Ủy ban nhân dân tỉnh Lai Châu",
        place="Tam Đường",
        units=tuple(units),
        groups=groups,
    )


@pytest.fixture(scope="session")
def org() -> Organisation:
    return make_org()


@pytest.fixture(scope="session")
def corpus_text():
    """Read a plain-text corpus file (the OCR .txt files and the seed) as a reader would give it."""

    def read(name: str) -> str:
        return (require_corpus() / name).read_text(encoding="utf-8")

    return read
