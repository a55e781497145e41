"""Legitimate documents made on the spot: .docx (python-docx), text PDF (LibreOffice), signed PDF
(pyHanko, a self-signed certificate), scans (Pillow, Liberation fonts) and plain text.

Used by the reliability tests and by bench/bench_load.py; every file differs in its number and
body so that none is a duplicate of another unless asked.
"""

from __future__ import annotations

import datetime as dt
import io
import random
import shutil
import subprocess
import tempfile
from pathlib import Path

from tests.conftest import make_docx

UNITS = [
    "PHÒNG NỘI VỤ",
    "PHÒNG TƯ PHÁP",
    "PHÒNG Y TẾ",
    "UBND XÃ BẢN BO",
    "UBND XÃ BÌNH LƯ",
    "PHÒNG TÀI CHÍNH - KẾ HOẠCH",
    "UBND THỊ TRẤN TAM ĐƯỜNG",
    "PHÒNG DÂN TỘC",
]
TOPICS = [
    "kết quả thực hiện phong trào thi đua",
    "công tác cải cách hành chính",
    "tình hình thực hiện nhiệm vụ phát triển kinh tế - xã hội",
    "công tác phòng, chống thiên tai",
    "kết quả giảm nghèo bền vững",
    "công tác tiếp công dân",
]
FONT_DIR = Path("/usr/share/fonts/truetype/liberation2")


def report_lines(i: int, rng: random.Random) -> list[str]:
    """A report (báo cáo) numbered `i`, with a body that varies."""
    unit = UNITS[i % len(UNITS)]
    topic = TOPICS[rng.randrange(len(TOPICS))]
    body = [
        f"Thực hiện Kế hoạch số 904/KH-UBND ngày 21/7/2022 của UBND huyện Tam Đường, {unit.title()} "
        f"báo cáo {topic} như sau:"
    ]
    body += [
        f"{k}. Nội dung thứ {k} của báo cáo số {i}: đã triển khai {rng.randrange(2, 90)} lượt, "
        f"đạt {rng.randrange(40, 100)}% kế hoạch năm."
        for k in range(1, 2 + rng.randrange(6))
    ]
    return [
        "UBND HUYỆN TAM ĐƯỜNG",
        unit,
        f"Số: {i}/BC-{_abbr(unit)}",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        f"Tam Đường, ngày {1 + i % 28:02d} tháng {1 + i % 12} năm 2022",
        "BÁO CÁO",
        f"Về {topic} năm 2022",
        *body,
        "Nơi nhận:",
        "- UBND huyện;",
        "- Lưu: VT.",
        "TRƯỞNG PHÒNG",
        "Nguyễn Văn An",
    ]


def _abbr(unit: str) -> str:
    from service.text import fold

    return "".join(w[0] for w in fold(unit).upper().split() if w[0].isalpha())[:6]


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(docx: Path, outdir: Path) -> Path:
    """A text PDF from a .docx by LibreOffice, with a private profile."""
    exe = soffice()
    if exe is None:
        raise RuntimeError("LibreOffice (soffice) is required")
    with tempfile.TemporaryDirectory(prefix="vanthu-test-lo-") as prof:
        subprocess.run(
            [
                exe,
                f"-env:UserInstallation={Path(prof).as_uri()}",
                "--headless",
                "--norestore",
                "--convert-to",
                "pdf",
                "--outdir",
                str(outdir),
                str(docx),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
    return outdir / (docx.stem + ".pdf")


def self_signed_pkcs12(folder: Path, name: str = "Nguyễn Văn An") -> tuple[Path, bytes]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, name),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "UBND huyện Tam Đường"),
        ]
    )
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=365))
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    password = b"test-only"
    blob = pkcs12.serialize_key_and_certificates(
        b"signer", key, cert, None, serialization.BestAvailableEncryption(password)
    )
    path = folder / "signer.p12"
    path.write_bytes(blob)
    return path, password


def sign_pdf(pdf: bytes, p12: Path, password: bytes) -> bytes:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers

    signer = signers.SimpleSigner.load_pkcs12(str(p12), passphrase=password)
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    out = signers.sign_pdf(writer, signers.PdfSignatureMetadata(field_name="ChuKySo"), signer=signer)
    return out.getvalue()


def docx_and_signed_pdf(work: Path, i: int = 501) -> tuple[bytes, bytes]:
    """The same report as .docx and as a digitally signed PDF made from it."""
    rng = random.Random(i)
    docx = make_docx(work / f"pair-{i}.docx", report_lines(i, rng))
    pdf = docx_to_pdf(docx, work).read_bytes()
    p12, password = self_signed_pkcs12(work)
    return docx.read_bytes(), sign_pdf(pdf, p12, password)


def scan_png(lines: list[str], seed: int) -> bytes:
    """A page image with the text drawn in Liberation Serif: what a scanner hands the office."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(str(FONT_DIR / "LiberationSerif-Regular.ttf"), 34)
    img = Image.new("L", (1654, 2339), 255)  # A4 at 200 dpi
    draw = ImageDraw.Draw(img)
    y = 120 + seed % 7
    for line in lines:
        draw.text((140, y), line, fill=0, font=font)
        y += 52
    buf = io.BytesIO()
    img.save(buf, "PNG", dpi=(200, 200))
    return buf.getvalue()


def plain_text(lines: list[str]) -> bytes:
    return "\n".join(lines).encode("utf-8")
