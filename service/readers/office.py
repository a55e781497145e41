"""Word 97–2003 (.doc), OpenDocument (.odt) and RTF through LibreOffice headless → .docx → text.

The original is copied into a private folder first and never touched. In a reader pool worker the
copy is converted by the warm LibreOffice the service keeps for its drafts (asked through the
pool, under the same time and memory limits): no start-up to pay. Elsewhere, or when the warm one
cannot, a cold `soffice --convert-to` does it, with a profile of its own so that parallel
conversions do not fight over one.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import unicodedata
from pathlib import Path

from service.errors import ReadError
from service.models import ReadResult
from service.readers.docx import read_docx
from service.readers.limits import Limits
from service.readers.pool import call_parent, in_worker


def convert_to_docx(path: Path, workdir: Path, timeout: float, *, html: bool = False) -> Path:
    source = workdir / ("input" + (".html" if html else path.suffix.lower()))
    shutil.copyfile(path, source)
    target = workdir / "out" / "input.docx"
    if in_worker():  # the service's warm LibreOffice, if it lent it (service/drafts/pdf.py: lend_to_readers)
        target.parent.mkdir()
        if call_parent("office_to_docx", str(source), str(target), timeout, html):
            return target
    return _convert_cold(source, target, timeout, html=html)


def _convert_cold(source: Path, target: Path, timeout: float, *, html: bool) -> Path:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise ReadError("converter_failed", "LibreOffice (soffice) is not installed")
    workdir = source.parent
    outdir = target.parent
    profile = (workdir / "profile").as_uri()
    try:
        done = subprocess.run(
            [
                soffice,
                f"-env:UserInstallation={profile}",
                "--headless",
                "--norestore",
                # a web page must open in Writer, not Writer/Web, to export as Word
                *(["--infilter=HTML (StarWriter)"] if html else []),
                "--convert-to",
                "docx:MS Word 2007 XML",
                "--outdir",
                str(outdir),
                str(source),
            ],
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise ReadError("timeout", "LibreOffice conversion took too long") from exc
    if done.returncode != 0 or not target.exists():
        detail = (done.stderr or done.stdout).decode("utf-8", "replace")[-300:]
        raise ReadError("converter_failed", detail or f"exit {done.returncode}")
    return target


def latin_share(text: str) -> float:
    """Share of the visible characters that a Vietnamese or Western document is written in (Latin
    letters with their marks, digits, punctuation). LibreOffice's import of a damaged binary file
    yields CJK, private-use and control characters instead."""
    visible = [ch for ch in text if not ch.isspace()]
    if not visible:
        return 1.0
    good = 0
    for ch in visible:
        cat = unicodedata.category(ch)
        if cat[0] in "NP" or (cat[0] == "L" and (ord(ch) < 0x250 or 0x1E00 <= ord(ch) <= 0x1EFF)):
            good += 1
    return good / len(visible)


def read_office(path: Path, kind: str, limits: Limits = Limits(), *, html: bool = False) -> ReadResult:
    """Read a .doc, .odt or .rtf file (or a web page posing as one); `kind` is the format noted."""
    with tempfile.TemporaryDirectory(prefix="vanthu-lo-") as tmp:
        docx = convert_to_docx(path, Path(tmp), timeout=limits.max_seconds, html=html)
        result = read_docx(docx, limits, fmt=kind)
    if len(result.text.strip()) >= 20 and latin_share(result.text) < 0.7:
        raise ReadError("no_text", f"converted text is not text (Latin share {latin_share(result.text):.2f})")
    result.warnings.append("converted_by_libreoffice")
    return result
