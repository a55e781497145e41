"""Load config.yaml once into frozen dataclasses; refuse unknown keys and wrong types with a hint.

The file, the key (dotted path) and its line are named in every ConfigError.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date, timezone
from pathlib import Path
from typing import Any

import yaml

from service.errors import ConfigError
from service.models import Organisation, Unit, UnitGroup, WorkCalendar, office_zone
from service.readers.limits import Limits
from service.text import nfc
from service.workdays import vietnam_calendar

ENV_VAR = "VANTHU_CONFIG"

# The schema: key -> (type, default, help). A nested dict is a section; a list spec is [item_schema].
STR, INT, NUM, BOOL, DATE = "str", "int", "number", "bool", "date"
_UNIT: dict[str, Any] = {
    "id": (STR, None, "short id, e.g. noi-vu"),
    "name": (STR, None, "official name"),
    "aliases": ([STR], [], "other names"),
    "groups": ([STR], [], "group ids"),
    "abbreviation": (STR, "", "in công văn symbols (UBND-LĐTBXH); empty: the name's initials"),
    "agency_code": (STR, "", "mã định danh for electronic exchange, e.g. 000.01.29.H41"),
}
_GROUP: dict[str, Any] = {
    "id": (STR, None, "e.g. ubnd-xa"),
    "name": (STR, None, "e.g. UBND các xã, thị trấn"),
    "aliases": ([STR], [], "other names"),
}
_PKCS11 = {
    "library": (STR, "", "the token's PKCS#11 module, e.g. /usr/lib/softhsm/libsofthsm2.so; empty: none"),
    "slot": (INT, -1, "slot number; -1: the token named by token_label"),
    "token_label": (STR, "", "the token's label"),
    "key_label": (STR, "", "the private key's label on the token"),
    "cert_label": (STR, "", "the certificate's label; empty: the key's"),
    "pin_env": (STR, "VANTHU_PKCS11_PIN", "environment variable with the user PIN"),
}
_PERSON = {
    "user": (STR, None, "login name of the person who signs"),
    "pkcs12": (STR, "", "their PKCS#12 file"),
    "password_env": (STR, "", "environment variable with its password"),
    "pkcs11": _PKCS11,
}
SCHEMA: dict[str, Any] = {
    "organisation": {
        "name": (STR, None, "full name, e.g. Ủy ban nhân dân huyện Tam Đường"),
        "short_name": (STR, None, "the body in symbols, e.g. UBND"),
        "display_name": (STR, "", "name in registers, e.g. UBND huyện Tam Đường"),
        "parent": (STR, "", "the body above, e.g. Ủy ban nhân dân tỉnh Lai Châu"),
        "parent_in_header": (
            STR,
            "auto",
            "the parent's line in a draft's header: auto (none for an Ủy ban or Hội đồng nhân dân), "
            "always, never",
        ),
        "place": (STR, None, "place name in dates, e.g. Tam Đường"),
        "utc_offset_hours": (
            NUM,
            7,
            "the office's clock, hours ahead of UTC (Vietnam: 7), whatever the server's zone",
        ),
        "agency_code": (STR, "", "mã định danh (QĐ 20/2020/QĐ-TTg), e.g. 000.00.29.H41; empty: no exchange"),
    },
    "groups": ([_GROUP], [], "unit groups"),
    "units": ([_UNIT], [], "the office's units"),
    "folders": {
        "inbox": (STR, "inbox", "folder the clerk drops files into"),
        "outbox": (STR, "outbox", "issued documents"),
        "data": (STR, "data", "database, originals, quarantine, logs"),
    },
    "database": {"url": (STR, "", "SQLAlchemy URL; empty for SQLite in the data folder")},
    "web": {
        "host": (STR, "127.0.0.1", "address to listen on"),
        "port": (INT, 8080, "port"),
        "secret_key": (STR, "", "session key; empty: generated once in the data folder"),
    },
    "watcher": {
        "mode": (STR, "auto", "auto, inotify or polling"),
        "settle_seconds": (NUM, 2.0, "seconds a file must stand still"),
        "rescan_seconds": (NUM, 30.0, "seconds between full rescans"),
    },
    "limits": {
        "max_megabytes": (NUM, 200, "largest file read"),
        "max_pages": (INT, 500, "most pages read"),
        "max_seconds": (NUM, 120, "longest a file may take to read"),
        "max_megapixels": (NUM, 180, "largest image"),
    },
    "tracking": {
        "due_soon_days": (INT, 7, "days before a due date that count as due soon"),
        "plan_margin_days": (INT, 5, "days an implementing plan's deadline is set ahead"),
    },
    "workflow": {
        "handling_margin_days": (
            INT,
            2,
            "working days the handling deadline is set before the document's own deadline",
        ),
    },
    "email": {
        "enabled": (BOOL, False, "send the daily digest by e-mail (off by default)"),
        "smtp_host": (STR, "", "SMTP server, e.g. mail.tamduong.gov.vn"),
        "smtp_port": (INT, 25, "SMTP port (587 with starttls)"),
        "starttls": (BOOL, False, "upgrade the connection with STARTTLS"),
        "username": (STR, "", "SMTP login; empty: none"),
        "password_env": (STR, "VANTHU_SMTP_PASSWORD", "environment variable with the SMTP password"),
        "sender": (STR, "", "From: address, e.g. vanthu@tamduong.gov.vn"),
        "digest_hour": (INT, 7, "hour of the office's day the digest is sent (0–23)"),
        "base_url": (STR, "", "the pages' address for links in the e-mail, e.g. http://vanthu.local:8080"),
    },
    "signing": {
        "pkcs12": (STR, "", "the office's PKCS#12 (the văn thư's seal signature); empty: demo certificate"),
        "password_env": (STR, "VANTHU_PKCS12_PASSWORD", "environment variable with its password"),
        "pkcs11": _PKCS11,
        "seal_image": (STR, "", "the office's seal (PNG, transparent background); empty: a drawn demo seal"),
        "seal_mm": (NUM, 36, "the seal's true diameter in millimetres"),
        "signer_name": (STR, "", "default signer"),
        "people": ([_PERSON], [], "the personal certificates of those who sign (by login name)"),
    },
    "holidays": (
        [DATE],
        [],
        "days off beyond Vietnam's public holidays and Tết (which are known): a swapped day, a local one",
    ),
    "working_days": ([DATE], [], "weekend days worked in exchange (làm bù), YYYY-MM-DD"),
    "exchange": {
        "transport": (
            STR,
            "folder",
            "folder (exchange/out, exchange/in), http (a platform's REST endpoint) or off",
        ),
        "folder": (STR, "exchange", "the folder pair's parent: <folder>/out and <folder>/in"),
        "url": (STR, "", "the platform's REST endpoint (or $VANTHU_EXCHANGE_URL)"),
        "client_id": (STR, "", "this system's id at the platform (or $VANTHU_EXCHANGE_CLIENT_ID)"),
        "secret_env": (STR, "VANTHU_EXCHANGE_SECRET", "environment variable with the platform's secret"),
        "timeout_seconds": (NUM, 30, "one HTTP request's time limit"),
        "retries": (INT, 3, "tries of one HTTP request before the message waits for the next round"),
        "poll_seconds": (NUM, 60, "seconds between two rounds of sending and fetching"),
        "max_attachment_megabytes": (NUM, 50, "largest attachment accepted or sent"),
    },
}
EXCHANGE_TRANSPORTS = ("folder", "http", "off")
WATCHER_MODES = ("auto", "inotify", "polling")
PARENT_IN_HEADER = ("auto", "always", "never")


@dataclass(frozen=True)
class WatcherConfig:
    mode: str = "auto"
    settle_seconds: float = 2.0
    rescan_seconds: float = 30.0


@dataclass(frozen=True)
class EmailConfig:
    """The daily digest by e-mail (thư nhắc việc hằng ngày); off unless `enabled`."""

    enabled: bool = False
    smtp_host: str = ""
    smtp_port: int = 25
    starttls: bool = False
    username: str = ""
    password_env: str = "VANTHU_SMTP_PASSWORD"
    sender: str = ""
    digest_hour: int = 7
    base_url: str = ""


@dataclass(frozen=True)
class KeySpec:
    """Where a signing key is: a PKCS#12 file (password from the environment) or a PKCS#11 token or HSM
    (module, slot or token label, key label; PIN from the environment). Neither: a demo key."""

    pkcs12: Path | None = None
    password_env: str = ""
    pkcs11_library: str = ""
    pkcs11_slot: int | None = None
    pkcs11_token_label: str = ""
    pkcs11_key_label: str = ""
    pkcs11_cert_label: str = ""
    pkcs11_pin_env: str = ""

    @property
    def configured(self) -> bool:
        return self.pkcs12 is not None or bool(self.pkcs11_library)


@dataclass(frozen=True)
class SigningConfig:
    office: KeySpec = field(default_factory=KeySpec)  # the office's (con dấu) signature, by the văn thư
    people: dict[str, KeySpec] = field(default_factory=dict)  # login name -> personal certificate
    seal_image: Path | None = None
    seal_mm: float = 36.0


@dataclass(frozen=True)
class ExchangeConfig:
    """Electronic exchange (liên thông văn bản): how messages travel."""

    transport: str = "folder"
    folder: Path | None = None  # <folder>/out and <folder>/in
    url: str = ""
    client_id: str = ""
    secret_env: str = "VANTHU_EXCHANGE_SECRET"
    timeout_seconds: float = 30.0
    retries: int = 3
    poll_seconds: float = 60.0
    max_attachment_bytes: int = 50 * 2**20


@dataclass(frozen=True)
class Config:
    path: Path
    organisation: Organisation
    inbox: Path
    outbox: Path
    data: Path
    database_url: str
    web_host: str
    web_port: int
    secret_key: str
    watcher: WatcherConfig
    limits: Limits
    due_soon_days: int
    plan_margin_days: int
    pkcs12: Path | None
    pkcs12_password_env: str
    signer_name: str
    holidays: tuple[date, ...] = field(default_factory=tuple)
    utc_offset_hours: float = 7.0
    handling_margin_days: int = 2
    email: EmailConfig = field(default_factory=EmailConfig)
    working_days: tuple[date, ...] = field(default_factory=tuple)
    signing: SigningConfig = field(default_factory=SigningConfig)
    exchange: ExchangeConfig = field(default_factory=ExchangeConfig)

    @property
    def zone(self) -> timezone:
        """The office's clock (organisation.utc_offset_hours) as a fixed offset."""
        return office_zone(self.utc_offset_hours)

    @property
    def calendar(self) -> WorkCalendar:
        """Working days: Vietnam's public holidays and swaps, the config's additions and overrides."""
        return self.organisation.calendar or WorkCalendar()

    @property
    def originals(self) -> Path:
        return self.data / "originals"

    @property
    def quarantine(self) -> Path:
        return self.data / "quarantine"

    @property
    def logs(self) -> Path:
        return self.data / "logs"

    @property
    def archive(self) -> Path:
        return self.data / "archive"


