"""Dashboard (tổng quan): today's arrivals, what falls due, who is late, what awaits a signature."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from flask import Blueprint, current_app, render_template

from service.drafts import service as dservice
from service.store import drafts as dstore
from service.store import quarantine as qstore
from service.store import tracking as tstore
from service.store import views
from service.web import summaries
from service.web.access import runtime

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
            for d in dstore.list_drafts(conn, status="draft")
            if not dservice.placeholders(dstore.draft_context(d))
        ]
        groups = status_summaries(conn)
        proposed = [r for r in tstore.list_requirements(conn) if not r.confirmed]
    # what the clerk has not confirmed yet is not counted against the units: it may be wrong
    unconfirmed = {r.id for r in proposed}
    groups = [g for g in groups if g.requirement_id not in unconfirmed]
    return {
        "today": today,
        "arrivals": arrivals,
        "today_count": today_count,
        "latest_id": latest_id,
        "quarantined": quarantined,
        "awaiting": awaiting,
        "due_soon": summaries.due_within(groups, today, 7),
        "overdue": summaries.overdue(groups),
        "overdue_units": sum(g.counts["overdue"] for g in groups),
        "proposed_requirements": proposed,
    }


@bp.route("/")
def index():
    return render_template("dashboard.html", **dashboard_data())
