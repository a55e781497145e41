"""Names snapped to the way a list writes them (service/text/snap.py)."""

import os
import subprocess
import sys

from service.text.snap import snap_name

NAMES = ("Phòng Văn hóa và Thông tin", "phòng văn hóa và thông tin", "UBND xã Bản Bo")


def test_a_name_read_with_ocr_noise_is_written_as_the_list_writes_it():
    assert snap_name("gửi UBND xa Ban Bo trước ngày 15/6", NAMES) == "gửi UBND xã Bản Bo trước ngày 15/6"


def test_of_two_spellings_that_fold_alike_the_one_listed_first_wins():
    assert snap_name("Phong Van hoa va Thong tin", NAMES) == "Phòng Văn hóa và Thông tin"
    reordered = (NAMES[1], NAMES[0], NAMES[2])
    assert snap_name("Phong Van hoa va Thong tin", reordered) == "phòng văn hóa và thông tin"


def test_the_same_on_every_hash_seed():
    """A set's order changes with PYTHONHASHSEED; the snapped spelling must not."""
    code = (
        f"from service.text.snap import snap_name;print(snap_name('Phong Van hoa va Thong tin', {NAMES!r}))"
    )
    seen = set()
    for seed in range(8):
        env = {**os.environ, "PYTHONHASHSEED": str(seed)}
        run = subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
        )
        seen.add(run.stdout.strip())
    assert seen == {"Phòng Văn hóa và Thông tin"}
