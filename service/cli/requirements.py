"""Commands of a report requirement (yêu cầu báo cáo): requirement add, edit, confirm, close."""

from __future__ import annotations

from typing import Any

import click

from service.cli.common import DAY, actor


def register(main: click.Group) -> None:
    """Add this area's commands to `vanthu`."""
    main.add_command(requirement_group)


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


@click.group("requirement")
def requirement_group() -> None:
    """Thêm, sửa, xác nhận, đóng một yêu cầu báo cáo."""


_FIELDS = [
    click.option("--source", "source", default=None, help="số, ký hiệu văn bản nguồn, ví dụ 904/KH-UBND"),
    click.option("--what", default=None, help="nội dung phải báo cáo"),
    click.option("--to-whom", "to_whom", default=None, help="nơi nhận báo cáo"),
    click.option(
        "--recurrence",
        type=click.Choice(["once", "yearly", "quarterly", "monthly", "weekly"]),
        default=None,
        help="chu kỳ: một lần, hằng năm, quý, tháng, tuần",
    ),
    click.option("--due", type=DAY, default=None, help="hạn (kỳ đầu tiên)"),
    click.option("--end", type=DAY, default=None, help="ngày kết thúc theo dõi"),
    click.option("--units", default=None, help="mã đơn vị, cách nhau bởi dấu phẩy"),
    click.option("--groups", default=None, help="mã nhóm đơn vị, cách nhau bởi dấu phẩy"),
]


def _with_fields(fn):
    for opt in reversed(_FIELDS):
        fn = opt(fn)
    return fn


@requirement_group.command("add")
@_with_fields
@click.pass_obj
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
        due_date=due,
        end_date=end,
        unit_ids=unit_ids,
        confirmed=True,
    )
    with rt.store.write() as conn:
        new_id = add_requirement(conn, req, now=rt.now(), proposed=False, actor=actor())
    click.echo(f"Đã thêm yêu cầu báo cáo số {new_id}.")


@requirement_group.command("edit")
@click.argument("req_id", type=int)
@_with_fields
@click.pass_obj
def requirement_edit(state, req_id, source, what, to_whom, recurrence, due, end, units, groups) -> None:
    """Sửa yêu cầu báo cáo REQ_ID."""
    from service.store.tracking import update_requirement

    rt = state.runtime()
    changes: dict[str, Any] = {}
    if source is not None:
        changes["source_number_symbol"] = source
    if what is not None:
        changes["what"] = what
    if to_whom is not None:
        changes["to_whom"] = to_whom
    if recurrence is not None:
        changes["recurrence"] = None if recurrence == "once" else recurrence
    if due is not None:
        changes["due_date"] = due
    if end is not None:
        changes["end_date"] = end
    unit_ids = _unit_ids(rt, units, groups)
    if unit_ids is not None:
        changes["unit_ids"] = unit_ids
    if not changes:
        raise click.UsageError("không có gì để sửa")
    with rt.store.write() as conn:
        update_requirement(conn, req_id, now=rt.now(), actor=actor(), **changes)
    click.echo(f"Đã sửa yêu cầu báo cáo số {req_id}.")


@requirement_group.command("confirm")
@click.argument("req_id", type=int)
@click.pass_obj
def requirement_confirm(state, req_id) -> None:
    """Xác nhận yêu cầu báo cáo REQ_ID do máy đề xuất."""
    from service.store.tracking import confirm_requirement

    _write_step(state, confirm_requirement, req_id, "xác nhận")


@requirement_group.command("close")
@click.argument("req_id", type=int)
@click.pass_obj
def requirement_close(state, req_id) -> None:
    """Đóng yêu cầu báo cáo REQ_ID (không theo dõi nữa)."""
    from service.store.tracking import close_requirement

    _write_step(state, close_requirement, req_id, "đóng")


def _write_step(state, step, req_id: int, done: str) -> None:
    """One store step on a requirement (confirm, close), said done in Vietnamese."""
    rt = state.runtime()
    with rt.store.write() as conn:
        step(conn, req_id, now=rt.now(), actor=actor())
    click.echo(f"Đã {done} yêu cầu báo cáo số {req_id}.")
