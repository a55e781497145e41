"""Slow and odd writers: half-written files, renames, deletions, links and strange names.

The Scanner is driven with a fake monotonic clock on a real inbox and a real SQLite file; the slow
copies go through a real `vanthu serve` process, in inotify and in polling mode.
"""

from __future__ import annotations

import hashlib
import os
import time
import unicodedata
from pathlib import Path

import pytest

from service.ingest import pipeline
from service.ingest.watcher import Scanner
from tests.conftest import SAMPLE_REPORT, make_docx, write_office_config
from tests.conftest import quarantine_rows as _quarantine
from tests.conftest import register_rows as _register
from tests.ingest.service_proc import ServiceProcess, cli_json, free_port, wait_for


def _report_bytes(tmp: Path, number: str) -> bytes:
    lines = [line.replace("45/BC-PNV", number) for line in SAMPLE_REPORT]
    return make_docx(tmp / f"src-{number.replace('/', '_')}.docx", lines).read_bytes()


def _settle(sc, mono, seconds: float = 5.0):
    sc.scan_once()
    mono.t += seconds
    return sc.scan_once()


def _originals(rt) -> set[str]:
    return {p.name.split(".")[0] for p in (rt.config.data / "originals").rglob("*") if p.is_file()}


# ---- the Scanner, fake clock ----


def test_a_file_renamed_into_the_inbox_is_taken_on_its_move_event(office, scanner, tmp_path):
    sc, _mono = scanner
    staging = office.config.inbox.parent / "staging"
    staging.mkdir()
    src = staging / "bao-cao.docx"
    src.write_bytes(_report_bytes(tmp_path, "3/BC-PNV"))
    dest = office.config.inbox / "bao-cao.docx"
    os.rename(src, dest)
    sc.on_event("moved_in", str(dest))
    (out,) = sc.process_ready()  # no settling needed: a rename delivers a whole file
    assert out.status == "registered" and out.so_den == 1 and not dest.exists()


def test_a_file_still_being_written_waits_for_its_close(office, scanner, tmp_path):
    sc, mono = scanner
    payload = _report_bytes(tmp_path, "4/BC-PNV")
    dest = office.config.inbox / "dang-chep.docx"
    with open(dest, "wb") as fh:
        for i in range(0, len(payload), 4096):
            fh.write(payload[i : i + 4096])
            fh.flush()
            sc.on_event("modified", str(dest))
            mono.t += 3.0  # a slow network: longer than the settle time between writes
            assert sc.process_ready() == [], "a half-written file was read"
            sc.scan_once()  # a periodic rescan must not take it either
            assert _register(office) == [] and _quarantine(office) == []
    sc.on_event("closed", str(dest))
    (out,) = sc.process_ready()
    assert out.status == "registered"
    assert _register(office)[0].sha256 == hashlib.sha256(payload).hexdigest()


def test_a_file_deleted_between_the_event_and_the_read_is_forgotten(office, scanner, tmp_path):
    sc, mono = scanner
    path = office.config.inbox / "bi-xoa.docx"
    path.write_bytes(_report_bytes(tmp_path, "5/BC-PNV"))
    sc.on_event("closed", str(path))

    def delete_then_process(rt, paths):
        for p in paths:
            p.unlink()  # the clerk deletes it at the very moment the pipeline starts
        return pipeline.process_batch(rt, paths)

    sc.process = delete_then_process
    (out,) = sc.process_ready()
    assert out.status == "vanished"
    assert _register(office) == [] and _quarantine(office) == [] and _originals(office) == set()
    sc.process = pipeline.process_batch
    assert _settle(sc, mono) == []


def test_a_read_only_file_is_registered_and_leaves_the_inbox(office, scanner, tmp_path):
    sc, mono = scanner
    path = office.config.inbox / "chi-doc.docx"
    path.write_bytes(_report_bytes(tmp_path, "6/BC-PNV"))
    path.chmod(0o444)
    (out,) = _settle(sc, mono)
    assert out.status == "registered" and not path.exists()


