"""Outgoing register (sổ đăng ký văn bản đi) and follow-up register (sổ theo dõi giải quyết văn bản đến)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from flask import Blueprint, render_template, url_for

from service.models import OutgoingEntry
from service.store import drafts as dstore
from service.store import followups
from service.store.handling_views import register_handling
from service.web import xlsx
from service.web.access import runtime
from service.web.incoming import _xlsx_response
from service.web.params import arg_int
from service.workflow import handling_status

if TYPE_CHECKING:
    from service.exchange.summary import OutgoingExchange

bp = Blueprint("registers", __name__)


@dataclass(frozen=True)
class OutgoingRow:
    """A line of the outgoing register as the pages show it: the entry, and its edXML recipients'
    statuses and the replies it received."""

    entry: OutgoingEntry
    exchange: OutgoingExchange


def outgoing_rows(year: int | None) -> list[OutgoingRow]:
    from service.exchange.summary import outgoing_exchange

    with runtime().store.read() as conn:
        entries = dstore.list_outgoing(conn, year)
        exchanged = outgoing_exchange(conn, [e.id for e in entries])  # edXML recipients' statuses
    return [OutgoingRow(e, exchanged[e.id]) for e in entries]


def outgoing_line(row: OutgoingRow) -> tuple:
    r = row.entry
    summary = ": ".join(x for x in (r.doc_type, r.title_summary) if x)
    return (
        r.number_symbol,
        r.issue_date,
        summary,
        r.signer or "",
        "; ".join(r.recipients),
        "Lưu: VT",
        r.copies,
        None,
        None,
        "; ".join(x for x in ("Đã lưu trữ" if r.archived_at else "", row.exchange.note()) if x),
    )


def followup_rows() -> list[followups.FollowupLine]:
    with runtime().store.read() as conn:
        return followups.followup_register(conn, at=runtime().now().date())


def followup_line(r: followups.FollowupLine) -> tuple:
    issued = " ".join(
        x
        for x in (
            r.doc_type or "",
            r.number_symbol or "",
            f"ngày {r.issue_date.strftime('%d/%m/%Y')}" if r.issue_date else "",
            f"của {r.issuer}" if r.issuer else "",
        )
        if x
    )
    if r.title_summary:
        issued += f" — {r.title_summary}"
    return (
        r.so_den,
        issued,
        r.receiving_unit or "",
        r.deadline,
        r.progress or "",
        r.answer_number_symbol or "",
        r.note or "",
    )


def _year() -> int | None:
    return arg_int("year", lo=1900, hi=2999)


@bp.route("/outgoing/")
def outgoing():
    year = _year()
    rows = outgoing_rows(year)
    years = (
        sorted({r.entry.year for r in outgoing_rows(None)}, reverse=True)
        if year
        else sorted({r.entry.year for r in rows}, reverse=True)
    )
    return render_template("outgoing.html", rows=rows, year=year, years=years)


@bp.route("/outgoing/print")
def outgoing_print():
    year = _year()
    return render_template(
        "register_print.html",
        title="Sổ đăng ký văn bản đi" + (f" năm {year}" if year else ""),
        columns=xlsx.OUTGOING_COLUMNS,
        nowrap=(0, 1),
        lines=[outgoing_line(r) for r in outgoing_rows(year)],
        back=url_for("registers.outgoing", year=year),
    )


@bp.route("/outgoing/export.xlsx")
def outgoing_export():
    year = _year()
    data = xlsx.build_workbook(
        "Sổ đăng ký văn bản đi",
        runtime().config.organisation.display_name,
        xlsx.OUTGOING_COLUMNS,
        (outgoing_line(r) for r in outgoing_rows(year)),
    )
    return _xlsx_response(data, "so-van-ban-di.xlsx")


@bp.route("/followup/")
def followup():
    rows = followup_rows()
    today = runtime().now().date()
    with runtime().store.read() as conn:
        handled = register_handling(conn, [r.document_id for r in rows if r.requirement_id is None])
    # a handled document's line: overdue while its lead's part is open past the deadline
    late = {
        doc_id
        for doc_id, h in handled.items()
        if handling_status(h.state, h.due_date, h.done_at.date() if h.done_at else None, today) == "overdue"
    }
    return render_template("followup.html", rows=rows, handled=handled, late=late)


@bp.route("/followup/print")
def followup_print():
    return render_template(
        "register_print.html",
        title="Sổ theo dõi giải quyết văn bản đến",
        columns=xlsx.FOLLOWUP_COLUMNS,
        nowrap=(3, 5),
        lines=[followup_line(r) for r in followup_rows()],
        back=url_for("registers.followup"),
    )


@bp.route("/followup/export.xlsx")
def followup_export():
    data = xlsx.build_workbook(
        "Sổ theo dõi giải quyết văn bản đến",
        runtime().config.organisation.display_name,
        xlsx.FOLLOWUP_COLUMNS,
        (followup_line(r) for r in followup_rows()),
    )
    return _xlsx_response(data, "so-theo-doi.xlsx")
