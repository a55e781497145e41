"""Hostile and broken files (tệp độc hại), generated here byte by byte: nothing is downloaded.

Each `Hostile` names the file, writes it into a folder and says what must become of it: the
quarantine codes it may end with, or `registered` where the file is legitimately readable.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import SAMPLE_REPORT, make_docx
from tests.reliability.pdf_forge import (
    pdf_encrypted,
    pdf_flate_bomb,
    pdf_javascript,
    pdf_loop,
    pdf_malformed,
    pdf_no_text,
    pdf_pages,
    pdf_self_referencing_content,
    pdf_wrong_xref,
    pdf_zip_polyglot,
)

REGISTERED = "registered"


@dataclass(frozen=True)
class Hostile:
    name: str  # file name in the inbox
    make: Callable[[Path], bytes]  # workdir -> the file's bytes
    expect: tuple[str, ...]  # quarantine codes accepted, or (REGISTERED,)
    why: str  # what the attacker hopes for


# ---- .docx ----


def _report_docx(work: Path, number: str = "88/BC-PNV") -> bytes:
    lines = [line.replace("45/BC-PNV", number) for line in SAMPLE_REPORT]
    return make_docx(work / f"report-{number.replace('/', '_')}.docx", lines).read_bytes()


def _with_document_xml(work: Path, xml: bytes, extra: dict[str, bytes] | None = None) -> bytes:
    """A real .docx whose word/document.xml is replaced (and members added)."""
    base = zipfile.ZipFile(io.BytesIO(_report_docx(work)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in base.infolist():
            data = xml if info.filename == "word/document.xml" else base.read(info.filename)
            zf.writestr(info.filename, data)
        for name, data in (extra or {}).items():
            zf.writestr(name, data)
    return out.getvalue()


W_NS = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _docx_billion_laughs(work: Path) -> bytes:
    ents = [b'<!ENTITY lol "lol">']
    for i in range(1, 10):
        prev = b"&lol%d;" % (i - 1) if i > 1 else b"&lol;"
        ents.append(b'<!ENTITY lol%d "%s">' % (i, prev * 10))
    xml = (
        b'<?xml version="1.0"?>\n<!DOCTYPE w:document [' + b"".join(ents) + b"]>\n"
        b"<w:document " + W_NS + b"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"
    )
    return _with_document_xml(work, xml)


def _docx_xxe(work: Path) -> bytes:
    xml = (
        b'<?xml version="1.0"?>\n<!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
        b"<w:document " + W_NS + b"><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>"
    )
    return _with_document_xml(work, xml)


def _docx_utf16_doctype(work: Path) -> bytes:
    xml = (
        '<?xml version="1.0" encoding="UTF-16"?>\n<!DOCTYPE w:document [<!ENTITY x SYSTEM '
        '"file:///etc/shadow">]>\n<w:document xmlns:w="http://schemas.openxmlformats.org/'
        'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body>'
        "</w:document>"
    ).encode("utf-16")
    return _with_document_xml(work, xml)


def _docx_deep_nesting(work: Path) -> bytes:
    # Stored, not deflated: the zip ratio check must not be what stops it; the XML parser must.
    depth = 200_000
    xml = (
        b"<w:document "
        + W_NS
        + b"><w:body>"
        + b"<w:sdt><w:sdtContent>" * depth
        + b"<w:p><w:r><w:t>deep</w:t></w:r></w:p>"
        + b"</w:sdtContent></w:sdt>" * depth
        + b"</w:body></w:document>"
    )
    base = zipfile.ZipFile(io.BytesIO(_report_docx(work)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in base.infolist():
            if info.filename == "word/document.xml":
                zf.writestr(info.filename, xml, compress_type=zipfile.ZIP_STORED)
            else:
                zf.writestr(info.filename, base.read(info.filename))
    return out.getvalue()


def _docx_zip_bomb(work: Path) -> bytes:
    # word/document.xml inflates to 300 MB of spaces inside a valid document element.
    base = zipfile.ZipFile(io.BytesIO(_report_docx(work)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for info in base.infolist():
            if info.filename != "word/document.xml":
                zf.writestr(info.filename, base.read(info.filename))
        with zf.open("word/document.xml", "w", force_zip64=True) as fh:
            fh.write(b"<w:document " + W_NS + b"><w:body><w:p><w:r><w:t>")
            chunk = b" " * (1 << 20)
            for _ in range(300):
                fh.write(chunk)
            fh.write(b"</w:t></w:r></w:p></w:body></w:document>")
    return out.getvalue()


def _docx_lying_header(work: Path) -> bytes:
    # The central directory says document.xml is 10 bytes; it inflates to 50 MB.
    base = zipfile.ZipFile(io.BytesIO(_report_docx(work)))
    doc = base.read("word/document.xml")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in base.infolist():
            if info.filename != "word/document.xml":
                zf.writestr(info.filename, base.read(info.filename))
        zf.writestr("word/document.xml", doc + b" " * (50 << 20))
    raw = bytearray(out.getvalue())
    # rewrite the uncompressed size of word/document.xml in the central directory to 10 bytes
    name = b"word/document.xml"
    pos = raw.rfind(b"PK\x01\x02", 0, raw.rfind(name))
    struct.pack_into("<I", raw, pos + 24, 10)
    return bytes(raw)


def _docx_truncated(work: Path) -> bytes:
    data = _report_docx(work)
    return data[: len(data) // 2]


def _docx_path_traversal(work: Path) -> bytes:
    base = _report_docx(work, "91/BC-PNV")
    out = io.BytesIO(base)
    with zipfile.ZipFile(out, "a") as zf:
        zf.writestr("../../../../tmp/vanthu-escaped.txt", b"escaped")
        zf.writestr("/etc/vanthu-escaped.txt", b"escaped")
    return out.getvalue()


def _docx_external_refs(work: Path) -> bytes:
    # A relationship to a remote template and an image on an attacker's server: never fetched.
    docx = zipfile.ZipFile(io.BytesIO(_report_docx(work, "92/BC-PNV")))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in docx.infolist():
            data = docx.read(info.filename)
            if info.filename == "word/_rels/document.xml.rels":
                data = data.replace(
                    b"</Relationships>",
                    (
                        b'<Relationship Id="rIdX" Type="http://schemas.openxmlformats.org/officeDocument/'
                        b'2006/relationships/attachedTemplate" Target="http://attacker.invalid/t.dotm" '
                        b'TargetMode="External"/></Relationships>'
                    ),
                )
            zf.writestr(info.filename, data)
    return out.getvalue()


def _xlsx_as_docx(_: Path) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("[Content_Types].xml", b"<Types/>")
        zf.writestr("xl/workbook.xml", b"<workbook/>")
    return out.getvalue()


def _zip_many_members(_: Path) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for i in range(20_000):
            zf.writestr(f"m/{i}", b"")
    return out.getvalue()


# ---- images ----


def _png_chunk(kind: bytes, data: bytes, crc: int | None = None) -> bytes:
    crc = zlib.crc32(kind + data) if crc is None else crc
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc & 0xFFFFFFFF)


def _png_header_only_giant(_: Path) -> bytes:
    ihdr = struct.pack(">IIBBBBB", 100_000, 100_000, 8, 0, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 1000)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", ihdr)
        + _png_chunk(b"IDAT", idat)
        + _png_chunk(b"IEND", b"")
    )


def _png_bad_crc(_: Path) -> bytes:
    ihdr = struct.pack(">IIBBBBB", 64, 64, 8, 0, 0, 0, 0)
    idat = zlib.compress(b"\x00" * (65 * 64))
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", ihdr, crc=0xDEADBEEF)
        + _png_chunk(b"IDAT", idat)
        + _png_chunk(b"IEND", b"")
    )


def _png_decompression_bomb(_: Path) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("1", (16_000, 16_000), 1).save(buf, "PNG", optimize=False)
    return buf.getvalue()


def _tiff_many_frames(_: Path) -> bytes:
    """A little-endian TIFF of 3,000 white 8×8 frames sharing one strip (written by hand: fast)."""
    frames, side = 3_000, 8
    strip = b"\xff" * side * side
    out = bytearray(b"II*\x00" + struct.pack("<I", 8 + len(strip)) + strip)
    tags = [
        (256, 3, side),
        (257, 3, side),
        (258, 3, 8),
        (259, 3, 1),
        (262, 3, 1),
        (273, 4, 8),
        (278, 3, side),
        (279, 4, len(strip)),
    ]
    for i in range(frames):
        start = len(out)
        nxt = 0 if i == frames - 1 else start + 2 + 12 * len(tags) + 4
        out += struct.pack("<H", len(tags))
        for tag, kind, value in tags:
            out += struct.pack("<HHI", tag, kind, 1) + (
                struct.pack("<HH", value, 0) if kind == 3 else struct.pack("<I", value)
            )
        out += struct.pack("<I", nxt)
    return bytes(out)


def _jpeg_truncated(_: Path) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (800, 600), (250, 250, 250)).save(buf, "JPEG", quality=80)
    return buf.getvalue()[:300]


# ---- text and the rest ----


def _txt_unknown_encoding(_: Path) -> bytes:
    # High bytes only, in no Vietnamese encoding's pattern: no reading scores as words.
    import random

    rng = random.Random(8)
    return bytes(rng.choice(range(0xA0, 0x100)) if i % 7 else 0x20 for i in range(20_000))


def _txt_one_line(_: Path) -> bytes:
    words = "báo cáo kết quả thực hiện kế hoạch số 904/KH-UBND ngày 21/7/2022 của ủy ban "
    return ("Số: 15/BC-UBND " + words * 110_000).encode("utf-8")  # ~9 MB, no line break


def _txt_control_soup(_: Path) -> bytes:
    import random

    rng = random.Random(9)
    return bytes(rng.randrange(0, 256) for _ in range(50_000))


def _ole_garbage(_: Path) -> bytes:
    import random

    rng = random.Random(10)
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(rng.randrange(0, 256) for _ in range(30_000))


def _rtf_nested(_: Path) -> bytes:
    return b"{\\rtf1\\ansi " + b"{" * 100_000 + b"x" + b"}" * 100_000 + b"}"


def _utf16_bom_only(_: Path) -> bytes:
    return b"\xff\xfe" + " \n\t ".encode("utf-16-le") * 10


HOSTILE: list[Hostile] = [
    Hostile("rong.docx", lambda w: b"", ("empty_file",), "an empty file"),
    Hostile(
        "toan-so-khong.pdf",
        lambda w: b"\x00" * (1 << 20),
        ("wrong_extension", "unsupported_format"),
        "a NUL-filled file",
    ),
    Hostile("bang-tinh.docx", _xlsx_as_docx, ("wrong_extension",), "a spreadsheet named .docx"),
    Hostile(
        "cai-dat.docx",
        lambda w: (
            b"MZ\x90\x00" + b"\x00" * 60 + b"This program cannot be run in DOS mode" + bytes(range(256)) * 40
        ),
        ("wrong_extension",),
        "an .exe named .docx",
    ),
    Hostile(
        "khong-phai-ole.doc", lambda w: bytes(range(256)) * 64, ("wrong_extension",), "a .doc that is not OLE"
    ),
    Hostile(
        "ole-hong.doc",
        _ole_garbage,
        ("converter_failed", "corrupt_docx", "no_text", "timeout"),
        "OLE magic then garbage",
    ),
    Hostile("cat-do.docx", _docx_truncated, ("corrupt_docx",), "a truncated .docx"),
    Hostile("bom-zip.docx", _docx_zip_bomb, ("zip_bomb",), "a zip bomb .docx (300 MB member)"),
    Hostile(
        "bom-zip-noi-doi.docx",
        _docx_lying_header,
        ("zip_bomb", "corrupt_docx"),
        "a member larger than its header says",
    ),
    Hostile("nhieu-thanh-vien.docx", _zip_many_members, ("wrong_extension",), "20,000 zip members"),
    Hostile("ty-tieng-cuoi.docx", _docx_billion_laughs, ("xml_attack",), "billion laughs"),
    Hostile("thuc-the-ngoai.docx", _docx_xxe, ("xml_attack",), "an external entity"),
    Hostile("utf16-doctype.docx", _docx_utf16_doctype, ("xml_attack",), "a DOCTYPE hidden in UTF-16"),
    Hostile("long-sau.docx", _docx_deep_nesting, ("corrupt_docx", "xml_attack"), "200,000 nested elements"),
    Hostile("duong-dan-zip.docx", _docx_path_traversal, (REGISTERED,), "zip members named ../../"),
    Hostile("mau-tu-xa.docx", _docx_external_refs, (REGISTERED,), "a remote template relationship"),
    Hostile("mat-khau.pdf", pdf_encrypted, ("encrypted_pdf",), "an encrypted PDF"),
    Hostile("hong.pdf", pdf_malformed, ("corrupt_pdf",), "a malformed PDF"),
    Hostile("vong-lap.pdf", pdf_loop, ("corrupt_pdf",), "a page tree that loops"),
    Hostile(
        "tu-ve.pdf",
        pdf_self_referencing_content,
        (REGISTERED, "corrupt_pdf", "no_text"),
        "a form XObject that draws itself",
    ),
    Hostile("hai-nghin-trang.pdf", lambda w: pdf_pages(2_000), ("too_many_pages",), "2,000 pages"),
    Hostile(
        "bom-flate.pdf",
        pdf_flate_bomb,
        ("corrupt_pdf", "no_text", "too_large"),
        "a content stream inflating to 400 MB",
    ),
    Hostile("trang-trang.pdf", pdf_no_text, ("no_text",), "a PDF with no text at all"),
    Hostile("xref-sai.pdf", pdf_wrong_xref, (REGISTERED, "corrupt_pdf"), "every xref offset wrong"),
    Hostile("javascript.pdf", pdf_javascript, (REGISTERED,), "OpenAction JavaScript and a Launch action"),
    Hostile("da-hinh.pdf", pdf_zip_polyglot, (REGISTERED,), "a PDF/zip polyglot"),
    Hostile("bom-anh.png", _png_decompression_bomb, ("too_many_pixels",), "256 megapixels in 30 KB"),
    Hostile("khong-lo.png", _png_header_only_giant, ("too_many_pixels",), "100,000² pixels in the header"),
    Hostile("crc-sai.png", _png_bad_crc, ("unsupported_format", "ocr_failed"), "a PNG chunk with a bad CRC"),
    Hostile("nhieu-khung.tif", _tiff_many_frames, ("too_many_pages",), "a TIFF with 3,000 frames"),
    Hostile("cut.jpg", _jpeg_truncated, ("unsupported_format", "ocr_failed"), "a truncated JPEG"),
    Hostile("bang-ma-la.txt", _txt_unknown_encoding, ("unknown_encoding",), "a .txt in no known encoding"),
    Hostile(
        "nhi-phan.txt", _txt_control_soup, ("unsupported_format", "wrong_extension"), "binary named .txt"
    ),
    Hostile("chi-bom.txt", _utf16_bom_only, ("no_text",), "a BOM and white space"),
    Hostile("mot-dong.txt", _txt_one_line, (REGISTERED,), "9 MB on one line"),
    Hostile(
        "rtf-long-sau.rtf",
        _rtf_nested,
        (REGISTERED, "converter_failed", "no_text", "timeout"),
        "100,000 nested RTF groups",
    ),
    Hostile(
        "qua-lon.txt",
        lambda w: b"van ban " * (21 * 2**20 // 8),
        ("too_large",),
        "21 MB when the limit is 20 MB (the tests' config)",
    ),
    Hostile(
        "bao-cao\\..\\..\\Windows\\win.docx",
        lambda w: _report_docx(w, "93/BC-PNV"),
        (REGISTERED,),
        "a name that climbs out with ..\\",
    ),
]
