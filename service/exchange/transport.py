"""How messages travel: the folder pair a platform's connector or a shared drive serves, or (http.py)
a platform's REST endpoint. A transport sends bytes under a message id and fetches what arrived;
it never decides what a message means."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

log = logging.getLogger("vanthu.exchange")
SUFFIXES = (".edxml", ".xml")


class TransportError(Exception):
    """A send or fetch that did not happen; `code` is stable (errors.MESSAGES)."""

    def __init__(self, code: str, detail: str):
        self.code, self.detail = code, detail
        super().__init__(f"{code}: {detail}")


@dataclass(frozen=True)
class Arrival:
    """A message the transport holds for the office."""

    remote_id: str
    data: bytes


class Transport(Protocol):
    name: str

    def send(self, message_id: str, to_code: str, data: bytes) -> str | None:
        """Deliver; the same message id twice is one delivery. Returns the platform's id."""

    def arrivals(self) -> Iterator[Arrival]:
        """What waits for the office, oldest first."""

    def acknowledge(self, remote_id: str) -> None:
        """The office has the message safely: the transport may forget it."""


def write_atomic(target: Path, data: bytes) -> None:
    """Write beside the target and rename into place, flushed: a reader never sees half a file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    with tmp.open("wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, target)


class FolderTransport:
    """exchange/out/<message id>.edxml for the connector to take; exchange/in/ for what it brings.
    Temporary and hidden names (a connector's file still being written) are left alone."""

    name = "folder"

    def __init__(self, folder: Path):
        self.out = folder / "out"
        self.inbox = folder / "in"
        for sub in (self.out, self.inbox):
            sub.mkdir(parents=True, exist_ok=True)

    def send(self, message_id: str, to_code: str, data: bytes) -> str | None:
        target = self.out / f"{message_id}.edxml"
        if target.exists() and target.read_bytes() == data:
            return None  # written before a crash: once is enough
        write_atomic(target, data)
        return None

    def arrivals(self) -> Iterator[Arrival]:
        for path in sorted(self.inbox.iterdir()):
            if path.name.startswith(".") or path.suffix.lower() not in SUFFIXES or not path.is_file():
                continue
            if path.is_symlink():
                continue  # never followed; the inbox's own rules quarantine links put there
            yield Arrival(path.name, path.read_bytes())

    def acknowledge(self, remote_id: str) -> None:
        try:
            (self.inbox / remote_id).unlink()
        except FileNotFoundError:
            pass
