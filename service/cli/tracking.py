"""Commands of the tracking area: status, requirements, submission record, links, followup (a requirement's
add, edit, confirm and close: service/cli/requirements.py)."""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from typing import Any

import click

from service import labels
from service.cli.common import DAY, actor, json_line, table

AT_HELP = "tính đến ngày này (mặc định: hôm nay)"


def register(main: click.Group) -> None:
    """Add this area's commands to `vanthu`."""
    for cmd in (status_cmd, requirements_cmd, submission_group, links_cmd, followup_cmd):
        main.add_command(cmd)


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _status_json_lines(rows):
    """StatusRow.to_json, one line each, without its deep copy: a whole office is tens of thousands of rows."""
    from service.models import StatusRow

    names = [f.name for f in dataclasses.fields(StatusRow)]
    for r in rows:
        yield json.dumps({k: getattr(r, k) for k in names}, ensure_ascii=False, default=_json_value)


def _json_value(value):
    if hasattr(value, "isoformat"):  # the due date and the submission's date
        return value.isoformat()
    raise TypeError(f"not JSON: {type(value).__name__}")


def _known_unit(rt, unit_id: str | None, hint: str = "--unit") -> None:
    if unit_id is not None and rt.config.organisation.unit(unit_id) is None:
        raise click.BadParameter(f"không có đơn vị {unit_id!r}", param_hint=hint)


@click.command("status")
@click.option("--json", "as_json", is_flag=True, help="mỗi yêu cầu, đơn vị và kỳ một dòng JSON")
@click.option("--requirement", "requirement_id", type=int, default=None, help="chỉ yêu cầu báo cáo số này")
@click.option("--at", type=DAY, default=None, help=AT_HELP)
@click.pass_obj
def status_cmd(state, as_json: bool, requirement_id: int | None, at: date | None) -> None:
    """Tình trạng báo cáo của từng đơn vị, từng kỳ."""
    from service.store.tracking import compute_status

    rt = state.runtime()
    day = at or rt.now().date()
    with rt.store.read() as conn:
        rows = compute_status(conn, rt.config.organisation, day, rt.config.due_soon_days, requirement_id)
    if as_json:
        for line in _status_json_lines(rows):
            click.echo(line)
        return
    table(
        ["Yêu cầu", "Văn bản", "Kỳ", "Hạn", "Đơn vị", "Tình trạng", "Số đến", "Số, ký hiệu"],
        [
            [
                r.requirement_id,
                r.source_number_symbol,
                r.period,
                _iso(r.due_date),
                r.unit_name,
                labels.TRACKING_STATUS[r.status],
                r.submission_so_den,
                r.submission_number_symbol,
            ]
            for r in rows
        ],
    )


@click.command("requirements")
@click.option("--json", "as_json", is_flag=True, help="mỗi yêu cầu một dòng JSON")
@click.option("--all", "include_closed", is_flag=True, help="cả yêu cầu đã ngừng theo dõi")
@click.option("--at", type=DAY, default=None, help="hạn tới tính từ ngày này (mặc định: hôm nay)")
@click.pass_obj
def requirements_cmd(state, as_json: bool, include_closed: bool, at: date | None) -> None:
    """Danh sách yêu cầu báo cáo."""
    from service.store.requirements import list_requirements
    from service.tracking.periods import next_due

    rt = state.runtime()
    day = at or rt.now().date()
    with rt.store.read() as conn:
        reqs = list_requirements(conn, include_closed=include_closed)
    rows: list[dict[str, Any]] = [
        {
            "id": r.id,
            "source_number_symbol": r.source_number_symbol,
            "what": r.what,
            "to_whom": r.to_whom,
            "recurrence": r.recurrence,
            "due_date": _iso(next_due(r, day)),
            "first_due_date": _iso(r.due_date),
            "end_date": _iso(r.end_date),
            "rule": r.rule,
            "unit_ids": r.unit_ids,
            "proposed": r.proposed,
            "confirmed": r.confirmed,
            "closed": r.closed,
        }
        for r in reqs
    ]
    if as_json:
        for row in rows:
            json_line(row)
        return
    table(
        ["Số", "Văn bản", "Nội dung", "Chu kỳ", "Hạn tới", "Số đơn vị", "Đã xác nhận"],
        [
            [
                r["id"],
                r["source_number_symbol"],
                (r["what"] or "")[:60],
                labels.RECURRENCE.get(r["recurrence"]),
                r["due_date"],
                len(r["unit_ids"]),
                "có" if r["confirmed"] else "chưa",
            ]
            for r in rows
        ],
    )


@click.group("submission")
def submission_group() -> None:
    """Báo cáo của đơn vị."""


