"""Start `vanthu serve` as a real process on a temporary office (for end-to-end and crash tests)."""

from __future__ import annotations

import hashlib
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VANTHU = [sys.executable, "-m", "service.cli"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServiceProcess:
    def __init__(self, config: Path, log: Path):
        self.config, self.log, self.proc = config, log, None

    def start(self) -> ServiceProcess:
        env = dict(os.environ, PYTHONPATH=str(ROOT))
        self._fh = open(self.log, "ab")  # noqa: SIM115 (held until stop())
        self.proc = subprocess.Popen(
            [*VANTHU, "--config", str(self.config), "serve"],
            cwd=ROOT,
            env=env,
            stdout=self._fh,
            stderr=subprocess.STDOUT,
        )
        return self

    def kill9(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(timeout=10)
        self._fh.close()

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._fh.close()


def cli_json(config: Path, *args: str) -> list[dict]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    out = subprocess.run(
        [*VANTHU, "--config", str(config), *args, "--json"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    return [json.loads(line) for line in out.stdout.splitlines() if line.strip()]


# A file handled: registered (`code=registered so_den=… file=…`) or quarantined (`code=<reason> file=…`).
HANDLED = re.compile(r"code=\w+ (?:so_den=\S+ )?file=(\S+)")


def handled_files(log: Path, start: int, names: list[str]) -> set[str]:
    """Which of `names` the service's log, from byte `start` on, says were handled: the moments at
    which the crash tests aim their kills."""
    with log.open("rb") as f:
        f.seek(start)
        text = f.read().decode("utf-8", "replace")
    return {m.group(1) for m in HANDLED.finditer(text)} & set(names)


def kept_originals(data: Path, payloads: list[bytes]) -> int:
    """How many of these files' originals the service has kept (flushed and renamed into
    data/originals): the moment inside a batch at which the crash tests aim their kills, since a
    batch's files are registered together, after their originals are kept."""
    shas = {hashlib.sha256(p).hexdigest() for p in payloads}
    folder = data / "originals"
    kept = (
        {f.name.split(".")[0] for f in folder.rglob("*") if not f.name.startswith(".")}
        if folder.is_dir()
        else set()
    )
    return len(shas & kept)


def wait_for(predicate, timeout: float, what: str, interval: float = 0.3):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out waiting for {what}")
