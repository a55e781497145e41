"""The warm converter: reused, restarted when its LibreOffice dies, cold only when warm cannot start."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from service.drafts.check import sample_contexts
from service.drafts.pdf import WarmConverter
from service.drafts.render import render_docx
from tests.conftest import ROOT, require_tool


def test_warm_converter_survives_its_office_dying(tmp_path, converter):
    docx = render_docx("reply", sample_contexts()["reply"], tmp_path / "reply.docx")
    converter.convert(docx, tmp_path / "a.pdf")
    office = converter.office_pid
    os.killpg(office, signal.SIGKILL)  # the process group started for this converter's LibreOffice
    _wait_gone(office)
    deadline = time.monotonic() + 10
    while converter.is_alive() and time.monotonic() < deadline:  # its worker ends with it
        time.sleep(0.1)
    assert not converter.is_alive()
    fallbacks = converter.cold_fallbacks
    out = converter.convert(docx, tmp_path / "b.pdf")
    assert len(PdfReader(out).pages) == 1 and converter.is_alive()
    assert converter.cold_fallbacks == fallbacks, "restarted warm, not cold"
    assert converter.office_pid != office


def _wait_gone(pid: int, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.2)
    raise AssertionError(f"process {pid} still running after {seconds} s")


def _office_processes(pipe_name: str) -> list[int]:
    """LibreOffice processes (soffice and soffice.bin) listening on this pipe."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmdline = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            if b"soffice" in cmdline and pipe_name.encode() in cmdline:
                found.append(int(entry.name))
    return found


def test_cold_fallback_when_warm_cannot_start(tmp_path, caplog):
    require_tool("soffice")
    docx = render_docx("plan", sample_contexts()["plan"], tmp_path / "plan.docx")
    broken = WarmConverter(workdir=tmp_path / "warm", start_timeout=0.001)  # injected fault: no time to start
    try:
        with caplog.at_level(logging.WARNING, logger="vanthu.drafts.pdf"):
            out = broken.convert(docx, tmp_path / "plan.pdf")
    finally:
        broken.close()
    assert out.is_file() and b"%PDF" in out.read_bytes()[:8]
    assert broken.cold_fallbacks == 1
    assert any("falling back to a cold soffice" in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize("when", ["running", "starting"])
def test_no_office_is_left_behind_when_the_service_is_killed(when):
    """kill -9 of the service once LibreOffice is up, and while it is still starting."""
    require_tool("soffice")
    if when == "running":
        code = (
            "import time; from service.drafts.pdf import shared_converter; c = shared_converter(); "
            "c.start(); print(c.pipe_name, flush=True); time.sleep(120)"
        )
    else:  # the worker has started LibreOffice, which has not answered yet
        code = (
            "import threading, time; from service.drafts.pdf import shared_converter; c = shared_converter(); "
            "threading.Thread(target=c.start, daemon=True).start(); "
            "time.sleep(0.3); print(c.pipe_name, flush=True); time.sleep(120)"
        )
    proc = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    pipe_name = proc.stdout.readline().strip()
    deadline = time.monotonic() + 10
    while not _office_processes(pipe_name) and time.monotonic() < deadline:
        time.sleep(0.05)
    offices = _office_processes(pipe_name)
    assert offices, "LibreOffice was started"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    for pid in offices:
        _wait_gone(pid)
    assert _office_processes(pipe_name) == []
    deadline = time.monotonic() + 5  # its pipe goes with it
    pipe = Path(tempfile.gettempdir()) / f"OSL_PIPE_{os.getuid()}_{pipe_name}"
    while pipe.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not pipe.exists()
