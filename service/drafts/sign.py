"""Digital signatures (chữ ký số) with pyHanko: visible appearances (a leader's signature image, the
office's seal), signing a field, verifying every signature of a file.

Keys come from keys.py. A self-signed DEMO certificate says so in the log, the appearance and the
result.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

log = logging.getLogger("vanthu.drafts.sign")
STAMP_FONT = Path("/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf")
FIELD_NAME = "VanthuSignature"
DEMO_NOTE = "CHỨNG THƯ THỬ NGHIỆM (DEMO) - KHÔNG CÓ GIÁ TRỊ PHÁP LÝ"
DEMO_SHORT = "DEMO - không có giá trị pháp lý"


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


def demo_seal(data: Path, organisation: str) -> Path:
    """A drawn stand-in for the office's seal (a red ring, the office's name, MẪU) where no seal image
    is configured: plainly not a real seal."""
    from PIL import Image, ImageDraw, ImageFont

    path = data / "signing" / "demo-seal.png"
    if path.is_file():
        return path
    size = 600
    img = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    red = (200, 16, 16, 230)
    draw.ellipse((10, 10, size - 10, size - 10), outline=red, width=18)
    draw.ellipse((70, 70, size - 70, size - 70), outline=red, width=8)
    font = ImageFont.truetype(str(STAMP_FONT), 46) if STAMP_FONT.is_file() else ImageFont.load_default()
    words = organisation.upper().split()
    lines = [" ".join(words[i : i + 3]) for i in range(0, len(words), 3)] + ["MẪU - DEMO"]
    y = size / 2 - len(lines) * 30
    for line in lines:
        w = draw.textlength(line, font=font)
        draw.text(((size - w) / 2, y), line, fill=red, font=font)
        y += 60
    path.parent.mkdir(parents=True, exist_ok=True)
    img.save(path)
    return path


def _image(path: Path, box_w: float, box_h: float):
    """An image for an appearance, as large as fits the box (aspect kept)."""
    from PIL import Image
    from pyhanko.pdf_utils.images import PdfImage
    from pyhanko.pdf_utils.layout import BoxConstraints

    opened = Image.open(path)
    opened.load()
    img = opened if opened.mode in ("RGB", "RGBA", "L", "LA") else opened.convert("RGBA")
    scale = min(box_w / img.width, box_h / img.height)
    return PdfImage(
        img, box=BoxConstraints(width=max(1, int(img.width * scale)), height=max(1, int(img.height * scale)))
    )


def _text_style(size: int):
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
    from pyhanko.pdf_utils.text import TextBoxStyle

    return TextBoxStyle(font=GlyphAccumulatorFactory(str(STAMP_FONT), font_size=size), leading=size + 2)


def leader_style(image: Path | None, box, signer_name: str, demo: bool):
    """The leader's signature: the image of the handwritten signature (with a DEMO line under it when
    the certificate is a demo); without an image, the name in words."""
    from pyhanko.pdf_utils import layout
    from pyhanko.stamp import StaticStampStyle, TextStampStyle

    w, h = box[2] - box[0], box[3] - box[1]
    band = 12 if demo else 2
    if image is None or not image.is_file():
        lines = [f"Đã ký: {signer_name}"] + ([DEMO_SHORT] if demo else [])
        return TextStampStyle(
            stamp_text="\n".join(lines).replace("%", "%%"), text_box_style=_text_style(8), border_width=0
        )
    picture = dict(
        background=_image(image, w - 4, h - band - 2),
        background_opacity=1.0,
        border_width=0,
        background_layout=layout.SimpleBoxLayoutRule(
            x_align=layout.AxisAlignment.ALIGN_MID,
            y_align=layout.AxisAlignment.ALIGN_MAX,
            margins=layout.Margins(2, 2, band, 2),
        ),
    )
    if not demo:
        return StaticStampStyle(**picture)
    return TextStampStyle(
        stamp_text=DEMO_SHORT,
        text_box_style=_text_style(6),
        inner_content_layout=layout.SimpleBoxLayoutRule(
            x_align=layout.AxisAlignment.ALIGN_MID, y_align=layout.AxisAlignment.ALIGN_MIN
        ),
        **picture,
    )


def office_style(seal: Path, box, *, organisation: str, signed_at: str, demo: bool, text_band: float):
    """The office's signature: its seal at true size, and under it the office and the time (ISO 8601)."""
    from pyhanko.pdf_utils import layout
    from pyhanko.stamp import TextStampStyle

    side = box[2] - box[0]
    lines = (
        _wrap(f"Ký bởi: {organisation}", 34) + [f"Thời gian: {signed_at}"] + ([DEMO_SHORT] if demo else [])
    )
    return TextStampStyle(
        stamp_text="\n".join(lines).replace("%", "%%"),
        text_box_style=_text_style(6),
        background=_image(seal, side, side),
        background_opacity=1.0,
        border_width=0,
        background_layout=layout.SimpleBoxLayoutRule(
            x_align=layout.AxisAlignment.ALIGN_MID,
            y_align=layout.AxisAlignment.ALIGN_MAX,
            margins=layout.Margins(0, 0, round(text_band), 0),
            inner_content_scaling=layout.InnerScaling.STRETCH_TO_FIT,
        ),
        inner_content_layout=layout.SimpleBoxLayoutRule(
            x_align=layout.AxisAlignment.ALIGN_MID,
            y_align=layout.AxisAlignment.ALIGN_MIN,
            inner_content_scaling=layout.InnerScaling.SHRINK_TO_FIT,
        ),
    )


