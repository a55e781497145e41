"""The corpus harness reads the readers' dumps back into text and signatures."""

from datetime import UTC, datetime, timedelta, timezone

from bench.score_corpus import corpus_name, read_dump
from service.extract import extract_fields


def test_dump_round_trip(tmp_path):
    dump = tmp_path / "vb-002.pdf.txt"
    dump.write_text(
        "BỘ NỘI VỤ\nSố:      /BNV-TCPCP\nHà Nội, ngày     tháng 12 năm 2025\n\n=== SIGNATURES ===\n"
        '{"field_name": "Signature2", "signer_name": "Bộ Nội vụ", "signing_time": "2025-12-11T08:03:00+00:00", '
        '"appearance_text": "11902"}\n'
        '{"field_name": "Signature3", "signing_time": "2025-12-11T08:03:05+00:00", "appearance_text": "11"}\n',
        encoding="utf-8",
    )
    text, sigs = read_dump(dump)
    assert "=== SIGNATURES" not in text
    assert [s.appearance_text for s in sigs] == ["11902", "11"]
    assert sigs[0].signing_time == datetime(2025, 12, 11, 8, 3, tzinfo=UTC)
    f = extract_fields(text, signatures=sigs)
    assert f.number_symbol == "11902/BNV-TCPCP"
    assert f.issue_date.isoformat() == "2025-12-11"
    assert corpus_name(dump) == "vb-002.pdf"
    assert corpus_name(tmp_path / "vb-seed.txt") == "vb-seed.txt"
    assert sigs[1].signing_time.astimezone(timezone(timedelta(hours=7))).day == 11
