"""Every refusal of config.yaml names the file, the key and a hint."""

from __future__ import annotations

from datetime import UTC
from pathlib import Path

import pytest
import yaml

from service.config import load_config
from service.errors import ConfigError
from tests.conftest import ROOT, write_office_config


def _edit(path: Path, mutate) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    mutate(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_shipped_config_describes_tam_duong():
    cfg = load_config(ROOT / "config.yaml")
    org = cfg.organisation
    assert org.short_name == "UBND" and org.place == "Tam Đường"
    communes = org.units_in_group("ubnd-xa")
    assert len(communes) == 14 and any(u.name == "UBND thị trấn Tam Đường" for u in communes)
    assert len(org.units_in_group("co-quan-huyen")) == 13
    assert cfg.database_url.startswith("sqlite:///") and cfg.database_url.endswith("data/vanthu.db")


def test_relative_paths_are_relative_to_the_config_file(tmp_path, monkeypatch):
    cfg_path = write_office_config(tmp_path)
    monkeypatch.chdir("/")
    cfg = load_config(cfg_path)
    assert cfg.inbox == tmp_path / "inbox" and cfg.data == tmp_path / "data"
    assert cfg.data.is_dir()  # the data folder is made beside the config


def test_env_variable_names_the_config(tmp_path, monkeypatch):
    cfg_path = write_office_config(tmp_path)
    monkeypatch.setenv("VANTHU_CONFIG", str(cfg_path))
    monkeypatch.chdir(tmp_path.parent)
    assert load_config().path == cfg_path


@pytest.mark.parametrize(
    "mutate, key, words",
    [
        (lambda d: d.update(colour="blue"), "colour", "unknown key"),
        (lambda d: d["watcher"].update(settle="2"), "watcher.settle", "unknown key"),
        (lambda d: d["web"].update(port="8080"), "web.port", "must be a int"),
        (lambda d: d["watcher"].update(settle_seconds="two"), "watcher.settle_seconds", "must be a number"),
        (lambda d: d["organisation"].pop("short_name"), "organisation.short_name", "missing"),
        (lambda d: d["units"][0].update(groups=["no-such-group"]), "units[0].groups", "unknown group"),
        (lambda d: d["watcher"].update(mode="sometimes"), "watcher.mode", "not a mode"),
        (lambda d: d["folders"].update(inbox="no/such/folder"), "folders.inbox", "does not exist"),
        (lambda d: d["units"].append(dict(d["units"][0])), "units", "appears twice"),
        (lambda d: d.update(holidays=["soon"]), "holidays", "must be a date"),
        (lambda d: d["web"].update(port=70000), "web.port", "out of range"),
        # "[các phòng, ban, ngành huyện]" unquoted in YAML is three names; "ban" would match any text
        (
            lambda d: d["groups"][0].update(aliases=["các phòng", "ban", "ngành huyện"]),
            "groups[0].aliases[1]",
            "too short",
        ),
    ],
)
def test_refusals_name_file_key_and_hint(tmp_path, mutate, key, words):
    cfg_path = write_office_config(tmp_path)
    _edit(cfg_path, mutate)
    with pytest.raises(ConfigError) as err:
        load_config(cfg_path)
    msg = str(err.value)
    assert str(cfg_path) in msg and key in msg and words in msg
    assert err.value.hint, "every refusal carries a hint"


def test_unknown_key_names_its_line(tmp_path):
    cfg_path = write_office_config(tmp_path)
    text = cfg_path.read_text(encoding="utf-8")
    cfg_path.write_text(text + "\nwatchr:\n  mode: polling\n", encoding="utf-8")
    line = text.count("\n") + 2
    with pytest.raises(ConfigError, match=rf"watchr \(line {line}\)"):
        load_config(cfg_path)


def test_missing_file_and_bad_yaml(tmp_path):
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path / "nope.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("organisation: [unclosed\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_config(bad)


def test_names_are_nfc(tmp_path):
    import unicodedata

    cfg_path = write_office_config(tmp_path)
    _edit(cfg_path, lambda d: d["organisation"].update(place=unicodedata.normalize("NFD", "Tam Đường")))
    assert load_config(cfg_path).organisation.place == unicodedata.normalize("NFC", "Tam Đường")


def test_cli_reports_a_refused_config(tmp_path):
    from click.testing import CliRunner

    from service.cli import main

    cfg_path = write_office_config(tmp_path)
    _edit(cfg_path, lambda d: d.update(colour="blue"))
    result = CliRunner().invoke(main, ["--config", str(cfg_path), "register", "--json"])
    assert result.exit_code != 0 and "colour" in result.output and "unknown key" in result.output


def test_the_office_clock_is_the_office_zone_whatever_the_server(tmp_path):
    from datetime import datetime

    from service.runtime import office_clock, open_runtime

    utc = datetime.now(UTC).replace(tzinfo=None)
    hanoi = office_clock(7)()
    assert abs((hanoi - utc).total_seconds() - 7 * 3600) < 5
    rt = open_runtime(write_office_config(tmp_path))
    assert rt.config.utc_offset_hours == 7 and abs((rt.now() - utc).total_seconds() - 7 * 3600) < 5
    rt.store.dispose()
