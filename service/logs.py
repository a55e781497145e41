"""Logging: one line per event with a stable code, to <data>/logs/vanthu.log and to stderr."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s"


def setup_logging(log_dir: Path | None, level: int = logging.INFO) -> None:
    root = logging.getLogger("vanthu")
    root.setLevel(level)
    for h in list(root.handlers):
        root.removeHandler(h)
    stderr = logging.StreamHandler()
    stderr.setFormatter(logging.Formatter(FORMAT))
    root.addHandler(stderr)
    if log_dir is not None:
        log_dir.mkdir(parents=True, exist_ok=True)
        fh = logging.handlers.RotatingFileHandler(
            log_dir / "vanthu.log", maxBytes=20 * 2**20, backupCount=10, encoding="utf-8"
        )
        fh.setFormatter(logging.Formatter(FORMAT))
        root.addHandler(fh)
