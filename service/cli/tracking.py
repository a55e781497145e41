"""Commands of the tracking area: status, requirements, requirement …, submission record, links, followup."""

from __future__ import annotations

import dataclasses
import functools
import getpass
import json
from datetime import date

import click

STATUS_VI = {
    "not_due": "chưa đến hạn",
    "due_soon": "sắp đến hạn",
    "on_time": "đúng hạn",
    "late": "muộn",
    "overdue": "quá hạn, chưa gửi",
}
RECURRENCE_VI = {
    None: "một lần",
    "yearly": "hằng năm",
    "quarterly": "hằng quý",
    "monthly": "hằng tháng",
    "weekly": "hằng tuần",
}


def _actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):  # no user name in a container
        return "cli"


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _day(value: str | None, name: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter(f"ngày phải có dạng YYYY-MM-DD: {value!r}", param_hint=name) from exc


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


def _table(headers: list[str], rows: list[list[object]]) -> None:
    cells = [[("" if c is None else str(c)) for c in r] for r in rows]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(headers)]
    click.echo("  ".join(h.ljust(w) for h, w in zip(headers, widths)))
    click.echo("  ".join("-" * w for w in widths))
    for r in cells:
        click.echo("  ".join(c.ljust(w) for c, w in zip(r, widths)))


def _unit_ids(rt, units: str | None, groups: str | None) -> list[str] | None:
    if units is None and groups is None:
        return None
    org = rt.config.organisation
    ids = [u.strip() for u in (units or "").split(",") if u.strip()]
    for g in [g.strip() for g in (groups or "").split(",") if g.strip()]:
        members = org.units_in_group(g)
        if not members:
            raise click.BadParameter(f"không có nhóm đơn vị {g!r}", param_hint="--groups")
        ids += [u.id for u in members]
    unknown = [u for u in ids if org.unit(u) is None]
    if unknown:
        raise click.BadParameter(f"không có đơn vị: {', '.join(unknown)}", param_hint="--units")
    return [u.id for u in org.units if u.id in set(ids)]


