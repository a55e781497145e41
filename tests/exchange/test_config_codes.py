"""Agency codes and the exchange section of config.yaml: taken as given, refused with key and hint."""

from __future__ import annotations

import pytest
import yaml

from service.config import load_config
from service.errors import ConfigError
from tests.conftest import write_office_config


def _config(tmp_path, mutate):
    path = write_office_config(tmp_path)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    mutate(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _unit(data, unit_id):
    return next(u for u in data["units"] if u["id"] == unit_id)


def test_both_forms_of_agency_code_are_stored_as_given(tmp_path):
    def mutate(data):
        data["organisation"]["agency_code"] = "000.00.31.H29"
        _unit(data, "ban-bo")["agency_code"] = "H29.31.01"

    cfg = load_config(_config(tmp_path, mutate))
    assert cfg.organisation.agency_code == "000.00.31.H29"
    assert cfg.organisation.unit("ban-bo").agency_code == "H29.31.01"
    assert cfg.exchange.transport == "folder" and cfg.exchange.folder == tmp_path / "exchange"


@pytest.mark.parametrize(
    ("mutate", "key"),
    [
        (lambda d: d["organisation"].update(agency_code="000.00.31.h29"), "organisation.agency_code"),
        (lambda d: _unit(d, "ban-bo").update(agency_code="H29..01"), "agency_code"),
        (
            lambda d: (
                d["organisation"].update(agency_code="H29.31"),
                _unit(d, "ban-bo").update(agency_code="H29.31"),
            ),
            "agency_code",
        ),
        (lambda d: d.update(exchange={"transport": "ftp"}), "exchange.transport"),
        (lambda d: d.update(exchange={"transport": "http"}), "exchange.url"),
        (lambda d: d.update(exchange={"retries": 0}), "exchange"),
    ],
    ids=["lower-case", "empty-group", "twice", "unknown-transport", "http-without-url", "no-retries"],
)
def test_bad_codes_and_exchange_settings_are_refused_with_their_key(tmp_path, mutate, key):
    with pytest.raises(ConfigError) as err:
        load_config(_config(tmp_path, mutate))
    assert key in err.value.key and err.value.hint


def test_the_platform_comes_from_the_environment_too(tmp_path, monkeypatch):
    monkeypatch.setenv("VANTHU_EXCHANGE_URL", "https://lgsp.example.vn/api")
    monkeypatch.setenv("VANTHU_EXCHANGE_CLIENT_ID", "vanthu-td")
    cfg = load_config(_config(tmp_path, lambda d: d.update(exchange={"transport": "http"})))
    assert (cfg.exchange.url, cfg.exchange.client_id) == ("https://lgsp.example.vn/api", "vanthu-td")
