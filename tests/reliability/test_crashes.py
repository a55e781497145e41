"""`kill -9` while `vanthu serve` works through a batch, restarted each time.

Each kill is aimed at a moment the test sees, never at a sleep: the service's log says it has just
handled the k-th file of a wave (k drawn at random, always fewer than the wave holds), and the kill
follows at once, in the middle of the wave. Afterwards every file is registered exactly once or
quarantined, every original matches its hash, and the số đến run 1..n without gaps or repeats.
`make test` kills 6 times; bench/bench_load.py runs the full 20 (VANTHU_CRASH_KILLS=20).
"""

from __future__ import annotations

import hashlib
import os
import random
import signal
import subprocess
import time
from collections import Counter
from pathlib import Path

import pytest

from tests.conftest import ROOT, make_docx, require_tool, write_office_config
from tests.ingest.service_proc import (
    VANTHU,
    ServiceProcess,
    cli_json,
    free_port,
    handled_files,
    kept_originals,
    wait_for,
)
from tests.reliability.documents import plain_text, report_lines

KILLS = int(os.environ.get("VANTHU_CRASH_KILLS", "6"))
FILES = int(os.environ.get("VANTHU_CRASH_FILES", str(max(30, KILLS * 4))))


def _batch(work: Path, count: int, rng: random.Random) -> dict[str, bytes]:
    """Reports as .docx and .txt, a few broken files and a few exact duplicates."""
    out: dict[str, bytes] = {}
    for i in range(1, count + 1):
        lines = report_lines(i, rng)
        if i % 10 == 0:
            out[f"hong-{i:03d}.docx"] = b"PK\x03\x04" + rng.randbytes(300)
        elif i % 4 == 0:
            out[f"bao-cao-{i:03d}.txt"] = plain_text(lines)
        else:
            out[f"bao-cao-{i:03d}.docx"] = make_docx(work / f"{i}.docx", lines).read_bytes()
    firsts = [n for n in out if n.startswith("bao-cao")][:3]
    for n in firsts:
        out["ban-sao-" + n] = out[n]
    return out


