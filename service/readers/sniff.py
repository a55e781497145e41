"""What a file really is, from its first bytes (magic numbers), not its name."""

from __future__ import annotations

import zipfile
from pathlib import Path

# the format each extension promises
EXTENSION_KINDS = {
    ".docx": "docx",
    ".docm": "docx",
    ".pdf": "pdf",
    ".txt": "txt",
    ".text": "txt",
    ".doc": "doc",
    ".odt": "odt",
    ".rtf": "rtf",
    ".png": "image",
    ".jpg": "image",
    ".jpeg": "image",
    ".tif": "image",
    ".tiff": "image",
}


def sniff_kind(path: Path, head: bytes) -> str | None:
    """'docx', 'odt', 'pdf', 'doc', 'rtf', 'image', 'html', 'txt', 'zip' (another zip) or None."""
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _sniff_zip(path)
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "doc"
    if head.startswith(b"{\\rtf"):
        return "rtf"
    if head.startswith((b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")):
        return "image"
    if _looks_like_text(head):
        lowered = head[:2048].lstrip(b"\xef\xbb\xbf \r\n\t").lower()
        if lowered.startswith((b"<!doctype html", b"<html")) or b"<html" in lowered[:512]:
            return "html"  # Word's "web page" saved under a .doc name: LibreOffice reads it
        return "txt"
    return None


def _sniff_zip(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            if "word/document.xml" in names:
                return "docx"
            if "content.xml" in names and "mimetype" in names:
                mimetype = zf.read("mimetype")[:100]
                if b"opendocument.text" in mimetype:
                    return "odt"
    except zipfile.BadZipFile:
        # a truncated package still starts like one; its name says which
        if path.suffix.lower() in (".docx", ".docm"):
            return "docx"
    except (OSError, KeyError):
        pass
    return "zip"


def _looks_like_text(head: bytes) -> bool:
    if head.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")):
        return True
    if not head or b"\x00" in head:
        return False
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return controls <= len(head) // 100
