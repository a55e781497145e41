"""Hostile files: each ends quarantined with a clear Vietnamese reason (or registered where it is
legitimately readable), the pipeline keeps going, and memory stays bounded.

The whole batch runs once, in a fresh process (tests/reliability/batch.py) driving the real
Scanner, real readers in their guarded child processes, LibreOffice and tesseract.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from service.errors import MESSAGES
from tests.conftest import ROOT, SAMPLE_REPORT, make_docx, require_tool, write_office_config
from tests.reliability.documents import docx_and_signed_pdf, report_lines
from tests.reliability.hostile import HOSTILE, REGISTERED

LIMITS = {"max_megabytes": 20, "max_pages": 500, "max_seconds": 30, "max_megapixels": 180}
# Peak resident memory allowed. The service process holds at most one document's text and fields
# at a time (here the 9 MB one-line file); a reader child is capped by its address-space limit.
SERVICE_PEAK_MB = 600
READER_PEAK_MB = 2048  # Limits.max_memory_mb (RLIMIT_AS of the guarded child)


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    require_tool("soffice")
    require_tool("tesseract")
    folder = tmp_path_factory.mktemp("hostile")
    work = folder / "work"
    work.mkdir()
    cfg = write_office_config(folder, limits=LIMITS, watcher__settle_seconds=1.0)
    inbox = folder / "inbox"
    sent: dict[str, bytes] = {}
    for h in HOSTILE:
        sent[h.name] = h.make(work)
    docx, signed = docx_and_signed_pdf(work)
    sent["cung-van-ban.docx"], sent["cung-van-ban-ky-so.pdf"] = docx, signed
    for name, data in sent.items():
        (inbox / name).write_bytes(data)
    # Written last and read last: the pipeline still works after all of the above.
    make_docx(
        inbox / "zz-binh-thuong.docx", [line.replace("45/BC-PNV", "99/BC-PNV") for line in SAMPLE_REPORT]
    )
    sent["zz-binh-thuong.docx"] = (inbox / "zz-binh-thuong.docx").read_bytes()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run(
        [sys.executable, "-m", "tests.reliability.batch", str(cfg)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["sent"] = sent
    result["folder"] = folder
    return result


def _outcome(batch, name: str):
    reg = [r for r in batch["register"] if r["file_name"] == name]
    qua = [q for q in batch["quarantine"] if q["file_name"] == name]
    return reg, qua


def test_at_least_25_kinds_are_tried():
    assert len({h.name for h in HOSTILE}) == len(HOSTILE) >= 25


@pytest.mark.parametrize("hostile", HOSTILE, ids=[h.name for h in HOSTILE])
def test_each_hostile_file_ends_where_it_should(batch, hostile):
    reg, qua = _outcome(batch, hostile.name)
    sha = hashlib.sha256(batch["sent"][hostile.name]).hexdigest()
    assert len(reg) + len(qua) == 1, f"{hostile.name}: lost or counted twice ({reg}, {qua})"
    if reg:  # some files are odd but legitimately readable
        assert REGISTERED in hostile.expect, f"{hostile.name} ({hostile.why}) was registered: {reg}"
        assert reg[0]["sha256"] == sha
        return
    row = qua[0]
    assert row["code"] in hostile.expect, f"{hostile.name}: {row['code']} ({row['detail']})"
    assert row["message"] == MESSAGES[row["code"]] and row["code"] != "internal"
    kept = batch["folder"] / "data" / row["stored_path"]
    assert hashlib.sha256(kept.read_bytes()).hexdigest() == sha, "the quarantine must keep the bytes"
    sidecar = kept.with_name(kept.name + ".ly-do.txt").read_text(encoding="utf-8")
    assert f"Lý do: {row['message']}" in sidecar and f"Mã lỗi: {row['code']}" in sidecar


def test_nothing_is_lost_and_the_inbox_empties(batch):
    assert batch["left_in_inbox"] == []
    shas = {hashlib.sha256(d).hexdigest() for d in batch["sent"].values()}
    seen = [r["sha256"] for r in batch["register"]] + [q["sha256"] for q in batch["quarantine"]]
    assert sorted(seen) == sorted(shas)  # each once: none lost, none twice
    so_den = [r["so_den"] for r in batch["register"]]
    assert so_den == list(range(1, len(so_den) + 1))


def test_the_pipeline_keeps_going_after_them(batch):
    reg, _ = _outcome(batch, "zz-binh-thuong.docx")
    assert reg and reg[0]["number_symbol"] == "99/BC-PNV"
    assert reg[0]["so_den"] == max(r["so_den"] for r in batch["register"])


def test_the_same_document_as_docx_and_as_signed_pdf_are_both_registered(batch):
    (docx,), _ = _outcome(batch, "cung-van-ban.docx")
    (pdf,), _ = _outcome(batch, "cung-van-ban-ky-so.pdf")
    number = next(line for line in report_lines(501, random.Random(501)) if line.startswith("Số:"))[4:]
    assert docx["number_symbol"] == pdf["number_symbol"] == number
    assert pdf["format"] == "pdf_text" and docx["format"] == "docx"
    (sig,) = json.loads(pdf["signatures_json"])
    assert sig["signer_name"] == "Nguyễn Văn An" and sig["intact"] is True


def test_no_member_or_name_escapes_the_data_folder(batch):
    folder: Path = batch["folder"]
    assert not Path("/tmp/vanthu-escaped.txt").exists() and not Path("/etc/vanthu-escaped.txt").exists()
    assert not any(p.name in ("Windows", "win.docx") for p in folder.rglob("*")), "a ..\\ name made a path"
    for row in batch["register"]:
        assert "/" not in row["file_name"]


def test_memory_stays_bounded(batch):
    print(
        f"\nfigure: hostile batch of {len(batch['sent'])} files ({len(HOSTILE)} hostile kinds) in "
        f"{batch['seconds']:.0f} s: {len(batch['register'])} registered, {len(batch['quarantine'])} "
        f"quarantined; peak RSS service {batch['self_peak_rss_mb']:.0f} MB, largest reader child "
        f"{batch['children_peak_rss_mb']:.0f} MB"
    )
    assert 0 < batch["self_peak_rss_mb"] < SERVICE_PEAK_MB, batch["self_peak_rss_mb"]
    assert 0 < batch["children_peak_rss_mb"] < READER_PEAK_MB, batch["children_peak_rss_mb"]
