"""File names as people and the register see them (tên tệp), and the way back to the file on disk.

A name on disk may be NFD (macOS), bytes that are not UTF-8 (an old Windows share in cp1258), or
hold control characters. The register, the log and the quarantine get a display name: valid
Unicode, NFC, each control character replaced by U+FFFD (so that no name can forge a log line).
"""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

from service.text import nfc

REPLACEMENT = "\ufffd"


def display_name(raw: str) -> str:
    """One path component as it is shown and stored."""
    text = raw
    try:
        data = raw.encode("utf-8", "surrogateescape")  # the bytes on disk
    except UnicodeEncodeError:
        data = None
    if data is not None:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            try:  # Vietnamese Windows' code page, the usual source of such names
                text = data.decode("cp1258")
            except UnicodeDecodeError:
                text = data.decode("utf-8", "replace")
    text = nfc(text)
    return "".join(REPLACEMENT if unicodedata.category(ch) in ("Cc", "Cs") else ch for ch in text)


def display_path(rel: Path) -> str:
    """A relative path, component by component, as shown and stored ('/'-separated)."""
    return "/".join(display_name(part) for part in rel.parts)


def locate_source(inbox: Path, rel_display: str) -> list[Path]:
    """The files under `inbox` whose display path is `rel_display` (usually one, or none)."""
    direct = inbox / rel_display
    if os.path.lexists(direct):
        return [direct]
    folders = [inbox]
    for part in rel_display.split("/"):
        found = []
        for folder in folders:
            try:
                found += [folder / e for e in os.listdir(folder) if display_name(e) == part]
            except OSError:
                continue
        folders = found
    return folders


def log_safe(value: object, limit: int = 500) -> str:
    """A value for a one-line log entry: control characters (newlines included) made visible."""
    text = str(value)[:limit]
    return "".join(
        ch if unicodedata.category(ch) not in ("Cc", "Cs") else f"\\x{ord(ch) & 0xFF:02x}" for ch in text
    )
