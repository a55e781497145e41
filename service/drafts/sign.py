"""Digital signature (chữ ký số) of an issued PDF with pyHanko: a visible stamp, verified at once.

The certificate is the PKCS#12 named in the config (password from an environment variable). Without
one, a self-signed DEMO certificate is made once under data/signing/ and every signature made with it
says so, in the log, in the stamp and in the result.
"""

from __future__ import annotations

import functools
import logging
import os
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from service.errors import VanthuError

log = logging.getLogger("vanthu.drafts.sign")
STAMP_FONT = Path("/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf")
FIELD_NAME = "VanthuSignature"
DEMO_NOTE = "CHỨNG THƯ THỬ NGHIỆM (DEMO) - KHÔNG CÓ GIÁ TRỊ PHÁP LÝ"


@dataclass(frozen=True)
class SigningKey:
    pkcs12: Path
    password: bytes | None
    demo: bool


def make_self_signed_pkcs12(
    path: Path, *, common_name: str, organisation: str, password: bytes, days: int = 3650
) -> Path:
    """A self-signed signing certificate in a PKCS#12 file (tests; the demo certificate)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )
    now = datetime.now(UTC) - timedelta(minutes=5)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    blob = pkcs12.serialize_key_and_certificates(
        common_name.encode(), key, cert, None, serialization.BestAvailableEncryption(password)
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(blob)
    return path


def ensure_demo_key(data: Path, organisation: str) -> SigningKey:
    """The demo certificate under data/signing/, made on first use."""
    folder = data / "signing"
    p12, secret = folder / "demo-certificate.p12", folder / "demo-certificate.pass"
    if not (p12.is_file() and secret.is_file()):
        password = secrets.token_urlsafe(24).encode()
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(secret, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(password)
        make_self_signed_pkcs12(
            p12, common_name=f"DEMO - {organisation}", organisation=organisation, password=password
        )
        log.warning(
            "created a self-signed DEMO certificate at %s: signatures made with it have no legal "
            "value; configure signing.pkcs12 for real ones",
            p12,
        )
    return SigningKey(pkcs12=p12, password=secret.read_bytes(), demo=True)


def signing_key(*, pkcs12_path: Path | None, password_env: str, data: Path, organisation: str) -> SigningKey:
    if pkcs12_path is None:
        key = ensure_demo_key(data, organisation)
        log.warning("signing with the DEMO certificate (no signing.pkcs12 configured)")
        return key
    if not pkcs12_path.is_file():
        raise VanthuError("signing_failed", f"PKCS#12 file {pkcs12_path} not found")
    pwd = os.environ.get(password_env)
    return SigningKey(pkcs12=pkcs12_path, password=pwd.encode() if pwd is not None else None, demo=False)


@functools.lru_cache(maxsize=4)
def _load_signer(path: str, mtime_ns: int, password: bytes | None):
    """Loading and checking an RSA key takes most of a second: once per file version and password."""
    from pyhanko.sign import signers

    try:
        signer = signers.SimpleSigner.load_pkcs12(path, passphrase=password)
    except Exception as exc:  # wrong password, damaged file
        raise VanthuError("signing_failed", f"cannot load {Path(path).name}: {exc}") from exc
    if signer is None:
        raise VanthuError("signing_failed", f"cannot load {Path(path).name} (password?)")
    return signer


def find_signature_box(pdf: Path, anchor: str) -> tuple[int, tuple[float, float, float, float]]:
    """Where the stamp goes: under the signing authority's last line (`anchor`) on the page where it
    stands, in the right column; PDF coordinates (x1, y1, x2, y2)."""
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        for index in range(len(doc.pages) - 1, -1, -1):
            page = doc.pages[index]
            words = [w for w in page.extract_words() if w["x0"] > page.width / 2]
            lines: dict[int, list] = {}
            for w in words:
                lines.setdefault(round(w["top"]), []).append(w)
            for top in sorted(lines, reverse=True):
                text = " ".join(w["text"] for w in sorted(lines[top], key=lambda w: w["x0"]))
                if text.strip() == anchor.strip():
                    ws = lines[top]
                    mid = (min(w["x0"] for w in ws) + max(w["x1"] for w in ws)) / 2
                    bottom = max(w["bottom"] for w in ws)
                    width, height = 230.0, 66.0
                    x1 = max(page.width / 2, min(mid - width / 2, page.width - width - 20))
                    y_top = page.height - bottom - 4
                    return index, (x1, y_top - height, x1 + width, y_top)
        last = doc.pages[-1]
        return len(doc.pages) - 1, (last.width - 260, 60, last.width - 30, 126)


def sign_pdf(
    src: Path,
    dst: Path,
    key: SigningKey,
    *,
    signer_name: str,
    organisation: str,
    reason: str,
    location: str,
    anchor: str,
    signed_at: datetime | None = None,
) -> dict:
    """Sign `src` into `dst` with a visible stamp (signer, organisation, time; Vietnamese glyphs from a
    TrueType font) and verify the result. Returns what verify_pdf found.

    `signed_at` is the time the stamp shows: the office's clock, the one that dated the document, so
    that the stamp and the document's date agree."""
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.sign import fields, signers
    from pyhanko.stamp import TextStampStyle

    signer = _load_signer(str(key.pkcs12), key.pkcs12.stat().st_mtime_ns, key.password)
    page, box = find_signature_box(src, anchor)
    # the time as a Vietnamese reader writes it ("27/11/2026 09:41:59"), with its offset when known
    at = signed_at or datetime.now().astimezone()
    when = at.strftime("%d/%m/%Y %H:%M:%S") + (
        at.strftime(" (GMT%z)")[:-3] + ")" if at.utcoffset() is not None else ""
    )
    lines = [f"Ký bởi: {signer_name}", f"Cơ quan: {organisation}", f"Thời gian: {when}"]
    if key.demo:
        lines.append(DEMO_NOTE)
    style = TextStampStyle(
        stamp_text="\n".join(lines).replace("%", "%%"),
        text_box_style=TextBoxStyle(font=GlyphAccumulatorFactory(str(STAMP_FONT), font_size=8), leading=11),
        border_width=1,
    )
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME, name=signer_name, reason=reason, location=location
    )
    tmp = dst.with_name(f".{dst.name}.signing")
    with src.open("rb") as inf:
        writer = IncrementalPdfFileWriter(inf)
        fields.append_signature_field(
            writer, fields.SigFieldSpec(FIELD_NAME, on_page=page, box=tuple(int(v) for v in box))
        )
        with tmp.open("wb") as out:
            signers.PdfSigner(meta, signer=signer, stamp_style=style).sign_pdf(writer, output=out)
    result = verify_pdf(tmp, trust=[signer.signing_cert])
    if not (result["intact"] and result["valid"] and result["covers_whole_file"]):
        tmp.unlink(missing_ok=True)
        raise VanthuError("signing_failed", f"signature does not verify after signing: {result}")
    os.replace(tmp, dst)
    result["demo"] = key.demo
    return result


