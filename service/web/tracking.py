"""Tracking (theo dõi báo cáo): requirements, the units × periods matrix, links, paper submissions."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for

from service.drafts import service as dservice
from service.errors import VanthuError
from service.models import LinkState
from service.store import tracking as tstore
from service.store.tracking import TrackingError
from service.tracking.periods import periods_as_of
from service.web import summaries
from service.web.access import actor, require_role, runtime
from service.web.dashboard import status_summaries
from service.web.formats import period_label
from service.web.params import arg_text, form_date, form_int, form_text

bp = Blueprint("tracking", __name__, url_prefix="/tracking")
PROPOSED_SHOWN = 50  # the oldest first; each confirmation brings the next one up


def _periods(req, today):
    return [label for label, _due in periods_as_of(req, today)]


@bp.route("/")
def index():
    rt = runtime()
    today = rt.now().date()
    with rt.store.read() as conn:
        reqs = tstore.list_requirements(conn)
        groups = status_summaries(conn)
        proposed_links = tstore.list_proposed_links(conn, limit=PROPOSED_SHOWN)
        proposed_total = tstore.count_proposed_links(conn)
    by_req: dict[int, list[summaries.PeriodSummary]] = {}
    for s in groups:
        by_req.setdefault(s.requirement_id, []).append(s)
    current = {rid: summaries.current(groups, today) for rid, groups in by_req.items()}
    return render_template(
        "tracking_index.html",
        reqs=reqs,
        current=current,
        proposed_links=proposed_links,
        proposed_total=proposed_total,
        today=today,
    )


@bp.route("/requirements/<int:req_id>")
def requirement(req_id: int):
    rt = runtime()
    today = rt.now().date()
    with rt.store.read() as conn:
        req = tstore.get_requirement(conn, req_id)
        if req is None:
            abort(404)
        rows = tstore.compute_status(
            conn, rt.config.organisation, today, rt.config.due_soon_days, requirement_id=req_id
        )
        subs = tstore.list_submissions(conn, req_id)
    periods, units, cells = summaries.matrix(rows)
    per_period = {s.period: s for s in summaries.summarise(rows)}
    chosen = arg_text("period", max_len=16)
    if chosen and chosen not in per_period:
        chosen = ""
    if not chosen:
        now = summaries.current(list(per_period.values()), today)
        chosen = now.period if now else ""
    subs = [s for s in subs if s.period == chosen or s.state == LinkState.PROPOSED]
    return render_template(
        "tracking_requirement.html",
        req=req,
        periods=periods,
        units=units,
        cells=cells,
        per_period=per_period,
        chosen=chosen,
        subs=subs,
        all_periods=_periods(req, today),
        today=today,
    )


def _back(req_id: int | None = None, period: str | None = None):
    if req_id:
        return redirect(url_for("tracking.requirement", req_id=req_id, period=period or None))
    return redirect(url_for("tracking.index"))


@bp.route("/requirements/<int:req_id>/confirm", methods=["POST"])
@require_role("clerk")
def confirm_requirement(req_id: int):
    if not _requirement_step(tstore.confirm_requirement, req_id, "Đã xác nhận yêu cầu báo cáo."):
        return _back(req_id)
    return _back(req_id, form_text("period", max_len=16) or None)  # the period the clerk was looking at


def _requirement_step(step, req_id: int, done: str) -> bool:
    """One change of a requirement's state by the clerk (confirm, close), flashed either way."""
    rt = runtime()
    try:
        with rt.store.write() as conn:
            step(conn, req_id, now=rt.now(), actor=actor())
    except TrackingError as exc:
        flash(str(exc), "error")
        return False
    flash(done, "ok")
    return True


