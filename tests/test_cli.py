"""The core commands through click's runner, on a temporary office."""

from __future__ import annotations

import json

from click.testing import CliRunner

from service.cli import main
from tests.conftest import CORPUS, SAMPLE_REPORT, make_docx, require_shared, write_office_config


def _run(cfg, *args):
    return CliRunner().invoke(main, ["--config", str(cfg), *args], catch_exceptions=False)


def test_ingest_registers_and_exits_non_zero_on_a_failure(tmp_path):
    cfg = write_office_config(tmp_path)
    good = make_docx(tmp_path / "good.docx", SAMPLE_REPORT)
    bad = tmp_path / "bad.docx"
    bad.write_bytes(bytes(range(256)) * 8)  # binary noise named .docx
    result = _run(cfg, "ingest", str(good), str(bad))
    assert result.exit_code == 1
    assert good.exists() and bad.exists()  # `ingest` leaves the files where they are
    rows = [json.loads(line) for line in _run(cfg, "register", "--json").output.splitlines()]
    (row,) = rows
    for key in (
        "so_den",
        "arrived_at",
        "file_name",
        "sha256",
        "format",
        "status",
        "number_symbol",
        "issuer",
        "issue_date",
        "doc_type",
        "title_summary",
    ):
        assert key in row
    assert row["so_den"] == 1 and row["number_symbol"] == "45/BC-PNV" and row["format"] == "docx"
    assert row["issue_date"] == "2022-11-05" and row["doc_type"] == "Báo cáo"
    q = [json.loads(line) for line in _run(cfg, "quarantine", "--json").output.splitlines()]
    assert [x["file_name"] for x in q] == ["bad.docx"] and q[0]["message"]


def test_register_filters_by_year(tmp_path):
    cfg = write_office_config(tmp_path)
    _run(cfg, "ingest", str(make_docx(tmp_path / "a.docx", SAMPLE_REPORT)))
    assert _run(cfg, "register", "--json", "--year", "1999").output == ""
    assert _run(cfg, "register", "--json").output.count("\n") == 1


def test_extract_prints_the_corpus_schema_without_registering(tmp_path):
    cfg = write_office_config(tmp_path)
    result = _run(cfg, "extract", "--json", str(require_shared(CORPUS / "vb-seed.txt", "the corpus's seed")))
    assert result.exit_code == 0
    out = json.loads(result.output)
    for key in (
        "file",
        "doc_type",
        "number_symbol",
        "issuer",
        "place",
        "issue_date",
        "title_summary",
        "signer_name",
        "signer_title",
        "recipients",
        "deadlines",
        "references",
        "warnings",
    ):
        assert key in out
    assert out["file"] == "vb-seed.txt" and out["number_symbol"] == "904/KH-UBND"
    assert out["issue_date"] == "2022-07-21"
    assert _run(cfg, "register", "--json").output == ""


def test_check_reports_what_is_missing(tmp_path):
    cfg = write_office_config(tmp_path)
    ok = _run(cfg, "check")
    assert ok.exit_code == 0, ok.output
    assert "tesseract" in ok.output and "LibreOffice" in ok.output
    (tmp_path / "outbox").chmod(0o500)
    try:
        import os

        if os.geteuid() == 0:  # root writes anywhere: take the folder away instead
            (tmp_path / "outbox").chmod(0o700)
            (tmp_path / "outbox").rmdir()
        bad = _run(cfg, "check")
    finally:
        (tmp_path / "outbox").mkdir(exist_ok=True)
        (tmp_path / "outbox").chmod(0o700)
    assert bad.exit_code != 0 and "outbox" in bad.output
