"""Commands for moving an office in: `vanthu import-register` (sổ đăng ký cũ, Excel).

(`vanthu ingest --archive` registers the office's earlier papers; it is an option of `ingest`.)
"""

from __future__ import annotations

import getpass
import json
import sys
from pathlib import Path

import click


def register(main: click.Group) -> None:
    """Add this area's commands to `vanthu`."""
    main.add_command(import_register)


def _actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):  # no user name in a container
        return "cli"


@click.command("import-register")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--kind",
    type=click.Choice(["incoming", "outgoing"]),
    default=None,
    help="sổ văn bản đến (incoming) hay đi (outgoing); mặc định: nhận ra từ tiêu đề cột",
)
@click.option("--sheet", default=None, help="tên trang tính (mặc định: trang đầu có dữ liệu)")
@click.option("--dry-run", is_flag=True, help="chỉ cho xem sẽ nhập gì, không nhập")
@click.option("--yes", is_flag=True, help="nhập luôn, không hỏi lại")
@click.option("--json", "as_json", is_flag=True, help="kết quả dạng JSON")
@click.pass_obj
def import_register(state, file: Path, kind, sheet, dry_run: bool, yes: bool, as_json: bool) -> None:
    """Nhập sổ đăng ký văn bản đến hoặc đi lập bằng Excel (.xlsx): cho xem trước những dòng sẽ nhập
    và những dòng không đọc được (dòng và lý do), rồi nhập thành mục không kèm tệp."""
    from service.errors import VanthuError
    from service.ingest.register_import import apply_import, prepare_import
    from service.ingest.register_rows import RegisterKind
    from service.text import nfc

    rt = state.runtime()
    try:
        plan = prepare_import(rt, file, kind=RegisterKind(kind) if kind else None, sheet=sheet)
    except VanthuError as exc:
        raise click.ClickException(f"{exc.message} [{exc.code}]") from exc
    if as_json:
        click.echo(json.dumps(_plan_json(plan), ensure_ascii=False, default=str))
    else:
        _show_plan(plan)
    if dry_run or not plan.entries:
        return
    if not yes and not click.confirm(f"Nhập {len(plan.entries)} dòng vào sổ?", default=False, err=True):
        click.echo("Không nhập.", err=True)
        sys.exit(1)
    result = apply_import(rt, plan, source=nfc(file.name), actor=_actor())
    click.echo(f"Đã nhập {len(result.added)} dòng; {len(result.problems)} dòng không nhập.", err=True)


def _plan_json(plan) -> dict:
    return {
        "kind": str(plan.kind),
        "columns": plan.columns,
        "ignored_columns": plan.ignored,
        "entries": [dict(vars(e), recipients=list(getattr(e, "recipients", ()))) for e in plan.entries],
        "problems": [{"row": p.row, "reason": p.reason} for p in plan.problems],
    }


def _show_plan(plan) -> None:
    from service.ingest.register_rows import IncomingLine

    kind = "sổ văn bản đến" if plan.kind == "incoming" else "sổ văn bản đi"
    cols = ", ".join(f"{v} → {k}" for k, v in plan.columns.items())
    click.echo(f"Sổ: {kind}. Cột nhận ra: {cols}")
    if plan.ignored:
        click.echo(f"Cột bỏ qua: {', '.join(plan.ignored)}")
    click.echo(f"Sẽ nhập {len(plan.entries)} dòng:")
    for e in plan.entries:
        if isinstance(e, IncomingLine):
            click.echo(
                f"  dòng {e.row}: số đến {e.so_den}/{e.arrived_on.year}, ngày đến {e.arrived_on:%d/%m/%Y}, "
                f"{e.number_symbol or '—'}, {(e.summary or '')[:60]}"
            )
        else:
            click.echo(
                f"  dòng {e.row}: {e.number_symbol}, ngày {e.issue_date:%d/%m/%Y}, {(e.summary or '')[:60]}"
            )
    click.echo(f"Không đọc được {len(plan.problems)} dòng:")
    for p in plan.problems:
        click.echo(f"  dòng {p.row}: {p.reason}")
