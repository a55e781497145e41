"""End to end: `vanthu serve` as a process registers a file copied in slowly; kill -9 loses nothing."""

from __future__ import annotations

import hashlib
import random
import shutil
import time
from pathlib import Path

import pytest

from tests.conftest import SAMPLE_REPORT, make_docx, write_office_config
from tests.ingest.service_proc import (
    ServiceProcess,
    cli_json,
    free_port,
    handled_files,
    kept_originals,
    wait_for,
)


@pytest.fixture
def office_dir(tmp_path):
    cfg = write_office_config(
        tmp_path, web__port=free_port(), watcher__settle_seconds=1.0, watcher__rescan_seconds=2.0
    )
    return tmp_path, cfg


def _doc_bytes(tmp: Path, number: str) -> bytes:
    lines = [line.replace("45/BC-PNV", number) for line in SAMPLE_REPORT]
    return make_docx(tmp / f"src-{number.replace('/', '_')}.docx", lines).read_bytes()


def test_a_slow_copy_is_registered_whole(office_dir, tmp_path):
    folder, cfg = office_dir
    svc = ServiceProcess(cfg, folder / "serve.log").start()
    try:
        payload = _doc_bytes(tmp_path, "12/BC-PNV")
        target = folder / "inbox" / "slow.docx"
        with open(target, "wb") as fh:  # written in pieces over ~3 s, one open: like a slow copy
            step = max(1, len(payload) // 6)
            for i in range(0, len(payload), step):
                fh.write(payload[i : i + step])
                fh.flush()
                time.sleep(0.5)
        rows = wait_for(lambda: cli_json(cfg, "register"), 60, "registration")
        (row,) = rows
        assert row["so_den"] == 1 and row["file_name"] == "slow.docx"
        assert row["sha256"] == hashlib.sha256(payload).hexdigest()
        assert row["number_symbol"] == "12/BC-PNV"
        assert cli_json(cfg, "quarantine") == []
    finally:
        svc.stop()


def test_kill_9_mid_batch_loses_nothing_and_registers_nothing_twice(office_dir, tmp_path):
    folder, cfg = office_dir
    rng = random.Random(20261126)
    payloads = {f"bc-{i:02d}.docx": _doc_bytes(tmp_path, f"{i}/BC-PNV") for i in range(1, 25)}
    payloads["broken.docx"] = b"PK\x03\x04 truncated"
    payloads["copy-of-01.docx"] = payloads["bc-01.docx"]
    staging = folder / "staging"
    staging.mkdir()
    for name, data in payloads.items():
        (staging / name).write_bytes(data)
    log = folder / "serve.log"
    svc = ServiceProcess(cfg, log).start()
    for name in payloads:  # an atomic move into the inbox, as a clerk's file manager does
        shutil.move(staging / name, folder / "inbox" / name)
    names = list(payloads)
    distinct = list({hashlib.sha256(d).hexdigest(): d for d in payloads.values()}.values())
    # Each kill follows at once the moment a few more originals are kept (how many: drawn): a batch's
    # files are read and registered together after that, so every kill lands while files are waiting.
    for target in sorted(rng.sample(range(1, len(distinct) - 1), 5)):
        wait_for(
            lambda target=target: kept_originals(folder / "data", distinct) >= target,
            120,
            f"{target} originals kept",
            interval=0.01,
        )
        svc.kill9()
        assert len(handled_files(log, 0, names)) < len(names), "a kill came after the batch was done"
        svc = ServiceProcess(cfg, log).start()
    try:

        def settled():
            inbox_left = [p for p in (folder / "inbox").iterdir() if not p.name.startswith(".")]
            return not inbox_left and cli_json(cfg, "register")

        wait_for(settled, 120, "the inbox to empty")
        rows = cli_json(cfg, "register")
        quarantined = cli_json(cfg, "quarantine")
    finally:
        svc.stop()
    by_sha = {hashlib.sha256(d).hexdigest() for d in payloads.values()}
    registered = {r["sha256"] for r in rows}
    assert len(rows) == len(registered), "a document was registered twice"
    assert sorted(r["so_den"] for r in rows) == list(range(1, len(rows) + 1)), "gap or repeat in số đến"
    q_codes = sorted(q["code"] for q in quarantined)
    assert q_codes == ["corrupt_docx", "duplicate"]
    assert registered | {q["sha256"] for q in quarantined} == by_sha, "a file was lost"
    for r in rows:  # every original is whole
        original = next((folder / "data" / "originals").rglob(r["sha256"] + "*"))
        assert hashlib.sha256(original.read_bytes()).hexdigest() == r["sha256"]


def test_intake_goes_on_when_the_pages_cannot_start(tmp_path):
    import socket

    with socket.socket() as busy:  # another program holds the web port
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        cfg = write_office_config(tmp_path, web__port=busy.getsockname()[1], watcher__settle_seconds=1.0)
        svc = ServiceProcess(cfg, tmp_path / "serve.log").start()
        try:
            (tmp_path / "inbox" / "bc.docx").write_bytes(_doc_bytes(tmp_path, "3/BC-PNV"))
            (row,) = wait_for(lambda: cli_json(cfg, "register"), 60, "registration")
            assert row["number_symbol"] == "3/BC-PNV"
        finally:
            svc.stop()
    assert "code=web_failed" in (tmp_path / "serve.log").read_text(encoding="utf-8")
