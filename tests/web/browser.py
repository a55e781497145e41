"""A real `vanthu serve` on a temporary office, and Debian's chromium driven by Playwright."""

from __future__ import annotations

import time
import urllib.request
from pathlib import Path

from werkzeug.security import generate_password_hash

from service.runtime import open_runtime
from service.store import users as ustore
from tests.conftest import write_office_config
from tests.ingest.service_proc import ServiceProcess, free_port
from tests.web.conftest import PASSWORD, USERS
from tests.web.seed import seed_office

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SHOTS = Path("/tmp/vanthu-shots")


class LiveOffice:
    """The office folder, its seeded ids and the running service."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.port = free_port()
        self.config = write_office_config(
            folder, web__port=self.port, watcher__settle_seconds=0.5, watcher__rescan_seconds=1.0
        )
        rt = open_runtime(self.config)
        with rt.store.write() as conn:
            for name, role in USERS.items():
                ustore.add_user(
                    conn,
                    name,
                    generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000"),
                    role,
                    now=rt.now(),
                )
        self.ids = seed_office(rt)
        rt.store.dispose()
        self.inbox = folder / "inbox"
        self.base = f"http://127.0.0.1:{self.port}"
        self.service = ServiceProcess(self.config, folder / "serve.log")

    def start(self) -> LiveOffice:
        self.service.start()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.base + "/login", timeout=2) as resp:
                    if resp.status == 200:
                        return self
            except OSError:
                time.sleep(0.3)
        log = (self.folder / "serve.log").read_text(errors="replace")
        raise AssertionError(f"vanthu serve did not answer on {self.base}:\n{log[-3000:]}")

    def stop(self) -> None:
        self.service.stop()


def log_in(page, base: str, name: str) -> None:
    page.goto(base + "/login")
    page.fill("#name", name)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(base + "/")


def shoot(page, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
