"""A draft that stays true until it is signed, in a real browser against a real `vanthu serve`: a
reminder is drafted, a commune's report arrives and is linked, and the draft page, the drafts list and
the signing form say what changed; signing is refused until the draft is rebuilt (or the old content
confirmed); the rebuilt reminder no longer names the commune."""

from __future__ import annotations

import re
import time
from datetime import date

import pytest

from tests.conftest import make_docx
from tests.web.browser import WORK_TIMEOUT_MS, LiveOffice, confirm, log_in, shoot, submit
from tests.web.test_browser import browser, new_page  # noqa: F401  (the module's chromium fixture)


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    office = LiveOffice(tmp_path_factory.mktemp("office-drafts")).start()
    yield office
    office.stop()


def _report(unit_name: str, number: str, day: date) -> list[str]:
    return [
        "UBND HUYỆN TAM ĐƯỜNG",
        unit_name.upper(),
        f"Số: {number}",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        f"Tam Đường, ngày {day.day:02d} tháng {day.month} năm {day.year}",
        "BÁO CÁO",
        f"Kết quả thực hiện phong trào thi đua vì người nghèo năm {day.year}",
        f"Thực hiện Kế hoạch số 904/KH-UBND ngày 21/7/2022 của UBND huyện Tam Đường, {unit_name} báo cáo "
        f"kết quả thực hiện phong trào thi đua vì người nghèo năm {day.year} như sau:",
        "Số hộ nghèo giảm: 45 hộ.",
        "Nơi nhận:",
        "- UBND huyện;",
        "- Lưu: VT.",
        "CHỦ TỊCH",
        "Lò Văn Pó",
    ]


def _wait_for_submission(page, base: str, req_id: int, unit_name: str, number: str) -> None:
    """Until the report shows on the requirement's page; a link the service only proposed is
    confirmed by the clerk there, as the page offers. The page is not live: it is loaded again until then."""
    deadline = time.monotonic() + WORK_TIMEOUT_MS / 1000  # the file is read and registered first
    while time.monotonic() < deadline:
        page.goto(f"{base}/tracking/requirements/{req_id}")
        row = page.locator("tr", has_text=unit_name).filter(has_text=number)
        if row.count():
            confirm = row.locator("button[value=confirm]")
            if confirm.count():
                submit(page, confirm.first.click)
            return
        page.wait_for_timeout(500)  # the interval between two looks, not a wait for it
    raise AssertionError(f"the report {number} of {unit_name} never reached the tracking page")


def test_a_report_arriving_after_the_reminder_makes_it_stale_until_rebuilt(live, browser):  # noqa: F811
    communes = live.ids["communes"]
    org_units = {u.id: u.name for u in _organisation(live).units}
    late_unit = org_units[communes[-1]]  # a commune that still owes this year's report
    page, errors = new_page(browser)
    log_in(page, live.base, "van.thu")
    page.goto(f"{live.base}/tracking/requirements/{live.ids['yearly']}")
    page.click("button[name=kind][value=reminder]", timeout=WORK_TIMEOUT_MS)
    page.wait_for_url(re.compile(r"/drafts/\d+$"), timeout=WORK_TIMEOUT_MS)  # loaded with its preview
    draft_url = page.url
    draft_id = int(draft_url.rsplit("/", 1)[1])
    assert page.locator("#changes").count() == 0
    assert f"- {late_unit}: quá hạn" in page.input_value("#e-body")
    # The editor previews the body as the document lays it out, and says what the edit changes.
    if not page.locator("#e-body").is_visible():
        page.click("#editor summary")
    assert page.locator("#body-changes").inner_text() == "Chưa thay đổi nội dung."
    page.fill("#e-body", page.input_value("#e-body") + "\n- Ý bổ sung của văn thư;")
    assert page.locator("#body-preview p.pv-item", has_text="Ý bổ sung của văn thư").count() == 1
    assert page.locator("#body-changes").inner_text().startswith("Thay đổi: 1 đoạn mới hoặc sửa, 0 đoạn bỏ")

    # The commune's report arrives through the inbox and is linked to the requirement.
    today = date.today()
    number = "77/BC-UBND"
    (live.inbox / communes[-1]).mkdir(exist_ok=True)
    make_docx(live.inbox / communes[-1] / "bao-cao.docx", _report(late_unit, number, today))
    _wait_for_submission(page, live.base, live.ids["yearly"], late_unit, number)

    # The draft page, the drafts list and (for the leader) the signing form say what changed.
    page.goto(draft_url, timeout=WORK_TIMEOUT_MS)  # loaded: the PDF preview in its frame too
    changed = page.locator("#changes").inner_text()
    assert f"{late_unit} đã nộp báo cáo số {number}" in changed, changed
    shoot(page, "10-draft-stale")
    page.goto(f"{live.base}/drafts/")
    row = page.locator(f"#draft-{draft_id}")
    assert "stale" in (row.get_attribute("class") or "") and late_unit in row.inner_text()
    page.context.close()

    page, errors2 = new_page(browser)
    log_in(page, live.base, "lanh.dao")
    page.goto(draft_url, timeout=WORK_TIMEOUT_MS)
    assert page.locator("#sign-form #keep-stale").count() == 1
    page.fill("#signer", "Nguyễn Văn An")
    refused = submit(
        page, lambda: confirm(page, "#sign-form button"), expect="error", timeout=WORK_TIMEOUT_MS
    )
    assert "Số liệu đã thay đổi" in refused[0]
    assert "Lãnh đạo đã ký" not in page.locator("#draft-status").inner_text()

    # Rebuilt from the data as it is now: the commune is no longer reminded; then it is signed.
    submit(page, lambda: page.click("#rebuild"), timeout=WORK_TIMEOUT_MS)
    assert page.locator("#changes").count() == 0
    body = page.input_value("#e-body")
    assert f"- {late_unit}:" not in body and "quá hạn" in body
    page.fill("#signer", "Nguyễn Văn An")
    submit(page, lambda: confirm(page, "#sign-form button"), timeout=WORK_TIMEOUT_MS)
    assert "Lãnh đạo đã ký" in page.locator("#draft-status").inner_text()
    shoot(page, "11-draft-rebuilt-and-signed")
    assert not errors and not errors2, errors + errors2


def _organisation(live):
    from service.config import load_config

    return load_config(live.config).organisation
