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
