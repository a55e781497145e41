"""The exchange commands: the directory from a CSV (all or nothing), refusing, a round of sending."""

from __future__ import annotations

import json

from click.testing import CliRunner

from service.cli import main
from service.store import exchange as xs
from tests.exchange.messages import PROVINCE


def _run(rt, *args):
    return CliRunner().invoke(main, ["--config", str(rt.config.path), *args])


def test_the_directory_is_loaded_from_a_csv_all_or_nothing(district, tmp_path):
    good = tmp_path / "danh-ba.csv"
    good.write_text(
        "ma_dinh_danh,ten\n000.00.00.G22,Văn phòng Chính phủ\nH29.02,Sở Nội vụ tỉnh Lai Châu\n",
        encoding="utf-8-sig",
    )
    result = _run(district, "exchange", "directory", "load", str(good))
    assert result.exit_code == 0, result.output
    listed = [
        json.loads(line) for line in _run(district, "exchange", "directory", "--json").output.splitlines()
    ]
    assert {(a["code"], a["name"]) for a in listed} >= {
        ("000.00.00.G22", "Văn phòng Chính phủ"),
        ("H29.02", "Sở Nội vụ tỉnh Lai Châu"),
    }
    bad = tmp_path / "sai.csv"
    bad.write_text("ma_dinh_danh,ten\nH29.03,Sở Y tế\nh29.04,Sở Tư pháp\n", encoding="utf-8")
    result = _run(district, "exchange", "directory", "load", str(bad))
    assert result.exit_code == 1 and "dòng 3" in result.output
    with district.store.read() as conn:
        assert xs.agency_by_code(conn, "H29.03") is None  # nothing of a wrong file is loaded


def test_refusing_a_document_that_did_not_come_as_a_message_is_explained(district):
    result = _run(district, "exchange", "refuse", "42", "--reason", "Sai")
    assert result.exit_code != 0 and "exchange_unknown_document" in result.output


def test_a_round_sends_what_is_pending_through_the_folder_pair(district):
    from service.exchange.codes import StatusCode
    from service.exchange.outgoing import StatusNotice, plan_status_to

    with district.store.write() as conn:
        entry = plan_status_to(
            conn,
            district.config,
            StatusNotice(
                sender=(PROVINCE, "UBND tỉnh"),
                edxml_document_id=f"{PROVINCE},2026/03/02,12/UBND-VP",
                code=StatusCode.REGISTERED,
            ),
            now=district.now(),
        )
    result = _run(district, "exchange", "send", "--json")
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert out["sent"] == [{"message_id": entry.message_id, "to": PROVINCE, "state": "sent", "error": None}]
    assert (district.config.exchange.folder / "out" / f"{entry.message_id}.edxml").is_file()
    status = [json.loads(line) for line in _run(district, "exchange", "status", "--json").output.splitlines()]
    assert [(s["kind"], s["status_code"], s["acknowledged"]) for s in status] == [("status", "03", True)]
