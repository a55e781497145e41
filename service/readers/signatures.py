"""Digital signatures (chữ ký số) in a PDF: who signed, when, and whether the signed bytes are intact.

The check is pyHanko's integrity check (digest of the signed byte ranges against the signed
attributes, and the signature over them against the signer's certificate). Trust in the
certificate chain is not judged here: offices have no common trust list offline.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import re
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from asn1crypto import cms, tsp
from pyhanko.sign.validation.generic_cms import validate_sig_integrity
from pypdf import PdfReader
from pypdf.generic import IndirectObject

from service.models import SignatureInfo
from service.text.normalize import nfc

log = logging.getLogger(__name__)


_Raw = tuple[list[int], bytes, object]  # ByteRange, signature value, /M as read from the file


def _signature_fields(reader: PdfReader, data: bytes) -> list[tuple[dict, _Raw | None]]:
    """The signed signature fields, each with its value read straight from the file (None where it
    could not be: then pypdf reads it)."""
    root: Any = reader.trailer["/Root"]
    form = root.get("/AcroForm")
    if not form:
        return []
    found: list[tuple[dict, _Raw | None]] = []
    stack = list(form.get_object().get("/Fields") or [])
    seen: set[int] = set()
    while stack:
        field = stack.pop(0).get_object()
        if id(field) in seen or len(seen) > 10_000:
            continue
        seen.add(id(field))
        if field.get("/FT") == "/Sig" and "/V" in field:
            # a value found in the file is there: pypdf is not made to parse its long hex string
            raw = _raw_value(reader, field, data)
            if raw is not None or field.get("/V") is not None:
                found.append((field, raw))
        stack.extend(field.get("/Kids") or [])
    return found


def _parse_pdf_date(value: object) -> datetime | None:
    text = str(value or "").strip()
    if text.startswith("D:"):
        text = text[2:]
    try:
        when = datetime.strptime(text[:14], "%Y%m%d%H%M%S")
    except ValueError:
        return None
    rest = text[14:].replace("'", "")
    if rest[:1] in ("+", "-") and len(rest) >= 5:
        sign = 1 if rest[0] == "+" else -1
        offset = timedelta(hours=int(rest[1:3]), minutes=int(rest[3:5]))
        return when.replace(tzinfo=timezone(sign * offset))
    if rest[:1] == "Z":
        return when.replace(tzinfo=UTC)
    return when


def _signer_cert(signed_data: cms.SignedData, signer_info: cms.SignerInfo):
    sid = signer_info["sid"]
    for choice in signed_data["certificates"] or []:
        if choice.name != "certificate":
            continue
        cert = choice.chosen
        if sid.name == "issuer_and_serial_number":
            # raw DER first: Name equality in asn1crypto runs LDAP string preparation (slow)
            if cert.serial_number == sid.chosen["serial_number"].native and (
                cert.issuer.dump() == sid.chosen["issuer"].dump() or cert.issuer == sid.chosen["issuer"]
            ):
                return cert
        elif cert.key_identifier == sid.chosen.native:
            return cert
    return None


def _signing_time(signer_info: cms.SignerInfo) -> tuple[datetime | None, str]:
    """The time-stamp authority's time if there is one (trusted), else the signer's own claim."""
    for attr in signer_info["unsigned_attrs"] or []:
        if attr["type"].native == "signature_time_stamp_token":
            token = attr["values"][0]
            info = token["content"]["encap_content_info"]["content"].parsed
            if isinstance(info, tsp.TSTInfo):
                return _local(info["gen_time"].native), "timestamp"
    for attr in signer_info["signed_attrs"] or []:
        if attr["type"].native == "signing_time":
            return _local(attr["values"][0].native), "signed attribute"
    return None, ""


# Vietnam keeps UTC+7 all year; in local time the signing day is the document's day
VIETNAM = timezone(timedelta(hours=7))


def _local(when: datetime | None) -> datetime | None:
    if when is None or when.tzinfo is None:
        return when
    return when.astimezone(VIETNAM)


def _subject_parts(cert, keys: tuple[str, ...]) -> list[str]:
    """Attributes of the certificate's subject, each as `cert.subject.native[key]` gives it (several
    values joined), reading the subject's attributes once instead of the whole name."""
    found: dict[str, list] = {key: [] for key in keys}
    for rdn in cert.subject.chosen:
        for type_value in rdn:
            values = found.get(type_value["type"].native)
            if values is not None:
                values.append(type_value["value"].native)
    parts = []
    for values in found.values():
        value = values[0] if len(values) == 1 else ", ".join(values) if values else ""
        parts.append(nfc(str(value or "")))
    return parts


_BYTE_RANGE = re.compile(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]")
_WHEN = re.compile(rb"/M\s*\((D:[^)]{8,40})\)")


def _raw_value(reader: PdfReader, field: Any, data: bytes) -> _Raw | None:
    """ByteRange, signature bytes and /M read straight from the file.

    pypdf would parse the 20–30 kB hex string of /Contents in Python, slower than reading the
    whole page; the byte range says exactly where it lies.
    """
    ref = field.raw_get("/V")
    if not isinstance(ref, IndirectObject):
        return None
    offset = reader.xref.get(ref.generation, {}).get(ref.idnum)
    if not isinstance(offset, int) or offset <= 0:
        return None
    end = data.find(b"endobj", offset)
    span = data[offset : end if end > 0 else None]
    found = _BYTE_RANGE.search(span)
    if not found:
        return None
    a, b, c, d = (int(v) for v in found.groups())
    hex_text = data[a + b : c].strip()
    if not (hex_text.startswith(b"<") and hex_text.endswith(b">")):
        return None
    try:
        contents = bytes.fromhex(hex_text[1:-1].decode("ascii"))
    except (ValueError, UnicodeDecodeError):
        return None
    when = _WHEN.search(span)
    return [a, b, c, d], contents, when.group(1).decode("latin-1") if when else None