class _LineLoader(yaml.SafeLoader):
    """Keeps each mapping's key lines so that errors can name the line."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict:
    mapping = yaml.SafeLoader.construct_mapping(loader, node, deep=True)
    lines = {k.value: k.start_mark.line + 1 for k, _ in node.value if isinstance(k, yaml.ScalarNode)}
    return _Section(mapping, lines, node.start_mark.line + 1)


class _Section(dict):
    def __init__(self, data: dict, lines: dict, line: int):
        super().__init__(data)
        self.lines, self.line = lines, line


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _type_ok(kind: str, value: Any) -> bool:
    if kind == STR:
        return isinstance(value, str)
    if kind == INT:
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == NUM:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if kind == BOOL:
        return isinstance(value, bool)
    if kind == DATE:
        return isinstance(value, date)
    raise AssertionError(kind)


def _validate(path: str, data: Any, schema: dict, prefix: str) -> dict:
    if not isinstance(data, dict):
        raise ConfigError(path, prefix or "(top)", "must be a mapping of keys", "see config.yaml")
    out: dict[str, Any] = {}
    lines = getattr(data, "lines", {})
    for key in data:
        if key not in schema:
            near = ", ".join(sorted(schema))
            where = f" (line {lines[key]})" if key in lines else ""
            raise ConfigError(path, f"{prefix}{key}{where}", "unknown key", f"known keys here: {near}")
    for key, spec in schema.items():
        dotted = f"{prefix}{key}"
        where = f"{dotted} (line {lines[key]})" if key in lines else dotted
        if isinstance(spec, dict):
            out[key] = _validate(path, data.get(key) or _Section({}, {}, 0), spec, dotted + ".")
            continue
        kind, default, help_ = spec
        if key not in data or data[key] is None:
            if default is None:
                raise ConfigError(path, dotted, "missing", help_)
            out[key] = default
            continue
        value = data[key]
        if isinstance(kind, list):
            if not isinstance(value, list):
                raise ConfigError(path, where, "must be a list", help_)
            item = kind[0]
            if isinstance(item, dict):
                out[key] = [_validate(path, v, item, f"{dotted}[{i}].") for i, v in enumerate(value)]
            else:
                for i, v in enumerate(value):
                    if not _type_ok(item, v):
                        raise ConfigError(path, f"{where}[{i}]", f"must be a {item}", help_)
                out[key] = list(value)
            continue
        if not _type_ok(kind, value):
            raise ConfigError(path, where, f"must be a {kind}, not {type(value).__name__}", help_)
        out[key] = value
    return out


def _nfc_all(value: Any) -> Any:
    if isinstance(value, str):
        return nfc(value.strip())
    if isinstance(value, list):
        return [_nfc_all(v) for v in value]
    if isinstance(value, dict):
        return {k: _nfc_all(v) for k, v in value.items()}
    return value


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
        raw = yaml.load(cfg_path.read_text(encoding="utf-8"), Loader=_LineLoader) or _Section({}, {}, 0)
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ConfigError(spath, "(file)", f"not valid YAML: {exc}", "check indentation and quotes") from exc
    data = _nfc_all(_validate(spath, raw, SCHEMA, ""))
    base = cfg_path.parent
    _check_units_and_groups(spath, data)
    _check_values(spath, data)
    _check_agency_codes(spath, data)
    folders = _folders(spath, base, data["folders"], create_folders)
    db_url = data["database"]["url"] or f"sqlite:///{folders['data'] / 'vanthu.db'}"
    w = data["watcher"]
    lim = data["limits"]
    signing = data["signing"]
    return Config(
        path=cfg_path,
        organisation=_organisation(data),
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
        signing=_signing(spath, base, signing),
        exchange=_exchange_config(spath, data, base),
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


def _signing(path: str, base: Path, signing: dict[str, Any]) -> SigningConfig:
    for where, p11 in [("signing.pkcs11", signing["pkcs11"])] + [
        (f"signing.people[{i}].pkcs11", p["pkcs11"]) for i, p in enumerate(signing["people"])
    ]:
        if p11["library"] and not (p11["key_label"] and (p11["slot"] >= 0 or p11["token_label"])):
            raise ConfigError(path, where, "incomplete", "a key_label, and a slot or a token_label")
    _check_unique(path, "signing.people", [p["user"] for p in signing["people"]])
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


def _check_units_and_groups(spath: str, data: dict[str, Any]) -> None:
    """Ids unique, each unit's groups declared, no group alias that would match any text."""
    group_ids = [g["id"] for g in data["groups"]]
    _check_unique(spath, "groups", group_ids)
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
    _check_unique(spath, "units", [u["id"] for u in data["units"]])
    for i, unit in enumerate(data["units"]):
        for g in unit["groups"]:
            if g not in group_ids:
                raise ConfigError(
                    spath,
                    f"units[{i}].groups",
                    f"unknown group {g!r}",
                    f"declare it under groups: ({', '.join(group_ids)})",
                )


def _check_values(spath: str, data: dict[str, Any]) -> None:
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


def _folders(spath: str, base: Path, paths: dict[str, str], create: bool) -> dict[str, Path]:
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


def _organisation(data: dict[str, Any]) -> Organisation:
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


def _check_email(path: str, email: dict) -> None:
    if not 0 <= email["digest_hour"] <= 23:
        raise ConfigError(path, "email.digest_hour", "out of range", "0–23, e.g. 7")
    if not 0 < email["smtp_port"] < 65536:
        raise ConfigError(path, "email.smtp_port", "out of range", "1–65535, e.g. 25 or 587")
    if email["enabled"] and not (email["smtp_host"] and email["sender"]):
        raise ConfigError(
            path, "email", "enabled without smtp_host and sender", "set both, or enabled: false"
        )


def _check_unique(path: str, key: str, ids: list[str]) -> None:
    seen: set[str] = set()
    for i in ids:
        if i in seen:
            raise ConfigError(path, key, f"id {i!r} appears twice", "each id must be unique")
        seen.add(i)


def _check_agency_codes(path: str, data: dict) -> None:
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


def _exchange_config(path: str, data: dict, base: Path) -> ExchangeConfig:
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
