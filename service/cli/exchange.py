"""Commands of the exchange area (liên thông văn bản điện tử, edXML): export, status, send, refuse,
directory."""

from __future__ import annotations

import functools
import getpass
import json
import sys
from pathlib import Path

import click


def register(main: click.Group) -> None:
    """Add this area's commands to `vanthu`."""
    main.add_command(exchange)


def _actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


def _guard(fn):
    """A refused action is shown as its Vietnamese message and code, not a traceback."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        from service.errors import VanthuError

        try:
            return fn(*args, **kwargs)
        except VanthuError as exc:
            raise click.ClickException(f"{exc.message} [{exc.code}] {exc.detail}".rstrip()) from exc

    return wrapper


def _line(obj) -> None:
    click.echo(json.dumps(obj, ensure_ascii=False, default=str))


@click.group()
def exchange() -> None:
    """Liên thông văn bản điện tử (edXML) / electronic exchange between offices."""


@exchange.command("export")
@click.argument("outgoing_id", type=int)
@click.option("--json", "as_json", is_flag=True, help="in ra JSON: các gói tin đã ghi (paths)")
@click.pass_obj
@_guard
def export_cmd(state, outgoing_id: int, as_json: bool) -> None:
    """Gửi văn bản đi OUTGOING_ID dưới dạng gói tin edXML tới từng nơi nhận có mã định danh."""
    from service.exchange.actions import export_outgoing

    rt = state.runtime()
    results = export_outgoing(rt, outgoing_id, actor=_actor())
    messages = [
        {
            "message_id": r.message_id,
            "to": r.to,
            "state": r.state,
            "path": str(rt.data_path(r.path)),
            "error": r.error,
        }
        for r in results
    ]
    if as_json:
        _line({"outgoing_id": outgoing_id, "messages": messages, "paths": [m["path"] for m in messages]})
        return
    if not messages:
        click.echo("Không có nơi nhận nào có mã định danh: không có gói tin nào.")
    for m in messages:
        click.echo(f"{m['to']}: {m['state']}  {m['path']}" + (f"  ({m['error']})" if m["error"] else ""))


@exchange.command("status")
@click.option("--json", "as_json", is_flag=True, help="mỗi gói tin đã gửi một dòng JSON")
@click.pass_obj
def status_cmd(state, as_json: bool) -> None:
    """Các gói tin đã gửi, xác nhận của hệ thống và trạng thái nơi nhận báo lại."""
    from service.exchange.summary import journal_report

    rt = state.runtime()
    with rt.store.read() as conn:
        rows = journal_report(conn)
    for r in rows:
        if as_json:
            _line(r)
            continue
        back = ", ".join(s["label"] for s in r["statuses"])
        what = (
            f"văn bản đi {r['outgoing_id']}" if r["kind"] == "document" else f"trạng thái {r['status_code']}"
        )
        click.echo(f"{r['message_id'][:12]}  {what:<18} → {r['to']:<16} {r['state']:<8} {back}")


@exchange.command("send")
@click.option("--json", "as_json", is_flag=True, help="kết quả dạng JSON")
@click.pass_obj
@_guard
def send_cmd(state, as_json: bool) -> None:
    """Một lượt trao đổi: nhận gói tin về hộp thư đến, gửi các gói tin đang chờ."""
    from service.exchange.rounds import run_round

    fetched, sent = run_round(state.runtime())
    out = {
        "fetched": fetched,
        "sent": [{"message_id": r.message_id, "to": r.to, "state": r.state, "error": r.error} for r in sent],
    }
    if as_json:
        _line(out)
    else:
        click.echo(
            f"{len(fetched)} gói tin nhận về hộp thư đến; {sum(r.state == 'sent' for r in sent)} gói tin đã gửi"
        )


@exchange.command("refuse")
@click.argument("document_id", type=int)
@click.option("--reason", required=True, help="lý do từ chối, gửi lại nơi gửi")
@click.pass_obj
@_guard
def refuse_cmd(state, document_id: int, reason: str) -> None:
    """Từ chối văn bản đến DOCUMENT_ID nhận qua liên thông: báo lại nơi gửi (trạng thái 02)."""
    from service.exchange.actions import refuse_document

    refuse_document(state.runtime(), document_id, reason, actor=_actor())
    click.echo(f"Đã từ chối văn bản {document_id}; nơi gửi sẽ nhận thông báo.")


@exchange.group("directory", invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True, help="kết quả dạng JSON")
@click.pass_context
def directory(ctx: click.Context, as_json: bool) -> None:
    """Danh bạ mã định danh của các cơ quan khác."""
    if ctx.invoked_subcommand is not None:
        return
    from service.store.exchange import list_agencies

    rt = ctx.obj.runtime()
    with rt.store.read() as conn:
        rows = list_agencies(conn)
    for a in rows:
        if as_json:
            _line({"code": a.code, "name": a.name, "source": a.source})
        else:
            click.echo(f"{a.code:<20} {a.name}")


@directory.command("load")
@click.argument("csv_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_obj
def directory_load(state, csv_file: Path) -> None:
    """Nạp danh bạ từ tệp CSV (cột mã định danh và tên); sai một dòng thì không nạp gì."""
    from service.exchange.actions import load_directory

    changed, problems = load_directory(state.runtime(), csv_file.read_bytes(), actor=_actor())
    if problems:
        for p in problems:
            click.echo(p, err=True)
        click.echo("Không nạp danh bạ: sửa các dòng trên rồi nạp lại. [directory_invalid]", err=True)
        sys.exit(1)
    click.echo(f"Đã nạp danh bạ: {changed} cơ quan thêm mới hoặc đổi tên.")
