"""The command line as a whole: commands at module level, help in Vietnamese, failures said one way."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from service.cli import main
from tests.conftest import write_office_config

PENDING: set[str] = set()  # modules not yet held to these checks (none)
VIETNAMESE = re.compile(r"[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]", re.I)


def _commands(group: click.Group = main, path: str = "vanthu"):
    for name, cmd in sorted(group.commands.items()):
        if cmd.callback is not None and cmd.callback.__module__ in PENDING:
            continue
        yield f"{path} {name}", cmd
        if isinstance(cmd, click.Group):
            yield from _commands(cmd, f"{path} {name}")


def test_every_command_is_defined_at_module_level():
    """Flask's cli.py style: a command is a module's name, never a closure inside a function."""
    for path, cmd in _commands():
        callback = cmd.callback
        while hasattr(callback, "__wrapped__"):
            callback = callback.__wrapped__
        assert callback is not None and "<locals>" not in callback.__qualname__, path
        assert callback.__module__.startswith("service.cli."), path


def test_every_command_and_option_says_what_it_does_in_vietnamese():
    english = []
    for path, cmd in [("vanthu", main), *_commands()]:
        if not VIETNAMESE.search(cmd.help or ""):
            english.append(f"{path}: {cmd.help!r}")
        for param in cmd.params:
            shown = isinstance(param, click.Option) and param.name not in ("help", "version")
            if shown and not VIETNAMESE.search(param.help or ""):
                english.append(f"{path} {param.opts[0]}: {param.help!r}")
    assert english == [], "\n".join(english)


@pytest.fixture
def office_cfg(tmp_path):
    return write_office_config(tmp_path)


def _fails(cfg, *args: str, code: str) -> str:
    """Runs a command that must fail: exit status 1, one line `Lỗi: <sentence> [code]`, no traceback."""
    result = CliRunner().invoke(main, ["--config", str(cfg), *args])
    assert result.exit_code == 1, (args, result.output, result.exception)
    assert isinstance(result.exception, SystemExit), (args, result.exception)
    assert "Traceback" not in result.output, (args, result.output)
    (line,) = [x for x in result.output.splitlines() if x.startswith("Lỗi: ")]
    assert f"[{code}]" in line and VIETNAMESE.search(line.split("[")[0]), (args, result.output)
    return line


def test_expected_failures_say_their_sentence_and_code_without_a_traceback(office_cfg, tmp_path):
    _fails(office_cfg, "retry", "999", code="quarantine_not_found")
    _fails(office_cfg, "backup", str(tmp_path / "khong-co" / "x.tar"), code="backup_folder_missing")
    not_an_archive = tmp_path / "ban-sao.tar.gz"
    not_an_archive.write_bytes(b"not a tar")
    _fails(office_cfg, "restore", str(not_an_archive), code="backup_damaged")
    _fails(office_cfg, "requirement", "confirm", "999", code="requirement_not_found")
    _fails(office_cfg, "issue", "999", "--signer", "Nguyễn Văn An", code="draft_not_found")
    _fails(office_cfg, "draft", "reply", "--document", "999", code="document_not_found")
    _fails(office_cfg, "links", "--confirm", "999", code="link_not_found")
    _fails(office_cfg, "present", "999", code="document_not_found")


def test_a_refused_config_is_said_like_any_other_failure(tmp_path):
    cfg = tmp_path / "config.yaml"
    cfg.write_text("organisation:\n  name: UBND\nkhoa_la: 1\n", encoding="utf-8")
    line = _fails(cfg, "register", code="config_invalid")
    assert "khoa_la" in line


def test_a_day_is_typed_as_yyyy_mm_dd(office_cfg):
    result = CliRunner().invoke(main, ["--config", str(office_cfg), "status", "--at", "31/12/2026"])
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.output and "Traceback" not in result.output


def test_the_package_runs_as_a_program():
    out = subprocess.run([sys.executable, "-m", "service.cli", "--help"], capture_output=True, text=True)
    assert out.returncode == 0 and "Vanthu" in out.stdout


@pytest.mark.parametrize(
    ("args", "code", "says"),
    [
        (
            ["register", "--year", "abc"],
            "usage_invalid_value",
            "Giá trị 'abc' của --year không hợp lệ: cần một số nguyên",
        ),
        (["register", "--nope"], "usage_no_such_option", "Không có tùy chọn --nope"),
        (["register", "--year"], "usage_bad_option", "Tùy chọn --year cần một giá trị"),
        (["regster"], "usage_no_such_command", "Có phải: register"),
        (["extract"], "usage_missing", "Thiếu tham số FILES"),
        (
            ["import-register", "CONFIG", "--kind", "cả-hai"],
            "usage_invalid_value",
            "chọn một trong: incoming, outgoing",
        ),
        (["status", "--at", "31/12/2026"], "usage_invalid_value", "YYYY-MM-DD"),
        (["retry"], "usage", "Cần số của tệp cách ly"),  # a command's own words are kept
    ],
)
def test_click_usage_errors_are_said_in_vietnamese_on_one_line(office_cfg, args, code, says):
    """click's own refusals (a value of the wrong type, an unknown option or command, a missing
    argument) are one line like any failure, with a code, and exit 2 as click's do."""
    args = [str(office_cfg) if a == "CONFIG" else a for a in args]  # an existing file
    result = CliRunner().invoke(main, ["--config", str(office_cfg), *args])
    assert result.exit_code == 2, (args, result.output, result.exception)
    assert isinstance(result.exception, SystemExit), (args, result.exception)
    lines = result.output.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Lỗi: "), (args, result.output)
    assert f"[{code}]" in lines[0] and says in lines[0], (args, result.output)
    assert "Error" not in result.output and "Usage" not in result.output


def test_a_usage_error_of_the_real_program_is_one_vietnamese_line_on_stderr(office_cfg):
    out = subprocess.run(
        [
            str(Path(sys.executable).parent / "vanthu"),
            "--config",
            str(office_cfg),
            "register",
            "--year",
            "abc",
        ],
        capture_output=True,
        text=True,
    )
    assert out.returncode == 2 and out.stdout == ""
    assert out.stderr == (
        "Lỗi: Giá trị 'abc' của --year không hợp lệ: cần một số nguyên. [usage_invalid_value] "
        "(xem: vanthu register --help)\n"
    )
