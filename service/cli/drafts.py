"""Commands of the drafts area: draft …, issue, outgoing, archive."""

from __future__ import annotations

import functools
import getpass
import json
from datetime import date

import click


def _actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):  # no user name in a container
        return "cli"


def _guard(fn):
    """A refused action is shown as its Vietnamese message and code, not a traceback."""
    from service.errors import VanthuError

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except VanthuError as exc:
            from service.cli import CommandError

            raise CommandError(exc) from exc

    return wrapper


def _echo(data, as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False))
    else:
        for key, value in data.items():
            click.echo(f"{key}: {value}")


def register(main: click.Group) -> None:
    """Add this area's commands to `vanthu`."""

    @main.group("draft")
    def draft_group() -> None:
        """Tạo dự thảo văn bản (reminder, summary, reply, plan)."""

    def _tracking_kind(kind: str, doc: str):
        @draft_group.command(kind, help=doc)
        @click.option("--requirement", "requirement_id", type=int, required=True, help="requirement id")
        @click.option("--period", default=None, help="period, e.g. 2023, 2023-Q1, 2023-05")
        @click.option("--json", "as_json", is_flag=True)
        @click.pass_obj
        @_guard
        def cmd(state, requirement_id: int, period: str | None, as_json: bool) -> None:
            from service.drafts.service import create_draft

            _echo(
                create_draft(
                    state.runtime(), kind, requirement_id=requirement_id, period=period, actor=_actor()
                ),
                as_json,
            )

    def _document_kind(kind: str, doc: str):
        @draft_group.command(kind, help=doc)
        @click.option("--document", "document_id", type=int, required=True, help="incoming document id")
        @click.option("--json", "as_json", is_flag=True)
        @click.pass_obj
        @_guard
        def cmd(state, document_id: int, as_json: bool) -> None:
            from service.drafts.service import create_draft

            _echo(create_draft(state.runtime(), kind, document_id=document_id, actor=_actor()), as_json)

    _tracking_kind("reminder", "Công văn đôn đốc các đơn vị quá hạn hoặc sắp đến hạn báo cáo.")
    _tracking_kind("summary", "Báo cáo tổng hợp tình hình gửi báo cáo của một kỳ.")
    _document_kind("reply", "Công văn phúc đáp một văn bản đến.")
    _document_kind("plan", "Kế hoạch triển khai kế hoạch của cấp trên.")

    @main.command("issue")
    @click.argument("draft_id", type=int)
    @click.option("--signer", required=True, help="the signer's full name")
    @click.option("--json", "as_json", is_flag=True)
    @click.pass_obj
    @_guard
    def issue_cmd(state, draft_id: int, signer: str, as_json: bool) -> None:
        """Duyệt, cấp số, ký số và ban hành một dự thảo."""
        from service.drafts.service import issue_draft

        _echo(issue_draft(state.runtime(), draft_id, signer=signer, actor=_actor()), as_json)

    @main.command("outgoing")
    @click.option("--year", type=int, default=None)
    @click.option("--json", "as_json", is_flag=True, help="one JSON line per register entry")
    @click.pass_obj
    def outgoing_cmd(state, year: int | None, as_json: bool) -> None:
        """Sổ đăng ký văn bản đi."""
        from service.store.drafts import list_outgoing, outgoing_entry

        rt = state.runtime()
        with rt.store.read() as conn:
            rows = [outgoing_entry(r, rt.zone) for r in list_outgoing(conn, year)]
        for r in rows:
            if as_json:
                click.echo(json.dumps(r, ensure_ascii=False))
            else:
                click.echo(
                    f"{r['number_symbol']:<16} {r['date']}  {r['doc_type'] or '':<10} "
                    f"{r['signer'] or '':<20} {r['title_summary'] or ''}"
                )

    @main.command("archive")
    @click.option("--before", required=True, help="archive documents issued before this day (YYYY-MM-DD)")
    @click.option("--json", "as_json", is_flag=True)
    @click.pass_obj
    @_guard
    def archive_cmd(state, before: str, as_json: bool) -> None:
        """Chuyển văn bản đi đã ban hành vào lưu trữ, kiểm tra mã băm."""
        from service.drafts.service import archive_issued

        try:
            day = date.fromisoformat(before)
        except ValueError as exc:
            raise click.BadParameter(
                f"ngày phải có dạng YYYY-MM-DD: {before!r}", param_hint="--before"
            ) from exc
        moved = archive_issued(state.runtime(), day, actor=_actor())
        if as_json:
            click.echo(json.dumps({"archived": [str(p) for p in moved]}, ensure_ascii=False))
        else:
            for p in moved:
                click.echo(str(p))
            click.echo(f"{len(moved)} thư mục đã chuyển vào lưu trữ")
