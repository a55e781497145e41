"""From arrival to done in a real browser at 390 px (a phone), against a real `vanthu serve`: the
văn thư presents, the leader directs and assigns, the officer signs for it, records progress,
drafts the reply, the leader signs it, the officer reports it done with that reply, the supporting
unit's officer with an answer file; the incoming register (page and print) and the follow-up
register show it. No page is wider than the phone."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest

from service.runtime import open_runtime
from tests.conftest import require_path
from tests.handling.conftest import add_incoming
from tests.handling.conftest import add_people as add_handling_people
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

PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    office = LiveOffice(tmp_path_factory.mktemp("office"))
    rt = open_runtime(office.config)
    add_handling_people(rt)  # officers in their units; the clerk and the leader get full names
    office.doc_id = add_incoming(rt, deadline=date.today() + timedelta(days=20))
    rt.store.dispose()
    office.start()
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


def phone(browser, live, name):
    ctx = new_context(browser, viewport=PHONE, is_mobile=True, has_touch=True)
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    log_in(page, live.base, name)
    return page, errors


def fits(page) -> None:
    """Nothing runs off the phone's edge: the page is no wider than the screen."""
    width = page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width}px wide"


def test_arrival_to_done_on_a_phone(live, browser):
    doc_url = f"{live.base}/documents/{live.doc_id}"

    # The văn thư: the dashboard's first screen says what waits; the menu is folded.
    page, errors = phone(browser, live, "van.thu")
    assert not page.locator("#main-nav").is_visible()
    waiting = int(page.locator("#n-to-present").inner_text())
    assert waiting >= 1
    assert page.locator("#n-to-present").bounding_box()["y"] < PHONE["height"]  # in the first screen
    page.tap(".nav-toggle")
    assert page.locator("#main-nav").is_visible()
    fits(page)
    page.goto(doc_url)
    assert page.locator("#file-form").is_visible()  # lưu, không trình: the other way out
    fits(page)
    page.select_option("#h-to", "lanh.dao")
    submit(page, lambda: page.tap("#present-form button"))
    assert "Chờ lãnh đạo cho ý kiến" in page.locator("#handling-state").inner_text()
    fits(page)
    shoot(page, "w1-presented-phone")

    # The leader, on a phone: directs and assigns by touch.
    page, errors2 = phone(browser, live, "lanh.dao")
    assert int(page.locator("#n-to-direct").inner_text()) >= 1
    page.locator(f"#to-direct a[href$='/documents/{live.doc_id}#handling']").first.tap()
    page.wait_for_url(re.compile(r"/documents/\d+"))
    assert page.input_value("#h-due")  # the default deadline is filled in
    page.fill(
        "#h-direction", "Giao Phòng Nội vụ (đồng chí Mai) chủ trì, Phòng Tư pháp phối hợp tham mưu trả lời."
    )
    page.select_option("#h-lead", "user:cv.nv")
    page.locator("#direct-form summary").tap()
    page.locator("#direct-form input[value='unit:tu-phap']").tap()
    fits(page)
    shoot(page, "w2-direct-phone")
    submit(page, lambda: page.tap("#direct-form button[type=submit]"))
    assert "Đang xử lý" in page.locator("#handling-state").inner_text()
    history = page.locator("#handling-history").inner_text()
    assert "Trình lãnh đạo" in history and "Giao xử lý" in history and "Lò Thị Hoa" in history

    # The officer: signs for it, records progress, drafts the reply.
    page, errors3 = phone(browser, live, "cv.nv")
    assert int(page.locator("#n-mine").inner_text()) == 1
    page.goto(live.base + "/my/")
    assert "2775/SNV-CCHC" in page.locator("#my-assignments").inner_text()
    fits(page)
    page.locator("#my-assignments a").first.tap()
    page.wait_for_url(re.compile(r"/documents/\d+"))
    submit(page, lambda: page.tap("button:has-text('Ký nhận')"))
    page.fill("textarea[name=text]", "Đã tổng hợp số liệu, đang dự thảo văn bản trả lời")
    submit(page, lambda: page.tap("button:has-text('Cập nhật tiến độ')"))
    page.tap("button:has-text('Tạo dự thảo văn bản trả lời')", timeout=WORK_TIMEOUT_MS)
    page.wait_for_url(re.compile(r"/drafts/\d+$"), timeout=WORK_TIMEOUT_MS)  # loaded with its preview
    draft_url = page.url
    body = page.input_value("#e-body")  # the body as one text: the part to write replaced
    lines = [
        "Ủy ban nhân dân huyện báo cáo kết quả cải cách hành chính quý I như sau."
        if line.startswith("[")
        else line
        for line in body.splitlines()
    ]
    page.fill("#e-body", "\n".join(lines))
    saved = submit(page, lambda: page.locator("form[action$='/edit'] button[type=submit]").tap())
    assert any("Đã lưu nội dung dự thảo" in text for text in saved), saved
    fits(page)

    # The leader signs the reply on the phone; the văn thư gives it its number and issues it.
    page_l, _ = phone(browser, live, "lanh.dao")
    page_l.goto(draft_url, timeout=WORK_TIMEOUT_MS)  # loaded: the PDF preview in its frame too
    page_l.fill("#signer", "Nguyễn Văn An")
    submit(page_l, lambda: confirm(page_l, "form[action$='/sign'] button", tap=True), timeout=WORK_TIMEOUT_MS)
    page_v, _ = phone(browser, live, "van.thu")
    page_v.goto(draft_url, timeout=WORK_TIMEOUT_MS)
    issued = submit(page_v, lambda: confirm(page_v, "#issue-form button", tap=True), timeout=WORK_TIMEOUT_MS)
    number = re.search(r"số (\S+/[^\s;]+)", issued[0])
    assert number, issued
    number = number.group(1).rstrip(".,")

    # The officer reports it done with that reply (offered on the form).
    page.goto(doc_url)
    assert page.input_value("input[name=answer]") == number
    submit(page, lambda: page.tap("button:has-text('Báo cáo hoàn thành')"))
    assert "Đã xử lý xong" in page.locator("#handling-state").inner_text()
    shoot(page, "w3-done-phone")

    # The supporting unit's officer reports its part done with its answer as a file, by touch.
    page_t, errors5 = phone(browser, live, "cv.tp")
    page_t.goto(doc_url)
    answer = {"name": "Ý kiến Phòng Tư pháp.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 y kien"}
    page_t.set_input_files("input[name=answer_file]", files=[answer])
    submit(page_t, lambda: page_t.tap("button:has-text('Báo cáo hoàn thành')"))
    link = page_t.locator("a.answer-file")
    assert link.inner_text() == "Ý kiến Phòng Tư pháp.pdf"
    assert page_t.request.get(live.base + link.get_attribute("href")).body() == answer["buffer"]
    fits(page_t)

    # The registers show it: the incoming register (page and print) and the follow-up register.
    page, errors4 = phone(browser, live, "van.thu")
    page.goto(live.base + "/incoming/?q=2775")
    row = page.locator("table.register tbody tr").first.inner_text()
    assert "Phòng Nội vụ (Vàng Thị Mai) chủ trì" in row and "Phòng Tư pháp" in row
    assert "Vàng Thị Mai," in row  # Ký nhận
    fits(page)
    shoot(page, "w4-register-phone")
    page.goto(live.base + "/incoming/print?q=2775")
    printed = page.locator("table").inner_text()
    assert "Phòng Nội vụ (Vàng Thị Mai) chủ trì" in printed and "Vàng Thị Mai," in printed
    page.goto(live.base + "/followup/")
    follow = page.locator("table").inner_text()
    assert number in follow and "Đã giải quyết xong" in follow
    fits(page)
    everything = errors + errors2 + errors3 + errors4 + errors5
    assert not everything, everything
