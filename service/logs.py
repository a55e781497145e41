"""Logging: one line per event with a stable code, to <data>/logs/vanthu.log (and stderr for the
service). Every line starts with the moment in the office's clock and offset
(`2026-12-05T21:36:58+07:00`), whatever the server's time zone."""

from __future__ import annotations

import logging
import logging.handlers
from datetime import datetime, tzinfo
from pathlib import Path

FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s"


class OfficeFormatter(logging.Formatter):
    """ISO 8601 moments with the office's offset."""

    def __init__(self, zone: tzinfo | None):
        super().__init__(FORMAT)
        self.zone = zone

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        moment = datetime.fromtimestamp(record.created, self.zone or datetime.now().astimezone().tzinfo)
        return moment.replace(microsecond=0).isoformat()


def setup_logging(
    log_dir: Path | None, level: int = logging.INFO, *, zone: tzinfo | None = None, stderr: bool = True
) -> None:
    """Send the `vanthu` loggers to the log file, and to stderr when `stderr` (the service's
    console; a command keeps its output for its answer). Called again, it replaces its handlers."""
    root = logging.getLogger("vanthu")
    root.setLevel(level)
    for h in list(root.handlers):
        root.removeHandler(h)
        h.close()
    formatter = OfficeFormatter(zone)
    if stderr:
        console = logging.StreamHandler()
        console.setFormatter(formatter)
        root.addHandler(console)
    if log_dir is not None:
        log_dir.mkdir(parents=True, exist_ok=True)
        fh = logging.handlers.RotatingFileHandler(
            log_dir / "vanthu.log", maxBytes=20 * 2**20, backupCount=10, encoding="utf-8"
        )
        fh.setFormatter(formatter)
        root.addHandler(fh)
