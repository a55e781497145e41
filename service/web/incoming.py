"""Incoming register (sổ đăng ký văn bản đến): filters, accent-blind search, pages, print, .xlsx."""

from __future__ import annotations

from flask import Blueprint, Response, render_template, url_for

from service.store import views
from service.store.handling_views import register_handling
from service.web import xlsx
from service.web.access import runtime
from service.web.formats import DOC_STATUS_LABELS
from service.web.params import arg_int, arg_text

bp = Blueprint("incoming", __name__, url_prefix="/incoming")
PER_PAGE = 50
PRINT_LIMIT = 2000  # a print view beyond this is a job for the .xlsx export


def read_filter() -> views.RegisterFilter:
    return views.RegisterFilter(
        year=arg_int("year", lo=1900, hi=2999),
        doc_type=arg_text("type", max_len=64) or None,
        issuer=arg_text("issuer", max_len=512) or None,
        status=arg_text("status", max_len=32) or None,
        query=arg_text("q", max_len=200),
    )


def filter_args(flt: views.RegisterFilter) -> dict:
    """The filter as query arguments, for links that keep it (pages, print, export)."""
    args = {
        "year": flt.year,
        "type": flt.doc_type,
        "issuer": flt.issuer,
        "status": flt.status,
        "q": flt.query,
    }
    return {k: v for k, v in args.items() if v}


@bp.route("/")
def index():
    flt = read_filter()
    page = arg_int("page", 1, hi=100000)
    with runtime().store.read() as conn:
        rows, total = views.register_page(conn, flt, page=page, per_page=PER_PAGE)
        choices = views.register_choices(conn)
        handled = register_handling(conn, [r["id"] for r in rows])
    shown = min(total, views.SEARCH_COUNT_CAP) if flt.query else total
    pages = max((shown + PER_PAGE - 1) // PER_PAGE, 1)
    return render_template(
        "incoming.html",
        rows=rows,
        handled=handled,
        total=total,
        page=page,
        pages=pages,
        flt=flt,
        args=filter_args(flt),
        choices=choices,
        capped=bool(flt.query) and total > views.SEARCH_COUNT_CAP,
        cap=views.SEARCH_COUNT_CAP,
    )


@bp.route("/print")
def print_view():
    flt = read_filter()
    with runtime().store.read() as conn:
        rows = list(views.iter_register(conn, flt, limit=PRINT_LIMIT + 1))
        handled = register_handling(conn, [r["id"] for r in rows])
    title = "Sổ đăng ký văn bản đến" + (f" năm {flt.year}" if flt.year else "")
    # every column of the decree's register; "Ngày chuyển" and "Ký nhận" from the assignment
    return render_template(
        "register_print.html",
        title=title,
        columns=xlsx.INCOMING_COLUMNS,
        subtitle=_filter_text(flt),
        lines=[xlsx.incoming_line(d, handled.get(d["id"])) for d in rows[:PRINT_LIMIT]],
        truncated=len(rows) > PRINT_LIMIT,
        limit=PRINT_LIMIT,
        nowrap=(0, 3, 4, 7),
        back=url_for("incoming.index", **filter_args(flt)),
    )


def _filter_text(flt) -> str:
    """The selection a printed register shows, so that a partial print is not taken for the whole."""
    parts = [
        f"{label}: {value}"
        for label, value in (
            ("Loại văn bản", flt.doc_type),
            ("Cơ quan ban hành", flt.issuer),
            ("Tình trạng", DOC_STATUS_LABELS.get(flt.status or "", flt.status)),
        )
        if value
    ]
    if flt.query.strip():
        parts.append(f"Tìm: «{flt.query.strip()}»")
    return "Chỉ gồm văn bản có " + "; ".join(parts) if parts else ""


@bp.route("/export.xlsx")
def export():
    flt = read_filter()
    org = runtime().config.organisation
    with runtime().store.read() as conn:
        handled = register_handling(conn)  # one query for the whole export
        data = xlsx.build_workbook(
            "Sổ đăng ký văn bản đến",
            org.display_name,
            xlsx.INCOMING_COLUMNS,
            (xlsx.incoming_line(d, handled.get(d["id"])) for d in views.iter_register(conn, flt)),
        )
    return _xlsx_response(data, "so-van-ban-den.xlsx")


def _xlsx_response(data: bytes, filename: str) -> Response:
    return Response(
        data,
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