class _Digests:
    """Digests of a file's signed byte ranges, sharing the work of nested signatures.

    Each signature of an incrementally signed file covers the file from its start up to its own
    signature value, then the rest of its revision: the later signatures' ranges begin with the
    earlier ones'. One running hash per algorithm over the common prefix is copied for each
    signature instead of hashing the whole file again for each.
    """

    def __init__(self, data: bytes):
        self.data = data
        self._running: dict[str, tuple[int, Any]] = {}  # algorithm -> (bytes fed, hasher)

    def digest(self, algorithm: str, byte_range: list[int]) -> bytes:
        a, b, c, d = byte_range
        data = self.data
        pos, running = self._running.get(algorithm, (0, None))
        if a != 0 or running is None or b < pos:
            running, pos = hashlib.new(algorithm), 0
        if a == 0:
            running.update(data[pos:b])
            self._running[algorithm] = (b, running)
            digest = running.copy()
        else:
            digest = running
            digest.update(data[a : a + b])
        digest.update(data[c : c + d])
        return digest.digest()


_NOT_READ = object()


def read_signature(
    field: dict,
    data: bytes,
    appearance: str = "",
    reader: PdfReader | None = None,
    digests: _Digests | None = None,
    raw=_NOT_READ,
) -> SignatureInfo:
    """The signature of one /Sig field: who signed, when, and whether the signed bytes are intact."""
    name = nfc(str(field.get("/T", "")))
    if raw is _NOT_READ:
        raw = _raw_value(reader, field, data) if reader is not None else None
    if raw is not None:
        byte_range, contents, when_raw = raw
    else:
        value = field["/V"].get_object()
        byte_range = [int(v) for v in value.get("/ByteRange") or []]
        contents = bytes(value.get("/Contents") or b"")
        when_raw = value.get("/M")
    fallback_time = _local(_parse_pdf_date(when_raw))
    if len(byte_range) != 4 or not contents:
        return SignatureInfo(
            field_name=name,
            signing_time=fallback_time,
            appearance_text=appearance,
            detail="no signed byte range or no signature value",
        )
    a, b, c, d = byte_range
    found = SignatureInfo(
        field_name=name,
        signing_time=fallback_time,
        covers_whole_file=a == 0 and c + d == len(data) and b <= c,
        appearance_text=appearance,
    )
    try:
        return _verified(found, contents, (digests or _Digests(data)), [a, b, c, d])
    except Exception as exc:  # a malformed CMS blob is a finding, not a crash
        log.debug("signature %s unreadable: %s", name, exc)
        return dataclasses.replace(found, intact=False, detail=f"signature unreadable: {type(exc).__name__}")


def _verified(
    found: SignatureInfo, contents: bytes, digests: _Digests, byte_range: list[int]
) -> SignatureInfo:
    """`found` completed from the CMS signature value: signer, signing time, integrity."""
    info = cms.ContentInfo.load(contents, strict=False)  # the padding after the DER is ignored
    signed_data = info["content"]
    signer_info = signed_data["signer_infos"][0]
    cert = _signer_cert(signed_data, signer_info)
    algo = signer_info["digest_algorithm"]["algorithm"].native
    digest = digests.digest(algo, byte_range)
    when, source = _signing_time(signer_info)
    when = when or found.signing_time
    if cert is None:
        return dataclasses.replace(found, signing_time=when, detail="signer certificate missing")
    intact, valid = validate_sig_integrity(signer_info, cert, "data", digest)
    # intact: the signed bytes are those that were signed; a bad signature value over
    # unchanged bytes is reported in the detail (and as a warning by the PDF reader)
    detail = (
        ""
        if intact and valid
        else ("signed bytes changed after signing" if not intact else "signature value does not verify")
    )
    if source:
        detail = (detail + "; " if detail else "") + f"time from {source}"
    signer_name, organisation = _subject_parts(cert, ("common_name", "organization_name"))
    return dataclasses.replace(
        found,
        signer_name=signer_name,
        organisation=organisation,
        signing_time=when,
        intact=bool(intact),
        detail=detail + "; certificate trust not checked",
    )


def read_signatures(
    reader: PdfReader, data: bytes, appearances: dict[str, str] | None = None
) -> list[SignatureInfo]:
    """Every signed signature field of the document, in the order of the form."""
    appearances = appearances or {}
    fields = _signature_fields(reader, data)
    if not fields:  # an unsigned PDF: nothing more to parse or hash
        return []
    digests = _Digests(data)
    result: list[SignatureInfo | None] = [None] * len(fields)
    # in the order of the revisions they sign, so that each digest goes on from the one before
    for index in sorted(range(len(fields)), key=lambda i: _signed_length(fields[i][1])):
        field, raw = fields[index]
        name = nfc(str(field.get("/T", "")))
        result[index] = read_signature(field, data, appearances.get(name, ""), reader, digests, raw)
    return [info for info in result if info is not None]  # every one is set above


def _signed_length(raw: _Raw | None) -> int:
    """How far into the file a signature's first signed range reaches (0 for an unreadable one)."""
    return raw[0][1] if raw else 0