@pytest.mark.slow
def test_kill_9_at_random_moments_loses_nothing_and_repeats_nothing(tmp_path):
    rng = random.Random(int(os.environ.get("VANTHU_CRASH_SEED", "904")))
    cfg = write_office_config(
        tmp_path, web__port=free_port(), watcher__settle_seconds=0.5, watcher__rescan_seconds=1.0
    )
    work = tmp_path / "work"
    work.mkdir()
    payloads = _batch(work, FILES, rng)
    names = list(payloads)
    rng.shuffle(names)
    staging = tmp_path / "staging"
    staging.mkdir()
    for name in names:
        (staging / name).write_bytes(payloads[name])
    inbox = tmp_path / "inbox"
    log = tmp_path / "serve.log"
    waves = [names[i::KILLS] for i in range(KILLS)]  # files keep arriving while the service dies
    assert min(map(len, waves)) >= 2, "a wave needs a file to handle before the kill and one after"
    svc = ServiceProcess(cfg, log).start()
    kills_mid_batch = 0
    try:
        for wave in waves:
            start = log.stat().st_size
            # The kill's moment: a few of the wave's originals kept (its files are read and registered
            # together after that, so the kill lands inside the batch).
            distinct = list({hashlib.sha256(payloads[n]).hexdigest(): payloads[n] for n in wave}.values())
            distinct = [d for d in distinct if not kept_originals(tmp_path / "data", [d])]  # not kept before
            for name in wave:  # an atomic move, as a file manager does
                os.replace(staging / name, inbox / name)
            target = rng.randint(1, max(len(distinct) - 1, 1))
            wait_for(
                lambda distinct=distinct, target=target: (
                    kept_originals(tmp_path / "data", distinct) >= target
                ),
                120,
                f"the service to keep {target} of its wave's {len(distinct)} originals",
                interval=0.01,
            )
            svc.kill9()
            # The service is dead: its log is final. Files of the wave it never reached prove the kill
            # came in the middle of the batch.
            if len(handled_files(log, start, wave)) < len(wave):
                kills_mid_batch += 1
            svc = ServiceProcess(cfg, log).start()

        def settled():
            return not any(inbox.iterdir()) and cli_json(cfg, "register")

        wait_for(settled, 240, "the inbox to empty after the last restart")
        rows = cli_json(cfg, "register")
        quarantined = cli_json(cfg, "quarantine")
    finally:
        svc.stop()
    assert kills_mid_batch == KILLS, "a kill came after its wave was done"
    registered = Counter(r["sha256"] for r in rows)
    assert max(registered.values()) == 1, "a document was registered twice"
    assert sorted(r["so_den"] for r in rows) == list(range(1, len(rows) + 1)), "gap or repeat in số đến"
    sent = {hashlib.sha256(d).hexdigest(): n for n, d in payloads.items()}
    q_by_sha = Counter(q["sha256"] for q in quarantined)
    assert set(registered) | set(q_by_sha) == set(sent), "a file was lost"
    broken = {hashlib.sha256(d).hexdigest() for n, d in payloads.items() if n.startswith("hong-")}
    assert {q["sha256"] for q in quarantined if q["code"] == "corrupt_docx"} == broken
    assert sum(q["code"] == "duplicate" for q in quarantined) == 3
    assert all(q["code"] in ("corrupt_docx", "duplicate") for q in quarantined), quarantined
    assert len({q["stored_path"] for q in quarantined}) == len(quarantined), "quarantined twice"
    assert not broken & set(registered)
    for r in rows:  # every original is whole, and only once in the store
        (original,) = list((tmp_path / "data" / "originals").rglob(r["sha256"] + "*"))
        assert hashlib.sha256(original.read_bytes()).hexdigest() == r["sha256"]
    # A kill mid-copy leaves a temporary file; the restart clears those of dead processes.
    leftovers = [p for sub in ("originals", "quarantine") for p in (tmp_path / "data" / sub).rglob("*.tmp")]
    assert leftovers == [], leftovers
    print(
        f"crash test: {KILLS} kills ({kills_mid_batch} mid-batch), {len(payloads)} files, "
        f"{len(rows)} registered, {len(quarantined)} quarantined"
    )


def test_a_restart_clears_the_temporary_copies_of_dead_processes(office):
    from service.ingest.pipeline import resume_pending

    dead = office.config.originals / "ab" / ".abcd.docx.4194303.tmp"  # above pid_max: never alive
    mine = office.config.quarantine / "x" / f".bao-cao.docx.{os.getpid()}.tmp"
    for p in (dead, mine):
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(b"half a copy")
    resume_pending(office)
    assert not dead.exists() and mine.exists()


# ---- outgoing numbers: `vanthu issue` killed while it works ----

ISSUES = int(os.environ.get("VANTHU_ISSUE_COUNT", "4"))
ISSUE_KILLS = int(os.environ.get("VANTHU_ISSUE_KILLS", "4"))
# How many files the issuance's work folder holds: the final .docx (1), then the PDF the văn thư's
# signature is being written to or was written to (2). The leader's signature comes before, in its own
# folder, and takes no number.
STAGES = ("rendered", "signed")


def _wait_for_stage(proc: subprocess.Popen, folders: Path, before: set[Path], stage: str) -> bool:
    """Until the issuance reaches `stage` (True), or ends first (False: a stage it never showed)."""
    wanted = STAGES.index(stage) + 1
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        for folder in set(folders.glob("issue-*")) - before:
            try:
                if len(list(folder.iterdir())) >= wanted:
                    return True
            except FileNotFoundError:  # it ended between the two looks
                pass
        time.sleep(0.005)
    raise AssertionError(f"the issuance never reached {stage!r}")


