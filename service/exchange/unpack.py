"""Open an edXML message file under limits: the header, and the attachments written to a folder.

Runs in a guarded reader process (service.readers.pool) like every reader, so a hostile message
costs the service nothing but the child. Attachments arrive base64-encoded; one platform's kit zips
each file before encoding, so a zip that is not itself an office package is opened (with the same
bomb checks as a .docx) and its members become the attachments.
"""

from __future__ import annotations

import functools
import hashlib
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from service.errors import VanthuError
from service.exchange.edxml import MessageParser, ParseLimits
from service.exchange.message import DocumentHeader, DocumentMessage, Message
from service.readers.limits import Limits
from service.readers.pool import shared_pool
from service.text import nfc

CHUNK = 1 << 20
MAX_ZIP_MEMBERS = 100
OFFICE_PACKAGES = ("[Content_Types].xml", "mimetype")  # .docx/.xlsx, .odt: zips that are documents


@dataclass(frozen=True)
class UnpackedFile:
    """One attachment as written into the work folder."""

    name: str  # NFC, a bare file name
    content_type: str
    path: Path
    size: int
    sha256: str


@dataclass(frozen=True)
class Unpacked:
    """What a message file held. `refusal` (code, detail) when it must be quarantined; `header` then
    still says who sent it when the envelope could be read (so that the sender can be told)."""

    message: Message | None
    files: tuple[UnpackedFile, ...] = ()
    refusal: tuple[str, str] | None = None
    header: DocumentHeader | None = None


def safe_name(raw: str, index: int) -> str:
    """A bare, printable, NFC file name (never a path): `../../x.pdf` becomes `x.pdf`."""
    name = PurePosixPath(nfc(raw).replace("\\", "/")).name
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip().lstrip(".")
    while len(name.encode("utf-8")) > 150:
        name = name[:-1]
    return name or f"tep-dinh-kem-{index + 1}"


def unpack_message(path: Path, limits: Limits, *, work: Path, max_attachment_bytes: int) -> Unpacked:
    """Parse the message in `path`, writing each attachment under `work`. Never raises for a bad
    message: the refusal is returned (the guarded child's errors carry only a code)."""
    work.mkdir(parents=True, exist_ok=True)
    opened: list[Path] = []

    def open_writer(index: int):
        target = work / f"encoded-{index}"
        opened.append(target)
        return target.open("wb")

    closing = _Closing(open_writer)
    parser = MessageParser(closing, ParseLimits(max_attachment_bytes=max_attachment_bytes))
    try:
        with path.open("rb") as fh:
            while chunk := fh.read(CHUNK):
                parser.feed(chunk)
        parsed = parser.close()
    except VanthuError as exc:
        return Unpacked(None, refusal=(exc.code, exc.detail), header=parser.envelope_header())
    finally:
        closing.close_all()
    message = parsed.message
    if not isinstance(message, DocumentMessage):
        return Unpacked(message)
    try:
        files = _files(parsed.encoded, opened, work, max_attachment_bytes, limits)
    except VanthuError as exc:
        return Unpacked(None, refusal=(exc.code, exc.detail), header=message.header)
    return Unpacked(message, tuple(files))


def unpack_guarded(path: Path, limits: Limits, *, work: Path, max_attachment_bytes: int) -> Unpacked:
    """`unpack_message` in a reader pool worker under the readers' time and memory limits."""
    func = functools.partial(unpack_message, work=work, max_attachment_bytes=max_attachment_bytes)
    return shared_pool().run(func, Path(path), limits, limits=limits)


class _Closing:
    """Opens the attachment writers and closes them all, whatever happens to the parse."""

    def __init__(self, opener):
        self.opener, self.handles = opener, []

    def __call__(self, index: int):
        handle = self.opener(index)
        self.handles.append(handle)
        return handle

    def close_all(self) -> None:
        for h in self.handles:
            h.close()


def _files(encoded, opened: list[Path], work: Path, max_bytes: int, limits: Limits) -> list[UnpackedFile]:
    files: list[UnpackedFile] = []
    for index, ((ref, size), raw) in enumerate(zip(encoded, opened)):
        name = safe_name(ref.name, index)
        if _is_plain_zip(raw, name, ref.content_type):
            files.extend(_unzip(raw, work, index, max_bytes, limits))
            continue
        files.append(_kept(raw, work / f"{index:02d}-{name}", name, ref.content_type, size))
    return files


def _kept(raw: Path, target: Path, name: str, content_type: str, size: int) -> UnpackedFile:
    raw.replace(target)
    digest = hashlib.sha256()
    with target.open("rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
    return UnpackedFile(name, content_type, target, size, digest.hexdigest())


def _is_plain_zip(raw: Path, name: str, content_type: str) -> bool:
    """A zip that wraps files (the kit's packing), not an office document that is a zip inside."""
    with raw.open("rb") as fh:
        if fh.read(4) != b"PK\x03\x04":
            return False
    if name.lower().endswith(".zip") or "zip" in content_type.lower():
        return True
    try:
        with zipfile.ZipFile(raw) as zf:
            return not any(n in zf.namelist() for n in OFFICE_PACKAGES)
    except (zipfile.BadZipFile, OSError):
        return False


def _unzip(raw: Path, work: Path, index: int, max_bytes: int, limits: Limits) -> list[UnpackedFile]:
    """The members of a wrapping zip, each checked against its declared size and the bomb ratio."""
    try:
        zf = zipfile.ZipFile(raw)
        infos = [i for i in zf.infolist() if not i.is_dir()]
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise VanthuError(
            "edxml_bad_attachment", f"attachment {index + 1}: not a readable zip: {exc}"
        ) from exc
    with zf:
        if len(infos) > MAX_ZIP_MEMBERS:
            raise VanthuError("zip_bomb", f"attachment {index + 1}: {len(infos)} members")
        total = 0
        for info in infos:
            total += info.file_size
            ratio_bomb = info.file_size > 2**20 and info.file_size > limits.max_zip_ratio * max(
                info.compress_size, 1
            )
            if ratio_bomb or info.file_size > max_bytes or total > limits.max_unzipped_bytes:
                raise VanthuError(
                    "zip_bomb", f"attachment {index + 1}: {info.filename}: {info.file_size} bytes"
                )
        out = []
        for n, info in enumerate(infos):
            name = safe_name(info.filename, n)
            target = work / f"{index:02d}-{n:02d}-{name}"
            written = _extract_member(zf, info, target)
            out.append(_kept(target, target, name, "", written))
        return out


def _extract_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path) -> int:
    """A member's bytes, never more than its header declares (the header may lie)."""
    written = 0
    try:
        with zf.open(info) as src, target.open("wb") as dst:
            while chunk := src.read(CHUNK):
                written += len(chunk)
                if written > info.file_size:
                    raise VanthuError("zip_bomb", f"{info.filename}: larger than its header says")
                dst.write(chunk)
    except VanthuError:
        raise
    except Exception as exc:  # zlib.error, BadZipFile, a bad CRC: a damaged attachment
        raise VanthuError("edxml_bad_attachment", f"{info.filename}: {exc}") from exc
    return written
