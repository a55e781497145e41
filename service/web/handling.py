"""The handling pages (xử lý văn bản đến): presenting, the leader's direction, the officers' part,
"Văn bản của tôi". Every action is checked on the server: the role here, the person's unit and the
document's state in service.workflow; every POST logs code=web_handling_<action>."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from flask import Blueprint, Flask, abort, flash, redirect, render_template, request, send_file, url_for

from service import labels
from service.drafts import service as dservice
from service.errors import VanthuError
from service.handling import actions, assignees
from service.ingest.answers import keep_answer_file
from service.store import handling as hstore
from service.store import handling_views as hviews
from service.store import people
from service.store.handling import Assignment, Handling, HandlingStep
from service.web.access import actor, current_user, require_role, runtime
from service.web.params import form_text, parse_date
from service.web.security import upload_limit
from service.workflow import HandlingState, WorkflowError, assignment_status

bp = Blueprint("handling", __name__)
STATE_LABELS = labels.HANDLING_STATE
STEP_LABELS = labels.HANDLING_STEP
ROLE_LABELS = labels.ASSIGNMENT_ROLE
# the CSS class that colours a status (the tracking's colours: same meaning, same colour)
STATUS_CLASS = {
    "registered": "st-not_due",
    "presented": "st-due_soon",
    "returned": "st-late",
    "in_progress": "st-not_due",
    "open": "st-not_due",
    "overdue": "st-overdue",
    "done": "st-on_time",
    "done_late": "st-late",
    "filed": "st-on_time",
}


@dataclass(frozen=True)
class HandlingView:
    """What the document page shows of its handling and which forms the person gets."""

    handling: Handling | None
    state: HandlingState
    parts: list[Assignment]
    steps: list[HandlingStep]
    leaders: list[people.Person]
    officers: list[people.Person]
    names: dict[str, str]
    default_due: date | None
    answers: list[tuple[int, str]]
    me: people.Person | None
    today: date

    def status(self, a: Assignment) -> str:
        return str(assignment_status(a.due_date, a.done_at.date() if a.done_at else None, self.today))

    def may_act(self, a: Assignment) -> bool:
        me = self.me
        return bool(
            me
            and a.is_open
            and me.role == "officer"
            and me.unit_id == a.unit_id
            and (a.user_name in (None, me.name) or me.unit_head)
        )

    def may_reassign(self, a: Assignment) -> bool:
        me = self.me
        return bool(me and a.is_open and me.role == "officer" and me.unit_head and me.unit_id == a.unit_id)

    def may_direct(self) -> bool:
        me, h = self.me, self.handling
        return bool(
            me
            and me.role == "leader"
            and self.state is HandlingState.PRESENTED
            and h
            and h.presented_to in (None, me.name)
        )

    def name(self, user: str | None) -> str:
        return self.names.get(user, user) if user else ""


def handling_view(doc_id: int) -> HandlingView:
    rt = runtime()
    user = current_user()
    with rt.store.read() as conn:
        h = hstore.get_handling(conn, doc_id)
        everyone = people.list_people(conn)
        view = HandlingView(
            handling=h,
            state=h.state if h else HandlingState.REGISTERED,
            parts=hstore.assignments_of(conn, doc_id),
            steps=hstore.steps_of(conn, doc_id),
            leaders=[p for p in everyone if p.role == "leader"],
            officers=[p for p in everyone if p.role == "officer" and p.unit_id],
            names={p.name: p.shown for p in everyone},
            default_due=assignees.default_due(rt, conn, doc_id),
            answers=hstore.outgoing_answering(conn, doc_id),
            me=next((p for p in everyone if user and p.name == user["name"]), None),
            today=rt.now().date(),
        )
    return view


def install(app: Flask) -> None:
    app.jinja_env.globals.update(
        handling_view=handling_view,
        HANDLING_LABELS=STATE_LABELS,
        HANDLING_CLASS=STATUS_CLASS,
        STEP_LABELS=STEP_LABELS,
        ASSIGNMENT_ROLE_LABELS=ROLE_LABELS,
    )


def _actor():
    with runtime().store.read() as conn:
        return actions.actor_of(conn, current_user()["name"])


def _step(doc_id: int, done: str, step) -> object:
    """Take one step; a refusal for the person (not theirs to take) is 403, for the document's
    state or a value a message on the page."""
    try:
        step(_actor())
    except WorkflowError as exc:
        if exc.code == "handling_forbidden":
            abort(403)
        flash(exc.message, "error")
        return redirect(url_for("document.show", doc_id=doc_id) + "#handling")
    flash(done, "ok")
    return redirect(url_for("document.show", doc_id=doc_id) + "#handling")


@bp.route("/documents/<int:doc_id>/present", methods=["POST"])
@require_role("clerk")
def present(doc_id: int):
    to = form_text("to", max_len=128) or None
    return _step(
        doc_id,
        f"Đã trình {'lãnh đạo ' + to if to else 'các lãnh đạo'}.",
        lambda who: actions.present(runtime(), who, doc_id, to=to),
    )


@bp.route("/documents/<int:doc_id>/file", methods=["POST"])
@require_role("clerk")
def file_(doc_id: int):
    note = form_text("note", max_len=actions.TEXT_MAX + 1)
    return _step(
        doc_id,
        "Đã lưu văn bản, không trình.",
        lambda who: actions.file_document(runtime(), who, doc_id, note=note),
    )


@bp.route("/documents/<int:doc_id>/return", methods=["POST"])
@require_role("leader")
def return_(doc_id: int):
    note = form_text("note", max_len=actions.TEXT_MAX + 1)
    return _step(
        doc_id, "Đã trả lại văn thư.", lambda who: actions.return_to_clerk(runtime(), who, doc_id, note=note)
    )


@bp.route("/documents/<int:doc_id>/forward", methods=["POST"])
@require_role("leader")
def forward(doc_id: int):
    to, note = form_text("to", max_len=128), form_text("note", max_len=actions.TEXT_MAX + 1)
    return _step(
        doc_id,
        "Đã chuyển lãnh đạo khác.",
        lambda who: actions.forward(runtime(), who, doc_id, to=to, note=note),
    )


@bp.route("/documents/<int:doc_id>/direct", methods=["POST"])
@require_role("leader")
def direct(doc_id: int):
    try:
        due = parse_date(form_text("due", max_len=20))
    except ValueError as exc:
        flash(f"Hạn xử lý: {exc}", "error")
        return redirect(url_for("document.show", doc_id=doc_id) + "#handling")
    support = [s for s in request.form.getlist("support") if s][:200]
    return _step(
        doc_id,
        "Đã cho ý kiến chỉ đạo và giao xử lý.",
        lambda who: actions.direct(
            runtime(),
            who,
            doc_id,
            actions.Direction(
                form_text("direction", max_len=actions.TEXT_MAX + 1),
                lead=form_text("lead", max_len=200),
                support=support,
                due=due,
            ),
        ),
    )


def _assignment_doc(assignment_id: int) -> int:
    with runtime().store.read() as conn:
        a = hstore.get_assignment(conn, assignment_id)
    if a is None:
        abort(404)
    return a.document_id


def _done(who, assignment_id: int) -> list[HandlingStep]:
    """Hoàn thành, with the outgoing document's number and/or the answer as an uploaded file."""
    rt = runtime()
    upload = request.files.get("answer_file")
    staging = rt.config.data / "imports"
    staging.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=staging) as tmp:
        kept = None
        if upload and upload.filename:
            path = Path(tmp) / "answer"
            upload.save(path)
            kept = keep_answer_file(rt, path, upload.filename)
        return actions.mark_done(
            rt,
            who,
            assignment_id,
            answer=form_text("answer", max_len=128) or None,
            note=form_text("note", max_len=actions.TEXT_MAX + 1),
            answer_file=kept,
        )