def verify_pdf(path: Path, trust: list | None = None) -> dict:
    """Check the PDF's signatures: the signed bytes unchanged, the cryptography sound, the whole file
    covered. `trust`: the certificates taken as roots (the signer's own for a self-signed one)."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    with Path(path).open("rb") as f:
        reader = PdfFileReader(f)
        sigs = reader.embedded_signatures
        if not sigs:
            return {
                "intact": False,
                "valid": False,
                "covers_whole_file": False,
                "signer": "",
                "detail": "no signature",
            }
        sig = sigs[-1]
        roots = trust if trust is not None else [sig.signer_cert]
        try:
            status = validate_pdf_signature(sig, ValidationContext(trust_roots=roots, allow_fetching=False))
        except Exception as exc:  # a damaged signature is a failed verification, not a crash
            return {
                "intact": False,
                "valid": False,
                "covers_whole_file": False,
                "signer": "",
                "detail": f"{type(exc).__name__}: {exc}",
            }
        return {
            "intact": bool(status.intact),
            "valid": bool(status.valid),
            "trusted": bool(status.trusted),
            "covers_whole_file": status.coverage == SignatureCoverageLevel.ENTIRE_FILE,
            "signer": sig.signer_cert.subject.human_friendly,
            "signing_time": status.signer_reported_dt.isoformat() if status.signer_reported_dt else None,
            "detail": status.summary(),
        }
