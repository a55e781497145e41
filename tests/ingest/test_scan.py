"""scan_once() on a real inbox, a real SQLite file and a fake clock: no sleeping."""

from __future__ import annotations

import hashlib
import os
from concurrent.futures import Future
from datetime import datetime
from pathlib import Path

import pytest

from service.ingest import pipeline
from service.ingest.watcher import Scanner, is_ignored
from service.store import quarantine as qstore
from tests.conftest import SAMPLE_REPORT, make_docx
from tests.conftest import quarantine_rows as _quarantine
from tests.conftest import register_rows as _register

pytestmark = pytest.mark.both_databases  # tests/conftest.py: on SQLite and on PostgreSQL


def _report(path: Path, unit: str = "PHÒNG NỘI VỤ", number: str = "45/BC-PNV") -> Path:
    lines = [line.replace("PHÒNG NỘI VỤ", unit).replace("45/BC-PNV", number) for line in SAMPLE_REPORT]
    return make_docx(path, lines)


def test_files_register_in_arrival_order_once_settled(office, scanner):
    sc, mono = scanner
    inbox = office.config.inbox
    _report(inbox / "b.docx", number="2/BC-PNV")
    assert sc.scan_once() == []  # just seen: not settled yet
    mono.t = 1.0
    _report(inbox / "a.docx", number="1/BC-PNV")
    sc.scan_once()
    mono.t = 2.5
    out = sc.scan_once()
    assert [o.status for o in out] == ["registered"]  # b settled, a not yet
    mono.t = 3.5
    out += sc.scan_once()
    rows = _register(office)
    assert [(r.file_name, r.so_den) for r in rows] == [("b.docx", 1), ("a.docx", 2)]
    assert not (inbox / "a.docx").exists() and not (inbox / "b.docx").exists()
    for r in rows:
        original = office.data_path(r.original_path)
        assert hashlib.sha256(original.read_bytes()).hexdigest() == r.sha256
        assert not os.access(original, os.W_OK) or os.geteuid() == 0
        assert original.stat().st_mode & 0o222 == 0  # stored read-only
        assert r.number_symbol in ("1/BC-PNV", "2/BC-PNV") and "Kế hoạch" in r.text


def test_temp_and_hidden_files_are_left_alone(office, scanner):
    sc, mono = scanner
    names = ["~$draft.docx", ".~lock.plan.docx#", "x.tmp", "y.part", "Thumbs.db", "desktop.ini", ".hidden"]
    for n in names:
        assert is_ignored(n)
        (office.config.inbox / n).write_bytes(b"junk")
    sc.scan_once()
    mono.t = 100
    assert sc.scan_once() == []
    assert sorted(p.name for p in office.config.inbox.iterdir()) == sorted(names)


def test_unit_subfolder_names_the_sender(office, scanner):
    sc, mono = scanner
    folder = office.config.inbox / "ban-bo"
    folder.mkdir()
    _report(folder / "bao-cao.docx", unit="UBND XÃ BẢN BO")
    sc.scan_once()
    mono.t = 5
    sc.scan_once()
    (row,) = _register(office)
    assert row.sender_unit_id == "ban-bo" and row.source_path == "ban-bo/bao-cao.docx"


def test_duplicate_is_quarantined_naming_the_so_den(office, scanner):
    sc, mono = scanner
    inbox = office.config.inbox
    _report(inbox / "first.docx")
    sc.scan_once()
    mono.t = 5
    sc.scan_once()
    (inbox / "again.docx").write_bytes((office.data_path(_register(office)[0].original_path)).read_bytes())
    sc.scan_once()
    mono.t = 10
    (out,) = sc.scan_once()
    assert out.status == "quarantined" and out.code == "duplicate"
    (q,) = _quarantine(office)
    assert "số đến 1/2026" in q["message"] and q["duplicate_of"] == _register(office)[0].id
    assert not (inbox / "again.docx").exists()
    kept = office.data_path(q["stored_path"])
    assert kept.read_bytes() == office.data_path(_register(office)[0].original_path).read_bytes()
    sidecar = kept.with_name(kept.name + ".ly-do.txt").read_text(encoding="utf-8")
    assert "Lý do:" in sidecar and "duplicate" in sidecar


