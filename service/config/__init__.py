"""Load config.yaml once into frozen dataclasses; refuse unknown keys and wrong types with a hint.

The file, the key (dotted path) and its line are named in every ConfigError. The parts: `schema` (the
table of keys), `validate` (YAML with lines, types), `checks` (ranges and ids), `build` (the sections
made), `sections` (the dataclasses handed to the service).
"""

from __future__ import annotations

import os
from pathlib import Path

import yaml

from service.config.build import build_exchange, build_organisation, build_signing, resolve_folders
from service.config.checks import check_agency_codes, check_units_and_groups, check_values
from service.config.schema import EXCHANGE_TRANSPORTS, PARENT_IN_HEADER, SCHEMA, WATCHER_MODES
from service.config.sections import Config, EmailConfig, ExchangeConfig, KeySpec, SigningConfig, WatcherConfig
from service.config.validate import LineLoader, Section, check_types, nfc_all
from service.errors import ConfigError
from service.readers.limits import Limits

__all__ = [
    "ENV_VAR",
    "EXCHANGE_TRANSPORTS",
    "PARENT_IN_HEADER",
    "SCHEMA",
    "WATCHER_MODES",
    "Config",
    "EmailConfig",
    "ExchangeConfig",
    "KeySpec",
    "SigningConfig",
    "WatcherConfig",
    "load_config",
    "resolve_path",
]

ENV_VAR = "VANTHU_CONFIG"


def resolve_path(explicit: str | os.PathLike | None = None) -> Path:
    """The config named by --config, else $VANTHU_CONFIG, else ./config.yaml."""
    return Path(explicit or os.environ.get(ENV_VAR) or "config.yaml").absolute()


def load_config(path: str | os.PathLike | None = None, *, create_folders: bool = True) -> Config:
    """Read and validate the configuration once. Raises ConfigError naming file, key and hint."""
    cfg_path = resolve_path(path)
    spath = str(cfg_path)
    if not cfg_path.is_file():
        raise ConfigError(spath, "(file)", "not found", f"pass --config PATH or set {ENV_VAR}")
    try:
        raw = yaml.load(cfg_path.read_text(encoding="utf-8"), Loader=LineLoader) or Section({}, {}, 0)
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ConfigError(spath, "(file)", f"not valid YAML: {exc}", "check indentation and quotes") from exc
    data = nfc_all(check_types(spath, raw, SCHEMA, ""))
    base = cfg_path.parent
    check_units_and_groups(spath, data)
    check_values(spath, data)
    check_agency_codes(spath, data)
    folders = resolve_folders(spath, base, data["folders"], create_folders)
    db_url = data["database"]["url"] or f"sqlite:///{folders['data'] / 'vanthu.db'}"
    w = data["watcher"]
    lim = data["limits"]
    signing = data["signing"]
    return Config(
        path=cfg_path,
        organisation=build_organisation(data),
        inbox=folders["inbox"],
        outbox=folders["outbox"],
        data=folders["data"],
        database_url=db_url,
        web_host=data["web"]["host"],
        web_port=data["web"]["port"],
        secret_key=data["web"]["secret_key"],
        watcher=WatcherConfig(**w),
        limits=Limits(
            max_bytes=int(lim["max_megabytes"] * 2**20),
            max_pages=lim["max_pages"],
            max_seconds=float(lim["max_seconds"]),
            seconds_per_page=float(lim["seconds_per_page"]),
            max_seconds_total=float(lim["max_seconds_total"]),
            max_pixels=int(lim["max_megapixels"] * 1_000_000),
        ),
        due_soon_days=data["tracking"]["due_soon_days"],
        plan_margin_days=data["tracking"]["plan_margin_days"],
        pkcs12=(base / signing["pkcs12"]).resolve() if signing["pkcs12"] else None,
        pkcs12_password_env=signing["password_env"],
        signer_name=signing["signer_name"],
        holidays=tuple(data["holidays"]),
        utc_offset_hours=float(data["organisation"]["utc_offset_hours"]),
        handling_margin_days=data["workflow"]["handling_margin_days"],
        email=EmailConfig(**data["email"]),
        working_days=tuple(data["working_days"]),
        signing=build_signing(spath, base, signing),
        exchange=build_exchange(spath, data, base),
    )
