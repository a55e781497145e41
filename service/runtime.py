"""What every command and the web app share: the config, the store and the clock."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from pathlib import Path

from service.config import Config, load_config
from service.models import office_zone
from service.store.db import Store, open_store


def system_clock() -> datetime:
    """Local wall-clock time, naive (an office works in one time zone)."""
    return datetime.now().replace(microsecond=0)


def office_clock(utc_offset_hours: float) -> Callable[[], datetime]:
    """The office's wall clock, naive: its own zone whatever the server's (a server set to UTC
    would otherwise date a document signed at 06:30 in Hà Nội the day before)."""
    zone = office_zone(utc_offset_hours)

    def now() -> datetime:
        return datetime.now(zone).replace(tzinfo=None, microsecond=0)

    return now


@dataclass
class Runtime:
    config: Config
    store: Store
    clock: Callable[[], datetime] = field(default=system_clock)
    # Per-office objects built once and grown in place (the OCR corrector: ingest/correction.py).
    caches: dict[str, object] = field(default_factory=dict)

    def now(self) -> datetime:
        return self.clock()

    @property
    def zone(self) -> tzinfo:
        """The office's offset, for every moment shown or written as ISO 8601."""
        return self.config.zone

    def data_path(self, relative: str) -> Path:
        """A path stored relative to the data folder, made absolute (never from user input)."""
        return self.config.data / relative


def open_runtime(
    config_path: str | Path | None = None,
    *,
    clock: Callable[[], datetime] | None = None,
    config: Config | None = None,
) -> Runtime:
    cfg = config or load_config(config_path)
    for sub in ("originals", "quarantine", "logs", "archive", "drafts"):
        (cfg.data / sub).mkdir(parents=True, exist_ok=True)
    return Runtime(
        config=cfg, store=open_store(cfg.database_url), clock=clock or office_clock(cfg.utc_offset_hours)
    )
