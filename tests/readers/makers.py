"""Build real test files: small PDFs with text and widgets, signed PDFs, hostile .docx packages."""

from __future__ import annotations

import datetime as dt
import io
import struct
import zipfile
import zlib
from pathlib import Path

import docx
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID


def _pdf(objects: list[bytes]) -> bytes:
    """A PDF file from numbered object bodies (object 1 is the catalog)."""
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def make_text_pdf(
    lines: list[tuple[float, float, str]], widgets: list[tuple[tuple, str]] = (), pages: int = 1
) -> bytes:
    """A PDF whose pages draw `lines` (x, y, ASCII text) and widgets (rect, appearance text)."""
    content = (
        b"BT /F1 12 Tf "
        + b" ".join(b"1 0 0 1 %g %g Tm (%s) Tj" % (x, y, text.encode("latin-1")) for x, y, text in lines)
        + b" ET"
    )
    # 1 catalog, 2 pages, 3 font, 4 content, then widgets (annot + appearance), then pages
    objects: list[bytes] = [
        b"",
        b"",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        _stream(content),
    ]
    annot_refs = []
    for rect, text in widgets:
        x0, y0, x1, y1 = rect
        ap = _stream(
            b"BT /F1 12 Tf 2 4 Td (%s) Tj ET" % text.encode("latin-1"),
            b"/Type /XObject /Subtype /Form /BBox [0 0 %g %g] /Resources << /Font << /F1 3 0 R >> >>"
            % (x1 - x0, y1 - y0),
        )
        objects.append(ap)
        ap_ref = len(objects)
        objects.append(
            b"<< /Type /Annot /Subtype /Widget /FT /Tx /T (F%d) /Rect [%g %g %g %g] "
            b"/AP << /N %d 0 R >> >>" % (ap_ref, x0, y0, x1, y1, ap_ref)
        )
        annot_refs.append(len(objects))
    page_refs = []
    annots = b" ".join(b"%d 0 R" % r for r in annot_refs)
    for _ in range(pages):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
            b"/Resources << /Font << /F1 3 0 R >> >> /Annots [%s] >>" % annots
        )
        page_refs.append(len(objects))
    fields = b" ".join(b"%d 0 R" % r for r in annot_refs)
    objects[0] = b"<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [%s] >> >>" % fields
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % r for r in page_refs),
        len(page_refs),
    )
    return _pdf(objects)


def make_self_signed(
    tmp: Path, name: str = "Nguyễn Văn An", org: str = "UBND huyện Tam Đường"
) -> tuple[Path, Path]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, name),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, org),
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
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
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(
            x509.KeyUsage(True, True, False, False, False, False, False, False, False), critical=True
        )
        .sign(key, hashes.SHA256())
    )
    key_path, cert_path = tmp / "key.pem", tmp / "cert.pem"
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return key_path, cert_path


def sign_pdf(source: bytes, tmp: Path, field: str = "ChuKy1", **names: str) -> bytes:
    """Sign `source` with a fresh self-signed certificate (pyHanko), whole file covered; a signed
    `source` is signed again in a new revision."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    key_path, cert_path = make_self_signed(tmp, **names)
    signer = signers.SimpleSigner.load(str(key_path), str(cert_path))
    writer = IncrementalPdfFileWriter(io.BytesIO(source))
    out = io.BytesIO()
    signers.sign_pdf(
        writer,
        signers.PdfSignatureMetadata(field_name=field),
        signer=signer,
        new_field_spec=fields.SigFieldSpec(field, box=(300, 100, 500, 160)),
        output=out,
    )
    return out.getvalue()


# --- .docx --------------------------------------------------------------------------------------


def write_header_docx(path: Path) -> None:
    """A công văn with the two-column header table and a body paragraph."""
    document = docx.Document()
    table = document.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    left.paragraphs[0].text = "ỦY BAN NHÂN DÂN"
    left.add_paragraph("HUYỆN TAM ĐƯỜNG")
    left.add_paragraph("Số: 904/KH-UBND")
    right.paragraphs[0].text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    right.add_paragraph("Độc lập - Tự do - Hạnh phúc")
    right.add_paragraph("Tam Đường, ngày 21 tháng 7 năm 2022")
    document.add_paragraph("KẾ HOẠCH")
    document.add_paragraph("Thực hiện chính sách đối với người có công với cách mạng")
    document.sections[0].footer.paragraphs[0].text = "Chân trang: bản lưu"
    document.save(str(path))


def rewrite_member(
    source: Path, target: Path, name: str, data: bytes, compress: int = zipfile.ZIP_DEFLATED
) -> None:
    """Copy a zip package, replacing one member."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", compress) as zout:
        for item in zin.infolist():
            if item.filename != name:
                zout.writestr(item, zin.read(item.filename))
        zout.writestr(name, data)


def png_claiming(width: int, height: int) -> bytes:
    """A tiny grey PNG whose header claims a huge picture (a decompression bomb)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    body = zlib.compress(b"\x00" * 10000, 9)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b"")
