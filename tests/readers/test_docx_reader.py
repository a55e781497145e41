"""The .docx reader: reading order, legacy fonts, and hostile packages."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest

from service.errors import ReadError
from service.readers import Limits, read_document
from tests.readers.makers import rewrite_member, write_header_docx

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def test_header_table_left_column_then_right(tmp_path: Path) -> None:
    path = tmp_path / "cv.docx"
    write_header_docx(path)
    result = read_document(path)
    lines = [line for line in result.text.splitlines() if line.strip()]
    assert result.format == "docx"
    assert lines[:6] == [
        "ỦY BAN NHÂN DÂN",
        "HUYỆN TAM ĐƯỜNG",
        "Số: 904/KH-UBND",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Tam Đường, ngày 21 tháng 7 năm 2022",
    ]
    assert lines.index("KẾ HOẠCH") == 6  # the body follows the header table
    assert "Chân trang: bản lưu" in lines  # footers are read too


def test_text_box_read_once(tmp_path: Path) -> None:
    path = tmp_path / "box.docx"
    document = docx.Document()
    document.add_paragraph("Trước hộp")
    document.save(str(path))
    # a text box as Word writes it: a DrawingML choice and a VML fallback with the same text
    box = (
        '<w:p><w:r><mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/'
        'markup-compatibility/2006"><mc:Choice Requires="wps"><w:drawing><w:txbxContent>'
        "<w:p><w:r><w:t>Nơi nhận: - Như trên;</w:t></w:r></w:p></w:txbxContent></w:drawing>"
        "</mc:Choice><mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>Nơi nhận: - Như trên;"
        "</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent>"
        "</w:r></w:p>"
    )
    with zipfile.ZipFile(path) as zf:
        xml = zf.read("word/document.xml").decode()
    xml = xml.replace("<w:sectPr", box + "<w:sectPr", 1)
    target = tmp_path / "box2.docx"
    rewrite_member(path, target, "word/document.xml", xml.encode())
    text = read_document(target).text
    assert text.count("Nơi nhận: - Như trên;") == 1
    assert text.index("Trước hộp") < text.index("Nơi nhận")


def test_tcvn3_and_vni_runs_become_unicode(tmp_path: Path) -> None:
    path = tmp_path / "legacy.docx"
    document = docx.Document()
    paragraph = document.add_paragraph()
    run = paragraph.add_run("uû ban nh©n d©n")
    run.font.name = ".VnTimeH"
    paragraph = document.add_paragraph()
    run = paragraph.add_run("Céng hoµ x· héi chñ nghÜa ViÖt Nam")
    run.font.name = ".VnTime"
    paragraph = document.add_paragraph()
    run = paragraph.add_run("Ñoäc laäp - Töï do - Haïnh phuùc")
    run.font.name = "VNI-Times"
    document.add_paragraph("Số: 12/BC-UBND")  # a Unicode run stays as it is
    document.save(str(path))
    result = read_document(path)
    assert result.text.splitlines() == [
        "UỶ BAN NHÂN DÂN",
        "Cộng hoà xã hội chủ nghĩa Việt Nam",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 12/BC-UBND",
    ]
    assert any(w.startswith("legacy_font") for w in result.warnings)


def test_legacy_font_from_style(tmp_path: Path) -> None:
    path = tmp_path / "styled.docx"
    document = docx.Document()
    document.styles["Normal"].font.name = ".VnTime"
    document.add_paragraph("Céng hoµ x· héi chñ nghÜa ViÖt Nam")
    document.save(str(path))
    assert read_document(path).text == "Cộng hoà xã hội chủ nghĩa Việt Nam"


def test_legacy_text_without_its_font_name(tmp_path: Path) -> None:
    path = tmp_path / "pasted.docx"
    document = docx.Document()
    document.add_paragraph("Céng hoµ x· héi chñ nghÜa ViÖt Nam")  # font lost, bytes kept
    document.add_paragraph("§éc lËp - Tù do - H¹nh phóc")
    document.save(str(path))
    result = read_document(path)
    assert result.text.splitlines() == ["Cộng hoà xã hội chủ nghĩa Việt Nam", "Độc lập - Tự do - Hạnh phúc"]
    assert result.encoding == "tcvn3"


def test_zip_bomb_refused(tmp_path: Path) -> None:
    source = tmp_path / "ok.docx"
    write_header_docx(source)
    bomb = tmp_path / "bomb.docx"
    huge = b'<?xml version="1.0"?><w:document xmlns:w="%s"><w:body>' % W_NS.encode()
    huge += b" " * (30 * 2**20) + b"</w:body></w:document>"
    rewrite_member(source, bomb, "word/document.xml", huge)
    with pytest.raises(ReadError) as err:
        read_document(bomb)
    assert err.value.code == "zip_bomb"


def test_total_unzipped_limit(tmp_path: Path) -> None:
    source = tmp_path / "ok.docx"
    write_header_docx(source)
    with pytest.raises(ReadError) as err:
        read_document(source, Limits(max_unzipped_bytes=1000))
    assert err.value.code == "zip_bomb"


def test_billion_laughs_refused(tmp_path: Path) -> None:
    source = tmp_path / "ok.docx"
    write_header_docx(source)
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + "".join(f'<!ENTITY lol{i} "{("&lol%s;" % (i - 1 if i > 1 else "")) * 10}">' for i in range(1, 10))
        + f']><w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>'
        "</w:body></w:document>"
    )
    target = tmp_path / "lol.docx"
    rewrite_member(source, target, "word/document.xml", laughs.encode())
    with pytest.raises(ReadError) as err:
        read_document(target)
    assert err.value.code == "xml_attack"


def test_external_entity_refused(tmp_path: Path) -> None:
    source = tmp_path / "ok.docx"
    write_header_docx(source)
    xxe = (
        f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body>'
        "</w:document>"
    ).encode("utf-16")
    target = tmp_path / "xxe.docx"
    rewrite_member(source, target, "word/document.xml", xxe)
    with pytest.raises(ReadError) as err:
        read_document(target)
    assert err.value.code == "xml_attack"


def test_truncated_docx(tmp_path: Path) -> None:
    source = tmp_path / "ok.docx"
    write_header_docx(source)
    cut = tmp_path / "cut.docx"
    cut.write_bytes(source.read_bytes()[: source.stat().st_size // 2])
    with pytest.raises(ReadError) as err:
        read_document(cut)
    assert err.value.code == "corrupt_docx"


def test_extension_that_lies(tmp_path: Path) -> None:
    source = tmp_path / "ok.docx"
    write_header_docx(source)
    disguised = tmp_path / "scan.pdf"
    disguised.write_bytes(source.read_bytes())
    result = read_document(disguised)  # read by what it is, with a warning
    assert result.format == "docx" and "Số: 904/KH-UBND" in result.text
    assert any(w.startswith("extension_mismatch") for w in result.warnings)
    garbage = tmp_path / "report.docx"
    garbage.write_bytes(bytes(range(256)) * 10)
    with pytest.raises(ReadError) as err:
        read_document(garbage)
    assert err.value.code == "wrong_extension"


def test_empty_and_too_large(tmp_path: Path) -> None:
    empty = tmp_path / "empty.docx"
    empty.write_bytes(b"")
    with pytest.raises(ReadError) as err:
        read_document(empty)
    assert err.value.code == "empty_file"
    source = tmp_path / "ok.docx"
    write_header_docx(source)
    with pytest.raises(ReadError) as err:
        read_document(source, Limits(max_bytes=100))
    assert err.value.code == "too_large"
