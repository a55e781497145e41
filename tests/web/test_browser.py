"""The whole round trip in a real browser against a real `vanthu serve`:
a clerk sees a dropped file arrive, corrects it, opens the matrix and drafts a reminder;
a leader signs it; the outgoing register shows its number. Screenshots of every page."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from tests.conftest import SAMPLE_REPORT, make_docx, require_path
from tests.web.browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    WORK_TIMEOUT_MS,
    LiveOffice,
    confirm,
    log_in,
    new_context,
    shoot,
    submit,
)
from tests.web.seed import SCRIPT_TITLE


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    office = LiveOffice(tmp_path_factory.mktemp("office")).start()
    yield office
    office.stop()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    require_path(Path(CHROMIUM), "Debian's chromium")

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


def new_page(browser):
    ctx = new_context(browser, viewport={"width": 1366, "height": 900})
    page = ctx.new_page()
    errors: list[str] = []
    page.on(
        "console",
        lambda m: (
            errors.append(m.text)
            if m.type == "error" and not m.text.startswith("Failed to load resource")
            else None
        ),
    )
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    return page, errors


def test_round_trip_clerk_then_leader(live, browser):
    page, errors = new_page(browser)
    log_in(page, live.base, "van.thu")
    before = int(page.locator("#arrivals-count").inner_text())

    # A commune's report dropped into the inbox appears on the open dashboard, without reloading.
    report = [
        line.replace("PHÒNG NỘI VỤ", "UBND XÃ BẢN GIANG").replace("45/BC-PNV", "77/BC-UBND")
        for line in SAMPLE_REPORT
    ]
    (live.inbox / "ban-giang").mkdir(exist_ok=True)
    make_docx(live.inbox / "ban-giang" / "bao-cao-ban-giang.docx", report)
    new_row = page.locator("#arrivals tbody tr.new").first
    new_row.wait_for(timeout=WORK_TIMEOUT_MS)  # the file is read and registered first
    assert int(page.locator("#arrivals-count").inner_text()) == before + 1
    shoot(page, "01-dashboard-new-arrival")

    # The clerk opens it and corrects a field; the correction shows in the audit trail.
    new_row.locator("a").first.click()
    page.wait_for_url(re.compile(r"/documents/\d+$"))
    page.fill("#f-title_summary", "Kết quả phong trào thi đua năm 2026 của xã Bản Giang")
    page.fill("#f-recipient_unit", "Phòng Lao động - Thương binh và Xã hội")
    submit(page, lambda: page.click("#edit button[type=submit]"))
    history = page.locator("text=Nhật ký hiệu chỉnh").locator("xpath=..").inner_text()
    assert "Kết quả phong trào thi đua năm 2026 của xã Bản Giang" in history and "van.thu" in history
    shoot(page, "02-document-corrected")

    # The tracking matrix of the yearly report; the clerk drafts a reminder to the late communes.
    page.goto(f"{live.base}/tracking/requirements/{live.ids['yearly']}")
    assert page.locator("table.matrix td.cell.st-overdue").count() > 0
    assert page.locator("table.matrix td.cell.st-on_time").count() > 0
    shoot(page, "03-tracking-matrix")
    page.click("button[name=kind][value=reminder]", timeout=WORK_TIMEOUT_MS)
    page.wait_for_url(re.compile(r"/drafts/\d+$"), timeout=WORK_TIMEOUT_MS)
    draft_url = page.url
    assert "Công văn đôn đốc" in page.locator("h1").inner_text()
    page.context.close()

    # The leader signs it; the văn thư then issues it; the outgoing register shows its number.
    page, errors2 = new_page(browser)
    log_in(page, live.base, "lanh.dao")
    page.goto(draft_url, timeout=WORK_TIMEOUT_MS)  # loaded: the PDF preview in its frame too
    shoot(page, "04-draft-for-signature")
    assert page.input_value("#signer") == ""  # never the login name: the leader types the full name
    page.fill("#signer", "Nguyễn Văn An")
    # "Hủy" sends nothing: the dialog closes, and the one request to sign is the one after "Ký số".
    sign_posts: list[str] = []
    page.on(
        "request", lambda r: sign_posts.append(r.url) if r.method == "POST" and "/sign" in r.url else None
    )
    asked = confirm(page, "form[action$='/sign'] button", answer="cancel")
    assert asked.startswith("Ký số dự thảo này"), asked
    page.locator("#confirm-dialog[open]").wait_for(state="hidden")
    signed = submit(page, lambda: confirm(page, "form[action$='/sign'] button"), timeout=WORK_TIMEOUT_MS)
    assert "văn thư sẽ cấp số" in signed[0]
    assert len(sign_posts) == 1, sign_posts
    page.context.close()
    page, errors3 = new_page(browser)
    log_in(page, live.base, "van.thu")
    page.goto(draft_url, timeout=WORK_TIMEOUT_MS)
    issued = submit(page, lambda: confirm(page, "#issue-form button"), timeout=WORK_TIMEOUT_MS)
    number = re.search(r"số (\S+/[^\s;]+)", issued[0])
    assert number, issued
    assert "Nguyễn Văn An" in issued[-1]  # the issued banner
    page.goto(live.base + "/outgoing/")
    assert number.group(1) in page.locator("table").inner_text()
    shoot(page, "05-outgoing-register")
    assert not errors and not errors2 and not errors3, errors + errors2 + errors3


def test_script_in_title_is_text_in_a_real_browser(live, browser):
    page, _errors = new_page(browser)
    log_in(page, live.base, "nguoi.xem")
    page.goto(f"{live.base}/documents/{live.ids['hostile']}")
    assert page.evaluate("window.__pwned") is None
    assert SCRIPT_TITLE in page.locator("body").inner_text()
    page.goto(f"{live.base}/incoming/?q=trich+yeu+co+the")
    assert page.evaluate("window.__pwned") is None
    assert SCRIPT_TITLE in page.locator("table.register").inner_text()


PAGES = [
    ("login", None, "/login"),
    ("dashboard", "van.thu", "/"),
    ("incoming", "van.thu", "/incoming/"),
    ("incoming-search", "van.thu", "/incoming/?q=bao+cao+ngheo"),
    ("incoming-print", "van.thu", "/incoming/print?year=2022"),
    ("document", "van.thu", "/documents/{plan}"),
    ("tracking", "van.thu", "/tracking/"),
    ("tracking-soon", "van.thu", "/tracking/requirements/{soon}"),
    ("drafts", "lanh.dao", "/drafts/"),
    ("outgoing", "lanh.dao", "/outgoing/"),
    ("followup", "van.thu", "/followup/"),
    ("quarantine", "van.thu", "/quarantine/"),
    ("dashboard-viewer", "nguoi.xem", "/"),
    ("document-viewer", "nguoi.xem", "/documents/{today_doc}"),
]


def test_screenshots_of_every_page(live, browser):
    (live.inbox / "hong.docx").write_bytes(b"PK\x03\x04 not really a docx")  # for the quarantine page
    who = None
    page = None
    for name, user, path in PAGES:
        if user != who or page is None:
            if page is not None:
                page.context.close()
            page, errors = new_page(browser)
            if user:
                log_in(page, live.base, user)
            who = user
        if name == "quarantine":  # the page is not live: reloaded until the watcher has set the file aside
            deadline = time.monotonic() + WORK_TIMEOUT_MS / 1000
            page.goto(live.base + "/quarantine/")
            while not page.locator("#q1, tr[id^=q]").count():
                assert time.monotonic() < deadline, "hong.docx never reached the quarantine page"
                page.wait_for_timeout(500)  # the interval between two looks, not a wait for it
                page.reload()
        resp = page.goto(live.base + path.format(**live.ids))
        assert resp.status == 200, (name, resp.status)
        shoot(page, name)
        if name.endswith("print"):  # what the printer gets: no menu, no buttons, black rules
            page.emulate_media(media="print")
            assert not page.locator("header.topbar").is_visible()
            shoot(page, name + "-media")
            page.emulate_media(media="screen")
        assert not errors, (name, errors)
