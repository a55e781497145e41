"""The validated values made into the configuration's sections (paths resolved against the config's
folder, the environment's overrides applied)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from service.config.checks import check_unique
from service.config.schema import EXCHANGE_TRANSPORTS
from service.config.sections import ExchangeConfig, KeySpec, SigningConfig
from service.errors import ConfigError
from service.models import Organisation, Unit, UnitGroup
from service.workdays import vietnam_calendar


def resolve_folders(spath: str, base: Path, paths: dict[str, str], create: bool) -> dict[str, Path]:
    """Each folder resolved against the config's own; the data folder is made when missing."""
    folders = {k: (base / v).resolve() for k, v in paths.items()}
    for key, folder in folders.items():
        if not folder.is_dir():
            if create and key == "data":
                folder.mkdir(parents=True, exist_ok=True)
            else:
                raise ConfigError(
                    spath,
                    f"folders.{key}",
                    f"folder {folder} does not exist",
                    f"create it (mkdir -p {folder}) or fix the path",
                )
    return folders


def build_organisation(data: dict[str, Any]) -> Organisation:
    org_d = data["organisation"]
    return Organisation(
        name=org_d["name"],
        short_name=org_d["short_name"],
        display_name=org_d["display_name"] or org_d["name"],
        parent=org_d["parent"],
        place=org_d["place"],
        units=tuple(
            Unit(
                id=u["id"],
                name=u["name"],
                aliases=tuple(u["aliases"]),
                groups=tuple(u["groups"]),
                abbreviation=u["abbreviation"],
                agency_code=u["agency_code"],
            )
            for u in data["units"]
        ),
        groups=tuple(
            UnitGroup(id=g["id"], name=g["name"], aliases=tuple(g["aliases"])) for g in data["groups"]
        ),
        holidays=tuple(data["holidays"]),
        calendar=vietnam_calendar(data["holidays"], data["working_days"]),
        parent_in_header=data["organisation"]["parent_in_header"],
        agency_code=org_d["agency_code"],
    )


def _key_spec(base: Path, pkcs12: str, password_env: str, p11: dict[str, Any]) -> KeySpec:
    return KeySpec(
        pkcs12=(base / pkcs12).resolve() if pkcs12 else None,
        password_env=password_env,
        pkcs11_library=p11["library"],
        pkcs11_slot=p11["slot"] if p11["slot"] >= 0 else None,
        pkcs11_token_label=p11["token_label"],
        pkcs11_key_label=p11["key_label"],
        pkcs11_cert_label=p11["cert_label"] or p11["key_label"],
        pkcs11_pin_env=p11["pin_env"],
    )


def build_signing(path: str, base: Path, signing: dict[str, Any]) -> SigningConfig:
    for where, p11 in [("signing.pkcs11", signing["pkcs11"])] + [
        (f"signing.people[{i}].pkcs11", p["pkcs11"]) for i, p in enumerate(signing["people"])
    ]:
        if p11["library"] and not (p11["key_label"] and (p11["slot"] >= 0 or p11["token_label"])):
            raise ConfigError(path, where, "incomplete", "a key_label, and a slot or a token_label")
    check_unique(path, "signing.people", [p["user"] for p in signing["people"]])
    if not 10 <= signing["seal_mm"] <= 60:
        raise ConfigError(path, "signing.seal_mm", "out of range", "a seal's diameter, e.g. 36")
    return SigningConfig(
        office=_key_spec(base, signing["pkcs12"], signing["password_env"], signing["pkcs11"]),
        people={
            p["user"]: _key_spec(base, p["pkcs12"], p["password_env"], p["pkcs11"]) for p in signing["people"]
        },
        seal_image=(base / signing["seal_image"]).resolve() if signing["seal_image"] else None,
        seal_mm=float(signing["seal_mm"]),
    )


def build_exchange(path: str, data: dict, base: Path) -> ExchangeConfig:
    ex = data["exchange"]
    if ex["transport"] not in EXCHANGE_TRANSPORTS:
        raise ConfigError(path, "exchange.transport", f"{ex['transport']!r}", " | ".join(EXCHANGE_TRANSPORTS))
    url = os.environ.get("VANTHU_EXCHANGE_URL") or ex["url"]
    if ex["transport"] == "http" and not url.startswith(("http://", "https://")):
        raise ConfigError(
            path,
            "exchange.url",
            "the http transport needs the platform's URL",
            "https://… or $VANTHU_EXCHANGE_URL",
        )
    if ex["retries"] < 1 or ex["timeout_seconds"] <= 0 or ex["poll_seconds"] <= 0:
        raise ConfigError(
            path, "exchange", "retries, timeout and poll interval must be positive", "e.g. retries: 3"
        )
    return ExchangeConfig(
        transport=ex["transport"],
        folder=(base / ex["folder"]).resolve(),
        url=url,
        client_id=os.environ.get("VANTHU_EXCHANGE_CLIENT_ID") or ex["client_id"],
        secret_env=ex["secret_env"],
        timeout_seconds=float(ex["timeout_seconds"]),
        retries=ex["retries"],
        poll_seconds=float(ex["poll_seconds"]),
        max_attachment_bytes=int(ex["max_attachment_megabytes"] * 2**20),
    )