@pytest.mark.parametrize("where", ["inbox", "unit_folder", "dangling", "to_a_folder"])
def test_a_symbolic_link_is_refused_and_never_followed(office, scanner, tmp_path, where):
    sc, mono = scanner
    secret = tmp_path / "ngoai" / "bi-mat.docx"
    secret.parent.mkdir()
    secret.write_bytes(_report_bytes(tmp_path, "7/BC-PNV"))
    before = secret.read_bytes()
    folder = office.config.inbox
    if where == "unit_folder":
        folder = folder / "noi-vu"
        folder.mkdir()
    link = folder / "lien-ket.docx"
    target = {"dangling": tmp_path / "khong-co.docx", "to_a_folder": secret.parent}.get(where, secret)
    link.symlink_to(target)
    (out,) = _settle(sc, mono)
    assert out.code == "symlink_refused"
    (q,) = _quarantine(office)
    assert q["code"] == "symlink_refused" and "symlink" in q["message"]
    assert _register(office) == [] and _originals(office) == set()
    assert secret.read_bytes() == before and not os.path.lexists(link)


def test_an_nfd_name_is_registered_with_its_nfc_name(office, scanner, tmp_path):
    sc, mono = scanner
    name = "Báo cáo tổng kết Phòng Nội vụ.docx"
    nfd = unicodedata.normalize("NFD", name)
    assert nfd != name
    path = office.config.inbox / nfd
    path.write_bytes(_report_bytes(tmp_path, "8/BC-PNV"))
    (_out,) = _settle(sc, mono)
    (row,) = _register(office)
    assert row.file_name == name and row.source_path == name
    assert not os.path.lexists(path)


def test_an_nfd_name_survives_a_crash_between_register_and_removal(office, scanner, tmp_path, monkeypatch):
    sc, mono = scanner
    nfd = unicodedata.normalize("NFD", "Kế hoạch năm 2026.docx")
    path = office.config.inbox / nfd
    path.write_bytes(_report_bytes(tmp_path, "9/BC-PNV"))

    def crash(*a, **k):
        raise SystemExit("killed")  # the process dies right after the commit

    monkeypatch.setattr(pipeline, "_finish_removals", crash)
    sc.scan_once()
    mono.t += 5
    with pytest.raises(SystemExit):
        sc.scan_once()
    monkeypatch.undo()
    assert path.exists() and len(_register(office)) == 1
    pipeline.resume_pending(office)  # the restart
    fresh = Scanner(office, clock=mono)
    _settle(fresh, mono)
    assert len(_register(office)) == 1
    assert _quarantine(office) == [], "the same file was quarantined as a duplicate of itself"
    assert not os.path.lexists(path)


def test_a_name_of_255_bytes_registers_and_quarantines(office, scanner, tmp_path):
    sc, mono = scanner
    stem = "Báo cáo " * 40
    good = _fit(stem, ".docx")
    bad = _fit("Hỏng " + stem, ".pdf")
    assert len(good.encode()) == 255 and len(bad.encode()) in (254, 255)
    (office.config.inbox / good).write_bytes(_report_bytes(tmp_path, "10/BC-PNV"))
    (office.config.inbox / bad).write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 4)
    outs = _settle(sc, mono)
    assert sorted(o.status for o in outs) == ["quarantined", "registered"]
    (row,) = _register(office)
    (q,) = _quarantine(office)
    assert row.file_name == good and q["file_name"] == bad and q["code"] == "corrupt_pdf"
    kept = office.data_path(q["stored_path"])
    assert kept.exists() and kept.with_name(kept.name + ".ly-do.txt").exists()
    assert list(office.config.inbox.iterdir()) == []


def _fit(stem: str, ext: str, limit: int = 255) -> str:
    name = stem
    while len((name + ext).encode()) > limit:
        name = name[:-1]
    return name + ext


def test_control_characters_in_a_name_do_not_reach_the_register_or_the_log(office, scanner, tmp_path):
    sc, mono = scanner
    name = "bao\ncao\t\x1b[31mdo\x7f.docx"
    (office.config.inbox / name).write_bytes(_report_bytes(tmp_path, "11/BC-PNV"))
    broken = "gia\r\n2026-01-01 00:00:00 INFO vanthu.ingest code=registered so_den=1.docx"
    (office.config.inbox / broken).write_bytes(b"PK\x03\x04 broken")
    records = []

    class Keep(__import__("logging").Handler):
        def emit(self, record):
            records.append(self.format(record))

    handler = Keep()
    log = __import__("logging").getLogger("vanthu")
    log.addHandler(handler)
    old_level = log.level
    log.setLevel("INFO")
    try:
        outs = _settle(sc, mono)
    finally:
        log.removeHandler(handler)
        log.setLevel(old_level)
    assert sorted(o.status for o in outs) == ["quarantined", "registered"]
    (row,) = _register(office)
    (q,) = _quarantine(office)
    for shown in (row.file_name, q["file_name"]):
        assert not any(unicodedata.category(ch) == "Cc" for ch in shown), repr(shown)
    assert row.file_name.startswith("bao") and row.file_name.endswith(".docx")
    assert all("\n" not in r and "\r" not in r and "\x1b" not in r for r in records), records
    assert list(office.config.inbox.iterdir()) == []


