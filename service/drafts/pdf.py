""".docx → PDF with LibreOffice kept warm (a listening soffice driven through UNO), cold as a fallback.

The warm converter is two processes: `soffice --headless --accept=pipe,…` and a small UNO client
(uno_worker.py) run by Debian's /usr/bin/python3, which has python3-uno. Both are started once and
reused; if either is down, a conversion falls back to a cold `soffice --convert-to pdf` and says so
in the log.
"""

from __future__ import annotations

import atexit
import json
import logging
import os
import select
import shutil
import signal
import subprocess
import tempfile
import threading
import uuid
from pathlib import Path

from service.errors import VanthuError

log = logging.getLogger("vanthu.drafts.pdf")
WORKER = Path(__file__).with_name("uno_worker.py")
SYSTEM_PYTHON = "/usr/bin/python3"
_cold_lock = threading.Lock()


def soffice_binary() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def _profile_url(folder: Path) -> str:
    return folder.resolve().as_uri()


def convert_cold(src: Path, dst: Path, *, timeout: float = 180.0) -> Path:
    """One-shot `soffice --headless --convert-to pdf` (pays LibreOffice's start-up every time)."""
    binary = soffice_binary()
    if not binary:
        raise VanthuError("converter_failed", "LibreOffice (soffice) is not installed")
    # Its own profile, so that it never collides with the warm instance's.
    profile = Path(tempfile.gettempdir()) / f"vanthu-lo-cold-{os.getuid()}"
    with _cold_lock, tempfile.TemporaryDirectory(prefix="vanthu-pdf-") as tmp:
        cmd = [binary, "--headless", "--norestore", "--nolockcheck", f"-env:UserInstallation={_profile_url(profile)}",
               "--convert-to", "pdf:writer_pdf_Export", "--outdir", tmp, str(src)]
        try:
            proc = subprocess.run(cmd, capture_output=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired as exc:
            raise VanthuError("converter_failed", f"soffice timed out on {src.name}") from exc
        produced = Path(tmp) / (src.stem + ".pdf")
        if proc.returncode != 0 or not produced.is_file():
            raise VanthuError("converter_failed", proc.stderr.decode(errors="replace")[-500:])
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(produced), dst)
    return dst


class WarmConverter:
    """A LibreOffice kept running. Thread-safe: conversions are serialised on one instance."""

    def __init__(self, *, workdir: Path | None = None, start_timeout: float = 90.0,
                 convert_timeout: float = 120.0):
        self.workdir = workdir or Path(tempfile.mkdtemp(prefix="vanthu-lo-warm-"))
        self.start_timeout = start_timeout
        self.convert_timeout = convert_timeout
        self.pipe_name = f"vanthu-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self._office: subprocess.Popen | None = None
        self._worker: subprocess.Popen | None = None
        self._lock = threading.Lock()
        self.cold_fallbacks = 0

    # -- life cycle --
    def is_alive(self) -> bool:
        return all(p is not None and p.poll() is None for p in (self._office, self._worker))

    def start(self) -> None:
        with self._lock:
            self._start_locked()

    def _start_locked(self) -> None:
        if self.is_alive():
            return
        self._stop_locked()
        binary = soffice_binary()
        if not binary or not Path(SYSTEM_PYTHON).is_file():
            raise VanthuError("converter_failed", "soffice or /usr/bin/python3 (python3-uno) missing")
        profile = self.workdir / "profile"
        self._office = subprocess.Popen(
            [binary, "--headless", "--invisible", "--nologo", "--norestore", "--nodefault", "--nolockcheck",
             f"-env:UserInstallation={_profile_url(profile)}",
             f"--accept=pipe,name={self.pipe_name};urp;StarOffice.ComponentContext"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True)  # its own process group: soffice forks soffice.bin
        self._worker = subprocess.Popen(
            [SYSTEM_PYTHON, str(WORKER), self.pipe_name, str(self._office.pid)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL, text=True, bufsize=1, start_new_session=True)
        reply = self._read_reply(self.start_timeout)
        if not reply or not reply.get("ready"):
            self._stop_locked()
            raise VanthuError("converter_failed", f"warm LibreOffice did not start: {reply}")
        log.info("warm LibreOffice started (pid %s)", self._office.pid)

    def _read_reply(self, timeout: float) -> dict | None:
        assert self._worker and self._worker.stdout
        ready, _, _ = select.select([self._worker.stdout], [], [], timeout)
        if not ready:
            return None
        line = self._worker.stdout.readline()
        return json.loads(line) if line.strip() else None

    def close(self) -> None:
        with self._lock:
            self._stop_locked()
        shutil.rmtree(self.workdir, ignore_errors=True)

    def _stop_locked(self) -> None:
        for proc in (self._worker, self._office):
            if proc is None or proc.poll() is not None:
                continue
            try:
                os.killpg(proc.pid, signal.SIGTERM)  # the group we created for it, nothing else
                proc.wait(timeout=10)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                try:
                    os.killpg(proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
        self._worker = self._office = None

    # -- conversion --
    def convert(self, src: Path, dst: Path) -> Path:
        """PDF of `src` at `dst`; warm if possible, else cold (logged)."""
        src, dst = Path(src).resolve(), Path(dst).resolve()
        dst.parent.mkdir(parents=True, exist_ok=True)
        with self._lock:
            try:
                self._start_locked()
                tmp = dst.with_name(f".{dst.name}.{uuid.uuid4().hex[:6]}.tmp.pdf")
                assert self._worker and self._worker.stdin
                self._worker.stdin.write(json.dumps({"src": str(src), "dst": str(tmp)}) + "\n")
                self._worker.stdin.flush()
                reply = self._read_reply(self.convert_timeout)
                if reply and reply.get("ok") and tmp.is_file():
                    os.replace(tmp, dst)
                    return dst
                tmp.unlink(missing_ok=True)
                detail = f"warm conversion failed: {reply}"
            except (VanthuError, OSError, ValueError) as exc:
                detail = f"warm converter down: {exc}"
            self._stop_locked()  # restarted on the next conversion
        self.cold_fallbacks += 1
        log.warning("%s; falling back to a cold soffice --convert-to pdf for %s", detail, src.name)
        return convert_cold(src, dst)


_shared: WarmConverter | None = None
_shared_lock = threading.Lock()


def shared_converter() -> WarmConverter:
    """The process's warm converter, started on first use and stopped at exit."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = WarmConverter()
            atexit.register(_shared.close)
        return _shared


def convert_to_pdf(src: Path, dst: Path, converter: WarmConverter | None = None) -> Path:
    return (converter or shared_converter()).convert(src, dst)

