"""Dashboard (tổng quan): today's arrivals, what falls due, who is late, what awaits a signature."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from flask import Blueprint, current_app, render_template

from service.drafts import service as dservice
from service.models import DraftStatus
from service.store import drafts as dstore
from service.store import handling_views as hviews
from service.store import people, views
from service.store import quarantine as qstore
from service.store import tracking as tstore
from service.web import summaries
from service.web.access import current_user, runtime
from service.workflow import AssignmentRole

bp = Blueprint("dashboard", __name__)
ARRIVALS_SHOWN = 20


def start_of_today() -> datetime:
    return datetime.combine(runtime().now().date(), time())


def status_summaries(conn) -> list[summaries.PeriodSummary]:
    """Every requirement's periods, summarised; kept until the day or any tracking row changes
    (the dashboard is reloaded and polled far more often than tracking changes)."""
    rt = runtime()
    key = (rt.now().date(), views.tracking_fingerprint(conn))
    cached = current_app.extensions.get("vanthu_status_cache")
    if cached and cached[0] == key:
        return cached[1]
    cfg = rt.config
    groups = summaries.summarise(tstore.compute_status(conn, cfg.organisation, key[0], cfg.due_soon_days))
    current_app.extensions["vanthu_status_cache"] = (key, groups)  # one assignment: threads see both
    return groups


def dashboard_data() -> dict[str, Any]:
    rt = runtime()
    today = rt.now().date()
    with rt.store.read() as conn:
        arrivals, today_count = views.arrivals_since(conn, start_of_today(), limit=ARRIVALS_SHOWN)
        latest_id = views.latest_document_id(conn)
        quarantined = qstore.list_quarantine(conn)
        # awaiting a signature: drafts with nothing left to write
        awaiting = [
            d
            for d in dstore.list_drafts(conn, status=DraftStatus.DRAFT)
            if not dservice.placeholders(d.context)
        ]
        groups = status_summaries(conn)
        proposed = [r for r in tstore.list_requirements(conn) if not r.confirmed]
    # what the clerk has not confirmed yet is not counted against the units: it may be wrong
    unconfirmed = {r.id for r in proposed}
    groups = [g for g in groups if g.requirement_id not in unconfirmed]
    current, backlog = summaries.split_overdue(groups, today)
    return {
        "today": today,
        "arrivals": arrivals,
        "today_count": today_count,
        "latest_id": latest_id,
        "quarantined": quarantined,
        "awaiting": awaiting,
        "due_soon": summaries.due_within(groups, today, 7),
        "overdue": current,
        "overdue_units": sum(g.counts["overdue"] for g in current),
        "backlog_units": sum(g.counts["overdue"] for g in backlog),
        "proposed_requirements": proposed,
        "due_soon_days": rt.config.due_soon_days,
        **role_data(today),
    }


def role_data(today) -> dict[str, Any]:
    """What each role sees first: the văn thư what waits to be presented and confirmed, a leader what
    waits for a direction, an officer their documents by deadline; everyone the overdue handling."""
    rt, user = runtime(), current_user()
    role = user["role"] if user else ""
    name = user["name"] if user else ""  # a role is only had with a login
    out: dict[str, Any] = {"role": role}
    with rt.store.read() as conn:
        out["overdue_handling"] = hviews.list_assignment_lines(
            conn, open_only=True, role=AssignmentRole.LEAD, overdue_on=today
        )
        if role in ("clerk", "viewer"):
            out["to_present"], out["to_present_count"] = hviews.awaiting_presentation(conn, limit=10)
            out["proposed_links"] = tstore.count_proposed_links(conn)
            out["obligations"], out["obligations_count"] = hviews.obligations_past_due(conn, today, limit=10)
        elif role == "leader":
            out["to_direct"], out["to_direct_count"] = hviews.awaiting_direction(conn, name, limit=10)
        elif role == "officer":
            me = people.get_person(conn, name)
            lines = (
                hviews.list_assignment_lines(
                    conn, unit_id=me.unit_id, user_name=None if me.unit_head else me.name, open_only=True
                )
                if me and me.unit_id
                else []
            )
            soon = today + timedelta(days=rt.config.due_soon_days)
            out["my_lines"] = lines
            out["my_overdue"] = sum(1 for a in lines if a.due_date and a.due_date < today)
            out["my_soon"] = sum(1 for a in lines if a.due_date and today <= a.due_date <= soon)
    return out


@bp.route("/")
def index():
    return render_template("dashboard.html", **dashboard_data())
