"""The warm converter: reused, restarted when its LibreOffice dies, cold only when warm cannot start."""

from __future__ import annotations

import logging
import os
import signal

from pypdf import PdfReader

from service.drafts.check import sample_contexts
from service.drafts.pdf import WarmConverter
from service.drafts.render import render_docx
from tests.conftest import require_tool


def test_warm_converter_survives_its_office_dying(tmp_path, converter):
    docx = render_docx("reply", sample_contexts()["reply"], tmp_path / "reply.docx")
    converter.convert(docx, tmp_path / "a.pdf")
    os.killpg(converter._office.pid, signal.SIGKILL)  # the process group this converter started
    converter._office.wait()
    fallbacks = converter.cold_fallbacks
    out = converter.convert(docx, tmp_path / "b.pdf")
    assert len(PdfReader(out).pages) == 1 and converter.is_alive()
    assert converter.cold_fallbacks == fallbacks, "restarted warm, not cold"


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


def test_no_office_is_left_behind_when_the_service_is_killed(tmp_path):
    import os
    import signal
    import subprocess
    import sys
    import time

    from tests.conftest import ROOT

    code = ("import time; from service.drafts.pdf import shared_converter; c = shared_converter(); "
            "c.start(); print(c._office.pid, flush=True); time.sleep(120)")
    proc = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    office = int(proc.stdout.readline())
    os.kill(office, 0)  # running
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            os.kill(office, 0)
        except ProcessLookupError:
            return
        time.sleep(0.2)
    raise AssertionError("LibreOffice outlived the process that started it")
