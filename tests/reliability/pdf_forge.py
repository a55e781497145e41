"""Hand-made PDFs for the hostile-file tests: valid ones, and ones built to hurt a reader.

Written byte by byte with a correct xref table, so that each file is exactly what it claims to be.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path

# ---- PDF by hand (ASCII text in Helvetica: enough for a text layer) ----


def pdf_from_objects(objects: list[bytes], root: int = 1, trailer_extra: bytes = b"") -> bytes:
    """A PDF whose numbered objects (1-based) are `objects`, with a correct xref table."""
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(
        b"trailer\n<< /Size %d /Root %d 0 R %s>>\nstartxref\n%d\n%%%%EOF\n"
        % (len(objects) + 1, root, trailer_extra, xref)
    )
    return out.getvalue()


def _stream(data: bytes, extra: bytes = b"", compress: bool = False) -> bytes:
    if compress:
        data = zlib.compress(data, 9)
        extra += b" /Filter /FlateDecode"
    return b"<< /Length %d%s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def text_content(lines: list[str]) -> bytes:
    ops = [b"BT /F1 11 Tf 50 800 Td 14 TL"]
    for line in lines:
        safe = (
            line.encode("ascii", "replace")
            .replace(b"\\", b"\\\\")
            .replace(b"(", b"\\(")
            .replace(b")", b"\\)")
        )
        ops.append(b"(" + safe + b") Tj T*")
    ops.append(b"ET")
    return b"\n".join(ops)


ASCII_REPORT = [
    "UBND HUYEN TAM DUONG",
    "PHONG NOI VU",
    "So: 77/BC-PNV",
    "CONG HOA XA HOI CHU NGHIA VIET NAM",
    "Doc lap - Tu do - Hanh phuc",
    "Tam Duong, ngay 05 thang 11 nam 2022",
    "BAO CAO",
    "Ket qua thuc hien phong trao thi dua nam 2022 cua cac don vi truc thuoc huyen",
    "Thuc hien Ke hoach so 904/KH-UBND ngay 21/7/2022 cua UBND huyen Tam Duong, Phong Noi vu bao cao",
    "ket qua thuc hien phong trao thi dua yeu nuoc trong nam 2022 nhu sau day de cac co quan biet.",
]


def simple_pdf(
    lines: list[str] = ASCII_REPORT,
    catalog_extra: bytes = b"",
    page_extra: bytes = b"",
    more: list[bytes] | None = None,
) -> bytes:
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R " + catalog_extra + b">>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> " + page_extra + b">>",
        _stream(text_content(lines)),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    return pdf_from_objects(objs + (more or []))


def pdf_loop(_: Path) -> bytes:
    # The page tree's node 2 lists node 3 as its kid, and node 3 (a Pages node) lists node 2 back.
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R] /Count 1 >>",
    ]
    return pdf_from_objects(objs)


def pdf_self_referencing_content(_: Path) -> bytes:
    # A page whose resources contain a form XObject that draws itself: endless recursion for a
    # naive text extractor.
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /XObject << /X1 5 0 R >> >> >>",
        _stream(b"q /X1 Do Q"),
        _stream(
            b"q /X1 Do Q BT (loop) Tj ET",
            b" /Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources << /XObject << /X1 5 0 R >> >>",
        ),
    ]
    return pdf_from_objects(objs)


def pdf_pages(count: int) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(count):
        writer.add_blank_page(width=595, height=842)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def pdf_encrypted(_: Path) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(simple_pdf())))
    writer.encrypt(user_password="mat-khau-bi-mat", owner_password="chu-so-huu", algorithm="AES-256")
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def pdf_flate_bomb(_: Path) -> bytes:
    # A content stream of 400 MB of spaces in a ~400 KB file.
    raw = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    data = b"".join(raw.compress(chunk) for _ in range(400)) + raw.flush()
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream",
    ]
    return pdf_from_objects(objs)


def pdf_javascript(_: Path) -> bytes:
    # OpenAction JavaScript and a Launch action: a reader must never run either.
    return simple_pdf(
        catalog_extra=b"/OpenAction 6 0 R /Names << /JavaScript << /Names [(a) 6 0 R] >> >> ",
        page_extra=b"/AA << /O 7 0 R >> ",
        more=[
            b"<< /S /JavaScript /JS (app.launchURL\\('http://attacker.invalid/'\\);) >>",
            b"<< /S /Launch /F (/bin/sh) /Win << /F (cmd.exe) /P (/c calc) >> >>",
        ],
    )


def pdf_malformed(_: Path) -> bytes:
    good = simple_pdf()
    return good[:60] + bytes(range(256)) * 8 + b"\nendobj trailer << /Root 99 0 R >>\n%%EOF\n"


def pdf_no_text(_: Path) -> bytes:
    return pdf_pages(1)


def pdf_wrong_xref(_: Path) -> bytes:
    # Every xref offset points to the wrong place: pypdf must rebuild it or refuse cleanly.
    good = bytearray(simple_pdf())
    start = good.index(b"xref\n")
    fixed = good[start:].replace(b" 00000 n", b" 00000 n").replace(b"00000000", b"00000999")
    return bytes(good[:start]) + bytes(fixed)


def pdf_zip_polyglot(_: Path) -> bytes:
    # A valid PDF with a zip (holding an .exe) appended: readable as the PDF it claims to be.
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("setup.exe", b"MZ" + b"\x00" * 200)
    return simple_pdf() + buf.getvalue()