def _issue(cfg: Path, draft_id: int) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    # Its own session, so that the kill takes LibreOffice with it, as a power cut would.
    return subprocess.Popen(
        [*VANTHU, "--config", str(cfg), "issue", str(draft_id), "--signer", "Nguyễn Văn An", "--json"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )


@pytest.mark.slow
def test_kill_9_during_issuance_keeps_the_outgoing_numbers_gapless(tmp_path):
    require_tool("soffice")
    from service.drafts.outbox import verify_folder
    from service.drafts.service import create_draft, edit_draft
    from service.ingest.watcher import Scanner
    from service.runtime import open_runtime
    from tests.reliability.batch import Mono

    rng = random.Random(int(os.environ.get("VANTHU_CRASH_SEED", "904")) + 1)
    cfg = write_office_config(tmp_path, web__port=free_port())
    rt = open_runtime(cfg)
    make_docx(rt.config.inbox / "cong-van-den.docx", report_lines(7, rng))
    mono = Mono()
    sc = Scanner(rt, clock=mono)
    sc.scan_once()
    mono.t += 5
    (out,) = sc.scan_once()
    drafts = [create_draft(rt, "reply", document_id=out.document_id, actor="test") for _ in range(ISSUES)]
    for draft in drafts:  # the clerk writes the reply's content, as a draft needs before it is signed
        body = [b["text"] for b in draft.context["blocks"] if not b["text"].startswith("[")]
        body.insert(1, "UBND huyện đã tổng hợp và gửi báo cáo theo đề nghị.")
        edit_draft(rt, draft.id, text="\n".join(body), actor="test")
    drafts = [d.id for d in drafts]
    rt.store.dispose()
    kills = 0
    pending = list(drafts)
    work_folders = tmp_path / "data" / "drafts"
    while pending:
        draft_id = pending[0]
        before = set(work_folders.glob("issue-*"))
        proc = _issue(cfg, draft_id)
        if kills < ISSUE_KILLS:
            # The moment: the issuance's work folder holds its rendered .docx (1 file) or the PDF
            # being signed with the office's key (2); the number is taken, not committed.
            stage = rng.choice(STAGES)
            if _wait_for_stage(proc, work_folders, before, stage):
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
                kills += 1
                continue
        proc.wait(timeout=300)
        _stdout, stderr = proc.communicate()
        assert proc.returncode == 0, stderr.decode()[-2000:]
        pending.pop(0)
    rows = cli_json(cfg, "outgoing")
    assert kills == ISSUE_KILLS
    assert sorted(
        r["number"] if "number" in r else int(r["number_symbol"].split("/")[0]) for r in rows
    ) == list(range(1, len(drafts) + 1)), "gap or repeat in the outgoing numbers"
    rt = open_runtime(cfg)
    with rt.store.read() as conn:
        out_rows = [dict(r) for r in conn.exec_driver_sql("SELECT * FROM outgoing").mappings()]
        draft_rows = [dict(r) for r in conn.exec_driver_sql("SELECT * FROM drafts").mappings()]
    rt.store.dispose()
    assert sorted(r["draft_id"] for r in out_rows) == sorted(drafts), "a draft issued twice or never"
    assert all(d["status"] == "issued" and d["outgoing_id"] for d in draft_rows)
    year_folder = tmp_path / "outbox" / str(out_rows[0]["year"])
    visible = sorted(p.name for p in year_folder.iterdir() if not p.name.startswith("."))
    assert visible == sorted(Path(r["folder"]).name for r in out_rows), "outbox and register differ"
    for r in out_rows:
        assert verify_folder(Path(r["folder"]), {".docx": r["docx_sha256"], ".pdf": r["pdf_sha256"]}) == []
    print(f"issuance crash test: {kills} kills, {len(drafts)} drafts issued as 1..{len(out_rows)}")


def test_a_crash_during_vanthu_ingest_never_removes_the_named_file(office, tmp_path, monkeypatch):
    from service.ingest import pipeline
    from service.store import documents as docs

    outside = tmp_path / "ho-so" / "bao-cao.docx"
    outside.parent.mkdir()
    make_docx(outside, report_lines(3, random.Random(3)))
    before = outside.read_bytes()

    def crash(*a, **k):
        raise SystemExit("killed")  # the process dies right after the register's commit

    monkeypatch.setattr(docs, "mark_source_removed", crash)
    with pytest.raises(SystemExit):
        pipeline.process_external(office, outside)
    monkeypatch.undo()
    pipeline.resume_pending(office)  # the next start
    assert outside.read_bytes() == before, "a file the clerk named was deleted"
    with office.store.read() as conn:
        (row,) = docs.list_register(conn)
    assert row.source_removed
