"""Render a draft's context into a .docx with docxtpl (the templates in templates/)."""

from __future__ import annotations

import os
import threading
from io import BytesIO
from pathlib import Path
from typing import Any, ClassVar

from docxtpl import DocxTemplate
from jinja2 import Environment

from service.text import nfc

TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "templates"

_cache: dict[Path, tuple[float, bytes]] = {}
_cache_lock = threading.Lock()


class _CompiledCache(Environment):
    """A Jinja environment that compiles each template part once. docxtpl compiles the whole XML on
    every render; for a fixed template the source is the same each time, and compiling is most of the cost."""

    def __init__(self) -> None:
        super().__init__(autoescape=True)
        self._compiled: dict[str, Any] = {}
        self._compiled_lock = threading.Lock()

    def from_string(self, source, globals=None, template_class=None):
        if globals is not None or template_class is not None or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        with self._compiled_lock:
            hit = self._compiled.get(source)
            if hit is None:
                if len(self._compiled) > 64:  # templates edited many times in one process
                    self._compiled.clear()
                hit = self._compiled[source] = super().from_string(source)
            return hit


_env = _CompiledCache()


class _Template(DocxTemplate):
    """docxtpl's template with its tag-patching step memoised: the regex passes over a fixed
    template's XML give the same result on every render."""

    _patched: ClassVar[dict[str, str]] = {}
    _patched_lock = threading.Lock()

    def patch_xml(self, src_xml: str) -> str:
        with self._patched_lock:
            hit = self._patched.get(src_xml)
        if hit is None:
            hit = super().patch_xml(src_xml)
            with self._patched_lock:
                if len(self._patched) > 64:
                    self._patched.clear()
                self._patched[src_xml] = hit
        return hit


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


def _put_tables(doc, context: dict[str, Any]) -> None:
    """Each table block of the body (a paragraph `[BẢNG n]` in the table style) becomes the Word table
    it stands for, in its place."""
    from service.drafts.tables import add_docx_table

    tables = context.get("tables") or []
    wanted = {b.get("text"): b.get("table") for b in context.get("blocks") or [] if b.get("style") == "table"}
    for p in list(doc.paragraphs):
        index = wanted.get(p.text.strip())
        if p.style is None or p.style.name != "VT Table text" or not isinstance(index, int):
            continue
        if 0 <= index < len(tables):
            table = add_docx_table(doc, tables[index])
            p._p.addprevious(table._tbl)
        p._p.getparent().remove(p._p)


def render_docx(kind: str, context: dict[str, Any], out: Path, templates_dir: Path | None = None) -> Path:
    """Render `templates/<kind>.docx` with `context` into `out` (written whole, then moved in place)."""
    tpl = _Template(BytesIO(_template_bytes(template_path(kind, templates_dir))))
    tpl.render(nfc_all(context), jinja_env=_env, autoescape=True)
    _put_tables(tpl.docx, context)
    # the title a PDF viewer shows: the document's own, not the template's
    title = " ".join(x for x in (context.get("doc_type"), context.get("title_summary")) if x)
    tpl.docx.core_properties.title = nfc(title)[:250]
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    tpl.save(str(tmp))
    os.replace(tmp, out)
    return out


def undeclared_variables(kind: str, templates_dir: Path | None = None) -> set[str]:
    """The variables a template uses (for its documentation and `vanthu check`)."""
    tpl = DocxTemplate(str(template_path(kind, templates_dir)))
    return set(tpl.get_undeclared_template_variables())