def test_a_name_that_is_not_utf8_is_registered(office, scanner, tmp_path):
    sc, mono = scanner
    raw = os.fsencode(str(office.config.inbox)) + b"/B\xe1o c\xe1o cp1258.docx"  # bytes of a Windows share
    with open(raw, "wb") as fh:
        fh.write(_report_bytes(tmp_path, "12/BC-PNV"))
    (out,) = _settle(sc, mono)
    assert out.status == "registered"
    (row,) = _register(office)
    assert row.file_name == "Báo cáo cp1258.docx"  # read in Vietnamese Windows' code page
    assert os.listdir(os.fsencode(str(office.config.inbox))) == []


# ---- a real `vanthu serve`: a copy that takes 10 seconds ----


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["inotify", "polling"])
def test_a_copy_over_10_seconds_is_never_read_half_written(tmp_path, mode):
    cfg = write_office_config(
        tmp_path, web__port=free_port(), watcher={"mode": mode, "settle_seconds": 2.0, "rescan_seconds": 1.0}
    )
    payload = _report_bytes(tmp_path, "13/BC-PNV")
    svc = ServiceProcess(cfg, tmp_path / "serve.log").start()
    try:
        wait_for(
            lambda: "code=watching" in (tmp_path / "serve.log").read_text("utf-8", "replace"),
            60,
            "the watcher to start",
        )
        target = tmp_path / "inbox" / "cham.docx"
        pieces = 20
        step = -(-len(payload) // pieces)
        started = time.monotonic()
        with open(target, "wb") as fh:  # one open, 20 writes, 0.5 s apart: a slow copy
            for i in range(pieces):
                fh.write(payload[i * step : (i + 1) * step])
                fh.flush()
                os.fsync(fh.fileno())
                # nothing may be taken while the copy is under way
                assert target.exists(), "the half-written file was taken out of the inbox"
                time.sleep(0.5)
        assert time.monotonic() - started >= 10
        rows = wait_for(lambda: cli_json(cfg, "register"), 60, "registration")
        quarantined = cli_json(cfg, "quarantine")
    finally:
        svc.stop()
    assert quarantined == [], quarantined
    (row,) = rows
    assert row["sha256"] == hashlib.sha256(payload).hexdigest() and row["number_symbol"] == "13/BC-PNV"


@pytest.mark.slow
def test_a_file_moved_in_from_outside_is_taken_after_the_settle_time_not_the_stall(tmp_path):
    # A move from an unwatched folder reaches inotify as a bare create, with no close event after it.
    cfg = write_office_config(
        tmp_path,
        web__port=free_port(),
        watcher={"mode": "inotify", "settle_seconds": 1.0, "rescan_seconds": 600.0},
    )
    outside = tmp_path / "Downloads"
    outside.mkdir()
    src = outside / "cong-van.docx"
    src.write_bytes(_report_bytes(tmp_path, "14/BC-PNV"))
    svc = ServiceProcess(cfg, tmp_path / "serve.log").start()
    try:
        wait_for(
            lambda: "code=watching" in (tmp_path / "serve.log").read_text("utf-8", "replace"),
            60,
            "the watcher to start",
        )
        os.replace(src, tmp_path / "inbox" / "cong-van.docx")
        # The stall time for a writer that never closes is 60 s: well beyond this wait.
        rows = wait_for(lambda: cli_json(cfg, "register"), 30, "registration of a moved-in file")
    finally:
        svc.stop()
    assert [r["file_name"] for r in rows] == ["cong-van.docx"]


def test_a_file_whose_processing_fails_is_retried_with_a_growing_wait(office, scanner, tmp_path):
    sc, mono = scanner
    path = office.config.inbox / "loi.docx"
    path.write_bytes(_report_bytes(tmp_path, "15/BC-PNV"))
    calls = []

    def failing(rt, paths):
        calls.append(mono.t)
        raise OSError(28, "No space left on device")  # e.g. a full disk: not the file's fault

    sc.process = failing
    sc.scan_once()
    mono.t += 5
    for _ in range(40):  # ten seconds of ticks
        sc.process_ready()
        mono.t += 0.25
    assert 2 <= len(calls) <= 5, calls  # not on every tick
    sc.process = pipeline.process_batch
    mono.t += 120
    (out,) = sc.process_ready()
    assert out.status == "registered" and path.exists() is False
