"""Parse an edXML message (QCVN 102:2016/BTTTT) with a hardened, streaming parser. No I/O here.

lxml parses with no DTD, no entities, no network and huge_tree off. A DOCTYPE is refused outright.
The attachments (AttachmentEncoded/Attachment/ContentTransferEncoded) are decoded from base64 as the
text streams in and handed to a writer the caller opens, so a 50 MB attachment never sits in memory
as one text node (libxml2 refuses text nodes over 10 MB without huge_tree). Elements are matched by
local name: the samples put AttachmentEncoded in the edXML namespace or in none.
"""

from __future__ import annotations

import binascii
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import BinaryIO

from lxml import etree

from service.errors import VanthuError
from service.exchange.message import DocumentHeader
from service.exchange.tree import Parsed, child, descend, document_header, local_name, read_tree

NS = "http://www.mic.gov.vn/TBT/QCVN_102_2016"
MAX_TEXT_CHARS = 64_000  # one header value; a trích yếu is ≤ 500
MAX_ELEMENTS = 20_000


@dataclass(frozen=True)
class ParseLimits:
    max_attachment_bytes: int = 50 * 2**20  # each attachment, decoded (the provincial rules: 50 MB)
    max_attachments: int = 50


OpenWriter = Callable[[int], BinaryIO]


class _Base64Stream:
    """Decodes base64 text as it streams in; refuses anything not base64 and anything too big."""

    def __init__(self, out: BinaryIO, limit: int):
        self.out, self.limit = out, limit
        self.pending = ""
        self.size = 0
        self.ended = False  # padding seen: nothing may follow

    def feed(self, text: str) -> None:
        chunk = self.pending + re.sub(r"\s+", "", text)
        usable = len(chunk) - len(chunk) % 4
        self.pending = chunk[usable:]
        if usable:
            self._decode(chunk[:usable])

    def _decode(self, text: str) -> None:
        if self.ended:
            raise VanthuError("edxml_not_base64", "data after base64 padding")
        try:
            data = binascii.a2b_base64(text.encode("ascii"), strict_mode=True)
        except (binascii.Error, UnicodeEncodeError, ValueError) as exc:
            raise VanthuError("edxml_not_base64", str(exc)) from exc
        self.ended = text.endswith("=")
        self.size += len(data)
        if self.size > self.limit:
            raise VanthuError("edxml_attachment_too_large", f"over {self.limit} bytes decoded")
        self.out.write(data)

    def close(self) -> int:
        if self.pending:
            raise VanthuError("edxml_not_base64", "base64 length is not a multiple of 4")
        return self.size