@pytest.mark.parametrize(
    "name, payload, code",
    [
        ("empty.pdf", b"", "empty_file"),
        ("broken.docx", b"PK\x03\x04" + b"\x00" * 40, "corrupt_docx"),
        ("noise.pdf", b"%PDF-1.7\n" + bytes(range(256)) * 4, "corrupt_pdf"),
    ],
)
def test_unreadable_files_are_quarantined_with_their_bytes(office, scanner, name, payload, code):
    sc, mono = scanner
    (office.config.inbox / name).write_bytes(payload)
    sc.scan_once()
    mono.t = 5
    (out,) = sc.scan_once()
    assert out.status == "quarantined" and out.code == code
    (q,) = _quarantine(office)
    assert q["code"] == code and q["message"]  # Vietnamese sentence for the clerk
    assert office.data_path(q["stored_path"]).read_bytes() == payload
    assert _register(office) == [] and not (office.config.inbox / name).exists()


def test_symlink_out_of_the_inbox_is_refused(office, scanner, tmp_path):
    sc, mono = scanner
    secret = tmp_path / "secret.txt"
    secret.write_text("không được đọc", encoding="utf-8")
    (office.config.inbox / "link.txt").symlink_to(secret)
    sc.scan_once()
    mono.t = 5
    (out,) = sc.scan_once()
    assert out.code == "symlink_refused"
    assert secret.read_text(encoding="utf-8") == "không được đọc" and _register(office) == []
    assert not (office.config.inbox / "link.txt").exists()


def test_so_den_restarts_each_year(office, scanner, clock):
    sc, mono = scanner
    clock.current = datetime(2026, 12, 31, 16, 0)
    _report(office.config.inbox / "old.docx", number="7/BC-PNV")
    sc.scan_once()
    mono.t = 5
    sc.scan_once()
    clock.current = datetime(2027, 1, 2, 8, 0)
    _report(office.config.inbox / "new.docx", number="8/BC-PNV")
    sc.scan_once()
    mono.t = 10
    sc.scan_once()
    assert [(r.year, r.so_den) for r in _register(office)] == [(2026, 1), (2027, 1)]


def test_crash_between_register_and_removal_resumes_without_twice(office, scanner, monkeypatch):
    sc, mono = scanner
    path = _report(office.config.inbox / "plan.docx")

    def crash(*a, **k):
        raise SystemExit("killed")  # the process dies right after the commit

    monkeypatch.setattr(pipeline, "_finish_removals", crash)
    sc.scan_once()
    mono.t = 5
    with pytest.raises(SystemExit):
        sc.scan_once()
    monkeypatch.undo()
    assert path.exists() and len(_register(office)) == 1
    # Restart: the pending removal is finished, and a rescan finds nothing to do.
    assert pipeline.resume_pending(office) == 1
    assert not path.exists()
    fresh = Scanner(office, clock=mono)
    assert fresh.scan_once() == [] and len(_register(office)) == 1 and _quarantine(office) == []


def test_retry_puts_a_quarantined_file_back(office, scanner, monkeypatch):
    from service.errors import ReadError

    sc, mono = scanner
    _report(office.config.inbox / "scan.docx")

    def no_reader(rt, path):
        future = Future()
        future.set_exception(ReadError("ocr_unavailable", "tesseract missing"))  # an injected fault
        return future

    monkeypatch.setattr(pipeline, "_submit_read", no_reader)
    sc.scan_once()
    mono.t = 5
    (out,) = sc.scan_once()
    assert out.code == "ocr_unavailable"
    monkeypatch.undo()
    (q,) = _quarantine(office)
    again = pipeline.retry_quarantined(office, q["id"], actor="clerk")
    assert again.status == "registered" and again.so_den == 1
    assert _quarantine(office) == []  # no longer open
    with office.store.read() as conn:
        assert qstore.get_quarantine(conn, q["id"]).status == "retried"


def test_file_deleted_between_event_and_read(office, scanner):
    sc, mono = scanner
    path = _report(office.config.inbox / "gone.docx")
    sc.scan_once()
    path.unlink()
    mono.t = 5
    assert sc.scan_once() == [] and _register(office) == [] and _quarantine(office) == []
