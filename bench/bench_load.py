"""Load: 1,000 files dropped into a real `vanthu serve`; none lost, none twice; time per file
against the bare readers (target: ≤ 1.5×).

Files (generated here, nothing downloaded): .docx (python-docx), text PDFs (LibreOffice, then varied
by their metadata), scans (Pillow, Liberation Serif), plain text, and 5% broken files. The baseline
is the bare readers (`read_document`, in this process, one file after another) on the same files.

The machine is shared, so the two are interleaved: the files go in waves (100 by default), each
wave read by the bare readers and dropped at once into the service's inbox, in turn (which goes
first alternates), and the ratio is the service's total over the bare readers' total. Both are also
given in CPU time (the service with its reader processes, tesseract and LibreOffice; the bare
readers with their tesseract), which a busy machine changes less than wall time.

    .venv/bin/python bench/bench_load.py                 # 1,000 files in waves of 100
    .venv/bin/python bench/bench_load.py --wave 1000     # all at once
    .venv/bin/python bench/bench_load.py --files 200     # smaller
    .venv/bin/python bench/bench_load.py --crash-kills 20   # then the crash tests at full size
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import random
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
RATIO_BOUND = 1.5


def _vary_pdf(pdf: bytes, tag: str) -> bytes:
    """The same text PDF with its own metadata: other bytes, same reading."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.add_metadata({"/Title": f"Báo cáo {tag}", "/Subject": tag})
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def _broken(i: int, rng: random.Random, docx: bytes, pdf: bytes) -> tuple[str, bytes]:
    kind = i % 5
    if kind == 0:
        return f"hong-{i:04d}.docx", docx[: len(docx) // 3]
    if kind == 1:
        return f"hong-{i:04d}.pdf", b"%PDF-1.7\n" + rng.randbytes(2000)
    if kind == 2:
        return f"rong-{i:04d}.pdf", b""
    if kind == 3:
        return f"nhi-phan-{i:04d}.txt", rng.randbytes(3000)
    return f"mat-khau-{i:04d}.pdf", _encrypted(pdf, i)


def _encrypted(pdf: bytes, i: int) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.encrypt(user_password=f"mk-{i}", algorithm="AES-128")
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def make_files(folder: Path, count: int, seed: int = 2026) -> dict[str, bytes]:
    """`count` files: 5% broken, 2% scans, 20% text PDF, 20% text, the rest .docx."""
    from tests.conftest import make_docx
    from tests.reliability.documents import plain_text, report_lines, scan_png

    rng = random.Random(seed)
    work = folder / "work"
    work.mkdir(parents=True)
    n_broken, n_scan = max(1, count * 5 // 100), max(1, count * 2 // 100)
    n_pdf, n_txt = count * 20 // 100, count * 20 // 100
    n_docx = count - n_broken - n_scan - n_pdf - n_txt
    files: dict[str, bytes] = {}
    serial = iter(range(1, 10 * count))
    for _ in range(n_docx):
        i = next(serial)
        files[f"bao-cao-{i:04d}.docx"] = make_docx(work / f"{i}.docx", report_lines(i, rng)).read_bytes()
    # Text PDFs: a quarter made by LibreOffice in one run, each then varied four ways.
    sources = []
    for _ in range(max(1, -(-n_pdf // 4))):
        i = next(serial)
        sources.append(make_docx(work / f"pdfsrc-{i}.docx", report_lines(i, rng)))
    pdf_dir = work / "pdf"
    pdf_dir.mkdir()
    _convert_many(sources, pdf_dir)
    pdfs = [(p.stem, (pdf_dir / (p.stem + ".pdf")).read_bytes()) for p in sources]
    for k in range(n_pdf):
        stem, data = pdfs[k % len(pdfs)]
        files[f"{stem}-{k // len(pdfs)}.pdf"] = _vary_pdf(data, f"{stem}-{k}")
    for _ in range(n_txt):
        i = next(serial)
        files[f"bao-cao-{i:04d}.txt"] = plain_text(report_lines(i, rng))
    for _ in range(n_scan):
        i = next(serial)
        files[f"ban-quet-{i:04d}.png"] = scan_png(report_lines(i, rng)[:14], i)
    some_docx = next(v for k, v in files.items() if k.endswith(".docx"))
    for _ in range(n_broken):
        i = next(serial)
        name, data = _broken(i, rng, some_docx, pdfs[0][1])
        files[name] = data
    shutil.rmtree(work)
    return files


def _convert_many(docs: list[Path], outdir: Path) -> None:
    from tests.reliability.documents import soffice

    with tempfile.TemporaryDirectory(prefix="vanthu-bench-lo-") as prof:
        subprocess.run(
            [
                soffice(),
                f"-env:UserInstallation={Path(prof).as_uri()}",
                "--headless",
                "--norestore",
                "--convert-to",
                "pdf",
                "--outdir",
                str(outdir),
                *map(str, docs),
            ],
            check=True,
            capture_output=True,
            timeout=1800,
        )


def bare_readers(paths: list[Path]) -> tuple[float, float, dict[str, str]]:
    """Wall and CPU seconds the bare readers take over the files, and what each gave (format or
    error code)."""
    from service.errors import ReadError
    from service.readers import read_document

    outcome: dict[str, str] = {}
    cpu0 = _own_cpu()
    started = time.perf_counter()
    for path in paths:
        try:
            outcome[path.name] = read_document(path).format
        except ReadError as exc:
            outcome[path.name] = "error:" + exc.code
    return time.perf_counter() - started, _own_cpu() - cpu0, outcome


def _own_cpu() -> float:
    """CPU seconds of this process and of the children it waited for (tesseract, LibreOffice)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def _tree_cpu(pid: int) -> float:
    """CPU seconds of `pid` and its descendants, living and reaped, from /proc."""
    children: dict[int, list[int]] = {}
    cpu: dict[int, float] = {}
    tick = os.sysconf("SC_CLK_TCK")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                parts = fh.read().rsplit(")", 1)[1].split()
            children.setdefault(int(parts[1]), []).append(int(entry))
            cpu[int(entry)] = sum(int(x) for x in parts[11:15]) / tick  # utime stime cutime cstime
        except (OSError, IndexError, ValueError):
            continue
    total, stack = 0.0, [pid]
    while stack:
        p = stack.pop()
        total += cpu.get(p, 0.0)
        stack.extend(children.get(p, []))
    return total


def _tree_rss_mb(pid: int) -> tuple[float, float]:
    """(RSS of `pid`, RSS of `pid` and all its descendants) in MB, from /proc."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                parts = fh.read().rsplit(")", 1)[1].split()
            children.setdefault(int(parts[1]), []).append(int(entry))
            rss[int(entry)] = int(parts[21]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            continue
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        total += rss.get(p, 0)
        stack.extend(children.get(p, []))
    return rss.get(pid, 0) / 2**20, total / 2**20


def _counts(db: Path) -> tuple[int, int]:
    if not db.exists():
        return 0, 0
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)
    try:
        reg = con.execute("select count(*) from documents").fetchone()[0]
        qua = con.execute("select count(*) from quarantine").fetchone()[0]
    except sqlite3.OperationalError:
        reg = qua = 0
    finally:
        con.close()
    return reg, qua


def run_service(folder: Path, files: dict[str, bytes], wave: int, timeout: float) -> dict:
    """Start `vanthu serve`; drop the files in waves, each against the bare readers on the same
    files (interleaved); return the timings and the register."""
    from tests.conftest import write_office_config
    from tests.ingest.service_proc import ServiceProcess, free_port

    office = folder / "office"
    office.mkdir()
    cfg = write_office_config(
        office, web__port=free_port(), watcher__settle_seconds=1.0, watcher__rescan_seconds=5.0
    )
    staging, bare_dir = office / "staging", folder / "bare"
    staging.mkdir()
    bare_dir.mkdir()
    for name, data in files.items():
        (staging / name).write_bytes(data)
        (bare_dir / name).write_bytes(data)
    svc = ServiceProcess(cfg, office / "serve.log").start()
    log = office / "serve.log"
    deadline = time.monotonic() + 120
    while "code=watching" not in log.read_text("utf-8", "replace"):
        if time.monotonic() > deadline or svc.proc.poll() is not None:
            raise SystemExit("vanthu serve did not start:\n" + log.read_text("utf-8", "replace")[-3000:])
        time.sleep(0.2)
    names = list(files)
    waves = [names[i : i + wave] for i in range(0, len(names), wave)]
    out = {
        "service_s": 0.0,
        "service_cpu": 0.0,
        "bare_s": 0.0,
        "bare_cpu": 0.0,
        "bare": {},
        "peaks": (0.0, 0.0),
    }
    db = office / "data" / "vanthu.db"
    try:
        for index, names_in_wave in enumerate(waves):
            steps = [lambda w=names_in_wave: _bare_wave(bare_dir, w, out)]
            steps.append(lambda w=names_in_wave: _service_wave(svc, office, db, staging, w, out, timeout))
            for step in steps if index % 2 == 0 else reversed(steps):
                step()
            print(
                f"  wave {index + 1}/{len(waves)}: service {out['service_s']:.1f} s, bare {out['bare_s']:.1f} s "
                f"so far (ratio {out['service_s'] / out['bare_s']:.2f})",
                flush=True,
            )
    finally:
        svc.stop()
    con = sqlite3.connect(db)
    con.row_factory = sqlite3.Row
    out["register"] = [
        dict(r) for r in con.execute("select so_den, sha256, file_name, original_path from documents")
    ]
    out["quarantine"] = [dict(r) for r in con.execute("select sha256, file_name, code from quarantine")]
    con.close()
    out["data"] = office / "data"
    return out


def _bare_wave(bare_dir: Path, names: list[str], out: dict) -> None:
    wall, cpu, outcome = bare_readers([bare_dir / n for n in names])
    out["bare_s"] += wall
    out["bare_cpu"] += cpu
    out["bare"].update(outcome)


def _service_wave(svc, office: Path, db: Path, staging: Path, names: list[str], out: dict, timeout: float):
    target = sum(_counts(db)) + len(names)
    inbox = office / "inbox"
    cpu0 = _tree_cpu(svc.proc.pid)
    started = time.perf_counter()
    for name in names:  # all at once: renames into the inbox
        os.replace(staging / name, inbox / name)
    polls = 0
    while True:
        reg, qua = _counts(db)
        if reg + qua >= target and not any(inbox.iterdir()):
            break
        if time.perf_counter() - started > timeout:
            raise SystemExit(f"timed out: {reg} registered, {qua} quarantined, {target} expected")
        polls += 1
        if polls % 20 == 0:
            s, t = _tree_rss_mb(svc.proc.pid)
            out["peaks"] = (max(out["peaks"][0], s), max(out["peaks"][1], t))
        time.sleep(0.02)
    out["service_s"] += time.perf_counter() - started
    out["service_cpu"] += _tree_cpu(svc.proc.pid) - cpu0


def check(files: dict[str, bytes], result: dict) -> list[str]:
    """Every file registered once or quarantined; số đến 1..n; every original whole."""
    problems = []
    sent = {hashlib.sha256(d).hexdigest(): n for n, d in files.items()}
    reg = [r["sha256"] for r in result["register"]]
    if len(reg) != len(set(reg)):
        problems.append("a document registered twice")
    got = set(reg) | {q["sha256"] for q in result["quarantine"]}
    lost = set(sent) - got
    if lost:
        problems.append(f"{len(lost)} files lost: {sorted(sent[s] for s in lost)[:5]}")
    if sorted(r["so_den"] for r in result["register"]) != list(range(1, len(reg) + 1)):
        problems.append("gap or repeat in số đến")
    for r in result["register"]:
        data = (result["data"] / r["original_path"]).read_bytes()
        if hashlib.sha256(data).hexdigest() != r["sha256"]:
            problems.append(f"original of {r['file_name']} does not match its hash")
    return problems


def run_crash_suite(kills: int) -> int:
    env = dict(
        os.environ,
        PYTHONPATH=str(ROOT),
        VANTHU_CRASH_KILLS=str(kills),
        VANTHU_CRASH_FILES=str(max(60, kills * 4)),
        VANTHU_ISSUE_KILLS=str(kills),
        VANTHU_ISSUE_COUNT=str(kills),
    )
    print(
        f"== crash tests at full size: {kills} kills of `vanthu serve`, {kills} of `vanthu issue`", flush=True
    )
    return subprocess.call(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-s",
            "-p",
            "no:cacheprovider",
            "tests/reliability/test_crashes.py",
        ],
        cwd=ROOT,
        env=env,
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--files", type=int, default=1000)
    ap.add_argument(
        "--wave", type=int, default=100, help="files dropped at once, interleaved with the bare readers"
    )
    ap.add_argument("--timeout", type=float, default=3600)
    ap.add_argument("--crash-kills", type=int, default=20, help="0 to skip the full crash tests")
    ap.add_argument("--keep", action="store_true", help="keep the office folder (its serve.log)")
    args = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="vanthu-load-")
    try:
        folder = Path(tmp)
        t0 = time.perf_counter()
        files = make_files(folder / "gen", args.files)
        names = list(files)
        random.Random(7).shuffle(names)  # each wave a mix of kinds
        files = {n: files[n] for n in names}
        kinds: dict[str, int] = {}
        for name in files:
            kinds[Path(name).suffix] = kinds.get(Path(name).suffix, 0) + 1
        print(f"generated {len(files)} files in {time.perf_counter() - t0:.0f} s: {kinds}", flush=True)
        result = run_service(folder, files, args.wave, args.timeout)
        problems = check(files, result)
        n_reg, n_qua, n = len(result["register"]), len(result["quarantine"]), len(files)
        bare_s, service_s = result["bare_s"], result["service_s"]
        readable = sum(not v.startswith("error:") for v in result["bare"].values())
        summary = {
            "files": n,
            "wave": args.wave,
            "registered": n_reg,
            "quarantined": n_qua,
            "quarantine_codes": sorted({q["code"] for q in result["quarantine"]}),
            "service_seconds": round(service_s, 1),
            "bare_reader_seconds": round(bare_s, 1),
            "service_ms_per_file": round(1000 * service_s / n, 1),
            "bare_ms_per_file": round(1000 * bare_s / n, 1),
            "ratio_service_to_bare": round(service_s / bare_s, 2),
            "service_cpu_ms_per_file": round(1000 * result["service_cpu"] / n, 1),
            "bare_cpu_ms_per_file": round(1000 * result["bare_cpu"] / n, 1),
            "cpu_ratio_service_to_bare": round(result["service_cpu"] / max(result["bare_cpu"], 1e-9), 2),
            "peak_service_rss_mb": round(result["peaks"][0]),
            "peak_service_tree_rss_mb": round(result["peaks"][1]),
            "load_average": os.getloadavg(),
            "lost_or_twice": problems,
        }
        print(json.dumps(summary, ensure_ascii=False), flush=True)
        ratio = service_s / bare_s
        print(
            f"load: {n} files, {n_reg} registered + {n_qua} quarantined, {1000 * service_s / n:.0f} ms/file vs "
            f"bare readers {1000 * bare_s / n:.0f} ms/file (ratio {ratio:.2f}, bound {RATIO_BOUND}; CPU ratio "
            f"{summary['cpu_ratio_service_to_bare']}); problems: {problems or 'none'}",
            flush=True,
        )
        if readable != n_reg:
            problems.append(f"the bare readers read {readable} files, the service registered {n_reg}")
            print("MISMATCH: " + problems[-1], flush=True)
        if ratio > RATIO_BOUND:
            problems.append(f"ratio {ratio:.2f} over {RATIO_BOUND}")
            print("SLOW: " + problems[-1], flush=True)
    finally:
        if args.keep:
            print(f"kept {tmp}", flush=True)
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    rc = 1 if problems else 0
    if args.crash_kills:
        rc |= run_crash_suite(args.crash_kills)
    return rc


if __name__ == "__main__":
    sys.exit(main())
