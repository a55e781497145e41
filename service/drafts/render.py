"""Render a draft's context into a .docx with docxtpl (the templates in templates/)."""

from __future__ import annotations

import os
import threading
from io import BytesIO
from pathlib import Path
from typing import Any

from docxtpl import DocxTemplate

from service.text import nfc

TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "templates"

_cache: dict[Path, tuple[float, bytes]] = {}
_cache_lock = threading.Lock()


def template_path(kind: str, templates_dir: Path | None = None) -> Path:
    return (templates_dir or TEMPLATES_DIR) / f"{kind}.docx"


def _template_bytes(path: Path) -> bytes:
    # Keep the template's bytes: parsing a fresh copy per render is cheap, reading the disk is not needed.
    mtime = path.stat().st_mtime
    with _cache_lock:
        hit = _cache.get(path)
        if hit and hit[0] == mtime:
            return hit[1]
        data = path.read_bytes()
        _cache[path] = (mtime, data)
        return data


def nfc_all(value: Any) -> Any:
    """NFC at the boundary: every string that goes into a document."""
    if isinstance(value, str):
        return nfc(value)
    if isinstance(value, list):
        return [nfc_all(v) for v in value]
    if isinstance(value, dict):
        return {k: nfc_all(v) for k, v in value.items()}
    return value


def render_docx(kind: str, context: dict[str, Any], out: Path, templates_dir: Path | None = None) -> Path:
    """Render `templates/<kind>.docx` with `context` into `out` (written whole, then moved in place)."""
    tpl = DocxTemplate(BytesIO(_template_bytes(template_path(kind, templates_dir))))
    tpl.render(nfc_all(context), autoescape=True)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    tpl.save(str(tmp))
    os.replace(tmp, out)
    return out


def undeclared_variables(kind: str, templates_dir: Path | None = None) -> set[str]:
    """The variables a template uses (for its documentation and `vanthu check`)."""
    tpl = DocxTemplate(str(template_path(kind, templates_dir)))
    return set(tpl.get_undeclared_template_variables())


def render_all_templates(tmpdir: str | Path, templates_dir: Path | None = None) -> list[str]:
    """For `vanthu check`: render every template; the problems found (empty when all is well)."""
    from service.drafts.check import render_all_templates as run

    return run(tmpdir, templates_dir)
