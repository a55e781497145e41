""".docx → PDF with LibreOffice kept warm (a listening soffice driven through UNO), cold as a fallback.

The warm converter is two processes: a small UNO client (uno_worker.py) run by Debian's
/usr/bin/python3, which has python3-uno, and the `soffice --headless --accept=pipe,…` it starts and
never lets outlive it or the service. Both are started once and reused; a pair that is down is
started again, and if that fails a conversion falls back to a cold `soffice --convert-to pdf` and
says so in the log.
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

from service.errors import ReadError, VanthuError
from service.readers.limits import Limits

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
        cmd = [
            binary,
            "--headless",
            "--norestore",
            "--nolockcheck",
            f"-env:UserInstallation={_profile_url(profile)}",
            "--convert-to",
            "pdf:writer_pdf_Export",
            "--outdir",
            tmp,
            str(src),
        ]
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

    def __init__(
        self,
        *,
        workdir: Path | None = None,
        start_timeout: float = 90.0,
        convert_timeout: float = 120.0,
        memory_mb: int = Limits().max_memory_mb,
    ):
        self.workdir = workdir or Path(tempfile.mkdtemp(prefix="vanthu-lo-warm-"))
        self.start_timeout = start_timeout
        self.convert_timeout = convert_timeout
        self.memory_mb = memory_mb  # LibreOffice's address space, as a reader's
        self.pipe_name = f"vanthu-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self.office_pid: int | None = None  # LibreOffice, the worker's child
        self._worker: subprocess.Popen | None = None
        self._lock = threading.Lock()
        self.cold_fallbacks = 0
        self.conversions = 0  # done warm

    # -- life cycle --
    def is_alive(self) -> bool:
        """The worker runs (it ends when its LibreOffice does)."""
        return self._worker is not None and self._worker.poll() is None

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
        self._worker = subprocess.Popen(
            [SYSTEM_PYTHON, str(WORKER), self.pipe_name, binary, _profile_url(profile), str(self.memory_mb)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            bufsize=1,
            start_new_session=True,
        )
        reply = self._read_reply(self.start_timeout)
        if not reply or not reply.get("ready"):
            self._stop_locked()
            raise VanthuError("converter_failed", f"warm LibreOffice did not start: {reply}")
        self.office_pid = int(reply["office_pid"])
        log.info("warm LibreOffice started (pid %s)", self.office_pid)

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
        worker = self._worker
        if worker is not None and worker.poll() is None:
            try:
                os.killpg(worker.pid, signal.SIGTERM)  # the worker ends its LibreOffice as it goes
                worker.wait(timeout=10)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                try:
                    os.killpg(worker.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                worker.wait()
        if worker is not None and worker.returncode == -signal.SIGKILL and self.office_pid is not None:
            # a worker killed outright could not end its LibreOffice: the group started for it
            try:
                os.killpg(self.office_pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        self._worker, self.office_pid = None, None

    # -- conversion --
    def convert(self, src: Path, dst: Path) -> Path:
        """PDF of `src` at `dst`; warm if possible, else cold (logged)."""
        src, dst = Path(src).resolve(), Path(dst).resolve()
        dst.parent.mkdir(parents=True, exist_ok=True)
        try:
            if self._request(src, dst, {}, self.convert_timeout):
                return dst
            detail = "warm conversion failed"
        except (VanthuError, OSError, ValueError) as exc:
            detail = f"warm converter down: {exc}"
        self.cold_fallbacks += 1
        log.warning("%s; falling back to a cold soffice --convert-to pdf for %s", detail, src.name)
        return convert_cold(src, dst)

    def to_docx(self, src: Path, dst: Path, *, timeout: float, html: bool = False) -> bool:
        """`src` (.doc, .odt, .rtf, a web page) as .docx at `dst`, for the readers: True once done;
        False when the warm instance could not do it (the caller converts cold). Over `timeout`, the
        instance is ended (restarted on the next conversion) and ReadError("timeout") raised."""
        request = {"filter": "MS Word 2007 XML", "infilter": "HTML (StarWriter)" if html else ""}
        try:
            return self._request(Path(src).resolve(), Path(dst).resolve(), request, timeout)
        except _OverTime:
            raise ReadError("timeout", "LibreOffice conversion took too long") from None
        except (VanthuError, OSError, ValueError) as exc:
            log.warning("warm converter down: %s; converting %s cold", exc, Path(src).name)
            return False

    def _request(self, src: Path, dst: Path, options: dict, timeout: float) -> bool:
        """One conversion on the warm instance (started if need be): True when `dst` was written.
        A failed or timed-out conversion stops the instance; it is started again on the next."""
        with self._lock:
            self._start_locked()
            tmp = dst.with_name(f".{dst.name}.{uuid.uuid4().hex[:6]}.tmp{dst.suffix}")
            try:
                assert self._worker and self._worker.stdin
                self._worker.stdin.write(json.dumps({"src": str(src), "dst": str(tmp), **options}) + "\n")
                self._worker.stdin.flush()
                reply = self._read_reply(timeout)
                if reply and reply.get("ok") and tmp.is_file():
                    os.replace(tmp, dst)
                    self.conversions += 1
                    return True
                self._stop_locked()
                if reply is None:
                    raise _OverTime
                log.warning("warm conversion of %s failed: %s", src.name, reply)
                return False
            except BaseException:
                self._stop_locked()
                raise
            finally:
                tmp.unlink(missing_ok=True)


class _OverTime(Exception):
    """The warm instance gave no answer in time."""


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


def warm_to_docx(source: str, target: str, timeout: float, html: bool) -> bool:
    """A reader's .doc, .odt or .rtf converted by the drafts' warm LibreOffice (in the service's
    process, asked by a reader pool worker): True once written; False, the reader converts cold."""
    return shared_converter().to_docx(Path(source), Path(target), timeout=timeout, html=html)


def lend_to_readers() -> None:
    """Offer the warm LibreOffice to the reader pool's tasks (the service and `vanthu ingest` call
    this at start; the readers may not import the drafts)."""
    from service.readers.pool import offer_helper

    offer_helper("office_to_docx", warm_to_docx)