def _wrap(text: str, width: int) -> list[str]:
    lines, cur = [], ""
    for word in text.split():
        if cur and len(cur) + 1 + len(word) > width:
            lines.append(cur)
            cur = word
        else:
            cur = f"{cur} {word}".strip()
    return lines + ([cur] if cur else [])


@dataclass(frozen=True)
class SignatureSpec:
    """Where a visible signature goes and what it says: the field's name, its page and box (points),
    the stamp's appearance, and the signer's name, reason and place written into the signature."""

    field: str
    page: int
    box: Any
    style: Any
    name: str
    reason: str
    location: str


def sign_into(writer, out: Path, signer, spec: SignatureSpec):
    """Add a visible signature field and sign it, with the writer's pending changes (the filled blanks)
    in the same revision; written whole to `out`."""
    from pyhanko.sign import fields, signers

    fields.append_signature_field(
        writer, fields.SigFieldSpec(spec.field, on_page=spec.page, box=tuple(round(v) for v in spec.box))
    )
    meta = signers.PdfSignatureMetadata(
        field_name=spec.field, name=spec.name, reason=spec.reason, location=spec.location
    )
    tmp = out.with_name(f".{out.name}.signing")
    with tmp.open("wb") as f:
        signers.PdfSigner(meta, signer=signer, stamp_style=spec.style).sign_pdf(writer, output=f)
    os.replace(tmp, out)
    return out


def verify_signatures(path: Path, trust: list | None = None) -> list[dict]:
    """Every signature of the PDF, in signing order: signer, the signed bytes intact, the cryptography
    sound, how much of the file it covers and what changed after it (a later signature and filled
    form fields are permitted changes)."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    out = []
    with Path(path).open("rb") as f:
        reader = PdfFileReader(f)
        for sig in reader.embedded_signatures:
            roots = trust if trust is not None else [sig.signer_cert]
            try:
                status = validate_pdf_signature(
                    sig, ValidationContext(trust_roots=roots, allow_fetching=False)
                )
            except Exception as exc:  # a damaged signature is a failed verification, not a crash
                out.append({"field": sig.field_name, "intact": False, "valid": False, "detail": str(exc)})
                continue
            level = status.modification_level
            out.append(
                {
                    "field": sig.field_name,
                    "signer": sig.signer_cert.subject.human_friendly,
                    "intact": bool(status.intact),
                    "valid": bool(status.valid),
                    "trusted": bool(status.trusted),
                    "covers_whole_file": status.coverage == SignatureCoverageLevel.ENTIRE_FILE,
                    "changes_permitted": bool(status.docmdp_ok)
                    and (level is None or level <= ModificationLevel.FORM_FILLING),
                    "signing_time": status.signer_reported_dt.isoformat()
                    if status.signer_reported_dt
                    else None,
                    "detail": status.summary(),
                }
            )
    return out


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
