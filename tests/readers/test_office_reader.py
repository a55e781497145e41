"""Word 97–2003, OpenDocument and RTF through real LibreOffice."""

from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path

import pytest

from service.readers import read_document, read_document_guarded
from tests.conftest import require_tool
from tests.readers.makers import write_header_docx


def _convert(source: Path, target_ext: str, outdir: Path) -> Path:
    soffice = require_tool("soffice")
    profile = (outdir / "lo-profile").as_uri()
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            target_ext,
            "--outdir",
            str(outdir),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return outdir / (source.stem + "." + target_ext)


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("office")
    source = folder / "ke-hoach.docx"
    write_header_docx(source)
    return {ext: _convert(source, ext, folder / ext) for ext in ("doc", "odt", "rtf")}


@pytest.mark.parametrize("ext", ["doc", "odt", "rtf"])
def test_office_formats_read_through_libreoffice(made: dict[str, Path], ext: str) -> None:
    path = made[ext]
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    result = read_document(path)
    lines = [line.strip() for line in result.text.splitlines() if line.strip()]
    assert result.format == ext
    assert "Số: 904/KH-UBND" in lines and "Tam Đường, ngày 21 tháng 7 năm 2022" in lines
    assert lines.index("Số: 904/KH-UBND") < lines.index("KẾ HOẠCH")
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before  # the original is untouched


def test_doc_read_in_the_guarded_child(made: dict[str, Path]) -> None:
    # LibreOffice must fit under the child's address-space limit
    assert "Số: 904/KH-UBND" in read_document_guarded(made["doc"]).text


def test_web_page_saved_as_doc(tmp_path: Path) -> None:
    require_tool("soffice")
    path = tmp_path / "cong-van.doc"
    path.write_text(
        "<html><body><p>ỦY BAN NHÂN DÂN</p><p>Số: 12/UBND-VP</p>"
        "<table><tr><td>Nơi nhận:</td><td>CHỦ TỊCH</td></tr></table></body></html>",
        encoding="utf-8",
    )
    result = read_document(path)
    assert result.format == "doc" and "html_content" in result.warnings
    assert "Số: 12/UBND-VP" in result.text.splitlines() and "<p>" not in result.text


def test_converted_noise_is_not_taken_for_text():
    from service.readers.office import latin_share

    assert latin_share("Ủy ban nhân dân huyện Tam Đường, ngày 21 tháng 7 năm 2022.") == 1.0
    assert latin_share("\ue000\u4e00\u4e01\u3400 ab \ue123\ue124\u4e02") < 0.5
    assert latin_share("") == 1.0


def test_in_the_service_the_warm_libreoffice_converts(made: dict[str, Path]) -> None:
    """A pool worker asks the service's warm LibreOffice (the drafts' one, lent as the service does
    at start): no cold start."""
    from service.drafts.pdf import lend_to_readers, shared_converter

    lend_to_readers()
    converter = shared_converter()
    before = {ext: hashlib.sha256(made[ext].read_bytes()).hexdigest() for ext in made}
    done = converter.conversions
    for ext in ("doc", "odt", "rtf"):
        result = read_document_guarded(made[ext])
        assert result.format == ext and "Số: 904/KH-UBND" in result.text
    assert converter.conversions == done + 3 and converter.cold_fallbacks == 0
    assert {ext: hashlib.sha256(made[ext].read_bytes()).hexdigest() for ext in made} == before
    # the readers' memory limit holds for it too
    limits = Path(f"/proc/{converter.office_pid}/limits").read_text()
    (line,) = [x for x in limits.splitlines() if x.startswith("Max address space")]
    assert line.split()[3] == str(converter.memory_mb * 2**20)


def test_a_warm_conversion_over_its_time_ends_that_libreoffice(made: dict[str, Path], tmp_path: Path) -> None:
    from service.drafts.pdf import WarmConverter
    from service.errors import ReadError

    converter = WarmConverter(workdir=tmp_path / "warm")
    try:
        converter.start()
        first = converter.office_pid
        with pytest.raises(ReadError) as err:
            converter.to_docx(made["doc"], tmp_path / "a.docx", timeout=0.001)
        assert err.value.code == "timeout" and not converter.is_alive()
        assert converter.to_docx(made["doc"], tmp_path / "b.docx", timeout=120)  # started again
        assert converter.office_pid != first and (tmp_path / "b.docx").stat().st_size > 0
    finally:
        converter.close()