@bp.route("/assignments/<int:assignment_id>/<action>", methods=["POST"])
@upload_limit(lambda: runtime().config.limits.max_bytes + 2**16)  # the answer file and the form
@require_role("officer")
def assignment_step(assignment_id: int, action: str):
    """An officer's step on a part given to their unit: acknowledge, progress, done, reassign."""
    doc_id, rt = _assignment_doc(assignment_id), runtime()
    steps = {
        "acknowledge": ("Đã ký nhận.", lambda who: actions.acknowledge(rt, who, assignment_id)),
        "progress": (
            "Đã cập nhật tiến độ.",
            lambda who: actions.record_progress(
                rt, who, assignment_id, text=form_text("text", max_len=actions.TEXT_MAX + 1)
            ),
        ),
        "done": ("Đã báo cáo hoàn thành.", lambda who: _done(who, assignment_id)),
        "reassign": (
            "Đã giao lại trong đơn vị.",
            lambda who: actions.reassign(
                rt, who, assignment_id, to_user=form_text("to_user", max_len=128) or None
            ),
        ),
    }
    if action not in steps:
        abort(404)
    done, step = steps[action]
    return _step(doc_id, done, step)


@bp.route("/assignments/<int:assignment_id>/answer-file")
def answer_file(assignment_id: int):
    """The answer file an officer attached, for whoever may read the document (as an attachment:
    it is untrusted, it never runs in our origin)."""
    rt = runtime()
    with rt.store.read() as conn:
        a = hstore.get_assignment(conn, assignment_id)
    if a is None or not a.answer_file or not a.answer_file_name:
        abort(404)
    path = rt.data_path(a.answer_file).resolve()
    if rt.config.originals.resolve() not in path.parents or not path.is_file():
        abort(404)
    resp = send_file(
        path,
        mimetype="application/octet-stream",
        as_attachment=True,
        download_name=a.answer_file_name,
        max_age=0,
    )
    resp.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return resp


