"""Safe opening of zip packages (.docx): size and ratio checks, and XML without DTDs.

A .docx is a zip of XML parts. A zip bomb (a small file that inflates to gigabytes) and XML with a
DOCTYPE (billion laughs, external entities) are refused before anything is parsed.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from lxml import etree

from service.errors import ReadError
from service.readers.limits import Limits

_BIG_MEMBER = 2**20
_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False, remove_blank_text=False
)


class Package:
    """A checked zip package whose XML parts can be read safely."""

    def __init__(self, path: Path, limits: Limits, *, corrupt_code: str = "corrupt_docx"):
        self.limits = limits
        self.corrupt_code = corrupt_code
        try:
            self.zip = zipfile.ZipFile(path)
            infos = self.zip.infolist()
        except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
            raise ReadError(corrupt_code, f"not a readable zip: {exc}") from exc
        total = 0
        for info in infos:
            total += info.file_size
            if info.file_size > _BIG_MEMBER and info.file_size > limits.max_zip_ratio * max(
                info.compress_size, 1
            ):
                raise ReadError(
                    "zip_bomb", f"{info.filename}: {info.file_size} bytes from {info.compress_size}"
                )
        if total > limits.max_unzipped_bytes:
            raise ReadError("zip_bomb", f"{total} bytes uncompressed in all")
        self.names = {info.filename for info in infos}
        self.sizes = {info.filename: info.file_size for info in infos}

    def close(self) -> None:
        self.zip.close()

    def __enter__(self) -> Package:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def read_bytes(self, name: str) -> bytes:
        """A member's bytes, never more than its declared size (the header may lie)."""
        try:
            with self.zip.open(name) as fh:
                data = fh.read(self.sizes[name] + 1)
        except (zipfile.BadZipFile, OSError, EOFError, KeyError, ValueError) as exc:
            raise ReadError(self.corrupt_code, f"{name}: {exc}") from exc
        except Exception as exc:  # zlib.error and friends: a damaged member
            raise ReadError(self.corrupt_code, f"{name}: {exc}") from exc
        if len(data) > self.sizes[name]:
            raise ReadError("zip_bomb", f"{name}: larger than its header says")
        return data

    def read_xml(self, name: str) -> etree._Element:
        """Parse an XML part; a DOCTYPE or ENTITY declaration is an attack, not a document."""
        data = self.read_bytes(name)
        if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
            raise ReadError("xml_attack", f"{name}: DOCTYPE/ENTITY declaration")
        try:
            root = etree.fromstring(data, _PARSER)
        except etree.XMLSyntaxError as exc:
            raise ReadError(self.corrupt_code, f"{name}: {exc}") from exc
        if root.getroottree().docinfo.internalDTD is not None:  # e.g. declared in UTF-16
            raise ReadError("xml_attack", f"{name}: DOCTYPE declaration")
        return root
