"""A real `vanthu serve` on a temporary office, and Debian's chromium driven by Playwright."""

from __future__ import annotations

import time
import urllib.request
from collections.abc import Callable
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

# How long a browser step may take. The suite runs on 2 cores with other suites beside it (load 5-12 on
# the team's machine and in CI); alone a page answers in well under a second, loaded in seconds, and
# Playwright's default of 30 s was seen to run out. Two budgets, chosen by what the server does:
PAGE_TIMEOUT_MS = 90_000  # a page, a click, a form that converts nothing: every context's default
# A step that waits for LibreOffice or a reader: a draft's page (its load event waits for the PDF preview
# in its frame), creating, signing and issuing a draft, a dropped file reaching the register. The service
# serialises conversions on one warm LibreOffice and allows one 90 s to start and 120 s to convert, so a
# step queued behind another conversion on a loaded machine may take minutes; the test must outwait the
# service, which gives its own error long before this.
WORK_TIMEOUT_MS = 420_000


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


def new_context(browser, **options):
    """A browser context in Vietnamese whose waits default to `PAGE_TIMEOUT_MS`."""
    ctx = browser.new_context(locale="vi-VN", **options)
    ctx.set_default_timeout(PAGE_TIMEOUT_MS)
    ctx.set_default_navigation_timeout(PAGE_TIMEOUT_MS)
    return ctx


def submit(
    page, action: Callable[[], object], *, expect: str = "ok", timeout: int = PAGE_TIMEOUT_MS
) -> list[str]:
    """Posts a form by `action` (a click or a tap) and waits for the page the service answers with; returns
    the texts of its `expect` messages ("ok" or "error") and fails, naming every message, when there are
    none. The answer often comes back to the same address, and the page the action was done on may
    still show the previous step's message of the same kind: the old document is marked first, and the
    wait is for a message in a document without the mark. The step's budget holds for the click too:
    Playwright's click waits until the answer starts to load, and that is the slow part."""
    page.evaluate("document.documentElement.setAttribute('data-submitted', '')")
    page.set_default_timeout(timeout)
    try:
        action()
        page.locator("html:not([data-submitted]) .flash").first.wait_for()
    finally:
        page.set_default_timeout(PAGE_TIMEOUT_MS)
    texts = page.locator(f".flash.{expect}").all_inner_texts()
    assert texts, (page.url, expect, page.locator(".flash").all_inner_texts())
    return texts


def confirm(page, button: str, *, tap: bool = False, answer: str = "ok") -> str:
    """Presses `button` of a form that asks first (Ký, Cấp số, Rút…) and answers the page's
    confirmation dialog with its `answer` button ("ok" or "cancel"); returns the question asked. The
    dialog is the page's own (app.js), so it waits for the answer however long the PDF preview takes."""
    press = page.locator(button)
    press.tap() if tap else press.click()
    box = page.locator("#confirm-dialog[open]")
    box.wait_for()
    question = box.locator("#confirm-text").inner_text()
    reply = box.locator(f"button[value={answer}]")
    reply.tap() if tap else reply.click()
    return question


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
