"""Incoming register (sổ đăng ký văn bản đến): filters, accent-blind search, pages, print, .xlsx."""

from __future__ import annotations

from flask import Blueprint, Response, render_template, stream_with_context, url_for

from service.store import views
from service.store.handling_views import register_handling
from service.web import xlsx
from service.web.access import runtime
from service.web.formats import DOC_STATUS_LABELS
from service.web.params import arg_int, arg_text

bp = Blueprint("incoming", __name__, url_prefix="/incoming")
PER_PAGE = 50
PRINT_PAGE = 500  # lines in one sheaf of the print view (a year's register is printed sheaf by sheaf)


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
        handled = register_handling(conn, [r.id for r in rows])
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
    """The register to print, a sheaf of PRINT_PAGE lines at a time (a year is printed sheaf after
    sheaf, each page of the view saying which lines it holds)."""
    flt = read_filter()
    page = arg_int("page", 1, hi=100000)
    with runtime().store.read() as conn:
        rows = list(views.iter_register(conn, flt, limit=PRINT_PAGE + 1, offset=(page - 1) * PRINT_PAGE))
        more = len(rows) > PRINT_PAGE
        rows = rows[:PRINT_PAGE]
        handled = register_handling(conn, [r.id for r in rows])
        total = views.count_register(conn, flt) if not flt.query.strip() else None
    title = "Sổ đăng ký văn bản đến" + (f" năm {flt.year}" if flt.year else "")
    pages = max((total + PRINT_PAGE - 1) // PRINT_PAGE, 1) if total is not None else None
    first = (page - 1) * PRINT_PAGE + 1
    # every column of the decree's register; "Ngày chuyển" and "Ký nhận" from the assignment
    return render_template(
        "register_print.html",
        title=title,
        columns=xlsx.INCOMING_COLUMNS,
        subtitle=_filter_text(flt),
        lines=[xlsx.incoming_line(d, handled.get(d.id)) for d in rows],
        sheaf={
            "page": page,
            "pages": pages,
            "first": first,
            "last": first + len(rows) - 1,
            "total": total,
            "size": PRINT_PAGE,
            "previous": url_for("incoming.print_view", page=page - 1, **filter_args(flt))
            if page > 1
            else None,
            "next": url_for("incoming.print_view", page=page + 1, **filter_args(flt)) if more else None,
        }
        if page > 1 or more
        else None,
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

    def lines():
        # read while it is sent: one read transaction for the whole export (writers go on)
        with runtime().store.read() as conn:
            handled = register_handling(conn)  # one query for the whole export
            for d in views.iter_register(conn, flt):
                yield xlsx.incoming_line(d, handled.get(d.id))

    data = xlsx.stream_workbook("Sổ đăng ký văn bản đến", org.display_name, xlsx.INCOMING_COLUMNS, lines())
    return _xlsx_response(stream_with_context(data), "so-van-ban-den.xlsx")


def _xlsx_response(data, filename: str) -> Response:
    """`data`: the bytes, or an iterator of them (sent as they come)."""
    return Response(
        data,
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
