"""The values a type alone does not hold: ranges, choices, unique ids, declared groups, agency codes."""

from __future__ import annotations

from typing import Any

from service.config.schema import PARENT_IN_HEADER, WATCHER_MODES
from service.errors import ConfigError


def check_units_and_groups(spath: str, data: dict[str, Any]) -> None:
    """Ids unique, each unit's groups declared, no group alias that would match any text."""
    group_ids = [g["id"] for g in data["groups"]]
    check_unique(spath, "groups", group_ids)
    for i, group in enumerate(data["groups"]):
        for j, alias in enumerate(group["aliases"]):
            if len(alias.split()) < 2:
                # "[các phòng, ban, ngành huyện]" is three names in YAML: "ban" would then match any text
                raise ConfigError(
                    spath,
                    f"groups[{i}].aliases[{j}]",
                    f"{alias!r} is too short to name a group",
                    'quote a name that holds commas: ["các phòng, ban, ngành huyện"]',
                )
    check_unique(spath, "units", [u["id"] for u in data["units"]])
    for i, unit in enumerate(data["units"]):
        for g in unit["groups"]:
            if g not in group_ids:
                raise ConfigError(
                    spath,
                    f"units[{i}].groups",
                    f"unknown group {g!r}",
                    f"declare it under groups: ({', '.join(group_ids)})",
                )


def check_values(spath: str, data: dict[str, Any]) -> None:
    """The values a type alone does not hold in range."""
    w = data["watcher"]
    if not -12 <= data["organisation"]["utc_offset_hours"] <= 14:
        raise ConfigError(
            spath, "organisation.utc_offset_hours", "out of range", "hours ahead of UTC; Vietnam: 7"
        )
    if data["organisation"]["parent_in_header"] not in PARENT_IN_HEADER:
        raise ConfigError(
            spath, "organisation.parent_in_header", "not a choice", " | ".join(PARENT_IN_HEADER)
        )
    if w["mode"] not in WATCHER_MODES:
        raise ConfigError(spath, "watcher.mode", f"{w['mode']!r} is not a mode", " | ".join(WATCHER_MODES))
    if w["settle_seconds"] <= 0 or w["rescan_seconds"] <= 0:
        raise ConfigError(spath, "watcher", "times must be positive", "e.g. settle_seconds: 2")
    _check_email(spath, data["email"])
    if data["workflow"]["handling_margin_days"] < 0:
        raise ConfigError(spath, "workflow.handling_margin_days", "must not be negative", "e.g. 2")
    if not 0 < data["web"]["port"] < 65536:
        raise ConfigError(spath, "web.port", "out of range", "1–65535, e.g. 8080")


def _check_email(path: str, email: dict) -> None:
    if not 0 <= email["digest_hour"] <= 23:
        raise ConfigError(path, "email.digest_hour", "out of range", "0–23, e.g. 7")
    if not 0 < email["smtp_port"] < 65536:
        raise ConfigError(path, "email.smtp_port", "out of range", "1–65535, e.g. 25 or 587")
    if email["enabled"] and not (email["smtp_host"] and email["sender"]):
        raise ConfigError(
            path, "email", "enabled without smtp_host and sender", "set both, or enabled: false"
        )


def check_unique(path: str, key: str, ids: list[str]) -> None:
    seen: set[str] = set()
    for i in ids:
        if i in seen:
            raise ConfigError(path, key, f"id {i!r} appears twice", "each id must be unique")
        seen.add(i)


def check_agency_codes(path: str, data: dict) -> None:
    """Agency codes are stored as given (either form) but must be well formed and not repeated."""
    from service.text.agency import is_agency_code

    named = [("organisation.agency_code", data["organisation"]["agency_code"])]
    named += [(f"units[{i}].agency_code", u["agency_code"]) for i, u in enumerate(data["units"])]
    seen: dict[str, str] = {}
    for key, code in named:
        if not code:
            continue
        if not is_agency_code(code):
            raise ConfigError(
                path,
                key,
                f"{code!r} is not an agency code",
                "up to 35 characters: groups of digits and capital letters separated by dots, "
                "e.g. 000.00.29.H41",
            )
        if code in seen:
            raise ConfigError(path, key, f"{code!r} is already the code of {seen[code]}", "each code once")
        seen[code] = key