class _Target:
    """lxml parser target: a small tree of everything but the attachments' base64."""

    def __init__(self, open_writer: OpenWriter, limits: ParseLimits):
        self.tree = etree.TreeBuilder()
        self.open_writer, self.limits = open_writer, limits
        self.path: list[str] = []
        self.stream: _Base64Stream | None = None
        self.sizes: list[int] = []
        self.text_chars = 0
        self.elements = 0
        self.refused: VanthuError | None = None
        self.envelope = None  # kept when it closes: who sent a message whose attachments fail

    def _refuse(self, exc: VanthuError) -> None:
        if self.refused is None:
            self.refused = exc
        raise exc  # lxml turns it into a syntax error; `refused` keeps the reason

    def doctype(self, *args) -> None:
        self._refuse(VanthuError("edxml_dtd", f"DOCTYPE {args[0]!r}"))

    def start(self, tag: str, attrib, nsmap=None) -> None:
        self.elements += 1
        if self.elements > MAX_ELEMENTS:
            self._refuse(VanthuError("edxml_invalid", f"more than {MAX_ELEMENTS} elements"))
        local = local_name(tag)
        if local == "ContentTransferEncoded" and self.path[-1:] == ["Attachment"]:
            if len(self.sizes) >= self.limits.max_attachments:
                self._refuse(
                    VanthuError("edxml_invalid", f"more than {self.limits.max_attachments} attachments")
                )
            try:
                self.stream = _Base64Stream(
                    self.open_writer(len(self.sizes)), self.limits.max_attachment_bytes
                )
            except VanthuError as exc:
                self._refuse(exc)
        self.path.append(local)
        self.text_chars = 0
        self.tree.start(tag, dict(attrib))

    def data(self, text: str) -> None:
        if self.stream is not None:
            try:
                self.stream.feed(text)
            except VanthuError as exc:
                self._refuse(exc)
            return
        self.text_chars += len(text)
        if self.text_chars > MAX_TEXT_CHARS:
            self._refuse(
                VanthuError("edxml_invalid", f"<{self.path[-1]}> holds over {MAX_TEXT_CHARS} characters")
            )
        self.tree.data(text)

    def end(self, tag: str) -> None:
        if self.stream is not None:
            try:
                self.sizes.append(self.stream.close())
            except VanthuError as exc:
                self._refuse(exc)
            self.stream = None
        self.path.pop()
        element = self.tree.end(tag)
        if local_name(tag) == "edXMLEnvelope" and not self.path[1:]:
            self.envelope = element

    def comment(self, text: str) -> None:  # comments and processing instructions carry nothing
        pass

    def pi(self, target: str, data: str | None = None) -> None:
        pass

    def close(self):
        return self.tree.close()


class MessageParser:
    """Feed the message's bytes in chunks, then `close()` for the parsed message."""

    def __init__(self, open_writer: OpenWriter, limits: ParseLimits = ParseLimits()):
        self.target = _Target(open_writer, limits)
        self.parser = etree.XMLParser(
            target=self.target,
            resolve_entities=False,
            no_network=True,
            huge_tree=False,
            load_dtd=False,
            dtd_validation=False,
        )
        self.head = b""

    def feed(self, chunk: bytes) -> None:
        if len(self.head) < 4096:
            self.head += chunk[:4096]
            if _declares_dtd(self.head):
                raise VanthuError("edxml_dtd", "DOCTYPE or ENTITY declaration")
        try:
            self.parser.feed(chunk)
        except etree.XMLSyntaxError as exc:
            raise self.target.refused or VanthuError("edxml_invalid", f"not well-formed XML: {exc}") from exc

    def close(self) -> Parsed:
        try:
            root = self.parser.close()
        except etree.XMLSyntaxError as exc:
            raise self.target.refused or VanthuError("edxml_invalid", f"not well-formed XML: {exc}") from exc
        if self.target.refused:
            raise self.target.refused
        return read_tree(root, tuple(self.target.sizes))

    def envelope_header(self) -> DocumentHeader | None:
        """The document header, when the envelope was read before the parse failed."""
        msg = descend(self.target.envelope, "edXMLHeader", "MessageHeader")
        if msg is None or child(msg, "StatusCode") is not None:
            return None
        try:
            return document_header(msg)
        except (VanthuError, ValueError):
            return None


def parse_bytes(data: bytes, open_writer: OpenWriter, limits: ParseLimits = ParseLimits()) -> Parsed:
    parser = MessageParser(open_writer, limits)
    for i in range(0, len(data), 1 << 20):
        parser.feed(data[i : i + (1 << 20)])
    return parser.close()


def _declares_dtd(head: bytes) -> bool:
    for marker in ("<!DOCTYPE", "<!ENTITY"):
        for enc in ("ascii", "utf-16-le", "utf-16-be"):
            if marker.encode(enc) in head:
                return True
    return False


def looks_like_edxml(head: bytes) -> bool:
    """The first bytes of a file hold an edXML root (in any of the encodings a platform writes)."""
    for enc in ("utf-8", "utf-16"):
        try:
            text = head.decode(enc, errors="ignore")
        except LookupError:
            continue
        if re.search(r"<(?:[A-Za-z_][\w.-]*:)?edXML[\s>/]", text):
            return True
    return False
