"""JSON API (/api/) for other e-office systems: what the pages show, same login and roles."""

from __future__ import annotations

import dataclasses
import json

from flask import Blueprint, abort, jsonify

from service.models import iso
from service.store import audit, followups, views
from service.store import documents as docs
from service.store import drafts as dstore
from service.store import handling as hstore
from service.store import quarantine as qstore
from service.store import tracking as tstore
from service.web import summaries
from service.web.access import current_user, runtime
from service.web.dashboard import dashboard_data, start_of_today
from service.web.incoming import PER_PAGE, read_filter
from service.web.params import arg_int

bp = Blueprint("api", __name__, url_prefix="/api")


def _iso(v):
    return iso(v, runtime().zone)


@bp.route("/me")
def me():
    return jsonify(current_user())


@bp.route("/arrivals")
def arrivals():
    """Today's arrivals after a document id: what the dashboard polls for."""
    after = arg_int("after", 0, lo=0)
    with runtime().store.read() as conn:
        rows, _ = views.arrivals_since(conn, start_of_today(), after_id=after, limit=50)
        _, today_count = views.arrivals_since(conn, start_of_today(), limit=0)
    out = []
    for r in rows:
        e = _plain(dataclasses.asdict(r))
        e["arrived_time"] = r.arrived_at.strftime("%H:%M")
        out.append(e)
    return jsonify(today_count=today_count, arrivals=out)


@bp.route("/dashboard")
def dashboard():
    d = dashboard_data()
    return jsonify(
        today=_iso(d["today"]),
        today_count=d["today_count"],
        arrivals=[r.to_json(runtime().zone) for r in d["arrivals"]],
        due_soon=[s.to_json() for s in d["due_soon"] or []],
        overdue=[
            dict(s.to_json(), units=[r.unit_id for r in s.rows if r.status == "overdue"])
            for s in d["overdue"] or []
        ],
        drafts_awaiting=[r.to_json(runtime().zone) for r in d["awaiting"] or []],
        quarantined=len(d["quarantined"]),
        proposed_requirements=[r.id for r in d["proposed_requirements"]],
    )


@bp.route("/documents")
def documents():
    flt = read_filter()
    page = arg_int("page", 1, hi=100000)
    per_page = arg_int("per_page", PER_PAGE, hi=500)
    with runtime().store.read() as conn:
        rows, total = views.register_page(conn, flt, page=page, per_page=per_page)
    return jsonify(
        total=total,
        page=page,
        per_page=per_page,
        documents=[r.to_json(runtime().zone) for r in rows],
    )


@bp.route("/documents/<int:doc_id>")
def document(doc_id: int):
    with runtime().store.read() as conn:
        row = docs.get_document(conn, doc_id)
        if row is None:
            abort(404)
        links = views.document_links(conn, doc_id)
        steps = hstore.steps_of(conn, doc_id)
        trail = audit.list_audit(conn, "document", doc_id)
    zone = runtime().zone
    entry = row.to_json(zone)
    entry.update(
        history=[s.to_json(zone) for s in steps],  # the handling's steps: who, when (with the offset), what
        audit=[
            {
                "at": _iso(a.at),
                "actor": a.actor,
                "action": a.action,
                "detail": a.detail,
            }
            for a in trail
        ],
        note=row.note,
        fields=json.loads(row.fields_json or "{}"),
        signatures=json.loads(row.signatures_json or "[]"),
        warnings=json.loads(row.warnings_json or "[]"),
        requirements=[_plain(dataclasses.asdict(r)) for r in links.requirements],
        submissions=[_plain(dataclasses.asdict(s)) for s in links.submissions],
    )
    return jsonify(entry)


def _plain(d: dict) -> dict:
    return {k: (_iso(v) if hasattr(v, "isoformat") else v) for k, v in d.items()}


@bp.route("/tracking")
def tracking():
    rt = runtime()
    with rt.store.read() as conn:
        reqs = tstore.list_requirements(conn)
        rows = tstore.compute_status(conn, rt.config.organisation, rt.now().date(), rt.config.due_soon_days)
    groups = summaries.summarise(rows)
    return jsonify(requirements=[_requirement_json(r) for r in reqs], periods=[g.to_json() for g in groups])


def _requirement_json(r) -> dict:
    return {
        "id": r.id,
        "what": r.what,
        "to_whom": r.to_whom,
        "recurrence": r.recurrence,
        "due_date": _iso(r.due_date),
        "end_date": _iso(r.end_date),
        "rule": r.rule,
        "unit_ids": r.unit_ids,
        "confirmed": r.confirmed,
        "closed": r.closed,
        "source_document_id": r.source_document_id,
        "source_number_symbol": r.source_number_symbol,
    }


@bp.route("/tracking/<int:req_id>")
def tracking_requirement(req_id: int):
    rt = runtime()
    with rt.store.read() as conn:
        req = tstore.get_requirement(conn, req_id)
        if req is None:
            abort(404)
        rows = tstore.compute_status(
            conn, rt.config.organisation, rt.now().date(), rt.config.due_soon_days, requirement_id=req_id
        )
        links = tstore.list_proposed_links(conn)
    return jsonify(
        requirement=_requirement_json(req),
        statuses=[r.to_json() for r in rows],
        proposed_links=[s.to_json(rt.zone) for s in links if s.requirement_id == req_id],
    )


@bp.route("/drafts")
def drafts():
    from service.drafts.lifecycle import changes_of

    rt = runtime()
    with rt.store.read() as conn:
        rows = dstore.list_drafts(conn)
        changes = changes_of(rt, conn, rows)
    return jsonify(
        drafts=[
            dict(d.to_json(rt.zone), stale=bool(changes[d.id]), changes=[c.text for c in changes[d.id]])
            for d in rows
        ]
    )


@bp.route("/outgoing")
def outgoing():
    year = arg_int("year", lo=1900, hi=2999)
    with runtime().store.read() as conn:
        return jsonify(outgoing=[r.to_json(runtime().zone) for r in dstore.list_outgoing(conn, year)])


@bp.route("/followup")
def followup():
    with runtime().store.read() as conn:
        rows = followups.followup_register(conn, at=runtime().now().date())
    return jsonify(followup=[r.to_json() for r in rows])


@bp.route("/quarantine")
def quarantine():
    with runtime().store.read() as conn:
        rows = qstore.list_quarantine(conn)
    keep = (
        "id",
        "created_at",
        "file_name",
        "sha256",
        "size",
        "code",
        "message",
        "duplicate_of",
        "sender_unit_id",
        "status",
    )
    return jsonify(quarantine=[_plain({k: getattr(r, k) for k in keep}) for r in rows])
