"""The configuration's sections as frozen dataclasses: what the rest of the service is handed."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timezone
from pathlib import Path

from service.models import Organisation, WorkCalendar, office_zone
from service.readers.limits import Limits


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