def _requirement_form(known: set[str], req=None) -> dict:
    """The requirement's fields as the clerk typed them; ValueError with the sentence to show.
    A ticked group brings all its units (the config's); a unit no longer configured stays only
    if it is `known` (already owed) and still ticked."""
    org = runtime().config.organisation
    what = form_text("what", max_len=1000)
    if not what:
        raise ValueError("Nhập nội dung phải báo cáo.")
    unit_ids = [u for u in request.form.getlist("unit_ids") if u][:2000]
    for gid in request.form.getlist("group_ids")[:200]:
        unit_ids += [u.id for u in org.units_in_group(gid)]
    unit_ids = [u for u in dict.fromkeys(unit_ids) if u in known | {x.id for x in org.units}]
    if not unit_ids:
        raise ValueError("Chọn ít nhất một đơn vị hoặc nhóm đơn vị phải báo cáo.")
    # a field the form did not send keeps the requirement's value (older forms, other clients)
    sent = request.form
    recurrence = (
        form_text("recurrence", max_len=16) or None if "recurrence" in sent else req and req.recurrence
    )
    if recurrence not in (None, "weekly", "monthly", "quarterly", "yearly"):
        abort(400)
    try:
        due = form_date("due_date") if "due_date" in sent or req is None else req.due_date
        end = form_date("end_date") if "end_date" in sent or req is None else req.end_date
    except ValueError as exc:
        raise ValueError(f"Ngày: {exc}") from None
    if due is None:
        raise ValueError("Nhập hạn báo cáo (kỳ đầu tiên).")
    return {
        "what": what,
        "to_whom": form_text("to_whom", max_len=500),
        "source_number_symbol": form_text("source_number_symbol", max_len=128) or None,
        "unit_ids": unit_ids,
        "due_date": due,
        "recurrence": recurrence,
        "end_date": end if recurrence else None,
    }


@bp.route("/requirements/<int:req_id>/edit", methods=["POST"])
@require_role("clerk")
def edit_requirement(req_id: int):
    """The clerk corrects a requirement: what is asked, to whom, the source's number, the first due
    date, the recurrence and its end, the units that owe it (by unit or by group)."""
    rt = runtime()
    try:
        with rt.store.write() as conn:
            req = tstore.get_requirement(conn, req_id)
            if req is None:
                abort(404)
            changes = _requirement_form(set(req.unit_ids), req)
            if changes["due_date"] == req.due_date:
                changes.pop("due_date")  # the rule of its day and month stays as it was
            changes = {k: v for k, v in changes.items() if v != getattr(req, k)}
            if not changes:
                flash("Không có thay đổi nào.", "info")
                return _back(req_id)
            tstore.update_requirement(conn, req_id, now=rt.now(), actor=actor(), **changes)
    except ValueError as exc:
        flash(str(exc), "error")
        return _back(req_id)
    except TrackingError as exc:
        flash(str(exc), "error")
        return _back(req_id)
    flash("Đã sửa yêu cầu báo cáo; thay đổi được ghi vào nhật ký.", "ok")
    return _back(req_id)


@bp.route("/requirements/new", methods=["POST"])
@require_role("clerk")
def new_requirement():
    """A requirement the clerk adds by hand (a deadline said at a meeting, one the reading missed)."""
    from service.models import Requirement

    rt = runtime()
    try:
        values = _requirement_form(set())
        with rt.store.write() as conn:
            new_id = tstore.add_requirement(
                conn,
                Requirement(id=None, source_document_id=None, confirmed=True, **values),
                now=rt.now(),
                actor=actor(),
            )
    except (ValueError, TrackingError) as exc:
        flash(str(exc), "error")
        return _back()
    flash("Đã thêm yêu cầu báo cáo.", "ok")
    return _back(new_id)


@bp.route("/requirements/<int:req_id>/close", methods=["POST"])
@require_role("clerk")
def close_requirement(req_id: int):
    """Stop tracking a requirement (wrongly proposed, or its plan has ended); kept in the audit trail."""
    if not _requirement_step(tstore.close_requirement, req_id, "Đã ngừng theo dõi yêu cầu báo cáo này."):
        return _back(req_id)
    return _back()


@bp.route("/requirements/<int:req_id>/paper", methods=["POST"])
@require_role("clerk")
def record_paper(req_id: int):
    """A report that came on paper: the clerk ticks the unit off for the period."""
    rt = runtime()
    unit_id, period = form_text("unit_id", max_len=64), form_text("period", max_len=16)
    # a refused entry comes back to the form as the clerk typed it, not reset to the first unit
    typed: dict[str, Any] = {
        "p_unit": unit_id,
        "p_date": form_text("received_on", max_len=20),
        "p_number": form_text("number_symbol", max_len=128),
    }
    try:
        received = form_date("received_on", not_after=rt.now().date())
    except ValueError as exc:
        flash(f"Ngày nhận: {exc}", "error")
        return redirect(url_for("tracking.requirement", req_id=req_id, period=period or None, **typed))
    if received is None:
        flash("Nhập ngày nhận bản giấy (dạng 19/11/2026).", "error")
        return redirect(url_for("tracking.requirement", req_id=req_id, period=period or None, **typed))
    try:
        with rt.store.write() as conn:
            tstore.record_paper_submission(
                conn,
                tstore.PaperReport(
                    req_id, unit_id, period, received, form_text("number_symbol", max_len=128) or None
                ),
                now=rt.now(),
                actor=actor(),
            )
    except TrackingError as exc:
        flash(str(exc), "error")
        return _back(req_id, period)
    unit = rt.config.organisation.unit(unit_id)
    flash(
        f"Đã ghi nhận báo cáo bản giấy của {unit.name if unit else unit_id}, {period_label(period).lower()}.",
        "ok",
    )
    return _back(req_id, period)