def _guard(fn):
    """Show a refused change as a clean error, not a traceback."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        # imported here: the reader processes import this module, and need no database code
        from service.store.tracking import TrackingError

        try:
            return fn(*args, **kwargs)
        except TrackingError as exc:
            raise click.ClickException(exc.message) from exc

    return wrapper


def register(main: click.Group) -> None:
    """Add this area's commands to `vanthu`."""

    @main.command("status")
    @click.option("--json", "as_json", is_flag=True, help="one JSON line per requirement, unit and period")
    @click.option("--requirement", "requirement_id", type=int, default=None)
    @click.option("--at", "at", default=None, help="evaluate as of this day (YYYY-MM-DD)")
    @click.pass_obj
    def status_cmd(state, as_json: bool, requirement_id: int | None, at: str | None) -> None:
        """Tình trạng báo cáo của từng đơn vị, từng kỳ."""
        from service.store.tracking import compute_status

        rt = state.runtime()
        day = _day(at, "--at") or rt.now().date()
        with rt.store.read() as conn:
            rows = compute_status(conn, rt.config.organisation, day, rt.config.due_soon_days, requirement_id)
        if as_json:
            for line in _status_json_lines(rows):
                click.echo(line)
            return
        _table(
            ["Yêu cầu", "Văn bản", "Kỳ", "Hạn", "Đơn vị", "Tình trạng", "Số đến", "Số, ký hiệu"],
            [
                [
                    r.requirement_id,
                    r.source_number_symbol,
                    r.period,
                    _iso(r.due_date),
                    r.unit_name,
                    STATUS_VI[r.status],
                    r.submission_so_den,
                    r.submission_number_symbol,
                ]
                for r in rows
            ],
        )

    @main.command("requirements")
    @click.option("--json", "as_json", is_flag=True)
    @click.option("--all", "include_closed", is_flag=True, help="also closed requirements")
    @click.option("--at", "at", default=None, help="next due date as of this day (YYYY-MM-DD)")
    @click.pass_obj
    def requirements_cmd(state, as_json: bool, include_closed: bool, at: str | None) -> None:
        """Danh sách yêu cầu báo cáo."""
        from service.store.tracking import list_requirements
        from service.tracking.periods import next_due

        rt = state.runtime()
        day = _day(at, "--at") or rt.now().date()
        with rt.store.read() as conn:
            reqs = list_requirements(conn, include_closed=include_closed)
        rows = [
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
                click.echo(json.dumps(row, ensure_ascii=False))
            return
        _table(
            ["Số", "Văn bản", "Nội dung", "Chu kỳ", "Hạn tới", "Số đơn vị", "Đã xác nhận"],
            [
                [
                    r["id"],
                    r["source_number_symbol"],
                    (r["what"] or "")[:60],
                    RECURRENCE_VI.get(r["recurrence"]),
                    r["due_date"],
                    len(r["unit_ids"]),
                    "có" if r["confirmed"] else "chưa",
                ]
                for r in rows
            ],
        )

    @main.group("requirement")
    def requirement_group() -> None:
        """Thêm, sửa, xác nhận, đóng một yêu cầu báo cáo."""

    _fields = [
        click.option("--source", "source", default=None, help="số, ký hiệu văn bản nguồn, e.g. 904/KH-UBND"),
        click.option("--what", default=None, help="nội dung phải báo cáo"),
        click.option("--to-whom", "to_whom", default=None),
        click.option(
            "--recurrence",
            type=click.Choice(["once", "yearly", "quarterly", "monthly", "weekly"]),
            default=None,
        ),
        click.option("--due", default=None, help="hạn (đầu tiên), YYYY-MM-DD"),
        click.option("--end", default=None, help="kết thúc, YYYY-MM-DD"),
        click.option("--units", default=None, help="mã đơn vị, cách nhau bởi dấu phẩy"),
        click.option("--groups", default=None, help="mã nhóm đơn vị, cách nhau bởi dấu phẩy"),
    ]

    def with_fields(fn):
        for opt in reversed(_fields):
            fn = opt(fn)
        return fn

    @requirement_group.command("add")
    @with_fields
    @click.pass_obj
    @_guard
    def requirement_add(state, source, what, to_whom, recurrence, due, end, units, groups) -> None:
        """Thêm yêu cầu báo cáo bằng tay."""
        from service.models import Requirement
        from service.store.tracking import add_requirement

        rt = state.runtime()
        unit_ids = _unit_ids(rt, units, groups)
        if not what or not due or not unit_ids:
            raise click.UsageError("cần --what, --due và --units hoặc --groups")
        req = Requirement(
            id=None,
            source_document_id=None,
            source_number_symbol=source,
            what=what,
            to_whom=to_whom or "",
            recurrence=None if recurrence in (None, "once") else recurrence,
            due_date=_day(due, "--due"),
            end_date=_day(end, "--end"),
            unit_ids=unit_ids,
            confirmed=True,
        )
        with rt.store.write() as conn:
            new_id = add_requirement(conn, req, now=rt.now(), proposed=False, actor=_actor())
        click.echo(f"Đã thêm yêu cầu báo cáo số {new_id}.")

    @requirement_group.command("edit")
    @click.argument("req_id", type=int)
    @with_fields
    @click.pass_obj
    @_guard
    def requirement_edit(state, req_id, source, what, to_whom, recurrence, due, end, units, groups) -> None:
        """Sửa yêu cầu báo cáo."""
        from service.store.tracking import update_requirement

        rt = state.runtime()
        changes: dict = {}
        if source is not None:
            changes["source_number_symbol"] = source
        if what is not None:
            changes["what"] = what
        if to_whom is not None:
            changes["to_whom"] = to_whom
        if recurrence is not None:
            changes["recurrence"] = None if recurrence == "once" else recurrence
        if due is not None:
            changes["due_date"] = _day(due, "--due")
        if end is not None:
            changes["end_date"] = _day(end, "--end")
        unit_ids = _unit_ids(rt, units, groups)
        if unit_ids is not None:
            changes["unit_ids"] = unit_ids
        if not changes:
            raise click.UsageError("không có gì để sửa")
        with rt.store.write() as conn:
            update_requirement(conn, req_id, now=rt.now(), actor=_actor(), **changes)
        click.echo(f"Đã sửa yêu cầu báo cáo số {req_id}.")

    @requirement_group.command("confirm")
    @click.argument("req_id", type=int)
    @click.pass_obj
    @_guard
    def requirement_confirm(state, req_id) -> None:
        """Xác nhận yêu cầu báo cáo do máy đề xuất."""
        from service.store.tracking import confirm_requirement

        rt = state.runtime()
        with rt.store.write() as conn:
            confirm_requirement(conn, req_id, now=rt.now(), actor=_actor())
        click.echo(f"Đã xác nhận yêu cầu báo cáo số {req_id}.")

    @requirement_group.command("close")
    @click.argument("req_id", type=int)
    @click.pass_obj
    @_guard
    def requirement_close(state, req_id) -> None:
        """Đóng yêu cầu báo cáo (không theo dõi nữa)."""
        from service.store.tracking import close_requirement

        rt = state.runtime()
        with rt.store.write() as conn:
            close_requirement(conn, req_id, now=rt.now(), actor=_actor())
        click.echo(f"Đã đóng yêu cầu báo cáo số {req_id}.")

    @main.group("submission")
    def submission_group() -> None:
        """Báo cáo của đơn vị."""

    @submission_group.command("record")
    @click.option("--requirement", "requirement_id", type=int, required=True)
    @click.option("--unit", "unit_id", required=True)
    @click.option("--period", required=True, help="kỳ: 2023, 2023-Q1, 2023-05, 2023-W07 hoặc once")
    @click.option("--date", "received", required=True, help="ngày nhận, YYYY-MM-DD")
    @click.option("--number", default=None, help="số, ký hiệu của báo cáo")
    @click.pass_obj
    @_guard
    def submission_record(state, requirement_id, unit_id, period, received, number) -> None:
        """Ghi nhận báo cáo nhận bằng bản giấy."""
        from service.store.tracking import record_paper_submission

        rt = state.runtime()
        if rt.config.organisation.unit(unit_id) is None:
            raise click.BadParameter(f"không có đơn vị {unit_id!r}", param_hint="--unit")
        with rt.store.write() as conn:
            sub_id = record_paper_submission(
                conn,
                requirement_id,
                unit_id,
                period,
                _day(received, "--date"),
                number,
                now=rt.now(),
                actor=_actor(),
            )
        click.echo(f"Đã ghi nhận báo cáo (liên kết số {sub_id}).")

    @main.command("links")
    @click.option("--json", "as_json", is_flag=True)
    @click.option("--confirm", "confirm_id", type=int, default=None, help="xác nhận liên kết")
    @click.option("--reject", "reject_id", type=int, default=None, help="bác bỏ liên kết")
    @click.option(
        "--change",
        "change_id",
        type=int,
        default=None,
        help="sửa liên kết (với --unit, --period, --requirement)",
    )
    @click.option("--unit", "unit_id", default=None)
    @click.option("--period", default=None)
    @click.option("--requirement", "requirement_id", type=int, default=None)
    @click.pass_obj
    @_guard
    def links_cmd(state, as_json, confirm_id, reject_id, change_id, unit_id, period, requirement_id) -> None:
        """Liên kết báo cáo chờ văn thư xác nhận."""
        from service.store import tracking as st

        rt = state.runtime()
        if unit_id is not None and rt.config.organisation.unit(unit_id) is None:
            raise click.BadParameter(f"không có đơn vị {unit_id!r}", param_hint="--unit")
        if confirm_id is not None or reject_id is not None or change_id is not None:
            with rt.store.write() as conn:
                if confirm_id is not None:
                    st.confirm_link(conn, confirm_id, now=rt.now(), actor=_actor())
                    click.echo(f"Đã xác nhận liên kết số {confirm_id}.")
                if reject_id is not None:
                    st.reject_link(conn, reject_id, now=rt.now(), actor=_actor())
                    click.echo(f"Đã bác bỏ liên kết số {reject_id}.")
                if change_id is not None:
                    st.change_link(
                        conn,
                        change_id,
                        unit_id=unit_id,
                        period=period,
                        requirement_id=requirement_id,
                        now=rt.now(),
                        actor=_actor(),
                    )
                    click.echo(f"Đã sửa liên kết số {change_id}.")
            return
        with rt.store.read() as conn:
            links = st.list_proposed_links(conn)
        org = rt.config.organisation
        if as_json:
            for link in links:
                click.echo(
                    json.dumps(
                        {
                            "id": link["id"],
                            "requirement_id": link["requirement_id"],
                            "source_number_symbol": link["source_number_symbol"],
                            "unit_id": link["unit_id"],
                            "period": link["period"],
                            "document_id": link["document_id"],
                            "so_den": link["so_den"],
                            "number_symbol": link["number_symbol"],
                            "issuer": link["issuer"],
                            "title_summary": link["title_summary"],
                            "received_on": _iso(link["received_on"]),
                            "confidence": link["confidence"],
                            "note": link["note"],
                        },
                        ensure_ascii=False,
                    )
                )
            return
        if not links:
            click.echo("Không có liên kết nào chờ xác nhận.")
            return
        _table(
            ["Số", "Số đến", "Văn bản", "Đơn vị", "Yêu cầu", "Kỳ", "Lý do"],
            [
                [
                    link["id"],
                    link["so_den"],
                    link["number_symbol"],
                    org.unit(link["unit_id"]).name if org.unit(link["unit_id"]) else link["unit_id"],
                    link["source_number_symbol"],
                    link["period"],
                    link["note"],
                ]
                for link in links
            ],
        )

    @main.command("followup")
    @click.option("--json", "as_json", is_flag=True)
    @click.option("--at", "at", default=None, help="hạn tới tính từ ngày này (YYYY-MM-DD)")
    @click.pass_obj
    def followup_cmd(state, as_json, at) -> None:
        """Sổ theo dõi giải quyết văn bản đến."""
        from service.store.followups import followup_json, followup_register

        rt = state.runtime()
        day = _day(at, "--at") or rt.now().date()
        with rt.store.read() as conn:
            rows = [followup_json(r) for r in followup_register(conn, at=day)]
        if as_json:
            for row in rows:
                click.echo(json.dumps(row, ensure_ascii=False))
            return
        _table(
            [
                "Số đến",
                "Văn bản",
                "Cơ quan ban hành",
                "Đơn vị nhận",
                "Thời hạn",
                "Tiến độ",
                "Văn bản trả lời",
            ],
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