@bp.route("/assignments/<int:assignment_id>/reply", methods=["POST"])
@require_role("officer")
def reply_draft(assignment_id: int):
    """The officer drafts the reply (công văn phúc đáp) to the document of their part."""
    rt = runtime()
    with rt.store.read() as conn:
        a = hstore.get_assignment(conn, assignment_id)
        who = actions.actor_of(conn, actor())
    if a is None:
        abort(404)
    if (
        not a.is_open
        or who.unit_id != a.unit_id
        or (a.user_name not in (None, who.name) and not who.unit_head)
    ):
        abort(403)
    try:
        draft = dservice.create_draft(rt, "reply", document_id=a.document_id, actor=who.name)
    except VanthuError as exc:
        flash(f"Không tạo được dự thảo: {exc.message}", "error")
        return redirect(url_for("document.show", doc_id=a.document_id) + "#handling")
    flash("Đã tạo dự thảo văn bản trả lời; viết nội dung rồi trình lãnh đạo ký.", "ok")
    return redirect(url_for("drafts.show", draft_id=draft.id))


@bp.route("/my/")
def mine():
    """Văn bản của tôi: an officer's parts by deadline; a leader's documents waiting for a
    direction; the văn thư's documents waiting to be presented."""
    rt, user = runtime(), current_user()
    today = rt.now().date()
    with rt.store.read() as conn:
        me = people.get_person(conn, user["name"])
        lines, queue, total = [], [], 0
        if me and me.role == "officer" and me.unit_id:
            lines = hviews.list_assignment_lines(
                conn, unit_id=me.unit_id, user_name=None if me.unit_head else me.name
            )
        elif me and me.role == "leader":
            queue, total = hviews.awaiting_direction(conn, me.name, limit=200)
        elif me and me.role == "clerk":
            queue, total = hviews.awaiting_presentation(conn, limit=200)
    unit = rt.config.organisation.unit(me.unit_id) if me and me.unit_id else None
    return render_template(
        "handling_mine.html", me=me, unit=unit, lines=lines, queue=queue, total=total, today=today
    )


@bp.route("/tracking/backlog")
def backlog():
    """The reports still owed for earlier periods (tồn đọng): apart from the current period of each
    requirement, which the dashboard counts."""
    from service.store import tracking as tstore
    from service.web import summaries
    from service.web.dashboard import status_summaries

    rt = runtime()
    today = rt.now().date()
    with rt.store.read() as conn:
        unconfirmed = {r.id for r in tstore.list_requirements(conn) if not r.confirmed}
        groups = [g for g in status_summaries(conn) if g.requirement_id not in unconfirmed]
    _current, earlier = summaries.split_overdue(groups, today)
    return render_template(
        "handling_backlog.html", periods=earlier, total=sum(g.counts["overdue"] for g in earlier)
    )