@bp.route("/links/<int:sub_id>")
def link(sub_id: int):
    """One submission (a report linked to a requirement): confirm, reject or correct it."""
    rt = runtime()
    with rt.store.read() as conn:
        sub = tstore.get_submission(conn, sub_id)
        if sub is None:
            abort(404)
        req = tstore.get_requirement(conn, sub.requirement_id)
        reqs = tstore.list_requirements(conn)
    return render_template(
        "tracking_link.html", s=sub, req=req, reqs=reqs, periods=_periods(req, rt.now().date())
    )


@bp.route("/links/<int:sub_id>", methods=["POST"])
@require_role("clerk")
def link_action(sub_id: int):
    """Confirm, reject or change a link the matcher proposed between a document and a requirement."""
    rt = runtime()
    action = request.form.get("action", "")
    try:
        with rt.store.write() as conn:
            sub = tstore.get_submission(conn, sub_id)
            if sub is None:
                abort(404)
            now, who = rt.now(), actor()
            if action == "confirm":
                tstore.confirm_link(conn, sub_id, now=now, actor=who)
                msg = "Đã xác nhận liên kết."
            elif action == "reject":
                tstore.reject_link(conn, sub_id, now=now, actor=who)
                msg = (
                    "Đã bỏ liên kết: báo cáo này không còn được tính."
                    if sub.state == LinkState.LINKED
                    else "Đã từ chối liên kết."
                )
            elif action == "change":
                unit_id = form_text("unit_id", max_len=64) or None
                if unit_id and rt.config.organisation.unit(unit_id) is None:
                    abort(400)
                try:
                    received = form_date("received_on", not_after=rt.now().date()) if sub.on_paper else None
                except ValueError as exc:
                    flash(f"Ngày nhận: {exc}", "error")
                    return _back_to_form()
                tstore.change_link(
                    conn,
                    sub_id,
                    tstore.LinkChange(
                        unit_id=unit_id,
                        period=form_text("period", max_len=16) or None,
                        requirement_id=form_int("requirement_id"),
                        received_on=received,
                    ),
                    now=now,
                    actor=who,
                )
                msg = "Đã sửa liên kết."
            else:
                abort(400)
    except TrackingError as exc:
        flash(str(exc), "error")
        return _back_to_form()
    flash(msg, "ok")
    return _back_to_form()


def _back_to_form():
    """Back to the page the form was on (a path on this site only)."""
    target = request.form.get("back", "")
    if target.startswith("/tracking") and "//" not in target:
        return redirect(target)
    return redirect(url_for("tracking.index"))


@bp.route("/requirements/<int:req_id>/drafts", methods=["POST"])
@require_role("clerk")
def create_draft(req_id: int):
    """A reminder (công văn đôn đốc) to the late units, or the summary report, for one period."""
    kind = request.form.get("kind", "")
    if kind not in ("reminder", "summary"):
        abort(400)
    period = form_text("period", max_len=16)
    rt = runtime()
    with rt.store.read() as conn:
        req = tstore.get_requirement(conn, req_id)
    if req is None:
        abort(404)
    if period not in _periods(req, rt.now().date()):
        abort(400)
    try:
        draft = dservice.create_draft(rt, kind, requirement_id=req_id, period=period, actor=actor())
    except VanthuError as exc:
        flash(f"Không tạo được dự thảo: {exc.message}", "error")
        return _back(req_id, period)
    flash("Đã tạo dự thảo; lãnh đạo sẽ thấy trong mục Dự thảo chờ ký.", "ok")
    return redirect(url_for("drafts.show", draft_id=draft.id))
