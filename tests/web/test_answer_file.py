"""An officer reports their part done with the answer as a file (tệp trả lời): it is kept read-only
among the originals under its hash, the document page and "Văn bản của tôi" lead to it, the follow-up
register names it; an empty or too large file is refused with a message and changes nothing."""

from __future__ import annotations

import io
import stat
from datetime import date, datetime

import pytest

from service.store import followups
from service.store import handling as hstore
from tests.conftest import make_docx, write_office_config
from tests.handling.conftest import add_incoming, add_people
from tests.web.conftest import csrf_token
from tests.web.test_handling_pages import as_user, post

pytestmark = pytest.mark.both_databases


@pytest.fixture
def office(tmp_path, clock, database_url):
    """The office of tests/conftest.py with a 1 MB limit on files, so that the limit is tried."""
    from service.runtime import open_runtime

    path = write_office_config(tmp_path, database__url=database_url, limits__max_megabytes=1)
    rt = open_runtime(path, clock=clock)
    yield rt
    rt.store.dispose()


@pytest.fixture
def app(office, clock):
    from service.web import create_app

    clock.current = datetime(2026, 3, 2, 8, 30)
    add_people(office)
    office.doc_id = add_incoming(office, deadline=date(2026, 3, 13))
    return create_app(office, testing=True)


def _upload(client, path, name: str, data: bytes, **fields):
    form = {"answer_file": (io.BytesIO(data), name), "csrf_token": csrf_token(client, "/"), **fields}
    return client.post(path, data=form, content_type="multipart/form-data")


def _directed(app, office):
    doc = office.doc_id
    post(as_user(app, "van.thu"), f"/documents/{doc}/present", {"to": "lanh.dao"})
    data = {"direction": "Giao Phòng Nội vụ chủ trì.", "lead": "user:cv.nv", "support": ["unit:tu-phap"]}
    assert post(as_user(app, "lanh.dao"), f"/documents/{doc}/direct", data).status_code == 302
    with office.store.read() as conn:
        return hstore.assignments_of(conn, doc)


def test_done_with_an_answer_file(app, office, tmp_path):
    lead, support = _directed(app, office)
    officer = as_user(app, "cv.nv")
    page = officer.get(f"/documents/{office.doc_id}").get_data(as_text=True)
    assert 'enctype="multipart/form-data" id="done-form-' in page and 'name="answer_file"' in page

    # refused: another unit's officer, an empty file; nothing is recorded
    assert _upload(as_user(app, "cv.tp"), f"/assignments/{lead.id}/done", "x.docx", b"x").status_code == 403
    _upload(officer, f"/assignments/{lead.id}/done", "rong.docx", b"")
    assert "Tệp rong.docx rỗng." in officer.get(f"/documents/{office.doc_id}").get_data(as_text=True)

    answer = make_docx(tmp_path / "a.docx", ["UBND HUYỆN TAM ĐƯỜNG", "Báo cáo công tác cải cách hành chính"])
    data = answer.read_bytes()
    name = "Báo cáo CCHC.docx"
    resp = _upload(officer, f"/assignments/{lead.id}/done", name, data, note="Đã gửi Sở qua thư điện tử")
    assert resp.status_code == 302
    with office.store.read() as conn:
        done = hstore.get_assignment(conn, lead.id)
        steps = hstore.steps_of(conn, office.doc_id)
        line = next(r for r in followups.followup_register(conn) if r.document_id == office.doc_id)
    assert (done.state, done.answer_file_name, done.note) == ("done", name, "Đã gửi Sở qua thư điện tử")
    kept = office.data_path(done.answer_file)
    assert kept.read_bytes() == data and kept.parent.parent == office.config.originals
    assert not kept.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)  # read-only
    assert steps[-1].detail == {"answer_file": name}
    assert line.progress.endswith(f"tệp trả lời: {name}")
    assert not list((office.config.data / "imports").rglob("*"))  # the upload is not kept twice

    # whoever reads the document gets the file, as an attachment
    viewer = as_user(app, "nguoi.xem")
    page = viewer.get(f"/documents/{office.doc_id}").get_data(as_text=True)
    assert f"/assignments/{lead.id}/answer-file" in page and name in page
    got = viewer.get(f"/assignments/{lead.id}/answer-file")
    assert got.status_code == 200 and got.data == data
    assert got.headers["Content-Disposition"].startswith("attachment")
    assert "sandbox" in got.headers["Content-Security-Policy"]
    assert viewer.get(f"/assignments/{support.id}/answer-file").status_code == 404  # none attached
    mine = officer.get("/my/").get_data(as_text=True)
    assert name in mine


def test_a_file_over_the_limit_is_refused(app, office):
    lead, _support = _directed(app, office)
    officer = as_user(app, "cv.nv")
    limit = office.config.limits.max_bytes
    resp = _upload(officer, f"/assignments/{lead.id}/done", "lon.pdf", b"%PDF" + b"0" * limit)
    assert resp.status_code == 302
    assert "quá lớn" in officer.get(f"/documents/{office.doc_id}").get_data(as_text=True)
    with office.store.read() as conn:
        assert hstore.get_assignment(conn, lead.id).is_open
    assert not any(p.stat().st_size > limit for p in office.config.originals.rglob("*") if p.is_file())
