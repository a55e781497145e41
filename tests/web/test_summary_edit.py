"""The drafter edits a compiled summary on its page before presenting it: a misread number in the
compiled table and a sentence of the body are corrected through the form; the table's total is added
up again, and the .docx and the .xlsx beside it are written anew with the corrected figures."""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest
from docx import Document
from openpyxl import load_workbook

from service.drafts.service import create_draft
from service.runtime import open_runtime
from tests.conftest import FakeClock, write_office_config
from tests.drafts.conftest import add_plan_requirement
from tests.drafts.test_summary import FILLED, _register, report_docx
from tests.web.conftest import _HASH, USERS, csrf_token, login

_INPUT = re.compile(r'name="(t\d+-[hrc0-9-]+)" value="([^"]*)"')


@pytest.fixture
def office(tmp_path):
    from service.store import users as ustore

    rt = open_runtime(write_office_config(tmp_path / "office"), clock=FakeClock(datetime(2023, 11, 15, 9)))
    rt.requirement_id = add_plan_requirement(rt)
    with rt.store.write() as conn:
        for name, role in USERS.items():
            ustore.add_user(conn, name, _HASH, role, now=rt.now())
    yield rt
    rt.store.dispose()


def test_the_compiled_table_and_text_edited_on_the_page(office, tmp_path):
    from service.store import drafts as dstore
    from service.web import create_app

    org, day = office.config.organisation, date(2023, 11, 8)
    for i, unit_id in enumerate(("ban-bo", "then-sin")):
        row = FILLED[unit_id][0]
        number = f"{20 + i}/BC-UBND"
        name = org.unit(unit_id).name.replace("UBND ", "")
        docx = report_docx(tmp_path / f"{unit_id}.docx", name, row, number, day)
        _register(office, unit_id, docx, "docx", number, day, office.requirement_id)
    draft = create_draft(office, "summary", requirement_id=office.requirement_id, period="2023")
    index = next(i for i, t in enumerate(draft.context["tables"]) if t["header"][:2] == ["STT", "Tên đơn vị"])
    assert draft.context["tables"][index]["total"][2] == "205"  # 120 + 85

    client = create_app(office, testing=True).test_client()
    assert login(client, "van.thu").status_code == 302
    page = client.get(f"/drafts/{draft.id}").get_data(as_text=True)
    form = dict(_INPUT.findall(page))  # the table as the page shows it, cell by cell
    assert form[f"t{index}-r0-c2"] == "120" and form[f"t{index}-r1-c2"] == "85"
    body = re.search(r'<textarea id="e-body"[^>]*>(.*?)</textarea>', page, re.S).group(1)
    body = body.replace("&#34;", '"').replace("&#39;", "'").replace("&amp;", "&")
    body = body.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
    assert "[BẢNG" in body and 'data-preview="body-preview"' in page  # the preview of the change
    form[f"t{index}-r1-c2"] = "58"  # the unit's form said 58; the reading took 85
    form.update(
        body=body + "\nUBND huyện đề nghị các xã tiếp tục rà soát hộ nghèo.",
        title_summary=draft.context["title_summary"],
        csrf_token=csrf_token(client, f"/drafts/{draft.id}"),
    )
    assert client.post(f"/drafts/{draft.id}/edit", data=form).status_code == 302

    with office.store.read() as conn:
        edited = dstore.get_draft(conn, draft.id)
    table = edited.context["tables"][index]
    assert [r[2] for r in table["rows"]] == ["120", "58"] and table["total"][2] == "178"
    assert edited.context["blocks"][-1]["text"] == "UBND huyện đề nghị các xã tiếp tục rà soát hộ nghèo."
    word = Document(str(office.data_path(edited.docx_path)))
    grid = next(
        [c.text for c in r.cells] for t in word.tables for r in t.rows[-1:] if r.cells[1].text == "Tổng cộng"
    )
    assert grid[2] == "178"
    assert "tiếp tục rà soát hộ nghèo" in "\n".join(p.text for p in word.paragraphs)
    sheet = next(
        ws
        for ws in load_workbook(office.data_path(edited.xlsx_path)).worksheets
        if ws["B2"].value == "Tên đơn vị"
    )
    rows = [[c.value for c in r] for r in sheet.iter_rows(min_row=3)]
    assert rows[1][2] == 58 and rows[-1][1:3] == ["Tổng cộng", 178]