@submission_group.command("record")
@click.option("--requirement", "requirement_id", type=int, required=True, help="số yêu cầu báo cáo")
@click.option("--unit", "unit_id", required=True, help="mã đơn vị gửi báo cáo")
@click.option("--period", required=True, help="kỳ: 2023, 2023-Q1, 2023-05, 2023-W07 hoặc once")
@click.option("--date", "received", type=DAY, required=True, help="ngày nhận")
@click.option("--number", default=None, help="số, ký hiệu của báo cáo")
@click.pass_obj
def submission_record(state, requirement_id, unit_id, period, received, number) -> None:
    """Ghi nhận báo cáo nhận bằng bản giấy."""
    from service.store.tracking import PaperReport, record_paper_submission

    rt = state.runtime()
    _known_unit(rt, unit_id)
    with rt.store.write() as conn:
        sub_id = record_paper_submission(
            conn, PaperReport(requirement_id, unit_id, period, received, number), now=rt.now(), actor=actor()
        )
    click.echo(f"Đã ghi nhận báo cáo (liên kết số {sub_id}).")


@click.command("links")
@click.option("--json", "as_json", is_flag=True, help="mỗi liên kết một dòng JSON")
@click.option("--confirm", "confirm_id", type=int, default=None, help="xác nhận liên kết số này")
@click.option("--reject", "reject_id", type=int, default=None, help="bác bỏ liên kết số này")
@click.option(
    "--change",
    "change_id",
    type=int,
    default=None,
    help="sửa liên kết số này (với --unit, --period, --requirement)",
)
@click.option("--unit", "unit_id", default=None, help="đơn vị đúng của báo cáo")
@click.option("--period", default=None, help="kỳ đúng của báo cáo")
@click.option("--requirement", "requirement_id", type=int, default=None, help="yêu cầu báo cáo đúng")
@click.pass_obj
def links_cmd(state, as_json, confirm_id, reject_id, change_id, unit_id, period, requirement_id) -> None:
    """Liên kết báo cáo chờ văn thư xác nhận."""
    rt = state.runtime()
    _known_unit(rt, unit_id)
    if confirm_id is not None or reject_id is not None or change_id is not None:
        from service.store.tracking import LinkChange

        change = LinkChange(unit_id=unit_id, period=period, requirement_id=requirement_id)
        _change_links(rt, confirm_id, reject_id, change_id, change)
        return
    from service.store import tracking as st

    with rt.store.read() as conn:
        links = st.list_proposed_links(conn)
    if as_json:
        keys: tuple[str, ...] = (
            "id",
            "requirement_id",
            "source_number_symbol",
            "unit_id",
            "period",
            "document_id",
            "so_den",
        )
        keys += ("number_symbol", "issuer", "title_summary", "received_on", "confidence", "note")
        for link in links:
            json_line({k: getattr(link, k) for k in keys})
        return
    if not links:
        click.echo("Không có liên kết nào chờ xác nhận.")
        return
    org = rt.config.organisation
    table(
        ["Số", "Số đến", "Văn bản", "Đơn vị", "Yêu cầu", "Kỳ", "Lý do"],
        [
            [
                link.id,
                link.so_den,
                link.number_symbol,
                org.unit(link.unit_id).name if org.unit(link.unit_id) else link.unit_id,
                link.source_number_symbol,
                link.period,
                link.note,
            ]
            for link in links
        ],
    )


def _change_links(rt, confirm_id, reject_id, change_id, change) -> None:
    """Confirm, reject or change (`change`: what to set) the links named by their ids."""
    from service.store import tracking as st

    with rt.store.write() as conn:
        if confirm_id is not None:
            st.confirm_link(conn, confirm_id, now=rt.now(), actor=actor())
            click.echo(f"Đã xác nhận liên kết số {confirm_id}.")
        if reject_id is not None:
            st.reject_link(conn, reject_id, now=rt.now(), actor=actor())
            click.echo(f"Đã bác bỏ liên kết số {reject_id}.")
        if change_id is not None:
            st.change_link(conn, change_id, change, now=rt.now(), actor=actor())
            click.echo(f"Đã sửa liên kết số {change_id}.")


@click.command("followup")
@click.option("--json", "as_json", is_flag=True, help="mỗi văn bản một dòng JSON")
@click.option("--at", type=DAY, default=None, help="hạn tới tính từ ngày này (mặc định: hôm nay)")
@click.pass_obj
def followup_cmd(state, as_json: bool, at: date | None) -> None:
    """Sổ theo dõi giải quyết văn bản đến."""
    from service.store.followups import followup_register

    rt = state.runtime()
    day = at or rt.now().date()
    with rt.store.read() as conn:
        rows = [r.to_json() for r in followup_register(conn, at=day)]
    if as_json:
        for row in rows:
            json_line(row)
        return
    table(
        ["Số đến", "Văn bản", "Cơ quan ban hành", "Đơn vị nhận", "Thời hạn", "Tiến độ", "Văn bản trả lời"],
        [
            [
                r["so_den"],
                " ".join(filter(None, [r["doc_type"], r["number_symbol"], r["issue_date"]])),
                r["issuer"],
                r["receiving_unit"],
                r["deadline"],
                r["progress"],
                r["answer_number_symbol"],
            ]
            for r in rows
        ],
    )
